"""A small hand-made dataset whose figures can be counted by hand.

Tests built on it (tests/unit/test_handmade_figures.py, tests/app/test_handmade_pages.py)
write their expected figures as literals, worked out from the written definitions
(`score_dash.dictionary.INDICATORS` and the rules in the docstrings of
`score_dash/metrics/*.py`), never by calling the code under test.

Every row is written out literally. `build_handmade()` returns natural-key frames in the
shape of `score_dash.demo.build_demo()`: the same table names and columns.

The story, in brief (calendar half-years 2016-H1 to 2017-H2; review 2017-H2 by default):

- 3 states (Haryana and Tamil Nadu with clusters; Delhi with partners and one workshop only),
  3 clusters: Faridabad (IN-HR, E01-E05), Chennai (IN-TN, E06-E08), Tiruppur (IN-TN, E09-E12).
- E12 joined in 2018 (after every period): it never counts as joined.
- E05 joined in 2017-H2 and has had no classroom yet (not trained).
- E07 never reports its workforce by sex; E02 and E10 report their workforce once, E05 only
  in the review half-year; E09's 2017-H2 worker row does not add up (100 + 68 != 170).
- Enrolments: completed, dropped (E02 M1, E10 M1, E03 M2, E07 M5), in progress, one completed
  after the review period (E08 M1, 2018-01-25), one with visit 3 but no visit 2 recorded
  (E09 M2, no trainer recorded), one made after the review period (E12 M1).
- Trainers: every level and sex; T07 certified after the review period (2018-01-20);
  T04 certified in 2017-H2.
- Partners: an association with an MoU (P-FIA), one without (P-TEA, which also says it
  embeds SCORE), one whose MoU came in 2017-H2 (P-CIA), an employers' organisation, a
  training institution, a government training body and a lead buyer.
- KPIs: productivity, defect rate, accidents. E06's 2017-H2 productivity (1,250) and E10's
  defect-rate baseline (75) are implausible; E11 has no productivity baseline; E04 and E09
  miss one half-year's report; some reports are late (E06 2016-H2, E03 2017-H1 at 61 days,
  E06 and E09 2017-H2), E06 2017-H1 arrives exactly 60 days after (not late).
- Logframe: ten indicators, targets for 2017-H1 and 2017-H2 (media items for 2017-H1 only),
  end-of-programme period 2017-H2.
"""

from __future__ import annotations

import pandas as pd

from score_dash.core.dictionary import TABLES, TABLES_BY_NAME

Row = tuple[object, ...]

# Each table's columns, in the order the rows below are written: the data dictionary's.
COLUMNS: dict[str, tuple[str, ...]] = {table.name: tuple(table.column_names) for table in TABLES}

PERIODS: list[Row] = [
    ("2016-H1", "2016-01-01", "2016-06-30", "2016-08-15"),
    ("2016-H2", "2016-07-01", "2016-12-31", "2017-02-14"),
    ("2017-H1", "2017-01-01", "2017-06-30", "2017-08-14"),
    ("2017-H2", "2017-07-01", "2017-12-31", "2018-02-14"),
]

STATES: list[Row] = [
    ("IN-DL", "Delhi"),
    ("IN-HR", "Haryana"),
    ("IN-TN", "Tamil Nadu"),
]

MODULES: list[Row] = [
    ("M1", "Workplace Cooperation", 1, True),
    ("M2", "Quality Management", 2, False),
    ("M3", "Productivity through Cleaner Production", 3, False),
    ("M4", "Workforce Management", 4, False),
    ("M5", "Safety and Health at Work", 5, False),
]

CLUSTERS: list[Row] = [
    ("Faridabad", "Faridabad", "Faridabad", "IN-HR", "Auto components", 28.411, 77.313, 1),
    ("Chennai", "Chennai", "Chennai", "IN-TN", "Engineering", 13.088, 80.278, 2),
    ("Tiruppur", "Tiruppur", "Tiruppur", "IN-TN", "Garments", 11.109, 77.340, 2),
]

