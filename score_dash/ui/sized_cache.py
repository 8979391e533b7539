"""A cache bounded by the memory its values take, for the filtered frames.

Streamlit's caches bound the number of entries (`max_entries`). One filter state's frames
take from a few kilobytes at demo scale to over 100 MB at 50,000 enterprises, so a count
that suits the demo lets a process that serves many filter states grow past a gigabyte
(bench/results.md). This cache keeps the most recently used values whose sizes add up to
at most a budget, and at most `max_entries` of them. The value just stored is always kept,
however large: the run that asked for it is about to use it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class SizedCache(Generic[V]):
    """Least recently used values, within `budget` bytes and `max_entries` values."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, compute: Callable[[], V], size_of: Callable[[V], int], budget: int
    ) -> V:
        """The value under `key`, computed (outside the lock) and stored with its size
        (`size_of`, in bytes) when missing; older values are dropped until the rest fit
        within `budget` bytes and `max_entries`."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key][0]
        value = compute()
        size = size_of(value)
        with self._lock:
            if key in self._entries:  # another thread stored it meanwhile: share that one
                self._entries.move_to_end(key)
                return self._entries[key][0]
            self._entries[key] = (value, size)
            while len(self._entries) > 1 and (
                len(self._entries) > self.max_entries or self.size > budget
            ):
                self._entries.popitem(last=False)
        return value

    @property
    def size(self) -> int:
        """Bytes held, as counted when each value was stored."""
        return sum(size for _, size in self._entries.values())

    def keys(self) -> list[Hashable]:
        """The keys held, least recently used first."""
        with self._lock:
            return list(self._entries)

    def values(self) -> list[V]:
        """The values held, least recently used first."""
        with self._lock:
            return [value for value, _ in self._entries.values()]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
