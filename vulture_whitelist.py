"""Names vulture takes for unused that are used: `make check` passes this file to vulture.

Never run or imported. Each group says why its names are used although no code reads them
as attributes. A name belongs here only when something outside the Python source uses it (a
library, the database, a template) or a test is its one caller on purpose; dead code is
deleted instead.
"""

# ruff: noqa: B018, F821  (`_` stands for any object: vulture reads the attribute names)

# SQLAlchemy's declarative classes and columns (score_dash/store/models.py): the tables are
# created from the metadata and read and written by column name (db.FRAME_MAP, made from the
# data dictionary, and the importer), never as attributes in the code.
_.Period.start_date, _.end_date, _.review_date
_.state_code, _.cluster_id, _.size_band, _.association_id, _.lead_buyer_id
_.Partner, _.mou_date, _.embeds_score
_.Trainer, _.partner_id
_.TrainerModule, _.trainer_id, _.module_code, _.certified_date
_.Enrolment, _.enterprise_id, _.enrolled_date, _.classroom_date, _.completed_date
_.visit1_date, _.visit2_date, _.visit3_date
_.fee_paid_inr, _.cost_share_non_ilo_pct, _.satisfaction_pct
_.Participation, _.TeamMember, _.Workforce, _.period_id
_.KpiObservation, _.kpi_code, _.is_baseline, _.reported_date
_.Activity, _.activity_date, _.participants_female, _.participants_male
_.end_period_id, _.Target, _.indicator_code
# Who released a record: written by meetings/minutes.py, kept for the release history.
_.released_by

# openpyxl reads these attributes when it saves a workbook (core/excel.py, ingest/template.py,
# ingest/annotate.py).
_.data_type, _.quotePrefix, _.keywords, _.alignment, _.sheet_state, _.font

# pydeck: Streamlit calls a deck's `to_json` (charts/maps.py overrides it to send compact JSON).
_.to_json

# The pack's dataclasses reach its Typst template through `dataclasses.asdict`
# (pack/model.py): the template reads these fields.
_.breakable, _.subtitle

# Used only by the unit tests, on purpose: the one-table entry points of the viewers' rule,
# which the code reaches through `policy.restrict` (tests/unit/test_access.py,
# test_review_changes.py); the records' workbook on its own, which the code writes inside
# the export of all data (`write_sheets`; tests/unit/test_records.py); the point-in-state
# check, so far run only on the demo's clusters (tests/unit/test_geo.py; the import does
# not check coordinates).
_.restrict_sheet, _.suppression_mask
_.export_workbook
_.distance_to_state_km, _.BORDER_TOLERANCE_KM

# The smallest text the print map draws: checked by tests/unit/test_print_map.py.
_.MIN_FONT_PX

# Alembic reads a revision module's names (migrations/versions/*.py: `down_revision`,
# `branch_labels`, `depends_on`, `downgrade`); `schema.pending_changes` is run by
# tests/unit/test_migrations.py, which fails when a model changed without a revision.
_.down_revision, _.branch_labels, _.depends_on, _.downgrade
_.pending_changes

# HarfBuzz calls a pen's methods to draw a glyph (score_dash/pack/shaping.py, the charts'
# Devanagari); the catalog's extraction reads the texts declared for it, which `t` translates
# where they are printed (score_dash/pack/terms.py, compose.RECORD_TERMS).
_.moveTo, _.lineTo, _.qCurveTo, _.curveTo, _.closePath
_.SHEET_TITLES, _.HEADERS, _.RECORD_TERMS, _.INDICATOR_NAMES, _.UNITS, _.BETTER, _.DEFINITIONS
_.DATA_DESCRIPTIONS

# Words declared for the catalog only, which `t`/`i18n.words` translate where they are shown:
# tooltip field names (charts.common), the import history's outcomes (store.loading) and an
# upload problem's severities (ingest.annotate).
_.TOOLTIP_FIELDS, _.OUTCOMES, _.SEVERITIES

# XlsxWriter reads a worksheet's last written row when it writes its next one (score_dash/core/
# excel.py sets it after writing a long table's rows as XML); Streamlit reads a Styler's texts
# through its `_compute` and `_translate` (score_dash/ui/page.py's `_texts_only` gives its own).
_.previous_row, _._translate, _._compute
