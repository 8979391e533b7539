"""Turn the benchmark's raw results into bench/results.md, with the budget beside each figure.

    .venv/bin/python scripts/bench_report.py bench/raw/*.json [--out bench/results.md]

Each JSON file is one run of scripts/benchmark.py (one scale, one database). The report
opens with the performance issue's table: each figure (the worst page's median) against its
budget, pass or over, per database. For each run it gives the table of measures with the
worst page named, every page against its budgets (Coverage's visit has its own), what a
visitor waits, the app server's CPU time per action, the script runs, the traffic, the first
paint of a fresh visit (kB sent; charts, maps and tables drawn, and those on the first
screen; the JavaScript the browser loaded for it), the memory over the soak and anything
that went wrong. The machine, the date and the empty page's time come first. Budgets are
those of the performance issue (medians on a 2-core machine); a figure over budget is for
reading, never a failed test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT_TEXT = "1400 × 1000"  # scripts/benchmark.py's VIEWPORT
LARGE = 10_000  # from this many enterprises on, the 50,000 budgets apply
DEFAULT_RUNS = 3  # scripts/benchmark.py's defaults: fewer is said in the report
DEFAULT_SOAK_S = 180


@dataclass(frozen=True)
class Measure:
    """One line of the table: what it measures, its unit and its budget at each scale."""

    label: str
    unit: str  # "s", "x" (ratio) or "MB"
    demo: float | None  # None: for reading
    large: float | None
    per_page: str = ""  # the per-page sample it is the worst of ("" for a single figure)
    only: tuple[str, ...] = ()  # the pages it applies to (none named: every page...)
    without: tuple[str, ...] = ()  # ...but these

    def applies_to(self, page: str) -> bool:
        return (not self.only or page in self.only) and page not in self.without


MEASURES: dict[str, Measure] = {
    "ratio": Measure(
        "Fresh visit (new browser context), ratio to the empty page",
        "x",
        1.5,
        3.0,
        "ratio",
        without=("coverage",),
    ),
    "ratio_coverage": Measure(
        "Fresh visit of Coverage, ratio to the empty page", "x", 2.0, 3.0, "ratio", ("coverage",)
    ),
    "switch": Measure(
        "Page switch in one session (sidebar navigation, until settled)", "s", 0.5, 2.0, "switch_s"
    ),
    "filter": Measure(
        "Rerun after a filter change (a sector selection not seen before)",
        "s",
        0.5,
        2.0,
        "filter_change_s",
    ),
    "rerun_cpu": Measure(
        "Cached rerun with nothing changed: the server's CPU time",
        "s",
        0.1,
        None,
        "rerun_cpu_s",
    ),
    "rerun": Measure(
        "Server script run, cached (a rerun with nothing changed)",
        "s",
        None,
        None,
        "rerun_server_s",
    ),
    "switch_cpu": Measure(
        "Page switch: the server's CPU time (hardly changed by a busy machine)",
        "s",
        0.15,
        None,
        "switch_cpu_s",
    ),
    "filter_cpu": Measure(
        "Filter change: the server's CPU time (hardly changed by a busy machine)",
        "s",
        None,
        None,
        "filter_change_cpu_s",
    ),
    "cold": Measure(
        "First visit after a server start (healthy, then the first page settled)", "s", None, 3.0
    ),
    "excel": Measure(
        "Excel of one page (report and workbook, pure Python)", "s", 1.0, 2.0, "excel_s"
    ),
    "download": Measure(
        "Excel download on the page (click to the whole file in the browser)",
        "s",
        1.0,
        2.0,
        "download_s",
    ),
    "download_cpu": Measure(
        "Excel download on the page: the server's CPU time", "s", None, None, "download_cpu_s"
    ),
    "memory": Measure("Server memory (RSS) after visiting every page", "MB", 500, 1024),
    "soak": Measure("Server memory (RSS), highest during the soak", "MB", 500, 1024),
}
# Per-page tables: what a visitor waits, and the server's part (sample, heading, format).
WAITS: tuple[tuple[str, str, str], ...] = (
    ("fresh_visit_s", "fresh visit", "{:.2f} s"),
    ("ratio", "ratio to empty", "{:.2f}×"),
    ("switch_s", "page switch", "{:.2f} s"),
    ("filter_change_s", "filter change", "{:.2f} s"),
    ("rerun_s", "cached rerun", "{:.2f} s"),
    ("excel_s", "Excel", "{:.2f} s"),
    ("report_s", "of which report", "{:.2f} s"),
    ("download_s", "Excel on the page", "{:.2f} s"),
)
SERVER: tuple[tuple[str, str, str], ...] = (
    ("fresh_visit_server_s", "fresh visit", "{:.2f}"),
    ("switch_server_s", "page switch", "{:.2f}"),
    ("rerun_server_s", "cached rerun", "{:.2f}"),
    ("filter_change_server_s", "filter change", "{:.2f}"),
)
CPU: tuple[tuple[str, str, str], ...] = (
    ("fresh_visit_cpu_s", "fresh visit", "{:.2f}"),
    ("switch_cpu_s", "page switch", "{:.2f}"),
    ("rerun_cpu_s", "cached rerun", "{:.2f}"),
    ("filter_change_cpu_s", "filter change", "{:.2f}"),
    ("download_cpu_s", "Excel download", "{:.2f}"),
)
FIRST_PAINT: tuple[tuple[str, str, str], ...] = (
    ("fresh_visit_kb", "kB sent", "{:,.0f}"),
    ("paint_charts", "charts", "{:.0f}"),
    ("paint_charts_first_screen", "on the first screen", "{:.0f}"),
    ("paint_maps", "deck.gl maps", "{:.0f}"),
    ("paint_tables", "tables", "{:.0f}"),
    ("paint_tables_first_screen", "on the first screen", "{:.0f}"),
    ("paint_js_files", "JavaScript files", "{:.0f}"),
    ("paint_js_kb", "JavaScript kB", "{:,.0f}"),
)
TRAFFIC: tuple[tuple[str, str, str], ...] = (
    ("switch_kb", "page switch", "{:,.0f}"),
    ("rerun_kb", "cached rerun", "{:,.0f}"),
    ("filter_change_kb", "filter change", "{:,.0f}"),
    ("switch_runs", "script runs per switch", "{:.0f}"),
    ("filter_change_runs", "per filter change", "{:.0f}"),
)
COLUMNS = WAITS + SERVER + CPU + TRAFFIC + FIRST_PAINT
# The summary: the performance issue's table, in its order (row, measure, at 50,000).
ISSUE_ROWS: tuple[tuple[str, str, bool], ...] = (
    ("Fresh visit / empty page, demo (every page but Coverage)", "ratio", False),
    ("Fresh visit / empty page, demo, Coverage", "ratio_coverage", False),
    ("Page switch in a session, demo (every page)", "switch", False),
    ("Server CPU, cached rerun with nothing changed, demo", "rerun_cpu", False),
    ("Server CPU, page switch, demo", "switch_cpu", False),
    ("Filter change, demo", "filter", False),
    ("Filter change, 50,000", "filter", True),
    ("First visit after a server start, 50,000", "cold", True),
    ("Excel of one page, 50,000: command line (report and workbook)", "excel", True),
    ("Excel of one page, 50,000: download on the page (workbook)", "download", True),
    ("Server memory, highest during the soak, 50,000", "soak", True),
    ("Server memory after every page, 50,000", "memory", True),
    ("Server CPU, cached rerun with nothing changed, 50,000", "rerun_cpu", True),
    ("Fresh visit / empty page, 50,000", "ratio", True),
)


def median(values: list[float] | None) -> float | None:
    return statistics.median(values) if values else None


def empty_page_s(result: dict) -> float | None:
    return median(result["empty_page"]["fresh_visit_s"])


def page_medians(result: dict) -> dict[str, dict[str, float | None]]:
    """Per page, the median of every sample, and the fresh visit's ratio to the empty page
    of the same run."""
    empty = empty_page_s(result)
    table: dict[str, dict[str, float | None]] = {}
    for page, samples in result["pages"].items():
        row = {key: median(samples.get(key)) for key, _, _ in COLUMNS}
        visit = row["fresh_visit_s"]
        row["ratio"] = visit / empty if visit is not None and empty else None
        table[page] = row
    return table


def soak_peak(result: dict, key: str = "app_mb") -> float | None:
    samples = (result.get("soak") or {}).get("samples") or []
    values = [s[key] for s in samples if s.get(key) is not None]
    return max(values) if values else None


def figures(result: dict) -> dict[str, tuple[float | None, str]]:
    """Each measure's figure, with the page it comes from (the worst) where it is per page."""
    rows = page_medians(result)
    out: dict[str, tuple[float | None, str]] = {}
    for key, measure in MEASURES.items():
        if measure.per_page:
            known = {
                page: row[measure.per_page]
                for page, row in rows.items()
                if measure.applies_to(page)
            }
            known = {page: value for page, value in known.items() if value is not None}
            worst = max(known, key=lambda page: known[page], default="")
            out[key] = (known.get(worst), worst)
    out["cold"] = (median(result["cold"]["first_visit_s"]), "")
    out["memory"] = (result["memory_mb"].get("after_every_page"), "")
    out["soak"] = (soak_peak(result), "")
    return out