PARTNERS: list[Row] = [
    # partner, name, type, state, MoU date, embeds SCORE
    ("P-FIA", "Faridabad Industries Association (hand-made)", "industry association",
     "IN-HR", "2016-02-01", False),
    ("P-TEA", "Tiruppur Exporters Association (hand-made)", "industry association",
     "IN-TN", None, True),
    ("P-CIA", "Chennai Industries Association (hand-made)", "industry association",
     "IN-TN", "2017-09-01", True),
    ("P-EMP", "Employers' Federation (hand-made)", "employers' organisation",
     "IN-DL", "2015-11-01", False),
    ("P-TI1", "Delhi Productivity Institute (hand-made)", "training institution",
     "IN-DL", "2015-06-01", True),
    ("P-GT1", "Tamil Nadu Productivity Council (hand-made)", "government training body",
     "IN-TN", "2016-09-15", True),
    ("P-LB1", "Auto Lead Buyer (hand-made)", "lead buyer",
     "IN-TN", None, False),
]  # fmt: skip

TRAINERS: list[Row] = [
    # trainer, partner, sex, level, date the level was reached
    ("T01", "P-TI1", "female", "certified", "2015-10-01"),
    ("T02", "P-TI1", "male", "expert", "2015-05-01"),
    ("T03", "P-TI1", "male", "candidate", "2016-03-01"),
    ("T04", "P-GT1", "female", "certified", "2017-08-10"),
    ("T05", "P-GT1", "male", "certified", "2016-11-20"),
    ("T06", "P-GT1", "female", "candidate", "2017-02-01"),
    ("T07", "P-GT1", "male", "certified", "2018-01-20"),
    ("T08", "P-EMP", "female", "expert", "2016-05-10"),
]

TRAINER_MODULES: list[Row] = [
    ("T01", "M1", "2015-10-01"),
    ("T01", "M2", "2016-04-01"),
    ("T02", "M1", "2015-05-01"),
    ("T02", "M5", "2015-07-01"),
    ("T04", "M1", "2017-08-10"),
    ("T05", "M1", "2016-11-20"),
    ("T05", "M3", "2017-01-15"),
    ("T07", "M1", "2018-01-20"),
    ("T08", "M1", "2016-05-10"),
    ("T08", "M4", "2017-10-01"),
]

ENTERPRISES: list[Row] = [
    # code, name, cluster, sector,
    #   latitude, longitude, size band, women-owned, association, lead buyer, joined
    ("E01", "Aravali Gears (fictional)", "Faridabad", "Auto components",
     28.40, 77.30, "50-99", False, "P-FIA", None, "2016-01-20"),
    ("E02", "Badkhal Pressings (fictional)", "Faridabad", "Auto components",
     28.41, 77.31, "30-49", False, "P-FIA", None, "2016-02-15"),
    ("E03", "Surajkund Castings (fictional)", "Faridabad", "Auto components",
     28.42, 77.32, "100-199", True, None, None, "2016-03-10"),
    ("E04", "Ballabgarh Axles (fictional)", "Faridabad", "Auto components",
     28.43, 77.33, "50-99", False, "P-FIA", None, "2016-08-05"),
    ("E05", "Palwal Motor Parts (fictional)", "Faridabad", "Auto components",
     28.44, 77.34, "200-300", False, "P-FIA", None, "2017-09-01"),
    ("E06", "Guindy Tools (fictional)", "Chennai", "Engineering",
     13.01, 80.21, "50-99", False, "P-CIA", "P-LB1", "2016-04-12"),
    ("E07", "Ambattur Castings (fictional)", "Chennai", "Engineering",
     13.11, 80.15, "100-199", False, None, "P-LB1", "2016-10-03"),
    ("E08", "Porur Precision (fictional)", "Chennai", "Engineering",
     13.03, 80.16, "30-49", True, "P-CIA", None, "2017-02-20"),
    ("E09", "Noyyal Knits (fictional)", "Tiruppur", "Garments",
     11.10, 77.34, "100-199", True, "P-TEA", None, "2016-05-02"),
    ("E10", "Avinashi Apparels (fictional)", "Tiruppur", "Garments",
     11.19, 77.27, "50-99", False, "P-TEA", None, "2016-09-12"),
    ("E11", "Palladam Clothing (fictional)", "Tiruppur", "Garments",
     10.99, 77.28, "200-300", False, None, None, "2017-03-01"),
    ("E12", "Kangeyam Fabrics (fictional)", "Tiruppur", "Garments",
     11.01, 77.56, "30-49", False, "P-TEA", None, "2018-01-10"),
]  # fmt: skip

