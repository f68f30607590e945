"""The demo's governance: the constitutive assembly and the first board, the renewal of the
board, an extraordinary assembly, the recent ordinary assembly, and the declarations filed
with the local authority (one still to file)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import sqlalchemy as sa

from nassij_desktop.core.association import settings
from nassij_desktop.core.governance.models import (
    AgendaItem,
    AssemblyAttendance,
    AssemblyKind,
    AssemblyStatus,
    Attendance,
    AuthorityDeclaration,
    BoardRole,
    BoardSeat,
    BoardTerm,
    DeclarationKind,
    GeneralAssembly,
    Resolution,
)
from nassij_desktop.core.governance.quorum import DEFAULT_QUORUM, quorum_needed
from nassij_desktop.core.members.models import MemberStatus
from nassij_desktop.demo import content
from nassij_desktop.demo.context import DemoContext
from nassij_desktop.demo.members import FOUNDERS
from nassij_desktop.demo.people import DemoMember

ATTENDANCE_SAMPLE = 200
OFFICER_ROLES = (
    "president",
    "vice_president",
    "secretary_general",
    "deputy_secretary",
    "treasurer",
    "deputy_treasurer",
)


def _saturday_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def _voters(demo: DemoContext, day: dt.date) -> list[DemoMember]:
    voting = {code for code, category in demo.categories.items() if category.votes}
    return [p for p in demo.people if p.category in voting and p.active_on(day)]


def _assembly(
    demo: DemoContext,
    kind: AssemblyKind,
    held_on: dt.date,
    agenda: tuple[content.AgendaSpec, ...],
    chair: DemoMember,
    secretary: DemoMember,
    board: list[DemoMember],
    *,
    quorum: Fraction = DEFAULT_QUORUM,
    attendees: list[DemoMember] | None = None,
    year: int | None = None,
) -> GeneralAssembly:
    rng = demo.rng
    voters = _voters(demo, held_on)
    presence = _presence(demo, voters, board, (chair, secretary), attendees)
    present = [i for i, a in presence.items() if a is Attendance.PRESENT]
    represented = sum(
        1 for a in presence.values() if a is not Attendance.ABSENT and a is not Attendance.EXCUSED
    )
    reached = represented >= quorum_needed(max(len(voters), 1), quorum)
    assembly = GeneralAssembly(
        kind=kind,
        status=AssemblyStatus.HELD,
        convened_on=held_on - dt.timedelta(days=21 if kind is AssemblyKind.EXTRAORDINARY else 15),
        held_on=held_on,
        starts_at=dt.time(10, 0) if kind is not AssemblyKind.ORDINARY else dt.time(15, 0),
        place=demo.t(content.ASSEMBLY_PLACE, **demo.seat_names),
        quorum=quorum,
        quorum_reached=reached,
        chair_member_id=chair.id,
        secretary_member_id=secretary.id,
        notes=None if reached else demo.t(content.SECOND_CALL),
    )
    for person_id, attendance in presence.items():
        holder = None
        if attendance is Attendance.PROXY:
            holder = rng.choice([i for i in present if i != person_id])
        assembly.attendance.append(
            AssemblyAttendance(member_id=person_id, attendance=attendance, proxy_holder_id=holder)
        )
    for position, (title, discussion, _resolution) in enumerate(agenda, start=1):
        assembly.agenda.append(
            AgendaItem(
                position=position,
                title=demo.t(title, year=year),
                discussion=demo.t(discussion, year=year) if discussion else None,
            )
        )
    demo.session.add(assembly)
    demo.session.flush()
    _resolutions(demo, assembly, agenda, represented, unanimous=attendees is not None, year=year)
    demo.assemblies += 1
    return assembly


def _presence(
    demo: DemoContext,
    voters: list[DemoMember],
    board: list[DemoMember],
    officers: tuple[DemoMember, DemoMember],
    attendees: list[DemoMember] | None,
) -> dict[int, Attendance]:
    """Who came: a sample of the voters (the board and the officers always), or everyone of
    `attendees` in person."""
    rng = demo.rng
    if attendees is None:
        sample = rng.sample(voters, min(len(voters), ATTENDANCE_SAMPLE))
        chosen = {p.id for p in sample}
        sample += [p for p in board if p.id not in chosen]
    else:
        sample = attendees
    must_attend = {p.id for p in board} | {p.id for p in officers}
    presence: dict[int, Attendance] = {}
    for person in sample:
        roll = 0.0 if attendees is not None or person.id in must_attend else rng.random()
        presence[person.id] = (
            Attendance.PRESENT
            if roll < 0.55
            else Attendance.PROXY
            if roll < 0.65
            else Attendance.EXCUSED
            if roll < 0.75
            else Attendance.ABSENT
        )
    return presence


def _resolutions(
    demo: DemoContext,
    assembly: GeneralAssembly,
    agenda: tuple[content.AgendaSpec, ...],
    represented: int,
    *,
    unanimous: bool,
    year: int | None,
) -> None:
    rng = demo.rng
    position = 0
    for item, (_title, _discussion, resolution) in zip(assembly.agenda, agenda, strict=True):
        if resolution is None:
            continue
        position += 1
        against = rng.randint(0, represented // 25) if not unanimous else 0
        abstain = rng.randint(0, max(represented // 12, 1)) if not unanimous else 0
        votes_for = max(represented - against - abstain, 0)
        assembly.resolutions.append(
            Resolution(
                agenda_item_id=item.id,
                position=position,
                text=demo.t(resolution, year=year),
                votes_for=votes_for,
                votes_against=against,
                votes_abstain=abstain,
                adopted=votes_for > against,
            )
        )


def _seat_holders(
    demo: DemoContext, people: list[DemoMember], with_advisers: int
) -> dict[str, list[DemoMember]]:
    holders = {role: [person] for role, person in zip(OFFICER_ROLES, people, strict=False)}
    holders["adviser"] = people[len(OFFICER_ROLES) : len(OFFICER_ROLES) + with_advisers]
    return holders


def _term(
    demo: DemoContext,
    starts_on: dt.date,
    ends_on: dt.date | None,
    elected_by: GeneralAssembly,
    holders: dict[str, list[DemoMember]],
) -> BoardTerm:
    term = BoardTerm(starts_on=starts_on, ends_on=ends_on, elected_by_id=elected_by.id)
    for code, people in holders.items():
        for person in people:
            term.seats.append(
                BoardSeat(
                    role_id=demo.roles[code].id,
                    member_id=person.id,
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
            )
    demo.session.add(term)
    demo.session.flush()
    return term


def write_governance(demo: DemoContext) -> None:
    """Four assemblies (constitutive, the renewal of the board, an extraordinary one, the
    recent one), two board terms and the declarations to the local authority."""
    session, rng, today = demo.session, demo.rng, demo.today
    demo.roles = {r.code: r for r in session.scalars(sa.select(BoardRole))}
    founders = demo.people[:FOUNDERS]
    renewal = _saturday_before(today - dt.timedelta(days=365 + rng.randrange(20)))
    extraordinary = _saturday_before(today - dt.timedelta(days=175 + rng.randrange(15)))
    recent = _saturday_before(today - dt.timedelta(days=18))

    first_board = rng.sample(founders, len(OFFICER_ROLES) + 2)
    first = _seat_holders(demo, first_board, 2)
    constitutive = _assembly(
        demo,
        AssemblyKind.CONSTITUTIVE,
        demo.founded,
        content.CONSTITUTIVE_AGENDA,
        first["president"][0],
        first["secretary_general"][0],
        first_board,
        attendees=founders,
    )
    # A term's and a seat's `ends_on` is the last day held (core.governance.board).
    first_term = _term(demo, demo.founded, renewal - dt.timedelta(days=1), constitutive, first)

    # The new board keeps the vice-president (now president) and the treasurer.
    kept = [first["vice_president"][0], first["treasurer"][0]]
    kept_ids = {p.id for p in kept}
    candidates = [
        p
        for p in _voters(demo, renewal)
        if p.status is MemberStatus.ACTIVE
        and p.id not in kept_ids
        and p.category != "honorary"
        and (renewal - p.join_date).days > 365
        and p.age_on(renewal) >= 21
    ]
    others = rng.sample(candidates, len(OFFICER_ROLES) - 2 + 3 + 1)
    new_board = [kept[0], others[0], others[1], others[2], kept[1], others[3], *others[4:7]]
    current = _seat_holders(demo, new_board, 3)
    renewal_assembly = _assembly(
        demo,
        AssemblyKind.ORDINARY,
        renewal,
        content.RENEWAL_AGENDA,
        first["president"][0],
        first["secretary_general"][0],
        first_board + new_board,
        year=renewal.year - 1,
    )
    current_term = _term(demo, renewal, None, renewal_assembly, current)

    board_now = [*new_board, others[7]]
    extraordinary_assembly = _assembly(
        demo,
        AssemblyKind.EXTRAORDINARY,
        extraordinary,
        content.EXTRAORDINARY_AGENDA,
        current["president"][0],
        current["secretary_general"][0],
        new_board,
        quorum=Fraction(2, 3),
    )
    recent_assembly = _assembly(
        demo,
        AssemblyKind.ORDINARY,
        recent,
        content.RECENT_AGENDA,
        current["president"][0],
        current["secretary_general"][0],
        board_now,
        year=today.year - 1,
    )
    # The deputy treasurer resigned from the board; the recent assembly replaced them.
    leaving = next(s for s in current_term.seats if s.role_id == demo.roles["deputy_treasurer"].id)
    leaving.ends_on = recent - dt.timedelta(days=1)
    current_term.seats.append(
        BoardSeat(
            role_id=demo.roles["deputy_treasurer"].id,
            member_id=others[7].id,
            starts_on=recent,
            ends_on=None,
        )
    )
    demo.board = board_now
    _declarations(
        demo,
        (constitutive, renewal_assembly, extraordinary_assembly, recent_assembly),
        (first_term, current_term),
    )


def _declarations(
    demo: DemoContext,
    assemblies: tuple[GeneralAssembly, GeneralAssembly, GeneralAssembly, GeneralAssembly],
    terms: tuple[BoardTerm, BoardTerm],
) -> None:
    session, rng = demo.session, demo.rng
    constitutive, renewal_assembly, extraordinary_assembly, recent_assembly = assemblies
    first_term, current_term = terms
    renewal, extraordinary, recent = (
        renewal_assembly.held_on,
        extraordinary_assembly.held_on,
        recent_assembly.held_on,
    )
    assert renewal and extraordinary and recent
    delay = dt.timedelta(days=int(settings.get_setting(session, "governance.declaration_days")))
    authority = demo.t(content.AUTHORITY, **demo.seat_names)
    notes = demo.t(content.DECLARATION_NOTES)
    declarations = [
        AuthorityDeclaration(
            kind=DeclarationKind.CREATION,
            filed_on=demo.founded + dt.timedelta(days=4),
            authority=authority,
            receipt_number=demo.association.receipt_number,
            receipt_date=demo.association.receipt_date,
            assembly_id=constitutive.id,
            board_term_id=first_term.id,
        ),
        AuthorityDeclaration(
            kind=DeclarationKind.BOARD_CHANGE,
            due_on=renewal + delay,
            filed_on=renewal + dt.timedelta(days=11),
            authority=authority,
            receipt_number=f"{rng.randint(100, 900)}/{renewal.year}",
            receipt_date=renewal + dt.timedelta(days=47),
            assembly_id=renewal_assembly.id,
            board_term_id=current_term.id,
            notes=notes,
        ),
        AuthorityDeclaration(
            kind=DeclarationKind.STATUTES_CHANGE,
            due_on=extraordinary + delay,
            filed_on=extraordinary + dt.timedelta(days=16),
            authority=authority,
            receipt_number=f"{rng.randint(100, 900)}/{extraordinary.year}",
            receipt_date=extraordinary + dt.timedelta(days=52),
            assembly_id=extraordinary_assembly.id,
        ),
        # Filed within the month after the recent assembly: still to do.
        AuthorityDeclaration(
            kind=DeclarationKind.BOARD_CHANGE,
            due_on=recent + delay,
            authority=authority,
            assembly_id=recent_assembly.id,
            board_term_id=current_term.id,
            notes=notes,
        ),
    ]
    session.add_all(declarations)
    session.flush()