def is_large(result: dict) -> bool:
    return result["database"]["enterprises"] >= LARGE


def budget_of(measure: Measure, large: bool) -> float | None:
    return measure.large if large else measure.demo


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "x":
        return f"{value:.2f}×"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:.2f} s"


def verdict(value: float | None, budget: float | None) -> str:
    if value is None:
        return "not measured"
    if budget is None:
        return "for reading"
    return "pass" if value <= budget else "**over**"


def title(result: dict) -> str:
    scale = "demo" if not is_large(result) else "50,000"
    database = "SQLite" if result["settings"]["db"] == "sqlite" else "PostgreSQL"
    return f"{scale} scale ({result['database']['enterprises']:,} enterprises), {database}"


def run_notes(result: dict) -> list[str]:
    """What makes this run's figures less than the full measure: fewer samples, a shorter
    soak, other work on the machine."""
    settings = result["settings"]
    notes = []
    if settings["runs"] < DEFAULT_RUNS:
        runs = settings["runs"]
        samples = "1 sample" if runs == 1 else f"{runs} samples"
        notes.append(f"{samples} per measure (default {DEFAULT_RUNS})")
    if not settings["soak_seconds"]:
        notes.append("no soak")
    elif settings["soak_seconds"] < DEFAULT_SOAK_S:
        notes.append(f"a soak of {settings['soak_seconds']:.0f} s (default {DEFAULT_SOAK_S})")
    cores = result["machine"]["cores"]
    highest = max(values[0] for values in result["load_average"].values())
    if highest > cores:
        notes.append(
            f"a busy machine: load average up to {highest:.1f} on {cores} cores, so wall "
            "times are inflated; the ratios to the empty page of the same run and the "
            "server's CPU times are the figures to compare"
        )
    return notes


