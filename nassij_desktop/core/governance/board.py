"""The board: its roles, the terms elected by general assemblies and the seats of each term.

Dates are inclusive: a term or seat is held from `starts_on` to `ends_on` (its last day), or
for as long as `ends_on` is empty. An election at an assembly on day D starts the new term on D
and ends the previous term, and its open seats, on D - 1.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.assemblies import load_assembly, require_state
from nassij_desktop.core.governance.declarations import owe_declaration
from nassij_desktop.core.governance.models import (
    AssemblyKind,
    BoardRole,
    BoardSeat,
    BoardTerm,
    DeclarationKind,
    GeneralAssembly,
)
from nassij_desktop.core.governance.quorum import active_on
from nassij_desktop.core.governance.records import (
    AssemblyState,
    RoleRecord,
    SeatRecord,
    TermRecord,
    person_ref,
)
from nassij_desktop.core.members.models import Member
from nassij_desktop.i18n import _, current_language, ngettext

PRESIDENT = "president"


@dataclass(frozen=True)
class SeatChoice:
    """One seat of an election: a role (by code) and the member elected to it."""

    role_code: str
    member_id: int


@dataclass(frozen=True)
class ElectionResult:
    term: TermRecord
    declaration_id: int
    declaration_due_on: dt.date


def _role_record(role: BoardRole) -> RoleRecord:
    return RoleRecord(
        id=role.id,
        code=role.code,
        label_ar=role.label_ar,
        label_fr=role.label_fr,
        label_en=role.label_en,
        position=role.position,
        max_holders=role.max_holders,
    )


def list_roles(session: Session, actor: Actor) -> list[RoleRecord]:
    """The board's roles in their order (president first), active ones only."""
    actor.require(Permission.GOVERNANCE_READ)
    rows = session.scalars(
        sa.select(BoardRole)
        .where(BoardRole.active.is_(True))
        .order_by(BoardRole.position, BoardRole.id)
    )
    return [_role_record(r) for r in rows]


def _term_record(
    session: Session, term: BoardTerm, *, only_on: dt.date | None = None
) -> TermRecord:
    seats = [
        s
        for s in term.seats
        if only_on is None
        or (s.starts_on <= only_on and (s.ends_on is None or s.ends_on >= only_on))
    ]
    members = {
        m.id: m
        for m in session.scalars(
            sa.select(Member).where(Member.id.in_({s.member_id for s in seats}))
        )
    }
    records = [
        SeatRecord(
            id=s.id,
            role=_role_record(s.role),
            member=person_ref(members[s.member_id]),
            starts_on=s.starts_on,
            ends_on=s.ends_on,
        )
        for s in seats
    ]
    records.sort(key=lambda s: (s.role.position, s.starts_on, s.member.number))
    elected_on = (
        session.scalar(
            sa.select(GeneralAssembly.held_on).where(GeneralAssembly.id == term.elected_by_id)
        )
        if term.elected_by_id
        else None
    )
    return TermRecord(
        id=term.id,
        starts_on=term.starts_on,
        ends_on=term.ends_on,
        elected_by_id=term.elected_by_id,
        elected_on=elected_on,
        seats=tuple(records),
    )


def current_term(session: Session, day: dt.date) -> BoardTerm | None:
    """The term running on `day`: the latest started on or before it and not ended before
    it. The one definition, for the Board tab, elections and the documents."""
    return session.scalar(
        sa.select(BoardTerm)
        .where(BoardTerm.starts_on <= day)
        .where(sa.or_(BoardTerm.ends_on.is_(None), BoardTerm.ends_on >= day))
        .order_by(BoardTerm.starts_on.desc(), BoardTerm.id.desc())
        .limit(1)
    )


def current_board(session: Session, actor: Actor, today: dt.date) -> TermRecord | None:
    """The term running on `today` with the seats held that day, or None."""
    actor.require(Permission.GOVERNANCE_READ)
    term = current_term(session, today)
    return _term_record(session, term, only_on=today) if term else None


def list_terms(session: Session, actor: Actor) -> list[TermRecord]:
    """Every term, the latest first, with all its seats (past and present)."""
    actor.require(Permission.GOVERNANCE_READ)
    terms = session.scalars(
        sa.select(BoardTerm).order_by(BoardTerm.starts_on.desc(), BoardTerm.id.desc())
    )
    return [_term_record(session, t) for t in terms]


