"""The quorum is the share the statutes state, as an exact fraction: two thirds of 243 voting
members is 162 (a whole percentage gave 161 at 66 %), counted in integers; written "2/3", or
"66 %" for a percentage, and "two thirds" in the minutes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction

import pytest
from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.governance.models import Attendance, GeneralAssembly
from nassij_desktop.core.governance.quorum import (
    parse_quorum,
    quorum_needed,
    quorum_text,
    quorum_words,
)
from nassij_desktop.core.governance.services import (
    AssemblyData,
    AttendanceLine,
    assembly_quorum,
    convene_assembly,
    get_assembly,
    open_session,
    record_attendance,
    record_attendances,
    update_assembly,
)
from nassij_desktop.core.members.services import MemberData, register_members
from nassij_desktop.storage import Database

HELD_ON = dt.date(2025, 6, 14)


@pytest.mark.parametrize(
    ("voting", "share", "needed"),
    [
        (243, Fraction(2, 3), 162),  # 66 % gave 161
        (243, Fraction(1, 2), 122),
        (243, Fraction(33, 50), 161),  # 66 % stays 66 %
        (243, Fraction(3, 4), 183),  # 182.25
        (243, Fraction(1, 4), 61),  # 60.75
        (243, Fraction(1, 3), 81),  # exactly
        (243, Fraction(1), 243),
        (243, Fraction(0), 0),
        (6, Fraction(2, 3), 4),  # exactly two thirds: not one more
        (7, Fraction(2, 3), 5),  # 4.67
        (1, Fraction(1, 2), 1),
        (0, Fraction(2, 3), 0),
        (10**9 + 1, Fraction(2, 3), 666_666_668),  # integers: no float rounding
    ],
)
def test_the_quorum_is_the_share_of_the_voters_rounded_up(
    voting: int, share: Fraction, needed: int
) -> None:
    assert quorum_needed(voting, share) == needed


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("2/3", Fraction(2, 3)),
        (" 2 / 3 ", Fraction(2, 3)),
        ("4/6", Fraction(2, 3)),
        ("1/2", Fraction(1, 2)),
        ("66", Fraction(33, 50)),
        ("66%", Fraction(33, 50)),
        ("66 %", Fraction(33, 50)),
        ("٦٦٪", Fraction(33, 50)),
        ("50", Fraction(1, 2)),
        ("0", Fraction(0)),
        ("100 %", Fraction(1)),
        ("1/1", Fraction(1)),
        ("66.5 %", Fraction(133, 200)),
    ],
)
def test_a_quorum_is_typed_as_a_fraction_or_a_percentage(text: str, share: Fraction) -> None:
    assert parse_quorum(text) == share


@pytest.mark.parametrize("text", ["", "two thirds", "3/2", "2/0", "101", "-1/2", "1/1001", "2/3%"])
def test_a_quorum_that_is_no_share_is_refused_on_its_field(text: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_quorum(text)
    assert error.value.field == "quorum"


def test_a_quorum_is_written_as_a_fraction_or_a_percentage_and_said_in_words() -> None:
    assert quorum_text(Fraction(2, 3)) == "2/3"
    assert quorum_text(Fraction(1, 2), "fr") == "1/2"
    assert quorum_text(Fraction(2, 7)) == "2/7"
    assert quorum_text(Fraction(33, 50), "fr") == "66\u202f%"
    assert quorum_text(Fraction(33, 50), "ar") == "66%"
    assert quorum_text(Fraction(133, 200), "fr") == "133/200"  # no whole percentage
    assert quorum_words(Fraction(2, 3), "ar") == "الثلثان (2/3)"
    assert quorum_words(Fraction(2, 3), "fr") == "les deux tiers (2/3)"
    assert quorum_words(Fraction(1, 2), "fr") == "la moitié (1/2)"
    assert quorum_words(Fraction(3, 4), "ar") == "ثلاثة أرباع (3/4)"
    assert quorum_words(Fraction(33, 50), "fr") == "66\u202f%"


# --- through the services, on a file -----------------------------------------------------


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.transaction() as session:
        yield session


def _voters(session: Session, count: int) -> list[int]:
    # The batch service an import uses: create_member's rules, in one pass (243 members one
    # by one were most of this test's time, more so on PostgreSQL's round trips).
    members = [
        MemberData(
            last_name_lat=f"Member {n:03d}",
            first_name_lat="Sara",
            join_date=dt.date(2020, 1, 5),
        )
        for n in range(count)
    ]
    return [member.id for member in register_members(session, CLI_ACTOR, members)]


def _convene(session: Session, share: Fraction) -> int:
    return convene_assembly(
        session,
        CLI_ACTOR,
        AssemblyData(
            held_on=HELD_ON,
            place="Maison des jeunes",
            convened_on=HELD_ON - dt.timedelta(days=15),
            quorum=share,
            agenda=["Moral report"],
        ),
    ).id


def test_two_thirds_of_243_voting_members_is_162(session: Session) -> None:
    voters = _voters(session, 243)
    thirds, half = _convene(session, Fraction(2, 3)), _convene(session, Fraction(1, 2))
    stored = session.get(GeneralAssembly, thirds)
    assert stored is not None
    assert (stored.quorum_numerator, stored.quorum_denominator) == (2, 3)
    assert assembly_quorum(session, CLI_ACTOR, half).needed == 122
    open_session(session, CLI_ACTOR, thirds)
    # 161 present in one batch (the attendance sheet's service); the 162nd, one by one below.
    present = [AttendanceLine(member_id, Attendance.PRESENT) for member_id in voters[:161]]
    record_attendances(session, CLI_ACTOR, thirds, present)
    figures = assembly_quorum(session, CLI_ACTOR, thirds)
    assert (figures.voting, figures.quorum, figures.needed) == (243, Fraction(2, 3), 162)
    assert not figures.reached  # 161 was enough at a rounded 66 %
    record_attendance(session, CLI_ACTOR, thirds, voters[161], Attendance.PROXY, voters[0])
    assert assembly_quorum(session, CLI_ACTOR, thirds).reached
    detail = get_assembly(session, CLI_ACTOR, thirds)
    assert detail.summary.quorum == Fraction(2, 3)
    assert (detail.quorum.needed, detail.quorum.reached) == (162, True)


def test_a_convocation_keeps_the_share_it_is_given_in_lowest_terms(session: Session) -> None:
    assembly_id = _convene(session, Fraction(4, 6))
    summary = get_assembly(session, CLI_ACTOR, assembly_id).summary
    assert summary.quorum == Fraction(2, 3)
    data = AssemblyData(
        held_on=HELD_ON,
        place="Maison des jeunes",
        convened_on=HELD_ON - dt.timedelta(days=15),
        quorum=Fraction(60, 100),
        agenda=["Moral report"],
    )
    changed = update_assembly(session, CLI_ACTOR, assembly_id, summary.version, data)
    stored = session.get(GeneralAssembly, assembly_id)
    assert stored is not None
    assert changed.quorum == Fraction(3, 5)
    assert (stored.quorum_numerator, stored.quorum_denominator) == (3, 5)
