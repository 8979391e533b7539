"""Shared chart settings: the colour-blind-safe palette and common encodings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

import altair as alt
import pandas as pd

from score_dash.core import i18n
from score_dash.core.i18n import DEFAULT, N_, t
from score_dash.core.i18n import current as current_language

TopLevel = TypeVar(
    "TopLevel",
    bound=alt.Chart
    | alt.LayerChart
    | alt.FacetChart
    | alt.ConcatChart
    | alt.HConcatChart
    | alt.VConcatChart,
)

# Okabe-Ito, the same palette as .streamlit/config.toml; its orange and reddish purple in
# darker shades of the same hues, so that lines, bars and their labels read on the white page
# (WCAG 2.1 AA: 3:1 for graphics, 4.5:1 for text): #E69F00 is 2.3:1, #A85A00 5.1:1; #CC79A7
# is 3.1:1, #A6447F 5.6:1. Blue (#0072B2) is 5.2:1 as it is.
# The first seven are also the Coverage map's sector colours (maps.sector_colours), drawn on
# the programme states' tint (#D6E4F0, the map's darkest background), so each is at least 3:1
# on it (WCAG 2.1 1.4.11; tests/unit/test_sector_colours.py): bluish green in a darker shade
# (#009E73 was 2.6:1 there, #007A5A 4.1:1). Darker shades of sky blue, vermillion and yellow
# would be taken for blue and orange by colour-blind readers, so those three are replaced:
# sky blue (1.8:1) by indigo #332288 (9.4:1), vermillion (3.0:1) by dark red #8B0000
# (7.7:1), yellow (1.0:1) by Okabe-Ito's black; the eighth (no sector), black before, is a
# dark olive (#556B2F).
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#A85A00",
    "#007A5A",
    "#A6447F",
    "#332288",
    "#8B0000",
    "#000000",
    "#556B2F",
)
SEX_COLOURS: dict[str, str] = {"Women": PALETTE[3], "Men": PALETTE[0]}
NOT_REPORTED_COLOUR = "#8C8C8C"  # sex not reported: 3.4:1 (was #BDBDBD, 1.9:1)

# Chart text on screen. Streamlit's chart theme writes axis, legend and facet text in a grey of
# 3.7:1 on white; these are the page's text colour (titles, 14.8:1) and a grey of 7.6:1.
CHART_TITLE_COLOUR = "#1F2933"
CHART_LABEL_COLOUR = "#4B5563"
SCREEN_CONFIG: dict[str, dict[str, str]] = {
    "axis": {"labelColor": CHART_LABEL_COLOUR, "titleColor": CHART_LABEL_COLOUR},
    "legend": {"labelColor": CHART_LABEL_COLOUR, "titleColor": CHART_LABEL_COLOUR},
    "header": {"labelColor": CHART_LABEL_COLOUR, "titleColor": CHART_LABEL_COLOUR},
    "title": {"color": CHART_TITLE_COLOUR, "subtitleColor": CHART_LABEL_COLOUR},
}


def with_screen_config(config: Mapping[str, Any]) -> dict[str, Any]:
    """A Vega-Lite `config` with SCREEN_CONFIG's colours under it: what the chart sets
    itself wins."""
    merged = dict(config)
    for group, colours in SCREEN_CONFIG.items():
        merged[group] = {**colours, **config.get(group, {})}
    return merged


def on_screen(chart: TopLevel) -> TopLevel:
    """A copy of a top-level chart with SCREEN_CONFIG's colours under its own config (for a
    chart given to st.altair_chart as it is)."""
    shown = cast(TopLevel, chart.copy(deep=False))  # Altair types copy() as any chart
    own = chart.config.to_dict(validate=False) if chart.config is not alt.Undefined else {}
    # Not through `Config.from_dict`: it validates and, even without, indexes the whole
    # Vega-Lite schema on every call (0.03 s a chart, a third of a filter change's chart
    # work on Results); the colours are constants and the chart's own config was checked.
    shown.config = alt.Config(**with_screen_config(own))
    return shown


def screen_spec(chart: TopLevel) -> dict[str, Any]:
    """A chart's Vega-Lite spec, unvalidated, with SCREEN_CONFIG's colours under its own
    config (what `on_screen` gives, without building a chart again) and its tooltips' field
    names and the app's own words among their values in the run's language
    (`title_tooltips`, `tooltip_values`)."""
    spec = chart.to_dict(validate=False)
    if current_language() != DEFAULT:
        title_tooltips(spec)
        tooltip_values(spec)
    return {**spec, "config": with_screen_config(spec.get("config", {}))}


# Field names the charts' tooltips show that no table or heading puts in the catalog.
TOOLTIP_FIELDS = (N_("Activity"), N_("Count"), N_("People"), N_("Series"), N_("Share"))
_NOT_MARKS = frozenset({"datasets", "data", "config"})  # rows and settings: no tooltips


def title_tooltips(spec: dict[str, Any]) -> None:
    """Give each tooltip field without a title its name in the run's language, in place
    (a tooltip shows a field's name, which the data keep in English for the scales and the
    Excel): "Enterprises" reads "उद्यम" on a Hindi page. A title the chart set is kept."""
    for key, value in spec.items():
        if key in _NOT_MARKS:
            continue
        if key == "tooltip":
            for field in value if isinstance(value, list) else [value]:
                if isinstance(field, dict) and "field" in field and "title" not in field:
                    field["title"] = t(str(field["field"]))
        elif isinstance(value, dict):
            title_tooltips(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    title_tooltips(item)


def tooltip_values(spec: dict[str, Any]) -> None:
    """Show the app's own words among a tooltip's values in the run's language, in place: a
    funnel's "Visit 3" reads "विज़िट 3" on a Hindi page. The data keep the English (the
    scales, the legends' `label_words` and the Excel read it): each mark with such a field
    in its tooltip gets a copy of the field, in the run's language, as its last transform,
    and its tooltip shows the copy under the field's title. A copy is made only of a field
    the tooltip shows as it is (not aggregated, binned or a time unit); names of
    enterprises, clusters and partners have no catalog entry and stay as recorded."""
    words: dict[str, dict[str, str]] = {}  # field -> its values that translate
    for rows in (spec.get("datasets") or {}).values():
        for row in rows:
            for field, value in row.items():
                if isinstance(value, str) and value not in words.setdefault(field, {}):
                    words[field][value] = i18n.word(value)
    shown = {field: {w: h for w, h in pairs.items() if h != w} for field, pairs in words.items()}
    _copy_tooltip_fields(spec, {field: pairs for field, pairs in shown.items() if pairs})


_AS_GIVEN = frozenset({"aggregate", "bin", "timeUnit"})  # a field not shown as it is


def _copy_tooltip_fields(spec: dict[str, Any], shown: Mapping[str, Mapping[str, str]]) -> None:
    if not shown:
        return
    tooltip = spec.get("encoding", {}).get("tooltip") if "mark" in spec else None
    for field in tooltip if isinstance(tooltip, list) else [tooltip]:
        if not isinstance(field, dict) or field.get("field") not in shown or _AS_GIVEN & set(field):
            continue
        name = str(field["field"])
        copy = f"{name} · {current_language()}"
        expression = _shown_as(f"datum[{json.dumps(name)}]", shown[name])
        spec["transform"] = [*spec.get("transform", []), {"calculate": expression, "as": copy}]
        field["title"] = field.get("title", t(name))
        field["field"] = copy
    for key, value in spec.items():
        if key in _NOT_MARKS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                _copy_tooltip_fields(item, shown)


# A logframe status as a bar or a card's large figure: each at least 3:1 on white (WCAG 2.1
# 1.4.11), told apart by hue and by its mark (✓ ! ✗) too. At risk is Okabe-Ito's orange in a
# darker ochre (#E69F00 was 2.3:1; #B98000 3.4:1, still well apart from Off track's
# vermillion, 3.9:1); No target the grey of "sex not reported" (#999999 was 2.8:1).
STATUS_COLOURS: dict[str, str] = {
    "On track": "#009E73",
    "At risk": "#B98000",
    "Off track": "#D55E00",
    "No target": NOT_REPORTED_COLOUR,
}

# What a chart writes for a figure a viewer may not see (emptied by score_dash.access.policy).
NOT_SHOWN = N_("not shown")


def label_words(words: Sequence[str] | Mapping[str, str]) -> str:
    """A legend's `labelExpr` that shows each of the app's own category words (Women, Men)
    in the run's language (or, given a mapping, each word's label in the run's language);
    the data keep the English, which the charts' scales read."""
    labels = dict(words) if isinstance(words, Mapping) else {word: word for word in words}
    return _shown_as("datum.label", {word: i18n.word(label) for word, label in labels.items()})


