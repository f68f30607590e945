"""The treasury accounts (bank accounts, cash boxes) with their balances, read from the lines.

Creating one is `services.create_treasury_account`. A balance is the sum of the debits less
the credits of its ledger account's lines up to a day, in one grouped query for all accounts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    Journal,
    JournalEntry,
    JournalLine,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.books.openings import balance_start
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _


@dataclass(frozen=True)
class TreasuryBalance:
    id: int
    name: str
    kind: TreasuryKind
    account: str
    journal: str
    bank_name: str | None
    active: bool
    balance: Decimal


def treasury_balances(
    session: Session, actor: Actor, as_of: dt.date | None = None, *, active_only: bool = False
) -> list[TreasuryBalance]:
    """Each bank account and cash box with its balance at the end of `as_of` (every entry
    when None): banks first, then cash, by name."""
    actor.require(Permission.BOOKS_READ)
    # From the latest opening entry (it restates the years before it), up to the day.
    start = balance_start(session, as_of)
    sums = _sums(session, None) if start is None else _sums(session, start, include=True)
    if as_of is not None:
        # Lines dated after the day are few (none, usually): read them through the date index
        # and take them off, rather than joining every line of the treasury to its entry.
        for account_id, amount in _sums(session, as_of).items():
            sums[account_id] = sums.get(account_id, ZERO) - amount
    rows = session.execute(
        sa.select(
            TreasuryAccount.id,
            TreasuryAccount.name,
            TreasuryAccount.kind,
            TreasuryAccount.account_id,
            Account.number,
            Journal.code,
            TreasuryAccount.bank_name,
            TreasuryAccount.active,
        )
        .join(Account, Account.id == TreasuryAccount.account_id)
        .join(Journal, Journal.id == TreasuryAccount.journal_id)
        .where(TreasuryAccount.active if active_only else sa.true())
        .order_by(TreasuryAccount.kind, TreasuryAccount.name, TreasuryAccount.id)
    ).all()
    return [
        TreasuryBalance(
            r.id,
            r.name,
            r.kind,
            r.number,
            r.code,
            r.bank_name,
            r.active,
            sums.get(r.account_id, ZERO),
        )
        for r in rows
    ]


def find_treasury_account(session: Session, actor: Actor, code: str) -> TreasuryBalance:
    """The treasury account a command names (`--treasury`): by its id, its ledger account
    ("5141"), its journal ("BQ") or its name, when that names exactly one active account;
    refused on the field `treasury` otherwise."""
    wanted = (code or "").strip()
    accounts = treasury_balances(session, actor, active_only=True)
    for key in (
        lambda t: str(t.id),
        lambda t: t.account,
        lambda t: t.journal,
        lambda t: t.name.casefold(),
    ):
        found = [t for t in accounts if key(t) == wanted.casefold() or key(t) == wanted]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ValidationError(
                "treasury",
                _("“{code}” names several treasury accounts: give its number or its name.").format(
                    code=wanted
                ),
            )
    raise ValidationError(
        "treasury", _("No bank account or cash box is named “{code}”.").format(code=wanted)
    )


def _sums(session: Session, after: dt.date | None, *, include: bool = False) -> dict[int, Decimal]:
    """Debits less credits per ledger account of a treasury account, validated entries only:
    of every line (through the lines' account index), or of the lines of entries dated after
    `after` (from `after` itself when `include`), through the entries' date index: the account
    is then checked here, so that SQLite does not read every treasury line by its account to
    find those days'."""
    query = sa.select(
        JournalLine.account_id,
        sa.func.coalesce(sa.func.sum(JournalLine.debit), 0),
        sa.func.coalesce(sa.func.sum(JournalLine.credit), 0),
    ).group_by(JournalLine.account_id)
    treasury = sa.select(TreasuryAccount.account_id)
    if after is None:
        # Drafts do not move money until validated, as in the statements: a draft is an entry
        # without a place in the seal chain, the few of them found through that unique index.
        drafts = sa.select(JournalEntry.id).where(JournalEntry.chain_index.is_(None))
        query = query.where(
            JournalLine.account_id.in_(treasury), JournalLine.entry_id.not_in(drafts)
        )
    else:
        query = query.where(
            JournalLine.entry_id.in_(
                sa.select(JournalEntry.id).where(
                    JournalEntry.entry_date >= after
                    if include
                    else JournalEntry.entry_date > after,
                    JournalEntry.chain_index.is_not(None),
                )
            )
        )
    wanted = set(session.scalars(treasury)) if after is not None else None
    return {
        account_id: Decimal(debit) - Decimal(credit)
        for account_id, debit, credit in session.execute(query)
        if wanted is None or account_id in wanted
    }


__all__ = ["TreasuryBalance", "find_treasury_account", "treasury_balances"]
