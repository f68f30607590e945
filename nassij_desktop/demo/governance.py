"""The demo's governance: the constitutive assembly and the first board, the renewal of the
board, an extraordinary assembly, the recent ordinary assembly, and the declarations filed
with the local authority (one still to file).

Everything is drawn here, in one go; each assembly is then held through the services on its
day: before the books start, at once; within them, on the books' timeline, once the members
who left before it have left (the quorum and the election read the register as it stood)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.governance.models import (
    AssemblyKind,
    Attendance,
    DeclarationKind,
)
from nassij_desktop.core.governance.quorum import DEFAULT_QUORUM
from nassij_desktop.core.governance.roles import BOARD_ROLES, role_title
from nassij_desktop.core.governance.services import (
    AssemblyData,
    AttendanceLine,
    SeatChoice,
    change_board_seat,
    close_assembly,
    convene_assembly,
    elect_board,
    get_assembly,
    open_session,
    record_attendances,
    record_declaration_due,
    record_declaration_filed,
    record_minutes,
    record_resolution,
)
from nassij_desktop.core.members.models import Gender, MemberStatus
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
# Who came, in the order the sheet is taken: a proxy holder signs in before the proxies.
_SHEET_ORDER = {Attendance.PRESENT: 0, Attendance.PROXY: 1, Attendance.EXCUSED: 2}


@dataclass(frozen=True)
class Filing:
    """A declaration lodged with the local authority after an assembly."""

    filed_on: dt.date
    receipt_number: str | None
    receipt_date: dt.date | None
    notes: Bilingual | None = None


@dataclass
class AssemblyPlan:
    """An assembly as drawn: what the services will record, and what it decides."""

    kind: AssemblyKind
    held_on: dt.date
    agenda: tuple[content.AgendaSpec, ...]
    chair: DemoMember
    secretary: DemoMember
    quorum: Fraction
    year: int | None
    presence: dict[int, Attendance]
    holders: dict[int, int]  # represented member → proxy holder
    votes: list[tuple[int, int]] = field(default_factory=list)  # (against, abstain)
    decide: Callable[[int], int | None] | None = None  # → the declaration it owes
    filing: Filing | None = None
    # Who the texts speak of (`content.Said.who`): the role they hold, and the member.
    officers: dict[str, tuple[str, DemoMember]] = field(default_factory=dict)


def _the(title: str, female: bool, *, of: bool = False) -> str:
    """A French role title after its article, in a sentence: "le président", "de la
    trésorière adjointe", "l'adjoint"."""
    title = title[:1].lower() + title[1:]
    if title[:1] in "aeiouyéèêâîô":
        return ("de l'" if of else "l'") + title
    if female:
        return ("de la " if of else "la ") + title
    return ("du " if of else "le ") + title


def _both(
    demo: DemoContext, plan: AssemblyPlan, text: content.Text | content.Said, **values: object
) -> Bilingual:
    """A text of the assembly in Arabic and French, the same in both; a text about a board
    member in that member's gender, with the role titled as core/governance/roles.py does."""
    if not isinstance(text, content.Said):
        return demo.both(text, **values)
    code, person = plan.officers[text.who]
    role = next(r for r in BOARD_ROLES if r.code == code)
    female = person.gender is Gender.FEMALE
    title_ar = role_title(role.label_ar, person.gender)
    title_fr = role_title(role.label_fr, person.gender)
    the_role = _the(title_fr, female)
    return demo.both(
        text.feminine if female else text.masculine,
        role=(title_ar, title_fr[:1].lower() + title_fr[1:]),
        the_role=("", the_role[:1].upper() + the_role[1:]),
        of_the_role=("", _the(title_fr, female, of=True)),
        **values,
    )


def _saturday_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def _voters(demo: DemoContext, day: dt.date) -> list[DemoMember]:
    voting = {code for code, category in demo.categories.items() if category.votes}
    return [p for p in demo.people if p.category in voting and p.active_on(day)]


