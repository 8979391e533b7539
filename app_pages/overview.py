"""Overview: are we on track this half-year, and where not? (the chair's briefing)."""

import streamlit as st

from score_dash import ui
from score_dash.charts import overview as overview_charts
from score_dash.meetings import actions, minutes, since_review
from score_dash.metrics import logframe, overview
from score_dash.ui import decisions, meeting

view = ui.current_view()
review = view.periods.labels[view.periods.review]
ui.render_header(view, f"Overview, {review}", "Are we on track this half-year, and where not?")

scope = logframe.scope_of(view.filters)
report = ui.cached_compute(overview.build_report, view, view.options, scope=scope)
status = report.table("Logframe status")
labels = overview.period_labels(view.periods)
labels_of = view.options.periods

# 1. The verdict: counts by status, in words and symbols, then which indicators.
st.subheader("Against the logframe targets")
if scope == "selection":
    st.info(logframe.SELECTION_NOTE, icon=":material/filter_alt:")
else:
    counts = report.table(overview.STATUS_COUNTS).set_index("Status")
    for column, name in zip(st.columns(3), logframe.ASSESSED, strict=True):
        column.metric(
            name,
            f"{ui.fmt_number(counts.loc[name, 'Indicators'])} of "
            f"{ui.fmt_number(counts.loc[name, 'Of indicators with targets'])}",
            border=True,
            help=logframe.STATUS_RULE_TEXT,
        )
    st.markdown(ui.md("**{}**", report.sheet("What changed").note, limit=None))

programme = scope == "programme"
chart_col, text_col = st.columns([3, 2], gap="large") if programme else (None, st.container())
if chart_col is not None:
    with chart_col:
        font = 18 if meeting.is_on() else 13  # the projector needs larger chart text
        st.altair_chart(
            overview_charts.build_status_chart(status, review, font_size=font),
            key="overview_status_chart",
        )
        st.caption(logframe.STATUS_RULE_TEXT)
with text_col:
    st.markdown(ui.md("**What changed since {}**", labels["previous"] or "the last review"))
    changes = report.table("What changed")
    notes = ui.view_notes(view, overview.noted_indicators(report), [view.periods.review])
    lines = overview.changes_with_notes(changes, notes)  # a viewer's emptied lines left out
    st.markdown("\n".join(ui.md("- {}", line, limit=None) for line in lines))
    meeting.render_page_link(view, "partners", "Objectives 1-3 in detail: Partners & outreach")

# 2. What the last review decided, and whether it was done.
report, previous = ui.with_last_review(view, report)
if previous is not None:
    st.subheader(ui.md("Actions from the last review ({})", labels_of.get(previous, previous)))
    last = report.sheet(actions.LAST_REVIEW)
    counts = minutes.tally(last.frame)
    if last.frame.empty:
        st.caption(ui.escape(last.note, limit=None))
    else:
        cards = (
            ("Done", counts["done"]),
            ("Open", counts["open"]),
            ("Overdue", counts["overdue"]),
            ("Decisions", counts["decisions"]),
        )
        for column, (label, value) in zip(st.columns(len(cards)), cards, strict=True):
            column.metric(
                ui.escape(label),
                ui.fmt_number(value),
                border=True,
                help=f"Of the {counts['actions']} actions recorded at that review"
                if label != "Decisions"
                else "Decisions recorded at that review",
            )
        decisions.render_item_list(last.frame)
        st.caption(ui.escape(last.note, limit=None))
    meeting.render_page_link(view, "decisions", "Every decision and action: Decisions & actions")

# 3. Headline figures with the change since the previous half-year and a year earlier.
st.subheader("Headline figures")
figures = overview.headline_figures(report)


def delta_text(value: float, unit: str) -> str | None:
    """A change as the cards show it: signed, percentages in points."""
    if value != value:
        return None
    if unit == "%":
        return f"{value:+.1f} points"
    return ("+" if value > 0 else "") + ui.fmt_number(value, unit)


