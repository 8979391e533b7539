"""A server process made ready for its first visitor (score_dash/serve.py runs it before
Streamlit's server starts).

It imports every module of the dashboard (pandas, Altair, pydeck, openpyxl, shapely and its
own: about 2 s of a first visit otherwise), loads the current data version's frames into the
cache every session shares (from the version's snapshot: score_dash/store/disk_cache.py), and runs
the app's script once as a visitor who opens the bare URL would, in a session of Streamlit's
headless runner (its testing API, the one tests/app uses). That run does what the first run
of a process does once (Streamlit's own lazy imports and page setup, the default page's
report, cached per data version and filters as every visitor's is). It only reads.

Only a database behind the code stops a start, in one line that says which command upgrades it
(score_dash/store/schema.py). A database that cannot be reached, or holds no data yet, is left
to the first visit, which says so in the page (score_dash/ui/context.py).
"""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from streamlit.testing.v1 import AppTest
from streamlit.web import bootstrap, cli

import score_dash
from score_dash.config import ConfigError, get_config
from score_dash.store import db, schema
from score_dash.ui import context

LOG = logging.getLogger("score_dash")
# Not imported ahead: the CLI's entry point runs the CLI, and the launcher is running.
NOT_AHEAD = frozenset({"score_dash.__main__", "score_dash.serve"})
REHEARSAL_TIMEOUT_S = 120


def import_modules() -> list[str]:
    """Import every module of the dashboard (and so every library its pages use); their
    names."""
    names = [
        module.name
        for module in pkgutil.walk_packages(score_dash.__path__, "score_dash.")
        if module.name not in NOT_AHEAD
    ]
    for name in names:
        importlib.import_module(name)
    return names


def load_current_frames() -> str | None:
    """Load the current data version's frames into the shared cache; the version (None when
    the database holds no data yet)."""
    url = get_config().db_url
    engine = context.get_engine(url)
    if db.is_empty(engine):
        return None
    version = db.data_version(engine)
    context.load_frames(url, version)
    return version


def _not_bare_mode_notice(record: logging.LogRecord) -> bool:
    return "missing ScriptRunContext" not in record.getMessage()


def rehearse(script: Path) -> list[str]:
    """Run `script` once in a headless session; the errors its page showed (a rehearsal
    that fails leaves the work to the first visitor, as without one).

    The headless runner is driven from this thread, which has no script run of its own:
    Streamlit's notice of that ("bare mode") is dropped while it runs, and only then."""
    notices = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    notices.addFilter(_not_bare_mode_notice)
    try:
        run = AppTest.from_file(str(script.resolve()), default_timeout=REHEARSAL_TIMEOUT_S).run()
    finally:
        notices.removeFilter(_not_bare_mode_notice)
    return [str(error.value) for error in (*run.exception, *run.error)]


def set_aside_imports() -> None:
    """Keep what the imports made out of the garbage collector's walks. Streamlit collects
    in full after every script run (`runner.postScriptGC`), and a full collection walks every
    object the process holds: the libraries' own (Altair's schema, pandas', Streamlit's) made
    it about 0.13 s of the 0.2 s of server CPU a rerun with nothing changed took. They live
    as long as the process, so they are set aside once (`gc.freeze`), before any data or
    session exists; what the runs make is still collected after every run."""
    gc.collect()
    gc.freeze()


def prepare(script: Path | None) -> str:
    """Import the modules, load the frames and, when the database holds data, rehearse
    `script`; what was done, in a line for the server log. A failure is logged, never
    raised."""
    start = time.perf_counter()
    try:
        import_modules()
        set_aside_imports()
        version = load_current_frames()
        errors = rehearse(script) if version is not None and script is not None else []
    except Exception:
        LOG.warning("Not ready ahead of the first visit: it will load what it needs", exc_info=True)
        return "not ready ahead of the first visit (see the warning above)"
    if errors:
        LOG.warning("The rehearsal of the first visit showed: %s", "; ".join(errors))
    loaded = f"data version {version}" if version else "no data in the database yet"
    return f"ready for the first visit in {time.perf_counter() - start:.1f} s ({loaded})"


def serve(args: Sequence[str]) -> None:
    """Prepare, then hand the command line (`run app.py [options]`) to Streamlit's CLI.

    The command line's options are Streamlit's settings before the preparation too (parsed
    by its own `run` command), so that the rehearsal runs under them and the server starts
    under the same ones."""
    try:  # a setting with a value it does not take stops the start, in one line
        get_config()
    except ConfigError as exc:
        print(f"SCORE dashboard: not started: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    try:  # a database behind the code too (one that cannot be reached is left to `prepare`)
        schema.check_current(context.get_engine(get_config().db_url))
    except schema.SchemaOutOfDate as exc:
        print(f"SCORE dashboard: not started: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(2) from None
    except SQLAlchemyError:
        pass
    script = None
    if args and args[0] == "run":
        params = cli.main_run.make_context("run", list(args[1:])).params
        script = Path(params.pop("target"))
        params.pop("args", None)
        bootstrap.load_config_options(flag_options=params)
    print(f"SCORE dashboard: {prepare(script)}", flush=True)
    sys.argv = ["streamlit", *args]
    cli.main(prog_name="streamlit")
