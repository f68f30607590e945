"""Who may vote at an assembly, and whether enough of them came.

A member is a *voting member on day D* when all of these hold:

1. their category votes (`MemberCategory.votes`; honorary members do not);
2. they had joined on or before D (`join_date <= D`);
3. their status on D was *active*: the `to_status` of their latest status change effective on or
   before D (the status history the member services keep). A member with no history on or
   before D is taken at their present status, or as active when that status began after D.

So a member suspended in March counts for a January assembly and not for a June one; a member
who joined the day after the assembly does not count. The quorum is reached when the voting
members present plus those represented by a proxy reach `quorum_percent` of the voting members,
rounded up, and at least one came.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.governance.models import AssemblyAttendance, Attendance, GeneralAssembly
from nassij_desktop.core.governance.records import QuorumFigures
from nassij_desktop.core.members.models import (
    Member,
    MemberCategory,
    MemberStatus,
    MemberStatusChange,
)


def status_on(day: dt.date) -> sa.ColumnElement[str]:
    """A member's status on `day`, as an SQL expression over `Member` (see the module doc)."""
    latest = (
        sa.select(MemberStatusChange.to_status)
        .where(MemberStatusChange.member_id == Member.id)
        .where(MemberStatusChange.effective_on <= day)
        .order_by(MemberStatusChange.effective_on.desc(), MemberStatusChange.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    fallback = sa.case(
        (Member.status_since > day, sa.literal(MemberStatus.ACTIVE.value)),
        else_=sa.cast(Member.status, sa.String),
    )
    return sa.func.coalesce(sa.cast(latest, sa.String), fallback)


def voting_members_query(day: dt.date) -> sa.Select[tuple[int]]:
    """The ids of the voting members on `day`."""
    return (
        sa.select(Member.id)
        .join(MemberCategory, Member.category_id == MemberCategory.id)
        .where(MemberCategory.votes.is_(True))
        .where(Member.join_date <= day)
        .where(status_on(day) == MemberStatus.ACTIVE.value)
    )


def voting_member_ids(session: Session, day: dt.date) -> set[int]:
    return set(session.scalars(voting_members_query(day)))


def active_on(session: Session, member_ids: Iterable[int], day: dt.date) -> set[int]:
    """Those of `member_ids` who had joined and were active on `day` (any category)."""
    ids = list(member_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            sa.select(Member.id)
            .where(Member.id.in_(ids))
            .where(Member.join_date <= day)
            .where(status_on(day) == MemberStatus.ACTIVE.value)
        )
    )


def quorum_needed(voting: int, percent: int) -> int:
    return math.ceil(voting * percent / 100)


def compute_quorum(session: Session, assembly: GeneralAssembly) -> QuorumFigures:
    voting = voting_members_query(assembly.held_on).subquery()
    total = session.scalar(sa.select(sa.func.count()).select_from(voting)) or 0
    counts = dict(
        session.execute(
            sa.select(AssemblyAttendance.attendance, sa.func.count())
            .where(AssemblyAttendance.assembly_id == assembly.id)
            .where(AssemblyAttendance.member_id.in_(sa.select(voting.c.id)))
            .group_by(AssemblyAttendance.attendance)
        ).all()
    )
    return QuorumFigures(
        voting=total,
        present=counts.get(Attendance.PRESENT, 0),
        represented=counts.get(Attendance.PROXY, 0),
        percent=assembly.quorum_percent,
        needed=quorum_needed(total, assembly.quorum_percent),
    )