ENROLMENTS: list[Row] = [
    # enterprise, module, trainer,
    #   enrolled, baseline, classroom, visit 1, visit 2, visit 3, completed, dropped,
    #   fee (INR), cost share not paid by the ILO (%), satisfaction (%)
    ("E01", "M1", "T01",
     "2016-01-25", "2016-02-05", "2016-03-01", "2016-04-10", "2016-05-20", "2016-06-25",
     "2016-07-15", None, 20000.0, 20.0, 90.0),
    ("E02", "M1", "T01",
     "2016-02-20", "2016-03-01", "2016-03-20", "2016-05-02", None, None,
     None, "2016-08-10", 15000.0, 10.0, None),
    ("E03", "M1", "T02",
     "2016-03-15", "2016-04-01", "2016-04-20", "2016-06-01", "2016-07-15", "2016-09-01",
     "2016-10-05", None, 18000.0, 30.0, 80.0),
    ("E04", "M1", "T02",
     "2016-08-10", "2016-08-25", "2016-09-20", "2016-11-01", "2017-01-10", "2017-03-01",
     "2017-04-10", None, 22000.0, 25.0, 85.0),
    ("E05", "M1", "T04",
     "2017-09-10", "2017-10-01", None, None, None, None,
     None, None, None, 40.0, None),
    ("E06", "M1", "T05",
     "2016-04-20", "2016-05-05", "2016-06-10", "2016-07-20", "2016-09-01", "2016-10-15",
     "2016-11-30", None, 25000.0, 30.0, 95.0),
    ("E07", "M1", "T05",
     "2016-10-10", "2016-10-25", "2016-11-25", "2017-01-05", "2017-02-20", "2017-04-05",
     "2017-05-20", None, 24000.0, 35.0, None),
    ("E08", "M1", "T05",
     "2017-03-01", "2017-03-15", "2017-04-10", "2017-05-20", "2017-07-01", "2017-08-15",
     "2018-01-25", None, 20000.0, 40.0, 70.0),
    ("E09", "M1", "T08",
     "2016-05-10", "2016-05-25", "2016-06-20", "2016-08-01", "2016-09-10", "2016-10-20",
     "2016-12-01", None, 19000.0, 20.0, 89.0),
    ("E10", "M1", "T08",
     "2016-09-20", "2016-10-05", "2016-11-01", None, None, None,
     None, "2017-02-15", None, None, None),
    ("E11", "M1", "T08",
     "2017-03-10", "2017-03-25", "2017-07-20", "2017-08-20", "2017-09-25", "2017-10-20",
     "2017-11-30", None, 21000.0, 45.0, 92.0),
    ("E12", "M1", None,
     "2018-01-15", None, None, None, None, None,
     None, None, None, None, None),
    ("E01", "M2", "T01",
     "2016-09-01", "2016-09-15", "2016-10-10", "2016-11-20", "2017-01-15", "2017-03-01",
     "2017-04-20", None, 22000.0, 30.0, 86.0),
    ("E01", "M5", "T02",
     "2017-07-05", "2017-07-20", "2017-08-25", "2017-10-05", None, None,
     None, None, 26000.0, 50.0, None),
    ("E03", "M2", "T01",
     "2016-11-15", "2016-12-01", "2017-01-20", None, None, None,
     None, "2017-05-05", 18000.0, 20.0, None),
    ("E06", "M3", "T05",
     "2017-01-20", "2017-02-05", "2017-03-10", "2017-04-20", "2017-06-01", "2017-07-15",
     "2017-09-01", None, 27000.0, 40.0, 90.0),
    ("E09", "M2", None,
     "2017-02-01", "2017-02-20", "2017-03-25", "2017-05-05", None, "2017-08-10",
     None, None, 20000.0, 35.0, None),
    ("E04", "M2", "T01",
     "2017-05-10", "2017-05-25", "2017-06-20", "2017-08-01", "2017-09-15", "2017-10-30",
     "2017-12-10", None, 23000.0, 35.0, 84.0),
    ("E07", "M5", "T02",
     "2017-08-01", None, None, None, None, None,
     None, "2017-10-01", None, 45.0, None),
]  # fmt: skip

