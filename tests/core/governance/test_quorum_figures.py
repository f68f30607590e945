"""The attendance sheet and the quorum, read with aggregates and column queries, give the figures
the rule gives when it is applied by hand to every row of the file.

The rule (core.governance.quorum): a voting member on day D votes by category, had joined by
D, and was active on D by the latest status change effective on or before D, or, with no such
change, by their present status (active when it began after D).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from fractions import Fraction

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import AssemblyAttendance, Attendance
from nassij_desktop.core.governance.quorum import voting_member_ids
from nassij_desktop.core.governance.services import (
    AssemblyData,
    assembly_quorum,
    convene_assembly,
    get_assembly,
    open_session,
    record_attendance,
)
from nassij_desktop.core.members.models import (
    Member,
    MemberCategory,
    MemberStatus,
    MemberStatusChange,
)
from nassij_desktop.core.members.services import MemberData, change_member_status, create_member
from nassij_desktop.storage import Database

VIEWER = Actor(user_id=None, login="visitor", role=Role.VIEWER)
HELD_ON = dt.date(2025, 6, 14)
JOINED = dt.date(2020, 1, 5)
BEFORE, AFTER = HELD_ON - dt.timedelta(days=40), HELD_ON + dt.timedelta(days=40)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.transaction() as session:
        yield session


def member(session: Session, name: str, **changes: object) -> int:
    values: dict[str, object] = {"last_name_lat": name, "first_name_lat": "Sara"}
    values["join_date"] = JOINED
    values.update(changes)
    return create_member(session, CLI_ACTOR, MemberData(**values)).id  # type: ignore[arg-type]


def suspend(session: Session, member_id: int, on: dt.date) -> None:
    change_member_status(session, CLI_ACTOR, member_id, MemberStatus.SUSPENDED, on, "Dues")


def without_history(session: Session, member_id: int, status: MemberStatus, since: dt.date) -> None:
    """A member as a file from before the status history keeps them: a present status only."""
    session.execute(sa.delete(MemberStatusChange).where(MemberStatusChange.member_id == member_id))
    session.execute(
        sa.update(Member).where(Member.id == member_id).values(status=status, status_since=since)
    )


def expected_voting(session: Session, day: dt.date) -> set[int]:
    """The rule of the module doc, applied in Python to every member and status change."""
    votes = {c.id: c.votes for c in session.scalars(sa.select(MemberCategory))}
    changes = list(session.scalars(sa.select(MemberStatusChange)))
    voting = set()
    for m in session.scalars(sa.select(Member)):
        mine = sorted(
            (c for c in changes if c.member_id == m.id and c.effective_on <= day),
            key=lambda c: (c.effective_on, c.id),
        )
        if mine:
            status = mine[-1].to_status
        else:
            status = MemberStatus.ACTIVE if m.status_since > day else m.status
        if votes[m.category_id] and m.join_date <= day and status is MemberStatus.ACTIVE:
            voting.add(m.id)
    return voting


def test_sheet_and_quorum_match_the_rule_applied_to_every_row(session: Session) -> None:
    present = [member(session, name) for name in ("Alaoui", "Bennani", "Chraibi")]
    represented = [member(session, name) for name in ("Daoudi", "El Fassi")]
    excused, absent, silent = (member(session, n) for n in ("Filali", "Guessous", "Hajji"))
    honorary = member(session, "Honneur", category_code="honorary")
    suspended_before = member(session, "Idrissi")
    suspend(session, suspended_before, BEFORE)
    suspended_after = member(session, "Jazouli")
    suspend(session, suspended_after, AFTER)
    back_before = member(session, "Kettani")  # suspended, then active again, both before
    suspend(session, back_before, BEFORE - dt.timedelta(days=30))
    change_member_status(session, CLI_ACTOR, back_before, MemberStatus.ACTIVE, BEFORE)
    late = member(session, "Lahlou", join_date=HELD_ON + dt.timedelta(days=1))
    old_suspended = member(session, "Mansouri")  # no history: suspended since before
    without_history(session, old_suspended, MemberStatus.SUSPENDED, BEFORE)
    old_resigned = member(session, "Naciri")  # no history: resigned since after, so active
    without_history(session, old_resigned, MemberStatus.RESIGNED, AFTER)

    assembly = convene_assembly(
        session,
        CLI_ACTOR,
        AssemblyData(
            held_on=HELD_ON,
            place="Maison des jeunes",
            convened_on=HELD_ON - dt.timedelta(days=15),
            quorum=Fraction(40, 100),
            agenda=["Moral report"],
        ),
    )
    open_session(session, CLI_ACTOR, assembly.id)
    for member_id in [*present, honorary, suspended_before]:
        record_attendance(session, CLI_ACTOR, assembly.id, member_id, Attendance.PRESENT)
    for member_id, holder in zip(represented, present, strict=False):
        record_attendance(session, CLI_ACTOR, assembly.id, member_id, Attendance.PROXY, holder)
    record_attendance(session, CLI_ACTOR, assembly.id, excused, Attendance.EXCUSED)
    record_attendance(session, CLI_ACTOR, assembly.id, absent, Attendance.ABSENT)
    session.flush()

    voting = expected_voting(session, HELD_ON)
    # The file holds each case the sheet must tell apart.
    assert {silent, suspended_after, back_before, old_resigned} <= voting
    assert not {honorary, suspended_before, late, old_suspended} & voting
    rows = {
        row.member_id: row
        for row in session.scalars(
            sa.select(AssemblyAttendance).where(AssemblyAttendance.assembly_id == assembly.id)
        )
    }
    numbers = dict(session.execute(sa.select(Member.id, Member.number)).all())
    lines = sorted(voting | rows.keys(), key=lambda i: (i not in voting, numbers[i]))
    expected_lines = [
        (
            i,
            rows[i].attendance if i in rows else None,
            rows[i].proxy_holder_id if i in rows else None,
            i in voting,
        )
        for i in lines
    ]
    counted = [rows[i].attendance for i in rows if i in voting]
    expected = (
        len(voting),
        counted.count(Attendance.PRESENT),
        counted.count(Attendance.PROXY),
        Fraction(2, 5),
        math.ceil(len(voting) * 40 / 100),
    )

    detail = get_assembly(session, VIEWER, assembly.id)
    assert [
        (
            line.member.id,
            line.attendance,
            line.proxy_holder.id if line.proxy_holder else None,
            line.voting,
        )
        for line in detail.attendance
    ] == expected_lines
    assert all(line.member.number == numbers[line.member.id] for line in detail.attendance)
    for figures in (
        detail.quorum,
        assembly_quorum(session, VIEWER, assembly.id),
        get_assembly(session, VIEWER, assembly.id, attendance=False).quorum,
    ):
        assert (
            figures.voting,
            figures.present,
            figures.represented,
            figures.quorum,
            figures.needed,
        ) == expected
    assert get_assembly(session, VIEWER, assembly.id, attendance=False).attendance == ()
    assert voting_member_ids(session, HELD_ON) == voting
    # Present and represented count only voting members: the honorary member and the one
    # suspended before the assembly were signed in, and are not in the figures.
    assert detail.quorum.present == len(present)
    assert detail.quorum.represented == len(represented)


def test_a_recorded_line_answers_with_the_members_vote_on_the_day(session: Session) -> None:
    voter = member(session, "Alaoui")
    suspended = member(session, "Bennani")
    suspend(session, suspended, BEFORE)
    assembly = convene_assembly(
        session,
        CLI_ACTOR,
        AssemblyData(
            held_on=HELD_ON,
            place="Salle communale",
            convened_on=HELD_ON - dt.timedelta(days=15),
            agenda=["Moral report"],
        ),
    )
    lines = {
        member_id: record_attendance(session, CLI_ACTOR, assembly.id, member_id, Attendance.PRESENT)
        for member_id in (voter, suspended)
    }
    assert (lines[voter].voting, lines[suspended].voting) == (True, False)
    sheet = {line.member.id: line for line in get_assembly(session, VIEWER, assembly.id).attendance}
    assert all(sheet[i] == line for i, line in lines.items())