def render_card(column, code: str, split: str = "", page: str = "") -> None:
    with column.container(border=True):
        unit = figures.loc[code, "Unit"]
        change = figures.loc[code, "Change since previous"]
        st.metric(
            ui.escape(figures.loc[code, "Figure"]),
            ui.fmt_number(figures.loc[code, "Value"], unit),
            delta=delta_text(change, unit),
            delta_description=ui.md("since {}", labels["previous"]) if labels["previous"] else None,
            help=ui.definition_help(code),
        )
        if split:
            st.caption(ui.escape(split))
        if labels["year_earlier"]:
            over_year = delta_text(figures.loc[code, "Change over the year"], unit)
            st.caption(
                ui.md(
                    "Since {} (a year earlier): {}",
                    labels["year_earlier"],
                    over_year or "no figure then",
                )
            )
        if page:
            meeting.render_page_link(view, page)


def by_sex(women: str, men: str) -> str:
    return (
        f"Women {ui.fmt_number(figures.loc[women, 'Value'])} · "
        f"men {ui.fmt_number(figures.loc[men, 'Value'])}"
    )


row1 = st.columns(3)
render_card(row1[0], "enterprises_trained", page="coverage")
render_card(
    row1[1],
    "workers_trained_enterprises",
    by_sex("women_workers_trained_enterprises", "men_workers_trained_enterprises"),
    page="gender",
)
render_card(row1[2], "module_completions", page="modules")
row2 = st.columns(3)
render_card(
    row2[0],
    "trainers_certified",
    by_sex("women_trainers_certified", "men_trainers_certified"),
    page="partners",
)
render_card(row2[1], "women_share_participants", page="gender")
with row2[2].container(border=True):
    st.markdown(
        "**Enterprises improving on key KPIs** (latest vs baseline)",
        help=ui.definition_help("share_improved_productivity"),
    )
    lines = []
    for kpi in overview.KEY_KPIS:  # one line each: three metrics side by side get truncated
        code = f"share_improved_{kpi}"
        change = delta_text(figures.loc[code, "Change since previous"], "%")
        value = ui.fmt_number(figures.loc[code, "Value"], "%")
        lines.append(
            ui.md("**{}** {}", value, overview.KPI_SHORT_NAMES[kpi])
            + (ui.md(" ({})", change) if change else "")
        )
    st.markdown("  \n".join(lines))
    if labels["previous"]:
        st.caption(ui.md("Changes in points since {}.", labels["previous"]))
    meeting.render_page_link(view, "results", "Results")

st.markdown(ui.md("**The programme at a glance, {}**", review))
glance = report.table("Programme at a glance")
for column, (_, row) in zip(ui.grid_columns(len(glance)), glance.iterrows(), strict=True):
    column.metric(ui.escape(row["Figure"]), ui.fmt_number(row[review], row["Unit"]))

# 4. What changed since the review (the one shown, or else the latest published).
report, review_title = ui.with_review_changes(view, report)
if review_title:
    st.subheader("What changed since the review")
    since = report.sheet(since_review.TITLE)
    if since.frame.empty and not since.withheld:
        st.caption(
            ui.md(
                "{}: no headline or logframe figure of its half-year has changed since.",
                review_title,
            )
        )
    else:
        st.caption(ui.escape(since.note, limit=None))
        ui.render_sheet(report, since_review.TITLE, key="overview_review_changes")

# 5. The tables behind the figures (the same as the Excel download).
st.subheader("Logframe status table")
ui.render_table(status, key="overview_status")
with st.expander("Headline figures, what changed, reporting coverage, at a glance: tables"):
    ui.render_table(report.table("Headline figures"), key="overview_figures")
    ui.render_table(report.table("What changed"), key="overview_changes")
    ui.render_table(report.table("Reporting coverage"), key="overview_gaps")
    ui.render_table(glance, key="overview_glance")
report = ui.with_notes(view, report)
ui.render_toolbar(view, report)
ui.render_pack_download(view)  # staff only
