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

from nassij_desktop.core.association import settings
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.assemblies import load_assembly, require_state
from nassij_desktop.core.governance.models import (
    AuthorityDeclaration,
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
        session.flush()
        audit.record(
            session,
            actor,
            "end",
            "board_term",
            previous.id,
            before=before,
            after=audit.snapshot(previous),
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

    delay = int(settings.get_setting(session, "governance.declaration_days"))
    due_on = day + dt.timedelta(days=delay)
    declaration = AuthorityDeclaration(
        kind=DeclarationKind.BOARD_CHANGE,
        due_on=due_on,
        assembly_id=assembly.id,
        board_term_id=term.id,
    )
    session.add(declaration)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "authority_declaration",
        declaration.id,
        after=audit.snapshot(declaration),
    )
    return ElectionResult(
        term=_term_record(session, term),
        declaration_id=declaration.id,
        declaration_due_on=due_on,
    )


def _role_label(role: BoardRole) -> str:
    return _role_record(role).label(current_language())
