"""Who owes dues for a year: one rule for the "not paid" filter, its count and the CLI.

A member is expected to pay for year Y when they had joined by the end of Y and had not left
the association (resigned, died, been excluded) before Y began: someone who died in 2023 is
not "unpaid for 2026", someone who resigned in June 2026 still owed 2026. Suspension does not
end membership. `status_since` is the date of the member's current status.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.members.models import DuesPayment, Member, MemberStatus

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