PARTICIPATION: list[Row] = [
    # enterprise, module, role, women, men (not every enrolment has both roles recorded)
    ("E01", "M1", "manager", 0, 2),
    ("E01", "M1", "worker", 1, 3),
    ("E02", "M1", "worker", 1, 2),
    ("E03", "M1", "manager", 2, 1),
    ("E03", "M1", "worker", 3, 2),
    ("E04", "M1", "worker", 1, 3),
    ("E06", "M1", "manager", 1, 1),
    ("E06", "M1", "worker", 1, 3),
    ("E07", "M1", "worker", 2, 2),
    ("E08", "M1", "worker", 2, 1),
    ("E09", "M1", "manager", 1, 1),
    ("E09", "M1", "worker", 4, 1),
    ("E10", "M1", "worker", 2, 1),
    ("E11", "M1", "worker", 3, 2),
    ("E01", "M5", "manager", 0, 2),
    ("E01", "M5", "worker", 1, 3),
    ("E06", "M3", "worker", 1, 2),
]

TEAM_MEMBERS: list[Row] = [
    ("E01", "manager", 1, 2),
    ("E01", "worker", 2, 3),
    ("E03", "manager", 2, 1),
    ("E03", "worker", 3, 2),
    ("E06", "manager", 0, 2),
    ("E06", "worker", 1, 4),
    ("E09", "manager", 1, 1),
    ("E09", "worker", 4, 2),
    ("E11", "worker", 2, 2),
    ("E12", "worker", 1, 1),  # joined after the review period
]

WORKFORCE: list[Row] = [
    # enterprise, period, role, employment, total, women, men
    ("E01", "2016-H1", "worker", "permanent", 60, 6, 54),
    ("E01", "2016-H1", "manager", "permanent", 6, 1, 5),
    ("E01", "2017-H1", "worker", "permanent", 64, 8, 56),
    ("E01", "2017-H1", "manager", "permanent", 6, 1, 5),
    ("E01", "2017-H2", "worker", "permanent", 66, 9, 57),
    ("E01", "2017-H2", "manager", "permanent", 6, 1, 5),
    ("E02", "2016-H1", "worker", "permanent", 40, 4, 36),
    ("E02", "2016-H1", "manager", "permanent", 4, 0, 4),
    ("E03", "2016-H1", "worker", "permanent", 120, 30, 90),
    ("E03", "2016-H1", "manager", "permanent", 10, 4, 6),
    ("E03", "2017-H1", "worker", "permanent", 118, 30, 88),
    ("E03", "2017-H1", "manager", "permanent", 10, 4, 6),
    ("E03", "2017-H2", "worker", "permanent", 125, 35, 90),
    ("E03", "2017-H2", "manager", "permanent", 11, 5, 6),
    ("E04", "2016-H2", "worker", "permanent", 70, 7, 63),
    ("E04", "2016-H2", "manager", "permanent", 5, 0, 5),
    ("E04", "2017-H1", "worker", "permanent", 72, 8, 64),
    ("E04", "2017-H1", "manager", "permanent", 5, 0, 5),
    ("E04", "2017-H2", "worker", "permanent", 75, 10, 65),
    ("E04", "2017-H2", "manager", "permanent", 5, 1, 4),
    ("E05", "2017-H2", "worker", "permanent", 220, 20, 200),
    ("E05", "2017-H2", "manager", "permanent", 15, 2, 13),
    ("E06", "2016-H1", "worker", "permanent", 80, 10, 70),
    ("E06", "2016-H1", "manager", "permanent", 8, 1, 7),
    ("E06", "2017-H1", "worker", "permanent", 85, 12, 73),
    ("E06", "2017-H1", "manager", "permanent", 8, 1, 7),
    ("E06", "2017-H2", "worker", "permanent", 88, 14, 74),
    ("E06", "2017-H2", "manager", "permanent", 8, 2, 6),
    ("E07", "2016-H2", "worker", "permanent", 140, None, None),
    ("E07", "2016-H2", "manager", "permanent", 12, None, None),
    ("E07", "2017-H1", "worker", "permanent", 150, None, None),
    ("E07", "2017-H1", "manager", "permanent", 12, None, None),
    ("E07", "2017-H2", "worker", "permanent", 155, None, None),
    ("E07", "2017-H2", "manager", "permanent", 12, None, None),
    ("E08", "2017-H1", "worker", "permanent", 40, 18, 22),
    ("E08", "2017-H1", "manager", "permanent", 4, 2, 2),
    ("E08", "2017-H2", "worker", "permanent", 42, 20, 22),
    ("E08", "2017-H2", "manager", "permanent", 4, 2, 2),
    ("E09", "2016-H1", "worker", "permanent", 150, 90, 60),
    ("E09", "2016-H1", "manager", "permanent", 10, 3, 7),
    ("E09", "2017-H1", "worker", "permanent", 160, 96, 64),
    ("E09", "2017-H1", "manager", "permanent", 10, 3, 7),
    ("E09", "2017-H2", "worker", "permanent", 170, 100, 68),  # 100 + 68 != 170
    ("E09", "2017-H2", "manager", "permanent", 10, 4, 6),
    ("E10", "2016-H2", "worker", "permanent", 60, 33, 27),
    ("E10", "2016-H2", "manager", "permanent", 5, 1, 4),
    ("E11", "2017-H1", "worker", "permanent", 240, 150, 90),
    ("E11", "2017-H1", "manager", "permanent", 12, 3, 9),
    ("E11", "2017-H2", "worker", "permanent", 250, 155, 95),
    ("E11", "2017-H2", "manager", "permanent", 12, 3, 9),
    ("E11", "2017-H2", "worker", "contract", 30, 20, 10),
]

