"""The financial report of one agreement (التقرير المالي لاتفاقية الشراكة / rapport financier de
la convention de partenariat), for the funder: the association and the funder, the agreement,
the amounts granted and received with the tranches, the budget against the actual by budget
line, the vouchers behind the actual, the balance, then the date and the signatures of the
president and the treasurer.

Every figure is `core.funding.agreement_account.agreement_account`'s, read from the books: the
lines tagged with the funder and the agreement's number. How a line spent is attributed to a
budget line (by account, then by label) is said in that module's docstring and repeated on
the paper, so the funder can check it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.agreement_account import (
    AgreementAccount,
    AgreementVoucher,
    BudgetActual,
    TrancheLine,
    agreement_account,
    latest_agreement_id,
)
from nassij_desktop.core.funding.models import FUNDER_KIND_LABELS, REQUEST_STATUS_LABELS
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_date, format_percent, isolate
from nassij_desktop.reports.books.common import amount, amount_column
from nassij_desktop.reports.engine import Column, ReportDocument, SignatureBlock
from nassij_desktop.reports.funding.common import (
    association_rows,
    country_name,
    money_in,
    rate_figure,
    rate_text,
    signatory,
)
from nassij_desktop.reports.governance.layout import Frame, read_frame
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

LISTING_SIZES = {"ar": 9.0, "fr": 8.0}
LANGUAGES: tuple[Lang, ...] = ("ar", "fr")


@dataclass(frozen=True)
class AgreementReportData:
    frame: Frame
    account: AgreementAccount
    # The president and the treasurer in office on the day of the paper, per language.
    signatures: dict[Lang, list[SignatureBlock]]


def build_agreement_data(
    session: Session, actor: Actor, request_id: int | None, today: dt.date | None = None
) -> AgreementReportData:
    actor.require(Permission.FUNDING_READ)
    actor.require(Permission.BOOKS_READ)
    if request_id is None:
        request_id = latest_agreement_id(session)
        if request_id is None:
            raise NotFound(_("No funding request has a signed agreement yet."))
    account = agreement_account(session, actor, request_id)
    frame = read_frame(session, today)
    day = frame.generated_on
    signatures = {
        lang: [signatory(session, day, role, lang) for role in ("president", "treasurer")]
        for lang in LANGUAGES
    }
    return AgreementReportData(frame, account, signatures)


def _identity(data: AgreementReportData, lang: Lang) -> list[tuple[str, str]]:
    account = data.account
    rows = association_rows(data.frame.association, lang)
    funder = account.funder(lang)
    kind = translate_in(lang, FUNDER_KIND_LABELS[account.funder_kind])
    rows.append((translate_in(lang, "Funder"), f"{funder} ({kind})"))
    if account.funder_country != "MA":
        rows.append((translate_in(lang, "Country"), country_name(account.funder_country, lang)))
    rows.append((translate_in(lang, "Project"), account.title))
    if account.reference:
        rows.append((translate_in(lang, "Request reference"), isolate(account.reference, "ltr")))
    rows.append((translate_in(lang, "Agreement no."), isolate(account.agreement_number, "ltr")))
    rows.append((translate_in(lang, "Agreement date"), format_date(account.agreement_date, lang)))
    if account.starts_on or account.ends_on:
        rows.append(
            (
                translate_in(lang, "Period of the project"),
                translate_in(lang, "from {start} to {end}").format(
                    start=format_date(account.starts_on, lang) or "…",
                    end=format_date(account.ends_on, lang) or "…",
                ),
            )
        )
    rows.append(
        (translate_in(lang, "Status"), translate_in(lang, REQUEST_STATUS_LABELS[account.status]))
    )
    return rows


def _amounts(account: AgreementAccount, lang: Lang) -> list[tuple[str, str]]:
    currency = account.currency
    rows = [
        (
            translate_in(lang, "Amount requested"),
            money_in(account.amount_requested, currency, lang),
        ),
        (translate_in(lang, "Amount granted"), money_in(account.amount_granted, currency, lang)),
    ]
    if account.co_funding > 0:  # the funder pays a part of the project: say who pays the rest
        rows += [
            (
                translate_in(lang, "Total cost of the project"),
                money_in(account.total_cost, currency, lang),
            ),
            (
                translate_in(lang, "Co-funding (the association and other partners)"),
                money_in(account.co_funding, currency, lang),
            ),
        ]
    if currency != "MAD" and account.mean_rate is not None:
        rows.append(
            (
                translate_in(lang, "Mean exchange rate of the tranches received"),
                rate_text(account.mean_rate, currency, lang),
            )
        )
    rows += [
        (
            translate_in(lang, "Received, according to the books"),
            money_in(account.total_received, "MAD", lang),
        ),
        (
            translate_in(lang, "Still to receive"),
            money_in(account.still_to_receive, currency, lang),
        ),
    ]
    return rows


def _tranche_table(
    account: AgreementAccount, lang: Lang
) -> tuple[list[Column], list[list[str]], list[str]]:
    foreign = account.currency != "MAD"
    columns = [
        Column(translate_in(lang, "No."), 0.75, "center"),
        Column(translate_in(lang, "Expected on"), 1.4, "center"),
        amount_column(translate_in(lang, "Amount expected"), 1.4),
        Column(translate_in(lang, "Received on"), 1.4, "center"),
        amount_column(translate_in(lang, "Amount received"), 1.4),
    ]
    if foreign:
        columns += [
            Column(translate_in(lang, "Rate"), 1.0, "center"),
            amount_column(translate_in(lang, "In dirhams"), 1.4),
        ]
    columns.append(Column(translate_in(lang, "Entry"), 0.9, "center"))

    def row(t: TrancheLine) -> list[str]:
        cells = [
            str(t.number),
            format_date(t.expected_on, lang),
            amount(t.expected_amount, lang),
            format_date(t.received_on, lang) or translate_in(lang, "not yet"),
            amount(t.amount_received, lang),
        ]
        if foreign:
            cells += [
                rate_figure(t.exchange_rate) if t.exchange_rate else "",
                amount(t.amount_mad, lang),
            ]
        return [*cells, isolate(t.entry, "ltr") if t.entry else ""]

    received = [t for t in account.tranches if t.received_on]
    totals = [
        "",
        translate_in(lang, "Total"),  # the number's column is too narrow for the word
        amount(sum((t.expected_amount for t in account.tranches), ZERO), lang),
        "",
        amount(sum((t.amount_received or ZERO for t in received), ZERO), lang),
    ]
    if foreign:
        totals += ["", amount(sum((t.amount_mad or ZERO for t in received), ZERO), lang)]
    totals.append("")
    return columns, [row(t) for t in account.tranches], totals


def _budget_table(
    account: AgreementAccount, lang: Lang
) -> tuple[list[Column], list[list[str]], list[str]]:
    foreign = account.currency != "MAD"
    columns = [
        Column(translate_in(lang, "Budget line"), 2.7),
        Column(translate_in(lang, "Account"), 1.0, "center"),
        amount_column(
            translate_in(lang, "Budget ({currency})").format(currency=account.currency), 1.3
        ),
    ]
    if foreign:
        columns.append(amount_column(translate_in(lang, "Budget in dirhams"), 1.3))
    columns += [
        amount_column(translate_in(lang, "Actual"), 1.3),
        amount_column(translate_in(lang, "Remaining"), 1.3),
        Column(translate_in(lang, "Used"), 1.05, "center"),
    ]

    def used(line: BudgetActual) -> str:
        share = line.used
        return "" if share is None else format_percent(share, lang)

    def row(line: BudgetActual) -> list[str]:
        label = _line_label(line, lang)
        cells = [label, line.account or "", amount(line.budget, lang, blank_zero=True)]
        if foreign:
            cells.append(amount(line.budget_mad, lang, blank_zero=True))
        return [*cells, amount(line.actual, lang), amount(line.remaining, lang), used(line)]

    total_mad = account.total_budget_mad
    totals = [translate_in(lang, "Total"), "", amount(account.total_budget, lang)]
    if foreign:
        totals.append(amount(total_mad, lang))
    remaining = None if total_mad is None else total_mad - account.total_spent
    share = "" if not total_mad else format_percent(float(account.total_spent / total_mad), lang)
    totals += [amount(account.total_spent, lang), amount(remaining, lang), share]
    return columns, [row(line) for line in account.lines], totals


def _line_label(line: BudgetActual, lang: Lang) -> str:
    if line.position is None:
        return translate_in(lang, line.label)  # OUTSIDE_BUDGET
    return f"{line.position}. {line.label}"


def _voucher_columns(lang: Lang) -> list[Column]:
    return [
        Column(translate_in(lang, "Date"), 0.9, "center"),
        Column(translate_in(lang, "Entry"), 0.8, "center"),
        Column(translate_in(lang, "Voucher"), 1.3, "center"),
        Column(translate_in(lang, "Account"), 0.7, "center"),
        Column(translate_in(lang, "Label"), 3.0),
        amount_column(translate_in(lang, "Amount"), 1.2),
    ]


def _voucher_rows(vouchers: tuple[AgreementVoucher, ...], lang: Lang) -> list[list[str]]:
    return [
        [
            format_date(v.entry_date, lang),
            isolate(v.entry, "ltr"),
            isolate(v.reference, "ltr") if v.reference else "",
            v.account,
            v.label,
            amount(v.amount, lang),
        ]
        for v in vouchers
    ]


def render_agreement(data: AgreementReportData, lang: Lang, path: Path) -> int:
    account = data.account
    frame = data.frame
    title = translate_in(lang, "Financial report of the agreement")
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=title,
        reference=account.agreement_number,
        generated_on=frame.generated_on,
    )
    doc.heading(translate_in(lang, "The association, the funder and the agreement"), level=2)
    doc.key_values(_identity(data, lang), label_share=0.32)

    doc.heading(translate_in(lang, "Amounts granted and received"), level=2)
    doc.key_values(_amounts(account, lang), label_share=0.45)
    doc.heading(translate_in(lang, "Tranches"), level=3)
    if account.tranches:
        doc.table(*_tranche_table(account, lang))
    else:
        doc.paragraph(translate_in(lang, "No tranche is planned yet."))

    doc.heading(translate_in(lang, "Budget against actual, by budget line"), level=2)
    if account.lines:
        doc.table(*_budget_table(account, lang))
    else:
        doc.paragraph(translate_in(lang, "The request has no budget lines."))
    doc.paragraph(
        translate_in(
            lang,
            "The actual is what the books spent under this agreement (the lines that name the "
            "funder and the agreement's number), in dirhams. A line spent goes to the budget "
            "line of its account; where several budget lines share an account, to the one "
            "whose label it carries.",
        ),
        size=doc.sizes.small,
    )
    if account.currency != "MAD":
        if account.mean_rate is not None:
            note = translate_in(
                lang, "The budget is converted at the mean rate of the tranches received: {rate}."
            ).format(rate=rate_text(account.mean_rate, account.currency, lang))
        else:
            note = translate_in(
                lang, "No tranche is received yet: the budget is not converted into dirhams."
            )
        doc.paragraph(note, size=doc.sizes.small)
    if account.amount_granted is not None and account.amount_granted != account.total_budget:
        doc.paragraph(
            translate_in(
                lang, "The amount granted ({granted}) differs from the budget requested ({asked})."
            ).format(
                granted=money_in(account.amount_granted, account.currency, lang),
                asked=money_in(account.total_budget, account.currency, lang),
            ),
            size=doc.sizes.small,
        )

    doc.heading(translate_in(lang, "Vouchers of the money received"), level=2)
    columns = _voucher_columns(lang)
    if account.received:
        doc.listing(
            columns,
            _voucher_rows(account.received, lang),
            ["", "", "", "", translate_in(lang, "Total"), amount(account.total_received, lang)],
            size=LISTING_SIZES[lang],
        )
    else:
        doc.paragraph(translate_in(lang, "Nothing received yet."))
    doc.heading(translate_in(lang, "Vouchers of the expenses, by budget line"), level=2)
    spent_lines = [line for line in account.lines if line.vouchers]
    if not spent_lines:
        doc.paragraph(translate_in(lang, "Nothing spent yet."))
    for line in spent_lines:
        heading = _line_label(line, lang)
        doc.heading(heading, level=3)
        doc.listing(
            columns,
            _voucher_rows(line.vouchers, lang),
            ["", "", "", "", translate_in(lang, "Total"), amount(line.actual, lang)],
            size=LISTING_SIZES[lang],
        )

    with doc.keep_together():
        doc.heading(translate_in(lang, "Balance"), level=2)
        doc.key_values(
            [
                (
                    translate_in(lang, "Total received"),
                    money_in(account.total_received, "MAD", lang),
                ),
                (translate_in(lang, "Total spent"), money_in(account.total_spent, "MAD", lang)),
                (translate_in(lang, "Balance remaining"), money_in(account.balance, "MAD", lang)),
            ],
            label_share=0.45,
        )
        doc.paragraph(
            translate_in(
                lang, "Certified true and in agreement with the books and the original vouchers."
            )
        )
        doc.date_line(place=place_name(frame.association.city or "", lang) or None)
        doc.signatures(data.signatures[lang])
    doc.save(path)
    return doc.page_count


def agreement_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The financial report of the agreement of funding request `request.record_id` (default:
    the agreement signed last)."""
    actor.require(Permission.FUNDING_READ)
    actor.require(Permission.BOOKS_READ)
    data = build_agreement_data(session, actor, request.record_id)
    return ReportResult(request.out, render_agreement(data, request.lang, request.out))
