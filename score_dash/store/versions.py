"""Data versions: every import makes a new one, and any earlier one can be rebuilt exactly.

An import only adds rows and changes rows (it never deletes), so each version keeps just
what it changed: the natural keys of the rows it added and the earlier values of the rows
it changed. Version v is the current data with the changes of every later version undone,
newest first. This stays small (proportional to what imports change, not to the database:
a full copy per import would be tens of megabytes at 50,000 enterprises) and fast (undoing
an import touches its own rows only).

The changes of a version are stored as one zip of Parquet files (`encode`), in the
`data_changes` table (written by score_dash.ingest.write in the import's transaction).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from score_dash.core.dictionary import TABLES_BY_NAME

Frames = dict[str, pd.DataFrame]
Changes = tuple[Frames, Frames]  # (added keys, rows before) per table
Typed = Callable[[pd.DataFrame, str], pd.DataFrame]  # gives a table's loaded dtypes


class VersionUnavailable(LookupError):
    """A data version that cannot be rebuilt (older than the data's start, or unknown)."""


def encode(added: Mapping[str, pd.DataFrame], before: Mapping[str, pd.DataFrame]) -> bytes:
    """One version's changes as a zip of Parquet files: added/<table>, before/<table>."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for folder, frames in (("added", added), ("before", before)):
            for table, frame in frames.items():
                if len(frame):
                    data = io.BytesIO()
                    frame.reset_index(drop=True).to_parquet(data, compression="zstd")
                    archive.writestr(f"{folder}/{table}.parquet", data.getvalue())
    return buffer.getvalue()


def decode(payload: bytes) -> Changes:
    added: Frames = {}
    before: Frames = {}
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        for name in archive.namelist():
            folder, file_name = name.split("/", 1)
            table = file_name.removesuffix(".parquet")
            frame = pd.read_parquet(io.BytesIO(archive.read(name)))
            (added if folder == "added" else before)[table] = frame
    return added, before


def _keys(frame: pd.DataFrame, table: str) -> pd.MultiIndex:
    key = list(TABLES_BY_NAME[table].key)
    return pd.MultiIndex.from_frame(frame[key].astype(str))


def undo(frames: Frames, changes: Changes, typed: Typed) -> Frames:
    """The frames as they were before one version: its added rows removed, its changed rows
    back to their earlier values (`typed(frame, table)` gives loaded frames' dtypes)."""
    added, before = changes
    out = dict(frames)
    for table in set(added) | set(before):
        frame = out[table]
        drop = _keys(added[table], table) if table in added else None
        restore = typed(before[table].copy(), table) if table in before else None
        keys = _keys(frame, table)
        remove = pd.Series(False, index=frame.index)
        if drop is not None:
            remove |= keys.isin(drop)
        if restore is not None:
            remove |= keys.isin(_keys(restore, table))
        kept = frame[~remove.to_numpy()]
        if restore is not None:
            columns = [c for c in frame.columns if c in restore.columns]
            kept = pd.concat([kept, restore[columns]], ignore_index=True)
        out[table] = kept.reset_index(drop=True)
    return out


def rebuild(frames: Frames, newest_first: Iterable[Changes], typed: Typed) -> Frames:
    """The frames of an earlier version: each later version's changes undone, newest first."""
    for changes in newest_first:
        frames = undo(frames, changes, typed)
    return frames
