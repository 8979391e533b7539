"""The language of a run: `?lang=hi` in the URL and the sidebar's choice.

`apply()` runs first in app.py, before the navigation is built (its page and section names
are translated): it reads the choice the session holds, else the link's `lang`, and sets it
for the run (`score_dash.core.i18n`). `render_choice()` then draws the sidebar's choice and
writes `lang` to the URL on every run (after a page switch too), so that a reload keeps the
language; the share link carries it (`ui.page.share_link`). A `lang` the dashboard does not
have is dropped with the same visible notice as any other bad parameter.

The choice is not bound to the URL with `bind="query-params"`: a bound widget writes the
option's label to the URL (`lang=हिन्दी`), and the link is to say `lang=hi`.
"""

from __future__ import annotations

import streamlit as st

from score_dash.core import i18n
from score_dash.core.filters import Notice
from score_dash.core.i18n import t

KEY = "lang"
NOTICE_KEY = "_language_notices"
SHOWN_KEY = "_language_shown"  # the language of the session's last run
RELABEL_KEY = "_relabel"  # the keys of the last run's choices whose labels are translated


def apply() -> str:
    """Set this run's language (call before anything is drawn or translated); returns it."""
    chosen = st.session_state.get(KEY)
    if chosen is None:  # the first run of a session: the link decides
        asked = st.query_params.get_all(KEY)
        chosen = asked[-1] if asked else i18n.DEFAULT
        if chosen not in i18n.LANGUAGES and NOTICE_KEY not in st.session_state:
            st.session_state[NOTICE_KEY] = [Notice("lang", chosen[:80], "")]
    language = i18n.use(str(chosen))
    relabelled = st.session_state.get(RELABEL_KEY, set())
    if st.session_state.get(SHOWN_KEY, language) != language:
        # The browser keeps showing a selected option's label in the language it was chosen
        # in, and a radio button's label matches none of the new ones: the choices set again
        # are sent to it with their labels in the new language (their values do not change).
        for key in relabelled & set(st.session_state):
            st.session_state[key] = st.session_state[key]
    st.session_state[SHOWN_KEY] = language
    st.session_state[RELABEL_KEY] = set()
    return language


def relabel(key: str) -> str:
    """`key`, the key of a choice whose options are shown in the run's language: when the
    reader switches the language, the choice is shown again in the new one (`apply`)."""
    st.session_state.setdefault(RELABEL_KEY, set()).add(key)
    return key


def render_choice() -> str:
    """The sidebar's language choice; the URL's `lang` follows it (none for English)."""
    with st.sidebar:
        # The label is the same in both languages: the choice is found whatever is on screen.
        chosen = st.radio(
            "भाषा · Language",
            tuple(i18n.LANGUAGES),
            index=tuple(i18n.LANGUAGES).index(i18n.current()),
            format_func=i18n.LANGUAGES.__getitem__,
            key=KEY,
            horizontal=True,
        )
    if chosen != i18n.DEFAULT:
        if st.query_params.get_all(KEY) != [chosen]:
            st.query_params[KEY] = chosen
    elif KEY in st.query_params:
        del st.query_params[KEY]
    return chosen


def notices() -> list[Notice]:
    """The dropped `lang` of the link, in the run's language."""
    return [
        Notice(t("language"), notice.value, t("not a language of the dashboard: en or hi"))
        for notice in st.session_state.get(NOTICE_KEY, [])
    ]


def share_params() -> dict[str, list[str]]:
    """What a share link adds for the language: nothing for English."""
    language = i18n.current()
    return {} if language == i18n.DEFAULT else {KEY: [language]}
