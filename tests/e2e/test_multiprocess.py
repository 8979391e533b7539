"""Two app processes behind nginx on one PostgreSQL database: the recipe in deploy/, run.

The processes are started by deploy/run-processes.sh and served through nginx with
deploy/nginx.conf itself: the test replaces only its `listen` lines, the upstream's ports
and the log folder, and fails if any of them is not found as written there. Six browser
sessions (two sent to each process by a route cookie found beforehand, two routed by nginx
alone) tour the review pages at the same time, driven round-robin (every session's click is
sent before any session is waited for), while the command line imports a workbook that adds
a half-year. Afterwards every session, reloaded, shows the new half-year; the import history
has exactly one more entry; no session showed an error and no process logged one; nginx's
access log shows that every request of a browser went to one process (its two WebSockets,
before and after the reload, included; none dropped) and that both processes served
browsers; with no sign-in configured, everyone who came through nginx was a viewer; and
nginx refuses a body well over Streamlit's upload limit (413) before any process reads it.

Skipped, with the reason, without PostgreSQL (SCORE_TEST_PG_URL, which .ci/run sets) or
nginx (`apt-get install nginx`; .ci/run installs it).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url

from score_dash.config import upload_limit_mb
from score_dash.pages.registry import PAGES
from score_dash.pages.registry import Page as PageSpec
from score_dash.store import db
from score_dash.store import models as m
from tests.conftest import mark_as_records, pg_url
from tests.e2e.conftest import (
    ROOT,
    free_port,
    run_count,
    wait_healthy,
    wait_runs,
    wait_settled,
    watch_runs,
)
from tests.unit.bad_files import good_file

NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
)
SITE = ROOT / "deploy" / "nginx.conf"
RUN_PROCESSES = ROOT / "deploy" / "run-processes.sh"
PROCESSES = 2
ROUTED = 2  # browsers sent to each process by a route cookie found beforehand
SESSIONS = PROCESSES * ROUTED + 2  # six browsers: two more routed by nginx alone
# Each browser at a projector's size and without animations: six Chromium pages rendering
# at once are most of this test's work on a two-core machine.
CONTEXT = {"viewport": {"width": 1024, "height": 768}, "reduced_motion": "reduce"}
NEW_PERIOD = "2018-H1"  # the half-year that tests.unit.bad_files.good_file() adds
REVIEW = [page for page in PAGES if not page.staff_only]
ERROR_TEXT = "Something went wrong while preparing this page"  # score_dash/ui/errors.py
# A line of deploy/nginx.conf's `score_upstream` log format.
LOG_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) \d+ '
    r"upstream=(?P<upstream>.+?) route=(?P<route>\S+)"  # "a, b" when nginx tried two
)

pytestmark = [
    pytest.mark.db,
    pytest.mark.skipif(
        pg_url() is None,
        reason="SCORE_TEST_PG_URL not set: multi-process test skipped "
        "(.ci/run starts PostgreSQL and sets it)",
    ),
    pytest.mark.skipif(
        NGINX is None,
        reason="nginx not installed (apt-get install nginx): multi-process test skipped",
    ),
]


# --- the database, the processes and nginx ------------------------------------------------


@pytest.fixture
def records_url() -> Iterator[str]:
    """A schema of its own on the test PostgreSQL, holding the demo's rows as records (a
    database marked as the demo refuses real imports); dropped afterwards."""
    url = make_url(pg_url()).set(drivername="postgresql+psycopg")
    schema = f"multiprocess_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    schema_url = url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )
    engine = db.make_engine(schema_url)
    db.load_demo(engine)
    mark_as_records(engine)
    engine.dispose()
    yield schema_url
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def free_port_pair() -> int:
    """A free port whose next port is free too (run-processes.sh takes consecutive ports)."""
    for _ in range(50):
        port = free_port()
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no two consecutive free ports")


@dataclass
class Processes:
    ports: list[int]
    log: Path  # the output of every process, each line starting with its port


@pytest.fixture
def processes(records_url: str, tmp_path: Path) -> Iterator[Processes]:
    """deploy/run-processes.sh serving two processes on the records database."""
    first = free_port_pair()
    ports = [first + i for i in range(PROCESSES)]
    log = tmp_path / "processes.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(RUN_PROCESSES), str(PROCESSES), str(first)],
            cwd=ROOT,
            env={**os.environ, "SCORE_DB_URL": records_url, "PYTHON": sys.executable},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}", process, log)
        yield Processes(ports, log)
    finally:
        process.terminate()  # the script stops its processes
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def render_site(site: str, listen: int, upstreams: Sequence[int], logs: Path) -> str:
    """deploy/nginx.conf with this test's port, processes and log folder; every other line
    as shipped. Fails if a line to replace is not found exactly as expected."""
    replacements: list[tuple[str, str | Callable[[re.Match[str]], str], int]] = [
        (r"(?m)^(\s*)listen 80;$", rf"\1listen 127.0.0.1:{listen};", 1),
        (r"(?m)^\s*listen \[::\]:80;\n", "", 1),
        (
            r"(?m)^(\s*)server 127\.0\.0\.1:8501;\n\s*server 127\.0\.0\.1:8502;$",
            lambda found: "\n".join(f"{found[1]}server 127.0.0.1:{port};" for port in upstreams),
            1,
        ),
        (r"(?m)^(\s*(?:access|error)_log )/var/log/nginx/", rf"\g<1>{logs}/", 2),
    ]
    for pattern, replacement, expected in replacements:
        site, count = re.subn(pattern, replacement, site)
        assert count == expected, f"deploy/nginx.conf: {pattern!r} found {count} times"
    return site


# nginx's main configuration for the test (Debian's /etc/nginx/nginx.conf in a deployment):
# pid, logs and temporary files under the test's folder, so that no root is needed.
MAIN_CONFIG = """\
{user}pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log notice;
worker_processes 2;
events {{
    worker_connections 512;
}}
http {{
    client_body_temp_path {prefix}/temp/client_body;
    proxy_temp_path {prefix}/temp/proxy;
    fastcgi_temp_path {prefix}/temp/fastcgi;
    uwsgi_temp_path {prefix}/temp/uwsgi;
    scgi_temp_path {prefix}/temp/scgi;
    include {prefix}/score-dashboard.conf;
}}
"""


@dataclass
class Proxy:
    url: str
    access_log: Path


@pytest.fixture
def proxy(processes: Processes, tmp_path: Path) -> Iterator[Proxy]:
    """nginx on a free port in front of the two processes, with deploy/nginx.conf."""
    prefix = tmp_path / "nginx"
    for folder in ("logs", "temp"):
        (prefix / folder).mkdir(parents=True)
    port = free_port()
    site = render_site(SITE.read_text(), port, processes.ports, prefix / "logs")
    (prefix / "score-dashboard.conf").write_text(site)
    # nginx started by root runs its workers as nobody, who cannot enter pytest's private
    # temporary folder: keep them as root then (a deployment runs them as www-data).
    user = "user root;\n" if os.geteuid() == 0 else ""
    config = prefix / "nginx.conf"
    config.write_text(MAIN_CONFIG.format(prefix=prefix, user=user))
    command = [NGINX, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "logs/error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    log = prefix / "logs/nginx.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, prefix / "logs/error.log", timeout=20)
        yield Proxy(url, prefix / "logs/score-dashboard.access.log")
    finally:
        process.terminate()
        process.wait(timeout=20)


# --- reading nginx's access log -----------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    status: int
    upstream: str
    route: str


def read_hits(access_log: Path) -> list[Hit]:
    hits = []
    for line in access_log.read_text().splitlines():
        found = LOG_LINE.search(line)
        assert found, f"not in deploy/nginx.conf's log format: {line}"
        hits.append(
            Hit(
                found["method"],
                found["path"],
                int(found["status"]),
                found["upstream"],
                found["route"],
            )
        )
    return hits


def wait_for_hits(access_log: Path, done: Callable[[list[Hit]], bool]) -> list[Hit]:
    """nginx writes a request's line once the request has ended: wait for them."""
    deadline = time.monotonic() + 15
    while True:
        hits = read_hits(access_log)
        if done(hits) or time.monotonic() > deadline:
            return hits
        time.sleep(0.1)


