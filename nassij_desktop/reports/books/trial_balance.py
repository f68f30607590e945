"""The trial balance (ميزان المراجعة / balance générale) of a fiscal year: per account, the
opening balance, the year's debits and credits, the closing balance, and the previous year's
closing balance beside it; A4 landscape, the header row repeated on every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.books.statements import trial_balance
from nassij_desktop.core.books.statements.trial_balance import BalanceFigures, TrialBalance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.books.common import amount, amount_column, document_year, period_text
from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

TABLE_SIZES = {"ar": 8.5, "fr": 7.5}


@dataclass(frozen=True)
class TrialBalanceData:
    letterhead: Letterhead
    generated_on: dt.date
    balance: TrialBalance


def build_trial_balance_data(
    session: Session, actor: Actor, year: int | None, today: dt.date | None = None
) -> TrialBalanceData:
    return TrialBalanceData(
        read_letterhead(session),
        today or clock.today(),
        trial_balance(session, actor, document_year(session, year, today)),
    )


def trial_balance_columns(lang: Lang) -> list[Column]:
    return [
        Column(translate_in(lang, "Account"), 0.8, "center"),
        Column(translate_in(lang, "Label"), 3.0),
        amount_column(translate_in(lang, "Opening debit")),
        amount_column(translate_in(lang, "Opening credit")),
        amount_column(translate_in(lang, "Debit")),
        amount_column(translate_in(lang, "Credit")),
        amount_column(translate_in(lang, "Closing debit")),
        amount_column(translate_in(lang, "Closing credit")),
        amount_column(translate_in(lang, "Previous year closing debit")),
        amount_column(translate_in(lang, "Previous year closing credit")),
    ]


def figures(
    current: BalanceFigures, previous: BalanceFigures, lang: Lang, *, blank_zero: bool = False
) -> list[str]:
    return [
        amount(value, lang, blank_zero=blank_zero)
        for value in (
            current.opening_debit,
            current.opening_credit,
            current.debit,
            current.credit,
            current.closing_debit,
            current.closing_credit,
            previous.closing_debit,
            previous.closing_credit,
        )
    ]


def render_trial_balance(data: TrialBalanceData, lang: Lang, path: Path) -> int:
    balance = data.balance
    title = translate_in(lang, "Trial balance {year}").format(year=balance.year.label)
    doc = ReportDocument(
        lang, data.letterhead, title=title, orientation="landscape", generated_on=data.generated_on
    )
    doc.paragraph(period_text(balance.year, balance.previous_year, lang), size=doc.sizes.small)

    def rows() -> Iterator[list[str]]:
        for row in balance.rows:
            yield [
                row.account,
                row.label(lang),
                *figures(row.current, row.previous, lang, blank_zero=True),
            ]

    totals = [
        "",
        translate_in(lang, "Total"),
        *figures(balance.total, balance.previous_total, lang),
    ]
    doc.listing(trial_balance_columns(lang), rows(), totals, size=TABLE_SIZES[lang])
    doc.save(path)
    return doc.page_count


def trial_balance_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The trial balance of `request.year` (default: the latest finished fiscal year)."""
    actor.require(Permission.BOOKS_READ)
    data = build_trial_balance_data(session, actor, request.year)
    return ReportResult(request.out, render_trial_balance(data, request.lang, request.out))
