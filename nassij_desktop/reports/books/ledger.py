"""The general ledger (الأستاذ العام / grand livre) of a fiscal year: each account's opening
balance, its lines in date order with the running balance, and its totals and closing balance;
A4 landscape, the header row repeated on every page.

A ledger is as long as the books: it is read through the statements' own ledger
(`statements.ledger.ledger_accounts`: one query, one running balance), one account at a time
as the pages are drawn; the engine writes finished pages out of memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.books.statements.ledger import (
    LedgerAccount,
    entry_code,
    ledger_accounts,
    ledger_selection,
)
from nassij_desktop.core.books.statements.selection import PeriodBalances
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.money import from_centimes
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.books.common import amount, amount_column, document_year, period_text
from nassij_desktop.reports.engine import Column, Emphasised, Heading, Letterhead, ReportDocument
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

TABLE_SIZES = {"ar": 8.5, "fr": 7.5}


@dataclass(frozen=True)
class LedgerData:
    letterhead: Letterhead
    generated_on: dt.date
    balances: PeriodBalances  # the year's accounts by number, with opening and movements
    previous: PeriodBalances  # the year before
    session: Session  # the lines are read from it as the pages are drawn
    account_filter: list[int] | None

    def accounts(self) -> Iterator[LedgerAccount]:
        """Each account with its lines, read as the pages are drawn."""
        return ledger_accounts(self.session, self.balances, self.previous, self.account_filter)


def build_ledger_data(
    session: Session,
    actor: Actor,
    year: int | None,
    account: str | None = None,
    today: dt.date | None = None,
) -> LedgerData:
    actor.require(Permission.BOOKS_READ)
    chosen = document_year(session, year, today)
    now, then, ids = ledger_selection(session, actor, chosen, account or None)
    return LedgerData(read_letterhead(session), today or clock.today(), now, then, session, ids)


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
    for account in data.accounts():
        yield Heading(("", "", "", f"{account.account} — {account.label(lang)}", "", "", "", ""))
        yield (
            "",
            "",
            "",
            translate_in(lang, "Opening balance"),
            "",
            "",
            *_balance(account.opening, lang),
        )
        for line in account.lines:
            yield (
                format_date(line.entry_date, lang),
                entry_code(line.journal, line.number),
                line.reference or "",
                line.label,
                amount(line.debit, lang, blank_zero=True),
                amount(line.credit, lang, blank_zero=True),
                *_balance(line.balance, lang),
            )
        yield Emphasised(
            (
                "",
                "",
                "",
                translate_in(lang, "Totals and closing balance of {account}").format(
                    account=account.account
                ),
                amount(account.debit, lang),
                amount(account.credit, lang),
                *_balance(account.closing, lang),
            )
        )


def render_ledger(data: LedgerData, lang: Lang, path: Path) -> int:
    title = translate_in(lang, "General ledger {year}").format(year=data.balances.period.label)
    doc = ReportDocument(
        lang, data.letterhead, title=title, orientation="landscape", generated_on=data.generated_on
    )
    doc.paragraph(
        period_text(data.balances.period, data.previous.period, lang), size=doc.sizes.small
    )
    debit = from_centimes(sum(a.debit for a in data.balances.accounts))
    credit = from_centimes(sum(a.credit for a in data.balances.accounts))
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