def routes_to_each_process(proxy: Proxy, ports: Sequence[int], per_process: int) -> list[str]:
    """Route cookies that nginx sends to each process, `per_process` of each: found by
    asking with candidate cookies and reading which process the log says answered."""
    candidates = [f"browser-{i}" for i in range(60)]
    for route in candidates:
        request = urllib.request.Request(
            f"{proxy.url}/_stcore/health", headers={"Cookie": f"score_route={route}"}
        )
        with urllib.request.urlopen(request, timeout=5) as reply:
            assert reply.read() == b"ok"
    hits = wait_for_hits(
        proxy.access_log, lambda hits: set(candidates) <= {hit.route for hit in hits}
    )
    upstream = {hit.route: hit.upstream for hit in hits}
    chosen = [
        [route for route in candidates if upstream[route] == f"127.0.0.1:{port}"][:per_process]
        for port in ports
    ]
    assert all(len(routes) == per_process for routes in chosen), upstream
    return [route for routes in zip(*chosen, strict=True) for route in routes]


def upload_status(proxy: Proxy, size: int) -> int:
    """nginx's answer to the headers of a PUT of `size` bytes to Streamlit's upload route
    (413 when the body is over its limit; the body itself is not sent)."""
    url = urllib.parse.urlsplit(proxy.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.putrequest("PUT", "/_stcore/upload_file/no-session/no-file")
        connection.putheader("Content-Length", str(size))
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


# --- the browser sessions -----------------------------------------------------------------


@dataclass
class Session:
    context: BrowserContext
    page: Page
    route: str = ""  # the score_route cookie (nginx's routing of this browser)


def open_sessions(browser: Browser, context_args: dict, proxy: Proxy, routes: list[str]):
    """SESSIONS browsers: the first ones with the given route cookies, the others with none
    (nginx gives them one). Every first visit is sent before any is waited for."""
    sessions = []
    for index in range(SESSIONS):
        context = watch_runs(browser.new_context(**context_args))
        route = routes[index] if index < len(routes) else ""
        if route:
            context.add_cookies([{"name": "score_route", "value": route, "url": proxy.url}])
        sessions.append(Session(context, context.new_page(), route))
    for session in sessions:
        session.page.goto(proxy.url, wait_until="commit")
    for session in sessions:
        wait_settled(session.page)
        expect_no_error(session.page)
        cookies = {c["name"]: c["value"] for c in session.context.cookies()}
        assert cookies.get("score_route"), "nginx gave no route cookie"
        session.route = cookies["score_route"]
    return sessions


def nav_link(page: Page, spec: PageSpec):
    nav = page.locator('[data-testid="stSidebarNav"]')
    return nav.get_by_role("link", name=spec.title, exact=True)


def period_selector(page: Page):
    """The review period's selectbox (its input holds the half-year shown)."""
    return page.locator(".st-key-period").get_by_role("combobox")


def expect_no_error(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text(ERROR_TEXT)).to_have_count(0)


def all_at_once(sessions: list[Session], act: Callable[[int, Session], None]) -> None:
    """Act in every session, then wait for each one's rerun (or first run, after a reload)
    to finish: the processes serve the sessions at the same time. Every session must end
    without an error."""
    before = [run_count(session.page) for session in sessions]
    for index, session in enumerate(sessions):
        act(index, session)
    for session, count in zip(sessions, before, strict=True):
        wait_runs(session.page, count)
        wait_settled(session.page)
        expect_no_error(session.page)


def start_import(url: str, folder: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """`python -m score_dash import` of a workbook adding a half-year, in the background."""
    workbook = folder / "new-half-year.xlsx"
    workbook.write_bytes(good_file())
    log = folder / "import.log"
    command = [sys.executable, "-m", "score_dash", "import", str(workbook), "--accept-warnings"]
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*command, "--url", url, "--user", "multi-process test"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, log


def is_stream(hit: Hit) -> bool:
    return hit.path.startswith("/_stcore/stream")


def test_two_processes_behind_nginx_serve_every_browser_and_an_import_reaches_all(
    browser: Browser,
    browser_context_args: dict,
    proxy: Proxy,
    processes: Processes,
    records_url: str,
    tmp_path: Path,
) -> None:
    engine: Engine = db.make_engine(records_url)
    batches_before = db.row_counts(engine)["import_batches"]
    # Each process was ready before it listened: the frames of the database's version loaded
    # and the first visit rehearsed (score_dash/serve.py).
    ready = re.findall(
        r"(?m)^\[(\d+)\] SCORE dashboard: ready for the first visit in [\d.]+ s "
        r"\(data version (\d+)\)$",
        processes.log.read_text(errors="replace"),
    )
    version = db.data_version(engine)
    assert sorted(ready) == [(str(port), version) for port in processes.ports]
    # nginx refuses a body well over Streamlit's upload limit at once (that its limit is
    # above Streamlit's is checked in tests/unit/test_deploy.py).
    assert upload_status(proxy, (upload_limit_mb() + 10) * 2**20) == 413
    routes = routes_to_each_process(proxy, processes.ports, per_process=ROUTED)
    sessions = open_sessions(browser, {**browser_context_args, **CONTEXT}, proxy, routes)
    try:
        data_page = next(page for page in PAGES if page.staff_only)
        for session in sessions:
            # No sign-in configured, and the request came through nginx: a viewer.
            expect(session.page.get_by_text("Sign-in is not set up on this server")).to_be_visible()
            expect(nav_link(session.page, data_page)).to_have_count(0)
            expect(period_selector(session.page)).not_to_have_value(NEW_PERIOD)

        importer, import_log = start_import(records_url, tmp_path)
        # Tour the review pages while the import runs, each session on its own page, until
        # the import has ended (two steps at least).
        step = 1
        while step <= 2 or importer.poll() is None:
            assert step <= 20, "the import did not end"
            all_at_once(
                sessions,
                lambda index, session, step=step: nav_link(
                    session.page, REVIEW[(index + step) % len(REVIEW)]
                ).click(),
            )
            step += 1
        assert importer.wait() == 0, import_log.read_text()

        all_at_once(sessions, lambda _i, session: session.page.reload(wait_until="commit"))
        for session in sessions:
            expect(period_selector(session.page)).to_have_value(NEW_PERIOD)
    finally:
        for session in sessions:
            session.context.close()  # nginx logs a WebSocket once it is closed

    with engine.connect() as connection:
        batches = connection.execute(
            select(m.ImportBatch.outcome, m.ImportBatch.user_name).order_by(m.ImportBatch.id)
        ).all()
    engine.dispose()
    assert len(batches) == batches_before + 1
    assert tuple(batches[-1]) == ("imported", "multi-process test")

    browsers = {session.route for session in sessions}
    hits = wait_for_hits(  # two WebSockets per browser: before and after the reload
        proxy.access_log,
        lambda hits: all(
            sum(is_stream(hit) and hit.route == route for hit in hits) >= 2 for route in browsers
        ),
    )
    uploads = [(hit.status, hit.upstream) for hit in hits if "/upload_file/" in hit.path]
    assert uploads == [(413, "-")]  # refused by nginx, not passed on to a process
    upstreams: dict[str, set[str]] = defaultdict(set)
    streams: dict[str, int] = defaultdict(int)
    for hit in hits:
        upstreams[hit.route].add(hit.upstream)
        if is_stream(hit):
            assert hit.status == 101, hit
            streams[hit.route] += 1
    # Every request of a browser went to one process, its WebSocket after the reload too.
    assert {route: len(upstreams[route]) for route in browsers} == dict.fromkeys(browsers, 1)
    assert {route: streams[route] for route in browsers} == dict.fromkeys(browsers, 2)
    served = {next(iter(upstreams[route])) for route in browsers}
    assert served == {f"127.0.0.1:{port}" for port in processes.ports}
    errors = [
        line
        for line in processes.log.read_text(errors="replace").splitlines()
        if "Traceback" in line or "Unexpected error" in line
    ]
    assert errors == [], f"the app processes logged errors: {processes.log}"
