"""Cross-page consistency: the same figure is the same on every page that shows it.

Every number is read from what the pages render (metrics, data frames) or from the Excel
download they serve, never recomputed here and never hard-coded, for the default view and
for one filtered view. A page that computed a figure differently makes its check fail.
Also: no page shows an exception for bad URL parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import RunApp, errors, last_download
from tests.excel import read_sheet

PAGES = ("overview", "coverage", "modules", "results", "gender", "partners", "data", "definitions")
VIEWS: dict[str, dict[str, str]] = {
    "default": {},
    "tamil-nadu-2015-H2": {"state": "Tamil Nadu", "period": "2015-H2"},
}
_CACHE: dict[tuple[str, str, tuple[tuple[str, str], ...]], AppTest] = {}

Render = Callable[..., AppTest]


@pytest.fixture
def render(run_app: RunApp) -> Render:
    """A page rendered for a view, once per module (the demo database is read-only)."""

    def get(page: str, view: str, extra: Mapping[str, str] | None = None) -> AppTest:
        key = (page, view, tuple(sorted((extra or {}).items())))
        if key not in _CACHE:
            at = run_app(f"app_pages/{page}.py", {**VIEWS[view], **(extra or {})})
            assert errors(at) == [], f"{page} ({view}) shows an error: {errors(at)}"
            _CACHE[key] = at
        return _CACHE[key]

    return get


def number(text: str) -> float:
    """A figure as a card shows it ('18,170', '13.5 %') back as a number."""
    cleaned = text.replace(",", "").replace("%", "").strip()
    return float(cleaned)


def metric(at: AppTest, label: str) -> float:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric '{label}'; metrics: {[m.label for m in at.metric]}"
    return number(values[0])


def table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first data frame on the page that has all these columns."""
    for element in at.dataframe:
        frame = element.value
        if set(columns) <= set(frame.columns):
            return frame.reset_index(drop=True)
    shown = [list(e.value.columns) for e in at.dataframe]
    raise AssertionError(f"no table with columns {columns}; tables: {shown}")


def row(frame: pd.DataFrame, column: str, value: str) -> pd.Series:
    rows = frame[frame[column].astype(str) == value]
    assert len(rows) == 1, f"expected one row {column}={value!r}, got {len(rows)}"
    return rows.iloc[0]


def review_label(at: AppTest) -> str:
    """The review half-year as the page shows it (the sidebar's selectbox)."""
    return str(at.selectbox(key="period").value)


def headline(at: AppTest, figure: str) -> float:
    """An Overview headline figure from the Overview's Excel download (what Excel says)."""
    sheet = read_sheet(last_download(at, "overview"), "Headline figures")
    return float(row(sheet, "Figure", figure)[review_label(at)])


def logframe_actual(frame: pd.DataFrame, indicator: str) -> float:
    return float(row(frame, "Indicator", indicator)["Actual"])


def close(a: float, b: float, tol: float = 0.051) -> bool:
    """Equal up to the one decimal percentages are shown with."""
    return abs(a - b) <= tol


by_view = pytest.mark.parametrize("view", list(VIEWS))


def test_the_filtered_view_is_filtered(render: Render) -> None:
    """Guard for the checks above: the filtered view must really show fewer enterprises."""
    default, filtered = render("overview", "default"), render("overview", "tamil-nadu-2015-H2")
    assert metric(filtered, "States") == 1
    assert 0 < metric(filtered, "Enterprises") < metric(default, "Enterprises")
    assert review_label(filtered) == "2015-H2"


# --- Enterprise results: modules, enrolments, enterprises trained ---------------------------


