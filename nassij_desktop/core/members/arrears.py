"""Members in arrears: who has not paid the dues of one or more years, and which years.

A member owes the dues of each year from the later of their joining year and the year dues
started, to `as_of_year`, by the rule of `dues.expected_to_pay`: a member who left (resigned,
died, excluded) owes the year they left and none after; suspension does not end membership.
The year dues started is the caller's, else the earliest year any dues were recorded in the
file (before it, the association kept no dues here).

The members and their counts are read in SQL, a page at a time (the lazy table's way); the
total owed counts each unpaid year at the member's category's current yearly rate, when the
category has one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.members.dues import LEFT
from nassij_desktop.core.members.models import DuesPayment, Member, MemberCategory
from nassij_desktop.core.members.records import require_dues_read


@dataclass(frozen=True)
class ArrearsRow:
    member_id: int
    number: str
    first_name_ar: str | None
    last_name_ar: str | None
    first_name_lat: str | None
    last_name_lat: str | None
    category_code: str
    unpaid_years: tuple[int, ...]
    rate: Decimal  # the category's yearly rate; 0: none set

    @property
    def owed(self) -> Decimal | None:
        """The unpaid years at the current rate; None when the category has no rate."""
        if self.rate <= 0:
            return None
        return self.rate * len(self.unpaid_years)


@dataclass(frozen=True)
class ArrearsSummary:
    as_of_year: int
    since_year: int
    count: int  # members in arrears
    unpaid_years: int  # member-years unpaid, all members together
    total_owed: Decimal  # over the members whose category has a rate
    without_rate: int  # members in arrears whose category has no rate


def _year(column: InstrumentedAttribute[dt.date]) -> sa.ColumnElement[int]:
    return sa.cast(sa.extract("year", column), sa.Integer)


def dues_since_year(session: Session, as_of_year: int) -> int:
    """The first year of dues recorded in the file (`as_of_year` when there are none)."""
    first = session.scalar(sa.select(sa.func.min(DuesPayment.year)))
    return min(first, as_of_year) if first is not None else as_of_year


def _owing(as_of_year: int, since_year: int, category: str | None) -> sa.Subquery:
    """One row per member who owes at least one year: their range of years and the count
    of unpaid ones."""
    joined, left = _year(Member.join_date), _year(Member.status_since)
    # CASE rather than SQLite's two-argument max/min: PostgreSQL spells them otherwise.
    first = sa.case((joined > since_year, joined), else_=since_year)
    last = sa.case((sa.and_(Member.status.in_(LEFT), left < as_of_year), left), else_=as_of_year)
    paid = (
        sa.select(sa.func.count(sa.distinct(DuesPayment.year)))
        .where(
            DuesPayment.member_id == Member.id,
            DuesPayment.year >= first,
            DuesPayment.year <= last,
        )
        .correlate(Member)
        .scalar_subquery()
    )
    stmt = (
        sa.select(
            Member.id.label("member_id"),
            Member.number.label("number"),
            MemberCategory.code.label("category_code"),
            MemberCategory.default_dues.label("rate"),
            first.label("first"),
            last.label("last"),
            (last - first + 1 - paid).label("unpaid"),
        )
        .join(MemberCategory, MemberCategory.id == Member.category_id)
        .where(first <= last, paid < last - first + 1)
    )
    if category is not None:
        stmt = stmt.where(MemberCategory.code == category)
    return stmt.subquery("owing")


def arrears_summary(
    session: Session,
    actor: Actor,
    as_of_year: int,
    *,
    since_year: int | None = None,
    category: str | None = None,
) -> ArrearsSummary:
    """How many members are in arrears up to `as_of_year`, and what they owe."""
    require_dues_read(actor)
    since = since_year if since_year is not None else dues_since_year(session, as_of_year)
    owing = _owing(as_of_year, since, category)
    with_rate = owing.c.rate > 0
    count, unpaid, cents, without = session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(owing.c.unpaid), 0),
            # The rate is stored in centimes: summed as such, exact.
            sa.func.coalesce(
                sa.func.sum(
                    sa.case(
                        (with_rate, owing.c.unpaid * sa.type_coerce(owing.c.rate, sa.Integer)),
                        else_=0,
                    )
                ),
                0,
            ),
            sa.func.coalesce(sa.func.sum(sa.case((with_rate, 0), else_=1)), 0),
        )
    ).one()
    return ArrearsSummary(
        as_of_year=as_of_year,
        since_year=since,
        count=count,
        unpaid_years=unpaid,
        total_owed=(Decimal(cents) / 100).quantize(Decimal("0.01")),
        without_rate=without,
    )


def members_in_arrears(
    session: Session,
    actor: Actor,
    as_of_year: int,
    *,
    since_year: int | None = None,
    category: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[ArrearsRow]:
    """The members in arrears up to `as_of_year`, by member number, `limit` from `offset`,
    each with their unpaid years."""
    require_dues_read(actor)
    since = since_year if since_year is not None else dues_since_year(session, as_of_year)
    owing = _owing(as_of_year, since, category)
    stmt = (
        sa.select(
            owing.c.member_id,
            owing.c.number,
            owing.c.category_code,
            owing.c.rate,
            owing.c.first,
            owing.c.last,
            Member.first_name_ar,
            Member.last_name_ar,
            Member.first_name_lat,
            Member.last_name_lat,
        )
        .join(Member, Member.id == owing.c.member_id)
        .order_by(sa.func.length(owing.c.number), owing.c.number)
        .offset(offset)
        .limit(limit)
    )
    rows = session.execute(stmt).all()
    if not rows:
        return []
    paid: dict[int, set[int]] = {}
    for member_id, year in session.execute(
        sa.select(DuesPayment.member_id, DuesPayment.year).where(
            DuesPayment.member_id.in_([r.member_id for r in rows])
        )
    ):
        paid.setdefault(member_id, set()).add(year)
    return [
        ArrearsRow(
            member_id=r.member_id,
            number=r.number,
            first_name_ar=r.first_name_ar,
            last_name_ar=r.last_name_ar,
            first_name_lat=r.first_name_lat,
            last_name_lat=r.last_name_lat,
            category_code=r.category_code,
            unpaid_years=tuple(
                y for y in range(r.first, r.last + 1) if y not in paid.get(r.member_id, ())
            ),
            rate=r.rate,
        )
        for r in rows
    ]
