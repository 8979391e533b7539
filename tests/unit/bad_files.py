"""Upload files generated in code: a good file and a corpus of bad ones (no binaries).

Every bad case names the problem the importer must report: severity, sheet, Excel row,
column and the exact message. The files refer to the demo database (enterprise E00001 with
its Module 1 enrolment of 2011-11-11, periods 2011-H1 to 2017-H2, cluster Faridabad).
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from openpyxl import Workbook

Rows = list[list[object]]

WORKFORCE = ["enterprise", "period", "role", "employment", "total", "female", "male"]
ENROLMENT = [
    "enterprise",
    "module",
    "trainer",
    "enrolled_date",
    "baseline_date",
    "classroom_date",
    "visit1_date",
    "completed_date",
    "dropped_date",
    "satisfaction_pct",
]
ENTERPRISE = [
    "enterprise",
    "name",
    "cluster",
    "sector",
    "latitude",
    "longitude",
    "size_band",
    "women_owned",
    "joined_date",
]
KPI = ["enterprise", "kpi", "period", "value", "is_baseline", "reported_date"]
CLUSTER = ["cluster", "city", "district", "state", "sector", "latitude", "longitude", "phase"]
PERIOD = ["period", "start_date", "end_date", "review_date"]


def xlsx(sheets: dict[str, Rows]) -> bytes:
    """A workbook with one sheet per entry; the first row of each is the header."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workforce_row(**changes: object) -> list[object]:
    row = {
        "enterprise": "E00001",
        "period": "2017-H2",
        "role": "worker",
        "employment": "permanent",
        "total": 25,
        "female": 4,
        "male": 21,
    }
    row.update(changes)
    return [row[c] for c in WORKFORCE]


def workforce_file(*rows: list[object], header: list[str] = WORKFORCE) -> bytes:
    return xlsx({"workforce": [header, *rows]})


def enrolment_row(**changes: object) -> list[object]:
    row = {
        "enterprise": "E00001",
        "module": "M1",
        "trainer": "T014",
        "enrolled_date": date(2011, 11, 11),
        "baseline_date": date(2011, 11, 23),
        "classroom_date": date(2011, 12, 7),
        "visit1_date": date(2012, 1, 4),
        "completed_date": date(2012, 4, 7),
        "dropped_date": None,
        "satisfaction_pct": 80,
    }
    row.update(changes)
    return [row[c] for c in ENROLMENT]


def new_enterprise_row(code: str = "E90001") -> list[object]:
    return [
        code,
        "New Forge Ltd (test)",
        "Faridabad",
        "Forging",
        28.4,
        77.3,
        "50-99",
        False,
        date(2018, 1, 10),
    ]


def good_file() -> bytes:
    """Adds a half-year, a new enterprise and its reports, and corrects one existing row."""
    return xlsx(
        {
            "periods": [
                PERIOD,
                ["2018-H1", date(2018, 1, 1), date(2018, 6, 30), date(2018, 8, 14)],
            ],
            "enterprises": [ENTERPRISE, new_enterprise_row()],
            "enrolments": [
                ENROLMENT,
                enrolment_row(
                    enterprise="E90001",
                    enrolled_date=date(2018, 1, 15),
                    baseline_date=date(2018, 1, 25),
                    classroom_date=None,
                    visit1_date=None,
                    completed_date=None,
                    satisfaction_pct=None,
                ),
            ],
            "workforce": [
                WORKFORCE,
                workforce_row(total=26, female=5),  # existing row: changed
                workforce_row(enterprise="E90001", period="2018-H1", total=60, female=20, male=40),
                workforce_row(period="2018-H1", total=27, female=5, male=22),
            ],
            "kpi_observations": [
                KPI,
                ["E90001", "productivity", "2018-H1", 100, True, date(2018, 7, 20)],
                ["E00001", "productivity", "2018-H1", 131.5, False, date(2018, 7, 30)],
            ],
        }
    )


