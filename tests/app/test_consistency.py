"""Cross-page consistency: each figure is the same on every page that shows it, and equals
the figure counted in SQL written in the tests (tests/app/sql.py), never the product's own.

Every check runs for the default view (2017-H2, the whole programme) and a filtered view
(Tamil Nadu, 2015-H2). Figures are read from what the pages render (cards, tables) and from
the Excel downloads, read with openpyxl. Then the hostile links: a bad URL parameter is
dropped, the page says which value it ignored, and shows the default view's figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from score_dash.pages import registry
from tests.app.conftest import (
    RunApp,
    assert_same_figures,
    errors,
    ignored_notice,
    last_download,
    screen_values,
    visible,
)
from tests.app.sql import Truth
from tests.excel import read_sheet

PAGES = tuple(page.name for page in registry.PAGES)


@dataclass(frozen=True)
class View:
    params: dict[str, str]
    period: str
    state: str | None  # state code, for the SQL


VIEWS: dict[str, View] = {
    "default": View({}, "2017-H2", None),
    "tamil-nadu-2015-H2": View({"state": "Tamil Nadu", "period": "2015-H2"}, "2015-H2", "IN-TN"),
}
_TRUTH: dict[str, Truth] = {}

Render = Callable[..., AppTest]


@pytest.fixture
def render(rendered: RunApp) -> Render:
    """A page rendered for a view, once per process (tests/app/conftest.rendered)."""

    def get(page: str, view: str, extra: Mapping[str, str] | None = None) -> AppTest:
        at = rendered(f"app_pages/{page}.py", {**VIEWS[view].params, **(extra or {})})
        assert errors(at) == [], f"{page} ({view}) shows an error: {errors(at)}"
        return at

    return get


@pytest.fixture
def truth(demo_db_url: str) -> Callable[[str], Truth]:
    """The SQL figures of a view."""

    def get(view: str) -> Truth:
        if view not in _TRUTH:
            _TRUTH[view] = Truth(demo_db_url, VIEWS[view].period, VIEWS[view].state)
        return _TRUTH[view]

    return get


def number(text: str) -> float:
    """A figure as a card shows it ('18,170', '13.5 %') back as a number."""
    return float(text.replace(",", "").replace("%", "").strip())


def metric(at: AppTest, label: str) -> float:
    values = [m.value for m in at.metric if visible(m.label) == label]
    assert values, f"no metric '{label}'; metrics: {[visible(m.label) for m in at.metric]}"
    return number(values[0])


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first data frame on the page that has all these columns."""
    for element in at.dataframe:
        frame = element.value
        if set(columns) <= set(frame.columns):
            return screen_values(frame).reset_index(drop=True)
    shown = [list(e.value.columns) for e in at.dataframe]
    raise AssertionError(f"no table with columns {columns}; tables: {shown}")


def row(frame: pd.DataFrame, column: str, value: str) -> pd.Series:
    rows = frame[frame[column].astype(str) == value]
    assert len(rows) == 1, f"expected one row {column}={value!r}, got {len(rows)}"
    return rows.iloc[0]


def review_label(at: AppTest) -> str:
    """The review half-year as the page shows it (the sidebar's selectbox)."""
    return str(at.selectbox(key="period").value)


def excel_row(at: AppTest, sheet: str, figure: str) -> float:
    """An Overview figure in the review half-year's column of its Excel download."""
    frame = read_sheet(last_download(at, "overview"), sheet)
    return float(row(frame, "Figure", figure)[review_label(at)])


def logframe_actual(frame: pd.DataFrame, indicator: str) -> float:
    return float(row(frame, "Indicator", indicator)["Actual"])


def close(a: float, b: float, tol: float = 0.051) -> bool:
    """Equal up to the one decimal percentages are shown with."""
    return abs(a - b) <= tol


def disagreeing(expected: float, figures: dict[str, float], tol: float = 0.0) -> dict:
    """The figures that differ from the expected one (empty when all agree)."""
    return {k: v for k, v in figures.items() if abs(float(v) - float(expected)) > tol + 1e-9}


