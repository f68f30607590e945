"""An entry's life: written by the books' forms (a voucher reference required), kept as a
draft (edited, deleted) until it is validated (numbered, sealed, never changed again), then
corrected only by a reversal (contre-passation) linked to it both ways.

CNC avis n° 24 (2023): numbers given automatically, per journal and fiscal year, without gaps;
a validated entry is never edited or deleted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import flag_modified

from nassij_desktop.core.books.association_terms import fiscal_year_start_month
from nassij_desktop.core.books.chain import SEAL_VERSION, entry_code
from nassij_desktop.core.books.models import (
    EntryState,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalLine,
)
from nassij_desktop.core.books.services import (
    NO_PARTIES,
    EntryParties,
    LineSpec,
    check_entry,
    check_parties,
    check_year_writable,
    fiscal_year_for,
    number_and_seal,
    post_entry,
)
from nassij_desktop.core.common import audit, conflicts
from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import Conflict, NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import clean_text, column_length
from nassij_desktop.i18n import _


@dataclass(frozen=True)
class EntryLineRecord:
    account: str
    debit: Decimal
    credit: Decimal
    label: str | None
    analytic_tag_id: int | None
    funder_id: int | None
    aid_kind: str | None
    agreement_number: str | None
    agreement_date: dt.date | None


@dataclass(frozen=True)
class EntryRecord:
    id: int
    journal: str
    fiscal_year: str
    number: int | None  # None for a draft
    state: EntryState
    entry_date: dt.date
    label: str
    reference: str | None
    lines: tuple[EntryLineRecord, ...]
    reverses_id: int | None
    reversed_by_id: int | None
    validated_at: dt.datetime | None
    content_hash: str | None
    parties: EntryParties = NO_PARTIES
    version: int = 0  # what a draft's editor opened (core/common/conflicts.py)

    @property
    def code(self) -> str | None:
        """JOURNAL-YEAR-NUMBER (BQ-2026-12), how people and the CLI name a validated entry."""
        if self.number is None:
            return None
        return entry_code(self.journal, self.fiscal_year, self.number)

    @property
    def total(self) -> Decimal:
        return sum((line.debit for line in self.lines), Decimal("0.00"))


@dataclass(frozen=True)
class EntryForm:
    """What the books' forms and the CLI give for one entry."""

    journal: str
    entry_date: dt.date
    label: str
    reference: str | None  # the voucher (pièce): required here
    lines: Sequence[LineSpec]
    parties: EntryParties = NO_PARTIES  # third party, payment method and reference


def entry_record(
    session: Session,
    entry: JournalEntry,
    *,
    year_labels: dict[int, str] | None = None,
    reversals: dict[int, int] | None = None,
) -> EntryRecord:
    """The entry as services give it; `year_labels` and `reversals` (reversed id → reversal
    id), when a list of entries is read, save two queries per entry."""
    if year_labels is not None:
        year_label = year_labels.get(entry.fiscal_year_id)
    else:
        year_label = session.scalar(
            sa.select(FiscalYear.label).where(FiscalYear.id == entry.fiscal_year_id)
        )
    if reversals is not None:
        reversed_by = reversals.get(entry.id)
    else:
        reversed_by = session.scalar(
            sa.select(JournalEntry.id).where(JournalEntry.reverses_id == entry.id).limit(1)
        )
    return EntryRecord(
        id=entry.id,
        journal=entry.journal.code,
        fiscal_year=year_label or "",
        number=entry.number,
        state=entry.state,
        entry_date=entry.entry_date,
        label=entry.label,
        reference=entry.reference,
        lines=tuple(
            EntryLineRecord(
                account=line.account.number,
                debit=line.debit,
                credit=line.credit,
                label=line.label,
                analytic_tag_id=line.analytic_tag_id,
                funder_id=line.funder_id,
                aid_kind=line.aid_kind,
                agreement_number=line.agreement_number,
                agreement_date=line.agreement_date,
            )
            for line in entry.lines
        ),
        reverses_id=entry.reverses_id,
        reversed_by_id=reversed_by,
        validated_at=entry.validated_at,
        content_hash=entry.content_hash,
        parties=parties_of(entry),
        version=entry.version,
    )


