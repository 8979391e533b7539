"""Shared chart settings: the colour-blind-safe palette and common encodings."""

from __future__ import annotations

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
