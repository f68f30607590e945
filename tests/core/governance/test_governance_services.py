"""The board and general-assembly workflow on a real association file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from fractions import Fraction

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.errors import (
    Conflict,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import (
    AssemblyKind,
    Attendance,
    AuthorityDeclaration,
    BoardTerm,
    DeclarationKind,
)
from nassij_desktop.core.governance.records import AssemblyState
from nassij_desktop.core.governance.services import (
    AssemblyData,
    SeatChoice,
    assembly_quorum,
    cancel_assembly,
    close_assembly,
    convene_assembly,
    current_board,
    declaration_reminders,
    elect_board,
    get_assembly,
    list_assemblies,
    list_terms,
    open_session,
    record_attendance,
    record_declaration_filed,
    record_resolution,
    remove_resolution,
    update_assembly,
)
from nassij_desktop.core.members.models import MemberStatus
from nassij_desktop.core.members.services import MemberData, change_member_status, create_member
from nassij_desktop.storage import Database

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="visitor", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
TREASURER = Actor(user_id=None, login="karim", role=Role.TREASURER)

HELD_ON = dt.date(2025, 6, 14)
NAMES = ["Alaoui", "Bennani", "Chraibi", "Daoudi", "El Fassi", "Filali", "Guessous", "Hajji"]


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.transaction() as session:
        yield session


@pytest.fixture
def members(session: Session) -> list[int]:
    """Eight active members who joined in 2020, one honorary (no vote), one who joined late."""
    ids = [
        create_member(
            session,
            CLI_ACTOR,
            MemberData(last_name_lat=name, first_name_lat="Sara", join_date=dt.date(2020, 1, 5)),
        ).id
        for name in NAMES
    ]
    ids.append(
        create_member(
            session,
            CLI_ACTOR,
            MemberData(
                last_name_lat="Honneur",
                first_name_lat="Ali",
                join_date=dt.date(2020, 1, 5),
                category_code="honorary",
            ),
        ).id
    )
    ids.append(
        create_member(
            session,
            CLI_ACTOR,
            MemberData(
                last_name_lat="Tardif", first_name_lat="Omar", join_date=dt.date(2025, 7, 1)
            ),
        ).id
    )
    return ids


def convocation(**changes: object) -> AssemblyData:
    values: dict[str, object] = {
        "kind": AssemblyKind.ORDINARY,
        "held_on": HELD_ON,
        "starts_at": dt.time(15, 0),
        "place": "Maison des jeunes, Tiznit",
        "convened_on": HELD_ON - dt.timedelta(days=15),
        "quorum": Fraction(1, 2),
        "agenda": ["Moral report", "Financial report", "Election of the board"],
    }
    values.update(changes)
    return AssemblyData(**values)  # type: ignore[arg-type]


def in_session(session: Session, **changes: object) -> int:
    assembly = convene_assembly(session, SECRETARY, convocation(**changes))
    open_session(session, SECRETARY, assembly.id)
    return assembly.id


def audit_actions(session: Session, entity: str) -> list[str]:
    return list(
        session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
        )
    )


# --- convening ---------------------------------------------------------------------------


def test_convening_records_the_agenda_in_order_and_the_audit(session: Session) -> None:
    summary = convene_assembly(session, SECRETARY, convocation())
    assert summary.state is AssemblyState.CONVENED
    detail = get_assembly(session, VIEWER, summary.id)
    assert [item.title.fr for item in detail.agenda] == [
        "Moral report",
        "Financial report",
        "Election of the board",
    ]
    assert [item.position for item in detail.agenda] == [1, 2, 3]
    assert detail.summary.place.fr == "Maison des jeunes, Tiznit"
    entry = session.scalar(sa.select(AuditEntry).where(AuditEntry.entity == "general_assembly"))
    assert entry is not None and entry.login == "amina"
    assert json.loads(entry.after or "{}")["agenda"][0] == [None, "Moral report"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": None}, "held_on"),
        ({"convened_on": None}, "convened_on"),
        ({"convened_on": HELD_ON + dt.timedelta(days=1)}, "convened_on"),
        ({"place": "   "}, "place"),
        ({"quorum": Fraction(6, 5)}, "quorum"),
        ({"quorum": Fraction(-1, 2)}, "quorum"),
        ({"quorum": Fraction(1, 1001)}, "quorum"),
        ({"agenda": []}, "agenda"),
        ({"agenda": ["Moral report", "  "]}, "agenda"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_a_convocation_with_a_missing_or_wrong_value_is_refused_naming_the_field(
    session: Session, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        convene_assembly(session, SECRETARY, convocation(**changes))
    assert error.value.field == field
    assert list_assemblies(session, SECRETARY) == []


def test_roles_without_governance_writing_cannot_convene(session: Session) -> None:
    for actor in (VIEWER, VOLUNTEER, TREASURER):
        with pytest.raises(PermissionDenied):
            convene_assembly(session, actor, convocation())
    with pytest.raises(PermissionDenied):
        list_assemblies(session, VOLUNTEER)


def test_the_agenda_can_be_edited_while_convened_and_stale_edits_are_refused(
    session: Session,
) -> None:
    summary = convene_assembly(session, SECRETARY, convocation())
    edited = update_assembly(
        session,
        SECRETARY,
        summary.id,
        summary.version,
        convocation(agenda=["Financial report", "Moral report"], place="Salle communale"),
    )
    detail = get_assembly(session, SECRETARY, summary.id)
    assert [i.title.fr for i in detail.agenda] == ["Financial report", "Moral report"]
    assert detail.summary.place.fr == "Salle communale"
    assert edited.version > summary.version
    with pytest.raises(StaleVersion):
        update_assembly(session, SECRETARY, summary.id, summary.version, convocation())
    open_session(session, SECRETARY, summary.id)
    with pytest.raises(Conflict):
        update_assembly(session, SECRETARY, summary.id, None, convocation())


# --- attendance and quorum ---------------------------------------------------------------


def test_quorum_counts_present_and_represented_voting_members_only(
    session: Session, members: list[int]
) -> None:
    assembly_id = in_session(session)
    a, b, c, d = members[:4]
    honorary, late = members[8], members[9]
    record_attendance(session, SECRETARY, assembly_id, a, Attendance.PRESENT)
    record_attendance(session, SECRETARY, assembly_id, b, Attendance.PRESENT)
    record_attendance(session, SECRETARY, assembly_id, c, Attendance.PROXY, proxy_holder_id=a)
    record_attendance(session, SECRETARY, assembly_id, d, Attendance.EXCUSED)
    record_attendance(session, SECRETARY, assembly_id, honorary, Attendance.PRESENT)
    quorum = assembly_quorum(session, VIEWER, assembly_id)
    # Eight active members vote; the honorary member attends without a vote; the member who
    # joined after the assembly is not counted at all.
    assert (quorum.voting, quorum.present, quorum.represented) == (8, 2, 1)
    assert quorum.needed == 4 and quorum.attending == 3 and not quorum.reached
    record_attendance(session, SECRETARY, assembly_id, members[4], Attendance.PRESENT)
    assert assembly_quorum(session, VIEWER, assembly_id).reached
    with pytest.raises(ValidationError) as error:
        record_attendance(session, SECRETARY, assembly_id, late, Attendance.PRESENT)
    assert error.value.field == "member_id"
    lines = get_assembly(session, VIEWER, assembly_id).attendance
    assert [line.member.id for line in lines if line.voting] == members[:8]
    assert next(line for line in lines if line.member.id == c).proxy_holder.id == a  # type: ignore[union-attr]
    assert next(line for line in lines if line.member.id == honorary).voting is False


def test_a_member_suspended_before_the_assembly_does_not_count_but_one_suspended_after_does(
    session: Session, members: list[int]
) -> None:
    change_member_status(
        session, CLI_ACTOR, members[0], MemberStatus.SUSPENDED, dt.date(2025, 3, 1), "Dues"
    )
    change_member_status(
        session, CLI_ACTOR, members[1], MemberStatus.RESIGNED, dt.date(2025, 9, 1), None
    )
    assembly_id = in_session(session)
    assert assembly_quorum(session, VIEWER, assembly_id).voting == 7


def test_proxy_rules(session: Session, members: list[int]) -> None:
    assembly_id = in_session(session)
    a, b, c, d = members[:4]
    record_attendance(session, SECRETARY, assembly_id, a, Attendance.PRESENT)
    record_attendance(session, SECRETARY, assembly_id, d, Attendance.ABSENT)
    refusals = [
        (b, None, "proxy_holder_id"),  # no holder
        (b, b, "proxy_holder_id"),  # oneself
        (b, d, "proxy_holder_id"),  # the holder is absent
        (b, c, "proxy_holder_id"),  # the holder's attendance is not recorded
        (members[8], a, "attendance"),  # an honorary member has no vote to delegate
    ]
    for member_id, holder, field in refusals:
        with pytest.raises(ValidationError) as error:
            record_attendance(
                session, SECRETARY, assembly_id, member_id, Attendance.PROXY, proxy_holder_id=holder
            )
        assert error.value.field == field
    record_attendance(session, SECRETARY, assembly_id, b, Attendance.PROXY, proxy_holder_id=a)
    # The statutes' default: one proxy per holder.
    with pytest.raises(ValidationError) as error:
        record_attendance(session, SECRETARY, assembly_id, c, Attendance.PROXY, proxy_holder_id=a)
    assert error.value.field == "proxy_holder_id"
    settings.set_setting(session, "governance.max_proxies_per_holder", 2)
    record_attendance(session, SECRETARY, assembly_id, c, Attendance.PROXY, proxy_holder_id=a)
    # A holder cannot leave while holding proxies.
    with pytest.raises(Conflict):
        record_attendance(session, SECRETARY, assembly_id, a, Attendance.ABSENT)
    assert assembly_quorum(session, VIEWER, assembly_id).represented == 2
    assert audit_actions(session, "assembly_attendance").count("create") == 4


def test_the_proxy_limit_is_changed_by_an_administrator_checked_and_audited(
    session: Session, members: list[int]
) -> None:
    key = "governance.max_proxies_per_holder"
    assert settings.max_proxies_per_holder(session) == 1  # the statutes' usual rule
    # Whoever records the attendance does not set how many votes one person carries.
    with pytest.raises(PermissionDenied):
        settings.change_setting(session, SECRETARY, key, 3)
    for refused in (-1, settings.MAX_PROXIES + 1, "two", ""):
        with pytest.raises(ValidationError) as error:
            settings.change_setting(session, CLI_ACTOR, key, refused)
        assert error.value.field == key
    assert settings.change_setting(session, CLI_ACTOR, key, "3") == 3
    assert settings.max_proxies_per_holder(session) == 3
    entry = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.entity == "setting"
    assert json.loads(entry.before or "") == {key: 1}
    assert json.loads(entry.after or "") == {key: 3}
    # The limit is the one the attendance follows: three proxies held by one member.
    assembly_id = in_session(session)
    a = members[0]
    record_attendance(session, SECRETARY, assembly_id, a, Attendance.PRESENT)
    for member_id in members[1:4]:
        record_attendance(
            session, SECRETARY, assembly_id, member_id, Attendance.PROXY, proxy_holder_id=a
        )
    with pytest.raises(ValidationError):
        record_attendance(
            session, SECRETARY, assembly_id, members[4], Attendance.PROXY, proxy_holder_id=a
        )


# --- resolutions -------------------------------------------------------------------------


def test_resolutions_are_adopted_by_a_majority_of_votes_cast(
    session: Session, members: list[int]
) -> None:
    assembly_id = in_session(session)
    with pytest.raises(Conflict):  # not before the session is open
        record_resolution(
            session, SECRETARY, convene_assembly(session, SECRETARY, convocation()).id, "x", 0
        )
    for member_id in members[:5]:
        record_attendance(session, SECRETARY, assembly_id, member_id, Attendance.PRESENT)
    record_attendance(
        session, SECRETARY, assembly_id, members[5], Attendance.PROXY, proxy_holder_id=members[0]
    )
    adopted = record_resolution(
        session, SECRETARY, assembly_id, "Approve the moral report", 3, 2, 1
    )
    rejected = record_resolution(session, SECRETARY, assembly_id, "Raise the dues", 2, 2, 2)
    forced = record_resolution(session, SECRETARY, assembly_id, "Statutes", 3, 2, 0, adopted=False)
    assert (adopted.adopted, rejected.adopted, forced.adopted) == (True, False, False)
    assert [r.position for r in get_assembly(session, VIEWER, assembly_id).resolutions] == [1, 2, 3]
    with pytest.raises(ValidationError) as error:
        record_resolution(session, SECRETARY, assembly_id, "Too many votes", 5, 1, 1)
    assert error.value.field == "votes_for"
    with pytest.raises(ValidationError) as error:
        record_resolution(session, SECRETARY, assembly_id, "  ", 1)
    assert error.value.field == "text"
    with pytest.raises(ValidationError) as error:
        record_resolution(session, SECRETARY, assembly_id, "Negative", 1, -1)
    assert error.value.field == "votes_against"
    remove_resolution(session, SECRETARY, forced.id)
    assert len(get_assembly(session, VIEWER, assembly_id).resolutions) == 2


def test_closing_records_the_quorum_and_freezes_the_record(
    session: Session, members: list[int]
) -> None:
    assembly_id = in_session(session)
    for member_id in members[:5]:
        record_attendance(session, SECRETARY, assembly_id, member_id, Attendance.PRESENT)
    closed = close_assembly(session, SECRETARY, assembly_id)
    assert closed.state is AssemblyState.CLOSED and closed.quorum_reached is True
    with pytest.raises(Conflict):
        record_attendance(session, SECRETARY, assembly_id, members[6], Attendance.PRESENT)
    with pytest.raises(Conflict):
        record_resolution(session, SECRETARY, assembly_id, "Late", 1)
    with pytest.raises(Conflict):
        close_assembly(session, SECRETARY, assembly_id)
    assert audit_actions(session, "general_assembly") == ["create", "hold", "close"]


def test_an_assembly_is_opened_on_its_day_not_before(session: Session) -> None:
    """Opened on 02/12 for a meeting dated 17/12, its papers predated the meeting and the
    board it elected was not yet in office."""
    assembly = convene_assembly(session, SECRETARY, convocation())
    with pytest.raises(ValidationError) as early:
        open_session(session, SECRETARY, assembly.id, today=HELD_ON - dt.timedelta(days=1))
    assert early.value.field == "held_on" and "14/06/2025" in early.value.message
    summary = open_session(session, SECRETARY, assembly.id, today=HELD_ON)
    assert summary.state is AssemblyState.IN_SESSION


def test_a_convened_assembly_can_be_cancelled_but_not_opened_after(session: Session) -> None:
    summary = convene_assembly(session, SECRETARY, convocation())
    assert cancel_assembly(session, SECRETARY, summary.id).state is AssemblyState.CANCELLED
    with pytest.raises(Conflict):
        open_session(session, SECRETARY, summary.id)


# --- electing the board ------------------------------------------------------------------


def officers(ids: list[int]) -> list[SeatChoice]:
    codes = ["president", "vice_president", "secretary_general", "treasurer", "adviser", "adviser"]
    return [SeatChoice(code, member_id) for code, member_id in zip(codes, ids, strict=False)]


def test_an_election_starts_a_term_ends_the_previous_one_and_owes_a_declaration(
    session: Session, members: list[int]
) -> None:
    first_id = in_session(session, held_on=dt.date(2022, 5, 7), convened_on=dt.date(2022, 4, 20))
    first = elect_board(session, SECRETARY, first_id, officers(members[:4]))
    assert first.declaration_due_on == dt.date(2022, 6, 6)  # the settings' 30 days
    second_id = in_session(session)
    result = elect_board(session, SECRETARY, second_id, officers(members[2:8]))

    assert result.term.starts_on == HELD_ON and result.term.elected_by_id == second_id
    assert result.declaration_due_on == HELD_ON + dt.timedelta(days=30)
    old = session.get(BoardTerm, first.term.id)
    assert old is not None and old.ends_on == HELD_ON - dt.timedelta(days=1)
    assert all(seat.ends_on == HELD_ON - dt.timedelta(days=1) for seat in old.seats)

    board = current_board(session, VIEWER, dt.date(2025, 7, 1))
    assert board is not None and board.id == result.term.id
    assert [s.role.code for s in board.seats] == [
        "president",
        "vice_president",
        "secretary_general",
        "treasurer",
        "adviser",
        "adviser",
    ]
    assert board.seats[0].member.id == members[2]
    on_eve = current_board(session, VIEWER, HELD_ON - dt.timedelta(days=1))
    assert on_eve is not None and on_eve.id == first.term.id
    assert [t.id for t in list_terms(session, VIEWER)] == [result.term.id, first.term.id]

    declaration = session.get(AuthorityDeclaration, result.declaration_id)
    assert declaration is not None
    assert declaration.kind is DeclarationKind.BOARD_CHANGE
    assert (declaration.assembly_id, declaration.board_term_id) == (second_id, result.term.id)
    assert get_assembly(session, VIEWER, second_id).elected_term_id == result.term.id
    assert audit_actions(session, "board_term") == ["create", "end", "create"]


def test_election_refusals(session: Session, members: list[int]) -> None:
    assembly_id = in_session(session)
    change_member_status(
        session, CLI_ACTOR, members[7], MemberStatus.SUSPENDED, dt.date(2025, 1, 1), "Dues"
    )
    cases = [
        ([], "seats"),
        ([SeatChoice("treasurer", members[0])], "president"),
        ([SeatChoice("president", members[0]), SeatChoice("king", members[1])], "role_code"),
        (
            [SeatChoice("president", members[0]), SeatChoice("president", members[1])],
            "president",
        ),
        (
            [SeatChoice("president", members[0]), SeatChoice("treasurer", members[0])],
            "treasurer",
        ),
        ([SeatChoice("president", members[7])], "president"),  # suspended
        ([SeatChoice("president", members[9])], "president"),  # joined after the assembly
    ]
    for seats, field in cases:
        with pytest.raises(ValidationError) as error:
            elect_board(session, SECRETARY, assembly_id, seats)
        assert error.value.field == field, seats
    with pytest.raises(PermissionDenied):
        elect_board(session, VIEWER, assembly_id, officers(members))
    elect_board(session, SECRETARY, assembly_id, officers(members))
    with pytest.raises(Conflict):
        elect_board(session, SECRETARY, assembly_id, officers(members))
    convened = convene_assembly(session, SECRETARY, convocation(held_on=dt.date(2025, 9, 1)))
    with pytest.raises(Conflict):  # the session is not open
        elect_board(session, SECRETARY, convened.id, officers(members))
    earlier = in_session(session, held_on=dt.date(2024, 1, 6), convened_on=dt.date(2023, 12, 1))
    with pytest.raises(Conflict):  # a later term exists
        elect_board(session, SECRETARY, earlier, officers(members))


# --- declarations ------------------------------------------------------------------------


def test_reminders_list_unfiled_declarations_until_they_are_filed(
    session: Session, members: list[int]
) -> None:
    assembly_id = in_session(session)
    result = elect_board(session, SECRETARY, assembly_id, officers(members))
    due = HELD_ON + dt.timedelta(days=30)
    soon = declaration_reminders(session, VIEWER, HELD_ON + dt.timedelta(days=10))
    assert [(r.declaration_id, r.due_on, r.overdue, r.days_left) for r in soon] == [
        (result.declaration_id, due, False, 20)
    ]
    assert declaration_reminders(session, VIEWER, due)[0].overdue is False
    late = declaration_reminders(session, VIEWER, due + dt.timedelta(days=3))
    assert late[0].overdue and late[0].days_left == -3

    row = session.get(AuthorityDeclaration, result.declaration_id)
    assert row is not None
    today = HELD_ON + dt.timedelta(days=12)
    refusals = [
        ({"filed_on": None, "authority": "Caïdat"}, "filed_on"),
        ({"filed_on": today + dt.timedelta(days=1), "authority": "Caïdat"}, "filed_on"),
        ({"filed_on": HELD_ON - dt.timedelta(days=1), "authority": "Caïdat"}, "filed_on"),
        ({"filed_on": today, "authority": " "}, "authority"),
        (
            {
                "filed_on": today,
                "authority": "Caïdat",
                "receipt_date": today - dt.timedelta(days=2),
            },
            "receipt_date",
        ),
    ]
    for values, field in refusals:
        with pytest.raises(ValidationError) as error:
            record_declaration_filed(
                session,
                SECRETARY,
                row.id,
                row.version,
                today=today,
                **values,  # type: ignore[arg-type]
            )
        assert error.value.field == field
    with pytest.raises(PermissionDenied):
        record_declaration_filed(
            session, VIEWER, row.id, None, filed_on=today, authority="Caïdat", today=today
        )
    with pytest.raises(StaleVersion):
        record_declaration_filed(
            session, SECRETARY, row.id, row.version + 5, filed_on=today, authority="Caïdat"
        )
    filed = record_declaration_filed(
        session,
        SECRETARY,
        row.id,
        row.version,
        filed_on=today,
        authority="Caïdat Tiznit",
        receipt_number="123/2025",
        receipt_date=today,
        today=today,
        notes=Bilingual("محضر الجمع العام", "PV de l'assemblée"),
    )
    assert filed.filed_on == today and filed.receipt_number == "123/2025"
    session.refresh(row)
    assert row.notes == Bilingual("محضر الجمع العام", "PV de l'assemblée")  # both kept
    assert declaration_reminders(session, VIEWER, due + dt.timedelta(days=3)) == []
    assert audit_actions(session, "authority_declaration") == ["create", "file"]