def parties_of(entry: JournalEntry) -> EntryParties:
    return EntryParties(
        entry.third_party, entry.third_party_code, entry.payment_method, entry.payment_reference
    )


def _clean_form(form: EntryForm) -> tuple[str, str]:
    label = clean_text(form.label, field="label", max_length=column_length(JournalEntry.label))
    if not label:
        raise ValidationError("label", _("Give the label of the entry."))
    reference = clean_text(
        form.reference, field="reference", max_length=column_length(JournalEntry.reference)
    )
    if not reference:
        raise ValidationError(
            "reference", _("Give the voucher reference (invoice, receipt, cheque number…).")
        )
    return label, reference


def start_month(session: Session) -> int:
    return fiscal_year_start_month(session)


def record_entry(
    session: Session, actor: Actor, form: EntryForm, *, draft: bool = False
) -> EntryRecord:
    """An entry typed in by the treasurer or the accountant: validated at once, or a draft."""
    actor.require(Permission.BOOKS_WRITE)
    label, reference = _clean_form(form)
    entry = post_entry(
        session,
        actor,
        journal=form.journal,
        entry_date=form.entry_date,
        label=label,
        reference=reference,
        lines=form.lines,
        fiscal_year_start_month=start_month(session),
        draft=draft,
        parties=form.parties,
    )
    return entry_record(session, entry)


def _entry(session: Session, entry_id: int) -> JournalEntry:
    entry = session.get(JournalEntry, entry_id)
    if entry is None:
        raise NotFound(_("There is no entry {id}.").format(id=entry_id))
    return entry


def _draft(session: Session, entry_id: int) -> JournalEntry:
    entry = _entry(session, entry_id)
    if entry.state is not EntryState.DRAFT:
        raise Conflict(
            _(
                "The entry {entry} is validated: it can no longer be changed or deleted. "
                "Correct it with a reversal, then a new entry."
            ).format(entry=_code(session, entry))
        )
    return entry


def _code(session: Session, entry: JournalEntry) -> str:
    label = session.scalar(sa.select(FiscalYear.label).where(FiscalYear.id == entry.fiscal_year_id))
    return entry_code(entry.journal.code, label, entry.number)


def get_entry(session: Session, actor: Actor, entry_id: int) -> EntryRecord:
    actor.require(Permission.BOOKS_READ)
    return entry_record(session, _entry(session, entry_id))


_CODE = re.compile(r"(?P<journal>[^-\s]+)-(?P<year>\S+)-(?P<number>\d+)")


def find_entry(session: Session, actor: Actor, code: str) -> EntryRecord:
    """An entry named as people name it: JOURNAL-YEAR-NUMBER (BQ-2026-12), or by its id (a
    draft has no number)."""
    actor.require(Permission.BOOKS_READ)
    text = code.strip().upper()
    if text.isdigit():
        return entry_record(session, _entry(session, int(text)))
    match = _CODE.fullmatch(text)
    entry = None
    if match is not None:
        entry = session.scalar(
            sa.select(JournalEntry)
            .join(Journal, Journal.id == JournalEntry.journal_id)
            .join(FiscalYear, FiscalYear.id == JournalEntry.fiscal_year_id)
            .where(
                Journal.code == match["journal"],
                FiscalYear.label == match["year"],
                JournalEntry.number == int(match["number"]),
            )
        )
    if entry is None:
        raise NotFound(
            _("There is no entry {entry}. Name it like BQ-2026-12, or give a draft's id.").format(
                entry=code
            )
        )
    return entry_record(session, entry)


def _lines_of(entry: JournalEntry) -> list[LineSpec]:
    return [
        LineSpec(
            account=line.account.number,
            debit=line.debit,
            credit=line.credit,
            label=line.label,
            analytic_tag_id=line.analytic_tag_id,
            funder_id=line.funder_id,
            aid_kind=line.aid_kind,
            agreement_number=line.agreement_number,
            agreement_date=line.agreement_date,
        )
        for line in entry.lines
    ]


