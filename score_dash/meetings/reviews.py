"""Published reviews: the data version a review meeting was prepared on, fixed for good.

Staff publish "the review of 2017-H2, meeting on 2018-02-14" on the Data page or with
`python -m score_dash review publish`; from then on `?review=2017-H2` shows every page as
at that data version (score_dash/store/versions.py rebuilds it), whatever is imported later. A
published review is never changed; a later review is a new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from score_dash.core.formats import fmt_date
from score_dash.store import db
from score_dash.store import models as m


class ReviewError(ValueError):
    """A review that cannot be published; the message says why."""


@dataclass(frozen=True)
class Review:
    period: str
    meeting_date: date
    data_version: int
    data_as_of: str
    published_at: datetime
    published_by: str

    @property
    def title(self) -> str:
        return f"Review of {self.period}, meeting on {fmt_date(self.meeting_date)}"


def _of(row: m.Review) -> Review:
    return Review(
        row.period_code,
        row.meeting_date,
        row.data_version,
        row.data_as_of,
        row.published_at,
        row.published_by,
    )


def list_reviews(engine: Engine) -> list[Review]:
    """Every published review, the latest meeting first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(m.Review).order_by(m.Review.meeting_date.desc(), m.Review.id.desc())
        ).all()
        return [_of(row) for row in rows]


def find(engine: Engine, period: str) -> Review | None:
    with Session(engine) as session:
        row = session.scalars(select(m.Review).where(m.Review.period_code == period)).first()
        return _of(row) if row else None


def publish(engine: Engine, period: str, meeting_date: date, user: str) -> Review:
    """Fix the current data version as the review of `period` (ReviewError when the period
    is not in the data or its review is already published)."""
    with Session(engine) as session, session.begin():
        if session.scalars(select(m.Period).where(m.Period.code == period)).first() is None:
            raise ReviewError(f"The half-year {period} is not in the data.")
        existing = session.scalars(select(m.Review).where(m.Review.period_code == period)).first()
        if existing is not None:
            raise ReviewError(
                f"The review of {period} is already published (meeting on "
                f"{fmt_date(existing.meeting_date)}, data version {existing.data_version}); "
                "a published review is never changed."
            )
        meta = {row.key: row.value for row in session.scalars(select(m.Meta))}
        row = m.Review(
            period_code=period,
            meeting_date=meeting_date,
            data_version=int(meta.get("data_version", "0")),
            data_as_of=meta.get("data_updated_at", ""),
            published_at=db.utc_now(),
            published_by=user[:80],
        )
        session.add(row)
        try:
            session.flush()
        except IntegrityError:  # published by someone else at the same moment
            raise ReviewError(f"The review of {period} is already published.") from None
        return _of(row)
