# deploy/nginx.conf for compose.yaml: the two app services instead of the loopback ports,
# and no IPv6 listener (a container may have no IPv6). The Dockerfile's `proxy` stage runs
# it; tests/unit/test_deploy.py checks that it changes exactly these lines.
s/^\(\s*\)server 127\.0\.0\.1:8501;$/\1server app1:8501;/
s/^\(\s*\)server 127\.0\.0\.1:8502;$/\1server app2:8501;/
/^\s*listen \[::\]:80;$/d
