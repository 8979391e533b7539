"""scripts/bench_report.py on a hand-made run: each figure of the performance issue's table
against its budget, the server's CPU per action and the first paint per page."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_report  # noqa: E402  (scripts/ is not a package)


def _run() -> dict:
    """A demo-scale SQLite run of two pages, one sample each. The empty page took 2.0 s, so
    Overview's 2.8 s visit is 1.4x (budget 1.5x: pass) and Coverage's 3.8 s is 1.9x (its own
    budget 2x: pass; it would be over the other pages' 1.5x)."""
    return {
        "started_at": "2026-12-07T08:00:00+00:00",
        "duration_s": 300.0,
        "load_average": {"Fresh visits": [5.5, 4.0, 3.0], "end": [3.0, 3.0, 3.0]},
        "machine": {
            "cpu": "test",
            "cores": 2,
            "cores_usable": 2,
            "ram_gb": 8,
            "os": "Debian",
            "python": "3.11",
            "streamlit": "1.67.0",
            "chromium": "156",
            "database": "SQLite 3.40.1",
            "commit": "abc1234",
            "uncommitted_changes": False,
        },
        "settings": {"scale": 1.0, "db": "sqlite", "runs": 1, "soak_seconds": 0},
        "database": {
            "enterprises": 240,
            "rows": 22_717,
            "prepared": "cached",
            "prepare_s": 0.0,
            "load_frames_s": 0.2,
            "snapshot_s": 0.1,
        },
        "empty_page": {"fresh_visit_s": [2.0], "cpu_s": [0.05], "kb": [1.0]},
        "cold": {"start_s": [1.0], "first_visit_s": [4.0], "server_run_s": [2.0], "cpu_s": [1.5]},
        "memory_mb": {"after_every_page": 300.0},
        "soak": None,
        "pages": {
            "overview": {
                "fresh_visit_s": [2.8],
                "switch_s": [0.45],
                "switch_cpu_s": [0.2],
                "rerun_cpu_s": [0.08],
                "filter_change_s": [0.7],
                "download_cpu_s": [0.3],
                "fresh_visit_kb": [410.0],
                "paint_charts": [4],
                "paint_charts_first_screen": [2],
                "paint_tables": [1],
                "paint_tables_first_screen": [0],
                "paint_js_files": [141, 139],
                "paint_js_kb": [4912.4, 4900.0],
            },
            "coverage": {
                "fresh_visit_s": [3.8],
                "switch_s": [0.9],
                "switch_cpu_s": [0.12],
                "rerun_cpu_s": [0.3],
                "filter_change_s": [0.4],
                "paint_maps": [0],
            },
        },
        "errors": [],
    }


def _row(text: str, first_cell: str) -> list[str]:
    [line] = [line for line in text.splitlines() if line.startswith(f"| {first_cell} |")]
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_each_issue_figure_is_set_against_its_budget() -> None:
    text = bench_report.render([_run()])
    # (figure, worst page in brackets, verdict), worked out from the samples above.
    expected = {
        "Fresh visit / empty page, demo (every page but Coverage)": "1.40× (overview), pass",
        "Fresh visit / empty page, demo, Coverage": "1.90× (coverage), pass",
        "Page switch in a session, demo (every page)": "0.90 s (coverage), **over**",
        "Server CPU, cached rerun with nothing changed, demo": "0.30 s (coverage), **over**",
        "Server CPU, page switch, demo": "0.20 s (overview), **over**",
        "Filter change, demo": "0.70 s (overview), **over**",
        "Filter change, 50,000": "not run",
    }
    for label, cell in expected.items():
        assert _row(text, label)[2] == cell, label


def test_every_page_is_set_against_its_own_budgets() -> None:
    lines = bench_report.render_page_budgets(_run())
    text = "\n".join(lines)
    overview, coverage = _row(text, "overview"), _row(text, "coverage")
    headings = _row(text, "page")
    assert overview[headings.index("fresh visit / empty page")] == "1.40× (≤ 1.50×), pass"
    assert coverage[headings.index("fresh visit / empty page")] == "1.90× (≤ 2.00×), pass"
    assert overview[headings.index("CPU, cached rerun")] == "0.08 s (≤ 0.10 s), pass"
    assert coverage[headings.index("CPU, cached rerun")] == "0.30 s (≤ 0.10 s), **over**"
    assert coverage[headings.index("CPU, page switch")] == "0.12 s (≤ 0.15 s), pass"


def test_the_servers_cpu_and_the_first_paint_per_page() -> None:
    cpu = "\n".join(bench_report.render_pages(_run(), bench_report.CPU))
    assert _row(cpu, "overview") == ["overview", "—", "0.20", "0.08", "—", "0.30"]
    paint = "\n".join(bench_report.render_pages(_run(), bench_report.FIRST_PAINT))
    row = ["overview", "410", "4", "2", "—", "1", "0", "140", "4,906"]
    assert _row(paint, "overview") == row
    assert _row(paint, "coverage")[4] == "0"  # no deck.gl map on Coverage's first paint


def test_a_short_run_on_a_busy_machine_says_so() -> None:
    notes = bench_report.run_notes(_run())
    assert notes[:2] == ["1 sample per measure (default 3)", "no soak"]
    assert "load average up to 5.5 on 2 cores" in notes[2]
