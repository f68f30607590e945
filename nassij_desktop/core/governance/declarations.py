"""Declarations lodged with the local authority (caïdat, pachalik) and the reminders they call
for: a board change must be declared within a month of the assembly (Dahir 1-58-376, art. 5)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.common import audit, clock, conflicts
from nassij_desktop.core.common.bilingual import Bilingual, clean_bilingual
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.due import DueArea, DueItem
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.common.validators import clean_text
from nassij_desktop.core.governance.models import (
    AssemblyStatus,
    AuthorityDeclaration,
    DeclarationKind,
    GeneralAssembly,
)
from nassij_desktop.core.governance.records import (
    DECLARATION_KIND_LABELS,
    DeclarationRecord,
    Reminder,
)
from nassij_desktop.i18n import N_, _

MAX_AUTHORITY = 200
MAX_RECEIPT = 60


def declaration_record(row: AuthorityDeclaration) -> DeclarationRecord:
    return DeclarationRecord(
        id=row.id,
        version=row.version,
        kind=row.kind,
        due_on=row.due_on,
        filed_on=row.filed_on,
        authority=row.authority,
        receipt_number=row.receipt_number,
        receipt_date=row.receipt_date,
        assembly_id=row.assembly_id,
        board_term_id=row.board_term_id,
    )


def declaration_deadline(
    session: Session, term_id: int, assembly_id: int | None, decided_on: dt.date
) -> dt.date:
    """The day by which the board change of term `term_id` decided on `decided_on` (by
    assembly `assembly_id`, when recorded) must be declared: the deadline of the declaration
    already recorded for it, otherwise the settings' delay from the decision. For documents:
    the caller checks the actor."""
    due_on = session.scalar(
        sa.select(AuthorityDeclaration.due_on)
        .where(AuthorityDeclaration.board_term_id == term_id)
        .where(AuthorityDeclaration.assembly_id == assembly_id)
        .where(AuthorityDeclaration.due_on.is_not(None))
        .limit(1)
    )
    days = int(settings.get_setting(session, "governance.declaration_days"))
    return due_on or decided_on + dt.timedelta(days=days)


def latest_authority_name(session: Session) -> str | None:
    """The authority the latest filed declaration was lodged with ("Pachalik d'Erfoud"), for
    the letters of a file whose profile does not name its authority. For documents: the
    caller checks the actor."""
    return session.scalar(
        sa.select(AuthorityDeclaration.authority)
        .where(AuthorityDeclaration.filed_on.is_not(None))
        .where(AuthorityDeclaration.authority.is_not(None))
        .order_by(AuthorityDeclaration.filed_on.desc(), AuthorityDeclaration.id.desc())
        .limit(1)
    )


def owe_declaration(
    session: Session,
    actor: Actor,
    kind: DeclarationKind,
    assembly: GeneralAssembly,
    board_term_id: int | None = None,
) -> AuthorityDeclaration:
    """The declaration an assembly's decision owes the local authority, due within the
    settings' delay (one month, Dahir 1-58-376 art. 5), audited; for the services that make
    such a decision (an election, a change of seat, of the statutes)."""
    delay = int(settings.get_setting(session, "governance.declaration_days"))
    declaration = AuthorityDeclaration(
        kind=kind,
        due_on=assembly.held_on + dt.timedelta(days=delay),
        assembly_id=assembly.id,
        board_term_id=board_term_id,
    )
    session.add(declaration)
    audit.log_write(
        session,
        actor,
        "create",
        declaration,
        snapshot=audit.snapshot,
    )
    return declaration


# Owed by the board services themselves (`elect_board`, `change_board_seat`).
_BOARD_KINDS = frozenset({DeclarationKind.CREATION, DeclarationKind.BOARD_CHANGE})


def record_declaration_due(
    session: Session, actor: Actor, assembly_id: int, kind: DeclarationKind
) -> DeclarationRecord:
    """A declaration owed after an assembly held: a change of the statutes, a branch, another
    decision the local authority must know of."""
    actor.require(Permission.GOVERNANCE_WRITE)
    assembly = get_or_fail(session, GeneralAssembly, assembly_id, _("general assembly"))
    try:
        kind = DeclarationKind(kind)
    except ValueError:
        raise ValidationError("kind", _("Choose the kind of declaration.")) from None
    if kind in _BOARD_KINDS:
        raise ValidationError(
            "kind", _("A change of the board is declared with the election that made it.")
        )
    if assembly.status is not AssemblyStatus.HELD:
        raise Conflict(_("Only an assembly that was held owes a declaration."))
    return declaration_record(owe_declaration(session, actor, kind, assembly))


def record_declaration_filed(
    session: Session,
    actor: Actor,
    declaration_id: int,
    expected_version: int | None,
    *,
    filed_on: dt.date | None,
    authority: str | None,
    receipt_number: str | None = None,
    receipt_date: dt.date | None = None,
    today: dt.date | None = None,
    notes: Bilingual | str | None = None,
    overwrite: bool = False,
) -> DeclarationRecord:
    """The file was lodged on `filed_on` with `authority`; the receipt (provisional at once,
    definitive within 60 days) may follow later. `notes` (what the file held…, in Arabic
    and/or French), when given, replace the declaration's notes. Refused over a newer save
    (`ConflictError`) unless `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.GOVERNANCE_WRITE)
    row = locked(session, AuthorityDeclaration, declaration_id, _("declaration"))
    overwriting = conflicts.check_version(row, expected_version, overwrite=overwrite)
    today = today or clock.today()
    if filed_on is None:
        raise ValidationError("filed_on", _("Enter the date the file was lodged."))
    if filed_on > today:
        raise ValidationError("filed_on", _("The filing date cannot be in the future."))
    if row.assembly_id is not None:
        held_on = session.scalar(
            sa.select(GeneralAssembly.held_on).where(GeneralAssembly.id == row.assembly_id)
        )
        if held_on is not None and filed_on < held_on:
            raise ValidationError(
                "filed_on", _("The file cannot be lodged before the assembly it declares.")
            )
    authority = clean_text(authority, field="authority") or ""
    if not authority:
        raise ValidationError(
            "authority", _("Name the authority the file was lodged with (caïdat, pachalik…).")
        )
    if len(authority) > MAX_AUTHORITY:
        raise ValidationError("authority", _("The name of the authority is too long."))
    receipt_number = clean_text(receipt_number, field="receipt_number")
    if receipt_number and len(receipt_number) > MAX_RECEIPT:
        raise ValidationError("receipt_number", _("The receipt number is too long."))
    if receipt_date is not None and receipt_date < filed_on:
        raise ValidationError("receipt_date", _("The receipt cannot be dated before the filing."))
    if receipt_date is not None and receipt_date > today:
        raise ValidationError("receipt_date", _("The receipt date cannot be in the future."))
    if row.filed_on is not None and row.filed_on != filed_on and row.receipt_number:
        raise Conflict(_("This declaration already has a receipt; its filing date is kept."))
    remarks = clean_bilingual(notes, field="notes") if notes is not None else None
    before = audit.snapshot(row)
    row.filed_on = filed_on
    row.authority = authority
    row.receipt_number = receipt_number
    row.receipt_date = receipt_date
    if remarks is not None:
        row.notes = remarks
    audit.log_write(
        session,
        actor,
        conflicts.OVERWRITE_ACTION if overwriting else "file",
        row,
        before=before,
        snapshot=audit.snapshot,
    )
    return declaration_record(row)


def list_declarations(session: Session, actor: Actor) -> list[DeclarationRecord]:
    """Every declaration, the latest due first."""
    actor.require(Permission.GOVERNANCE_READ)
    rows = session.scalars(
        sa.select(AuthorityDeclaration).order_by(
            sa.func.coalesce(AuthorityDeclaration.due_on, AuthorityDeclaration.filed_on).desc(),
            AuthorityDeclaration.id.desc(),
        )
    )
    return [declaration_record(r) for r in rows]


def declaration_reminders(session: Session, actor: Actor, today: dt.date) -> list[Reminder]:
    """Declarations not filed yet that have a deadline, the most urgent first; `overdue` once
    the deadline has passed (the deadline day itself is still in time)."""
    actor.require(Permission.GOVERNANCE_READ)
    rows = session.scalars(
        sa.select(AuthorityDeclaration)
        .where(AuthorityDeclaration.filed_on.is_(None))
        .where(AuthorityDeclaration.due_on.is_not(None))
        .order_by(AuthorityDeclaration.due_on, AuthorityDeclaration.id)
    )
    return [
        Reminder(
            declaration_id=row.id,
            kind=row.kind,
            due_on=due_on,
            overdue=due_on < today,
            days_left=(due_on - today).days,
            assembly_id=row.assembly_id,
            board_term_id=row.board_term_id,
        )
        for row in rows
        if (due_on := row.due_on) is not None  # always, by the query: narrows the type
    ]


def declarations_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """The declarations to the local authority still to file, as lines of what is due."""
    return [
        DueItem(
            kind="declaration",
            area=DueArea.GOVERNANCE,
            due_on=reminder.due_on,
            overdue=reminder.overdue,
            target_id=reminder.declaration_id,
            wording=N_("{subject}: declaration to file before {date}"),
            overdue_wording=N_("{subject}: the declaration was due on {date} — overdue"),
            subject=Bilingual(fr=DECLARATION_KIND_LABELS[reminder.kind]),
            subject_is_message=True,
        )
        for reminder in declaration_reminders(session, actor, today)
    ]
