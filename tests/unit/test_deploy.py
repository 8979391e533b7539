"""The files of deploy/ and the container files agree with each other and with the app.

nginx with deploy/nginx.conf and deploy/run-processes.sh run in tests/e2e/test_multiprocess.py;
these are the checks that need no server: the upload limit, the ports, the Streamlit
options of every way of starting a process, and the container files (Docker is not run
here): the edit that turns deploy/nginx.conf into the compose proxy's configuration, the
pinned requirements, the Python version and the settings compose.yaml passes on.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from score_dash.config import SETTINGS, upload_limit_mb

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
UPSTREAMS = re.findall(r"(?m)^\s*server (127\.0\.0\.1:\d+);$", SITE)
SCRIPT = (DEPLOY / "run-processes.sh").read_text(encoding="utf-8")
SERVICE = (DEPLOY / "score-dashboard@.service").read_text(encoding="utf-8")
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE = (ROOT / "compose.yaml").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
APP_PORT = 8501  # the port of the app in its container


def stage(name: str) -> str:
    """The lines of one stage of the Dockerfile."""
    found = re.search(rf"(?ms)^FROM \S+ AS {name}$.*?(?=^FROM |\Z)", DOCKERFILE)
    assert found, f"no stage {name} in the Dockerfile"
    return found[0]


def streamlit_options(command: str) -> dict[str, str]:
    """The `--section.option value` pairs of a `score_dash.serve run app.py` command line
    (Streamlit's `run`, ready for the first visitor: score_dash/serve.py)."""
    assert re.search(r"-m score_dash\.serve run app\.py\b", command), command
    return dict(re.findall(r"--([a-zA-Z]+\.[a-zA-Z]+)\s+(\S+)", command))


def dockerfile_command() -> str:
    found = re.search(r"(?ms)^CMD (\[.*?\])$", stage("app"))
    assert found
    return " ".join(json.loads(found[1].replace("\\\n", "")))


def test_nginx_takes_any_upload_streamlit_takes_with_room_for_the_multipart_envelope():
    sizes = re.findall(r"(?m)^\s*client_max_body_size (\d+)m;$", SITE)
    assert len(sizes) == 1
    limit = upload_limit_mb()
    assert limit + 1 <= int(sizes[0]) <= 2 * limit


def test_the_upstream_lists_the_ports_run_processes_starts_by_default():
    count = int(re.search(r"count=\$\{1:-(\d+)\}", SCRIPT)[1])
    first = int(re.search(r"first_port=\$\{2:-(\d+)\}", SCRIPT)[1])
    assert [f"127.0.0.1:{first + i}" for i in range(count)] == UPSTREAMS
    ports = " ".join(f"score-dashboard@{first + i}" for i in range(count))
    assert f"systemctl enable --now {ports}" in SERVICE


def test_every_way_of_starting_a_process_passes_the_same_streamlit_options():
    script = streamlit_options(
        re.search(r'(?s)"\$python" -m score_dash\.serve run .*?> >', SCRIPT)[0]
    )
    exec_start = re.search(r"(?ms)^ExecStart=(.*?[^\\])$", SERVICE)[1]
    service = streamlit_options(exec_start)
    container = streamlit_options(dockerfile_command())
    # On loopback behind nginx; in a container on its network (nginx is another container).
    assert script.pop("server.address") == service.pop("server.address") == "127.0.0.1"
    assert container.pop("server.address") == "0.0.0.0"
    assert (script.pop("server.port"), service.pop("server.port")) == ('"$port"', "%i")
    assert container.pop("server.port") == str(APP_PORT)
    assert script == service == container
    # make run starts it the same way, on loopback, with the config file's other options.
    assert re.search(r"(?m)^\t\$\(PY\) -m score_dash\.serve run app\.py ", MAKEFILE)
    # ... and they are those of .streamlit/config.toml, which the processes read too.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    for option, value in script.items():
        section, key = option.split(".")
        assert str(config[section][key]).lower() == value, option


def test_the_app_image_installs_the_pinned_requirements_on_the_python_tested_here():
    app = stage("app")
    python = re.search(r"^FROM python:(\d+\.\d+)-", app, re.M)[1]
    assert python == f"{sys.version_info.major}.{sys.version_info.minor}"
    assert re.search(r"(?m)^COPY requirements\.txt \./$", app)
    assert re.search(r"(?m)^RUN pip install -r requirements\.txt\b", app)
    requirements = [
        line.split("#")[0].strip()
        for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    ]
    unpinned = [line for line in requirements if line and not re.fullmatch(r"\S+==\S+", line)]
    assert unpinned == []
    assert f"EXPOSE {APP_PORT}" in app
    assert f"http://127.0.0.1:{APP_PORT}/_stcore/health" in app


def test_the_app_image_holds_what_the_app_reads_and_no_secrets_or_local_database():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    for entry in (".streamlit/secrets.toml", "data/*.db", ".venv", ".git"):
        assert entry in ignored
    copied = re.findall(r"(?m)^COPY (\S+) ", stage("app"))
    assert {"app.py", "app_pages/", "score_dash/", "data/geo/", ".streamlit/config.toml"} <= set(
        copied
    )
    assert not any("secrets" in source or source in (".", "data/") for source in copied)


def test_compose_gives_the_apps_the_shared_postgresql_and_only_declared_settings():
    block = re.search(r"(?ms)^x-app: &app$.*?^  environment:$(.*?)^  \S", COMPOSE)[1]
    environment = dict(re.findall(r"(?m)^    (\w+): (.*)$", block))
    assert set(environment) <= {setting.env for setting in SETTINGS}
    assert re.fullmatch(
        r"postgresql\+psycopg://score:\$\{SCORE_DB_PASSWORD:\?[^}]*\}@db:5432/score",
        environment["SCORE_DB_URL"],
    )
    assert re.search(r"(?m)^  db:$", COMPOSE)
    assert re.search(r'(?m)^      - "\d+:80"$', COMPOSE)  # to nginx.conf's `listen 80;`
    assert re.search(r"(?m)^\s*listen 80;$", SITE)


def test_the_compose_proxy_config_differs_from_nginx_conf_only_in_its_upstreams_and_ipv6():
    edited = subprocess.run(
        ["sed", "-f", str(DEPLOY / "compose-nginx.sed"), str(DEPLOY / "nginx.conf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    before, after = SITE.splitlines(), edited.splitlines()
    removed = [line.strip() for line in before if line not in after]
    added = [line.strip() for line in after if line not in before]
    assert sorted(removed) == sorted(
        ["listen [::]:80;", *(f"server {upstream};" for upstream in UPSTREAMS)]
    )
    assert added == [f"server app{i + 1}:{APP_PORT};" for i in range(len(UPSTREAMS))]
    assert re.findall(r"(?m)^  (app\d+): \*app$", COMPOSE) == ["app1", "app2"]
