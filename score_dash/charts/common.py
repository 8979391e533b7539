"""Shared chart settings: the colour-blind-safe palette and common encodings."""

from __future__ import annotations

import pandas as pd

# Okabe-Ito, the same palette as .streamlit/config.toml.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
SEX_COLOURS: dict[str, str] = {"Women": "#CC79A7", "Men": "#0072B2"}
STATUS_COLOURS: dict[str, str] = {
    "On track": "#009E73",
    "At risk": "#E69F00",
    "Off track": "#D55E00",
    "No target": "#999999",
}

# What a chart writes for a figure a viewer may not see (emptied by score_dash.access).
NOT_SHOWN = "not shown"


def missing(value: object) -> bool:
    """Whether a figure is missing: NaN, None, or emptied for a viewer (pd.NA)."""
    return value is None or bool(pd.isna(value))


def is_small_group(note: object) -> bool:
    """Whether a table's Note marks a small group (not a figure emptied for a viewer)."""
    return isinstance(note, str) and note == "small group"


def with_marker(labels: pd.Series, notes: pd.Series) -> list[str]:
    """Each label, marked where its group is small or its figures are not shown."""
    return [
        f"{label} (small group)"
        if is_small_group(note)
        else (f"{label} ({NOT_SHOWN})" if isinstance(note, str) and note else str(label))
        for label, note in zip(labels, notes, strict=True)
    ]
