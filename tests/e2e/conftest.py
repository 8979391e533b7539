"""Real-browser fixtures: a Streamlit server on a free port and Debian's Chromium.

Skipped, with the reason printed by pytest (-ra), when Chromium is not installed. The
server gets a fresh temporary database, so the first request also exercises the
first-start path (schema and demo data created by the app itself).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from google.protobuf.message import DecodeError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SETTLED = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)


# Offline and quiet: no sandbox (root in CI), no GPU, no background requests.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def chromium_path() -> str | None:
    candidate = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )
    return candidate if candidate and Path(candidate).exists() else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    del config
    here = Path(__file__).resolve().parent
    skip = None
    if chromium_path() is None:
        skip = pytest.mark.skip(
            reason="Chromium not installed (apt-get install chromium); browser tests skipped"
        )
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            if skip is not None:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": chromium_path(),
        "args": list(CHROMIUM_ARGS),
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {
        **browser_context_args,
        "viewport": {"width": 1400, "height": 1000},
        "accept_downloads": True,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    db_url: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(
    tmp: Path,
    db_url: str | None = None,
    env: dict[str, str] | None = None,
    script: Path = ROOT / "app.py",
    address: str = "127.0.0.1",
    port: int | None = None,
) -> Server:
    """Start SCRIPT (app.py, as it is deployed: `python -m score_dash.serve run app.py`) on a
    free port (or `port`) and wait until it is healthy. Listening on `address` other than
    loopback without sign-in, everyone is a viewer (local mode); the URL stays the loopback
    one.

    scripts/benchmark.py uses it too, for the app and for an empty page.
    """
    port = port or free_port()
    db_url = db_url or f"sqlite:///{tmp / 'score.db'}"
    log = tmp / f"server-{port}.log"
    environment = {**os.environ, "SCORE_DB_URL": db_url, **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                # The app starts as it is deployed (score_dash/serve.py); another script (the
                # benchmark's empty page) as Streamlit starts it.
                "score_dash.serve" if script == ROOT / "app.py" else "streamlit",
                "run",
                str(script),
                "--server.address",
                address,
                "--server.port",
                str(port),
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, db_url, log)
    try:
        wait_healthy(server.url, process, log)
    except RuntimeError:
        server.stop()
        raise
    return server


def wait_healthy(
    url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 60
) -> None:
    """Poll `URL/_stcore/health` until it says ok; fail with the end of LOG if PROCESS (the
    server, or whatever started it) exits first or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.read().decode() == "ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} not healthy after {timeout:.0f} s: {log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for the session, with its own fresh database."""
    server = start_server(tmp_path_factory.mktemp("server"))
    yield server
    server.stop()


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    """A server started for one test (for 'first request to a new server' checks)."""
    server = start_server(tmp_path)
    yield server
    server.stop()


# Every table on screen has drawn its cells. A table draws on a canvas after the script has
# finished; its cells' text reaches the page (an accessible table beside the canvas, what
# `get_by_text` reads) about half a second later, longer on a busy machine. Until then a
# check that some text is absent passes whatever the tables hold (tests/e2e/test_going_live.py
# found "illustrative" on the Definitions page so, only under load). A table in a closed
# expander is not drawn, and not waited for.
TABLES_DRAWN = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].every(
    (frame) => !frame.checkVisibility() || frame.querySelector('table [role="columnheader"]'))"""


def wait_settled(page, timeout: float = 90_000) -> None:
    """Wait until the script has finished, no skeleton is left and every table shown has
    drawn its cells."""
    from playwright.sync_api import expect

    expect(page.locator(SETTLED)).to_have_count(1, timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=timeout)
    page.wait_for_function(TABLES_DRAWN, timeout=timeout)


SCREENSHOTS = "SCORE_TEST_SCREENSHOTS"


def screenshot(page, name: str, full: bool = True) -> Path | None:
    """With SCORE_TEST_SCREENSHOTS=1 in the environment: save a screenshot under
    tests/e2e/artifacts/ (git-ignored), whole page if asked. Otherwise none (no test reads
    them; they are for a person to look at): the browser's encoding of 40-odd PNGs, and the
    page's layout at full height for the whole-page ones, cost CPU on every run."""
    if os.environ.get(SCREENSHOTS) != "1":
        return None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    if full:
        height = page.evaluate(
            "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
            " return m ? m.scrollHeight : document.body.scrollHeight; }"
        )
        size = page.viewport_size or {"width": 1400, "height": 1000}
        page.set_viewport_size(
            {"width": size["width"], "height": max(int(height) + 40, size["height"])}
        )
        page.wait_for_timeout(300)  # layout after resize
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
    else:
        page.screenshot(path=str(path))
    return path


class ScriptRuns:
    """What the server sends one page: the script runs it reports finished, and the bytes.

    The browser's own record of runs (its `script-run-cycle` performance measure) misses a
    run whose "running" state React batches away, and a wait on it then never ends (seen
    once in CI, with six sessions on two processes). The server's "script finished"
    message is sent for every run. scripts/benchmark.py counts with it too.
    """

    def __init__(self, page) -> None:
        self.finished = 0  # runs that ran to the end (not stopped for a rerun)
        self.runs = 0  # every "script finished", stopped ones included
        self.bytes = 0  # everything received over the page's websockets
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: bytes | str) -> None:
        data = payload.encode() if isinstance(payload, str) else payload
        self.bytes += len(data)
        try:
            message = ForwardMsg.FromString(data)
        except DecodeError:
            return  # not a ForwardMsg: only counted in bytes
        if message.WhichOneof("type") == "script_finished":
            self.runs += 1
            if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.finished += 1


RUNS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def watch_runs(context):
    """Count the finished script runs of every page of a browser context (its pages so far
    and those opened later). Call it before the pages' first visit."""

    def watch(page) -> None:
        if page not in RUNS:
            RUNS[page] = ScriptRuns(page)

    for page in context.pages:
        watch(page)
    context.on("page", watch)
    return context


@pytest.fixture
def context(context):
    """pytest-playwright's context, its pages' script runs counted."""
    return watch_runs(context)


def script_runs(page) -> ScriptRuns:
    """The page's counts (its context must have been watched: `watch_runs`)."""
    if page not in RUNS:
        raise AssertionError(
            "the page's script runs are not counted: open it in a watch_runs context"
        )
    return RUNS[page]


def run_count(page) -> int:
    """Script runs of the page the server has finished so far."""
    return script_runs(page).finished


def wait_runs(page, more_than: int, timeout: float = 90_000, poll_ms: float = 100) -> None:
    """Wait until the server has finished a script run of the page after the count
    `more_than` (Playwright delivers the frames while it waits)."""
    deadline = time.monotonic() + timeout / 1000
    while run_count(page) <= more_than:
        if time.monotonic() > deadline:
            raise AssertionError(f"no script run finished in {timeout / 1000:.0f} s")
        page.wait_for_timeout(poll_ms)


def settle_after(page, action, timeout: float = 90_000) -> None:
    """Do something that makes the app rerun, then wait until that rerun has finished.

    Waiting for "not running" alone can pass before the rerun starts; the count of runs
    the server has finished grows once per finished run.
    """
    before = run_count(page)
    action()
    wait_runs(page, before, timeout)
    wait_settled(page, timeout)
