"""The outcome of checking or importing one upload: its problems, counts and wording.

`Problem` locates one thing wrong as Excel shows it; `ImportReport` holds every problem found
and the rows written (or that would be), and words them for the Data page and the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

import pandas as pd

from score_dash.core.dictionary import TABLES
from score_dash.core.i18n import N_, t
from score_dash.ingest.layout import table_for_sheet

Severity = Literal["error", "warning"]


@dataclass
class Problem:
    """One thing wrong with an upload, located as Excel shows it (header = row 1)."""

    sheet: str
    row: int | None
    column: str
    value: object
    message: str
    severity: Severity = "error"

    def location(self) -> str:
        parts = [f"sheet {self.sheet}" if self.sheet else "file"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass
class ImportReport:
    """Everything found in one upload, and what was (or would be) written."""

    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    changed: dict[str, int] = field(default_factory=dict)
    outcome: str = "checked"  # checked | imported | unchanged | rejected
    message: str = ""
    examples_ignored: int = 0
    data_version: int | None = None  # the version an import made
    previous_import: str = ""  # "2016-08-01 10:00 by anna" when this file was imported before

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def unchanged(self) -> bool:
        """Nothing would change (e.g. the same file was already imported)."""
        return self.ok and not any(self.added.values()) and not any(self.changed.values())

    def summary(self) -> str:
        """One sentence: the outcome in plain words."""
        added, changed = sum(self.added.values()), sum(self.changed.values())
        if self.outcome == "imported":
            return t("Imported {file}: {added} rows added, {changed} rows changed.").format(
                file=self.file_name, added=added, changed=changed
            )
        if self.outcome == "rejected":
            reason = self.message or t("the file has errors.")
            return t("Nothing was written: {reason}").format(reason=reason)
        if not self.ok:
            return t(
                "{count} errors must be corrected before anything can be imported; nothing was "
                "written."
            ).format(count=len(self.errors))
        if self.unchanged and self.previous_import:
            return t(
                "Nothing to change: the database already holds every row of this file (this "
                "file was imported on {when})."
            ).format(when=self.previous_import)
        if self.unchanged:
            return t("Nothing to change: the database already holds every row of this file.")
        text = t("Ready to import: {added} rows to add, {changed} rows to change.").format(
            added=added, changed=changed
        )
        if self.warnings:
            warnings = t("{count} warnings must be accepted first.")
            text += " " + warnings.format(count=len(self.warnings))
        return text

    def to_text(self) -> str:
        """The report as the command line prints it."""
        done = self.outcome == "imported"
        lines = [
            f"File: {self.file_name} (SHA-256 {self.sha256[:16]}...)",
            self.summary(),
            f"{len(self.errors)} errors, {len(self.warnings)} warnings.",
        ]
        if self.examples_ignored:
            lines.append(f"{self.examples_ignored} example rows ignored.")
        for title, counts in (
            ("added" if done else "to add", self.added),
            ("changed" if done else "to change", self.changed),
        ):
            nonzero = {t: n for t, n in counts.items() if n}
            if nonzero:
                lines.append(f"Rows {title}: " + ", ".join(f"{t} {n}" for t, n in nonzero.items()))
        for problem in self.problems:
            value = "" if problem.value is None else f' "{problem.value}"'
            lines.append(
                f"  {problem.severity.upper():7} {problem.location()}{value}: {problem.message}"
            )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The problems as a table (what the Data page shows)."""
        rows = [
            {
                N_("Severity"): p.severity,
                N_("Sheet"): p.sheet,
                N_("Row"): p.row,
                N_("Column"): p.column,
                N_("Value"): "" if p.value is None else str(p.value),
                N_("Problem"): p.message,
            }
            for p in self.problems
        ]
        frame = pd.DataFrame(
            rows, columns=["Severity", "Sheet", "Row", "Column", "Value", "Problem"]
        )
        frame["Row"] = frame["Row"].astype("Int64")
        return frame

    def preview_frame(self) -> pd.DataFrame:
        """Rows to add and change per table."""
        tables = [t.name for t in TABLES if self.added.get(t.name) or self.changed.get(t.name)]
        return pd.DataFrame(
            {
                N_("Table"): tables,
                N_("Rows to add"): [self.added.get(t, 0) for t in tables],
                N_("Rows to change"): [self.changed.get(t, 0) for t in tables],
            }
        )


def shown(value: Any) -> str:
    """A value as messages show it: 12 not 12.0, dates as YYYY-MM-DD."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Errors first, then file-wide problems, then by table (dictionary order) and row.

    The sort is stable: problems of one row stay in the order the checks found them.
    """
    order = {t.name: i for i, t in enumerate(TABLES)}
    return sorted(
        problems,
        key=lambda p: (
            p.severity != "error",
            p.sheet != "",
            order.get(table_for_sheet(p.sheet) or "", 99),
            p.row or 0,
        ),
    )
