"""`python -m score_dash.serve run app.py [options]`: Streamlit's own `run`, ready for its
first visitor.

Before the server listens, the process imports the app's modules, loads the current data
version's frames and rehearses the first visit (score_dash/ui/startup.py). So a server that
says it is healthy is ready, and the first visitor after a start waits no longer than the
next one.

Every way of starting the app starts it so (`make run`, deploy/run-processes.sh, the
systemd unit, the Dockerfile and the browser tests: tests/unit/test_deploy.py holds them
equal).
"""

from __future__ import annotations

import logging
import sys

# Streamlit checks a cached function's settings against the runtime's cache storage where the
# function is defined, and warns when there is no runtime yet. Before the server there is
# none, by design (each cache's storage is made on its first call, in the runtime's): the
# warning is dropped, before the imports below define the caches.
NO_RUNTIME_YET = "No runtime found, using MemoryCacheStorageManager"
logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
    lambda record: record.getMessage() != NO_RUNTIME_YET
)

from score_dash.ui import startup  # noqa: E402  (after the filter)

if __name__ == "__main__":
    startup.serve(sys.argv[1:])
