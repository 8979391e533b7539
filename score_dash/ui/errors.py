"""Errors for people, details in the log.

An unexpected error on a page shows a short message with a reference; the traceback goes to
the server log under that reference, where staff can find it. Viewers never see a traceback
(`client.showErrorDetails = "none"` in .streamlit/config.toml covers anything raised outside
this guard). Streamlit's own control flow (`st.stop`, `st.rerun`, page switches) raises
BaseException subclasses, which pass through untouched.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

LOG = logging.getLogger("score_dash")


def new_reference() -> str:
    """A short reference to quote to staff (8 hexadecimal characters)."""
    return secrets.token_hex(4).upper()


@contextmanager
def errors_for_people() -> Iterator[None]:
    """Run a page; turn an unexpected error into a plain message and a logged traceback."""
    try:
        yield
    except Exception:
        reference = new_reference()
        LOG.exception("Unexpected error on a page (reference %s)", reference)
        st.error(
            "Something went wrong while preparing this page. Please try again, or change "
            f"the filters. If it happens again, give staff the reference **{reference}**: "
            "the details are in the server log under it.",
            icon=":material/error:",
        )
