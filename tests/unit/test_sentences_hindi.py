"""The sentences the reports write, in Hindi (issue 26): a report is built in the run's
language, so its summary, "What changed" lines, notes and the confidentiality texts are
written from the catalog. Each expected sentence is written here by hand from the catalog's
Hindi (score_dash/locale/hi/LC_MESSAGES/score_dash.po) and the hand-made rows of the test,
never produced by the code under test."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from score_dash.access import disclosure, policy
from score_dash.charts import results as results_charts
from score_dash.core import dictionary, i18n
from score_dash.ingest.check import cells
from score_dash.ingest.read import FileRejected, sniff
from score_dash.meetings import actions
from score_dash.metrics import definitions, gender, logframe
from score_dash.metrics.logframe import AT_RISK, NO_DATA, NO_TARGET, OFF_TRACK, ON_TRACK
from score_dash.ui.page import screen_headers

LABELS = {"review": "2015-H2", "previous": "2015-H1", "year_earlier": ""}


@pytest.fixture
def hindi():
    i18n.use("hi")
    yield
    i18n.use("en")


def status(rows: list[tuple[str, str, str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=["code", "Indicator", "Status", "Previous status", "Actual", "Previous actual"],
    ).assign(Unit="")


def figures(rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["code", "Figure", "Unit", "Value", "Previous"])


NO_GAPS = pd.DataFrame(
    {
        "Measure": ["Trained enterprises reporting KPIs (%)"],
        "Value": [90.0],
        "Previous": [91.0],
        "Change since previous": [-1.0],
    }
)


def test_the_logframe_summary_in_hindi(hindi) -> None:
    table = status(
        [
            ("media_items", "Media items", AT_RISK, ON_TRACK, 5, 3),
            ("promotion_events", "Promotion events", ON_TRACK, OFF_TRACK, 10, 4),
            ("associations_mou", "Associations", OFF_TRACK, ON_TRACK, 2, 2),
            ("other", "Other", NO_TARGET, NO_TARGET, 2, 2),
        ]
    )
    assert logframe.compute_status_summary(table, "2015-H2") == (
        "2015-H2: लक्ष्य वाले 3 संकेतकों में से 1 सही दिशा में हैं; 1 जोखिम में (मीडिया सामग्री); "
        "1 लक्ष्य से पीछे (संघ)।"
    )
    on_track = table[table["Status"] == ON_TRACK]
    assert logframe.compute_status_summary(on_track, "2015-H2") == (
        "2015-H2: लक्ष्य वाले 1 संकेतकों में से 1 सही दिशा में हैं।"
    )


def test_what_changed_in_hindi(hindi) -> None:
    table = status(
        [
            ("associations_mou", "Associations", OFF_TRACK, ON_TRACK, 2, 2),
            ("promotion_events", "Promotion events", ON_TRACK, OFF_TRACK, 10, 4),
            ("media_items", "Media items", NO_DATA, ON_TRACK, math.nan, 3),
        ]
    )
    shares = figures([("enterprises_trained", "Enterprises trained", "enterprises", 110, 100)])
    gaps = NO_GAPS.assign(Value=[80.0], **{"Change since previous": [-11.0]})
    assert logframe.compute_what_changed(shares, table, gaps, LABELS) == [
        "संघ: सही दिशा में से गिरकर लक्ष्य से पीछे।",
        "प्रचार कार्यक्रम: लक्ष्य से पीछे से सुधरकर सही दिशा में।",
        "प्रचार कार्यक्रम 6 (+150 %) बढ़कर 10 हो गया।",
        "प्रशिक्षित उद्यम 10 (+10 %) बढ़कर 110 हो गया।",
        "नया डेटा अंतराल: मुख्य संकेतक (KPI) सूचित करने वाले प्रशिक्षित उद्यम 91.0 % से घटकर 80.0 % रह गए।",
        "नया डेटा अंतराल: 2015-H2 में मीडिया सामग्री का कोई मान नहीं।",
    ]
    assert logframe.compute_what_changed(
        figures([]), status([]), NO_GAPS, {"review": "2011-H1", "previous": ""}
    ) == ["2011-H1 डेटा की पहली छमाही है: तुलना के लिए कोई पिछली छमाही नहीं है।"]


def test_a_percentage_movement_in_hindi(hindi) -> None:
    share = figures([("women_share", "Women's share of workers (%)", "%", 20.0, 12.0)])
    lines = logframe.compute_what_changed(share, status([]), NO_GAPS, LABELS)
    assert lines == ["श्रमिकों में महिलाओं का हिस्सा (%) 8.0 अंक बढ़कर 20.0 % हो गया (2015-H1 में 12.0 % से)।"]


def items(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["Kind", "Status", "Overdue"])


def test_the_actions_count_and_the_last_reviews_note_in_hindi(hindi) -> None:
    counts = {"actions": 3, "done": 1, "open": 1, "dropped": 1, "overdue": 1, "decisions": 1}
    assert actions.summary_text(counts) == (
        "3 कार्रवाइयाँ: 1 पूर्ण, 1 लंबित (1 समय-सीमा पार), 1 छोड़ी गईं; 1 निर्णय"
    )
    one = {"actions": 1, "done": 0, "open": 1, "dropped": 0, "overdue": 0, "decisions": 2}
    assert actions.summary_text(one) == "1 कार्रवाई: 0 पूर्ण, 1 लंबित; 2 निर्णय"


def test_the_parity_notice_in_hindi(hindi) -> None:
    levels = pd.DataFrame(
        {
            "Level": ["Workforce", "Classroom participants", "Improvement-team members"],
            gender.SHARE: [37.5, 40.0, 16.7],
        }
    )
    notices = gender.compute_parity_notices(levels)
    assert notices["Notice"].tolist() == [
        "सुधार-दल के सदस्यों में महिलाएँ 16.7 % हैं, जबकि कार्यबल में 37.5 %।"
    ]


def test_the_confidentiality_texts_in_hindi(hindi) -> None:
    rules = disclosure.rules_text(5, 10)
    assert rules.startswith("गोपनीयता: दर्शक जो कुछ भी एक साथ प्राप्त कर सकता है")
    assert "उससे 5 से कम उद्यमों का कोई आँकड़ा निकाला नहीं जा सकता" in rules
    assert "सबसे बड़े उद्यम के 10 % से कम हों (p % प्रभुत्व नियम)" in rules
    assert "{" not in rules
    assert policy.suppressed_note(5) == "5 से कम उद्यम"
    assert policy.selection_note(5).startswith("इस चयन में 5 से कम उद्यम हैं, इसलिए")


def test_the_texts_are_english_again_in_an_english_run() -> None:
    i18n.use("en")
    assert policy.suppressed_note(5) == "fewer than 5 enterprises"
    assert disclosure.rules_text(5, 10).startswith("Confidentiality: from everything")


def test_the_kpis_named_for_the_catalog_are_the_dictionarys() -> None:
    assert set(definitions.KPI_NAMES) == {name for _, name, *_ in dictionary.KPIS}
    assert set(definitions.KPI_UNITS) == {unit for _, _, unit, *_ in dictionary.KPIS}


def test_screen_headers_translate_the_catalogs_words_and_keep_data(hindi) -> None:
    assert screen_headers(["Indicator", "2017-H2", "Status", 3]) == {
        "Indicator": "संकेतक",
        "Status": "स्थिति",
    }
    # Two headers that would read the same keep their English: no column is lost.
    assert screen_headers(["Open", "open"]) == {}


def test_a_charts_women_and_men_are_labelled_in_hindi_and_kept_in_the_data(hindi) -> None:
    from score_dash.charts.partners import build_sex_bar_chart

    table = pd.DataFrame({"Level": ["Trainer"], "Women": [2], "Men": [3]})
    chart = build_sex_bar_chart(table, "Level", "Trainers").to_dict()
    legend = chart["layer"][0]["encoding"]["color"]
    # The catalog's Hindi for "Women" and "Men", the data's English kept for the scale.
    assert legend["legend"]["labelExpr"] == (
        'datum.label === "Women" ? "महिलाएँ" : datum.label === "Men" ? "पुरुष" : datum.label'
    )
    assert legend["scale"]["domain"] == ["Women", "Men"]


def _label_expression(pairs: list[tuple[str, str]]) -> str:
    """The labelExpr that shows each English word as its Hindi, written out by hand."""
    expression = "datum.label"
    for english, shown in reversed(pairs):
        expression = f'datum.label === "{english}" ? "{shown}" : {expression}'
    return expression


def test_a_funnels_stages_are_labelled_in_hindi_and_kept_in_the_data(hindi) -> None:
    from score_dash.charts.modules import build_funnel_chart

    funnel = pd.DataFrame(
        {
            "Module": ["M1", "M1"],
            "Step": [1, 2],
            "Stage": ["Enrolled", "Baseline done"],
            "Enterprises": [10, 8],
            "Of enrolled (%)": [100.0, 80.0],
            "Lost since previous step": [0, 2],
            "Note": ["", ""],
        }
    )
    chart = build_funnel_chart(funnel).to_dict()
    axis = chart["spec"]["layer"][0]["encoding"]["y"]
    # The catalog's Hindi for the two stages; the data and the sort keep the English.
    assert axis["axis"]["labelExpr"] == _label_expression(
        [("Enrolled", "नामांकित"), ("Baseline done", "आधार-रेखा पूरी")]
    )
    assert axis["sort"] == ["Enrolled", "Baseline done"]


def test_the_results_legends_are_in_hindi(hindi) -> None:
    from score_dash.charts.results import build_change_chart

    changes = pd.DataFrame({"Enterprise": ["A", "B", "C"], "Change": [1.0, 0.0, -1.0]}).assign(
        Result=["improved", "no change", "worse"]
    )
    chart = build_change_chart(changes, "%").to_dict()
    ticks = chart["layer"][0]["encoding"]
    assert ticks["y"]["axis"]["labelExpr"] == _label_expression(
        [("improved", "सुधरा"), ("no change", "कोई परिवर्तन नहीं"), ("worse", "बिगड़ा")]
    )


def test_the_overviews_status_bars_name_indicators_and_statuses_in_hindi(hindi) -> None:
    from score_dash.charts.overview import build_status_chart

    table = pd.DataFrame(
        {
            "Indicator": ["Enterprises trained", "Media items"],
            "Achieved (%)": [93.0, None],
            "Status": [AT_RISK, None],
        }
    )
    chart = build_status_chart(table, "2017-H2").to_dict()
    rows = next(iter(chart["datasets"].values()))
    assert [row["Indicator"] for row in rows] == ["प्रशिक्षित उद्यम", "मीडिया सामग्री"]
    assert [row["Label"] for row in rows] == ["! जोखिम में  93 %", "नहीं दिखाया गया"]
    # The colour scale still reads the English status the table carries.
    assert [row["Status"] for row in rows] == [AT_RISK, None]


def test_the_employment_panels_and_legend_are_named_in_hindi(hindi) -> None:
    from score_dash.charts.gender import build_employment_chart

    employment = pd.DataFrame(
        {
            "Half-year": ["2017-H2", "2017-H2"],
            "Group": ["Workers, permanent", "Managers, contract"],
            "Women": [3, 1],
            "Men": [5, 2],
            "Total": [8, 3],
            "Note": ["", ""],
        }
    )
    chart = build_employment_chart(employment).to_dict()
    # The panels are named in Hindi in the chart's data, in the groups' order.
    rows = next(iter(chart["datasets"].values()))
    assert [row["Group"] for row in rows] == ["श्रमिक, स्थायी", "प्रबंधक, अनुबंधित"]
    assert chart["facet"]["sort"] == [
        "श्रमिक, स्थायी",
        "श्रमिक, अनुबंधित",
        "प्रबंधक, स्थायी",
        "प्रबंधक, अनुबंधित",
    ]
    legend = chart["spec"]["layer"][0]["encoding"]["color"]["legend"]
    assert legend["title"] == "लिंग"


SEX = dictionary.Column("sex", "text", "", allowed=("Female", "Male"))
WORKERS = dictionary.Column("workers", "int", "", minimum=0, maximum=5000)
JOINED = dictionary.Column("joined_date", "date", "")


def test_the_import_checks_refuse_in_hindi(hindi) -> None:
    """The problems table of the Data page: each refusal from the catalog, the value, the
    allowed values and the limits inserted as they are."""
    assert cells.rule_allowed_value(SEX, "F") == (
        None,
        '"F" की यहाँ अनुमति नहीं है; इनमें से किसी एक का प्रयोग करें: Female, Male।',
    )
    assert cells.rule_within_range(WORKERS, -2) == "-2 सबसे छोटे अनुमत मान, 0, से कम है।"
    assert cells.rule_within_range(WORKERS, 6000.0) == "6000 सबसे बड़े अनुमत मान, 5000, से अधिक है।"
    assert cells.to_date(JOINED, "31/01/2016") == (
        None,
        '"31/01/2016" तिथि नहीं है; Excel तिथि या YYYY-MM-DD का प्रयोग करें।',
    )
    assert cells.convert_cell(WORKERS, "  ") == (None, "मान आवश्यक है।")
    with pytest.raises(FileRejected) as refused:
        sniff(b"not a workbook", "workforce.xls", 5)
    assert str(refused.value) == (
        'यह पुरानी Excel 97-2003 वर्कबुक (.xls) है। इसे Excel में खोलें, "Excel Workbook (.xlsx)" '
        "के रूप में सहेजें और वह फ़ाइल अपलोड करें।"
    )


def test_the_import_checks_refuse_in_english_after_a_hindi_run() -> None:
    assert i18n.current() == i18n.DEFAULT  # the fixture gave the language back
    assert cells.rule_allowed_value(SEX, "F") == (
        None,
        '"F" is not allowed here; use one of: Female, Male.',
    )
    assert cells.rule_within_range(WORKERS, 6000.0) == (
        "6000 is above the largest allowed value, 5000."
    )
    assert cells.to_date(JOINED, "31/01/2016") == (
        None,
        '"31/01/2016" is not a date; use an Excel date or YYYY-MM-DD.',
    )


def test_the_indicator_a_note_or_item_names_is_in_hindi(hindi) -> None:
    """The decision and note forms offer, and the pack's notes table prints, the indicator by
    its name in the run's language; a code no dictionary knows stays as written."""
    assert definitions.indicator_name("enterprises_trained") == "प्रशिक्षित उद्यम"
    assert definitions.indicator_name("defect_rate") == "मुख्य संकेतक (KPI): दोष दर"
    assert definitions.indicator_name("made_up") == "made_up"
    i18n.use("en")
    assert definitions.indicator_name("defect_rate") == "KPI: Defect rate"


