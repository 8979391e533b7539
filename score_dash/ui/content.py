"""A Review page's content (score_dash/pages/content.py) drawn on the screen.

Every text goes through `text.escape`/`text.md`: it may come from data. The page's script
draws its interactive parts itself, before or between the content's blocks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from streamlit import dataframe_util
from streamlit.elements.vega_charts import _is_geojson_or_topojson_payload as is_geometry

from score_dash.charts.common import screen_spec
from score_dash.core import i18n
from score_dash.core.formats import chart_locale
from score_dash.core.reports import PageReport
from score_dash.meetings import minutes
from score_dash.metrics import logframe
from score_dash.pages import content as c
from score_dash.ui import meeting, text
from score_dash.ui.context import View, view_key, view_notes
from score_dash.ui.page import (
    ScreenTable,
    grid_columns,
    render_notes,
    render_sheet,
    screen_settings,
    screen_table,
)

ICONS = {"notice": ":material/balance:", "info": ":material/info:", "success": ":material/check:"}


def page_context(view: View) -> c.Context:
    """What a page's content needs from the view: its frames, periods, the role's records,
    and the notes on figures of the view's place."""
    assert view.periods is not None, "a Review page is drawn only when there are half-years"
    return c.Context(
        frames=view.frames,
        periods=view.periods,
        options=view.options,
        small_n=view.config.small_n,
        scope=logframe.scope_of(view.filters),
        records=view.records,
        notes_on=lambda indicators, periods: view_notes(view, indicators, periods),
        meeting=meeting.is_on(),
    )


Slots = Mapping[str, Callable[[], None]]


@dataclass(frozen=True)
class Kept:
    """What a page's content draws again on a rerun: each chart's Vega-Lite spec and each
    table as Streamlit is handed it, by their keys."""

    specs: Mapping[str, dict[str, Any]]
    tables: Mapping[str, ScreenTable]


def render_page(
    view: View,
    compose: Callable[..., list[c.Block]],
    report: PageReport,
    slots: Slots | None = None,
    **choices: str,
) -> None:
    """A page's content for the view, composed once per view, role, choices, meeting mode
    and meeting records (a rerun that changes none of them, such as opening an expander or
    a widget of the page's own, draws the kept blocks and chart specs again), then drawn."""
    ctx = page_context(view)
    key = "|".join(
        (
            view_key(view),
            str(view.role),
            f"{compose.__module__}.{compose.__qualname__}",
            repr(sorted(choices.items())),
            str(ctx.meeting),
            view.records_key or records_token(view.records),
            i18n.current(),  # the blocks hold the page's text in the run's language
            screen_settings(),  # the kept charts' and tables' texts follow them
        )
    )
    blocks, kept = _composed(key, compose, report, ctx, choices)
    draw(blocks, report, view, slots, kept)


# Few entries: a chart's spec holds its data (at 50,000 enterprises the Results page's
# per-enterprise chart is megabytes); a session's recent views fit.
@st.cache_resource(show_spinner=False, max_entries=16)
def _composed(
    key: str,
    _compose: Callable[..., list[c.Block]],
    _report: PageReport,
    _ctx: c.Context,
    _choices: dict[str, str],
) -> tuple[tuple[c.Block, ...], Kept]:
    """The page's blocks, the Vega-Lite spec of each chart drawn on screen, built once and
    without validating the spec again (Altair's validation cost a tenth of a second a
    page), and each table it shows as Streamlit is handed it (preparing Partners' nine
    tables again was a third of its cached rerun); `key` is the cache key."""
    del key
    blocks = tuple(_compose(_report, _ctx, **_choices))
    shown = _drawn(c.shown(blocks, "screen"))
    specs = {
        figure.key: sent_once(chart_spec(figure))
        for figure in shown
        if isinstance(figure, c.Figure)
    }
    tables = {
        table.key: screen_table(_report.sheet(table.sheet).frame)
        for table in shown
        if isinstance(table, c.Table) and not _report.sheet(table.sheet).withheld
    }
    return blocks, Kept(specs, tables)


def chart_spec(figure: c.Figure) -> dict[str, Any]:
    """A figure's Vega-Lite spec, unvalidated, in colours that read on the page
    (`charts.common.screen_spec`) and with the deployment's number locale
    (`formats.chart_locale`): the chart's own formats (",", ",.1f" in tooltips and labels)
    group digits as the cards do."""
    spec = screen_spec(figure.built())
    config = dict(spec.get("config", {}))
    config["locale"] = {**config.get("locale", {}), "number": chart_locale()}
    return {**spec, "config": config}


def sent_once(spec: dict[str, Any]) -> dict[str, Any]:
    """A kept spec with its tables already in the form Streamlit sends them (Arrow IPC
    bytes, by Streamlit's own conversion), which Streamlit passes on as they are: converting
    a chart's rows on every rerun was a tenth of Partners' cached rerun. Map outlines
    (GeoJSON, TopoJSON) stay in the spec, as Streamlit leaves them."""
    datasets = spec.get("datasets")
    if not datasets:
        return spec
    sent = {
        name: rows if is_geometry(rows) else dataframe_util.convert_anything_to_arrow_bytes(rows)
        for name, rows in datasets.items()
    }
    return {**spec, "datasets": sent}


