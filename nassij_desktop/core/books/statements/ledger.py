"""The journal (the year's entries in order) and the general ledger (each account's lines
with their running balance)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    Journal,
    JournalEntry,
    JournalKind,
    JournalLine,
)
from nassij_desktop.core.books.statements.selection import (
    CREDIT,
    DEBIT,
    ENTRY_ORDER,
    AccountBalance,
    Period,
    cents,
    counted_lines,
    period_balances,
    previous_period,
    resolve_year,
    some_accounts,
)
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import ZERO, from_centimes
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _


@dataclass(frozen=True)
class LedgerLine:
    entry_id: int
    entry_date: dt.date
    journal: str
    number: int | None
    reference: str | None
    label: str
    debit: Decimal
    credit: Decimal
    balance: Decimal  # debits minus credits after this line, from the opening


@dataclass(frozen=True)
class LedgerAccount:
    account: str
    label_ar: str
    label_fr: str
    opening: Decimal  # debits minus credits
    lines: tuple[LedgerLine, ...]
    debit: Decimal
    credit: Decimal
    closing: Decimal
    previous_opening: Decimal
    previous_debit: Decimal
    previous_credit: Decimal
    previous_closing: Decimal

    def label(self, lang: str) -> str:
        return text_in(lang, self.label_ar, self.label_fr)


@dataclass(frozen=True)
class GeneralLedger:
    year: Period
    previous_year: Period
    accounts: tuple[LedgerAccount, ...]


def _account_id(session: Session, number: str) -> int:
    found = session.scalar(sa.select(Account.id).where(Account.number == number.strip()))
    if found is None:
        raise ValidationError(
            "account", _("The account {account} is not in the chart.").format(account=number)
        )
    return found


def general_ledger(
    session: Session, actor: Actor, year: int | str, *, account: str | None = None
) -> GeneralLedger:
    """Each account's opening balance, lines with their running balance and closing balance
    over `year` (only `account` when given), with the previous year's totals beside them."""
    actor.require(Permission.BOOKS_READ)
    period = resolve_year(session, year)
    previous = previous_period(session, period)
    ids = None if account is None else [_account_id(session, account)]
    now, then = period_balances(session, period, previous, account_ids=ids)
    before = {a.number: a for a in then.accounts}
    # The running balance of each line, by SQLite: the opening is added below.
    running = sa.func.sum(DEBIT - CREDIT).over(
        partition_by=JournalLine.account_id, order_by=ENTRY_ORDER
    )
    query = (
        counted_lines(
            JournalLine.account_id,
            JournalEntry.id,
            JournalEntry.entry_date,
            Journal.code,
            JournalEntry.number,
            JournalEntry.reference,
            sa.func.coalesce(JournalLine.label, JournalEntry.label),
            DEBIT,
            CREDIT,
            running,
            since=period.starts_on,
            until=period.ends_on,
        )
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .where(Journal.kind != JournalKind.OPENING)  # the opening entries are the opening
        .order_by(JournalLine.account_id, *ENTRY_ORDER)
    )
    if ids is not None:
        query = query.where(some_accounts(ids))
    lines: dict[int, list[tuple[Any, ...]]] = {}
    for row in session.execute(query):
        lines.setdefault(row[0], []).append(tuple(row[1:]))
    accounts = [
        _ledger_account(balance, lines.get(balance.account_id, ()), before.get(balance.number))
        for balance in now.accounts
    ]
    return GeneralLedger(period, previous, tuple(accounts))


def _ledger_account(
    balance: AccountBalance, rows: Sequence[tuple[Any, ...]], previous: AccountBalance | None
) -> LedgerAccount:
    opening = balance.opening
    lines = tuple(
        LedgerLine(
            entry_id,
            entry_date,
            journal,
            number,
            reference,
            label,
            cents(debit),
            cents(credit),
            cents(opening + running),
        )
        for entry_id, entry_date, journal, number, reference, label, debit, credit, running in rows
    )
    return LedgerAccount(
        balance.number,
        balance.label_ar,
        balance.label_fr,
        from_centimes(opening),
        lines,
        from_centimes(balance.debit),
        from_centimes(balance.credit),
        from_centimes(balance.closing),
        from_centimes(previous.opening) if previous else ZERO,
        from_centimes(previous.debit) if previous else ZERO,
        from_centimes(previous.credit) if previous else ZERO,
        from_centimes(previous.closing) if previous else ZERO,
    )


@dataclass(frozen=True)
class JournalReportLine:
    account: str
    account_label_ar: str
    account_label_fr: str
    label: str | None
    debit: Decimal
    credit: Decimal


@dataclass(frozen=True)
class JournalReportEntry:
    id: int
    journal: str
    number: int | None
    entry_date: dt.date
    label: str
    reference: str | None
    lines: tuple[JournalReportLine, ...]


@dataclass(frozen=True)
class JournalReport:
    year: Period
    previous_year: Period
    entries: tuple[JournalReportEntry, ...]
    debit: Decimal
    credit: Decimal
    previous_debit: Decimal
    previous_credit: Decimal


def _totals(session: Session, period: Period, journal: str | None) -> tuple[Decimal, Decimal]:
    query = counted_lines(
        sa.func.coalesce(sa.func.sum(DEBIT), 0),
        sa.func.coalesce(sa.func.sum(CREDIT), 0),
        since=period.starts_on,
        until=period.ends_on,
    )
    if journal is not None:
        query = query.join(Journal, Journal.id == JournalEntry.journal_id).where(
            Journal.code == journal
        )
    debit, credit = session.execute(query).one()
    return from_centimes(int(debit)), from_centimes(int(credit))


def journal_report(
    session: Session, actor: Actor, year: int | str, *, journal: str | None = None
) -> JournalReport:
    """The entries of `year` in order (date, journal, number) with their lines, and the
    year's total debits and credits beside the previous year's."""
    actor.require(Permission.BOOKS_READ)
    period = resolve_year(session, year)
    previous = previous_period(session, period)
    query = (
        counted_lines(
            JournalEntry.id,
            Journal.code,
            JournalEntry.number,
            JournalEntry.entry_date,
            JournalEntry.label,
            JournalEntry.reference,
            Account.number,
            Account.label_ar,
            Account.label_fr,
            JournalLine.label,
            DEBIT,
            CREDIT,
            since=period.starts_on,
            until=period.ends_on,
        )
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .join(Account, Account.id == JournalLine.account_id)
        .order_by(*ENTRY_ORDER)
    )
    if journal is not None:
        query = query.where(Journal.code == journal)
    heads: dict[int, Any] = {}
    lines: dict[int, list[JournalReportLine]] = {}
    for row in session.execute(query):
        if row[0] not in heads:
            heads[row[0]] = row
            lines[row[0]] = []
        lines[row[0]].append(
            JournalReportLine(row[6], row[7], row[8], row[9], cents(row[10]), cents(row[11]))
        )
    entries = tuple(
        JournalReportEntry(h[0], h[1], h[2], h[3], h[4], h[5], tuple(lines[entry_id]))
        for entry_id, h in heads.items()
    )
    debit, credit = _totals(session, period, journal)
    previous_debit, previous_credit = _totals(session, previous, journal)
    return JournalReport(period, previous, entries, debit, credit, previous_debit, previous_credit)