def _plan(
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
) -> AssemblyPlan:
    rng = demo.rng
    voters = _voters(demo, held_on)
    presence = _presence(demo, voters, board, (chair, secretary), attendees)
    present = [i for i, a in presence.items() if a is Attendance.PRESENT]
    free = set(present)  # present, holding no proxy yet (the statutes allow one)
    holders = {}
    for person_id, attendance in list(presence.items()):
        if attendance is Attendance.PROXY:
            others = [i for i in present if i != person_id]
            drawn = others.index(rng.choice(others))
            # One proxy per holder: the next one present who holds none takes it.
            holder = next((i for i in others[drawn:] + others[:drawn] if i in free), None)
            if holder is None:  # nobody left to hold it: excused instead
                presence[person_id] = Attendance.EXCUSED
                continue
            holders[person_id] = holder
            free.discard(holder)
    represented = sum(
        1 for a in presence.values() if a is not Attendance.ABSENT and a is not Attendance.EXCUSED
    )
    plan = AssemblyPlan(kind, held_on, agenda, chair, secretary, quorum, year, presence, holders)
    unanimous = attendees is not None
    for _title, _discussion, resolution in agenda:
        if resolution is not None:
            against = rng.randint(0, represented // 25) if not unanimous else 0
            abstain = rng.randint(0, max(represented // 12, 1)) if not unanimous else 0
            plan.votes.append((against, abstain))
    demo.assemblies += 1
    return plan


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


def _hold(demo: DemoContext, plan: AssemblyPlan) -> None:
    """The assembly through the services: convened, held, its attendance, minutes,
    resolutions and decision, closed; then its declaration filed."""
    session, actor, held_on = demo.session, demo.actor, plan.held_on
    extraordinary = plan.kind is AssemblyKind.EXTRAORDINARY
    summary = convene_assembly(
        session,
        actor,
        AssemblyData(
            kind=plan.kind,
            held_on=held_on,
            starts_at=dt.time(10, 0) if plan.kind is not AssemblyKind.ORDINARY else dt.time(15, 0),
            place=demo.both(content.ASSEMBLY_PLACE, **demo.seat_pairs),
            convened_on=held_on - dt.timedelta(days=21 if extraordinary else 15),
            quorum=plan.quorum,
            agenda=[_both(demo, plan, title, year=plan.year) for title, _d, _r in plan.agenda],
        ),
    )
    assembly_id = summary.id
    open_session(
        session,
        actor,
        assembly_id,
        chair_member_id=plan.chair.id,
        secretary_member_id=plan.secretary.id,
        today=plan.held_on,  # held on its day, as the demo's history goes
    )
    record_attendances(
        session,
        actor,
        assembly_id,
        [
            AttendanceLine(member_id, attendance, plan.holders.get(member_id))
            for member_id, attendance in sorted(
                plan.presence.items(), key=lambda item: _SHEET_ORDER.get(item[1], 3)
            )
        ],
    )
    detail = get_assembly(session, actor, assembly_id, attendance=False)
    record_minutes(
        session,
        actor,
        assembly_id,
        discussions={
            item.id: _both(demo, plan, discussion, year=plan.year)
            for item, (_title, discussion, _r) in zip(detail.agenda, plan.agenda, strict=True)
            if discussion
        },
        notes=None if detail.quorum.reached else demo.both(content.SECOND_CALL),
    )
    attending = detail.quorum.attending
    items = [
        (item.id, resolution)
        for item, (_title, _discussion, resolution) in zip(detail.agenda, plan.agenda, strict=True)
        if resolution is not None
    ]
    for (item_id, resolution), (against, abstain) in zip(items, plan.votes, strict=True):
        against = min(against, attending)
        abstain = min(abstain, attending - against)
        record_resolution(
            session,
            actor,
            assembly_id,
            _both(demo, plan, resolution, year=plan.year),
            attending - against - abstain,
            against,
            abstain,
            agenda_item_id=item_id,
        )
    declaration_id = plan.decide(assembly_id) if plan.decide else None
    close_assembly(session, actor, assembly_id)
    if declaration_id is not None and plan.filing is not None:
        filing = plan.filing
        record_declaration_filed(
            session,
            actor,
            declaration_id,
            None,
            filed_on=filing.filed_on,
            authority=demo.t(content.AUTHORITY, **demo.seat_names),
            receipt_number=filing.receipt_number,
            receipt_date=filing.receipt_date,
            notes=filing.notes,
        )


def _on_its_day(demo: DemoContext, plan: AssemblyPlan) -> None:
    if plan.held_on < demo.books_start:
        _hold(demo, plan)
        return

    def hold() -> None:
        demo.ledger.flush()  # the dues paid and the members who left before this day
        _hold(demo, plan)

    demo.event(plan.held_on, hold)


def _seat_holders(people: list[DemoMember], with_advisers: int) -> dict[str, list[DemoMember]]:
    holders = {role: [person] for role, person in zip(OFFICER_ROLES, people, strict=False)}
    holders["adviser"] = people[len(OFFICER_ROLES) : len(OFFICER_ROLES) + with_advisers]
    return holders


def _elect(demo: DemoContext, holders: dict[str, list[DemoMember]]) -> Callable[[int], int]:
    seats = [SeatChoice(code, p.id) for code, people in holders.items() for p in people]
    return lambda assembly_id: (
        elect_board(demo.session, demo.actor, assembly_id, seats).declaration_id
    )


def write_governance(demo: DemoContext) -> None:
    """Four assemblies (constitutive, the renewal of the board, an extraordinary one, the
    recent one), two board terms and the declarations to the local authority."""
    session, rng, today = demo.session, demo.rng, demo.today
    founders = demo.people[:FOUNDERS]
    renewal = _saturday_before(today - dt.timedelta(days=365 + rng.randrange(20)))
    extraordinary = _saturday_before(today - dt.timedelta(days=175 + rng.randrange(15)))
    recent = _saturday_before(today - dt.timedelta(days=18))

    first_board = rng.sample(founders, len(OFFICER_ROLES) + 2)
    first = _seat_holders(first_board, 2)
    constitutive = _plan(
        demo,
        AssemblyKind.CONSTITUTIVE,
        demo.founded,
        content.CONSTITUTIVE_AGENDA,
        first["president"][0],
        first["secretary_general"][0],
        first_board,
        attendees=founders,
    )
    constitutive.decide = _elect(demo, first)  # the first board, declared with the creation

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
    current = _seat_holders(new_board, 3)
    renewal_assembly = _plan(
        demo,
        AssemblyKind.ORDINARY,
        renewal,
        content.RENEWAL_AGENDA,
        first["president"][0],
        first["secretary_general"][0],
        first_board + new_board,
        year=renewal.year - 1,
    )
    renewal_assembly.decide = _elect(demo, current)  # ends the first term the day before
    # The outgoing president and treasurer present the reports.
    renewal_assembly.officers = {
        code: (code, first[code][0]) for code in ("president", "treasurer")
    }

    board_now = [*new_board, others[7]]
    extraordinary_assembly = _plan(
        demo,
        AssemblyKind.EXTRAORDINARY,
        extraordinary,
        content.EXTRAORDINARY_AGENDA,
        current["president"][0],
        current["secretary_general"][0],
        new_board,
        quorum=Fraction(2, 3),
    )
    extraordinary_assembly.decide = lambda assembly_id: (
        record_declaration_due(session, demo.actor, assembly_id, DeclarationKind.STATUTES_CHANGE).id
    )
    recent_assembly = _plan(
        demo,
        AssemblyKind.ORDINARY,
        recent,
        content.RECENT_AGENDA,
        current["president"][0],
        current["secretary_general"][0],
        board_now,
        year=today.year - 1,
    )
    recent_assembly.officers = {
        **{code: (code, current[code][0]) for code in ("secretary_general", "treasurer")},
        "resigned": ("deputy_treasurer", current["deputy_treasurer"][0]),
        "successor": ("deputy_treasurer", others[7]),
    }
    # The deputy treasurer resigned from the board; the recent assembly replaced them. Its
    # declaration is still to file.
    recent_assembly.decide = lambda assembly_id: (
        change_board_seat(
            session, demo.actor, assembly_id, SeatChoice("deputy_treasurer", others[7].id)
        ).declaration_id
    )
    demo.board = board_now

    notes = demo.both(content.DECLARATION_NOTES)
    constitutive.filing = Filing(
        demo.founded + dt.timedelta(days=4),
        demo.association.receipt_number,
        demo.association.receipt_date,
    )
    renewal_assembly.filing = Filing(
        renewal + dt.timedelta(days=11),
        f"{rng.randint(100, 900)}/{renewal.year}",
        renewal + dt.timedelta(days=47),
        notes,
    )
    extraordinary_assembly.filing = Filing(
        extraordinary + dt.timedelta(days=16),
        f"{rng.randint(100, 900)}/{extraordinary.year}",
        extraordinary + dt.timedelta(days=52),
    )
    for plan in (constitutive, renewal_assembly, extraordinary_assembly, recent_assembly):
        _on_its_day(demo, plan)
