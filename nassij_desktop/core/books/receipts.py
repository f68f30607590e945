"""Money received: the one place a receipt is numbered and posted to the books.

Dues (a secretary at the counter) and donations (the treasurer) both give the payer a numbered
receipt and write the same kind of entry: debit the cash box or the bank (or, for a gift in
kind, the account the caller names), credit the income account of the series. `post_receipt`
does it once for both, inside the caller's transaction:

1. the series' permission (`DUES_WRITE` for dues, `BOOKS_WRITE` for donations);
2. the amount: a positive number of whole centimes (`check_receipt_amount`);
3. the accounts: the treasury account from the settings (`posting.cash`, `posting.bank`) and
   the series' income account (`posting.dues_income`, `posting.donations_income`);
4. the next receipt number of the series for the calendar year ("2026-00012"), drawn in a
   savepoint with the entry: if the entry is refused, the number is given back, so a caller
   that catches the error and goes on leaves no gap either;
5. the balanced entry through `post_entry` (journal CA, BQ, or OD for a gift in kind), which
   records it in the audit log with its receipt number as reference.

`post_receipts` does the same for many receipts of a series at once (dues recorded by the
thousand): every amount checked first, the numbers drawn as a range per year in the batch's
order, the entries written by `post_entries`, all in one savepoint.

Depends on: books, and association for the numbering counters, the posting settings and the
fiscal year's first month (association's reference data seeds books' chart and journals; books
never touches association's tables otherwise).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.association.numbering import next_number, next_numbers
from nassij_desktop.core.books.association_terms import fiscal_year_start_month
from nassij_desktop.core.books.models import JournalEntry, PaymentMethod, TreasuryKind
from nassij_desktop.core.books.services import (
    NO_PARTIES,
    TREASURY_JOURNALS,
    EntryData,
    EntryParties,
    LineSpec,
    check_receipt_amount,
    post_entries,
    post_entry,
)
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import row_error
from nassij_desktop.core.common.validators import column_length


@dataclass(frozen=True)
class ReceiptSeries:
    """A numbered series of receipts: its counter, the account it credits, who may post it."""

    counter: str
    income_setting: str
    permission: Permission


DUES_RECEIPTS = ReceiptSeries("dues_receipt", "posting.dues_income", Permission.DUES_WRITE)
DONATION_RECEIPTS = ReceiptSeries(
    "donation_receipt", "posting.donations_income", Permission.BOOKS_WRITE
)

_TREASURY_SETTINGS = {TreasuryKind.CASH: "posting.cash", TreasuryKind.BANK: "posting.bank"}
IN_KIND_JOURNAL = "OD"


@dataclass(frozen=True)
class PostedReceipt:
    """A receipt as the books hold it: its number and the entry that records it."""

    receipt_number: str
    received_on: dt.date
    amount: Decimal
    journal: str
    journal_entry_id: int
    entry_number: int
    debit_account: str
    credit_account: str


def entry_payment_method(method: str | None) -> PaymentMethod | None:
    """A payer's method (the members' and donations' own list) as the books name it: a
    mobile payment is one of the books' "other" methods."""
    if method is None:
        return None
    try:
        return PaymentMethod(str(method))
    except ValueError:
        return PaymentMethod.OTHER


def receipt_treasury(cash: bool) -> TreasuryKind:
    """Where money received goes: the cash box for cash, the bank for any other method."""
    return TreasuryKind.CASH if cash else TreasuryKind.BANK


@dataclass(frozen=True)
class AidTags:
    """What each line of public or foreign aid names (Head of Government's circular, 2022):
    the donor, the project (analytic tag), the kind of aid, the agreement's number and date."""

    funder_id: int | None = None
    analytic_tag_id: int | None = None
    aid_kind: str | None = None
    agreement_number: str | None = None
    agreement_date: dt.date | None = None


@dataclass(frozen=True)
class MoneyReceived:
    """The entry that records money received."""

    journal: str
    journal_entry_id: int
    entry_number: int
    amount: Decimal
    debit_account: str
    credit_account: str


def post_receipt(
    session: Session,
    actor: Actor,
    series: ReceiptSeries,
    *,
    amount: Decimal | int | str,
    received_on: dt.date,
    label: Callable[[str], str],
    into: TreasuryKind | None = None,
    debit_account: str | None = None,
    parties: EntryParties = NO_PARTIES,
) -> PostedReceipt:
    """Number a receipt of `series` and post its balanced entry, in the caller's transaction.

    Money goes `into` the cash box or the bank; a gift in kind names the `debit_account`
    instead (checked by the caller: what a gift in kind is depends on the gift). `label`
    makes the entry's label from the receipt number. `parties`: the payer (member, donor)
    and how they paid, kept on the entry.
    """
    actor.require(series.permission)
    value = check_receipt_amount(amount)
    credit = str(settings.get_setting(session, series.income_setting))
    year = received_on.year
    with session.begin_nested():  # a refused entry gives its number back
        receipt = f"{year}-{next_number(session, series.counter, year):05d}"
        posted = post_money_received(
            session,
            actor,
            amount=value,
            received_on=received_on,
            label=label(receipt),
            credit_account=credit,
            reference=receipt,
            permission=series.permission,
            into=into,
            debit_account=debit_account,
            parties=parties,
        )
    return PostedReceipt(
        receipt_number=receipt,
        received_on=received_on,
        amount=value,
        journal=posted.journal,
        journal_entry_id=posted.journal_entry_id,
        entry_number=posted.entry_number,
        debit_account=posted.debit_account,
        credit_account=posted.credit_account,
    )


