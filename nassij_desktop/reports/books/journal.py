"""The journal (دفتر اليومية / journal) of a fiscal year: its validated entries in order (date,
journal, number), each with its lines, and the year's total debits and credits beside the
previous year's; A4 landscape, the header row repeated on every page. Read from the database
`FETCH_ROWS` lines at a time as the pages are drawn, as the ledger is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import Account, Journal, JournalEntry, JournalLine
from nassij_desktop.core.books.statements.selection import (
    CREDIT,
    DEBIT,
    ENTRY_ORDER,
    Period,
    cents,
    counted_lines,
    previous_period,
    resolve_year,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.money import from_centimes
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.books.common import amount, amount_column, document_year, period_text
from nassij_desktop.reports.engine import Column, Heading, Letterhead, ReportDocument
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

TABLE_SIZES = {"ar": 8.5, "fr": 7.5}
FETCH_ROWS = 1000


@dataclass(frozen=True)
class JournalData:
    letterhead: Letterhead
    generated_on: dt.date
    year: Period
    previous_year: Period
    totals: tuple[Decimal, Decimal]  # the year's debits and credits
    previous_totals: tuple[Decimal, Decimal]
    session: Session  # the lines are read from it as the pages are drawn

    def lines(self) -> Iterator[tuple[int, dt.date, str, str, str, str, str, str, str, int, int]]:
        """(entry id, date, entry, voucher, entry label, account, label ar, label fr, line
        label, debit, credit) in entry order."""
        entry = sa.func.coalesce(
            Journal.code + sa.literal("-") + sa.cast(JournalEntry.number, sa.String), Journal.code
        )
        query = (
            counted_lines(
                JournalEntry.id,
                JournalEntry.entry_date,
                entry,
                sa.func.coalesce(JournalEntry.reference, ""),
                JournalEntry.label,
                Account.number,
                Account.label_ar,
                Account.label_fr,
                sa.func.coalesce(JournalLine.label, ""),
                DEBIT,
                CREDIT,
                since=self.year.starts_on,
                until=self.year.ends_on,
            )
            .join(Journal, Journal.id == JournalEntry.journal_id)
            .join(Account, Account.id == JournalLine.account_id)
            .order_by(*ENTRY_ORDER)
        )
        yield from self.session.execute(query.execution_options(yield_per=FETCH_ROWS))


def _totals(session: Session, period: Period) -> tuple[Decimal, Decimal]:
    debit, credit = session.execute(
        counted_lines(
            sa.func.coalesce(sa.func.sum(DEBIT), 0),
            sa.func.coalesce(sa.func.sum(CREDIT), 0),
            since=period.starts_on,
            until=period.ends_on,
        )
    ).one()
    return from_centimes(int(debit)), from_centimes(int(credit))


def build_journal_data(
    session: Session, actor: Actor, year: int | None, today: dt.date | None = None
) -> JournalData:
    actor.require(Permission.BOOKS_READ)
    period = resolve_year(session, document_year(session, year, today))
    previous = previous_period(session, period)
    return JournalData(
        read_letterhead(session),
        today or clock.today(),
        period,
        previous,
        _totals(session, period),
        _totals(session, previous),
        session,
    )


def journal_columns(lang: Lang) -> list[Column]:
    return [
        Column(translate_in(lang, "Date"), 0.9, "center"),
        Column(translate_in(lang, "Entry"), 0.8, "center"),
        Column(translate_in(lang, "Voucher"), 1.0, "center"),
        Column(translate_in(lang, "Account"), 0.8, "center"),
        Column(translate_in(lang, "Label"), 3.6),
        amount_column(translate_in(lang, "Debit")),
        amount_column(translate_in(lang, "Credit")),
    ]


def journal_rows(data: JournalData, lang: Lang) -> Iterator[tuple[str, ...]]:
    current = None
    for row in data.lines():
        entry_id, day, entry, voucher, label, account, label_ar, label_fr, text, debit, credit = row
        if entry_id != current:
            current = entry_id
            yield Heading((format_date(day, lang), entry, voucher, "", label, "", ""))
        account_label = label_ar if lang == "ar" else label_fr
        yield (
            "",
            "",
            "",
            account,
            f"{account_label}\n{text}" if text and text != label else account_label,
            amount(cents(debit), lang, blank_zero=True),
            amount(cents(credit), lang, blank_zero=True),
        )


def render_journal(data: JournalData, lang: Lang, path: Path) -> int:
    title = translate_in(lang, "Journal {year}").format(year=data.year.label)
    doc = ReportDocument(
        lang, data.letterhead, title=title, orientation="landscape", generated_on=data.generated_on
    )
    doc.paragraph(period_text(data.year, data.previous_year, lang), size=doc.sizes.small)
    previous = translate_in(
        lang, "Totals of the previous year ({year}): debit {debit}, credit {credit}"
    )
    doc.paragraph(
        previous.format(
            year=data.previous_year.label,
            debit=amount(data.previous_totals[0], lang),
            credit=amount(data.previous_totals[1], lang),
        ),
        size=doc.sizes.small,
    )
    totals = [
        "",
        "",
        "",
        "",
        translate_in(lang, "Total"),
        amount(data.totals[0], lang),
        amount(data.totals[1], lang),
    ]
    doc.listing(journal_columns(lang), journal_rows(data, lang), totals, size=TABLE_SIZES[lang])
    doc.save(path)
    return doc.page_count


def journal_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The journal of `request.year` (default: the latest finished fiscal year)."""
    actor.require(Permission.BOOKS_READ)
    data = build_journal_data(session, actor, request.year)
    return ReportResult(request.out, render_journal(data, request.lang, request.out))
