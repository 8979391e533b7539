"""Benchmark the dashboard against the performance budgets (never run by the tests).

    .venv/bin/python scripts/benchmark.py [--scale 1] [--db sqlite|postgresql] [--pg-url URL]
        [--runs 3] [--soak-seconds 180] [--out bench/raw/sqlite-scale1.json]

For the demo data at the given scale (1: about 240 enterprises; 208: about 50,000) in SQLite
or PostgreSQL, it starts the app and an empty Streamlit page (a one-line script) on free
ports, drives both with Debian's Chromium and records, for every page of
`score_dash.pages.PAGES`, `--runs` samples of:

- fresh visit: the page loaded in a new browser context until settled, with the empty page
  measured the same way in the same run (the floor the ratio is taken to), and what it
  drew: the charts, maps and tables shown, and of those the ones on the first screen;
- page switch in one session: a click on the page in the sidebar navigation until settled
  (wall time, and the script run as the browser saw it);
- server script run, cached: a rerun with nothing changed (the "r" key) on every page;
- rerun after a filter change: a sector added to the selection, a combination the server
  has not seen in this run (nothing cached);
- Excel of the page: the command line's export (`cli.build_page_export`, the same workbook
  as the page's download button, report included), from frames already loaded;

with, for every browser action, the app server's CPU time, the script runs the server
reported finished (an action is over when one has finished and the page has settled) and
the kB the server sent over the websocket; and, once per run, the first visit after a
server start (the cold load of all data), the server's memory (RSS) after visiting every
page, and a soak: the tour of every page repeated for `--soak-seconds` with changing
filters, the memory of both server processes sampled.

The database is made once per scale: SQLite files are kept under bench/cache/ (git-ignored;
rebuilt when the demo generator or the schema changes); for PostgreSQL the data are loaded
into a throwaway server started in a temporary directory (as user postgres when run as
root, like .ci/run) and stopped whatever happens, or into `--pg-url` (an empty database, or
one this script filled before at the same scale).

Writes the raw samples as JSON; scripts/bench_report.py turns them into bench/results.md.
Timings are for reading, never pass/fail.
"""

# ruff: noqa: E402 (the package's imports follow the path set for a run as a script)

from __future__ import annotations

import argparse
import gc
import hashlib
import itertools
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlencode, urlparse

from sqlalchemy import text

# Run as a script (make bench), the package and the tests beside it are not on the path yet.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from score_dash import cli
from score_dash.access.policy import Role
from score_dash.config import get_config
from score_dash.core.filters import Filters, build_options, resolve_periods
from score_dash.metrics import logframe
from score_dash.pages import assembly
from score_dash.pages.registry import PAGES, build_report
from score_dash.store import db, demo, disk_cache, loading
from tests.e2e.conftest import (
    CHROMIUM_ARGS,
    SETTLED,
    Server,
    chromium_path,
    free_port,
    script_runs,
    start_server,
    wait_runs,
    watch_runs,
)

BENCH = ROOT / "bench"
CACHE = BENCH / "cache"
# Files whose change makes a cached demo database stale.
DATABASE_SOURCES = (
    "score_dash/store/demo.py",
    "score_dash/store/db.py",
    "score_dash/store/models.py",
)
EMPTY_SCRIPT = "import streamlit as st\n\nst.write('empty')\n"
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 300_000
NAV = '[data-testid="stSidebarNav"]'
ERROR_JS = (
    "() => !!document.querySelector('[data-testid=\"stException\"]')"
    " || document.body.innerText.includes('Something went wrong while preparing')"
)
POLL_MS = 20


# --- The database -------------------------------------------------------------------------


def fingerprint(convention: str) -> str:
    """A short hash of what decides the demo database's content and schema."""
    digest = hashlib.sha256(convention.encode())
    for name in DATABASE_SOURCES:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:12]


