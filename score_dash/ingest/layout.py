"""What the template, the reader and the annotated copy agree on.

The names of the sheets that hold no table, the column that marks example rows, what counts as
an empty cell, which table a sheet holds (its name or title, in any case), the demo mark, and
the yes/no formulas a spreadsheet program saves.
"""

from __future__ import annotations

from typing import Any

from score_dash.core.dictionary import TABLES

EXAMPLE_COLUMN = "example"
EXAMPLE_TEXT = "EXAMPLE: this row is ignored on import"
INSTRUCTIONS = "Instructions"
LISTS = "Lists"
VALIDATION_SHEET = "Validation report"


def normalise_name(name: str) -> str:
    """A name as compared: lower case, "_" as a space, spaces collapsed."""
    return " ".join(name.strip().lower().replace("_", " ").split())


def table_for_sheet(name: str) -> str | None:
    """The table a sheet (or CSV file stem) holds: its name or title, any case."""
    wanted = normalise_name(name)
    for table in TABLES:
        if wanted in (normalise_name(table.name), normalise_name(table.title)):
            return table.name
    return None


def is_blank(value: Any) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


# A workbook exported from a database holding the illustrative demo data is marked twice: by
# DEMO_LINE in a cell of its Instructions sheet (below the title, row DEMO_ROW), which a
# spreadsheet program saves as it is, and by DEMO_KEYWORD in its document properties, which
# LibreOffice Calc rewrites (it drops the colon) and other programs may drop. The importer
# reads the cell first and the keyword (letters and digits only) after it: a file with either
# mark is the demo, so that demo rows and the programme's real records are never mixed.
DEMO_KEYWORD = "score-dashboard: illustrative demo data"
DEMO_LINE = (
    "This workbook holds the ILLUSTRATIVE DEMO DATA (fictional enterprises). It can be "
    "imported only into an empty database or one that holds the demo."
)
DEMO_ROW = 2
DEMO_ROWS_READ = 5  # the mark is looked for in column A of the Instructions sheet's first rows


def is_demo_line(value: Any) -> bool:
    """Whether a cell holds the demo mark (spaces and line breaks as typed do not matter)."""
    return isinstance(value, str) and " ".join(value.split()) == DEMO_LINE


def is_demo_keyword(keywords: str | None) -> bool:
    """Whether document keywords hold the demo keyword, however punctuation was rewritten."""
    return bool(keywords) and _letters(DEMO_KEYWORD) in _letters(str(keywords))


def _letters(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


# Yes/no as LibreOffice Calc saves it: the formulas =TRUE() and =FALSE() (with their result,
# which the reader takes; a program that stores no result leaves only the formula).
BOOL_FORMULAS = {"=TRUE()": True, "=TRUE": True, "=FALSE()": False, "=FALSE": False}


def bool_formula(value: Any) -> bool | None:
    """The constant a yes/no formula stands for, or None for anything else."""
    if not isinstance(value, str):
        return None
    return BOOL_FORMULAS.get("".join(value.split()).upper())