def _drawn(blocks: Sequence[c.Block]) -> list[c.Figure | c.Table]:
    """The charts and tables among the screen's `blocks`, at any depth."""
    found: list[c.Figure | c.Table] = []
    for block in blocks:
        if isinstance(block, c.Figure | c.Table):
            found.append(block)
        elif isinstance(block, c.Row | c.Stack | c.Tabs | c.Folded):
            found += _drawn(c.shown(block.items, "screen"))
    return found


def records_token(records: minutes.Records) -> str:
    """A digest of the meeting records a view reads (a note recorded changes the page)."""
    digest = hashlib.sha256()
    for frame in (records.items, records.changes, records.notes):
        digest.update(pd.util.hash_pandas_object(frame, index=False).values.tobytes())
        digest.update(str(len(frame)).encode())
    return digest.hexdigest()[:16]


def draw(
    blocks: Sequence[c.Block],
    report: PageReport,
    view: View | None,
    slots: Slots | None,
    kept: Kept,
) -> None:
    for block in c.shown(blocks, "screen"):
        _render(block, report, view, slots or {}, kept)


def _render(
    block: c.Block, report: PageReport, view: View | None, slots: Slots, kept: Kept
) -> None:
    match block:
        case c.Heading(text=heading):
            st.header(text.escape(heading, limit=None))
        case c.Cards(cards=cards):
            for column, card in zip(grid_columns(len(cards)), cards, strict=True):
                with column.container(border=True):
                    _render_card(card, view)
        case c.Lines(lines=lines, style=style):
            _render_lines(lines, style)
        case c.Figure():
            spec = kept.specs.get(block.key) or chart_spec(block)
            # Streamlit takes the datasets out of the spec it is given: a copy. The text
            # alternative replaces a chart's own description (Streamlit warned, with a stack,
            # on every run where both were given).
            shown = {k: v for k, v in spec.items() if k != "description" or not block.alt}
            st.vega_lite_chart(spec=shown, key=block.key, alt=block.alt or None)
            if block.caption:
                st.caption(text.escape(block.caption, limit=None))
            if block.notes is not None:
                render_notes(block.notes, key=f"{block.key}_notes")
        case c.Table(sheet=title, key=key, heading=heading, expander=label):
            table = kept.tables.get(key)
            if label:
                with st.expander(text.escape(label, limit=None)):
                    render_sheet(report, title, key=key, prepared=table)
            else:
                if heading:
                    st.markdown(text.md("**{}**", heading, limit=None))
                render_sheet(report, title, key=key, prepared=table)
        case c.Row(items=items, widths=widths):
            items = tuple(c.shown(items, "screen"))
            if len(items) == 1:
                _render(items[0], report, view, slots, kept)
                return
            shares = list(widths) if widths and len(widths) == len(items) else len(items)
            for column, item in zip(st.columns(shares, gap="medium"), items, strict=True):
                with column:
                    _render(item, report, view, slots, kept)
        case c.Stack(items=items):
            draw(items, report, view, slots, kept)
        case c.Tabs(labels=labels, items=items):
            for tab, item in zip(st.tabs(list(labels)), items, strict=True):
                with tab:
                    _render(item, report, view, slots, kept)
        case c.Link(page=page, label=label):
            if view is not None:
                meeting.render_page_link(view, page, label)
        case c.Slot(name=name):
            slots[name]()
        case c.Folded(label=label, items=items, expanded=expanded):
            with st.expander(text.escape(label, limit=None), expanded=expanded):
                draw(items, report, view, slots, kept)


def _render_card(card: c.Card, view: View | None) -> None:
    label = text.escape(card.label, limit=None)
    if card.value:
        st.metric(
            label,
            card.value,
            delta=card.delta or None,
            delta_description=text.escape(card.delta_note, limit=None) if card.delta else None,
            help=card.help or None,
        )
    else:  # a card of several figures, one line each
        st.markdown(f"**{label}**", help=card.help or None)
        st.markdown(
            "  \n".join(
                text.md("**{}** {}", figure, what, limit=None) for figure, what in card.figures
            )
        )
    for note in card.notes:
        st.caption(text.escape(note, limit=None))
    if card.link and view is not None:
        meeting.render_page_link(view, card.link)


def _render_lines(lines: Sequence[str], style: str) -> None:
    if style == "plain":
        for line in lines:
            st.caption(text.escape(line, limit=None))
    elif style == "strong":
        for line in lines:
            st.markdown(text.md("**{}**", line, limit=None))
    elif style == "bullets":
        st.markdown("\n".join(text.md("- {}", line, limit=None) for line in lines))
    else:
        show = {"notice": st.warning, "info": st.info, "success": st.success}[style]
        for line in lines:
            show(text.escape(line, limit=None), icon=ICONS[style])
