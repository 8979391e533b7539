"""README.md's generated tables (pages, settings, commands) are those the code writes now,
and they cover every page, setting and command."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from score_dash import config
from score_dash.cli import build_parser
from score_dash.pages.registry import PAGES

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import readme_tables  # noqa: E402  (scripts/ is not a package)


def _commands(parser: argparse.ArgumentParser, prefix: str) -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, f"{prefix} {name}") or [f"{prefix} {name}"]
    return found


def test_the_readme_holds_the_tables_the_code_writes():
    cog = Path(sys.executable).with_name("cog")
    done = subprocess.run(
        [str(cog), "--check", "-I", "scripts", "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr + "\nrun: make format"


def test_the_tables_name_every_page_setting_and_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in PAGES:
        assert f"| {page.title} | `/{page.name}` |" in readme
    for setting in config.SETTINGS:
        assert f"| `{setting.env}` |" in readme
    # Every command of the parser, sub-commands included (`notes list` was once missing).
    for command in _commands(build_parser(), "python -m score_dash"):
        assert f"\n{command} " in readme, command
    assert "python -m score_dash notes list [--role" in readme


def test_the_database_default_is_shown_from_the_repository_not_this_machine():
    assert f"{config.ROOT}/" not in readme_tables.settings_table()
    assert "`sqlite:///data/score.db`" in readme_tables.settings_table()
