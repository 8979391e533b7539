"""Who is looking, decided once per run: sign-in with Streamlit's OpenID Connect
(`st.login`, `st.user`, `st.logout`), or local mode when no `[auth]` section is configured.

- Sign-in configured: a signed-in user's role comes from SCORE_STAFF, SCORE_ADMINS and
  SCORE_SECRETARIES (`score_dash.access.role_of`); a visitor who is not signed in sees
  only the sign-in page, unless SCORE_ALLOW_ANONYMOUS lets them look as a viewer.
- Local mode (no `[auth]`): staff when the server listens on loopback only (`make run`)
  and the request did not come through a reverse proxy, everyone a viewer otherwise, with
  a banner saying how to switch sign-in on.

The role decides what each page shows through `access.restrict`, applied where reports reach
the screen and the Excel (score_dash/ui/context.py, score_dash/ui/page.py).
"""

from __future__ import annotations

import logging
import threading
import urllib.request

import streamlit as st

from score_dash.access.policy import Identity, Role, is_proxied, local_identity, role_of
from score_dash.config import Config, get_config
from score_dash.core.i18n import t
from score_dash.ui.text import md

LOG = logging.getLogger("score_dash")
_RUN = threading.local()
LOCAL_VIEWER_BANNER = (
    "Sign-in is not set up on this server, so everyone who opens it is a viewer: figures "
    "about enterprises are aggregated and small groups are held back. To let project staff "
    "sign in, add an [auth] section to .streamlit/secrets.toml (see the README)."
)


def sign_in_configured() -> bool:
    """Whether an `[auth]` section is configured (the one check tests replace)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises on access
        return False


def server_address() -> str | None:
    return st.get_option("server.address")


def request_header_names() -> list[str]:
    """The header names of the request that opened this session (its WebSocket)."""
    return list(st.context.headers.keys())


def identify(config: Config) -> Identity | None:
    """The identity of this run's user; None for a visitor who must sign in first."""
    if not sign_in_configured():
        return local_identity(server_address(), is_proxied(request_header_names()))
    if _logged_in():
        email = str(st.user.get("email") or "")
        name = str(st.user.get("name") or email)
        return Identity(
            role_of(email, config.staff, config.admins, config.secretaries),
            email,
            name,
            "signed in",
        )
    if config.allow_anonymous:
        return Identity(Role.VIEWER, how="anonymous")
    return None


def _logged_in() -> bool:
    try:
        return bool(st.user.get("is_logged_in", False))
    except (AttributeError, KeyError):
        return False


def require_identity() -> Identity:
    """This run's identity; a visitor who must sign in gets the sign-in page (and the script
    stops there)."""
    identity = identify(get_config())
    if identity is None:
        render_sign_in()
        st.stop()
    _RUN.identity = identity
    return identity


def current_identity() -> Identity:
    identity = getattr(_RUN, "identity", None)
    if identity is None:
        raise RuntimeError("require_identity() has not run for this script run")
    return identity


def render_sign_in() -> None:
    st.title("SCORE India review dashboard")
    st.markdown(
        "The dashboard of the tripartite advisory group that reviews the ILO's SCORE "
        "programme in India. Sign in with your organisation's account to see it."
    )
    if not provider_reachable():
        st.error(
            "The sign-in service cannot be reached at the moment. Please try again in a few "
            "minutes; if it persists, tell the project team.",
            icon=":material/cloud_off:",
        )
        return
    st.button("Sign in", type="primary", icon=":material/login:", on_click=st.login)


@st.cache_data(ttl=30, show_spinner=False)
def provider_reachable() -> bool:
    """Whether the identity provider answers (its discovery document), so that a visitor is
    not sent to an error page when it is down."""
    try:
        url = st.secrets["auth"].get("server_metadata_url") or next(
            section.get("server_metadata_url")
            for section in st.secrets["auth"].values()
            if hasattr(section, "get") and section.get("server_metadata_url")
        )
        with urllib.request.urlopen(str(url), timeout=3) as reply:
            return reply.status == 200
    except Exception:
        LOG.warning("The sign-in provider cannot be reached", exc_info=True)
        return False


def render_account(identity: Identity) -> None:
    """In the sidebar: who is signed in, with their role, and the sign-out control."""
    with st.sidebar:
        if identity.how == "signed in":
            st.caption(md("Signed in: {} ({})", identity.name, identity.role, limit=60))
            st.button("Sign out", icon=":material/logout:", key="sign_out", on_click=st.logout)
        elif identity.how == "anonymous":
            st.caption("Not signed in: viewer (aggregates only).")
            st.button("Sign in", icon=":material/login:", key="sign_in", on_click=st.login)
        elif identity.role is Role.STAFF:
            st.caption(t("Local mode: you are project staff on this computer."))