by_view = pytest.mark.parametrize("view", list(VIEWS))


def test_the_filtered_view_is_filtered(render: Render, truth) -> None:
    """Guard for the checks below: the filtered view really is Tamil Nadu in 2015-H2."""
    filtered = render("overview", "tamil-nadu-2015-H2")
    assert filtered.multiselect(key="state").value == ["IN-TN"]
    assert review_label(filtered) == "2015-H2"
    assert truth("tamil-nadu-2015-H2").places()["states"] == 1
    assert (
        0
        < truth("tamil-nadu-2015-H2").places()["enterprises"]
        < truth("default").places()["enterprises"]
    )


# --- Enterprise results: modules, enrolments, enterprises trained ---------------------------


@by_view
def test_modules_completed(render: Render, truth, view: str) -> None:
    overview, modules, coverage = (render(p, view) for p in ("overview", "modules", "coverage"))
    funnel = table(modules, "Module", "Stage", "Enterprises")
    expected = truth(view).enrolments()["completed"]
    assert expected > 0
    figures = {
        "Overview card": metric(overview, "Modules completed"),
        "Overview Excel headline": excel_row(overview, "Headline figures", "Modules completed"),
        "Overview logframe table": logframe_actual(
            table(overview, "Indicator", "Actual"), "Modules completed"
        ),
        "Modules card": metric(modules, "Completed"),
        "Modules funnel (Completed stage)": funnel.loc[
            funnel["Stage"] == "Completed", "Enterprises"
        ].sum(),
        "Coverage by state": table(coverage, "State", "Modules completed")[
            "Modules completed"
        ].sum(),
        "Coverage by cluster": table(coverage, "Cluster", "Modules completed")[
            "Modules completed"
        ].sum(),
    }
    assert disagreeing(expected, figures) == {}, (expected, figures)


@by_view
def test_module_enrolments_and_completion_rate(render: Render, truth, view: str) -> None:
    overview, modules, coverage = (render(p, view) for p in ("overview", "modules", "coverage"))
    funnel = table(modules, "Module", "Stage", "Enterprises")
    expected = truth(view).enrolments()
    enrolments = {
        "Overview card": metric(overview, "Module enrolments"),
        "Overview Excel at a glance": excel_row(
            overview, "Programme at a glance", "Module enrolments"
        ),
        "Modules card": metric(modules, "Enrolments"),
        "Modules funnel (Enrolled stage)": funnel.loc[
            funnel["Stage"] == "Enrolled", "Enterprises"
        ].sum(),
        "Coverage by state": table(coverage, "State", "Module enrolments")[
            "Module enrolments"
        ].sum(),
    }
    assert disagreeing(expected["enrolments"], enrolments) == {}, (expected, enrolments)
    rates = {
        "Overview card": metric(overview, "Completion rate"),
        "Overview Excel at a glance": excel_row(
            overview, "Programme at a glance", "Completion rate"
        ),
        "Modules card": metric(modules, "Completion rate"),
    }
    assert disagreeing(expected["completion_rate"], rates, 0.05) == {}, (expected, rates)
    assert metric(modules, "Dropped") == expected["dropped"]


@by_view
def test_enterprises_trained(render: Render, truth, view: str) -> None:
    overview = render("overview", view)
    expected = truth(view).enterprises_trained()
    figures = {
        "Overview card": metric(overview, "Enterprises trained"),
        "Overview Excel headline": excel_row(overview, "Headline figures", "Enterprises trained"),
        "Overview logframe table": logframe_actual(
            table(overview, "Indicator", "Actual"), "Enterprises trained"
        ),
    }
    assert disagreeing(expected, figures) == {}, (expected, figures)


# --- Where: enterprises, clusters, states, workers ---------------------------------------------


