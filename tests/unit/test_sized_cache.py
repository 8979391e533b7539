"""The cache of filtered frames keeps the most recently used values within a byte budget."""

import threading

import pandas as pd

from score_dash.ui.context import own_bytes
from score_dash.ui.sized_cache import SizedCache


def length(value: str) -> int:
    return len(value)


def test_values_are_computed_once_and_reused():
    cache: SizedCache[str] = SizedCache(max_entries=4)
    calls = []

    def compute() -> str:
        calls.append(1)
        return "abc"

    assert cache.get("a", compute, length, budget=100) == "abc"
    assert cache.get("a", compute, length, budget=100) == "abc"
    assert len(calls) == 1 and cache.size == 3


def test_the_least_recently_used_go_first_when_over_the_budget():
    cache: SizedCache[str] = SizedCache(max_entries=10)
    cache.get("a", lambda: "x" * 40, length, budget=100)
    cache.get("b", lambda: "x" * 40, length, budget=100)
    cache.get("a", lambda: "never", length, budget=100)  # a used again: b is now the oldest
    cache.get("c", lambda: "x" * 30, length, budget=100)  # 40 + 40 + 30 = 110 > 100
    assert cache.keys() == ["a", "c"] and cache.size == 70


def test_the_number_of_values_is_bounded_too():
    cache: SizedCache[str] = SizedCache(max_entries=2)
    for key in "abc":
        cache.get(key, lambda: "x", length, budget=1000)
    assert cache.keys() == ["b", "c"]


def test_a_value_over_the_budget_on_its_own_is_kept_alone():
    cache: SizedCache[str] = SizedCache(max_entries=10)
    cache.get("a", lambda: "x" * 10, length, budget=50)
    assert cache.get("big", lambda: "x" * 80, length, budget=50) == "x" * 80
    assert cache.keys() == ["big"]
    calls = []
    cache.get("big", lambda: calls.append(1) or "", length, budget=50)
    assert calls == []  # the run that asked for it reuses it


def test_clear_empties_it():
    cache: SizedCache[str] = SizedCache(max_entries=10)
    cache.get("a", lambda: "x", length, budget=10)
    cache.clear()
    assert len(cache) == 0 and cache.size == 0


def test_threads_asking_at_once_share_one_value():
    cache: SizedCache[object] = SizedCache(max_entries=10)
    start = threading.Barrier(4)
    got = []

    def ask():
        start.wait()
        got.append(cache.get("k", object, lambda _: 1, budget=10))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 1
    stored = cache.get("k", object, lambda _: 1, budget=10)
    assert [value is stored for value in got] == [True] * 4


def test_frames_kept_whole_cost_nothing_beyond_their_source():
    whole = pd.DataFrame({"n": [1, 2, 3, 4]})
    source = {"a": whole, "b": whole.copy()}
    filtered = {"a": whole, "b": source["b"].iloc[:2]}
    expected = filtered["b"].memory_usage(deep=True).sum()
    assert own_bytes(filtered, source) == expected
    assert own_bytes(dict(source), source) == 0


def test_rows_taken_from_a_categorical_column_cost_their_codes_not_the_categories():
    names = pd.Categorical(["x" * 500, "y" * 500, "z" * 500])
    source = {"a": pd.DataFrame({"code": names, "n": [1, 2, 3]}, index=pd.Index([10, 20, 40]))}
    filtered = {"a": source["a"].iloc[[0, 2]]}
    # index: two int64 labels (16 bytes); codes: two int8 (2); n: two int64 (16)
    assert own_bytes(filtered, source) == 16 + 2 + 16