def render_issue_table(results: list[dict]) -> list[str]:
    """The summary rows, one column per database, each figure with its worst page and
    whether it is within the budget."""
    databases = sorted({r["settings"]["db"] for r in results}, key=lambda d: d != "sqlite")
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    lines = [
        "| measure | budget | " + " | ".join(names.get(d, d) for d in databases) + " |",
        "|---|---|" + "---|" * len(databases),
    ]
    for label, key, large in ISSUE_ROWS:
        measure = MEASURES[key]
        budget = budget_of(measure, large)
        cells = []
        for database in databases:
            result = next(
                (r for r in results if r["settings"]["db"] == database and is_large(r) == large),
                None,
            )
            if result is None:
                cells.append("not run")
                continue
            value, page = figures(result)[key]
            cell = fmt(value, measure.unit) + (f" ({page})" if page else "")
            if budget is not None and value is not None:
                cell += f", {verdict(value, budget)}"
            cells.append(cell)
        shown_budget = "—" if budget is None else "≤ " + fmt(budget, measure.unit)
        lines.append(f"| {label} | {shown_budget} | " + " | ".join(cells) + " |")
    return lines


def render_summary(result: dict) -> list[str]:
    large = is_large(result)
    found = figures(result)
    lines = [
        f"| measure | figure | worst page | budget ({'50,000' if large else 'demo'}) | |",
        "|---|---|---|---|---|",
    ]
    for key, measure in MEASURES.items():
        value, page = found[key]
        budget = budget_of(measure, large)
        shown_budget = "—" if budget is None else "≤ " + fmt(budget, measure.unit)
        lines.append(
            f"| {measure.label} | {fmt(value, measure.unit)} | {page or ''} | {shown_budget} "
            f"| {verdict(value, budget)} |"
        )
    return lines


