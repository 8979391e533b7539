# Images for compose.yaml: the recipe of deploy/ in containers. Written for Docker with
# BuildKit; not built where this repository is tested (no Docker engine there: README,
# "Deploying for many users").
#
#   app    the dashboard: one `python -m score_dash.serve run app.py` per container, pinned requirements
#   proxy  Debian 12's nginx (the version the multi-process test runs) with deploy/nginx.conf,
#          sent to the compose services app1 and app2 by deploy/compose-nginx.sed

FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt ./
# The frames' snapshots (SCORE_CACHE_DIR) in a folder only the app user reads: each
# container writes and reads its own.
ENV SCORE_CACHE_DIR=/var/cache/score-dashboard
RUN pip install -r requirements.txt \
    && useradd --system --user-group --home-dir /app --no-create-home score \
    && install -d -o score -g score -m 700 /var/cache/score-dashboard
# Only what the app reads: no tests, no local database, no secrets (mount secrets.toml).
COPY app.py ./
COPY app_pages/ app_pages/
COPY score_dash/ score_dash/
COPY data/geo/ data/geo/
COPY static/ static/
COPY .streamlit/config.toml .streamlit/config.toml
USER score
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]
# 0.0.0.0 inside the container: nginx reaches it over the compose network; the port is not
# published. Without sign-in everyone is a viewer (not on loopback, and behind a proxy).
CMD ["python", "-m", "score_dash.serve", "run", "app.py", \
     "--server.address", "0.0.0.0", "--server.port", "8501", "--server.headless", "true", \
     "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]

FROM debian:bookworm-slim AS proxy
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx \
    && rm -rf /var/lib/apt/lists/* \
    && rm /etc/nginx/sites-enabled/default \
    && ln -sf /dev/stdout /var/log/nginx/access.log \
    && ln -sf /dev/stderr /var/log/nginx/error.log \
    && ln -sf /dev/stdout /var/log/nginx/score-dashboard.access.log \
    && ln -sf /dev/stderr /var/log/nginx/score-dashboard.error.log
COPY deploy/nginx.conf deploy/compose-nginx.sed /tmp/
RUN sed -f /tmp/compose-nginx.sed /tmp/nginx.conf > /etc/nginx/sites-available/score-dashboard \
    && grep -q "server app2:8501;" /etc/nginx/sites-available/score-dashboard \
    && ln -s ../sites-available/score-dashboard /etc/nginx/sites-enabled/score-dashboard \
    && rm /tmp/nginx.conf /tmp/compose-nginx.sed
EXPOSE 80
# SIGQUIT: nginx finishes the requests in flight before it stops.
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