@by_view
def test_enterprises_clusters_and_states(render: Render, truth, view: str) -> None:
    overview, coverage, gender = (render(p, view) for p in ("overview", "coverage", "gender"))
    states = table(coverage, "Code", "State", "Enterprises", "Workers")
    clusters = table(coverage, "Cluster", "City", "Enterprises")
    jobs = table(gender, "Sector", "Enterprises", "Workers at baseline")
    expected = truth(view).places()
    enterprises = {
        "Overview card": metric(overview, "Enterprises"),
        "Overview Excel at a glance": excel_row(overview, "Programme at a glance", "Enterprises"),
        "Coverage by state": states["Enterprises"].sum(),
        "Coverage by cluster": clusters["Enterprises"].sum(),
        "Gender jobs by sector (All)": row(jobs, "Sector", "All")["Enterprises"],
    }
    assert disagreeing(expected["enterprises"], enterprises) == {}, (expected, enterprises)
    cluster_counts = {
        "Overview card": metric(overview, "Clusters"),
        "Overview Excel at a glance": excel_row(overview, "Programme at a glance", "Clusters"),
        "Coverage: rows by cluster": len(clusters),
        "Coverage by state": states["Clusters"].sum(),
    }
    assert disagreeing(expected["clusters"], cluster_counts) == {}, (expected, cluster_counts)
    state_counts = {
        "Overview card": metric(overview, "States"),
        "Overview Excel at a glance": excel_row(overview, "Programme at a glance", "States"),
        "Coverage: rows by state": len(states),
    }
    assert disagreeing(expected["states"], state_counts) == {}, (expected, state_counts)


@by_view
def test_workers_women_and_men(render: Render, truth, view: str) -> None:
    overview, coverage, gender = (render(p, view) for p in ("overview", "coverage", "gender"))
    states = table(coverage, "Code", "State", "Workers", "Women workers", "Men workers")
    clusters = table(coverage, "Cluster", "City", "Workers", "Women workers", "Men workers")
    workforce = row(
        table(gender, "Level", "Women's share (%)", "Women", "Men"), "Level", "Workforce"
    )
    expected = truth(view).workforce()
    label = "Workers in participating enterprises"
    workers = {
        "Overview card": metric(overview, label),
        "Overview Excel at a glance": excel_row(overview, "Programme at a glance", label),
        "Coverage by state": states["Workers"].sum(),
        "Coverage by cluster": clusters["Workers"].sum(),
    }
    assert disagreeing(expected["workers"], workers) == {}, (expected, workers)
    for sex, column in (("women", "Women"), ("men", "Men")):
        figures = {
            "Coverage by state": states[f"{column} workers"].sum(),
            "Coverage by cluster": clusters[f"{column} workers"].sum(),
            "Gender levels (workforce)": workforce[column],
        }
        assert disagreeing(expected[sex], figures) == {}, (sex, expected, figures)


# --- Who takes part: women's share of participants, certified trainers ---------------------------


@by_view
def test_classroom_participants_by_sex(render: Render, truth, view: str) -> None:
    overview, gender, modules = (render(p, view) for p in ("overview", "gender", "modules"))
    classroom = row(
        table(gender, "Level", "Women's share (%)", "Women", "Men"),
        "Level",
        "Classroom participants",
    )
    participants = table(modules, "Module", "Role", "Women", "Men", "Total")
    expected = truth(view).participants()
    label = "Women's share of classroom participants"
    shares = {
        "Overview card": metric(overview, label),
        "Overview Excel headline": excel_row(overview, "Headline figures", label),
        "Gender levels": classroom["Women's share (%)"],
    }
    assert disagreeing(expected["women_share"], shares, 0.05) == {}, (expected, shares)
    for sex, column in (("women", "Women"), ("men", "Men")):
        figures = {"Gender levels": classroom[column], "Modules": participants[column].sum()}
        assert disagreeing(expected[sex], figures) == {}, (sex, expected, figures)
    assert classroom["Enterprises"] == expected["enterprises"]