def validate_entry(session: Session, actor: Actor, entry_id: int) -> EntryRecord:
    """Number a draft (the next of its journal in its fiscal year) and seal it: from now on
    it is never changed."""
    actor.require(Permission.BOOKS_WRITE)
    entry = _draft(session, entry_id)
    year = session.get(FiscalYear, entry.fiscal_year_id)
    assert year is not None  # a foreign key
    check_year_writable(year)
    lines = _lines_of(entry)
    check_entry(session, lines)  # an account may have been deactivated since
    validation = number_and_seal(
        session,
        fiscal_year=year,
        journal=entry.journal,
        entry_date=entry.entry_date,
        label=entry.label,
        reference=entry.reference,
        lines=lines,
        parties=parties_of(entry),
    )
    entry.state = EntryState.VALIDATED
    entry.seal_version = SEAL_VERSION
    entry.number = validation.number
    entry.chain_index = validation.chain_index
    entry.previous_hash = validation.previous_hash
    entry.content_hash = validation.content_hash
    entry.validated_at = utcnow()
    entry.validated_by_id = actor.user_id
    audit.log_write(
        session,
        actor,
        "validate",
        entry,
        after={"number": validation.number, "content_hash": validation.content_hash},
    )
    return entry_record(session, entry)


def _check_draft_year(session: Session, entry: JournalEntry) -> None:
    """Nothing is changed or deleted in a closed period, a draft left there included (closing
    refuses a year with drafts, but a year may have been closed before that rule)."""
    year = session.get(FiscalYear, entry.fiscal_year_id)
    assert year is not None  # a foreign key
    check_year_writable(year)


