"""The general ledger (الأستاذ العام / grand livre) of a fiscal year: each account's opening
balance, its lines in date order with the running balance, and its totals and closing balance;
A4 landscape, the header row repeated on every page.

A ledger is as long as the books: its lines are never all in memory. The opening balances
come from one grouped query (`period_balances`); the lines are read from the database
`FETCH_ROWS` at a time as the pages are drawn, in account then entry order, the running
balance computed by SQLite; the engine writes finished pages out of memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

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
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import from_centimes
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.books.common import amount, amount_column, document_year, period_text
from nassij_desktop.reports.engine import Column, Emphasised, Heading, Letterhead, ReportDocument
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

TABLE_SIZES = {"ar": 8.5, "fr": 7.5}
FETCH_ROWS = 1000


@dataclass(frozen=True)
class LedgerData:
    letterhead: Letterhead
    generated_on: dt.date
    year: Period
    previous_year: Period
    accounts: tuple[AccountBalance, ...]  # by number, with their opening and movements
    session: Session  # the lines are read from it as the pages are drawn
    account_filter: tuple[int, ...] | None

    def lines(self) -> Iterator[tuple[str, dt.date, str, str, str, int, int, int]]:
        """(account number, date, entry, voucher, label, debit, credit, running) in account
        then entry order, read `FETCH_ROWS` at a time; running is the sum from the year's
        first line (the opening is added by the caller)."""
        running = sa.func.sum(DEBIT - CREDIT).over(
            partition_by=JournalLine.account_id, order_by=ENTRY_ORDER
        )
        entry = sa.func.coalesce(
            Journal.code + sa.literal("-") + sa.cast(JournalEntry.number, sa.String), Journal.code
        )
        query = (
            counted_lines(
                Account.number,
                JournalEntry.entry_date,
                entry,
                sa.func.coalesce(JournalEntry.reference, ""),
                sa.func.coalesce(JournalLine.label, JournalEntry.label),
                DEBIT,
                CREDIT,
                running,
                since=self.year.starts_on,
                until=self.year.ends_on,
            )
            .join(Journal, Journal.id == JournalEntry.journal_id)
            .join(Account, Account.id == JournalLine.account_id)
            .where(Journal.kind != JournalKind.OPENING)  # the opening entries are the opening
            .order_by(Account.number, *ENTRY_ORDER)
        )
        if self.account_filter is not None:
            query = query.where(some_accounts(self.account_filter))
        yield from self.session.execute(query.execution_options(yield_per=FETCH_ROWS))


def build_ledger_data(
    session: Session,
    actor: Actor,
    year: int | None,
    account: str | None = None,
    today: dt.date | None = None,
) -> LedgerData:
    actor.require(Permission.BOOKS_READ)
    period = resolve_year(session, document_year(session, year, today))
    previous = previous_period(session, period)
    ids = None
    if account:
        found = session.scalar(sa.select(Account.id).where(Account.number == account.strip()))
        if found is None:
            raise ValidationError(
                "account", _("The account {account} is not in the chart.").format(account=account)
            )
        ids = (found,)
    (balances,) = period_balances(session, period, account_ids=ids)
    return LedgerData(
        read_letterhead(session),
        today or dt.date.today(),
        period,
        previous,
        balances.accounts,
        session,
        ids,
    )


def ledger_columns(lang: Lang) -> list[Column]:
    return [
        Column(translate_in(lang, "Date"), 0.9, "center"),
        Column(translate_in(lang, "Entry"), 0.8, "center"),
        Column(translate_in(lang, "Voucher"), 1.0, "center"),
        Column(translate_in(lang, "Label"), 3.2),
        amount_column(translate_in(lang, "Debit")),
        amount_column(translate_in(lang, "Credit")),
        amount_column(translate_in(lang, "Debit balance")),
        amount_column(translate_in(lang, "Credit balance")),
    ]


def _balance(value: Decimal, lang: Lang) -> list[str]:
    """A balance in the debit or the credit balance column."""
    return [amount(value, lang), ""] if value >= 0 else ["", amount(-value, lang)]


def ledger_rows(data: LedgerData, lang: Lang) -> Iterator[tuple[str, ...]]:
    """Every row of the ledger, read as the pages are drawn."""
    lines = data.lines()
    pending = next(lines, None)
    for account in data.accounts:
        label = account.label_ar if lang == "ar" else account.label_fr
        yield Heading(("", "", "", f"{account.number} — {label}", "", "", "", ""))
        opening = from_centimes(account.opening)
        yield (
            "",
            "",
            "",
            translate_in(lang, "Opening balance"),
            "",
            "",
            *_balance(opening, lang),
        )
        while pending is not None and pending[0] == account.number:
            _number, day, entry, voucher, text, debit, credit, running = pending
            yield (
                format_date(day, lang),
                entry,
                voucher,
                text,
                amount(cents(debit), lang, blank_zero=True),
                amount(cents(credit), lang, blank_zero=True),
                *_balance(cents(account.opening + running), lang),
            )
            pending = next(lines, None)
        yield Emphasised(
            (
                "",
                "",
                "",
                translate_in(lang, "Totals and closing balance of {account}").format(
                    account=account.number
                ),
                amount(from_centimes(account.debit), lang),
                amount(from_centimes(account.credit), lang),
                *_balance(from_centimes(account.closing), lang),
            )
        )


def render_ledger(data: LedgerData, lang: Lang, path: Path) -> int:
    title = translate_in(lang, "General ledger {year}").format(year=data.year.label)
    doc = ReportDocument(
        lang, data.letterhead, title=title, orientation="landscape", generated_on=data.generated_on
    )
    doc.paragraph(period_text(data.year, data.previous_year, lang), size=doc.sizes.small)
    debit = from_centimes(sum(a.debit for a in data.accounts))
    credit = from_centimes(sum(a.credit for a in data.accounts))
    totals = ["", "", "", translate_in(lang, "Total"), amount(debit, lang), amount(credit, lang)]
    doc.listing(
        ledger_columns(lang), ledger_rows(data, lang), [*totals, "", ""], size=TABLE_SIZES[lang]
    )
    doc.save(path)
    return doc.page_count


def ledger_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The general ledger of `request.year` (default: the latest finished fiscal year), of
    every account or of `request.account`."""
    actor.require(Permission.BOOKS_READ)
    data = build_ledger_data(session, actor, request.year, request.account)
    return ReportResult(request.out, render_ledger(data, request.lang, request.out))
