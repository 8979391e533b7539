"""The frames of one data version kept on disk, so that a process starting after an import
reads them in a second instead of querying millions of rows.

At 50,000 enterprises the tables hold 4.6 million rows; reading them through the database
driver takes half a minute (a minute on a busy machine), and every process paid it on its
first visit. A snapshot is the frames exactly as `queries.load_frames` gives them, one
Arrow IPC file per table (inert data: reading one runs no code), in a folder named by the
database, the data version and the frames' format. It is written by the import that made
the version (the command line's `import` and `demo`) and, failing that, by the first
process that loads the version from the database. A data version never changes once
committed, so a snapshot is never stale: the next import makes a new version and a new
snapshot. One that cannot be read (deleted, cut short, another format) is ignored with a
warning and the frames are read from the database.

The folder holds enterprise data: it is created readable by its owner only.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from score_dash.store import loading
from score_dash.store.db import TABLE_ORDER, column_types
from score_dash.store.db import data_version as db_data_version

LOG = logging.getLogger(__name__)
FORMAT = 1  # raise when the files' layout changes
KEEP = 2  # snapshots kept per database: the newest and the one before (a process may read it)


def database_key(url: str) -> str:
    """A short name for a database (its URL without the password)."""
    safe = make_url(url).render_as_string(hide_password=True)
    return hashlib.sha256(safe.encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def format_key() -> str:
    """What decides the frames' columns and types: the data dictionary, the derived
    columns, the libraries that write and read them."""
    described = json.dumps(
        {
            "format": FORMAT,
            "tables": list(TABLE_ORDER),
            "types": column_types(),
            "derived": loading.DERIVED,
            "per_enterprise": loading.PER_ENTERPRISE,
            "categorical": loading.CATEGORICAL,
            "layout": loading.LAYOUT,
            "pandas": pd.__version__,
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(described.encode()).hexdigest()[:12]


def folder_of(root: Path, url: str, version: str) -> Path:
    return root / database_key(url) / f"v{int(version):08d}-{format_key()}"


def read(root: Path, url: str, version: str) -> loading.Frames | None:
    """The snapshot of `version`, or None when there is none or it cannot be read."""
    folder = folder_of(root, url, version)
    if not folder.is_dir():
        return None
    try:
        frames = {name: pd.read_feather(folder / f"{name}.arrow") for name in TABLE_ORDER}
    except Exception:  # a snapshot is a cache: any failure means reading the database
        LOG.warning("The snapshot %s cannot be read; reading the database", folder, exc_info=True)
        return None
    return frames


def write(root: Path, url: str, version: str, frames: loading.Frames) -> Path | None:
    """Write the snapshot of `version` (whole or not at all: written aside, then renamed)
    and remove the database's older ones beyond KEEP. None when it could not be written
    (the app goes on without it)."""
    target = folder_of(root, url, version)
    if target.is_dir():
        return target
    try:
        # Owner only: the folder made for the snapshots, and the database's own folder in
        # it (a root given by the setting may be shared, and is not changed).
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        target.parent.mkdir(mode=0o700, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".writing-", dir=target.parent))
        for name in TABLE_ORDER:
            frames[name].to_feather(work / f"{name}.arrow")
        try:
            work.rename(target)
        except OSError:  # another process wrote it meanwhile
            shutil.rmtree(work, ignore_errors=True)
    except OSError:
        LOG.warning("The snapshot %s cannot be written", target, exc_info=True)
        return None
    prune(target.parent)
    return target


def prune(folder: Path) -> None:
    """Keep the KEEP newest snapshots of a database (by data version); drop the rest and
    any of another format."""
    current = format_key()
    snapshots = sorted(p for p in folder.glob("v*") if p.is_dir())
    mine = [p for p in snapshots if p.name.endswith(f"-{current}")]
    for path in [p for p in snapshots if p not in mine] + mine[:-KEEP]:
        shutil.rmtree(path, ignore_errors=True)


def load_frames(engine: Engine, url: str, version: str, root: Path | None) -> loading.Frames:
    """The frames of data version `version`: its snapshot under `root` when there is one,
    else read from the database and (when the database was at `version` all along, so
    the frames are that version's) written as its snapshot. `root` None: no snapshots."""
    if root is None:
        return loading.load_frames(engine)
    frames = read(root, url, version)
    if frames is not None:
        return frames
    frames = loading.load_frames(engine)
    # An import commits its rows and the new version number together; the same number
    # before and after the read means no import was committed while the tables were read.
    if str(db_data_version(engine)) == str(version):
        write(root, url, version, frames)
    return frames


def refresh(engine: Engine, url: str, root: Path | None) -> Path | None:
    """After an import: write the snapshot of the database's current data version."""
    if root is None:
        return None
    version = str(db_data_version(engine))
    load_frames(engine, url, version, root)
    folder = folder_of(root, url, version)
    return folder if folder.is_dir() else None
