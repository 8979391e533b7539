#!/usr/bin/env bash
# Start N dashboard processes on consecutive ports of 127.0.0.1 (8501, 8502, ...), for nginx
# to spread browsers over (deploy/nginx.conf lists the same ports). Every process uses the
# database in SCORE_DB_URL, which must be PostgreSQL: an import through any of them, or
# through the command line, reaches all of them.
#
#   SCORE_DB_URL=postgresql+psycopg://score:...@db.internal:5432/score deploy/run-processes.sh 2
#
# Usage: deploy/run-processes.sh [N [FIRST_PORT]]   (defaults: 2 processes from port 8501)
# PYTHON names the interpreter (default .venv/bin/python, as `make run` creates it).
#
# Each line of output starts with the process's port. The script runs in the foreground
# until it is stopped (Ctrl-C, SIGTERM), and stops every process then; if one process ends,
# it stops the others and exits with an error, so that whatever supervises it (systemd, a
# container) restarts them together. tests/e2e/test_multiprocess.py starts the dashboard
# with this script.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-2}
first_port=${2:-8501}
python=${PYTHON:-.venv/bin/python}

if [[ -z ${SCORE_DB_URL:-} ]]; then
    echo "SCORE_DB_URL is not set: set it to the PostgreSQL database all processes share." >&2
    exit 2
fi
if [[ $SCORE_DB_URL != postgresql* ]]; then
    # SQLite is one file on one machine; serve it with one process (make run).
    echo "SCORE_DB_URL must be a PostgreSQL URL (postgresql+psycopg://...) for several processes." >&2
    exit 2
fi
if ! [[ $count =~ ^[1-9][0-9]*$ && $first_port =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $0 [N [FIRST_PORT]]" >&2
    exit 2
fi

# The schema brought up to this version's once, before any process starts: a process
# refuses a database behind the code, and the upgrade is not a thing to race on.
"$python" -m score_dash db upgrade

pids=()
stop() {
    trap - EXIT INT TERM
    if [[ ${#pids[@]} -gt 0 ]]; then
        kill -TERM "${pids[@]}" 2>/dev/null || true
        wait "${pids[@]}" 2>/dev/null || true
    fi
}
trap stop EXIT
trap 'stop; exit 0' INT TERM

for ((i = 0; i < count; i++)); do
    port=$((first_port + i))
    # Headless, no usage statistics, no file watcher: .streamlit/config.toml says so too;
    # repeated here so that a changed config file cannot turn them back on.
    "$python" -m score_dash.serve run app.py \
        --server.address 127.0.0.1 \
        --server.port "$port" \
        --server.headless true \
        --browser.gatherUsageStats false \
        --server.fileWatcherType none \
        > >(sed -u "s/^/[$port] /") 2>&1 &
    pids+=("$!")
    echo "[$port] started (pid $!)"
done

# Wait for the first process to end; then the EXIT trap stops the others.
status=0
wait -n "${pids[@]}" || status=$?
echo "A dashboard process ended (status $status): stopping the others." >&2
exit $(( status == 0 ? 1 : status ))