def update_draft(
    session: Session,
    actor: Actor,
    entry_id: int,
    form: EntryForm,
    *,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> EntryRecord:
    """Change a draft: its journal, date, label, voucher and lines (a validated entry: never).
    Refused over a newer save (`ConflictError`) unless `overwrite` (core/common/conflicts.py)."""
    actor.require(Permission.BOOKS_WRITE)
    _entry(session, entry_id)  # a missing one told as ever, then locked and read again
    locked(session, JournalEntry, entry_id, _("entry"))
    entry = _draft(session, entry_id)
    overwriting = conflicts.check_version(entry, expected_version, overwrite=overwrite)
    _check_draft_year(session, entry)
    label, reference = _clean_form(form)
    parties = check_parties(form.parties)
    year = fiscal_year_for(session, form.entry_date, start_month(session))
    check_year_writable(year)
    journal = session.scalar(sa.select(Journal).where(Journal.code == form.journal))
    if journal is None:
        raise ValidationError("journal", _("Unknown journal {code}.").format(code=form.journal))
    accounts = check_entry(session, form.lines)
    before = {
        "journal": entry.journal.code,
        "date": entry.entry_date.isoformat(),
        "label": entry.label,
        "reference": entry.reference,
        **parties_of(entry).audited(),
        "lines": [[ln.account.number, str(ln.debit), str(ln.credit)] for ln in entry.lines],
    }
    entry.fiscal_year_id = year.id
    entry.journal = journal
    entry.entry_date = form.entry_date
    entry.label = label
    entry.reference = reference
    entry.third_party = parties.third_party
    entry.third_party_code = parties.third_party_code
    entry.payment_method = parties.payment_method
    entry.payment_reference = parties.payment_reference
    entry.lines = [
        JournalLine(
            position=index,
            account_id=accounts[line.account],
            label=line.label,
            debit=line.debit,
            credit=line.credit,
            analytic_tag_id=line.analytic_tag_id,
            funder_id=line.funder_id,
            aid_kind=line.aid_kind,
            agreement_number=line.agreement_number,
            agreement_date=line.agreement_date,
        )
        for index, line in enumerate(form.lines, start=1)
    ]
    after = {
        "journal": journal.code,
        "date": form.entry_date.isoformat(),
        "label": label,
        "reference": reference,
        **parties.audited(),
        "lines": [[ln.account, str(ln.debit), str(ln.credit)] for ln in form.lines],
    }
    flag_modified(entry, "label")  # the lines are rows of their own: the draft's version too
    action = conflicts.OVERWRITE_ACTION if overwriting else "update"
    audit.log_write(session, actor, action, entry, before=before, after=after)
    session.refresh(entry)
    return entry_record(session, entry)


def delete_draft(session: Session, actor: Actor, entry_id: int) -> None:
    """Delete a draft (it has no number, so no gap is left)."""
    actor.require(Permission.BOOKS_WRITE)
    entry = _draft(session, entry_id)
    _check_draft_year(session, entry)
    before = {
        "journal": entry.journal.code,
        "date": entry.entry_date.isoformat(),
        "label": entry.label,
        "reference": entry.reference,
        "lines": [[ln.account.number, str(ln.debit), str(ln.credit)] for ln in entry.lines],
    }
    entry_id = entry.id
    session.delete(entry)
    session.flush()
    audit.record(session, actor, "delete", "journal_entry", entry_id, before=before)


def reverse_entry(
    session: Session,
    actor: Actor,
    entry_id: int,
    day: dt.date,
    label: str | None = None,
) -> EntryRecord:
    """The contre-passation of a validated entry: the same lines, debit and credit swapped,
    validated at once, in the same journal, on `day` (in an open year), linked both ways."""
    actor.require(Permission.BOOKS_WRITE)
    original = _entry(session, entry_id)
    code = _code(session, original)
    if original.state is not EntryState.VALIDATED:
        raise Conflict(_("A draft is not reversed: change it or delete it."))
    if session.scalar(sa.select(JournalEntry.id).where(JournalEntry.reverses_id == original.id)):
        raise Conflict(_("The entry {entry} is already reversed.").format(entry=code))
    if day < original.entry_date:
        raise ValidationError("date", _("A reversal cannot be dated before the entry it reverses."))
    text = clean_text(label, field="label", max_length=column_length(JournalEntry.label))
    text = text or _("Reversal of entry {entry}").format(entry=code)
    lines = [
        LineSpec(
            account=line.account,
            debit=line.credit,
            credit=line.debit,
            label=line.label,
            analytic_tag_id=line.analytic_tag_id,
            funder_id=line.funder_id,
            aid_kind=line.aid_kind,
            agreement_number=line.agreement_number,
            agreement_date=line.agreement_date,
        )
        for line in _lines_of(original)
    ]
    reversal = post_entry(
        session,
        actor,
        journal=original.journal.code,
        entry_date=day,
        label=text[: column_length(JournalEntry.label)],
        reference=original.reference or code,
        lines=lines,
        fiscal_year_start_month=start_month(session),
        reverses_id=original.id,
        parties=parties_of(original),  # the same third party and payment, undone
    )
    return entry_record(session, reversal)


def list_entries(
    session: Session,
    actor: Actor,
    *,
    year: str | None = None,
    journal: str | None = None,
    state: EntryState | None = None,
) -> list[EntryRecord]:
    """The entries of a fiscal year (by its label) and journal, in journal and number order,
    the drafts last."""
    actor.require(Permission.BOOKS_READ)
    query = (
        sa.select(JournalEntry)
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .join(FiscalYear, FiscalYear.id == JournalEntry.fiscal_year_id)
    )
    if year is not None:
        query = query.where(FiscalYear.label == year)
    if journal is not None:
        query = query.where(Journal.code == journal)
    if state is not None:
        query = query.where(JournalEntry.state == state)
    query = query.order_by(
        FiscalYear.starts_on,
        Journal.code,
        JournalEntry.number.is_(None),
        JournalEntry.number,
        JournalEntry.id,
    )
    year_labels = dict(session.execute(sa.select(FiscalYear.id, FiscalYear.label)).all())
    reversals = {
        reversed_id: reversal_id
        for reversal_id, reversed_id in session.execute(
            sa.select(JournalEntry.id, JournalEntry.reverses_id).where(
                JournalEntry.reverses_id.is_not(None)
            )
        )
        if reversed_id is not None
    }
    entries = session.scalars(query.options(selectinload(JournalEntry.lines))).unique()
    return [entry_record(session, e, year_labels=year_labels, reversals=reversals) for e in entries]
