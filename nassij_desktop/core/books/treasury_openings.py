"""The opening balance of a bank account or cash box: what it held when the books start.

It is an entry of the opening journal ("AN") dated the day given, the treasury account's
ledger account against the association's funds (the account closing carries the result to):
a positive balance debits the bank, an overdraft credits it. The trial balance then shows it
in the opening columns, and the balances start from it (`openings.balance_start`).

Refused once the ledger account has other lines in that fiscal year (the balance would no
longer be an opening), into a closed or locked year, and while an earlier year with entries
is still open: an opening entry replaces everything before it in the balances, so the
earlier year's movements would be lost until it is closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.association_terms import (
    association_funds_account,
    fiscal_year_start_month,
)
from nassij_desktop.core.books.models import (
    Account,
    FiscalYear,
    FiscalYearStatus,
    JournalEntry,
    JournalLine,
    TreasuryAccount,
)
from nassij_desktop.core.books.services import (
    LineSpec,
    check_receipt_amount,
    check_year_writable,
    fiscal_year_for,
    post_entry,
)
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import Conflict, NotFound
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _

OPENING_JOURNAL = "AN"  # as years.OPENING_JOURNAL (years imports far more than needed here)


@dataclass(frozen=True)
class OpeningBalanceRecord:
    treasury_id: int
    account: str  # the ledger account
    entry_id: int
    journal: str
    number: int | None
    entry_date: dt.date
    amount: Decimal  # positive: money held; negative: an overdraft


def _amount(amount: Decimal | int | str) -> Decimal:
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        value = Decimal("NaN")
    if value.is_finite() and value < 0:
        return -check_receipt_amount(-value, field="opening_balance")
    return check_receipt_amount(value, field="opening_balance")


def set_opening_balance(
    session: Session,
    actor: Actor,
    treasury_id: int,
    amount: Decimal | int | str,
    on: dt.date,
) -> OpeningBalanceRecord:
    """Post the opening balance `amount` of the treasury account `treasury_id` on the day
    `on`, against the association's funds, in the caller's transaction.

    Given once: a second opening (from another computer meanwhile) is refused, as any entry
    already on the account refuses it. The treasury account's row is locked first (SELECT …
    FOR UPDATE on PostgreSQL): of two simultaneous openings the second waits for the first,
    then finds its entry."""
    actor.require(Permission.BOOKS_WRITE)
    treasury = session.get(
        TreasuryAccount,
        treasury_id,
        with_for_update={"of": TreasuryAccount.__table__},
        populate_existing=True,
    )
    if treasury is None:
        raise NotFound(_("This bank account or cash box no longer exists."))
    value = _amount(amount)
    ledger = session.scalar(sa.select(Account.number).where(Account.id == treasury.account_id))
    assert ledger is not None  # a foreign key
    start_month = fiscal_year_start_month(session)
    year = fiscal_year_for(session, on, start_month)
    check_year_writable(year)
    moved = session.scalar(
        sa.select(JournalLine.id)
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(
            JournalLine.account_id == treasury.account_id, JournalEntry.fiscal_year_id == year.id
        )
        .limit(1)
    )
    if moved is not None:
        raise Conflict(
            _(
                "The account {account} already has entries in the fiscal year {year}: an "
                "opening balance can only be given before any other entry."
            ).format(account=ledger, year=year.label)
        )
    earlier = session.scalar(
        sa.select(FiscalYear.label)
        .join(JournalEntry, JournalEntry.fiscal_year_id == FiscalYear.id)
        .where(FiscalYear.starts_on < year.starts_on, FiscalYear.status == FiscalYearStatus.OPEN)
        .order_by(FiscalYear.starts_on)
        .limit(1)
    )
    if earlier is not None:
        raise Conflict(
            _(
                "The fiscal year {earlier} has entries and is still open: give the opening "
                "balance in that year, or close it first."
            ).format(earlier=earlier)
        )
    funds = association_funds_account(session)
    positive = value > 0
    size = abs(value)
    lines = [
        LineSpec(
            account=ledger, debit=size if positive else ZERO, credit=ZERO if positive else size
        ),
        LineSpec(
            account=funds, debit=ZERO if positive else size, credit=size if positive else ZERO
        ),
    ]
    entry = post_entry(
        session,
        actor,
        journal=OPENING_JOURNAL,
        entry_date=on,
        label=_("Opening balance: {name}").format(name=treasury.name),
        lines=lines,
        reference=f"{OPENING_JOURNAL}-{year.label}-{ledger}",
        fiscal_year_start_month=start_month,
    )
    audit.record(
        session,
        actor,
        "opening_balance",
        "treasury_account",
        treasury.id,
        after={"entry_id": entry.id, "date": on.isoformat(), "amount": str(value)},
    )
    return OpeningBalanceRecord(
        treasury.id, ledger, entry.id, OPENING_JOURNAL, entry.number, on, value
    )


__all__ = ["OpeningBalanceRecord", "set_opening_balance"]