@by_view
def test_modules_completed_agree(render: Render, view: str) -> None:
    overview, modules, coverage = (render(p, view) for p in ("overview", "modules", "coverage"))
    card = metric(overview, "Modules completed")
    funnel = table(modules, "Module", "Stage", "Enterprises")
    figures = {
        "Overview card": card,
        "Overview Excel headline": headline(overview, "Modules completed"),
        "Overview logframe table": logframe_actual(
            table(overview, "Indicator", "Actual"), "Modules completed"
        ),
        "Modules card": metric(modules, "Completed"),
        "Modules funnel (Completed stage)": float(
            funnel.loc[funnel["Stage"] == "Completed", "Enterprises"].sum()
        ),
        "Coverage by state": float(
            table(coverage, "State", "Modules completed")["Modules completed"].sum()
        ),
        "Coverage by cluster": float(
            table(coverage, "Cluster", "Modules completed")["Modules completed"].sum()
        ),
    }
    assert set(figures.values()) == {card}, figures


@by_view
def test_module_enrolments_agree(render: Render, view: str) -> None:
    modules, coverage = render("modules", view), render("coverage", view)
    card = metric(modules, "Enrolments")
    funnel = table(modules, "Module", "Stage", "Enterprises")
    figures = {
        "Modules card": card,
        "Modules funnel (Enrolled stage)": float(
            funnel.loc[funnel["Stage"] == "Enrolled", "Enterprises"].sum()
        ),
        "Coverage by state": float(
            table(coverage, "State", "Module enrolments")["Module enrolments"].sum()
        ),
    }
    assert set(figures.values()) == {card}, figures


@by_view
def test_enterprises_trained_agree(render: Render, view: str) -> None:
    overview, gender = render("overview", view), render("gender", view)
    card = metric(overview, "Enterprises trained")
    levels = table(gender, "Level", "Women's share (%)", "Enterprises")
    figures = {
        "Overview card": card,
        "Overview logframe table": logframe_actual(
            table(overview, "Indicator", "Actual"), "Enterprises trained"
        ),
        "Gender: enterprises behind classroom participants": float(
            row(levels, "Level", "Classroom participants")["Enterprises"]
        ),
    }
    assert set(figures.values()) == {card}, figures


# --- Where: enterprises, clusters, states, workers ---------------------------------------------


@by_view
def test_enterprises_clusters_states_agree(render: Render, view: str) -> None:
    overview, coverage, gender = (render(p, view) for p in ("overview", "coverage", "gender"))
    states = table(coverage, "Code", "State", "Enterprises", "Workers")
    clusters = table(coverage, "Cluster", "City", "Enterprises")
    jobs = table(gender, "Sector", "Enterprises", "Workers at baseline")
    enterprises = metric(overview, "Enterprises")
    assert {
        enterprises,
        float(states["Enterprises"].sum()),
        float(clusters["Enterprises"].sum()),
        float(row(jobs, "Sector", "All")["Enterprises"]),
    } == {enterprises}
    assert metric(overview, "Clusters") == len(clusters) == states["Clusters"].sum()
    assert metric(overview, "States") == len(states)


@by_view
def test_workers_agree(render: Render, view: str) -> None:
    overview, coverage, gender = (render(p, view) for p in ("overview", "coverage", "gender"))
    states = table(coverage, "Code", "State", "Workers", "Women workers", "Men workers")
    clusters = table(coverage, "Cluster", "City", "Workers")
    glance = read_sheet(last_download(overview, "overview"), "Programme at a glance")
    workers = metric(overview, "Workers in participating enterprises")
    assert workers == float(
        row(glance, "Figure", "Workers in participating enterprises")[review_label(overview)]
    )
    assert workers == states["Workers"].sum() == clusters["Workers"].sum()
    workforce = row(
        table(gender, "Level", "Women's share (%)", "Women", "Men"), "Level", "Workforce"
    )
    assert (int(workforce["Women"]), int(workforce["Men"])) == (
        int(states["Women workers"].sum()),
        int(states["Men workers"].sum()),
    )


# --- Who takes part: women's share of participants, certified trainers ---------------------------


@by_view
def test_womens_share_of_participants_agrees(render: Render, view: str) -> None:
    overview, gender, modules = (render(p, view) for p in ("overview", "gender", "modules"))
    levels = table(gender, "Level", "Women's share (%)", "Women", "Men")
    participants = table(modules, "Module", "Role", "Women", "Men", "Total")
    classroom = row(levels, "Level", "Classroom participants")
    card = metric(overview, "Women's share of classroom participants")
    assert card == headline(overview, "Women's share of classroom participants")
    assert close(card, float(classroom["Women's share (%)"]))
    # The Modules page's participants table counts the same people.
    women, men = int(participants["Women"].sum()), int(participants["Men"].sum())
    assert (women, men) == (int(classroom["Women"]), int(classroom["Men"]))
    assert close(card, round(100 * women / (women + men), 1))


