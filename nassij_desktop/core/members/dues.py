"""Who owes dues for a year: one rule for the "not paid" filter, its count and the CLI.

A member is expected to pay for year Y when they had joined by the end of Y and had not left
the association (resigned, died, been excluded) before Y began: someone who died in 2023 is
not "unpaid for 2026", someone who resigned in June 2026 still owed 2026. Suspension does not
end membership. `status_since` is the date of the member's current status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.members.models import DuesPayment, Member, MemberCategory, MemberStatus
from nassij_desktop.core.members.records import require_dues_read

#: statuses that end membership (from their `status_since`)
LEFT = frozenset({MemberStatus.RESIGNED, MemberStatus.DECEASED, MemberStatus.EXCLUDED})


def expected_to_pay(year: int) -> sa.ColumnElement[bool]:
    """SQL condition: the member owes dues for `year` (whether paid or not)."""
    return sa.and_(
        Member.join_date <= dt.date(year, 12, 31),
        sa.or_(Member.status.not_in(LEFT), Member.status_since >= dt.date(year, 1, 1)),
    )


def latest_dues_id(session: Session) -> int | None:
    """The last dues payment (for a receipt asked for without a number)."""
    return session.scalar(
        sa.select(DuesPayment.id)
        .order_by(DuesPayment.paid_on.desc(), DuesPayment.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class DuesYear:
    """A year's dues in dirhams: what was paid for it, and what the members who owe it would
    pay at their category's rate (the dashboard's "collected against expected")."""

    year: int
    collected: Decimal
    expected: Decimal


def dues_of_year(session: Session, actor: Actor, year: int) -> DuesYear:
    """Two sums in SQL, in centimes (the Money columns' storage), exact."""
    require_dues_read(actor)
    collected = session.scalar(
        sa.select(
            sa.func.coalesce(sa.func.sum(sa.type_coerce(DuesPayment.amount, sa.BigInteger)), 0)
        ).where(DuesPayment.year == year)
    )
    expected = session.scalar(
        sa.select(
            sa.func.coalesce(
                sa.func.sum(sa.type_coerce(MemberCategory.default_dues, sa.BigInteger)), 0
            )
        )
        .select_from(Member)
        .join(MemberCategory, MemberCategory.id == Member.category_id)
        .where(expected_to_pay(year))
    )
    return DuesYear(year, Decimal(collected or 0).scaleb(-2), Decimal(expected or 0).scaleb(-2))