KPI_DEFINITIONS: list[Row] = [
    ("productivity", "Productivity", "index (baseline = 100)", "higher", 20.0, 400.0),
    ("defect_rate", "Defect rate", "% of output", "lower", 0.0, 60.0),
    ("accidents", "Accidents", "per half-year", "lower", 0.0, 60.0),
]

KPI_OBSERVATIONS: list[Row] = [
    # enterprise, kpi, period, value, baseline?, reported
    ("E01", "productivity", "2016-H1", 100.0, True, "2016-07-20"),
    ("E01", "defect_rate", "2016-H1", 8.0, True, "2016-07-20"),
    ("E01", "accidents", "2016-H1", 4.0, True, "2016-07-20"),
    ("E01", "productivity", "2016-H2", 108.0, False, "2017-01-20"),
    ("E01", "accidents", "2016-H2", 3.0, False, "2017-01-20"),
    ("E01", "productivity", "2017-H1", 115.0, False, "2017-07-20"),
    ("E01", "productivity", "2017-H2", 120.0, False, "2018-01-20"),
    ("E01", "defect_rate", "2017-H2", 6.0, False, "2018-03-10"),  # the first date counts
    ("E01", "accidents", "2017-H2", 2.0, False, "2018-01-20"),
    ("E02", "productivity", "2016-H1", 100.0, True, "2016-07-25"),
    ("E03", "productivity", "2016-H1", 100.0, True, "2016-07-25"),
    ("E03", "defect_rate", "2016-H1", 5.0, True, "2016-07-25"),
    ("E03", "accidents", "2016-H1", 2.0, True, "2016-07-25"),
    ("E03", "productivity", "2016-H2", 96.0, False, "2017-01-25"),
    ("E03", "productivity", "2017-H1", 98.0, False, "2017-08-30"),  # 61 days: late
    ("E03", "defect_rate", "2017-H1", 5.0, False, "2017-08-30"),
    ("E03", "productivity", "2017-H2", 95.0, False, "2018-02-01"),
    ("E03", "defect_rate", "2017-H2", 5.5, False, "2018-02-01"),
    ("E03", "accidents", "2017-H2", 2.0, False, "2018-02-01"),
    ("E04", "productivity", "2016-H2", 100.0, True, "2017-01-15"),
    ("E04", "defect_rate", "2016-H2", 10.0, True, "2017-01-15"),
    ("E04", "productivity", "2017-H1", 110.0, False, "2017-07-15"),
    ("E04", "defect_rate", "2017-H1", 7.0, False, "2017-07-15"),
    ("E05", "productivity", "2017-H2", 100.0, True, "2018-01-10"),
    ("E06", "productivity", "2016-H1", 100.0, True, "2016-08-01"),
    ("E06", "defect_rate", "2016-H1", 4.0, True, "2016-08-01"),
    ("E06", "accidents", "2016-H1", 6.0, True, "2016-08-01"),
    ("E06", "productivity", "2016-H2", 105.0, False, "2017-03-20"),  # late
    ("E06", "productivity", "2017-H1", 112.0, False, "2017-08-29"),  # 60 days: on time
    ("E06", "accidents", "2017-H1", 5.0, False, "2017-08-29"),
    ("E06", "productivity", "2017-H2", 1250.0, False, "2018-03-15"),  # implausible; late
    ("E06", "defect_rate", "2017-H2", 3.0, False, "2018-03-15"),
    ("E06", "accidents", "2017-H2", 7.0, False, "2018-03-15"),
    ("E07", "productivity", "2016-H2", 100.0, True, "2017-01-30"),
    ("E07", "defect_rate", "2016-H2", 6.0, True, "2017-01-30"),
    ("E07", "productivity", "2017-H1", 100.0, False, "2017-07-25"),
    ("E07", "productivity", "2017-H2", 100.0, False, "2018-01-25"),
    ("E07", "defect_rate", "2017-H2", 6.0, False, "2018-01-25"),
    ("E08", "productivity", "2017-H1", 100.0, True, "2017-07-10"),
    ("E08", "productivity", "2017-H2", 104.0, False, "2018-02-10"),
    ("E09", "productivity", "2016-H1", 100.0, True, "2016-07-15"),
    ("E09", "defect_rate", "2016-H1", 12.0, True, "2016-07-15"),
    ("E09", "accidents", "2016-H1", 3.0, True, "2016-07-15"),
    ("E09", "productivity", "2016-H2", 110.0, False, "2017-02-10"),
    ("E09", "productivity", "2017-H2", 125.0, False, "2018-03-02"),  # 61 days: late
    ("E09", "defect_rate", "2017-H2", 9.0, False, "2018-03-02"),
    ("E09", "accidents", "2017-H2", 1.0, False, "2018-03-02"),
    ("E10", "productivity", "2016-H2", 100.0, True, "2017-02-05"),
    ("E10", "defect_rate", "2016-H2", 75.0, True, "2017-02-05"),  # implausible baseline
    ("E11", "productivity", "2017-H1", 95.0, False, "2017-07-28"),  # no baseline flag
    ("E11", "defect_rate", "2017-H1", 7.0, True, "2017-07-28"),
    ("E11", "productivity", "2017-H2", 99.0, False, "2018-01-30"),
    ("E11", "defect_rate", "2017-H2", 8.0, False, "2018-01-30"),
]

