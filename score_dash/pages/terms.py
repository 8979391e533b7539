"""English texts shown on screen that are declared where `t()` cannot mark them (the data
dictionary, the metrics, the page titles and sections): listed here so that extraction
(`make messages`) keeps them in the catalog. Each is translated where it is shown, with
`t(text)`. tests/unit/test_i18n.py checks that each one is declared where it comes from and
has a translation.
"""

from __future__ import annotations

from score_dash.core.i18n import N_

# Page titles (score_dash/core/reports.PAGE_TITLES) and navigation sections (pages.registry).
PAGE_TITLES = (
    N_("Overview"),
    N_("Coverage"),
    N_("Modules"),
    N_("Results"),
    N_("Gender & jobs"),
    N_("Partners & outreach"),
    N_("Decisions & actions"),
    N_("Data"),
    N_("Definitions"),
)
SECTIONS = (N_("Review"), N_("Data"))

# The Overview's cards: the logframe statuses and their rule (metrics.logframe), the
# headline and at-a-glance figures (the data dictionary's indicator names) and the key KPIs'
# short names (metrics.overview.KPI_SHORT_NAMES).
OVERVIEW = (
    N_("✓ On track"),
    N_("! At risk"),
    N_("✗ Off track"),
    N_("Enterprises trained"),
    N_("Workers in trained enterprises"),
    N_("Modules completed"),
    N_("Certified trainers"),
    N_("Women's share of classroom participants"),
    N_("Enterprises"),
    N_("Workers in participating enterprises"),
    N_("Clusters"),
    N_("States"),
    N_("Module enrolments"),
    N_("Completion rate"),
    N_("raised productivity"),
    N_("reduced defects"),
    N_("reduced accidents"),
)

# Notices every page may show (core.dictionary.DEMO_NOTE, ui.identity.LOCAL_VIEWER_BANNER,
# ui.context.STALE).
NOTICES = (
    N_(
        "Illustrative demo data: enterprises, partners, trainers and all figures are generated "
        "(score_dash/store/demo.py), not programme records."
    ),
    N_(
        "Sign-in is not set up on this server, so everyone who opens it is a viewer: figures "
        "about enterprises are aggregated and small groups are held back. To let project staff "
        "sign in, add an [auth] section to .streamlit/secrets.toml (see the README)."
    ),
    N_(
        "The data store cannot be reached at the moment: the figures below are those loaded "
        "before, and may be out of date until it is back."
    ),
)

# The Decisions page's cards: their figures and notes (meetings.actions.COUNTS).
DECISIONS = (
    N_("Actions open"),
    N_("open or in progress"),
    N_("Overdue"),
    N_("still open after the due date, at the meeting"),
    N_("Done"),
    N_("of the actions listed"),
    N_("Decisions"),
    N_("recorded"),
)

# The kinds and statuses of the record (meetings.minutes.KINDS and STATUSES), as the forms
# name them.
RECORDS = (
    N_("Decision"),
    N_("Action"),
    N_("Open"),
    N_("In progress"),
    N_("Done"),
    N_("Dropped"),
)

# Coverage's measures (metrics.coverage.MEASURES) as its text names them, and the kinds of
# place its choice lists ("State: name").
COVERAGE = (
    N_("Enterprises"),
    N_("Workers"),
    N_("Women workers"),
    N_("Modules completed"),
    N_("State"),
    N_("Cluster"),
)

ALL = (*PAGE_TITLES, *SECTIONS, *OVERVIEW, *NOTICES, *DECISIONS, *RECORDS, *COVERAGE)
