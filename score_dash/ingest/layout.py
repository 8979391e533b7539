"""What the template, the reader and the annotated copy agree on.

The names of the sheets that hold no table, the column that marks example rows, what counts as
an empty cell, and which table a sheet holds (its name or title, in any case).
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


# A workbook exported from a database holding the illustrative demo data says so in its
# document properties (keywords), and in words on its Instructions sheet; the importer reads
# the keyword so that demo rows and the programme's real records are never mixed.
DEMO_KEYWORD = "score-dashboard: illustrative demo data"
DEMO_LINE = (
    "This workbook holds the ILLUSTRATIVE DEMO DATA (fictional enterprises). It can be "
    "imported only into an empty database or one that holds the demo."
)
