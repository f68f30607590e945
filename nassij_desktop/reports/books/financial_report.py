"""The annual financial report for the general assembly (التقرير المالي السنوي / rapport
financier annuel): the association and the year; the treasurer's commentary; the CPC and the
bilan with the previous year beside; the ETIC notes a small association needs (subsidies per
funder and agreement, dues, donations, foreign funds, contributions in kind); the budget
against actual; the trial balance's totals, which the statements agree with; then the
president's and the treasurer's signatures.

Every figure comes from the statements services (`year_statements`: the CPC, the bilan and the
trial balance from one reading of the balances; `budget_vs_actual`) and
`etic.build_etic_notes`: nothing is computed here but their layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.books.budgets import BudgetComparison, budget_vs_actual
from nassij_desktop.core.books.layouts import StatementModel
from nassij_desktop.core.books.models import FiscalYear, FiscalYearStatus
from nassij_desktop.core.books.statements import StatementTable
from nassij_desktop.core.books.statements.table import RowLevel, year_statements
from nassij_desktop.core.books.statements.trial_balance import TrialBalance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import N_, _, translate_in
from nassij_desktop.i18n.formatting import format_date, format_percent
from nassij_desktop.reports.books.common import amount, amount_column, document_year, period_text
from nassij_desktop.reports.books.etic import AccountNote, EticNotes, build_etic_notes
from nassij_desktop.reports.engine import (
    Column,
    Emphasised,
    Heading,
    Letterhead,
    ReportDocument,
    SignatureBlock,
)
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

TABLE_SIZES = {"ar": 9.5, "fr": 8.5}
COMMENT_LENGTH = 5000

MODEL_LABELS = {
    StatementModel.NORMAL: N_("Normal model"),
    StatementModel.SIMPLIFIED: N_("Simplified model"),
    StatementModel.SUPER_SIMPLIFIED: N_("Super-simplified model"),
}


@dataclass(frozen=True)
class FinancialReportData:
    letterhead: Letterhead
    generated_on: dt.date
    cpc: StatementTable
    bilan: StatementTable
    balance: TrialBalance
    notes: EticNotes
    budget: BudgetComparison
    comment: str
    closed: bool  # the year is closed (or locked): its figures are final


def build_financial_report_data(
    session: Session,
    actor: Actor,
    year: int | None,
    comment: str | None = None,
    today: dt.date | None = None,
) -> FinancialReportData:
    actor.require(Permission.BOOKS_READ)
    text = (comment or "").strip()
    if len(text) > COMMENT_LENGTH:
        raise ValidationError(
            "comment",
            _("The commentary is too long (at most {count} characters).").format(
                count=COMMENT_LENGTH
            ),
        )
    label = document_year(session, year, today)
    statements = year_statements(session, actor, label)
    status = session.scalar(
        sa.select(FiscalYear.status).where(FiscalYear.label == statements.cpc.year.label)
    )
    return FinancialReportData(
        read_letterhead(session),
        today or clock.today(),
        statements.cpc,
        statements.bilan,
        statements.trial_balance,
        build_etic_notes(session, statements.cpc.year),
        budget_vs_actual(session, actor, label),
        text,
        status in (FiscalYearStatus.CLOSED, FiscalYearStatus.LOCKED),
    )


def _statement_rows(
    table: StatementTable, lang: Lang, amounts: Sequence[int]
) -> Iterator[tuple[str, ...]]:
    """The rows of the CPC or the bilan: headings and totals bold; `amounts` picks the
    columns of `table` shown."""
    for row in table.rows:
        values = [row.values[i] for i in amounts]
        cells = (row.code, row.label(lang), *(_cell(v, lang) for v in values))
        if row.level is RowLevel.LINE:
            yield cells
        elif row.level is RowLevel.HEADING:
            yield Heading((row.code, row.label(lang), *("" for _v in values)))
        else:
            yield Emphasised(cells)


def _cell(value: object, lang: Lang) -> str:
    return amount(value, lang) if isinstance(value, Decimal) else ""


def _account_notes(doc: ReportDocument, notes: Sequence[AccountNote], lang: Lang) -> None:
    if not notes:
        doc.paragraph(translate_in(lang, "None this year."))
        return
    columns = [
        Column(translate_in(lang, "Account"), 0.8, "center"),
        Column(translate_in(lang, "Label"), 4.0),
        amount_column(translate_in(lang, "Amount"), 1.4),
    ]
    rows = [[n.account, n.label(lang), amount(n.amount, lang)] for n in notes]
    total = sum((n.amount for n in notes), Decimal("0.00"))
    doc.listing(
        columns,
        rows,
        ["", translate_in(lang, "Total"), amount(total, lang)],
        size=TABLE_SIZES[lang],
    )


def _subsidy_notes(doc: ReportDocument, notes: EticNotes, lang: Lang, foreign: bool) -> None:
    chosen = notes.foreign if foreign else notes.subsidies
    if not chosen:
        doc.paragraph(translate_in(lang, "None this year."))
        return
    columns = [
        Column(translate_in(lang, "Funder"), 3.2),
        Column(translate_in(lang, "Agreement no."), 1.6, "center"),
        Column(translate_in(lang, "Agreement date"), 1.1, "center"),
        amount_column(translate_in(lang, "Amount received"), 1.4),
    ]
    rows = [
        [
            n.funder(lang) or translate_in(lang, "Funder not named"),
            n.agreement_number,
            format_date(n.agreement_date, lang),
            amount(n.amount, lang),
        ]
        for n in chosen
    ]
    total = sum((n.amount for n in chosen), Decimal("0.00"))
    doc.listing(
        columns,
        rows,
        ["", "", translate_in(lang, "Total"), amount(total, lang)],
        size=TABLE_SIZES[lang],
    )


def _percent(value: Decimal | None, lang: Lang) -> str:
    return "" if value is None else format_percent(float(value) / 100, lang)


def _budget(doc: ReportDocument, budget: BudgetComparison, lang: Lang) -> None:
    if not budget.lines:
        doc.paragraph(translate_in(lang, "None this year."))
        return
    if not budget.has_budget:
        doc.paragraph(
            translate_in(lang, "No budget was set for this year: the actual amounts only.")
        )
    columns = [
        Column(translate_in(lang, "Account"), 0.8, "center"),
        Column(translate_in(lang, "Label"), 3.0),
        amount_column(translate_in(lang, "Budget")),
        amount_column(translate_in(lang, "Actual")),
        amount_column(translate_in(lang, "Variance")),
        Column(translate_in(lang, "Variance %"), 0.8, "right"),
    ]
    rows: list[tuple[str, ...]] = [
        (
            line.account,
            line.label(lang),
            amount(line.budget, lang),
            amount(line.actual, lang),
            amount(line.variance, lang),
            _percent(line.percent, lang),
        )
        for line in budget.lines
    ]
    rows += [
        Emphasised(
            (
                "",
                total.label(lang),
                amount(total.budget, lang),
                amount(total.actual, lang),
                amount(total.variance, lang),
                _percent(total.percent, lang),
            )
        )
        for total in budget.totals
    ]
    doc.listing(columns, rows, size=TABLE_SIZES[lang])


def render_financial_report(data: FinancialReportData, lang: Lang, path: Path) -> int:
    year, previous = data.cpc.year, data.cpc.previous_year
    head = data.letterhead
    title = translate_in(lang, "Annual financial report {year}").format(year=year.label)
    doc = ReportDocument(lang, head, title=title, generated_on=data.generated_on)
    doc.paragraph(translate_in(lang, "Presented to the general assembly of the association."))
    if not data.closed:
        # A report printed before the closing must not pass for the final one.
        doc.rich_paragraph(
            "**"
            + translate_in(
                lang,
                "Provisional: the fiscal year {year} is not closed; its figures may still "
                "change until it is.",
            ).format(year=year.label)
            + "**"
        )
    model = data.cpc.model or StatementModel.NORMAL
    identity = [
        (translate_in(lang, "Association"), head.name_ar if lang == "ar" else head.name_fr),
        (
            translate_in(lang, "Address"),
            (head.address_ar if lang == "ar" else head.address_fr) or "",
        ),
        (translate_in(lang, "Final receipt no."), head.receipt_number or ""),
        (translate_in(lang, "Fiscal year"), period_text(year, None, lang)),
        (
            translate_in(lang, "State of the books"),
            translate_in(lang, "Closed: final figures")
            if data.closed
            else translate_in(lang, "Not closed: provisional figures"),
        ),
        (translate_in(lang, "Previous year"), period_text(previous, None, lang)),
        (translate_in(lang, "Statements"), translate_in(lang, MODEL_LABELS[model])),
        (translate_in(lang, "Currency"), translate_in(lang, "Moroccan dirham (MAD)")),
    ]
    doc.key_values([(k, v) for k, v in identity if v], label_share=0.3)
    doc.heading(translate_in(lang, "Treasurer's commentary"), level=2)
    doc.paragraph(data.comment or translate_in(lang, "No commentary was given."))
    doc.heading(translate_in(lang, "Agreement with the trial balance"), level=2)
    total = data.balance.total
    doc.key_values(
        [
            (translate_in(lang, "Total debits of the year"), amount(total.debit, lang)),
            (translate_in(lang, "Total credits of the year"), amount(total.credit, lang)),
            (translate_in(lang, "Closing debit balances"), amount(total.closing_debit, lang)),
            (translate_in(lang, "Closing credit balances"), amount(total.closing_credit, lang)),
        ],
        label_share=0.5,
    )

    doc.new_page()
    doc.heading(translate_in(lang, "1. Income and expenditure account (CPC)"))
    cpc_columns = [
        Column(translate_in(lang, "Code"), 0.6, "center"),
        Column(translate_in(lang, "Label"), 4.2),
        amount_column(year.label, 1.3),
        amount_column(previous.label, 1.3),
    ]
    doc.listing(cpc_columns, _statement_rows(data.cpc, lang, (0, 1)), size=TABLE_SIZES[lang])

    doc.new_page()
    doc.heading(translate_in(lang, "2. Balance sheet (bilan) at the end of the year"))
    bilan_columns = [
        Column(translate_in(lang, "Code"), 0.6, "center"),
        Column(translate_in(lang, "Label"), 3.0),
        amount_column(translate_in(lang, "Gross")),
        amount_column(translate_in(lang, "Amortisation and provisions"), 1.6),
        amount_column(translate_in(lang, "Net {year}").format(year=year.label)),
        amount_column(translate_in(lang, "Net {year}").format(year=previous.label)),
    ]
    doc.listing(
        bilan_columns, _statement_rows(data.bilan, lang, (0, 1, 2, 3)), size=TABLE_SIZES[lang]
    )
    for unmapped in (*data.cpc.unmapped, *data.bilan.unmapped):
        doc.paragraph(
            translate_in(
                lang, "No line of the statements takes account {account} ({amount})."
            ).format(account=unmapped.account, amount=amount(unmapped.current, lang))
        )

    doc.new_page()
    doc.heading(translate_in(lang, "3. Additional information (ETIC)"))
    doc.heading(translate_in(lang, "3.1 Subsidies received, per funder and agreement"), level=2)
    _subsidy_notes(doc, data.notes, lang, foreign=False)
    doc.heading(translate_in(lang, "3.2 Members' dues"), level=2)
    _account_notes(doc, data.notes.dues, lang)
    doc.heading(translate_in(lang, "3.3 Donations"), level=2)
    _account_notes(doc, data.notes.donations, lang)
    doc.heading(translate_in(lang, "3.4 Foreign funds"), level=2)
    _subsidy_notes(doc, data.notes, lang, foreign=True)
    doc.heading(translate_in(lang, "3.5 Voluntary contributions in kind"), level=2)
    _account_notes(doc, data.notes.in_kind, lang)

    doc.heading(translate_in(lang, "4. Budget against actual"))
    _budget(doc, data.budget, lang)

    with doc.keep_together():
        doc.date_line(place=place_name(head.city or "", lang) or None, on=data.generated_on)
        doc.signatures(
            [
                SignatureBlock(translate_in(lang, "The president")),
                SignatureBlock(translate_in(lang, "The treasurer")),
            ]
        )
    doc.save(path)
    return doc.page_count


def financial_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The annual financial report of `request.year` (default: the latest finished fiscal
    year), with `request.comment` as the treasurer's commentary."""
    actor.require(Permission.BOOKS_READ)
    data = build_financial_report_data(session, actor, request.year, request.comment)
    return ReportResult(request.out, render_financial_report(data, request.lang, request.out))