def _shown_as(value: str, texts: Mapping[str, str]) -> str:
    """A Vega expression: `value` (an expression) as `texts` shows it, itself otherwise."""
    expression = value
    for word, text in reversed(list(texts.items())):
        shown = json.dumps(text, ensure_ascii=False)
        expression = f"{value} === {json.dumps(word)} ? {shown} : {expression}"
    return expression


def missing(value: object) -> bool:
    """Whether a figure is missing: NaN, None, or emptied for a viewer (pd.NA)."""
    return value is None or bool(pd.isna(value))


def is_small_group(note: object) -> bool:
    """Whether a table's Note marks a small group (not a figure emptied for a viewer)."""
    return isinstance(note, str) and note == "small group"


def with_marker(labels: pd.Series, notes: pd.Series) -> list[str]:
    """Each label (one of the app's words, such as a KPI's name, in the run's language; a name
    from the data as recorded), marked where its group is small or its figures are not
    shown."""
    shown = [i18n.word(str(label)) for label in labels]
    return [
        marked(label, N_("small group"))
        if is_small_group(note)
        else (marked(label, NOT_SHOWN) if isinstance(note, str) and note else label)
        for label, note in zip(shown, notes, strict=True)
    ]


def marked(label: str, marker: str) -> str:
    """ "Pune (small group)": a chart's label with a marker in the run's language."""
    return f"{label} ({t(marker)})"