def holds_demo(url: str, scale: float) -> bool:
    """Whether the database holds the default demo dataset at `scale` (and nothing else)."""
    engine = db.make_engine(url)
    try:
        if db.is_empty(engine):
            return False
        meta = db.get_meta(engine)
    finally:
        engine.dispose()
    return (
        meta.get("dataset") == "demo"
        and meta.get("demo_scale") == str(float(scale))
        and meta.get("demo_seed") == str(demo.DEFAULT_SEED)
    )


def load_demo(url: str, scale: float) -> float:
    """Fill an empty database with the demo data at `scale`; the seconds it took."""
    engine = db.make_engine(url)
    start = time.perf_counter()
    try:
        db.load_demo(engine, scale=scale, convention=get_config().period_convention)
    finally:
        engine.dispose()
    return time.perf_counter() - start


def sqlite_database(scale: float) -> tuple[str, str, float]:
    """The cached SQLite demo database at `scale` (built when missing or stale): its URL,
    whether it was 'cached' or 'built', and the seconds spent."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-scale{scale:g}-{fingerprint(get_config().period_convention)}.db"
    if path.exists() and holds_demo(f"sqlite:///{path}", scale):
        return f"sqlite:///{path}", "cached", 0.0
    for stale in CACHE.glob(f"demo-scale{scale:g}-*"):  # the file and its snapshot folder
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    print(f"Building the demo database at scale {scale:g} in {path} (once per scale)...")
    seconds = load_demo(f"sqlite:///{building}", scale)
    building.rename(path)
    return f"sqlite:///{path}", "built", seconds


def postgresql_database(url: str, scale: float) -> tuple[str, float]:
    """Fill the database at `url` unless it already holds the demo at `scale`."""
    if holds_demo(url, scale):
        return "reused", 0.0
    engine = db.make_engine(url)
    try:
        empty = db.is_empty(engine)
    finally:
        engine.dispose()
    if not empty:
        raise SystemExit(
            "The PostgreSQL database holds other data: give --pg-url an empty database "
            "(or leave --pg-url out for a throwaway server)."
        )
    print(f"Loading the demo data at scale {scale:g} into PostgreSQL...")
    return "loaded", load_demo(url, scale)


class ThrowawayPostgres:
    """A PostgreSQL server in a temporary directory on a free port, started like .ci/run
    starts one (as user postgres when this runs as root, fsync off) and removed on exit."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="score-bench-pg-"))
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        done = subprocess.run([*prefix, *command], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")

    def __enter__(self) -> ThrowawayPostgres:
        try:
            if self.as_postgres:
                shutil.chown(self.dir, "postgres", "postgres")
            data = str(self.dir / "data")
            self._run(
                f"{self.bin}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"
            )
            options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
            log = str(self.dir / "server.log")
            self._run(f"{self.bin}/pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start")
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        with suppress(RuntimeError, OSError):  # not started, or already stopped
            self._run(f"{self.bin}/pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def create_database(self, name: str) -> str:
        self._run(
            f"{self.bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


def postgres_bin() -> str:
    """The newest PostgreSQL's binaries (Debian: /usr/lib/postgresql/N/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if found:
        return str(found[-1].parent)
    initdb = shutil.which("initdb")
    if initdb is None:
        raise SystemExit(
            "PostgreSQL is not installed (apt-get install postgresql), or use --pg-url"
        )
    return str(Path(initdb).parent)


# --- The machine --------------------------------------------------------------------------


def machine(browser_version: str, db_url: str) -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line),
        platform.processor() or platform.machine(),
    )
    os_name = platform.platform()
    with suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)),
        "ram_gb": round(meminfo_kb("MemTotal") / 1024 / 1024, 1),
        "os": os_name,
        "python": platform.python_version(),
        "streamlit": metadata.version("streamlit"),
        "chromium": browser_version,
        "database": database_version(db_url),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def meminfo_kb(key: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return 0


def database_version(url: str) -> str:
    engine = db.make_engine(url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "postgresql":
                return "PostgreSQL " + connection.execute(text("SHOW server_version")).scalar_one()
            return "SQLite " + connection.execute(text("select sqlite_version()")).scalar_one()
    finally:
        engine.dispose()


def git(*args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    except OSError:
        return ""
    return result.stdout.strip()


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def rss_mb(pid: int) -> float | None:
    """Resident memory of a process in MB (None once it has gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


# --- Excel (pure Python) ------------------------------------------------------------------


def measure_excel(db_url: str, runs: int) -> tuple[dict[str, dict[str, list[float]]], dict]:
    """Per page: seconds to build the Excel as the command line does (report included) and
    to build the report alone, with the default filters; also the sectors, states and size
    bands (for the filter changes) and the seconds to load the frames."""
    engine = db.make_engine(db_url)
    start = time.perf_counter()
    frames = loading.load_frames(engine)
    load_s = time.perf_counter() - start
    meta = db.get_meta(engine)
    config = get_config()
    options = build_options(frames, config.period_convention)
    filters = Filters()
    periods = resolve_periods(filters, options, frames["periods"])
    result: dict[str, dict[str, list[float]]] = {}
    for spec in PAGES:
        samples: dict[str, list[float]] = {"excel_s": [], "report_s": []}
        for _ in range(runs):
            start = time.perf_counter()
            build_report(
                spec.name,
                frames,
                periods,
                options,
                scope=logframe.scope_of(filters),
                small_n=config.small_n,
            )
            samples["report_s"].append(time.perf_counter() - start)
            start = time.perf_counter()
            # A new source for every sample: a source keeps what it has worked out.
            source = assembly.Source(frames, config.assembly, engine, meta=meta)
            cli.build_page_export(source, spec.name, {}, {}, Role.STAFF)
            samples["excel_s"].append(time.perf_counter() - start)
        result[spec.name] = samples
    engine.dispose()
    labels = {
        field: list(options.labels_of(field).values())
        for field in ("sectors", "states", "size_bands")
    }
    return result, {"labels": labels, "load_frames_s": load_s}


# --- The browser --------------------------------------------------------------------------


def settle(page: Any) -> None:
    """Wait until the script has finished and no skeleton is left (as the browser tests)."""
    page.wait_for_selector(SETTLED, timeout=TIMEOUT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=TIMEOUT_MS
    )


class Timing(NamedTuple):
    """One browser action until the page has settled."""

    wall: float  # seconds, as a visitor waits
    script: float | None  # the script run(s) as the browser saw them (seconds)
    cpu: float | None  # the app server's CPU seconds meanwhile (little changed by a busy machine)
    runs: int  # script runs it took
    kb: float  # what the server sent over the websocket meanwhile (kB)


def timed_rerun(page: Any, action: Callable[[], None], pid: int | None = None) -> Timing:
    """Do something that makes the app rerun and wait until it has settled."""
    traffic = script_runs(page)
    finished, runs, sent = traffic.finished, traffic.runs, traffic.bytes
    since = page.evaluate("() => performance.now()")
    cpu = cpu_seconds(pid)
    start = time.perf_counter()
    action()
    wait_runs(page, finished, TIMEOUT_MS, POLL_MS)
    settle(page)
    wall = time.perf_counter() - start
    return Timing(
        wall,
        script_run_s(page, since),
        cpu_used(pid, cpu),
        traffic.runs - runs,
        (traffic.bytes - sent) / 1000,
    )


def cpu_seconds(pid: int | None) -> float | None:
    """User and system CPU time of a process so far (None without a process)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_used(pid: int | None, before: float | None) -> float | None:
    after = cpu_seconds(pid)
    return None if after is None or before is None else after - before


def script_run_s(page: Any, since: float) -> float | None:
    """Seconds from the first "running" to the last "not running" state after `since`.

    Streamlit's frontend marks every change of its script state (`performance.mark`) and
    measures `script-run-cycle` from the latest "running" mark; when a short run's "running"
    state is batched away by React that measure spans older marks, so it is not used. The
    states follow the server's "script started" and "script finished" messages: this is
    the server's run as the browser sees it. Without a "running" mark, measured from the
    action instead (an upper bound).
    """
    marks = page.evaluate(
        "since => ['running', 'notRunning'].flatMap(name => performance.getEntriesByName(name)"
        ".filter(m => m.entryType === 'mark' && m.startTime >= since)"
        ".map(m => [m.name, m.startTime]))",
        since,
    )
    ends = [t for name, t in marks if name == "notRunning"]
    if not ends:
        return None
    starts = [t for name, t in marks if name == "running"]
    return (max(ends) - (min(starts) if starts else since)) / 1000


@contextmanager
def browser_page(browser: Any) -> Iterator[Any]:
    """A page in a new browser context (empty cache, no cookies: a new visitor)."""
    context = watch_runs(browser.new_context(viewport=VIEWPORT))
    context.set_default_timeout(TIMEOUT_MS)  # a click waits for a slow page as long as a load
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def visit(page: Any, url: str, pid: int | None = None) -> Timing:
    """Open `url` in a new page and wait until its first script run has settled."""
    traffic = script_runs(page)
    cpu = cpu_seconds(pid)
    start = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    wait_runs(page, 0, TIMEOUT_MS, POLL_MS)
    settle(page)
    wall = time.perf_counter() - start
    return Timing(
        wall, script_run_s(page, 0.0), cpu_used(pid, cpu), traffic.runs, traffic.bytes / 1000
    )


def nav_link(page: Any, title: str) -> Any:
    return page.locator(NAV).get_by_role("link", name=title, exact=True)


class Recorder:
    """Samples per page and measure, and what went wrong on the way."""

    def __init__(self) -> None:
        self.pages: dict[str, dict[str, list[float]]] = {spec.name: {} for spec in PAGES}
        self.errors: list[str] = []

    def add(self, page_name: str, measure: str, value: float | None) -> None:
        if value is not None:
            self.pages[page_name].setdefault(measure, []).append(round(value, 4))

    def add_timing(self, page_name: str, measure: str, timing: Timing) -> None:
        """`measure`_s (wall), `measure`_server_s (script run), `measure`_cpu_s, _runs, _kb."""
        self.add(page_name, f"{measure}_s", timing.wall)
        self.add(page_name, f"{measure}_server_s", timing.script)
        self.add(page_name, f"{measure}_cpu_s", timing.cpu)
        self.add(page_name, f"{measure}_runs", timing.runs)
        self.add(page_name, f"{measure}_kb", timing.kb)

    def check(self, page: Any, where: str) -> None:
        """Note an error shown on the page (the figures of that sample are suspect)."""
        if page.evaluate(ERROR_JS):
            self.errors.append(f"error shown: {where}")

    @contextmanager
    def attempt(self, where: str) -> Iterator[None]:
        """Carry on with the next measure when one fails (a timeout), noting it."""
        from playwright.sync_api import Error as PlaywrightError

        try:
            yield
        except (PlaywrightError, TimeoutError) as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            self.errors.append(f"failed: {where}: {first_line}")
            print(f"  failed: {where}: {first_line}")


def page_url(base: str, name: str, query: list[tuple[str, str]] | None = None) -> str:
    path = "" if name == PAGES[0].name else name
    return f"{base}/{path}" + (f"?{urlencode(query)}" if query else "")


def measure_cold_visits(
    work: Path, db_url: str, browser: Any, runs: int, rec: Recorder
) -> tuple[Server, dict[str, list[float]]]:
    """Start the app `runs` times: seconds to healthy and to the first page settled (the
    cold load of all data). The last server is kept running for the other measures."""
    result: dict[str, list[float]] = {
        "start_s": [],
        "first_visit_s": [],
        "server_run_s": [],
        "cpu_s": [],
    }
    server: Server | None = None
    for run in range(runs):
        if server is not None:
            server.stop()
        start = time.perf_counter()
        server = start_server(work, db_url)
        result["start_s"].append(round(time.perf_counter() - start, 4))
        with rec.attempt(f"first visit after a start ({run + 1})"), browser_page(browser) as page:
            timing = visit(page, server.url, server.process.pid)
            for key, value in (
                ("first_visit_s", timing.wall),
                ("server_run_s", timing.script),
                ("cpu_s", timing.cpu),
            ):
                if value is not None:
                    result[key].append(round(value, 4))
            rec.check(page, f"first visit after a start ({run + 1})")
    assert server is not None
    return server, result


def measure_first_tour(browser: Any, app: Server, rec: Recorder) -> None:
    """Visit every page once in one session (warms every cache a visitor can reach)."""
    with rec.attempt("first tour"), browser_page(browser) as page:
        visit(page, app.url)
        for spec in PAGES[1:]:
            timed_rerun(page, nav_link(page, spec.title).click)
            rec.check(page, f"first tour, {spec.name}")


def measure_fresh_visits(
    browser: Any, app: Server, empty: Server, runs: int, rec: Recorder
) -> dict[str, list[float]]:
    """Per run: the empty page, then every page, each in a new browser context."""
    floor: dict[str, list[float]] = {"fresh_visit_s": [], "cpu_s": [], "kb": [], "js_kb": []}
    for run in range(runs):
        with rec.attempt(f"empty page ({run + 1})"), browser_page(browser) as page:
            timing = visit(page, empty.url, empty.process.pid)
            floor["fresh_visit_s"].append(round(timing.wall, 4))
            floor["kb"].append(round(timing.kb, 1))
            floor["js_kb"].append(round(page.evaluate(FIRST_PAINT_JS)["js_kb"], 1))
            if timing.cpu is not None:
                floor["cpu_s"].append(round(timing.cpu, 4))
        for spec in PAGES:
            with rec.attempt(f"fresh visit {spec.name} ({run + 1})"), browser_page(browser) as page:
                url = page_url(app.url, spec.name)
                rec.add_timing(spec.name, "fresh_visit", visit(page, url, app.process.pid))
                rec.check(page, f"fresh visit {spec.name}")
                for kind, count in page.evaluate(FIRST_PAINT_JS).items():
                    rec.add(spec.name, f"paint_{kind}", count)
    return floor


# What a fresh visit draws: Vega-Lite charts, deck.gl maps and tables, shown (a collapsed
# expander's are not drawn) and, of those, on the first screen (their top in the viewport);
# and the JavaScript files the browser loaded for it (decoded kB).
FIRST_PAINT_JS = """() => {
  const kinds = {
    charts: '[data-testid="stVegaLiteChart"]',
    maps: '[data-testid="stDeckGlJsonChart"]',
    tables: '[data-testid="stDataFrame"], [data-testid="stTable"]',
  };
  const out = {};
  for (const [kind, selector] of Object.entries(kinds)) {
    const shown = [...document.querySelectorAll(selector)].filter(element => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0;
    });
    out[kind] = shown.length;
    out[kind + "_first_screen"] = shown.filter(
      element => element.getBoundingClientRect().top < window.innerHeight
    ).length;
  }
  // The JavaScript the browser loaded, parsed and compiled for the visit (its code is
  // loaded on demand: each kind of element brings its own).
  const scripts = performance.getEntriesByType("resource").filter(e => e.name.endsWith(".js"));
  out.js_files = scripts.length;
  out.js_kb = scripts.reduce((sum, e) => sum + (e.decodedBodySize || 0), 0) / 1000;
  return out;
}"""


def measure_switches(browser: Any, app: Server, runs: int, rec: Recorder) -> None:
    """One session: click each page in the navigation, then rerun it with nothing changed
    (the "r" key): the switch and the cached script run of every page, `runs` times."""
    pid = app.process.pid
    with browser_page(browser) as page:
        visit(page, app.url)
        for run in range(runs):
            for spec in (*PAGES[1:], PAGES[0]):
                where = f"{spec.name} ({run + 1})"
                with rec.attempt(f"page switch to {where}"):
                    link = nav_link(page, spec.title)
                    rec.add_timing(spec.name, "switch", timed_rerun(page, link.click, pid))
                    rec.check(page, f"page switch to {where}")
                with rec.attempt(f"cached rerun of {where}"):
                    # Streamlit ignores its "r" shortcut while a text box has the focus.
                    page.evaluate("() => document.activeElement?.blur()")
                    press_r = partial(page.keyboard.press, "r")
                    rec.add_timing(spec.name, "rerun", timed_rerun(page, press_r, pid))


def measure_page_downloads(browser: Any, app: Server, runs: int, rec: Recorder) -> None:
    """Per page and run: open it in a new session, click its Download Excel and wait until
    the browser has the whole file. The page's report is on screen already, so this is the
    workbook, built on the click on the server: what a user in the meeting waits for. Each
    sample is a new session because a session keeps the workbook it built (a second click
    is not a build)."""
    for run in range(runs):
        for spec in PAGES:
            where = f"Excel download on {spec.name} ({run + 1})"
            with rec.attempt(where), browser_page(browser) as page:
                visit(page, page_url(app.url, spec.name))
                button = page.get_by_role("button", name="Download Excel")
                cpu = cpu_seconds(app.process.pid)
                start = time.perf_counter()
                with page.expect_download(timeout=TIMEOUT_MS) as info:
                    button.click()
                size = Path(info.value.path()).stat().st_size
                rec.add(spec.name, "download_s", time.perf_counter() - start)
                rec.add(spec.name, "download_cpu_s", cpu_used(app.process.pid, cpu))
                rec.add(spec.name, "download_kb", size / 1000)
                rec.check(page, where)


def sector_changes(sectors: list[str]) -> Iterator[tuple[tuple[str, ...], str]]:
    """Sector selections, each new: (already selected, the one added)."""
    for size in range(2, len(sectors) + 1):
        for combination in itertools.combinations(sectors, size):
            yield combination[:-1], combination[-1]


def measure_filter_changes(
    browser: Any, app: Server, sectors: list[str], runs: int, rec: Recorder
) -> None:
    """Per page and run: open the page with some sectors selected, add one more (a
    selection not seen before in this run) and wait until the page has settled."""
    changes = sector_changes(sectors)
    for run in range(runs):
        for spec in PAGES:
            chosen, added = next(changes, ((), ""))
            if not added:
                rec.errors.append("not enough sectors for a new selection every time")
                return
            where = f"filter change on {spec.name} ({run + 1})"
            with rec.attempt(where), browser_page(browser) as page:
                visit(page, page_url(app.url, spec.name, [("sector", s) for s in chosen]))
                box = page.locator(".st-key-sector input")
                box.click()
                box.fill(added)
                option = page.get_by_role("option", name=added, exact=True)
                option.wait_for(timeout=TIMEOUT_MS)
                timing = timed_rerun(page, option.click, app.process.pid)
                rec.add_timing(spec.name, "filter_change", timing)
                rec.check(page, where)
                if added not in parse_qs(urlparse(page.url).query).get("sector", []):
                    rec.errors.append(f"{where}: the sector did not reach the URL")


def soak(
    browser: Any,
    app: Server,
    empty: Server,
    labels: dict[str, list[str]],
    seconds: float,
    rec: Recorder,
) -> dict[str, Any]:
    """The tour of every page, in a new session each time with another filter (more filter
    states than the caches hold), for `seconds`; both servers' memory after each tour."""
    states: list[list[tuple[str, str]]] = [[]]
    for key, field in (("sector", "sectors"), ("state", "states"), ("size", "size_bands")):
        states.extend([[(key, label)] for label in labels[field]])
    samples = [{"t": 0.0, "app_mb": rss_mb(app.process.pid), "empty_mb": rss_mb(empty.process.pid)}]
    start = time.perf_counter()
    tours = 0
    while time.perf_counter() - start < seconds:
        query = states[tours % len(states)]
        with rec.attempt(f"soak tour {tours + 1}"), browser_page(browser) as page:
            visit(page, page_url(app.url, PAGES[0].name, query))
            for spec in PAGES[1:]:
                timed_rerun(page, nav_link(page, spec.title).click)
                rec.check(page, f"soak tour {tours + 1}, {spec.name}")
        with rec.attempt(f"soak tour {tours + 1}, empty page"), browser_page(browser) as page:
            visit(page, empty.url)
        tours += 1
        samples.append(
            {
                "t": round(time.perf_counter() - start, 1),
                "app_mb": rss_mb(app.process.pid),
                "empty_mb": rss_mb(empty.process.pid),
            }
        )
    return {"seconds": seconds, "tours": tours, "filter_states": len(states), "samples": samples}


# --- The run ------------------------------------------------------------------------------


def run_benchmark(args: argparse.Namespace, db_url: str, prepared: dict, work: Path) -> dict:
    from playwright.sync_api import sync_playwright

    started = datetime.now(UTC)
    loads: dict[str, list[float]] = {}

    def phase(name: str) -> None:
        """Say what is measured next, and note how busy the machine is as it starts."""
        loads[name] = load_average()
        print(f"{name}... (load average {loads[name][0]:.1f})", flush=True)

    phase("Excel of every page (pure Python)")
    excel, extra = measure_excel(db_url, args.runs)
    gc.collect()
    engine = db.make_engine(db_url)
    counts = db.row_counts(engine)
    # The frames' snapshot as the import of the data leaves it (score_dash/store/disk_cache.py):
    # servers started below read it on their first visit.
    start = time.perf_counter()
    extra["snapshot"] = str(disk_cache.refresh(engine, db_url, get_config().cache_dir_for(db_url)))
    extra["snapshot_s"] = round(time.perf_counter() - start, 2)
    engine.dispose()
    rec = Recorder()
    for name, samples in excel.items():
        for measure, values in samples.items():
            for value in values:
                rec.add(name, measure, value)

    empty_script = work / "empty.py"
    empty_script.write_text(EMPTY_SCRIPT)
    empty = start_server(work, db_url, script=empty_script)
    app: Server | None = None
    memory: dict[str, float | None] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path() or "/usr/bin/chromium", args=list(CHROMIUM_ARGS)
            )
            with browser_page(browser) as page:  # its first visitor pays the imports
                visit(page, empty.url)
            phase("First visit after a server start")
            app, cold = measure_cold_visits(work, db_url, browser, args.runs, rec)
            memory["after_first_visit"] = rss_mb(app.process.pid)
            measure_first_tour(browser, app, rec)
            memory["after_every_page"] = rss_mb(app.process.pid)
            phase("Fresh visits")
            floor = measure_fresh_visits(browser, app, empty, args.runs, rec)
            phase("Page switches and cached reruns")
            measure_switches(browser, app, args.runs, rec)
            memory["after_switches"] = rss_mb(app.process.pid)
            phase("Excel downloads on the pages")
            measure_page_downloads(browser, app, args.runs, rec)
            phase("Filter changes")
            measure_filter_changes(browser, app, extra["labels"]["sectors"], args.runs, rec)
            memory["after_filter_changes"] = rss_mb(app.process.pid)
            soaked = None
            if args.soak_seconds > 0:
                phase(f"Soak ({args.soak_seconds:g} s)")
                soaked = soak(browser, app, empty, extra["labels"], args.soak_seconds, rec)
            browser_version = browser.version
            browser.close()
    finally:
        for server in (app, empty):
            if server is not None:
                server.stop()
    finished = datetime.now(UTC)
    return {
        "format": 1,
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": finished.isoformat(timespec="seconds"),
        "duration_s": round((finished - started).total_seconds(), 1),
        "load_average": {**loads, "end": load_average()},
        "machine": machine(browser_version, db_url),
        "settings": {
            "scale": args.scale,
            "db": args.db,
            "runs": args.runs,
            "soak_seconds": args.soak_seconds,
        },
        "database": {
            "enterprises": counts["enterprises"],
            "rows": sum(counts.values()),
            **prepared,
            "load_frames_s": round(extra["load_frames_s"], 3),
            "snapshot_s": extra["snapshot_s"],
        },
        "empty_page": floor,
        "cold": cold,
        "memory_mb": memory,
        "soak": soaked,
        "pages": rec.pages,
        "errors": rec.errors,
    }


def summary(results: dict) -> str:
    """A few lines to read in the terminal (bench_report.py writes the full report)."""
    empty = statistics.median(results["empty_page"]["fresh_visit_s"] or [float("nan")])
    lines = [
        f"{results['database']['enterprises']:,} enterprises on {results['settings']['db']}, "
        f"{results['duration_s']:.0f} s; empty page {empty:.2f} s",
        f"{'page':<12} {'visit':>6} {'ratio':>6} {'switch':>7} {'rerun':>6} {'filter':>7} "
        f"{'excel':>6}",
    ]
    for name, samples in results["pages"].items():

        def med(key: str, samples: dict = samples) -> float:
            return statistics.median(samples.get(key) or [float("nan")])

        lines.append(
            f"{name:<12} {med('fresh_visit_s'):6.2f} {med('fresh_visit_s') / empty:5.2f}x "
            f"{med('switch_s'):7.2f} {med('rerun_server_s'):6.2f} {med('filter_change_s'):7.2f} "
            f"{med('excel_s'):6.2f}"
        )
    cold = results["cold"]["first_visit_s"]
    lines.append(
        f"first visit after a start {statistics.median(cold or [float('nan')]):.2f} s; "
        f"memory after every page {results['memory_mb'].get('after_every_page')} MB"
    )
    if results["soak"]:
        first, last = results["soak"]["samples"][0], results["soak"]["samples"][-1]
        peak = max(s["app_mb"] or 0 for s in results["soak"]["samples"])
        lines.append(
            f"soak: {results['soak']['tours']} tours, app {first['app_mb']} -> {last['app_mb']} "
            f"MB (peak {peak}), empty page {first['empty_mb']} -> {last['empty_mb']} MB"
        )
    lines.extend(f"! {error}" for error in results["errors"])
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="demo scale: 1 = ~240, 208 = ~50,000 enterprises"
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--pg-url",
        help="PostgreSQL database to use (empty, or filled by this script before at the same "
        "scale); default: a throwaway server",
    )
    parser.add_argument("--runs", type=int, default=3, help="samples of each measure")
    parser.add_argument(
        "--soak-seconds", type=float, default=180, help="length of the soak (0: none)"
    )
    parser.add_argument("--out", type=Path, help="JSON file (default bench/raw/DB-scaleN.json)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.pg_url and args.db != "postgresql":
        parser.error("--pg-url goes with --db postgresql")
    args.out = args.out or BENCH / "raw" / f"{args.db}-scale{args.scale:g}.json"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A terminated benchmark still stops its servers (the finally blocks run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(129))
    with tempfile.TemporaryDirectory(prefix="score-bench-") as tmp:
        work = Path(tmp)
        if args.db == "sqlite":
            db_url, how, seconds = sqlite_database(args.scale)
            results = run_benchmark(
                args, db_url, {"prepared": how, "prepare_s": round(seconds, 1)}, work
            )
        elif args.pg_url:
            how, seconds = postgresql_database(args.pg_url, args.scale)
            results = run_benchmark(
                args, args.pg_url, {"prepared": how, "prepare_s": round(seconds, 1)}, work
            )
        else:
            with ThrowawayPostgres() as server:
                url = server.create_database("score_bench")
                how, seconds = postgresql_database(url, args.scale)
                results = run_benchmark(
                    args, url, {"prepared": how, "prepare_s": round(seconds, 1)}, work
                )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(summary(results))
    print(f"Raw results: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
