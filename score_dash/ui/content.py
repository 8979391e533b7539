"""A Review page's content (score_dash/pages/content.py) drawn on the screen.

Every text goes through `text.escape`/`text.md`: it may come from data. The page's script
draws its interactive parts itself, before or between the content's blocks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from score_dash.core.reports import PageReport
from score_dash.metrics import logframe
from score_dash.pages import content as c
from score_dash.ui import meeting, text
from score_dash.ui.context import View, view_notes
from score_dash.ui.page import grid_columns, render_notes, render_sheet

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


def render(
    blocks: Sequence[c.Block],
    report: PageReport,
    view: View | None = None,
    slots: Slots | None = None,
) -> None:
    """Draw the blocks meant for the screen, in order; a `Slot` calls the page's own
    drawing of that name."""
    for block in c.shown(blocks, "screen"):
        _render(block, report, view, slots or {})


def _render(block: c.Block, report: PageReport, view: View | None, slots: Slots) -> None:
    match block:
        case c.Heading(text=heading):
            st.subheader(text.escape(heading, limit=None))
        case c.Cards(cards=cards):
            for column, card in zip(grid_columns(len(cards)), cards, strict=True):
                with column.container(border=True):
                    _render_card(card, view)
        case c.Lines(lines=lines, style=style):
            _render_lines(lines, style)
        case c.Figure():
            st.altair_chart(block.built(), key=block.key, alt=block.alt or None)
            if block.caption:
                st.caption(text.escape(block.caption, limit=None))
            if block.notes is not None:
                render_notes(block.notes, key=f"{block.key}_notes")
        case c.Table(sheet=title, key=key, heading=heading, expander=label):
            if label:
                with st.expander(text.escape(label, limit=None)):
                    render_sheet(report, title, key=key)
            else:
                if heading:
                    st.markdown(text.md("**{}**", heading, limit=None))
                render_sheet(report, title, key=key)
        case c.Row(items=items, widths=widths):
            items = tuple(c.shown(items, "screen"))
            if len(items) == 1:
                _render(items[0], report, view, slots)
                return
            shares = list(widths) if widths and len(widths) == len(items) else len(items)
            for column, item in zip(st.columns(shares, gap="medium"), items, strict=True):
                with column:
                    _render(item, report, view, slots)
        case c.Stack(items=items):
            render(items, report, view, slots)
        case c.Tabs(labels=labels, items=items):
            for tab, item in zip(st.tabs(list(labels)), items, strict=True):
                with tab:
                    _render(item, report, view, slots)
        case c.Link(page=page, label=label):
            if view is not None:
                meeting.render_page_link(view, page, label)
        case c.Slot(name=name):
            slots[name]()
        case c.Folded(label=label, items=items, expanded=expanded):
            with st.expander(text.escape(label, limit=None), expanded=expanded):
                render(items, report, view, slots)


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
