"""The package's structure, held by tests: imports form a tree, the layers of pyproject.toml's
import-linter contracts hold (and the contracts break on an import across them), and every
page is listed once.

Imports are read from the source with `ast`, function-level imports included, so a
dependency cannot hide inside a function.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from score_dash.pages.registry import PAGES

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
    source.write_text("import os\n\ndef f():\n    from score_dash.core import excel\n")
    assert imported_modules(source) == [("os", 1, False), ("score_dash.core.excel", 4, True)]


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


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter's contracts (pyproject.toml) over the package found in `root`."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
        ],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root), "COLUMNS": "400", "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layers_contract_holds():
    """`make check` runs the same; here it also runs with the tests."""
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "module, line, broken",
    [
        # The leak the old module lists missed: a metric that reads the meetings' storage.
        ("metrics/overview.py", "from score_dash.meetings import minutes", "Layers"),
        ("metrics/coverage.py", "from score_dash.store import db", "Layers"),
        ("core/periods.py", "from score_dash.access import policy", "Layers"),
        ("charts/common.py", "import streamlit", "Streamlit only in the UI layer"),
        ("metrics/gender.py", "import os", "Metrics and charts are pure"),
    ],
)
def test_the_contracts_fail_on_an_import_across_a_layer(tmp_path, module, line, broken):
    shutil.copytree(PACKAGE, tmp_path / "score_dash", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    target = tmp_path / "score_dash" / module
    target.write_text(f"{line}\n{target.read_text(encoding='utf-8')}", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    broken_lines = [text for text in result.stdout.splitlines() if text.endswith("BROKEN")]
    assert any(text.startswith(broken) for text in broken_lines), result.stdout


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


# What protects a viewer (score_dash/access/, and the meetings' records' cut in
# meetings/minutes.py): called by the one assembly of a page's report and nowhere else, so a
# figure is withheld from every route (screen, Excel, command line, pack) or from none.
PROTECTION = frozenset(
    {
        "restrict",
        "restrict_sheet",
        "protect_view",
        "estimate_sex",
        "for_viewer",
        "build_publication",
    }
)
ASSEMBLY = PACKAGE / "pages" / "assembly.py"


def protection_calls(path: Path) -> list[str]:
    """`name:line` of every call of a function in `PROTECTION` (as `x.name(...)` or
    `name(...)`) in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in PROTECTION:
            found.append(f"{name}:{node.lineno}")
    return found


def test_the_protection_finder_finds_both_kinds_of_call(tmp_path):
    source = tmp_path / "x.py"
    source.write_text(
        "from score_dash.access import policy\n"
        "from score_dash.access.disclosure import estimate_sex\n"
        "policy.restrict(r, role, 3)\n"
        "estimate_sex(frames, 3)\n"
        "policy.can_see_enterprises(role)\n"
    )
    assert protection_calls(source) == ["restrict:3", "estimate_sex:4"]


def test_only_the_assembly_applies_the_protection():
    """Outside the modules that define it, only `score_dash/pages/assembly.py` calls what
    protects a viewer; the app and the pages call the assembly."""
    defining = {*(PACKAGE / "access").glob("*.py"), PACKAGE / "meetings" / "minutes.py"}
    paths = [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *PACKAGE.rglob("*.py")]
    elsewhere = {
        str(path.relative_to(ROOT)): calls
        for path in paths
        if path not in defining and path != ASSEMBLY and (calls := protection_calls(path))
    }
    assert elsewhere == {}
    assert len(protection_calls(ASSEMBLY)) >= 4  # select and assemble do call it
