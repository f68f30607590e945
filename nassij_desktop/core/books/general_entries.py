"""The accountant's general entry: any number of lines, as the multi-line form types them.

The form gives text (an account as typed, amounts as people write them, "12 000,00"); here it
becomes an `EntryForm`, each refusal naming its line ("Line 3: …", `row=3`), then it is
recorded as a draft or validated, new or replacing a draft's content (`entries.py`). The
project, funder and agreement given once are carried by every line, as the quick forms do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from nassij_desktop.core.books.entries import (
    EntryForm,
    EntryRecord,
    record_entry,
    update_draft,
    validate_entry,
)
from nassij_desktop.core.books.models import JournalLine
from nassij_desktop.core.books.quick_entries import require_public_tags
from nassij_desktop.core.books.services import NO_PARTIES, EntryParties, LineSpec
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import clean_text, column_length, parse_money
from nassij_desktop.i18n import _


@dataclass(frozen=True)
class TypedLine:
    """One line as typed: the account's number, the debit or the credit, its own label."""

    account: str
    debit: str = ""
    credit: str = ""
    label: str = ""

    @property
    def blank(self) -> bool:
        return not any(v.strip() for v in (self.account, self.debit, self.credit, self.label))


@dataclass(frozen=True)
class GeneralEntry:
    journal: str
    entry_date: dt.date | None
    label: str
    voucher: str
    lines: Sequence[TypedLine]
    analytic_tag_id: int | None = None
    funder_id: int | None = None
    aid_kind: str | None = None
    agreement_number: str | None = None
    agreement_date: dt.date | None = None
    parties: EntryParties = NO_PARTIES  # third party, payment method and reference


def _amount(text: str, number: int, field: str) -> Decimal:
    if not text.strip():
        return ZERO
    try:
        return parse_money(text, field=field)
    except ValidationError as error:
        raise ValidationError(
            "lines", _("Line {n}: {problem}").format(n=number, problem=error.message), row=number
        ) from error


def _line(
    typed: TypedLine, number: int, entry: GeneralEntry, agreement: str | None, aid: str | None
) -> LineSpec:
    account = typed.account.strip()
    if not account:
        raise ValidationError(
            "lines", _("Line {n}: choose the account.").format(n=number), row=number
        )
    label = clean_text(typed.label, field="lines", max_length=column_length(JournalLine.label))
    return LineSpec(
        account=account,
        debit=_amount(typed.debit, number, "debit"),
        credit=_amount(typed.credit, number, "credit"),
        label=label or None,
        analytic_tag_id=entry.analytic_tag_id,
        funder_id=entry.funder_id,
        aid_kind=aid,
        agreement_number=agreement,
        agreement_date=entry.agreement_date,
    )


def entry_form(entry: GeneralEntry) -> EntryForm:
    """The typed entry as the services take it; lines left wholly blank are dropped (the form
    removes them first, so that line numbers match what is on screen)."""
    if entry.entry_date is None:
        raise ValidationError("date", _("Enter a date."))
    journal = entry.journal.strip()
    if not journal:
        raise ValidationError("journal", _("Choose the journal."))
    agreement = clean_text(
        entry.agreement_number,
        field="agreement_number",
        max_length=column_length(JournalLine.agreement_number),
    )
    aid = clean_text(
        entry.aid_kind, field="aid_kind", max_length=column_length(JournalLine.aid_kind)
    )
    if entry.agreement_date is not None and not agreement:
        raise ValidationError("agreement_number", _("Give the agreement number."))
    if entry.funder_id is not None:
        # Money of a funder is tagged whole on every line, as the subsidy form asks.
        require_public_tags(entry.funder_id, aid, agreement, entry.agreement_date)
    lines = [
        _line(typed, number, entry, agreement or None, aid or None)
        for number, typed in enumerate(entry.lines, start=1)
        if not typed.blank
    ]
    return EntryForm(
        journal, entry.entry_date, entry.label, entry.voucher, lines, parties=entry.parties
    )


def save_general_entry(
    session: Session,
    actor: Actor,
    entry: GeneralEntry,
    *,
    draft_id: int | None = None,
    draft_version: int | None = None,
    overwrite: bool = False,
    validate: bool = False,
) -> EntryRecord:
    """A new entry, or the draft `draft_id` replaced; kept as a draft, or `validate`d (then
    numbered, the next of its journal in its year, and sealed). `draft_version`: the version
    the editor opened, refused when someone saved since unless `overwrite`."""
    actor.require(Permission.BOOKS_WRITE)
    form = entry_form(entry)
    if draft_id is None:
        return record_entry(session, actor, form, draft=not validate)
    record = update_draft(
        session, actor, draft_id, form, expected_version=draft_version, overwrite=overwrite
    )
    return validate_entry(session, actor, record.id) if validate else record


__all__ = ["GeneralEntry", "TypedLine", "entry_form", "save_general_entry"]