ACTIVITIES: list[Row] = [
    # code, type, title, date, state, partner, women, men, reach
    ("A01", "promotion event", "SCORE session for members, Faridabad", "2016-03-15",
     "IN-HR", "P-FIA", 5, 35, 40),
    ("A02", "media item", "Newspaper feature on workplace cooperation, Faridabad", "2016-05-10",
     "IN-HR", None, 0, 0, 50000),
    ("A03", "labour inspector training", "Inspectors' orientation, Chennai", "2016-11-20",
     "IN-TN", "P-GT1", 4, 16, 20),
    ("A04", "promotion event", "SCORE session for members, Chennai", "2017-02-10",
     "IN-TN", "P-CIA", 10, 50, 60),
    ("A05", "case study", "Good-practice case: a Chennai tool room", "2017-04-05",
     "IN-TN", "P-GT1", 0, 0, 1500),
    ("A06", "media item", "Television report on safer garment units, Tiruppur", "2017-06-01",
     "IN-TN", None, 0, 0, 120000),
    ("A07", "partner staff training", "Training of council staff, Chennai", "2017-05-15",
     "IN-TN", "P-GT1", 6, 9, 15),
    ("A08", "labour inspector training", "Inspectors' orientation, Faridabad", "2017-09-12",
     "IN-HR", "P-TI1", 3, 22, 25),
    ("A09", "workshop", "Stakeholder workshop on productivity and decent work, Delhi",
     "2017-10-05", "IN-DL", "P-EMP", 8, 32, 40),
    ("A10", "media item", "Radio programme on improvement teams, Faridabad", "2017-11-20",
     "IN-HR", None, 0, 0, 80000),
    ("A11", "promotion event", "SCORE session for members, Tiruppur", "2018-01-20",
     "IN-TN", "P-TEA", 2, 20, 22),
    ("A12", "partner staff training", "Training of institute staff, Faridabad", "2016-08-20",
     "IN-HR", "P-TI1", 2, 10, 12),
]  # fmt: skip