def _treasury_side(
    session: Session,
    into: TreasuryKind | None,
    debit_account: str | None,
    accounts: dict[str, Any] | None = None,
) -> tuple[str, str]:
    """(journal, debit account) of money received `into` the cash box or the bank, or of a
    gift in kind posted to `debit_account`. `accounts`: the posting settings, read already."""
    if (into is None) == (debit_account is None):
        raise ValueError("money received goes either into a treasury account or to an account")
    if into is not None:
        treasury = TreasuryKind(into)
        key = _TREASURY_SETTINGS[treasury]
        account = accounts[key] if accounts else settings.get_setting(session, key)
        return TREASURY_JOURNALS[treasury], str(account)
    return IN_KIND_JOURNAL, str(debit_account)


def _receipt_lines(
    label: str, debit: str, credit: str, value: Decimal, aid: AidTags
) -> tuple[str, list[LineSpec]]:
    """The entry's label (cut to its column) and its two lines: debit the treasury (or the
    account of the gift), credit the income."""
    text = label[: column_length(JournalEntry.label)]
    if aid == _NO_AID:  # dues and donations, by the thousand: no tags to spread
        return text, [
            LineSpec(account=debit, debit=value, label=text),
            LineSpec(account=credit, credit=value, label=text),
        ]
    return text, [
        LineSpec(account=debit, debit=value, label=text, **vars(aid)),
        LineSpec(account=credit, credit=value, label=text, **vars(aid)),
    ]


_NO_AID = AidTags()


def post_money_received(
    session: Session,
    actor: Actor,
    *,
    amount: Decimal | int | str,
    received_on: dt.date,
    label: str,
    credit_account: str,
    reference: str | None,
    permission: Permission,
    into: TreasuryKind | None = None,
    debit_account: str | None = None,
    tags: AidTags | None = None,
    parties: EntryParties = NO_PARTIES,
) -> MoneyReceived:
    """Post money received without a receipt of ours (a grant's tranche: the funder's
    agreement is the reference): debit the cash box or the bank (`into`), or a named
    `debit_account` in the general journal; credit `credit_account`."""
    actor.require(permission)
    value = check_receipt_amount(amount)
    journal, debit = _treasury_side(session, into, debit_account)
    text, lines = _receipt_lines(label, debit, credit_account, value, tags or AidTags())
    entry = post_entry(
        session,
        actor,
        journal=journal,
        entry_date=received_on,
        label=text,
        reference=reference,
        lines=lines,
        fiscal_year_start_month=fiscal_year_start_month(session),
        permission=permission,
        parties=parties,
    )
    assert entry.number is not None  # posted validated, so numbered
    return MoneyReceived(
        journal=journal,
        journal_entry_id=entry.id,
        entry_number=entry.number,
        amount=value,
        debit_account=debit,
        credit_account=credit_account,
    )


@dataclass(frozen=True)
class ReceiptData:
    """One receipt of `post_receipts`: the arguments of `post_receipt` that vary per receipt."""

    amount: Decimal | int | str
    received_on: dt.date
    label: Callable[[str], str]
    into: TreasuryKind | None = None
    debit_account: str | None = None
    parties: EntryParties = NO_PARTIES


def post_receipts(
    session: Session, actor: Actor, series: ReceiptSeries, receipts: Sequence[ReceiptData]
) -> list[PostedReceipt]:
    """Number many receipts of `series`, in their order, and post their entries: what
    `post_receipt` does for each, by the same rules, in one batch (`post_entries`). A refused
    receipt (named by its row, 1 for the first) refuses them all and gives the numbers back."""
    actor.require(series.permission)
    values = []
    for row, receipt in enumerate(receipts, start=1):
        try:
            values.append(check_receipt_amount(receipt.amount))
        except NassijError as error:
            raise row_error(error, row) from None
    if not receipts:
        return []
    accounts = settings.get_settings(session, series.income_setting, *_TREASURY_SETTINGS.values())
    credit = str(accounts[series.income_setting])
    sides: dict[tuple[TreasuryKind | None, str | None], tuple[str, str]] = {}
    with session.begin_nested():  # a refused batch gives its numbers back
        numbers = {
            year: iter(next_numbers(session, series.counter, count, year))
            for year, count in sorted(Counter(r.received_on.year for r in receipts).items())
        }
        entries, posted_sides, references = [], [], []
        for receipt, value in zip(receipts, values, strict=True):
            year = receipt.received_on.year
            reference = f"{year}-{next(numbers[year]):05d}"
            key = (receipt.into, receipt.debit_account)
            if key not in sides:
                sides[key] = _treasury_side(session, receipt.into, receipt.debit_account, accounts)
            journal, debit = sides[key]
            text, lines = _receipt_lines(receipt.label(reference), debit, credit, value, AidTags())
            entries.append(
                EntryData(journal, receipt.received_on, text, lines, reference, receipt.parties)
            )
            posted_sides.append(debit)
            references.append(reference)
        posted = post_entries(
            session,
            actor,
            entries,
            fiscal_year_start_month=fiscal_year_start_month(session),
            permission=series.permission,
        )
    return [
        PostedReceipt(
            receipt_number=reference,
            received_on=entry.entry_date,
            amount=value,
            journal=entry.journal,
            journal_entry_id=entry.id,
            entry_number=entry.number,
            debit_account=debit,
            credit_account=credit,
        )
        for reference, entry, value, debit in zip(
            references, posted, values, posted_sides, strict=True
        )
    ]
