"""The data dictionary is complete: every column described, every figure the pages show
defined. (That the database models agree with it: tests/unit/test_schema.py.)"""

from score_dash.core.dictionary import (
    INDICATORS,
    KPIS,
    STAGE_DATES,
    STAGES,
    TABLES,
    TABLES_BY_NAME,
    column_frame,
    indicator_frame,
    search,
)


def test_the_enrolments_table_declares_each_stage_date_in_stage_order():
    enrolments = TABLES_BY_NAME["enrolments"]
    dates = [c.name for c in enrolments.columns if c.type == "date"]
    assert dates == [*STAGE_DATES, "dropped_date"]
    # Enrolled is the only stage every enrolment has.
    assert [enrolments.column(name).required for name in STAGE_DATES] == [True] + [False] * (
        len(STAGES) - 1
    )


def test_columns_have_descriptions_and_known_references():
    for table in TABLES:
        assert table.key and set(table.key) <= set(table.column_names), table.name
        for column in table.columns:
            assert column.description.strip(), f"{table.name}.{column.name}"
            if column.references:
                assert column.references in TABLES_BY_NAME, column.references


def test_indicators_are_complete_and_unique():
    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes))
    for indicator in INDICATORS:
        for text in (
            indicator.name,
            indicator.definition,
            indicator.formula,
            indicator.unit,
            indicator.source,
        ):
            assert text.strip(), indicator.code
        assert indicator.better in ("higher", "lower", "neutral")


def test_definitions_frames_cover_indicators_kpis_and_columns():
    frame = indicator_frame()
    assert len(frame) == len(INDICATORS) + len(KPIS)
    assert len(column_frame()) == sum(len(t.columns) for t in TABLES)


def test_search_is_case_insensitive_and_empty_text_keeps_all():
    frame = indicator_frame()
    assert len(search(frame, "")) == len(frame)
    women = search(frame, "WOMEN")
    assert 0 < len(women) < len(frame)
    assert women.apply(lambda r: "women" in " ".join(map(str, r)).lower(), axis=1).all()
    assert search(frame, "no such words anywhere").empty