@by_view
def test_certified_trainers_agree(render: Render, view: str) -> None:
    overview, partners, gender = (render(p, view) for p in ("overview", "partners", "gender"))
    card = metric(overview, "Certified trainers")
    levels = table(partners, "Level", "Women", "Men", "Total")
    certified = levels[levels["Level"].isin(["Certified", "Expert"])]
    by_sex = row(table(gender, "Level", "Women", "Men"), "Level", "Certified trainers")
    figures = {
        "Overview card": card,
        "Overview logframe table": logframe_actual(
            table(overview, "Indicator", "Actual"), "Certified trainers"
        ),
        "Partners targets table": logframe_actual(
            table(partners, "Indicator", "Actual", "Status"), "Certified trainers"
        ),
        "Partners trainers by level (certified + expert)": float(certified["Total"].sum()),
        "Gender levels (women + men)": float(by_sex["Women"] + by_sex["Men"]),
    }
    assert set(figures.values()) == {card}, figures
    women = headline(overview, "Women certified trainers")
    assert women == certified["Women"].sum() == by_sex["Women"]
    assert headline(overview, "Men certified trainers") == certified["Men"].sum() == by_sex["Men"]


@by_view
def test_service_providers_table_holds_every_certified_trainer(render: Render, view: str) -> None:
    """The 'Service providers' table under objective 2 lists institutions and their
    certified trainers: its column must add up to the certified trainers reported."""
    partners = render("partners", view)
    providers = table(partners, "Institution", "Certified trainers")
    total = logframe_actual(table(partners, "Indicator", "Actual", "Status"), "Certified trainers")
    assert providers["Certified trainers"].sum() == total, providers


# --- Objectives 1-3: the logframe and the tables behind it ----------------------------------------


@by_view
def test_logframe_rows_agree_between_overview_and_partners(render: Render, view: str) -> None:
    overview = table(render("overview", view), "Indicator", "Actual", "Status")
    partners = table(render("partners", view), "Indicator", "Actual", "Status")
    columns = ["Indicator", "Target this half-year", "Actual", "Achieved (%)", "Status"]
    same = overview[overview["Indicator"].isin(partners["Indicator"])][columns]
    assert len(same) == len(partners) > 0
    pd.testing.assert_frame_equal(
        same.reset_index(drop=True), partners[columns].reset_index(drop=True)
    )


@by_view
def test_objective_tables_add_up_to_the_logframe(render: Render, view: str) -> None:
    at = render("partners", view)
    status = table(at, "Indicator", "Actual", "Status")
    associations = table(at, "Association", "Enterprises recruited", "Promotion events")
    by_state = table(at, "State", "Associations with an MoU", "Media items")
    dissemination = table(at, "Half-year", "Media items", "Inspectors trained: women")
    review = review_label(at)
    upto = dissemination[dissemination["Half-year"] <= review]
    inspectors_by_state = (
        by_state["Labour inspectors trained: women"] + by_state["Labour inspectors trained: men"]
    )
    checks = {
        "Associations with an MoU": [by_state["Associations with an MoU"].sum()],
        "Enterprises recruited by associations": [
            associations["Enterprises recruited"].sum(),
            by_state["Enterprises recruited by associations"].sum(),
        ],
        "Promotion events": [
            associations["Promotion events"].sum(),
            by_state["Promotion events"].sum(),
            upto["Promotion events"].sum(),
        ],
        "Labour inspectors trained": [
            inspectors_by_state.sum(),
            (upto["Inspectors trained: women"] + upto["Inspectors trained: men"]).sum(),
        ],
        "Media items": [by_state["Media items"].sum(), upto["Media items"].sum()],
    }
    wrong = {
        indicator: (logframe_actual(status, indicator), [float(v) for v in values])
        for indicator, values in checks.items()
        if any(float(v) != logframe_actual(status, indicator) for v in values)
    }
    assert wrong == {}, wrong


