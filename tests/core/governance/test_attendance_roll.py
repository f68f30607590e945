"""The roll of an assembly (`attendance_roll`): the lines of its attendance sheet and of the
minutes' attendance list — every voting member, by name for the reader, with what was
recorded; the same members the quorum counts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import AssemblyStatus, GeneralAssembly
from nassij_desktop.core.governance.services import assembly_quorum, attendance_roll
from nassij_desktop.core.members.models import Member
from nassij_desktop.storage import Database
from tests.core.conftest import DemoDatabase


@pytest.fixture
def demo(demo_database: DemoDatabase) -> Database:
    return demo_database(members=60, seed=3)  # the demo a dozen modules share


def _latest_held(session: sa.orm.Session) -> GeneralAssembly:
    return session.scalars(
        sa.select(GeneralAssembly)
        .where(GeneralAssembly.status == AssemblyStatus.HELD)
        .order_by(GeneralAssembly.held_on.desc())
    ).first()


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_voting_member_once_by_name_with_what_was_recorded(demo, lang: str) -> None:  # type: ignore[no-untyped-def]
    with demo.transaction() as session:
        # One voting member's attendance not recorded: still on the roll, with none.
        assembly = _latest_held(session)
        line = next(
            line
            for line in attendance_roll(session, CLI_ACTOR, assembly.id, lang)
            if line.voting and line.attendance is not None and line.proxy_holder is None
        )
        unrecorded = line.member.id
        held = [a for a in assembly.attendance if a.proxy_holder_id == unrecorded]
        for row in [*held, *(a for a in assembly.attendance if a.member_id == unrecorded)]:
            session.delete(row)
    with demo.session() as session:
        assembly = _latest_held(session)
        roll = attendance_roll(session, CLI_ACTOR, assembly.id, lang)
        figures = assembly_quorum(session, CLI_ACTOR, assembly.id)
        voting = [line for line in roll if line.voting]
        assert len(voting) == len({line.member.id for line in voting}) == figures.voting
        # Those the assembly recorded keep their attendance; the others have none (absent).
        recorded = {a.member_id: a.attendance for a in assembly.attendance}
        for line in voting:
            assert line.attendance == recorded.get(line.member.id)
        assert next(x for x in voting if x.member.id == unrecorded).attendance is None
        # By the register's sort key for this reader, as the members list orders names.
        key = Member.sort_name_ar if lang == "ar" else Member.sort_name_lat
        ids = [line.member.id for line in voting]
        ordered = session.scalars(
            sa.select(Member.id).where(Member.id.in_(ids)).order_by(key, Member.id)
        ).all()
        assert ids == list(ordered)


def test_a_volunteer_may_not_read_it(demo) -> None:  # type: ignore[no-untyped-def]
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    with demo.session() as session, pytest.raises(PermissionDenied):
        attendance_roll(session, volunteer, _latest_held(session).id, "fr")
