"""The shared sidebar: every filter, bound to the URL, plus the notice for dropped values.

The widgets are created in app.py on every run, for every page, with `bind="query-params"`
and the URL parameter name as key (see score_dash/core/filters.py), so the URL is the view.
Streamlit drops invalid bound values silently; `filters.parse_params` runs on the raw query
parameters first so that the page can say what was ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from score_dash.access import disclosure, policy
from score_dash.config import get_config
from score_dash.core.filters import PARAMS, Filters, Notice, Options, parse_params
from score_dash.core.i18n import N_, t
from score_dash.meetings.reviews import Review
from score_dash.ui import language
from score_dash.ui.context import (
    View,
    app_source,
    build_view,
    current_data_version,
    published_reviews,
    review_options,
)
from score_dash.ui.identity import current_identity

NOTICE_KEY = "_filter_notices"
REVIEW_KEY = "review"
REVIEW_NOTICE_KEY = "_review_notices"
AUTO = "auto"
# Multi-valued filters: Filters field, label, placeholder (the URL name is filters.PARAMS);
# the label and placeholder are English, translated where drawn.
MULTISELECTS: tuple[tuple[str, str, str], ...] = (
    ("states", N_("State"), N_("All states")),
    ("clusters", N_("Cluster"), N_("All clusters")),
    ("sectors", N_("Sector"), N_("All sectors")),
    ("modules", N_("Module"), N_("All modules")),
    ("partners", N_("Partner"), N_("All partners")),
    ("size_bands", N_("Size band (workers)"), N_("All sizes")),
)
FILTER_KEYS = tuple(PARAMS.values())


def _raw_params() -> dict[str, list[str]]:
    return {
        key: st.query_params.get_all(key) for key in FILTER_KEYS if st.query_params.get_all(key)
    }


def _label_in(labels: Mapping[str, str]) -> Callable[[str], str]:
    """A widget's `format_func`: a code's label (the code itself where it has none)."""
    return lambda code: labels.get(code, code)


def _clear_notices() -> None:
    st.session_state[NOTICE_KEY] = []
    st.session_state[REVIEW_NOTICE_KEY] = []


def reset_filters(options: Options, default_period: str) -> None:
    """Put every filter back to its default (bound widgets change through session state)."""
    codes = options.period_codes
    if not codes:
        return
    st.session_state["period"] = default_period
    st.session_state["compare"] = AUTO
    st.session_state["range"] = (codes[0], codes[-1])
    for field, _title, _placeholder in MULTISELECTS:
        st.session_state[PARAMS[field]] = []
    st.session_state["women_owned"] = False
    _clear_notices()


# The Coverage page's shortcuts to the place filters. They are callbacks, which the session
# keeps after its run: defined here and given the options, they do not hold the page's
# namespace (its view and filtered frames) as a function defined in the page would.


def narrow_to_place(choice_key: str, options: Options) -> None:
    """Show only the state or cluster chosen in the widget `choice_key` ("State: name" or
    "Cluster: code")."""
    kind, _, value = st.session_state.get(choice_key, "").partition(": ")
    if kind == "State":
        code = {name: c for c, name in options.states.items()}[value]
        st.session_state["state"], st.session_state["cluster"] = [code], []
    elif kind == "Cluster":
        st.session_state["state"] = [options.cluster_states[value]]
        st.session_state["cluster"] = [value]


def narrow_to_picked_state(chart_key: str, selection: str, options: Options) -> None:
    """Show only the state picked on the chart `chart_key` (its selection `selection`)."""
    picked = st.session_state[chart_key]["selection"].get(selection) or []
    codes = [p.get("Code") for p in picked if p.get("Code") in options.states]
    if codes:
        st.session_state["state"], st.session_state["cluster"] = codes[:1], []


def show_all_places() -> None:
    st.session_state["state"], st.session_state["cluster"] = [], []


def render_review_choice(version: str | None = None) -> Review | None:
    """The "Figures as presented at the review of" selector, bound to `?review=`: the
    published reviews (the period code is the URL value), or the current data. `version`:
    the database's data version read by this run (read again when not given)."""
    config = get_config()
    version = version or current_data_version()
    published = published_reviews(config.db_url, version)
    by_period = {review.period: review for review in published}
    asked = st.query_params.get_all(REVIEW_KEY)
    if asked and asked[-1] not in by_period:
        # Published a moment ago by another process (the list is kept for a minute): look
        # again before calling the link's review unknown.
        published_reviews.clear()
        published = published_reviews(config.db_url, version)
        by_period = {review.period: review for review in published}
    if asked and asked[-1] not in by_period and "_review_notice" not in st.session_state:
        notice = Notice("review", asked[-1][:80], "no published review of that half-year")
        st.session_state[REVIEW_NOTICE_KEY] = [notice]
    st.session_state.setdefault("_review_notice", True)
    if not published:
        return None
    with st.sidebar:
        current = t("Current data")  # translated here: AppTest formats outside the run
        chosen = st.selectbox(
            t("Figures as presented at the review of"),
            ["", *by_period],
            format_func=lambda period: period or current,
            key=language.relabel(REVIEW_KEY),
            bind="query-params",
            help=t(
                "A published review shows every page as its meeting saw it: the data as "
                "they were when it was published, even after later imports."
            ),
        )
    return by_period.get(chosen)


