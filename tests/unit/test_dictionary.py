"""The data dictionary covers every model column and every figure the pages show."""

from sqlalchemy import inspect

from score_dash.core.dictionary import (
    INDICATORS,
    KPIS,
    TABLES,
    TABLES_BY_NAME,
    column_frame,
    indicator_frame,
    search,
)
from score_dash.store import models as m
from score_dash.store.db import FRAME_MAP, Ref

INTERNAL_COLUMNS = {"id"}
# The app's own records (imports, what each changed, published reviews, what the meetings
# decided and notes on figures: score_dash/meetings/minutes.py), not imported data.
INTERNAL_TABLES = {
    "meta",
    "import_batches",
    "data_changes",
    "reviews",
    "review_items",
    "review_item_changes",
    "figure_notes",
    "record_releases",  # who showed a record to viewers, and when (records.release)
}


def test_every_model_column_is_described_in_the_dictionary():
    described: dict[str, set[str]] = {}
    for name, (model, mapping) in FRAME_MAP.items():
        table = TABLES_BY_NAME[name]
        assert set(mapping) == set(table.column_names), name
        model_columns = set()
        for target in mapping.values():
            model_columns.add(target.fk if isinstance(target, Ref) else target)
        described[model.__tablename__] = model_columns
    for table in m.Base.metadata.sorted_tables:
        if table.name in INTERNAL_TABLES:
            continue
        columns = {c.name for c in table.columns} - INTERNAL_COLUMNS
        assert columns == described[table.name], table.name


def test_every_dictionary_table_maps_to_a_model():
    assert {t.name for t in TABLES} == set(FRAME_MAP)
    for name, (model, _mapping) in FRAME_MAP.items():
        assert inspect(model).local_table is not None, name


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
