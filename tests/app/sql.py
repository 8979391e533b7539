"""Figures of one view computed in SQL written here, independently of the product's pandas.

The app computes every figure with pandas (score_dash/metrics); these queries follow the
written definitions instead (score_dash/core/dictionary.py INDICATORS, the metrics' docstrings)
against the database the app reads, so a page that computes a figure differently from its
definition disagrees with them.

A view is a review half-year and, optionally, one state. The state filter's rule, as the
README and `filters.apply_filters` state it: the enterprises of the state, the trainers who
trained them, the partners in the state or linked to those enterprises (association, lead
buyer, their trainers' institutions), and the activities held in the state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Engine, text

from score_dash.store import db

# The enterprise of a row with an `enterprise_id`, its cluster, and the state filter.
OF_ENTERPRISE = (
    "JOIN enterprises e ON e.id = {t}.enterprise_id JOIN clusters c ON c.id = e.cluster_id"
)
IN_STATE = "(:state IS NULL OR c.state_code = :state)"
TRAINER_IN_VIEW = (
    "(:state IS NULL OR t.id IN (SELECT n.trainer_id FROM enrolments n "
    "JOIN enterprises e ON e.id = n.enterprise_id JOIN clusters c ON c.id = e.cluster_id "
    "WHERE c.state_code = :state))"
)
PARTNER_IN_VIEW = (
    "(:state IS NULL OR p.state_code = :state "
    "OR p.id IN (SELECT e.association_id FROM enterprises e "
    "JOIN clusters c ON c.id = e.cluster_id WHERE c.state_code = :state) "
    "OR p.id IN (SELECT e.lead_buyer_id FROM enterprises e "
    "JOIN clusters c ON c.id = e.cluster_id WHERE c.state_code = :state) "
    f"OR p.id IN (SELECT t.partner_id FROM trainers t WHERE {TRAINER_IN_VIEW}))"
)
ACTIVITY_IN_VIEW = "(:state IS NULL OR a.state_code = :state)"
CERTIFIED = "t.level IN ('certified', 'expert') AND t.level_date <= :end"
ASSOCIATION = "p.type IN ('industry association', 'employers'' organisation')"


def share(part: float, whole: float) -> float:
    """part / whole in per cent, one decimal, as every page shows percentages."""
    return round(100.0 * part / whole, 1)


@dataclass
class Truth:
    """The figures of one view, each from one SQL query written here."""

    url: str
    period: str
    state: str | None = None
    engine: Engine = field(init=False, repr=False)
    start: str = field(init=False)
    end: str = field(init=False)

    def __post_init__(self) -> None:
        self.engine = db.make_engine(self.url)
        row = self.row("SELECT start_date, end_date FROM periods WHERE code = :period")
        self.start, self.end = str(row[0]), str(row[1])

    def row(self, sql: str, **extra: Any) -> tuple:
        args = {"period": self.period, "state": self.state, **extra}
        if hasattr(self, "end"):
            args |= {"start": self.start, "end": self.end}
        with self.engine.connect() as con:
            return tuple(con.execute(text(sql), args).one())

    def value(self, sql: str, **extra: Any) -> float:
        return float(self.row(sql, **extra)[0] or 0)

    def frame(self, sql: str, **extra: Any) -> pd.DataFrame:
        args = {"period": self.period, "state": self.state, **extra}
        args |= {"start": self.start, "end": self.end}
        with self.engine.connect() as con:
            return pd.read_sql_query(text(sql), con, params=args)

    # --- where: enterprises, clusters, states, workers ---------------------------------------

    def places(self) -> dict[str, float]:
        """Enterprises joined by the end of the half-year, their clusters and states."""
        enterprises, clusters, states = self.row(
            "SELECT COUNT(*), COUNT(DISTINCT e.cluster_id), COUNT(DISTINCT c.state_code) "
            "FROM enterprises e JOIN clusters c ON c.id = e.cluster_id "
            f"WHERE e.joined_date <= :end AND {IN_STATE}"
        )
        return {"enterprises": enterprises, "clusters": clusters, "states": states}

    def workforce(self) -> dict[str, float]:
        """Headcount reported for the half-year; women and men where both are given."""
        total, women, men = self.row(
            "SELECT SUM(w.total), "
            "SUM(CASE WHEN w.female IS NOT NULL AND w.male IS NOT NULL THEN w.female END), "
            "SUM(CASE WHEN w.female IS NOT NULL AND w.male IS NOT NULL THEN w.male END) "
            "FROM workforce w JOIN periods p ON p.id = w.period_id "
            f"{OF_ENTERPRISE.format(t='w')} WHERE p.code = :period AND {IN_STATE}"
        )
        return {"workers": total or 0, "women": women or 0, "men": men or 0}

    # --- enterprise results: enrolments, completions, training ------------------------------

    def enrolments(self) -> dict[str, float]:
        """Enrolments made, completed and dropped (without completing) by the end."""
        made, completed, dropped = self.row(
            "SELECT SUM(n.enrolled_date <= :end), SUM(n.completed_date <= :end), "
            "SUM(n.dropped_date <= :end AND (n.completed_date IS NULL OR n.completed_date > :end)) "
            f"FROM enrolments n {OF_ENTERPRISE.format(t='n')} WHERE {IN_STATE}"
        )
        made, completed, dropped = made or 0, completed or 0, dropped or 0
        return {
            "enrolments": made,
            "completed": completed,
            "dropped": dropped,
            "completion_rate": share(completed, completed + dropped),
        }

    def enterprises_trained(self) -> float:
        """Distinct enterprises with a classroom workshop on or before the end."""
        return self.value(
            "SELECT COUNT(DISTINCT n.enterprise_id) FROM enrolments n "
            f"{OF_ENTERPRISE.format(t='n')} WHERE n.classroom_date <= :end AND {IN_STATE}"
        )

    def participants(self) -> dict[str, float]:
        """Classroom participants of enrolments whose classroom was held by the end."""
        women, men, enterprises = self.row(
            "SELECT SUM(pa.female), SUM(pa.male), COUNT(DISTINCT pa.enterprise_id) "
            "FROM participation pa JOIN enrolments n ON n.enterprise_id = pa.enterprise_id "
            f"AND n.module_code = pa.module_code {OF_ENTERPRISE.format(t='pa')} "
            f"WHERE n.classroom_date <= :end AND {IN_STATE}"
        )
        return {
            "women": women,
            "men": men,
            "enterprises": enterprises,
            "women_share": share(women, women + men),
        }

    def certified_trainers(self) -> dict[str, float]:
        """Trainers at certified or expert level by the end (of the view's enterprises)."""
        total, women, men = self.row(
            "SELECT COUNT(*), SUM(t.sex = 'female'), SUM(t.sex = 'male') FROM trainers t "
            f"WHERE {CERTIFIED} AND {TRAINER_IN_VIEW}"
        )
        return {"total": total, "women": women or 0, "men": men or 0}

    def share_improved(self, kpi: str) -> float:
        """Share of enterprises whose latest plausible value of the KPI (after the
        baseline, up to the half-year) is better than their earliest plausible baseline."""
        improved, counted = self.row(
            "WITH obs AS ("
            " SELECT o.enterprise_id AS ent, p.code AS period, o.value, o.is_baseline"
            " FROM kpi_observations o JOIN periods p ON p.id = o.period_id"
            " JOIN kpi_definitions d ON d.code = o.kpi_code"
            f" {OF_ENTERPRISE.format(t='o')}"
            " WHERE o.kpi_code = :kpi AND p.code <= :period AND "
            f" o.value BETWEEN d.plausible_min AND d.plausible_max AND {IN_STATE}),"
            " base AS (SELECT ent, MIN(period) AS period FROM obs WHERE is_baseline GROUP BY ent),"
            " latest AS (SELECT o.ent, MAX(o.period) AS period FROM obs o"
            "  JOIN base b ON b.ent = o.ent WHERE NOT o.is_baseline AND o.period > b.period"
            "  GROUP BY o.ent),"
            " pairs AS (SELECT f.value AS baseline, z.value AS latest FROM base b"
            "  JOIN obs f ON f.ent = b.ent AND f.period = b.period AND f.is_baseline"
            "  JOIN latest l ON l.ent = b.ent"
            "  JOIN obs z ON z.ent = l.ent AND z.period = l.period)"
            " SELECT SUM(CASE WHEN (d.better = 'higher' AND latest > baseline)"
            "  OR (d.better = 'lower' AND latest < baseline) THEN 1 ELSE 0 END), COUNT(*)"
            " FROM pairs, kpi_definitions d WHERE d.code = :kpi",
            kpi=kpi,
        )
        return share(improved, counted)

    # --- objectives 1-3 ---------------------------------------------------------------------

    def objectives(self) -> dict[str, float]:
        """The logframe indicators of objectives 1-3, by their names on the pages."""

        def activities(kind: str, what: str = "COUNT(*)") -> float:
            return self.value(
                f"SELECT {what} FROM activities a WHERE a.type = :kind "
                f"AND a.activity_date <= :end AND {ACTIVITY_IN_VIEW}",
                kind=kind,
            )

        return {
            "Associations with an MoU": self.value(
                "SELECT COUNT(*) FROM partners p "
                f"WHERE {ASSOCIATION} AND p.mou_date <= :end AND {PARTNER_IN_VIEW}"
            ),
            "Enterprises recruited by associations": self.value(
                "SELECT COUNT(*) FROM enterprises e JOIN clusters c ON c.id = e.cluster_id "
                f"WHERE e.association_id IS NOT NULL AND e.joined_date <= :end AND {IN_STATE}"
            ),
            "Promotion events": activities("promotion event"),
            "Institutions embedding SCORE": self.value(
                "SELECT COUNT(*) FROM partners p "
                f"WHERE p.embeds_score AND p.mou_date <= :end AND {PARTNER_IN_VIEW}"
            ),
            "Certified trainers": self.certified_trainers()["total"],
            "Share of training cost not paid by the ILO": round(
                self.value(
                    "SELECT AVG(n.cost_share_non_ilo_pct) FROM enrolments n "
                    f"{OF_ENTERPRISE.format(t='n')} WHERE n.enrolled_date BETWEEN :start AND :end "
                    f"AND {IN_STATE}"
                ),
                1,
            ),
            "Labour inspectors trained": activities(
                "labour inspector training", "SUM(a.participants_female + a.participants_male)"
            ),
            "Media items": activities("media item"),
        }

    def targets(self) -> dict[str, float]:
        """Each logframe indicator's target for the half-year, by its name."""
        frame = self.frame(
            "SELECT i.name, t.value FROM targets t JOIN indicators i ON i.code = t.indicator_code"
            " JOIN periods p ON p.id = t.period_id WHERE p.code = :period"
        )
        return dict(zip(frame["name"], frame["value"], strict=True))

    # --- data quality -----------------------------------------------------------------------

    def quality_by_half_year(self) -> pd.DataFrame:
        """Per half-year: KPI reports expected, received and late, values outside the
        plausible range, workforce rows, rows without sex and rows not adding up.

        A report is expected every half-year after an enterprise's first baseline, until
        it has dropped out of every enrolment (up to its last drop-out); it is late when its
        first reported_date is more than 60 days after the half-year's end.
        """
        reports = self.frame(
            "WITH base AS (SELECT o.enterprise_id AS ent, MIN(p.code) AS code"
            "  FROM kpi_observations o JOIN periods p ON p.id = o.period_id"
            "  WHERE o.is_baseline GROUP BY o.enterprise_id),"
            " gone AS (SELECT enterprise_id AS ent, MAX(dropped_date) AS day FROM enrolments"
            "  GROUP BY enterprise_id HAVING COUNT(*) = COUNT(dropped_date)),"
            " expected AS (SELECT b.ent, p.id AS pid, p.code, p.end_date FROM base b"
            "  JOIN periods p ON p.code > b.code LEFT JOIN gone g ON g.ent = b.ent"
            "  WHERE g.day IS NULL OR p.end_date <= g.day),"
            " first AS (SELECT enterprise_id AS ent, period_id AS pid,"
            "  MIN(reported_date) AS day FROM kpi_observations GROUP BY enterprise_id, period_id)"
            " SELECT x.code AS period, COUNT(*) AS expected, COUNT(f.ent) AS received,"
            "  SUM(f.day > date(x.end_date, '+60 days')) AS late"
            " FROM expected x LEFT JOIN first f ON f.ent = x.ent AND f.pid = x.pid"
            " JOIN enterprises e ON e.id = x.ent JOIN clusters c ON c.id = e.cluster_id"
            f" WHERE {IN_STATE} GROUP BY x.code"
        )
        outliers = self.frame(
            "SELECT p.code AS period, COUNT(*) AS outliers FROM kpi_observations o"
            " JOIN periods p ON p.id = o.period_id JOIN kpi_definitions d ON d.code = o.kpi_code"
            f" {OF_ENTERPRISE.format(t='o')}"
            " WHERE (o.value < d.plausible_min OR o.value > d.plausible_max)"
            f" AND {IN_STATE} GROUP BY p.code"
        )
        workforce = self.frame(
            "SELECT p.code AS period, COUNT(*) AS rows,"
            " SUM(w.female IS NULL OR w.male IS NULL) AS missing_sex,"
            " SUM(w.female + w.male != w.total) AS not_adding_up"
            " FROM workforce w JOIN periods p ON p.id = w.period_id"
            f" {OF_ENTERPRISE.format(t='w')} WHERE {IN_STATE} GROUP BY p.code"
        )
        periods = self.frame("SELECT code AS period FROM periods ORDER BY code")
        table = periods
        for part in (reports, outliers, workforce):
            table = table.merge(part, on="period", how="left")
        return table.fillna(0).set_index("period").astype(int)
