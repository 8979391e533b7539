"""The view state: URL round trip, validation of bad parameters, application to frames."""

from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from score_dash.core.filters import (
    MAX_VALUE_LENGTH,
    Filters,
    apply_filters,
    build_options,
    describe,
    parse_params,
    resolve_periods,
    to_params,
    to_query_string,
)
from score_dash.core.i18n import in_language


@pytest.fixture(scope="module")
def options(demo_frames):
    return build_options(demo_frames)


def filters_strategy(options):
    codes = list(options.period_codes)

    @st.composite
    def build(draw):
        states = draw(st.lists(st.sampled_from(list(options.states)), unique=True, max_size=3))
        clusters = draw(
            st.lists(st.sampled_from(options.clusters_in(states)), unique=True, max_size=2)
        )
        range_ = draw(
            st.none()
            | st.tuples(st.sampled_from(codes), st.sampled_from(codes)).map(
                lambda t: tuple(sorted(t))
            )
        )
        return Filters(
            period=draw(st.none() | st.sampled_from(codes)),
            compare=draw(st.none() | st.sampled_from(codes)),
            range=range_,
            states=tuple(states),
            clusters=tuple(clusters),
            sectors=tuple(
                draw(st.lists(st.sampled_from(list(options.sectors)), unique=True, max_size=2))
            ),
            modules=tuple(
                draw(st.lists(st.sampled_from(list(options.modules)), unique=True, max_size=3))
            ),
            partners=tuple(
                draw(st.lists(st.sampled_from(list(options.partners)), unique=True, max_size=2))
            ),
            size_bands=tuple(
                draw(st.lists(st.sampled_from(list(options.size_bands)), unique=True, max_size=2))
            ),
            women_owned=draw(st.booleans()),
        )

    return build()


def test_round_trip_through_the_query_string(demo_frames):
    options = build_options(demo_frames)

    @settings(max_examples=200, deadline=None)
    @given(filters_strategy(options))
    def check(filters):
        query = to_query_string(filters, options)
        parsed, notices = parse_params(parse_qs(query), options)
        assert notices == []
        assert parsed == filters

    check()


def test_defaults_leave_the_url_empty(options):
    assert to_params(Filters(), options) == {}
    assert to_query_string(Filters(), options) == ""


def test_params_use_the_labels_the_sidebar_shows(options):
    filters = Filters(period="2015-H2", states=("IN-HR", "IN-TN"), modules=("M1",))
    assert to_params(filters, options) == {
        "period": ["2015-H2"],
        "state": ["Haryana", "Tamil Nadu"],
        "module": ["M1 Workplace Cooperation"],
    }


@pytest.mark.parametrize(
    ("params", "expected", "notice"),
    [
        ({"state": ["Atlantis"]}, Filters(), "state 'Atlantis' (not in the data)"),
        ({"state": ["Haryana", "Atlantis"]}, Filters(states=("IN-HR",)), "state 'Atlantis'"),
        ({"period": ["2031-H1"]}, Filters(), "review period '2031-H1' (not in the data)"),
        (
            {"period": ["2015-H2", "2016-H1"]},
            Filters(period="2015-H2"),
            "review period values after the first",
        ),
        (
            {"range": ["2016-H1", "2012-H1"]},
            Filters(range=("2012-H1", "2016-H1")),
            "trend range 2016-H1 to 2012-H1 (reversed: read as 2012-H1 to 2016-H1)",
        ),
        ({"range": ["2012-H1"]}, Filters(), "needs exactly two half-years"),
        (
            {"state": ["Haryana"], "cluster": ["Chennai"]},
            Filters(states=("IN-HR",)),
            "cluster 'Chennai' (not in the selected states)",
        ),
        ({"women_owned": ["maybe"]}, Filters(), "women-owned 'maybe' (not true or false)"),
        ({"sector": ["x" * (MAX_VALUE_LENGTH + 1)]}, Filters(), "over 80 characters"),
        ({"module": ["M1"]}, Filters(), "module 'M1' (not in the data)"),
    ],
)
def test_bad_parameters_are_dropped_with_a_notice(options, params, expected, notice):
    filters, notices = parse_params(params, options)
    assert filters == expected
    assert any(notice in str(n) for n in notices), notices


