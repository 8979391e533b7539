"""The README's tables, written from the code by cogapp (`make check` runs `cog --check`).

README.md holds `[[[cog ... ]]]` blocks that call these functions; `cog -r -I scripts
README.md` rewrites what they print, and `tests/unit/test_readme.py` fails while the README
differs. The pages come from `pages.registry.PAGES`, the settings from `config.SETTINGS`, the
command line from `cli.build_parser`.
"""

from __future__ import annotations

import argparse
import inspect

from score_dash import cli, config
from score_dash.pages.registry import PAGES


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def pages_table() -> str:
    """One row per page, in review order: its address, section, own URL parameters, who
    opens it, and what it holds (the first line of its report builder's module)."""
    rows = [
        "| page | address | section | own parameters | holds |",
        "|---|---|---|---|---|",
    ]
    for page in PAGES:
        module = inspect.getmodule(page.build_report)
        holds = (module.__doc__ or "").strip().splitlines()[0] if module else ""
        if page.staff_only:
            holds += " Staff only."
        choices = ", ".join(f"`{choice}`" for choice in page.choices) or "-"
        rows.append(
            f"| {page.title} | `/{page.name}` | {page.section} | {choices} | {_cell(holds)} |"
        )
    return "\n".join(rows)


def settings_table() -> str:
    """One row per setting: its name, default and help."""
    rows = ["| setting | default | meaning |", "|---|---|---|"]
    for setting in config.SETTINGS:
        # The database's default path is absolute; the README shows it from the repository.
        default = setting.default.replace(f"{config.ROOT}/", "")
        shown = f"`{default}`" if default else "(empty)"
        rows.append(f"| `{setting.env}` | {shown} | {_cell(setting.help)} |")
    return "\n".join(rows)


def _usages(parser: argparse.ArgumentParser) -> list[str]:
    """Each command's usage on one line, with its help as a comment, sub-commands included."""
    lines = []
    for action in parser._actions:  # argparse keeps its sub-commands only here
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
        for name, sub in action.choices.items():
            if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                lines.extend(_usages(sub))
                continue
            sub.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=1000)
            usage = sub.format_usage().removeprefix("usage: ").replace(" [-h]", "").strip()
            lines.append(f"{usage}  # {helps.get(name, '')}")
    return lines


def cli_usage() -> str:
    """The command line's usage, one line per command, as a bash block."""
    return "\n".join(["```bash", *_usages(cli.build_parser()), "```"])