GOOD_ADDED = {
    "periods": 1,
    "enterprises": 1,
    "enrolments": 1,
    "workforce": 2,
    "kpi_observations": 2,
}
GOOD_CHANGED = {"workforce": 1}


def zip_with(base: bytes, extra: dict[str, bytes]) -> bytes:
    """A copy of a zip archive with extra members."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def million_empty_rows() -> bytes:
    """A workforce sheet with one bad row, then a million empty but formatted rows."""
    base = workforce_file(workforce_row(total=-3))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.decode().split("</sheetData>")
                head = head.replace('<dimension ref="A1:G2"/>', '<dimension ref="A1:G1000002"/>')
                with target.open(item.filename, "w") as sheet:
                    sheet.write(head.encode())
                    chunk = []
                    for row in range(3, 1_000_003):
                        chunk.append(
                            f'<row r="{row}"><c r="A{row}" s="0"/><c r="B{row}" s="0"/></row>'
                        )
                        if len(chunk) == 10_000:
                            sheet.write("".join(chunk).encode())
                            chunk = []
                    sheet.write("".join(chunk).encode())
                    sheet.write(("</sheetData>" + tail).encode())
            else:
                target.writestr(item, data)
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Case:
    """One bad upload and the problem it must produce."""

    name: str
    file_name: str
    build: Callable[[], bytes]
    expected: tuple[str, str, int | None, str, str]  # severity, sheet, row, column, message
    max_mb: int = 20


# One date for the whole run, read when the corpus is built: the file is built when its test
# runs and the expected message when the tests are collected, and a run that crossed
# midnight gave them dates a day apart. Forty days ahead is in the future all run long.
FUTURE = date.today() + timedelta(days=40)


FILE = "file"
DAMAGED = (
    "The workbook is damaged and cannot be opened. Open it in Excel, save it again as .xlsx "
    "and upload that file."
)

CASES: tuple[Case, ...] = (
    Case(
        "renamed csv",
        "data.xlsx",
        lambda: b"enterprise,period\nE00001,2017-H2\n",
        (
            "error",
            "",
            None,
            "",
            "The file is named .xlsx but is not an Excel workbook: it looks like a text (CSV) "
            "file that was renamed. Upload it with the .csv extension, or open it in Excel and "
            "save it as .xlsx.",
        ),
    ),
    Case(
        "old xls",
        "data.xls",
        lambda: OLE + b"\x00" * 2000,
        (
            "error",
            "",
            None,
            "",
            "This is an old Excel 97-2003 workbook (.xls). Open it in Excel, save it as "
            '"Excel Workbook (.xlsx)" and upload that file.',
        ),
    ),
    Case(
        "xls renamed xlsx",
        "data.xlsx",
        lambda: OLE + b"\x00" * 2000,
        (
            "error",
            "",
            None,
            "",
            "The file is named .xlsx but is an old Excel 97-2003 workbook (.xls). Open it in "
            'Excel, save it as "Excel Workbook (.xlsx)" and upload that file.',
        ),
    ),
    Case(
        "encrypted",
        "data.xlsx",
        lambda: OLE + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512,
        (
            "error",
            "",
            None,
            "",
            "The workbook is password-protected (encrypted). Remove the password in Excel "
            "(File > Info > Protect Workbook > Encrypt with Password: clear it), save and "
            "upload again.",
        ),
    ),
    Case("corrupt xlsx", "data.xlsx", lambda: good_file()[:3000], ("error", "", None, "", DAMAGED)),
    Case(
        "xlsm name",
        "data.xlsm",
        good_file,
        (
            "error",
            "",
            None,
            "",
            'Macro-enabled workbooks (.xlsm) are not accepted. Save the workbook as "Excel '
            'Workbook (.xlsx)" and upload that file.',
        ),
    ),
    Case(
        "macros inside",
        "data.xlsx",
        lambda: zip_with(good_file(), {"xl/vbaProject.bin": b"\x00" * 100}),
        (
            "error",
            "",
            None,
            "",
            'The workbook contains macros. Save it as "Excel Workbook (.xlsx)", which removes '
            "them, and upload that file.",
        ),
    ),
    Case(
        "too big",
        "data.xlsx",
        lambda: zip_with(good_file(), {"docProps/pad.bin": random.Random(1).randbytes(1_600_000)}),
        (
            "error",
            "",
            None,
            "",
            "The file is 1.5 MB; the largest upload accepted is 1 MB. Split it into several files.",
        ),
        max_mb=1,
    ),
    Case(
        "zip bomb",
        "data.xlsx",
        lambda: zip_with(good_file(), {"xl/media/zeros.bin": b"\x00" * 25_000_000}),
        (
            "error",
            "",
            None,
            "",
            "The workbook expands to 24 MB when opened, more than 20 MB. Delete unused rows "
            "and formatting, or split it.",
        ),
        max_mb=1,
    ),
    Case(
        "zip not workbook",
        "data.xlsx",
        lambda: _plain_zip(),
        (
            "error",
            "",
            None,
            "",
            "The file is a zip archive but not an Excel workbook (it has no workbook inside).",
        ),
    ),
    Case(
        "pdf",
        "report.pdf",
        lambda: b"%PDF-1.4 ...",
        (
            "error",
            "",
            None,
            "",
            'Only Excel workbooks (.xlsx) and CSV files (.csv) are accepted, not "pdf".',
        ),
    ),
    Case("empty", "data.xlsx", lambda: b"", ("error", "", None, "", "The file is empty.")),
    Case(
        "csv unknown table",
        "numbers.csv",
        lambda: b"a,b\n1,2\n",
        (
            "error",
            "",
            None,
            "",
            "Cannot tell which table this CSV file holds: name the file after the table (e.g. "
            'workforce.csv) or make its first line "table: workforce".',
        ),
    ),
    Case(
        "csv names unknown table",
        "upload.csv",
        lambda: b"table: salaries\na,b\n1,2\n",
        (
            "error",
            "",
            None,
            "",
            'The first line names the table "salaries", which is not a table of the template '
            "(see the Instructions sheet for the names).",
        ),
    ),
    Case(
        "csv that is a workbook",
        "workforce.csv",
        good_file,
        (
            "error",
            "",
            None,
            "",
            "The file is named .csv but is an Excel workbook. Rename it to .xlsx, or save it "
            "from Excel as CSV.",
        ),
    ),
    Case(
        "no table sheet",
        "data.xlsx",
        lambda: xlsx({"Sheet1": [["a"], [1]]}),
        (
            "error",
            "",
            None,
            "",
            "The workbook has no sheet named after a table of the template (e.g. workforce, "
            "kpi_observations). Download the template to see the sheet names.",
        ),
    ),
    Case(
        "missing required column",
        "data.xlsx",
        lambda: workforce_file(
            workforce_row()[:4] + workforce_row()[5:], header=[c for c in WORKFORCE if c != "total"]
        ),
        ("error", "workforce", 1, "total", 'Required column "total" is missing.'),
    ),
    Case(
        "unknown column",
        "data.xlsx",
        lambda: workforce_file([*workforce_row(), 3], header=[*WORKFORCE, "totl"]),
        (
            "error",
            "workforce",
            1,
            "totl",
            'Unknown column "totl": workforce has no such column (check the spelling against '
            "the template).",
        ),
    ),
    Case(
        "wrong type",
        "data.xlsx",
        lambda: workforce_file(workforce_row(total="abc")),
        ("error", "workforce", 2, "total", '"abc" is not a whole number.'),
    ),
    Case(
        "negative count",
        "data.xlsx",
        lambda: workforce_file(
            workforce_row(), workforce_row(role="manager", total=-3, female=None, male=None)
        ),
        ("error", "workforce", 3, "total", "-3 is below the smallest allowed value, 0."),
    ),
    Case(
        "percentage over 100",
        "data.xlsx",
        lambda: xlsx({"enrolments": [ENROLMENT, enrolment_row(satisfaction_pct=105)]}),
        (
            "error",
            "enrolments",
            2,
            "satisfaction_pct",
            "105 is above the largest allowed value, 100.",
        ),
    ),
    Case(
        "value not allowed",
        "data.xlsx",
        lambda: workforce_file(workforce_row(role="boss")),
        (
            "error",
            "workforce",
            2,
            "role",
            '"boss" is not allowed here; use one of: manager, worker.',
        ),
    ),
    Case(
        "unknown state",
        "data.xlsx",
        lambda: xlsx(
            {
                "clusters": [
                    CLUSTER,
                    ["Ludhiana", "Ludhiana", "Ludhiana", "IN-XX", "Forging", 30.9, 75.8, 2],
                ]
            }
        ),
        (
            "error",
            "clusters",
            2,
            "state",
            'Unknown state "IN-XX": it exists neither in this file\'s states sheet nor in the '
            "database.",
        ),
    ),
    Case(
        "unknown cluster",
        "data.xlsx",
        lambda: xlsx(
            {
                "enterprises": [
                    ENTERPRISE,
                    [*new_enterprise_row()[:2], "Atlantis", *new_enterprise_row()[3:]],
                ]
            }
        ),
        (
            "error",
            "enterprises",
            2,
            "cluster",
            'Unknown cluster "Atlantis": it exists neither in this file\'s clusters sheet nor '
            "in the database.",
        ),
    ),
    Case(
        "unknown module",
        "data.xlsx",
        lambda: xlsx({"enrolments": [ENROLMENT, enrolment_row(module="M9")]}),
        (
            "error",
            "enrolments",
            2,
            "module",
            'Unknown module "M9": it exists neither in this file\'s modules sheet nor in the '
            "database.",
        ),
    ),
    Case(
        "women more than total",
        "data.xlsx",
        lambda: workforce_file(workforce_row(total=10, female=12, male=0)),
        ("error", "workforce", 2, "female", "Women (12) are more than the total (10)."),
    ),
    Case(
        "women and men more than total",
        "data.xlsx",
        lambda: workforce_file(workforce_row(total=50, female=30, male=30)),
        (
            "error",
            "workforce",
            2,
            "male",
            "Women (30) and men (30) add up to more than the total (50).",
        ),
    ),
    Case(
        "stages out of order",
        "data.xlsx",
        lambda: xlsx({"enrolments": [ENROLMENT, enrolment_row(visit1_date=date(2011, 12, 1))]}),
        (
            "error",
            "enrolments",
            2,
            "visit1_date",
            "visit1_date 2011-12-01 is before classroom_date 2011-12-07: the stages must be in "
            "order.",
        ),
    ),
    Case(
        "stage in the future",
        "data.xlsx",
        lambda: xlsx({"enrolments": [ENROLMENT, enrolment_row(completed_date=FUTURE)]}),
        (
            "error",
            "enrolments",
            2,
            "completed_date",
            f"The date {FUTURE.isoformat()} is in the future.",
        ),
    ),
    Case(
        "module before module 1",
        "data.xlsx",
        lambda: xlsx(
            {
                "enrolments": [
                    ENROLMENT,
                    enrolment_row(
                        module="M4",
                        enrolled_date=date(2011, 1, 5),
                        baseline_date=None,
                        classroom_date=None,
                        visit1_date=None,
                        completed_date=None,
                    ),
                ]
            }
        ),
        (
            "error",
            "enrolments",
            2,
            "enrolled_date",
            "M4 enrolled on 2011-01-05, before the enterprise's M1 (2011-11-11): M1 comes first.",
        ),
    ),
    Case(
        "no module 1",
        "data.xlsx",
        lambda: xlsx(
            {
                "enterprises": [ENTERPRISE, new_enterprise_row()],
                "enrolments": [
                    ENROLMENT,
                    enrolment_row(
                        enterprise="E90001",
                        module="M2",
                        enrolled_date=date(2018, 2, 1),
                        baseline_date=None,
                        classroom_date=None,
                        visit1_date=None,
                        completed_date=None,
                    ),
                ],
            }
        ),
        (
            "error",
            "enrolments",
            2,
            "module",
            "Enterprise E90001 has no M1 enrolment (in this file or the database): M1 is "
            "mandatory and comes first.",
        ),
    ),
    Case(
        "duplicate key",
        "data.xlsx",
        lambda: workforce_file(
            workforce_row(),
            workforce_row(role="manager", total=2, female=0, male=2),
            workforce_row(total=30, female=5, male=25),
        ),
        (
            "error",
            "workforce",
            4,
            "employment",
            "Duplicate row (enterprise E00001, period 2017-H2, role worker, employment "
            "permanent): same as row 2.",
        ),
    ),
    Case(
        "unknown enterprise",
        "data.xlsx",
        lambda: workforce_file(workforce_row(enterprise="E99999")),
        (
            "error",
            "workforce",
            2,
            "enterprise",
            'Unknown enterprise "E99999": it exists neither in this file\'s enterprises sheet '
            "nor in the database.",
        ),
    ),
    Case(
        "unknown period",
        "data.xlsx",
        lambda: workforce_file(workforce_row(period="2031-H1")),
        (
            "error",
            "workforce",
            2,
            "period",
            'Unknown period "2031-H1": it exists neither in this file\'s periods sheet nor in '
            "the database.",
        ),
    ),
    Case(
        "bad date",
        "data.xlsx",
        lambda: xlsx({"enrolments": [ENROLMENT, enrolment_row(baseline_date="31/02/2016")]}),
        (
            "error",
            "enrolments",
            2,
            "baseline_date",
            '"31/02/2016" is not a date; use an Excel date or YYYY-MM-DD.',
        ),
    ),
    Case(
        "completed and dropped",
        "data.xlsx",
        lambda: xlsx({"enrolments": [ENROLMENT, enrolment_row(dropped_date=date(2012, 5, 1))]}),
        (
            "error",
            "enrolments",
            2,
            "dropped_date",
            "An enrolment cannot be both completed and dropped: clear one of the dates.",
        ),
    ),
    Case(
        "required value empty",
        "data.xlsx",
        lambda: workforce_file(workforce_row(), workforce_row(role="manager", total=None)),
        ("error", "workforce", 3, "total", "A value is required."),
    ),
    Case(
        "bad period code",
        "data.xlsx",
        lambda: xlsx(
            {"periods": [PERIOD, ["2018-H3", date(2018, 7, 1), date(2018, 12, 31), None]]}
        ),
        ("error", "periods", 2, "period", '"2018-H3" is not a half-year code like 2014-H1.'),
    ),
    Case(
        "value without header",
        "data.xlsx",
        lambda: workforce_file([*workforce_row(), None, "stray"]),
        (
            "error",
            "workforce",
            2,
            "I",
            "A value in a column without a header; add the column name in row 1 or delete the "
            "value.",
        ),
    ),
    Case(
        "million empty formatted rows",
        "data.xlsx",
        million_empty_rows,
        ("error", "workforce", 2, "total", "-3 is below the smallest allowed value, 0."),
    ),
    Case(
        "csv row error",
        "workforce.csv",
        lambda: (
            b"enterprise,period,role,employment,total,female,male\n"
            b"E00001,2017-H2,worker,permanent,25,4,21\n"
            b"E00001,2017-H2,manager,permanent,x,0,2\n"
        ),
        ("error", "workforce.csv", 3, "total", '"x" is not a whole number.'),
    ),
)


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


def implausible_kpi_file() -> bytes:
    """A KPI value outside the plausible range: a warning, not an error."""
    return xlsx(
        {
            "kpi_observations": [
                KPI,
                ["E00001", "defect_rate", "2017-H2", 95, False, date(2018, 1, 20)],
            ]
        }
    )
