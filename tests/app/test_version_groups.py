"""Two versions a viewer reads differ within every group by 0 or at least 3 enterprises
(score_dash/access/versions.py, issue 23).

Late reports of three firms, each in its own cluster, imported after the review of 2017-H2:
the programme's data differ by three firms, but each of those clusters' by one, whose own
workforce a viewer selecting that cluster at the review and now would read by subtraction.
So a viewer reads the review's figures for each of those clusters (and its data version on
the About sheet, and the held-back notice on the pack's cover) while staff see the change.

The expected figures are each cluster's workers in 2017-H2 (the Overview's "Workers in
participating enterprises": the half-year's reported headcount, every role and employment,
summed), read with SQL written here before and after the import, and the values imported.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine, text

from score_dash import cli
from score_dash.meetings import reviews
from tests.app.conftest import RunApp, errors, last_download, published_copy, visible
from tests.app.test_review_confidentiality import import_rows
from tests.excel import read_tables
from tests.pack_pages import only_pages

PERIOD = "2017-H2"
ADDED = (61, 47, 83)  # permanent workers added to the first firm of each cluster
WORKERS = "Workers in participating enterprises"

HEADCOUNT = text(
    "SELECT c.name, e.code, w.role, w.employment, w.total FROM workforce w "
    "JOIN enterprises e ON e.id = w.enterprise_id JOIN clusters c ON c.id = e.cluster_id "
    "JOIN periods p ON p.id = w.period_id WHERE p.code = :period ORDER BY c.name, e.code"
)


def headcount(engine: Engine) -> dict[str, dict[tuple[str, str, str], int]]:
    """Each cluster -> (enterprise, role, employment) -> the headcount of the half-year (SQL)."""
    out: dict[str, dict[tuple[str, str, str], int]] = {}
    with engine.connect() as connection:
        for cluster, code, role, employment, total in connection.execute(
            HEADCOUNT, {"period": PERIOD}
        ):
            out.setdefault(cluster, {})[(code, role, employment)] = int(total)
    return out


def workers(rows: dict[tuple[str, str, str], int]) -> int:
    return sum(rows.values())


@pytest.fixture
def published(tmp_path, demo_db_url, monkeypatch, signed_in) -> Engine:
    """The demo as records, the review of 2017-H2 published."""
    return published_copy(tmp_path, demo_db_url, monkeypatch, PERIOD)


def overview_book(tmp_path, cluster: str | None, *role: str) -> dict[str, pd.DataFrame]:
    """The Overview's workbook of the half-year for one cluster (None: the programme) from
    the command line, as `role` (none: staff); its About sheet as "About": a frame of what
    and its value."""
    out = tmp_path / "overview.xlsx"
    where = ["--cluster", cluster] if cluster else []
    argv = ["export", "--page", "overview", "--period", PERIOD, *where, *role, "--out", str(out)]
    assert cli.main(argv) == 0
    about = load_workbook(io.BytesIO(out.read_bytes()), read_only=True)["About"]
    rows = [row[:2] for row in about.iter_rows(values_only=True) if row and row[0]]
    return {**read_tables(out.read_bytes()), "About": pd.DataFrame(rows)}


def shown_workers(book: dict[str, pd.DataFrame]) -> int:
    """The workers of the half-year on the Overview's "Programme at a glance"."""
    return int(book["Programme at a glance"].set_index("Figure").loc[WORKERS, PERIOD])


def about_value(book: dict[str, pd.DataFrame], label: str) -> str:
    """A value of the About sheet (two columns: what, and its value)."""
    about = book["About"]
    found = about[about.iloc[:, 0].astype(str) == label]
    assert len(found) == 1, (label, about.iloc[:, 0].tolist())
    return str(found.iloc[0, 1])


def test_three_late_reports_in_three_clusters_give_no_cluster_a_viewer_subtracts(
    published: Engine, tmp_path, capsys, run_app: RunApp, monkeypatch
) -> None:
    before = headcount(published)
    largest = sorted(before, key=lambda c: -len(before[c]))[:3]  # shown to viewers
    late = {}
    for cluster, added in zip(largest, ADDED, strict=True):
        code = min(code for code, _, _ in before[cluster])
        late[code] = before[cluster][(code, "worker", "permanent")] + added
    import_rows(published, "late_reports.xlsx", late)
    after = headcount(published)
    for cluster, added in zip(largest, ADDED, strict=True):  # one firm each (SQL)
        assert workers(after[cluster]) == workers(before[cluster]) + added
        changed = {key for key, total in after[cluster].items() if before[cluster][key] != total}
        assert len({code for code, _, _ in changed}) == 1
    review = reviews.find(published, PERIOD)
    assert review is not None
    with published.connect() as connection:
        imported = connection.execute(
            text("SELECT data_version FROM import_batches WHERE file_name = 'late_reports.xlsx'")
        ).scalar_one()

    # On the app, the Overview of each cluster (its Excel download, and its held-back notice).
    for cluster in largest:
        for user, expected in (("viewer", before), ("staff", after)):
            at = run_app(params={"period": PERIOD, "cluster": cluster}, user=user)
            assert errors(at) == []
            book = read_tables(last_download(at, "overview"))
            assert shown_workers(book) == workers(expected[cluster]), (cluster, user)
            notice = f"Viewers see the figures as at the {review.title}"
            held = any(notice in visible(i.value) for i in at.info)
            assert held == (user == "viewer"), (cluster, user)

    for cluster, added in zip(largest, ADDED, strict=True):
        viewer = overview_book(tmp_path, cluster, "--role", "viewer")
        # The review's figure for that cluster, not one firm's 61, 47 or 83 workers more.
        assert shown_workers(viewer) == workers(before[cluster]), cluster
        assert about_value(viewer, "Data version") == str(review.data_version), cluster
        staff = overview_book(tmp_path, cluster)
        assert shown_workers(staff) == workers(after[cluster]), cluster
        assert shown_workers(staff) - shown_workers(viewer) == added, cluster
    # The programme too: a viewer reads the review's data version, staff the current one.
    programme = overview_book(tmp_path, None, "--role", "viewer")
    assert shown_workers(programme) == sum(workers(rows) for rows in before.values())
    assert about_value(programme, "Data version") == str(review.data_version)
    assert about_value(programme, "Data as of") == review.data_as_of
    staff = overview_book(tmp_path, None)
    assert about_value(staff, "Data version") == str(imported)

    # The viewer's pack is built on the review's data and its cover says so.
    capsys.readouterr()
    pack = tmp_path / "pack.pdf"
    only_pages(monkeypatch, "overview")  # its cover is what is read
    argv = ["pack", "--period", PERIOD, "--role", "viewer", "--out", str(pack)]
    assert cli.main(argv) == 0
    notice = f"Viewers see the figures as at the {review.title}"
    assert notice in capsys.readouterr().out
    cover = " ".join((PdfReader(io.BytesIO(pack.read_bytes())).pages[0].extract_text()).split())
    assert notice in cover
    assert f"Data version {review.data_version}," in cover
