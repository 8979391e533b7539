"""Benchmark the dashboard against the budgets of DESIGN.md section 6 (not run by tests).

    .venv/bin/python scripts/benchmark.py [--scale 1] [--runs 3]

For a database of the demo data at the given scale (1: about 240 enterprises; 208: about
50,000), it starts the app and an empty Streamlit page on free ports and measures, as
medians over --runs:

- page settled in a real browser (Debian's Chromium), and its ratio to the empty page;
- rerun after a filter change (sector) on each page;
- building the Excel workbook of each page (pure Python, same code as the button);
- the server's resident memory after visiting every page.

Prints a table and writes it as JSON next to the database (--out to choose). Timings are
for reading, never for pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from score_dash import db, export, queries  # noqa: E402
from score_dash.filters import (  # noqa: E402
    Filters,
    apply_filters,
    build_options,
    resolve_periods,
)
from score_dash.pages import PAGES, build_report  # noqa: E402
from tests.e2e.conftest import SETTLED, start_server  # noqa: E402

URL_PATHS = ("", *(page.name for page in PAGES[1:]))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def settle(page, timeout: float = 300_000) -> None:
    page.wait_for_selector(SETTLED, timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout
    )


def timed_load(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    settle(page)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def timed_rerun(browser, url: str) -> float:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(url)
    settle(page)
    before = page.evaluate("() => performance.getEntriesByName('script-run-cycle').length")
    box = page.locator(".st-key-sector input")
    box.click()
    box.fill("Garments")
    start = time.perf_counter()
    page.get_by_role("option", name="Garments", exact=True).click()
    page.wait_for_function(
        f"() => performance.getEntriesByName('script-run-cycle').length > {before}", timeout=300_000
    )
    settle(page)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def excel_seconds(db_url: str, runs: int) -> dict[str, float]:
    frames = queries.load_frames(db.make_engine(db_url))
    options = build_options(frames)
    filters = Filters()
    periods = resolve_periods(filters, options, frames["periods"])
    filtered = apply_filters(frames, filters)
    about = export.About("benchmark", "page", datetime.now(UTC).replace(tzinfo=None), "", [], "")
    result = {}
    for page in PAGES:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            report = build_report(
                page.name, filtered, periods, options, scope="programme", small_n=5
            )
            export.build_workbook(about, report.sheets)
            times.append(time.perf_counter() - start)
        result[page.name] = statistics.median(times)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="score-bench-"))
    db_url = f"sqlite:///{work / 'bench.db'}"
    start = time.perf_counter()
    db.load_demo(db.make_engine(db_url), scale=args.scale)
    enterprises = db.row_counts(db.make_engine(db_url))["enterprises"]
    print(f"Database: {enterprises:,} enterprises, built in {time.perf_counter() - start:.1f} s")

    empty = work / "empty.py"
    empty.write_text("import streamlit as st\n\nst.write('empty')\n")
    app = start_server(work, db_url)
    blank = start_server(work, db_url, script=empty)
    app_url, blank_url = app.url, blank.url
    results: dict[str, object] = {"scale": args.scale, "enterprises": enterprises}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            timed_load(browser, app_url)  # warm the caches once, as a first visitor would
            empty_time = statistics.median(timed_load(browser, blank_url) for _ in range(args.runs))
            loads, reruns = {}, {}
            for page in URL_PATHS:
                loads[page or "overview"] = statistics.median(
                    timed_load(browser, f"{app_url}/{page}") for _ in range(args.runs)
                )
                reruns[page or "overview"] = statistics.median(
                    timed_rerun(browser, f"{app_url}/{page}") for _ in range(args.runs)
                )
            browser.close()
        results.update(
            {
                "empty_page_s": round(empty_time, 3),
                "page_settled_s": {k: round(v, 3) for k, v in loads.items()},
                "ratio_to_empty": {k: round(v / empty_time, 2) for k, v in loads.items()},
                "rerun_after_filter_s": {k: round(v, 3) for k, v in reruns.items()},
                "server_rss_mb_after_all_pages": round(rss_mb(app.process.pid), 1),
            }
        )
    finally:
        for server in (app, blank):
            server.stop()
    results["excel_s"] = {k: round(v, 3) for k, v in excel_seconds(db_url, args.runs).items()}
    out = args.out or work / "benchmark.json"
    out.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    print(f"Written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
