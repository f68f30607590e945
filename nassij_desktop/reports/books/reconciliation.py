"""The bank reconciliation statement (حالة المطابقة البنكية / état de rapprochement bancaire):
a bank account's book balance at a day explained by the bank's balance — the book lines the
bank has not shown yet, the bank lines not yet in the books — then the treasurer's signature.

The figures are `core/books/reconciliation.reconciliation_statement`'s, as on the screen and
in `nassij books reconcile status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.reconciliation import (
    BookLine,
    ReconciliationStatement,
    reconciliation_statement,
)
from nassij_desktop.core.books.treasury import find_treasury_account, treasury_balances
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_amount, format_date
from nassij_desktop.reports.engine import Column, ReportDocument, SignatureBlock
from nassij_desktop.reports.engine.letterhead import Letterhead, letterhead_from_association
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult


@dataclass(frozen=True)
class ReconciliationData:
    letterhead: Letterhead
    bank_name: str | None
    statement: ReconciliationStatement
    generated_on: dt.date


def build_reconciliation_data(
    session: Session,
    actor: Actor,
    account: str | None,
    as_of: dt.date | None,
    today: dt.date | None = None,
) -> ReconciliationData:
    """The statement of the bank account `account` (its number, journal or name; default:
    the first active bank account) at the end of `as_of` (default: today)."""
    today = today or clock.today()
    if account:
        treasury = find_treasury_account(session, actor, account)
    else:
        banks = [
            t
            for t in treasury_balances(session, actor, active_only=True)
            if t.kind is TreasuryKind.BANK
        ]
        if not banks:
            raise NotFound(_("The books have no bank account to reconcile."))
        treasury = banks[0]
    statement = reconciliation_statement(session, actor, treasury.id, as_of or today)
    return ReconciliationData(
        letterhead_from_association(session), treasury.bank_name, statement, today
    )


def _amount(value: Decimal | None, lang: Lang) -> str:
    return "—" if value is None else format_amount(value, lang)


def _uncleared_label(line: BookLine, lang: Lang) -> str:
    """A cheque of a closed year still outstanding says so: its amount is in the opening."""
    if not line.carried:
        return line.label
    return translate_in(lang, "{label} (from a closed year, in the opening balance)").format(
        label=line.label
    )


def render_reconciliation(data: ReconciliationData, lang: Lang, path: Path) -> int:
    s = data.statement
    doc = ReportDocument(
        lang,
        data.letterhead,
        title=translate_in(lang, "Bank reconciliation statement"),
        generated_on=data.generated_on,
    )
    facts = [
        (translate_in(lang, "Bank account"), f"{s.treasury_name} ({s.account})"),
        (translate_in(lang, "Bank"), data.bank_name or ""),
        (translate_in(lang, "Reconciliation at"), format_date(s.as_of, lang, "long")),
        (
            translate_in(lang, "Statements received up to"),
            format_date(s.statement_through, lang) if s.statement_through else "—",
        ),
    ]
    doc.key_values([(label, value) for label, value in facts if value], label_share=0.35)
    amount = Column(translate_in(lang, "Amount"), 1.0, "end")
    doc.table(
        [Column("", 3.0), amount],
        [
            [translate_in(lang, "Book balance"), _amount(s.book_balance, lang)],
            [
                translate_in(lang, "Book lines not yet on the statement, taken out"),
                _amount(-s.uncleared_total, lang),
            ],
            [
                translate_in(lang, "Statement lines not yet in the books, added"),
                _amount(s.unmatched_total, lang),
            ],
            [translate_in(lang, "Expected bank balance"), _amount(s.expected_bank_balance, lang)],
            [translate_in(lang, "Bank balance per statement"), _amount(s.bank_balance, lang)],
        ],
        totals=[translate_in(lang, "Difference"), _amount(s.difference, lang)],
    )
    doc.heading(translate_in(lang, "Book lines not yet on the statement"), level=2)
    if s.uncleared:
        doc.table(
            [
                Column(translate_in(lang, "Date"), 1.0),
                Column(translate_in(lang, "Entry"), 1.2),
                Column(translate_in(lang, "Label"), 3.2),
                amount,
            ],
            [
                [
                    format_date(b.day, lang),
                    b.entry,
                    _uncleared_label(b, lang),
                    _amount(b.amount, lang),
                ]
                for b in s.uncleared
            ],
            totals=["", "", translate_in(lang, "Total"), _amount(s.uncleared_total, lang)],
        )
    else:
        doc.paragraph(translate_in(lang, "None."))
    doc.heading(translate_in(lang, "Statement lines not yet in the books"), level=2)
    if s.unmatched:
        doc.table(
            [
                Column(translate_in(lang, "Date"), 1.0),
                Column(translate_in(lang, "Label"), 4.4),
                amount,
            ],
            [[format_date(b.day, lang), b.label, _amount(b.amount, lang)] for b in s.unmatched],
            totals=["", translate_in(lang, "Total"), _amount(s.unmatched_total, lang)],
        )
    else:
        doc.paragraph(translate_in(lang, "None."))
    with doc.keep_together():
        doc.paragraph(
            translate_in(lang, "The bank account is reconciled.")
            if s.reconciled
            else translate_in(lang, "The bank account is not reconciled.")
        )
        doc.date_line()
        doc.signatures([SignatureBlock(translate_in(lang, "The treasurer"))])
    doc.save(path)
    return doc.page_count


def reconciliation_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """`report reconciliation --account N --date D`."""
    actor.require(Permission.BOOKS_READ)
    data = build_reconciliation_data(session, actor, request.account, request.as_of)
    pages = render_reconciliation(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
