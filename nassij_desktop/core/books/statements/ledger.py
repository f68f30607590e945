"""The journal (the year's entries in order) and the general ledger (each account's lines
with their running balance)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
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
    PeriodBalances,
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


FETCH_ROWS = 2000  # ledger and journal lines read from SQLite at a time


def entry_code(journal: str, number: int | None) -> str:
    """An entry as the ledger and the journal name it: its journal and number ("BQ-12")."""
    return f"{journal}-{number}" if number is not None else journal


def ledger_lines(
    session: Session, period: Period, account_ids: Collection[int] | None = None
) -> Iterator[Any]:
    """THE general ledger's query: the lines of `period` (its opening entries apart: they
    are the opening) by account number, then in the journal's order, each as (account
    number, entry id, date, journal, number, voucher, label, debit, credit, running), debit
    and credit in centimes and `running` the sum of debits less credits of the account's
    lines so far in the year (the opening is added by the reader). Read `FETCH_ROWS` at a
    time: the statement, its PDF and its XLSX sheet all read the ledger through here."""
    # Partitioned by the account's number, the order of the rows: one sort serves both.
    running = sa.func.sum(DEBIT - CREDIT).over(partition_by=Account.number, order_by=ENTRY_ORDER)
    query = (
        counted_lines(
            Account.number,
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
        .join(Account, Account.id == JournalLine.account_id)
        .where(Journal.kind != JournalKind.OPENING)  # the opening entries are the opening
        .order_by(Account.number, *ENTRY_ORDER)
    )
    if account_ids is not None:
        query = query.where(some_accounts(account_ids))
    yield from session.execute(query.execution_options(yield_per=FETCH_ROWS))


def ledger_accounts(
    session: Session,
    now: PeriodBalances,
    then: PeriodBalances,
    account_ids: Collection[int] | None = None,
) -> Iterator[LedgerAccount]:
    """Each account of `now` (its balances over the year, by number) with its lines, and
    `then`'s totals (the year before) beside them, one account at a time: the lines of the
    busiest account are in memory at once, never the whole ledger."""
    before = {a.number: a for a in then.accounts}
    lines = ledger_lines(session, now.period, account_ids)
    pending = next(lines, None)
    for balance in now.accounts:
        rows: list[Any] = []  # rows of ledger_lines
        while pending is not None and pending[0] == balance.number:
            rows.append(pending)
            pending = next(lines, None)
        yield _ledger_account(balance, rows, before.get(balance.number))


def _account_id(session: Session, number: str) -> int:
    found = session.scalar(sa.select(Account.id).where(Account.number == number.strip()))
    if found is None:
        raise ValidationError(
            "account", _("The account {account} is not in the chart.").format(account=number)
        )
    return found


def ledger_selection(
    session: Session, actor: Actor, year: int | str, account: str | None = None
) -> tuple[PeriodBalances, PeriodBalances, list[int] | None]:
    """The balances a ledger starts from, of the year and of the year before it (in one
    pass), and the accounts it reads (all: None)."""
    actor.require(Permission.BOOKS_READ)
    period = resolve_year(session, year)
    ids = None if account is None else [_account_id(session, account)]
    now, then = period_balances(session, period, previous_period(session, period), account_ids=ids)
    return now, then, ids


def general_ledger(
    session: Session, actor: Actor, year: int | str, *, account: str | None = None
) -> GeneralLedger:
    """Each account's opening balance, lines with their running balance and closing balance
    over `year` (only `account` when given), with the previous year's totals beside them."""
    now, then, ids = ledger_selection(session, actor, year, account)
    accounts = tuple(ledger_accounts(session, now, then, ids))
    return GeneralLedger(now.period, then.period, accounts)


def _ledger_account(
    balance: AccountBalance, rows: Sequence[Any], previous: AccountBalance | None
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
        for (
            _account,
            entry_id,
            entry_date,
            journal,
            number,
            reference,
            label,
            debit,
            credit,
            running,
        ) in rows
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


def journal_entries(
    session: Session, period: Period, journal: str | None = None
) -> Iterator[JournalReportEntry]:
    """The validated entries of `period` in the journal's order (date, journal, number), each
    with its lines, read `FETCH_ROWS` lines at a time (only `journal`'s when given)."""
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
    head: Any = None
    lines: list[JournalReportLine] = []
    for row in session.execute(query.execution_options(yield_per=FETCH_ROWS)):
        if head is None or row[0] != head[0]:
            if head is not None:
                yield _journal_entry(head, lines)
            head, lines = row, []
        lines.append(
            JournalReportLine(row[6], row[7], row[8], row[9], cents(row[10]), cents(row[11]))
        )
    if head is not None:
        yield _journal_entry(head, lines)


def _journal_entry(head: Any, lines: list[JournalReportLine]) -> JournalReportEntry:
    return JournalReportEntry(head[0], head[1], head[2], head[3], head[4], head[5], tuple(lines))


def journal_totals(
    session: Session, period: Period, previous: Period, journal: str | None = None
) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """The debits and credits of `period`, then of `previous` (of `journal` when given)."""
    return (*_totals(session, period, journal), *_totals(session, previous, journal))


def journal_report(
    session: Session, actor: Actor, year: int | str, *, journal: str | None = None
) -> JournalReport:
    """The entries of `year` in order (date, journal, number) with their lines, and the
    year's total debits and credits beside the previous year's."""
    actor.require(Permission.BOOKS_READ)
    period = resolve_year(session, year)
    previous = previous_period(session, period)
    entries = tuple(journal_entries(session, period, journal))
    return JournalReport(
        period, previous, entries, *journal_totals(session, period, previous, journal)
    )