@by_view
def test_cost_share_agrees_with_cost_recovery_table(render: Render, view: str) -> None:
    at = render("partners", view)
    status = table(at, "Indicator", "Actual", "Status")
    cost = table(at, "Half-year", "Share of cost not paid by the ILO (%)")
    actual = logframe_actual(status, "Share of training cost not paid by the ILO")
    shown = float(row(cost, "Half-year", review_label(at))["Share of cost not paid by the ILO (%)"])
    assert close(actual, shown), (actual, shown)


# --- Results: the Overview's KPI card against the Results page ------------------------------------


@by_view
@pytest.mark.parametrize(
    ("figure", "kpi"),
    [
        ("Enterprises improving productivity", "Productivity"),
        ("Enterprises reducing defects", "Defect rate"),
        ("Enterprises reducing accidents", "Accidents"),
    ],
)
def test_share_improved_agrees_with_results(
    render: Render, view: str, figure: str, kpi: str
) -> None:
    overview_value = headline(render("overview", view), figure)
    results = render("results", view, {"kpi": kpi})
    assert results.selectbox(key="kpi").format_func(results.selectbox(key="kpi").value) == kpi
    all_kpis = table(results, "KPI", "Share improved (%)", "Median change (%)")
    card = metric(results, "Share improved (%)")
    summary = read_sheet(last_download(results, "results"), "Summary")
    in_excel = float(row(summary, "Figure", "Share improved (%)")["Value"])
    assert close(overview_value, card), (overview_value, card)
    assert close(card, float(row(all_kpis, "KPI", kpi)["Share improved (%)"]))
    assert close(card, in_excel)


# --- Bad URL parameters: dropped with a notice, never an exception ------------------------------

BAD_PARAMS: dict[str, dict[str, str | list[str]]] = {
    "unknown state": {"state": "Atlantis"},
    "unknown period": {"period": "1999-H1"},
    "reversed range": {"range": ["2017-H2", "2011-H1"]},
    "unknown module and cluster": {"module": "M9 Juggling", "cluster": "Atlantis"},
    "over-long value": {"state": "X" * 5000, "sector": "Z" * 5000},
    "markup in a value": {"state": "<script>alert(1)</script>"},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("case", list(BAD_PARAMS))
def test_bad_url_parameters_show_no_exception(run_app: RunApp, page: str, case: str) -> None:
    at = run_app(f"app_pages/{page}.py", BAD_PARAMS[case])
    assert errors(at) == []
    assert at.title, "the page rendered no title"
    notices = [i.value for i in at.info if "Ignored" in i.value]
    assert notices, f"no 'Ignored in the link' notice for {case} on {page}"
    assert all(len(n) < 1000 for n in notices), "a notice repeats an over-long value in full"


PAGE_PARAMS = {  # a page's own choice in the link: (page, parameter)
    "results": "kpi",
    "coverage": "measure",
}


@pytest.mark.parametrize("value", ["Happiness", "W" * 5000])
@pytest.mark.parametrize("page", list(PAGE_PARAMS))
def test_bad_page_parameter_is_ignored_with_a_notice(
    run_app: RunApp, page: str, value: str
) -> None:
    """README: a parameter that is not valid is dropped and the page says what was ignored."""
    at = run_app(f"app_pages/{page}.py", {PAGE_PARAMS[page]: value})
    assert errors(at) == []
    notices = [i.value for i in at.info if "Ignored" in i.value]
    assert notices, f"{page} silently ignores {PAGE_PARAMS[page]}={value[:20]!r}"
    assert all(len(n) < 1000 for n in notices), "a notice repeats an over-long value in full"
    # Unknown page parameters on other pages are harmless.
    for other in PAGES:
        if other != page:
            assert errors(run_app(f"app_pages/{other}.py", {PAGE_PARAMS[page]: value})) == []
