"""The package's structure, held by tests: imports form a tree, Streamlit stays in the UI
layer, metrics are pure functions of their arguments, and every page is listed once.

Imports are read from the source with `ast`, function-level imports included, so a
dependency cannot hide inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from score_dash.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "score_dash"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function or class) for every import in a file.

    `from score_dash.metrics import overview` names the submodule `score_dash.metrics.overview`
    when that module exists, else the package itself.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            nested.update(id(child) for child in ast.walk(node) if child is not node)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in MODULES
                else node.module
                for alias in node.names
            ]
        else:
            continue
        found.extend((name, node.lineno, id(node) in nested) for name in names)
    return found


def graph() -> dict[str, set[str]]:
    return {
        name: {target for target, _, _ in imported_modules(path) if target in MODULES}
        for name, path in MODULES.items()
    }


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first == last), or None (depth-first search)."""
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_accepts_a_tree():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_import_reader_sees_imports_inside_functions(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("import os\n\ndef f():\n    from score_dash import export\n")
    assert imported_modules(source) == [("os", 1, False), ("score_dash.export", 4, True)]


def test_imports_in_score_dash_form_a_tree():
    assert find_cycle(graph()) is None, f"import cycle: {' -> '.join(find_cycle(graph()))}"


def test_no_module_hides_an_import_of_the_package_inside_a_function():
    hidden = [
        f"{name}:{line} imports {target}"
        for name, path in MODULES.items()
        for target, line, inside in imported_modules(path)
        if inside and target.startswith("score_dash")
    ]
    assert hidden == []


def streamlit_importers(paths: list[Path]) -> list[str]:
    return [
        str(path.relative_to(ROOT))
        for path in paths
        if any(t.split(".")[0] == "streamlit" for t, _, _ in imported_modules(path))
    ]


def test_only_the_ui_layer_app_and_pages_import_streamlit():
    outside_ui = [p for p in MODULES.values() if "ui" not in p.relative_to(PACKAGE).parts[:1]]
    assert streamlit_importers(outside_ui) == []
    # The check itself sees Streamlit where it is used.
    assert "app.py" in streamlit_importers([ROOT / "app.py"])


@pytest.mark.parametrize(
    "layer, forbidden",
    [
        # Metrics are pure functions of frames and parameters: no settings, no storage, no
        # writing, no UI, nothing above them.
        (
            "score_dash.metrics",
            (
                "score_dash.config",
                "score_dash.db",
                "score_dash.queries",
                "score_dash.export",
                "score_dash.ingest",
                "score_dash.pages",
                "score_dash.cli",
                "score_dash.ui",
                "os",
            ),
        ),
        ("score_dash.charts", ("score_dash.config", "score_dash.db", "score_dash.ui", "os")),
        ("score_dash.reports", ("score_dash",)),
        ("score_dash.export", ("score_dash.metrics", "score_dash.pages", "score_dash.ui")),
    ],
)
def test_layers_import_nothing_they_must_not(layer, forbidden):
    wrong = [
        f"{name}:{line} imports {target}"
        for name, path in MODULES.items()
        if name == layer or name.startswith(layer + ".")
        for target, line, _ in imported_modules(path)
        if any(target == f or target.startswith(f + ".") for f in forbidden)
    ]
    assert wrong == []


def test_no_metrics_module_reads_settings_or_the_environment():
    for path in (PACKAGE / "metrics").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for needle in ("get_config", "os.environ", "getenv", "st.secrets"):
            assert needle not in text, f"{path.name} reads configuration ({needle})"


def test_nothing_below_export_imports_it():
    users = {
        name
        for name, path in MODULES.items()
        if any(t == "score_dash.export" for t, _, _ in imported_modules(path))
    }
    assert users <= {"score_dash.cli", "score_dash.ingest"} | {
        name for name in MODULES if name.startswith(("score_dash.ui", "score_dash.ingest."))
    }, users


def test_every_page_file_is_listed_once_and_every_listed_page_has_its_file():
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py"))
    listed = [page.file for page in PAGES]
    assert sorted(listed) == files
    assert len(set(listed)) == len(listed)
    assert not (ROOT / "pages").exists(), "a pages/ folder puts Streamlit in its old folder mode"


CACHES = ("cache_data", "cache_resource")


def unbounded_caches(path: Path) -> list[str]:
    """`file:line` of every `st.cache_data` / `st.cache_resource` with neither `max_entries`
    nor `ttl`: a cache that grows for as long as the process runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in CACHES
    ]
    called = {id(call.func) for call in calls}
    bare = [  # `@st.cache_data` without arguments
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in CACHES and id(node) not in called
    ]
    bounded = {"max_entries", "ttl"}
    return [
        f"{path.name}:{node.lineno}"
        for node in [*bare, *(c for c in calls if not bounded & {k.arg for k in c.keywords})]
    ]


def test_the_cache_check_finds_an_unbounded_cache(tmp_path):
    source = tmp_path / "x.py"
    source.write_text(
        "import streamlit as st\n\n"
        "@st.cache_data\ndef a(): ...\n\n"
        "@st.cache_resource(show_spinner=False)\ndef b(): ...\n\n"
        "@st.cache_data(ttl=30)\ndef c(): ...\n\n"
        "@st.cache_resource(max_entries=2)\ndef d(): ...\n"
    )
    assert sorted(unbounded_caches(source)) == ["x.py:3", "x.py:6"]


def test_every_streamlit_cache_is_bounded():
    """A long-running server must not grow without limit: every cache has a bound."""
    paths = [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *PACKAGE.rglob("*.py")]
    assert [found for path in paths for found in unbounded_caches(path)] == []
