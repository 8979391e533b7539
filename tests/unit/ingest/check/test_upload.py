"""check_file: every rule run, every problem collected, the rows to add and change counted."""

from __future__ import annotations

from score_dash import ingest
from tests.unit.bad_files import GOOD_ADDED, good_file, workforce_file, workforce_row


def test_good_file_preview_counts_rows_to_add_and_change(engine) -> None:
    parsed, report = ingest.check_file(good_file(), "good.xlsx", engine, 20)
    assert report.ok and not report.problems
    assert {t: n for t, n in report.added.items() if n} == GOOD_ADDED
    assert report.changed["workforce"] == 1
    preview = report.preview_frame()
    assert list(preview["Table"]) == [
        "periods",
        "enterprises",
        "enrolments",
        "workforce",
        "kpi_observations",
    ]
    assert preview.set_index("Table").loc["workforce"].tolist() == [2, 1]
    assert parsed is not None and parsed.sheets["workforce"].rows == [2, 3, 4]


def test_every_problem_is_collected_not_just_the_first(engine) -> None:
    data = workforce_file(
        workforce_row(total="many"),
        workforce_row(role="manager", total=-1, female=None, male=None),
        workforce_row(role="boss", employment="contract"),
    )
    _, report = ingest.check_file(data, "w.xlsx", engine, 20)
    assert [(p.row, p.column) for p in report.errors] == [(2, "total"), (3, "total"), (4, "role")]