def render_pages(result: dict, columns: tuple[tuple[str, str, str], ...]) -> list[str]:
    rows = page_medians(result)
    lines = [
        "| page | " + " | ".join(heading for _, heading, _ in columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for page, row in rows.items():
        cells = ["—" if row[key] is None else style.format(row[key]) for key, _, style in columns]
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


def render_page_budgets(result: dict) -> list[str]:
    """Every page's figure of each per-page measure that has a budget at this scale, and
    whether it is within it (a page's own budget where it has one: Coverage's visit)."""
    large = is_large(result)
    rows = page_medians(result)
    budgeted = [m for m in MEASURES.values() if m.per_page and budget_of(m, large) is not None]
    samples = list(dict.fromkeys(m.per_page for m in budgeted))
    headings = {m.per_page: m.label.split(" (")[0].split(":")[0] for m in budgeted}
    headings.update(
        {
            "ratio": "fresh visit / empty page",
            "rerun_cpu_s": "CPU, cached rerun",
            "switch_cpu_s": "CPU, page switch",
        }
    )
    lines = [
        "| page | " + " | ".join(headings[sample] for sample in samples) + " |",
        "|---|" + "---|" * len(samples),
    ]
    for page, row in rows.items():
        cells = []
        for sample in samples:
            measure = next(m for m in budgeted if m.per_page == sample and m.applies_to(page))
            budget = budget_of(measure, large)
            value = row.get(sample)
            cells.append(
                f"{fmt(value, measure.unit)} (≤ {fmt(budget, measure.unit)}), "
                f"{verdict(value, budget)}"
                if value is not None
                else "—"
            )
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return lines


def render_run(result: dict) -> list[str]:
    database = result["database"]
    cold = result["cold"]
    memory = result["memory_mb"]
    empty = empty_page_s(result)
    loads = [values[0] for values in result["load_average"].values()]
    lines = [
        f"### {title(result)}",
        "",
        f"{database['rows']:,} rows; database {database['prepared']}"
        + (f" in {database['prepare_s']:.0f} s" if database.get("prepare_s") else "")
        + f"; run of {result['duration_s'] / 60:.0f} min from {result['started_at']}, "
        f"samples per measure: {result['settings']['runs']}; load average "
        f"{min(loads):.1f} to {max(loads):.1f} during the run "
        f"({result['machine']['cores']} cores).",
        *(["", "This run had " + "; ".join(run_notes(result)) + "."] if run_notes(result) else []),
        "",
        f"Empty Streamlit page, fresh visit: {fmt(empty, 's')} (median; samples "
        + ", ".join(f"{v:.2f}" for v in result["empty_page"]["fresh_visit_s"])
        + (
            f"; {median(result['empty_page']['kb']):,.0f} kB over the websocket"
            if result["empty_page"].get("kb")
            else ""
        )
        + (
            f"; {median(result['empty_page']['js_kb']):,.0f} kB of JavaScript loaded"
            if result["empty_page"].get("js_kb")
            else ""
        )
        + ").",
        "",
        *render_summary(result),
        "",
        "Every page against the budgets of its scale (medians):",
        "",
        *render_page_budgets(result),
        "",
        "Every page, what a visitor waits (medians):",
        "",
        *render_pages(result, WAITS),
        "",
        "Every page, the app server's CPU time per action (medians, seconds; a busy machine "
        "hardly changes it):",
        "",
        *render_pages(result, CPU),
        "",
        "Every page, the script run as the browser saw it (medians, seconds: from its "
        '"running" to its "not running" state):',
        "",
        *render_pages(result, SERVER),
        "",
        "Every page's first paint on a fresh visit (medians): what the server sent over the "
        "websocket, and the charts, deck.gl maps and tables drawn (shown, not in a closed "
        f"expander) in a {VIEWPORT_TEXT} window, and of those the ones on the first screen; "
        "the JavaScript files the browser loaded for the visit and their size (decoded):",
        "",
        *render_pages(result, FIRST_PAINT),
        "",
        "Every page, what the server sent over the websocket (medians, kB) and the script runs "
        "an action took:",
        "",
        *render_pages(result, TRAFFIC),
        "",
        f"Server start to healthy: {fmt(median(cold['start_s']), 's')}; first visit after it: "
        + ", ".join(f"{v:.2f} s" for v in cold["first_visit_s"])
        + f" (script run {fmt(median(cold['server_run_s']), 's')}, server CPU "
        f"{fmt(median(cold.get('cpu_s')), 's')}). Frames loaded in "
        f"{database['load_frames_s']:.2f} s by the benchmark itself from the database"
        + (
            f"; their snapshot, as an import leaves it, written in {database['snapshot_s']:.2f} s"
            if "snapshot_s" in database
            else ""
        )
        + ". Server memory: "
        + ", ".join(
            f"{name.replace('_', ' ')} {fmt(value, 'MB')}" for name, value in memory.items()
        )
        + ".",
    ]
    soak = result.get("soak")
    if soak:
        first, last = soak["samples"][0], soak["samples"][-1]
        lines += [
            "",
            f"Soak: {soak['tours']} tours of every page in {soak['seconds']:.0f} s, each in a "
            f"new session with one of {soak['filter_states']} filter states. App server "
            f"{fmt(first['app_mb'], 'MB')} at the start, {fmt(last['app_mb'], 'MB')} at the end "
            f"(highest {fmt(soak_peak(result), 'MB')}); empty page "
            f"{fmt(first['empty_mb'], 'MB')} → {fmt(last['empty_mb'], 'MB')}.",
            "",
            "App server memory after each tour (MB): "
            + ", ".join(f"{s['app_mb']:.0f}" for s in soak["samples"] if s["app_mb"]),
        ]
    if result["errors"]:
        lines += ["", "What went wrong (the figures concerned are missing or suspect):", ""]
        lines += [f"- {error}" for error in result["errors"]]
    return lines


def render_machine(results: list[dict]) -> list[str]:
    first = results[0]["machine"]
    databases = sorted({r["machine"]["database"] for r in results})
    commits = sorted(
        {
            r["machine"]["commit"]
            + (" with uncommitted changes" if r["machine"]["uncommitted_changes"] else "")
            for r in results
        }
    )
    rows: list[tuple[str, str]] = [
        ("CPU", f"{first['cpu']}, {first['cores']} cores ({first['cores_usable']} usable)"),
        ("RAM", f"{first['ram_gb']} GB"),
        ("OS", first["os"]),
        ("Python", first["python"]),
        ("Streamlit", first["streamlit"]),
        ("Chromium", first["chromium"]),
        ("Databases", ", ".join(databases)),
        ("Code", ", ".join(commits)),
    ]
    return ["| | |", "|---|---|", *(f"| {name} | {value} |" for name, value in rows)]


def render(results: list[dict], note: str = "") -> str:
    results = sorted(
        results, key=lambda r: (r["database"]["enterprises"], r["settings"]["db"] != "sqlite")
    )
    dates = sorted({r["started_at"][:10] for r in results})
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (scripts/benchmark.py, scripts/bench_report.py) on "
        f"{', '.join(dates)} (UTC). Figures are medians over the samples of each run; a "
        "figure per page is the worst page's. Budgets are the performance issue's (medians "
        "on a 2-core machine). Timings are for reading, never pass/fail. A load average "
        "above the number of cores means other work shared the machine and the timings "
        "are inflated.",
        *(["", note] if note else []),
        "",
        "## Against the budgets",
        "",
        "The performance issue's rows (and the design's for a filter change), the worst "
        "page in brackets; each run's own table below has more.",
        "",
        *render_issue_table(results),
        "",
        "## Machine",
        "",
        *render_machine(results),
        "",
        "## Empty Streamlit page (the floor)",
        "",
        "| run | fresh visit |",
        "|---|---|",
        *(f"| {title(r)} | {fmt(empty_page_s(r), 's')} |" for r in results),
        "",
        "## Results",
    ]
    for result in results:
        lines += ["", *render_run(result)]
    return "\n".join(lines) + "\n"


def load(paths: list[Path]) -> list[dict]:
    return [json.loads(path.read_text()) for path in paths]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("results", nargs="+", type=Path, help="JSON files of benchmark.py")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--note", default="", help="a paragraph to add under the title")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.results if not p.exists()]
    if missing:
        print(f"No such results: {', '.join(missing)}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(load(args.results), args.note))
    print(f"Written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