def test_a_charts_own_words_in_its_marks_are_in_hindi(hindi) -> None:
    """What a chart writes beside its bars and on its axis (Results' grid of every KPI and its
    groups): the KPIs' names and the app's words in Hindi, a cluster's name as recorded."""
    grid = pd.DataFrame(
        {
            "KPI": ["Productivity", "Defect rate"],
            "Share improved (%)": [84.8, float("nan")],
            "Median change (%)": [14.3, float("nan")],
            "Note": ["", "small group"],
        }
    )
    data = results_charts.build_all_kpis_chart(grid).data
    assert list(data["KPI"]) == ["उत्पादकता", "दोष दर (छोटा समूह)"]
    assert list(data["Label"]) == ["85% में सुधार · माध्यिका परिवर्तन +14.3%", ""]
    groups = pd.DataFrame(
        {
            "Cluster": ["Pune", "Chennai"],
            "Share improved (%)": [75.0, 50.0],
            "Enterprises": [24, float("nan")],
            "Note": ["", "not shown: fewer than 5"],
        }
    )
    data = results_charts.build_groups_chart(groups, "Cluster").data
    assert list(data["Group"]) == ["Pune", "Chennai (नहीं दिखाया गया)"]
    assert list(data["Label"]) == ["24 में से 75%", "नहीं दिखाया गया"]