def render_sidebar() -> View:
    """Draw the filters, and return the view they select. The run reads the database's data
    version once (`app_source`), for the review choice, the options and the view."""
    source = app_source()
    review = render_review_choice(source.key)
    if review is not None and review not in source.published:
        source = app_source()  # a review published since the source read the list
    options = review_options(review, source)
    if not options.period_codes:
        with st.sidebar:
            st.caption(
                "No half-year is in the data yet: the filters appear once the first data "
                "are imported on the Data page."
            )
        return build_view(Filters(), source=source)
    if "_notices_seen" not in st.session_state:
        # Only the parameters of the link the session was opened with can be invalid:
        # afterwards the widgets write only valid values to the URL.
        _, notices = parse_params(_raw_params(), options)
        st.session_state[NOTICE_KEY] = notices
        st.session_state["_notices_seen"] = True
    codes = options.period_codes
    default_period = review.period if review and review.period in codes else codes[-1]
    labels = options.periods
    previous = t("Previous half-year")  # translated here: AppTest formats outside the run
    with st.sidebar:
        st.markdown("**" + t("Review period") + "**")
        period = st.selectbox(
            t("Half-year under review"),
            codes,
            index=codes.index(default_period),
            format_func=_label_in(labels),
            key="period",
            bind="query-params",
            on_change=_clear_notices,
        )
        compare = st.selectbox(
            t("Compare with"),
            (AUTO, *codes),
            index=0,
            format_func=lambda c: previous if c == AUTO else labels[c],
            key=language.relabel("compare"),
            bind="query-params",
            on_change=_clear_notices,
        )
        trend = st.select_slider(
            t("Trend range"),
            codes,
            value=(codes[0], codes[-1]),
            format_func=_label_in(labels),
            key="range",
            bind="query-params",
            on_change=_clear_notices,
        )
        st.markdown("**" + t("Where and who") + "**")
        # Viewers choose among the publication's groups (score_dash/access/disclosure.py): one
        # state, cluster or sector; the filters that cut across them are staff's. The server
        # enforces it whatever the URL says (ui/context.build_view); this only draws it.
        staff = policy.can_see_enterprises(current_identity().role)
        # A staff filter in a viewer's link has no widget: it is read from the link, so
        # that build_view drops it with a notice rather than in silence.
        in_link = Filters() if staff else parse_params(_raw_params(), options)[0]
        chosen: dict[str, list[str]] = {}
        for field, title, placeholder in MULTISELECTS:
            if not staff and field in disclosure.STAFF_FILTERS:
                chosen[field] = list(getattr(in_link, field))
                continue
            labels_of = options.labels_of(field)
            values = list(labels_of)
            if field == "clusters":  # only the clusters of the chosen states
                values = options.clusters_in(chosen["states"])
            chosen[field] = st.multiselect(
                t(title),
                values,
                format_func=_label_in(labels_of),
                key=PARAMS[field],
                bind="query-params",
                placeholder=t(placeholder),
                on_change=_clear_notices,
            )
        women_owned = (
            in_link.women_owned
            if not staff
            else st.toggle(
                t("Women-owned enterprises only"),
                key="women_owned",
                bind="query-params",
                on_change=_clear_notices,
            )
        )
        st.button(
            t("Reset filters"),
            icon=":material/restart_alt:",
            key="reset_filters",
            on_click=reset_filters,
            args=(options, default_period),
            width="stretch",
        )
    full_range = (codes[0], codes[-1])
    filters = Filters(
        period=period if period != default_period else None,
        compare=compare if compare != AUTO else None,
        range=tuple(trend) if tuple(trend) != full_range else None,  # type: ignore[arg-type]
        **{field: tuple(values) for field, values in chosen.items()},
        women_owned=bool(women_owned),
    )
    return build_view(filters, review, source)


def notices() -> list[Notice]:
    return [
        *st.session_state.get(REVIEW_NOTICE_KEY, []),
        *st.session_state.get(NOTICE_KEY, []),
    ]