# A figure withheld for viewers (score_dash/access/policy.py empties it and says why in the Note
# column) is drawn as a marked gap, with a legend entry, never as a missing bar or a zero.
WITHHELD_LABEL = N_("Withheld for viewers (see the table)")
WITHHELD_COLOUR = "#616161"


def withheld_rows(table: pd.DataFrame, value: str) -> pd.DataFrame:
    """The rows of a report table whose `value` was emptied for a viewer (the Note column
    says why): what `withheld_layer` marks."""
    if "Note" not in table or value not in table:
        return table.iloc[0:0]
    notes = table["Note"].astype(object)
    emptied = table[value].isna() & notes.map(lambda n: isinstance(n, str) and bool(n))
    return table[emptied & ~notes.map(is_small_group)]


def withheld_layer(
    rows: pd.DataFrame | None, x: alt.X | None, value: str = "", y: alt.Y | None = None
) -> alt.Chart:
    """A cross at the foot of each withheld point, in the legend as WITHHELD_LABEL: of
    `rows` (`withheld_rows`), or, in a faceted layer that shares its data (`rows` None), of
    the rows whose `value` is empty and whose Note says why. Bars along y (a category on
    `y`): the cross at x = 0."""
    if rows is None:
        chart = alt.Chart().transform_filter(
            f"!isValid(datum[{value!r}]) && isValid(datum.Note) && datum.Note != ''"
            " && datum.Note != 'small group'"
        )
    else:
        chart = alt.Chart(rows)
    return (
        chart.transform_calculate(Shown=f"{WITHHELD_LABEL!r}", Zero="0")
        .mark_point(shape="cross", size=90, filled=True, color=WITHHELD_COLOUR)
        .encode(
            x=x if y is None else alt.X("Zero:Q"),
            y=alt.Y("Zero:Q") if y is None else y,
            shape=alt.Shape(
                "Shown:N",
                title=None,
                scale=alt.Scale(domain=[WITHHELD_LABEL], range=["cross"]),
                legend=alt.Legend(orient="top", labelExpr=label_words([WITHHELD_LABEL])),
            ),
            tooltip=[alt.Tooltip("Note:N", title=t("Withheld"))],
        )
    )


# Notes on figures (score_dash/meetings/minutes.py): a dashed rule and a triangle at the top of the
# chart at each half-year with a note, the notes in the tooltip.
NOTE_COLOUR = "#263238"
NOTE_FIELD = "Notes"


def note_marks(
    notes: pd.DataFrame | None, field: str, shown: pd.DataFrame, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per half-year (and per `by` column) of a notes table (`records.notes_table`:
    Half-year label, Place, Note), its notes in one line each, the half-year in `field`.
    Only the half-years (and `by` values) the chart's data `shown` holds: a marker never
    adds a half-year or a panel to a chart."""
    if notes is None or notes.empty:
        return pd.DataFrame(columns=[field, *by, NOTE_FIELD])
    keep = notes["Half-year"].isin(set(shown[field]))
    for column in by:
        keep &= notes[column].isin(set(shown[column]))
    notes = notes[keep]
    if notes.empty:
        return pd.DataFrame(columns=[field, *by, NOTE_FIELD])
    lines = notes.assign(
        **{
            NOTE_FIELD: [
                t("Note ({place}): {text}").format(place=place, text=text)
                if place
                else t("Note: {text}").format(text=text)
                for place, text in zip(notes["Place"], notes["Note"], strict=True)
            ]
        }
    )
    marks = lines.groupby(["Half-year", *by], sort=False)[NOTE_FIELD].agg(" | ".join)
    return marks.reset_index().rename(columns={"Half-year": field})


def note_layer(marks: pd.DataFrame | None, x: alt.X, field: str) -> alt.LayerChart:
    """The markers of `note_marks` on an x axis shared with the chart they are layered on
    (no data: the chart's own, as inside a facet)."""
    chart = alt.Chart(marks) if marks is not None else alt.Chart()
    tooltip = [alt.Tooltip(f"{field}:N", title=t("Half-year")), alt.Tooltip(f"{NOTE_FIELD}:N")]
    rule = chart.mark_rule(color=NOTE_COLOUR, strokeDash=[3, 3], opacity=0.7).encode(
        x=x, tooltip=tooltip
    )
    triangle = chart.mark_point(
        shape="triangle-down", filled=True, size=140, color=NOTE_COLOUR, opacity=1
    ).encode(x=x, y=alt.value(0), tooltip=tooltip)
    return rule + triangle
