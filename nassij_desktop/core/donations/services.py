"""Recording donations, their receipts and their entries; cancelling them.

Recording a donation is the treasurer's act (`Permission.BOOKS_WRITE`), unlike dues, which a
secretary collects at the counter (`DUES_WRITE`): a donation receipt is what a donor shows the
tax office when the association is of public utility, a gift in kind is valued and charged to
an account of the treasurer's choosing, and a large or foreign gift has declarations attached
(laws 18-18 and the SGG's). Reading donations needs `BOOKS_READ`.

Posting:
- money: debit the cash box (`posting.cash`, 5161) for cash, the bank (`posting.bank`, 5141) for
  any other method; credit manual donations (`posting.donations_income`, 71871 under 7187);
  journal CA or BQ, as dues do; the donor is the entry's third party;
- in kind: debit the account the caller names — a fixed asset (class 2) for equipment, stocks
  (class 3) for goods kept, a purchase or expense (class 6) for what is used at once — and
  credit the same account, in the general journal (OD). The value is the one the donation
  is recorded at.
No setting gives a default in-kind account: what a gift in kind is differs every time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.models import Association
from nassij_desktop.core.books.models import Account, JournalEntry, TreasuryKind
from nassij_desktop.core.books.receipts import (
    DONATION_RECEIPTS,
    EntryParties,
    check_receipt_amount,
    entry_payment_method,
    post_receipt,
    receipt_treasury,
)
from nassij_desktop.core.books.services import LineSpec, post_entry
from nassij_desktop.core.common import audit, clock
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import Conflict, NotFound, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.common.validators import (
    TextKind,
    clean_text,
    column_length,
    normalise_cin,
)
from nassij_desktop.core.donations.models import Donation, DonorKind
from nassij_desktop.core.members.models import Member, PaymentMethod
from nassij_desktop.i18n import _

RECEIPT_SERIES = DONATION_RECEIPTS.counter
IN_KIND_CLASSES = frozenset({2, 3, 6})
ICE_DIGITS = 15


@dataclass
class DonationData:
    """What the treasurer types for a donation."""

    donor_name: str
    amount: Decimal
    received_on: dt.date | None = None  # default: today
    donor_kind: DonorKind = DonorKind.PERSON
    donor_identity: str | None = None  # CIN of a person, ICE of a company
    donor_address: str | None = None
    member_id: int | None = None
    method: PaymentMethod | None = PaymentMethod.CASH  # None for a gift in kind
    payment_reference: str | None = None  # cheque number, transfer reference
    in_kind: bool = False
    in_kind_description: str | None = None
    in_kind_account: str | None = None  # the account debited for a gift in kind
    purpose: str | None = None


@dataclass(frozen=True)
class DonationRecord:
    id: int
    version: int
    receipt_number: str
    received_on: dt.date
    donor_kind: DonorKind
    donor_name: str
    donor_identity: str | None
    donor_address: str | None
    member_id: int | None
    amount: Decimal
    method: PaymentMethod | None
    payment_reference: str | None
    in_kind: bool
    in_kind_description: str | None
    purpose: str | None
    journal_entry_id: int | None
    cancelled: bool
    cancelled_on: dt.date | None
    cancel_reason: str | None


def _text(value: str | None, field: str, kind: TextKind = TextKind.NAME) -> str | None:
    """Text typed by the treasurer, cleaned (see clean_text) to the length of its column."""
    length = column_length(getattr(Donation, field))
    return clean_text(value, field=field, kind=kind, max_length=length)


def _identity(kind: DonorKind, value: str | None) -> str | None:
    value = _text(value, "donor_identity")
    if value is None:
        return None
    if kind is DonorKind.PERSON:
        return normalise_cin(value, field="donor_identity")
    if kind is DonorKind.COMPANY:
        digits = re.sub(r"[\s.\-]", "", value)
        if not digits.isdigit() or len(digits) != ICE_DIGITS:
            raise ValidationError(
                "donor_identity",
                _("A company's ICE has {count} digits.").format(count=ICE_DIGITS),
            )
        return digits
    if len(value) > 30:
        raise ValidationError("donor_identity", _("The identity number is too long."))
    return value


def _in_kind_account(session: Session, number: str | None) -> str:
    account = session.scalar(sa.select(Account).where(Account.number == (number or "").strip()))
    if account is None or account.account_class not in IN_KIND_CLASSES:
        raise ValidationError(
            "in_kind_account",
            _(
                "Give the account a gift in kind is recorded in: equipment (class 2), "
                "stocks (class 3) or goods and services used (class 6)."
            ),
        )
    return account.number


def _fiscal_start_month(session: Session) -> int:
    return session.scalar(sa.select(Association.fiscal_year_start_month)) or 1


def record_donation(session: Session, actor: Actor, data: DonationData) -> DonationRecord:
    """Record a donation, give it the next receipt number of its year and post it."""
    actor.require(Permission.BOOKS_WRITE)
    received_on = data.received_on or clock.today()
    donor_name = _text(data.donor_name, "donor_name")
    if not donor_name:
        raise ValidationError("donor_name", _("Give the donor's name."))
    try:
        kind = DonorKind(data.donor_kind)
    except ValueError:
        raise ValidationError("donor_kind", _("Choose the kind of donor.")) from None
    amount = check_receipt_amount(data.amount)
    if received_on > clock.today():
        raise ValidationError("received_on", _("The date received cannot be in the future."))
    member_number = None
    if data.member_id is not None:
        member_number = get_or_fail(session, Member, data.member_id, _("member")).number
    identity = _identity(kind, data.donor_identity)
    description = _text(data.in_kind_description, "in_kind_description", TextKind.LINE)
    method: PaymentMethod | None = None
    into: TreasuryKind | None = None
    debit_account: str | None = None
    if data.in_kind:
        if not description:
            raise ValidationError(
                "in_kind_description", _("Describe the gift in kind (what, how many).")
            )
        debit_account = _in_kind_account(session, data.in_kind_account)
    else:
        if data.method is None:
            raise ValidationError("method", _("Choose the payment method."))
        method = PaymentMethod(data.method)
        into = receipt_treasury(method is PaymentMethod.CASH)
    reference = None if data.in_kind else _text(data.payment_reference, "payment_reference")
    receipt = post_receipt(
        session,
        actor,
        DONATION_RECEIPTS,
        amount=amount,
        received_on=received_on,
        label=lambda number: _("Donation {receipt} — {donor}").format(
            receipt=number, donor=donor_name
        ),
        into=into,
        debit_account=debit_account,
        # The donor is the entry's third party (a member's number as its code).
        parties=EntryParties(donor_name, member_number, entry_payment_method(method), reference),
    )
    donation = Donation(
        receipt_number=receipt.receipt_number,
        received_on=received_on,
        donor_kind=kind,
        donor_name=donor_name,
        donor_identity=identity,
        donor_address=_text(data.donor_address, "donor_address", TextKind.LINE),
        member_id=data.member_id,
        amount=amount,
        method=method,
        payment_reference=reference,
        in_kind=data.in_kind,
        in_kind_description=description if data.in_kind else None,
        purpose=_text(data.purpose, "purpose", TextKind.LINE),
        journal_entry_id=receipt.journal_entry_id,
        cancelled=False,
    )
    session.add(donation)
    audit.log_write(session, actor, "create", donation, snapshot=audit.snapshot)
    return donation_record(donation)


def cancel_donation(
    session: Session,
    actor: Actor,
    donation_id: int,
    reason: str,
    cancelled_on: dt.date | None = None,
) -> DonationRecord:
    """Cancel a receipt: it stays, marked cancelled with its reason, and a reversing entry
    takes its amount out of the books on `cancelled_on` (default: today)."""
    actor.require(Permission.BOOKS_WRITE)
    # Locked (PostgreSQL): of two computers cancelling it at once, the second waits, then
    # finds it cancelled and is told, instead of a second reversing entry.
    donation = locked(session, Donation, donation_id, _("donation"))
    reason_text = _text(reason, "cancel_reason", TextKind.LINE)
    if not reason_text:
        raise ValidationError("cancel_reason", _("Give the reason for cancelling the receipt."))
    if donation.cancelled:
        raise Conflict(
            _("The receipt {receipt} is already cancelled.").format(receipt=donation.receipt_number)
        )
    day = cancelled_on or clock.today()
    if day < donation.received_on:
        raise ValidationError(
            "cancelled_on", _("A receipt cannot be cancelled before the day it was made.")
        )
    if day > clock.today():
        raise ValidationError("cancelled_on", _("The cancellation date cannot be in the future."))
    before = audit.snapshot(donation)
    original = (
        session.get(JournalEntry, donation.journal_entry_id) if donation.journal_entry_id else None
    )
    if original is not None:
        label = _("Cancellation of the donation receipt {receipt}").format(
            receipt=donation.receipt_number
        )
        reversal = post_entry(
            session,
            actor,
            journal=original.journal.code,
            entry_date=day,
            label=label,
            reference=donation.receipt_number,
            lines=[
                LineSpec(account=line.account.number, debit=line.credit, credit=line.debit)
                for line in original.lines
            ],
            fiscal_year_start_month=_fiscal_start_month(session),
            permission=Permission.BOOKS_WRITE,
            parties=EntryParties(
                original.third_party,
                original.third_party_code,
                original.payment_method,
                original.payment_reference,
            ),
        )
        reversal.reverses_id = original.id
        donation.cancel_entry_id = reversal.id
    donation.cancelled = True
    donation.cancelled_on = day
    donation.cancel_reason = reason_text
    audit.log_write(
        session,
        actor,
        "cancel",
        donation,
        before=before,
        snapshot=audit.snapshot,
    )
    return donation_record(donation)


def get_donation(session: Session, actor: Actor, donation_id: int) -> DonationRecord:
    actor.require(Permission.BOOKS_READ)
    return donation_record(get_or_fail(session, Donation, donation_id, _("donation")))


def list_donations(
    session: Session, actor: Actor, year: int | None = None, *, include_cancelled: bool = True
) -> list[DonationRecord]:
    """Donations in receipt order, of one calendar year or of all."""
    actor.require(Permission.BOOKS_READ)
    query = sa.select(Donation).order_by(Donation.received_on, Donation.receipt_number)
    if year is not None:
        query = query.where(
            Donation.received_on >= dt.date(year, 1, 1),
            Donation.received_on <= dt.date(year, 12, 31),
        )
    if not include_cancelled:
        query = query.where(Donation.cancelled.is_(False))
    return [donation_record(d) for d in session.scalars(query)]


def latest_donation_id(session: Session) -> int | None:
    """The last donation received (for a receipt asked for without a number)."""
    return session.scalar(
        sa.select(Donation.id).order_by(Donation.received_on.desc(), Donation.id.desc()).limit(1)
    )


def donation_record(donation: Donation) -> DonationRecord:
    return DonationRecord(
        id=donation.id,
        version=donation.version,
        receipt_number=donation.receipt_number,
        received_on=donation.received_on,
        donor_kind=donation.donor_kind,
        donor_name=donation.donor_name,
        donor_identity=donation.donor_identity,
        donor_address=donation.donor_address,
        member_id=donation.member_id,
        amount=donation.amount,
        method=donation.method,
        payment_reference=donation.payment_reference,
        in_kind=donation.in_kind,
        in_kind_description=donation.in_kind_description,
        purpose=donation.purpose,
        journal_entry_id=donation.journal_entry_id,
        cancelled=donation.cancelled,
        cancelled_on=donation.cancelled_on,
        cancel_reason=donation.cancel_reason,
    )


def donation_by_receipt(session: Session, actor: Actor, receipt: str) -> DonationRecord:
    """The donation with this receipt number (as typed: surrounding spaces ignored), or
    NotFound."""
    actor.require(Permission.BOOKS_READ)
    receipt = receipt.strip()
    donation = session.scalar(sa.select(Donation).where(Donation.receipt_number == receipt))
    if donation is None:
        raise NotFound(_("No donation has the receipt {receipt}.").format(receipt=receipt))
    return donation_record(donation)