def elect_board(
    session: Session,
    actor: Actor,
    assembly_id: int,
    seats: Sequence[SeatChoice],
) -> ElectionResult:
    """Record the board elected by an assembly in session: a new term from the assembly's date,
    the previous one ended the day before, and the declaration owed to the local authority
    within the settings' delay (one month, Dahir 1-58-376 art. 5)."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = load_assembly(session, assembly_id)
    require_state(assembly, AssemblyState.IN_SESSION)
    day = assembly.held_on
    if session.scalar(sa.select(BoardTerm.id).where(BoardTerm.elected_by_id == assembly.id)):
        raise Conflict(_("This assembly has already elected a board."))
    if not seats:
        raise ValidationError("seats", _("Elect at least the president."))
    roles = {
        r.code: r for r in session.scalars(sa.select(BoardRole).where(BoardRole.active.is_(True)))
    }
    for row, seat in enumerate(seats, start=1):
        if seat.role_code not in roles:
            raise ValidationError("role_code", _("Unknown board role."), row=row)
    if PRESIDENT in roles and not any(s.role_code == PRESIDENT for s in seats):
        raise ValidationError(PRESIDENT, _("Elect at least the president."))
    for code, count in Counter(s.role_code for s in seats).items():
        limit = roles[code].max_holders
        if limit is not None and count > limit:
            raise ValidationError(
                code,
                ngettext(
                    "The role “{role}” has at most {count} holder.",
                    "The role “{role}” has at most {count} holders.",
                    limit,
                ).format(role=_role_label(roles[code]), count=limit),
            )
    seen: dict[int, str] = {}
    for seat in seats:
        if seat.member_id in seen:
            raise ValidationError(
                seat.role_code, _("A member can hold only one seat on the board.")
            )
        seen[seat.member_id] = seat.role_code
    eligible = active_on(session, seen, day)
    for member_id, code in seen.items():
        if session.get(Member, member_id) is None or member_id not in eligible:
            raise ValidationError(
                code, _("Only members active on the day of the assembly can be elected.")
            )

    previous = current_term(session, day)
    if previous is None:
        # A term started later than this assembly would make the record inconsistent.
        later = session.scalar(sa.select(BoardTerm.id).where(BoardTerm.starts_on >= day).limit(1))
        if later:
            raise Conflict(_("A board term already starts on or after this assembly's date."))
    elif previous.starts_on >= day:
        raise Conflict(_("A board term already starts on or after this assembly's date."))
    if previous is not None:
        before = audit.snapshot(previous)
        last_day = day - dt.timedelta(days=1)
        previous.ends_on = last_day
        for held in previous.seats:
            if held.ends_on is None or held.ends_on > last_day:
                held.ends_on = max(last_day, held.starts_on)
        audit.log_write(
            session,
            actor,
            "end",
            previous,
            before=before,
            snapshot=audit.snapshot,
        )
    term = BoardTerm(starts_on=day, ends_on=None, elected_by_id=assembly.id)
    for seat in seats:
        term.seats.append(
            BoardSeat(role_id=roles[seat.role_code].id, member_id=seat.member_id, starts_on=day)
        )
    session.add(term)
    session.flush()
    after = audit.snapshot(term)
    after["seats"] = [{"role": s.role_code, "member_id": s.member_id} for s in seats]
    audit.record(session, actor, "create", "board_term", term.id, after=after)

    # The first board is declared with the association's creation.
    kind = (
        DeclarationKind.CREATION
        if assembly.kind is AssemblyKind.CONSTITUTIVE
        else DeclarationKind.BOARD_CHANGE
    )
    declaration = owe_declaration(session, actor, kind, assembly, term.id)
    assert declaration.due_on is not None  # owed declarations have their deadline
    return ElectionResult(
        term=_term_record(session, term),
        declaration_id=declaration.id,
        declaration_due_on=declaration.due_on,
    )


def change_board_seat(
    session: Session,
    actor: Actor,
    assembly_id: int,
    seat: SeatChoice,
    *,
    replaces: int | None = None,
) -> ElectionResult:
    """An assembly in session gives one seat of the running board to a member: the seat of
    the member it `replaces` (by default the role's only holder, if it has one) ends the day
    before the assembly, the new one starts on its day. Like an election, the change is owed
    to the local authority."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = load_assembly(session, assembly_id)
    require_state(assembly, AssemblyState.IN_SESSION)
    day = assembly.held_on
    term = current_term(session, day)
    if term is None or term.starts_on >= day:
        raise Conflict(_("No board was running before this assembly: elect one."))
    role = session.scalar(
        sa.select(BoardRole).where(BoardRole.code == seat.role_code, BoardRole.active.is_(True))
    )
    if role is None:
        raise ValidationError("role_code", _("Unknown board role."))
    held = [s for s in term.seats if s.ends_on is None or s.ends_on >= day]
    if any(s.member_id == seat.member_id for s in held):
        raise ValidationError(role.code, _("A member can hold only one seat on the board."))
    if seat.member_id not in active_on(session, [seat.member_id], day):
        raise ValidationError(
            role.code, _("Only members active on the day of the assembly can be elected.")
        )
    holders = [s for s in held if s.role_id == role.id]
    if replaces is None and len(holders) == 1:
        replaces = holders[0].member_id
    leaving = next((s for s in holders if s.member_id == replaces), None)
    if replaces is not None and leaving is None:
        raise ValidationError(
            role.code, _("The member replaced does not hold this seat on the day.")
        )
    staying = len(holders) - (leaving is not None)
    if role.max_holders is not None and staying >= role.max_holders:
        raise ValidationError(
            role.code,
            _("The role “{role}” has at most {count} holders.").format(
                role=_role_label(role), count=role.max_holders
            ),
        )
    before = _seats_audit(term)
    if leaving is not None:
        leaving.ends_on = max(day - dt.timedelta(days=1), leaving.starts_on)
    term.seats.append(BoardSeat(role_id=role.id, member_id=seat.member_id, starts_on=day))
    session.flush()
    audit.record(
        session, actor, "seat", "board_term", term.id, before=before, after=_seats_audit(term)
    )
    declaration = owe_declaration(session, actor, DeclarationKind.BOARD_CHANGE, assembly, term.id)
    assert declaration.due_on is not None  # owed declarations have their deadline
    return ElectionResult(
        term=_term_record(session, term),
        declaration_id=declaration.id,
        declaration_due_on=declaration.due_on,
    )


def _seats_audit(term: BoardTerm) -> dict[str, object]:
    return {
        "seats": [
            [s.role_id, s.member_id, s.starts_on.isoformat(), s.ends_on and s.ends_on.isoformat()]
            for s in sorted(term.seats, key=lambda s: (s.starts_on, s.role_id, s.member_id))
        ]
    }


def _role_label(role: BoardRole) -> str:
    return _role_record(role).label(current_language())