@by_view
def test_certified_trainers_by_sex(render: Render, truth, view: str) -> None:
    overview, partners, gender = (render(p, view) for p in ("overview", "partners", "gender"))
    levels = table(partners, "Level", "Women", "Men", "Total")
    certified = levels[levels["Level"].isin(["Certified", "Expert"])]
    by_sex = row(table(gender, "Level", "Women", "Men"), "Level", "Certified trainers")
    expected = truth(view).certified_trainers()
    figures = {
        "Overview card": metric(overview, "Certified trainers"),
        "Overview Excel headline": excel_row(overview, "Headline figures", "Certified trainers"),
        "Overview logframe table": logframe_actual(
            table(overview, "Indicator", "Actual"), "Certified trainers"
        ),
        "Partners targets table": logframe_actual(
            table(partners, "Indicator", "Actual", "Status"), "Certified trainers"
        ),
        "Partners trainers by level (certified + expert)": certified["Total"].sum(),
        "Partners service providers": table(partners, "Institution", "Certified trainers")[
            "Certified trainers"
        ].sum(),
        "Gender levels (women + men)": by_sex["Women"] + by_sex["Men"],
    }
    assert disagreeing(expected["total"], figures) == {}, (expected, figures)
    for sex, column, figure in (
        ("women", "Women", "Women certified trainers"),
        ("men", "Men", "Men certified trainers"),
    ):
        split = {
            "Overview Excel headline": excel_row(overview, "Headline figures", figure),
            "Partners trainers by level": certified[column].sum(),
            "Gender levels": by_sex[column],
        }
        assert disagreeing(expected[sex], split) == {}, (sex, expected, split)


# --- Objectives 1-3: the logframe and the tables behind it ----------------------------------------


@by_view
def test_objective_indicators(render: Render, truth, view: str) -> None:
    """Each indicator of objectives 1-3 on the Overview's and the Partners page's status
    tables, and in every Partners table that adds up to it."""
    overview, partners = render("overview", view), render("partners", view)
    on_overview = table(overview, "Indicator", "Actual", "Status")
    on_partners = table(partners, "Indicator", "Actual", "Status")
    associations = table(partners, "Association", "Enterprises recruited", "Promotion events")
    by_state = table(partners, "State", "Associations with an MoU", "Media items")
    providers = table(partners, "Institution", "Embeds SCORE")
    dissemination = table(partners, "Half-year", "Media items", "Inspectors trained: women")
    upto = dissemination[dissemination["Half-year"] <= review_label(partners)]
    cost = table(partners, "Half-year", "Share of cost not paid by the ILO (%)")
    tables: dict[str, dict[str, float]] = {
        "Associations with an MoU": {"by state": by_state["Associations with an MoU"].sum()},
        "Enterprises recruited by associations": {
            "associations": associations["Enterprises recruited"].sum(),
            "by state": by_state["Enterprises recruited by associations"].sum(),
        },
        "Promotion events": {
            "associations": associations["Promotion events"].sum(),
            "by state": by_state["Promotion events"].sum(),
            "dissemination up to the review": upto["Promotion events"].sum(),
        },
        "Institutions embedding SCORE": {
            "service providers embedding": (providers["Embeds SCORE"] == "yes").sum()
        },
        "Share of training cost not paid by the ILO": {
            "cost recovery": row(cost, "Half-year", review_label(partners))[
                "Share of cost not paid by the ILO (%)"
            ]
        },
        "Labour inspectors trained": {
            "by state": (
                by_state["Labour inspectors trained: women"]
                + by_state["Labour inspectors trained: men"]
            ).sum(),
            "dissemination up to the review": (
                upto["Inspectors trained: women"] + upto["Inspectors trained: men"]
            ).sum(),
        },
        "Media items": {
            "by state": by_state["Media items"].sum(),
            "dissemination up to the review": upto["Media items"].sum(),
        },
    }
    wrong = {}
    for indicator, expected in truth(view).objectives().items():
        figures = {
            "Overview status table": logframe_actual(on_overview, indicator),
            "Partners status table": logframe_actual(on_partners, indicator),
            **tables.get(indicator, {}),
        }
        tol = 0.05 if indicator.startswith("Share") else 0.0
        if disagreeing(expected, figures, tol):
            wrong[indicator] = (expected, figures)
    assert wrong == {}