def test_unknown_parameter_names_are_left_alone(options):
    assert parse_params({"utm_source": ["mail"], "meeting": ["true"]}, options) == (Filters(), [])


def test_resolve_periods_defaults_to_latest_and_previous(demo_frames, options):
    periods = resolve_periods(Filters(), options, demo_frames["periods"])
    assert periods.review == "2017-H2"
    assert periods.compare == "2017-H1"
    assert periods.year_earlier == "2016-H2"
    assert len(periods.trend) == 14
    first = resolve_periods(Filters(period="2011-H1"), options, demo_frames["periods"])
    assert first.compare is None and first.year_earlier is None
    ranged = resolve_periods(Filters(range=("2012-H1", "2013-H2")), options, demo_frames["periods"])
    assert ranged.trend == ("2012-H1", "2012-H2", "2013-H1", "2013-H2")


def test_apply_filters_restricts_every_enterprise_table(loaded_frames):
    filtered = apply_filters(loaded_frames, Filters(states=("IN-TN",), modules=("M2",)))
    enterprises = set(filtered["enterprises"]["enterprise"])
    assert enterprises and set(filtered["enterprises"]["state"]) == {"IN-TN"}
    for name in ("enrolments", "participation", "workforce", "kpi_observations", "team_members"):
        assert set(filtered[name]["enterprise"]) <= enterprises, name
    assert set(filtered["enrolments"]["module"]) == {"M2"}
    assert set(filtered["activities"]["state"]) <= {"IN-TN"}
    assert len(filtered["enterprises"]) < len(loaded_frames["enterprises"])


def test_apply_filters_with_defaults_changes_nothing(loaded_frames):
    filtered = apply_filters(loaded_frames, Filters())
    for name, frame in loaded_frames.items():
        assert len(filtered[name]) == len(frame), name
    # Not even a copy of the per-enterprise tables (millions of rows at scale).
    for name in ("enterprises", "enrolments", "participation", "workforce", "kpi_observations"):
        assert filtered[name] is loaded_frames[name], name
    # Only a module chosen: the enterprise tables without modules are kept as they are.
    modules = apply_filters(loaded_frames, Filters(modules=("M2",)))
    assert modules["workforce"] is loaded_frames["workforce"]
    assert set(modules["enrolments"]["module"]) == {"M2"}


def test_partner_filter_keeps_enterprises_linked_to_the_partner(loaded_frames):
    filtered = apply_filters(loaded_frames, Filters(partners=("P-IA01",)))
    assert set(filtered["enterprises"]["association"]) == {"P-IA01"}
    assert set(filtered["partners"]["partner"]) == {"P-IA01"}


def test_describe_says_the_filters_in_words(demo_frames, options):
    filters = Filters(states=("IN-HR",), women_owned=True)
    lines = describe(filters, options, resolve_periods(filters, options, demo_frames["periods"]))
    assert "Review period: 2017-H2" in lines
    assert "States: Haryana" in lines
    assert "Sectors: all" in lines
    assert "Women-owned enterprises only" in lines


def test_describe_writes_the_filters_in_the_runs_language(demo_frames, options):
    """In Hindi (the About sheet of a Hindi page's Excel, meeting mode's line) the words are
    the catalog's, the names of states and the half-year codes stay as recorded."""
    filters = Filters(states=("IN-HR",), women_owned=True)
    periods = resolve_periods(filters, options, demo_frames["periods"])
    lines = in_language("hi", describe, filters, options, periods)
    assert "समीक्षा अवधि: 2017-H2" in lines
    assert "राज्य: Haryana" in lines
    assert "सेक्टर: सभी" in lines
    assert "केवल महिला-स्वामित्व वाले उद्यम" in lines
    # Meeting mode's brief line leaves out the trend range and what is left at "all".
    brief = in_language("hi", describe, filters, options, periods, brief=True)
    assert brief == [
        "समीक्षा अवधि: 2017-H2",
        "तुलना: 2017-H1",
        "राज्य: Haryana",
        "केवल महिला-स्वामित्व वाले उद्यम",
    ]
