"""The data a page's report is assembled from (score_dash/pages/assembly.py), for tests that
hold frames or a database in hand: as the command line reads them."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from sqlalchemy import Engine

from score_dash.access.policy import Role
from score_dash.config import get_config
from score_dash.meetings import reviews
from score_dash.pages import assembly
from score_dash.store import db, loading


def frames_source(
    frames: dict[str, pd.DataFrame], meta: Mapping[str, str] | None = None
) -> assembly.Source:
    """`frames` alone: one data version, no published review."""
    return assembly.Source(frames, get_config().assembly, meta=meta or {})


def database_source(url: str | Engine) -> assembly.Source:
    """A database's data: its current version, earlier ones and its published reviews."""
    engine = db.make_engine(url) if isinstance(url, str) else url
    return assembly.Source(loading.load_frames(engine), get_config().assembly, engine)


def review_frames(
    engine: Engine, review: reviews.Review, role: Role
) -> tuple[dict[str, pd.DataFrame], reviews.Review | None]:
    """A published review's data as `role` reads them (a viewer: its viewer edition), and
    the earlier review whose data a viewer reads instead (None: its own)."""
    source = database_source(engine)
    version, held = source.version_for(role, review)
    return source.frames(version), held