def status_by_rule(actual: float, target: float) -> str:
    """The documented status rule, written out here: on track at the target, at risk from
    85 % of it, off track below."""
    if actual >= target:
        return "✓ On track"
    return "! At risk" if actual >= 0.85 * target else "✗ Off track"


@by_view
def test_logframe_status_follows_the_rule(render: Render, truth, view: str) -> None:
    """Target, actual, achieved and status of every indicator, on the Overview and on the
    Partners page, against SQL and the rule; a filtered view is not assessed."""
    sql = truth(view)
    actuals = {
        "Enterprises trained": sql.enterprises_trained(),
        "Modules completed": sql.enrolments()["completed"],
        **sql.objectives(),
    }
    targets = sql.targets()
    assert set(targets) == set(actuals)
    programme = VIEWS[view].state is None
    wrong = {}
    for page in ("overview", "partners"):
        status = table(render(page, view), "Indicator", "Actual", "Status")
        assert len(status) == (10 if page == "overview" else 8)
        for shown in status.to_dict("records"):
            name = shown["Indicator"]
            actual, target = actuals[name], targets[name]
            expected = {
                "Target this half-year": target,
                "Actual": actual,
                "Status": status_by_rule(actual, target) if programme else "– Not assessed",
            }
            got = {key: shown[key] for key in expected}
            achieved = shown["Achieved (%)"]
            if programme and not close(achieved, round(100 * actual / target, 1)):
                wrong[(page, name, "Achieved (%)")] = (achieved, actual, target)
            if not programme and not pd.isna(achieved):
                wrong[(page, name, "Achieved (%)")] = achieved
            if got != expected:
                wrong[(page, name)] = (got, expected)
    assert wrong == {}


# --- Results: the share of enterprises improving, on the Overview and the Results page ------------


def kpi_card_line(at: AppTest, words: str) -> float:
    """The share on the Overview's KPI card line ending in these words ('**84.8 %** raised
    productivity (+1.6 points)')."""
    card = next(visible(m.value) for m in at.markdown if words in visible(m.value))
    line = next(line for line in card.split("\n") if words in line)
    return number(line.split("**")[1])


@by_view
@pytest.mark.parametrize(
    ("figure", "kpi", "name", "words"),
    [
        (
            "Enterprises improving productivity",
            "productivity",
            "Productivity",
            "raised productivity",
        ),
        ("Enterprises reducing defects", "defect_rate", "Defect rate", "reduced defects"),
        ("Enterprises reducing accidents", "accidents", "Accidents", "reduced accidents"),
    ],
)
def test_share_improved(
    render: Render, truth, view: str, figure: str, kpi: str, name: str, words: str
) -> None:
    overview = render("overview", view)
    results = render("results", view, {"kpi": name})
    assert results.selectbox(key="kpi").value == kpi
    summary = read_sheet(last_download(results, "results"), "Summary")
    expected = truth(view).share_improved(kpi)
    figures = {
        "Overview Excel headline": excel_row(overview, "Headline figures", figure),
        "Overview KPI card": kpi_card_line(overview, words),
        "Results card": metric(results, "Share improved (%)"),
        "Results all-KPI table": row(
            table(results, "KPI", "Share improved (%)", "Median change (%)"), "KPI", name
        )["Share improved (%)"],
        "Results Excel summary": row(summary, "Figure", "Share improved (%)")["Value"],
    }
    assert disagreeing(expected, figures, 0.05) == {}, (expected, figures)


# --- Bad URL parameters: dropped, named in a notice, the default view shown -------------------
#
# The sidebar reads and checks the shared filters once for every page (score_dash/ui/sidebar.py,
# pure rules in score_dash/core/filters.py: tests/unit/test_filters.py), so each case runs on
# one page, a different one each; that every page shows the notice is checked on every page
# by tests/app/test_hostile.py (a hostile value in every parameter).

