"""Upload of data: the Excel/CSV template, validation and the all-or-nothing import.

An upload goes through these stages, one module each:

- `read`: decide what the file is and read its raw rows per sheet, or refuse the whole file
  (`FileRejected`) with a plain message: too large, not .xlsx or .csv, macros, encrypted,
  damaged, a zip bomb. It also reads the demo mark (`layout`), which survives a save by a
  spreadsheet program.
- `parse`: match each sheet's header to the data dictionary, set example rows aside and turn
  every cell into its dictionary type (`check.cells`).
- `check`: every rule, each with a name: within a cell (`check.cells`), within the file
  (`check.rows`) and against the database (`check.database`). `check_file()` runs them all
  and counts the rows the upload would add and change (`plan`); it writes nothing.
- `write`: `apply_import()` writes in one transaction: inserts new rows, updates changed rows
  by natural key, never deletes. Imports are serialised (PostgreSQL: an advisory transaction
  lock; SQLite: BEGIN IMMEDIATE) and the checks run again under the lock, so two imports
  never interleave. Every attempt is recorded in `import_batches` (`audit`).

Beside the flow: `report` holds the value types of the outcome (`ImportReport`, `Problem`),
`template` the .xlsx template and the export of all data in the same format (export ->
import into an empty database reproduces it), and `annotate` the copy of an upload with its
problems marked. `layout` holds what these agree on (sheet names, the example column).
"""

from score_dash.ingest.annotate import annotate_workbook
from score_dash.ingest.audit import import_count
from score_dash.ingest.check.upload import check_file
from score_dash.ingest.layout import (
    EXAMPLE_COLUMN,
    EXAMPLE_TEXT,
    INSTRUCTIONS,
    LISTS,
    VALIDATION_SHEET,
    table_for_sheet,
)
from score_dash.ingest.parse import ParsedUpload, SheetData, parse_upload
from score_dash.ingest.read import MAX_ROWS, FileRejected, size_refusal
from score_dash.ingest.report import ImportReport, Problem, Severity
from score_dash.ingest.template import build_template, export_all
from score_dash.ingest.write import LOCK_KEY, apply_import

__all__ = [
    "EXAMPLE_COLUMN",
    "EXAMPLE_TEXT",
    "INSTRUCTIONS",
    "LISTS",
    "LOCK_KEY",
    "MAX_ROWS",
    "VALIDATION_SHEET",
    "FileRejected",
    "ImportReport",
    "ParsedUpload",
    "Problem",
    "Severity",
    "SheetData",
    "annotate_workbook",
    "apply_import",
    "build_template",
    "check_file",
    "export_all",
    "import_count",
    "parse_upload",
    "size_refusal",
    "table_for_sheet",
]