INDICATORS: list[Row] = [
    # code, objective, name, unit, baseline, end target, end period
    ("enterprises_trained", 0, "Enterprises trained", "enterprises", 0.0, 12.0, "2017-H2"),
    ("module_completions", 0, "Modules completed", "enrolments", 0.0, 10.0, "2017-H2"),
    ("associations_mou", 1, "Associations with an MoU", "institutions", 0.0, 3.0, "2017-H2"),
    (
        "enterprises_via_associations",
        1,
        "Enterprises recruited by associations",
        "enterprises",
        0.0,
        10.0,
        "2017-H2",
    ),
    ("promotion_events", 1, "Promotion events", "events", 0.0, 4.0, "2017-H2"),
    (
        "institutions_embedding",
        2,
        "Institutions embedding SCORE",
        "institutions",
        0.0,
        3.0,
        "2017-H2",
    ),
    ("trainers_certified", 2, "Certified trainers", "trainers", 0.0, 6.0, "2017-H2"),
    (
        "cost_share_non_ilo",
        2,
        "Share of training cost not paid by the ILO",
        "%",
        10.0,
        40.0,
        "2017-H2",
    ),
    ("inspectors_trained", 3, "Labour inspectors trained", "people", 0.0, 50.0, "2017-H2"),
    ("media_items", 3, "Media items", "items", 0.0, 4.0, "2017-H2"),
]

TARGETS: list[Row] = [
    ("enterprises_trained", "2017-H1", 9.0),
    ("enterprises_trained", "2017-H2", 12.0),
    ("module_completions", "2017-H1", 8.0),
    ("module_completions", "2017-H2", 10.0),
    ("associations_mou", "2017-H1", 2.0),
    ("associations_mou", "2017-H2", 3.0),
    ("enterprises_via_associations", "2017-H1", 7.0),
    ("enterprises_via_associations", "2017-H2", 9.0),
    ("promotion_events", "2017-H1", 3.0),
    ("promotion_events", "2017-H2", 4.0),
    ("institutions_embedding", "2017-H1", 2.0),
    ("institutions_embedding", "2017-H2", 3.0),
    ("trainers_certified", "2017-H1", 4.0),
    ("trainers_certified", "2017-H2", 6.0),
    ("cost_share_non_ilo", "2017-H1", 35.0),
    ("cost_share_non_ilo", "2017-H2", 40.0),
    ("inspectors_trained", "2017-H1", 40.0),
    ("inspectors_trained", "2017-H2", 50.0),
    ("media_items", "2017-H1", 2.0),  # no target for 2017-H2
]

ROWS: dict[str, list[Row]] = {
    "periods": PERIODS,
    "states": STATES,
    "modules": MODULES,
    "clusters": CLUSTERS,
    "partners": PARTNERS,
    "trainers": TRAINERS,
    "trainer_modules": TRAINER_MODULES,
    "enterprises": ENTERPRISES,
    "enrolments": ENROLMENTS,
    "participation": PARTICIPATION,
    "team_members": TEAM_MEMBERS,
    "workforce": WORKFORCE,
    "kpi_definitions": KPI_DEFINITIONS,
    "kpi_observations": KPI_OBSERVATIONS,
    "activities": ACTIVITIES,
    "indicators": INDICATORS,
    "targets": TARGETS,
}


def build_handmade() -> dict[str, pd.DataFrame]:
    """Every importable table of the hand-made dataset, keyed by table name."""
    frames: dict[str, pd.DataFrame] = {}
    for name, rows in ROWS.items():
        frame = pd.DataFrame(rows, columns=list(COLUMNS[name]))
        for column in TABLES_BY_NAME[name].columns:
            if column.type == "date":
                frame[column.name] = pd.to_datetime(frame[column.name]).astype("datetime64[s]")
            elif column.type == "int" and not column.required:
                # Counts that may be missing: nullable integers, as in the demo frames.
                frame[column.name] = frame[column.name].astype("Int64")
        frames[name] = frame
    return frames