DEFAULTS: dict[str, object] = {  # a sidebar filter's value when the link sets none
    "state": [],
    "cluster": [],
    "sector": [],
    "module": [],
    "period": "2017-H2",
    "range": ("2011-H1", "2017-H2"),
}
BAD_PARAMS: dict[str, tuple[str, dict[str, str | list[str]], tuple[str, ...]]] = {
    # case: (the page it runs on, parameters, what the notice must say)
    "unknown state": ("gender", {"state": "Atlantis"}, ("state 'Atlantis' (not in the data)",)),
    "unknown period": (
        "data",
        {"period": "1999-H1"},
        ("review period '1999-H1' (not in the data)",),
    ),
    "unknown module and cluster": (
        "modules",
        {"module": "M9 Juggling", "cluster": "Atlantis"},
        ("module 'M9 Juggling' (not in the data)", "cluster 'Atlantis' (not in the data)"),
    ),
    "over-long value": (
        "coverage",
        {"state": "X" * 5000, "sector": "Z" * 5000},
        ("state (a value over 80 characters)", "sector (a value over 80 characters)"),
    ),
    "markup in a value": (
        "results",
        {"state": "<script>alert(1)</script>"},
        ("state '<script>alert(1)</script>' (not in the data)",),
    ),
}


def widget_value(at: AppTest, key: str) -> object:
    if key == "period":
        return at.selectbox(key=key).value
    if key == "range":
        return tuple(at.select_slider(key=key).value)
    return at.multiselect(key=key).value


@pytest.mark.parametrize("case", list(BAD_PARAMS))
def test_bad_url_parameters_are_dropped_and_named(run_app: RunApp, render: Render, case: str):
    page, params, says = BAD_PARAMS[case]
    at = run_app(f"app_pages/{page}.py", params)
    assert errors(at) == []
    notice = ignored_notice(at)
    missing = [part for part in says if part not in notice]
    assert missing == [], f"the notice on {page} does not say {missing}: {notice[:300]!r}"
    assert len(notice) < 1000, "a notice repeats an over-long value in full"
    assert {key: widget_value(at, key) for key in params} == {key: DEFAULTS[key] for key in params}
    assert_same_figures(at, render(page, "default"))


PAGE_PARAMS = {  # a page's own choice in the link: parameter, widget, default, its label
    "results": ("kpi", "selectbox", "productivity", "KPI", "Productivity"),
    "coverage": ("measure", "radio", "enterprises", "measure", "Enterprises"),
}


@pytest.mark.parametrize("value", ["Happiness", "W" * 5000])
@pytest.mark.parametrize("page", list(PAGE_PARAMS))
def test_bad_page_parameter_is_ignored_with_a_notice(
    run_app: RunApp, render: Render, page: str, value: str
) -> None:
    """README: a parameter that is not valid is dropped and the page says what was ignored."""
    key, widget, default, what, label = PAGE_PARAMS[page]
    at = run_app(f"app_pages/{page}.py", {key: value})
    assert errors(at) == []
    assert getattr(at, widget)(key=key).value == default
    notice = ignored_notice(at)
    shown = value if len(value) <= 60 else value[:59] + "…"  # long values are shortened
    assert f"{what} '{shown}' is not known; showing {label}" in notice
    assert len(notice) < 1000, "a notice repeats an over-long value in full"
    assert_same_figures(at, render(page, "default"))


@pytest.mark.parametrize("page", list(PAGE_PARAMS))
def test_another_pages_parameter_is_ignored_silently(
    run_app: RunApp, render: Render, page: str
) -> None:
    """A page has no notice for a parameter it does not have, even one another page reads
    (the page notices come from the page, not the shared sidebar): the other page's
    parameter, with a value that would be refused there, changes nothing here."""
    (other,) = set(PAGE_PARAMS) - {page}
    key = PAGE_PARAMS[other][0]
    shown = run_app(f"app_pages/{page}.py", {key: "Happiness"})
    assert errors(shown) == [] and ignored_notice(shown) == "", page
    assert_same_figures(shown, render(page, "default"))
