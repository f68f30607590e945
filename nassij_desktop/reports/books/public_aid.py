"""The account of the use of public aid (حساب استعمال الدعم العمومي / compte d'emploi des
subventions publiques) of a fiscal year, due to the Cour des comptes before 15 March of the
next year: a summary per public funder and agreement (received, spent, balance), then for each
agreement the vouchers of the money received and of the money spent, and the signatures.
The figures are those of `core.funding.public_aid.public_aid_account`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.models import Funder
from nassij_desktop.core.funding.public_aid import AidVoucher, PublicAidAccount, public_aid_account
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_date, isolate
from nassij_desktop.reports.books.common import amount, amount_column, document_year, period_text
from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument, SignatureBlock
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

TABLE_SIZES = {"ar": 9.0, "fr": 8.0}


@dataclass(frozen=True)
class PublicAidData:
    letterhead: Letterhead
    generated_on: dt.date
    account: PublicAidAccount


def parse_funder(session: Session, value: str | None) -> int | None:
    """The funder named by `value`, its id or its acronym (any case); None for every public
    funder."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        found = session.scalar(sa.select(Funder.id).where(Funder.id == int(text)))
    else:
        found = session.scalar(
            sa.select(Funder.id)
            .where(sa.func.lower(Funder.acronym) == text.lower())
            .order_by(Funder.id)
            .limit(1)
        )
    if found is None:
        raise ValidationError("funder", _("Unknown funder {funder}.").format(funder=text))
    return found


def build_public_aid_data(
    session: Session,
    actor: Actor,
    year: int | None,
    funder: str | None = None,
    today: dt.date | None = None,
) -> PublicAidData:
    actor.require(Permission.BOOKS_READ)
    label = document_year(session, year, today)
    account = public_aid_account(session, actor, label, funder_id=parse_funder(session, funder))
    return PublicAidData(read_letterhead(session), today or clock.today(), account)


def _voucher_rows(vouchers: Sequence[AidVoucher], lang: Lang) -> list[list[str]]:
    return [
        [
            format_date(v.entry_date, lang),
            v.entry,
            v.reference or "",
            v.account,
            v.label,
            translate_in(lang, "attached") if v.scanned else "",
            amount(v.amount, lang),
        ]
        for v in vouchers
    ]


def render_public_aid(data: PublicAidData, lang: Lang, path: Path) -> int:
    account = data.account
    title = translate_in(lang, "Account of the use of public aid {year}").format(
        year=account.year.label
    )
    doc = ReportDocument(lang, data.letterhead, title=title, generated_on=data.generated_on)
    doc.paragraph(period_text(account.year, None, lang), size=doc.sizes.small)
    doc.paragraph(
        translate_in(lang, "To be sent to the Cour des comptes before {date}.").format(
            date=format_date(account.deadline, lang, "long")
        )
    )
    if not account.agreements:
        doc.paragraph(translate_in(lang, "No public aid was received or used this year."))
    else:
        doc.heading(translate_in(lang, "Summary per funder and agreement"), level=2)
        summary = [
            Column(translate_in(lang, "Funder"), 2.6),
            Column(translate_in(lang, "Agreement no."), 2.4, "center"),
            amount_column(translate_in(lang, "Brought forward"), 1.3),
            amount_column(translate_in(lang, "Received"), 1.3),
            amount_column(translate_in(lang, "Spent"), 1.3),
            amount_column(translate_in(lang, "Balance"), 1.3),
        ]
        rows = [
            [
                a.funder(lang),
                isolate(a.agreement_number, "ltr"),
                amount(a.brought_forward, lang),
                amount(a.total_received, lang),
                amount(a.total_spent, lang),
                amount(a.balance, lang),
            ]
            for a in account.agreements
        ]
        totals = [
            translate_in(lang, "Total"),
            "",
            amount(account.brought_forward, lang),
            amount(account.total_received, lang),
            amount(account.total_spent, lang),
            amount(account.balance, lang),
        ]
        doc.table(summary, rows, totals)
    columns = [
        Column(translate_in(lang, "Date"), 0.9, "center"),
        Column(translate_in(lang, "Entry"), 0.8, "center"),
        Column(translate_in(lang, "Voucher"), 1.4, "center"),
        Column(translate_in(lang, "Account"), 0.7, "center"),
        Column(translate_in(lang, "Label"), 2.0),
        Column(translate_in(lang, "Scan"), 0.8, "center"),
        amount_column(translate_in(lang, "Amount"), 1.2),
    ]
    if account.agreements:
        doc.paragraph(
            translate_in(
                lang,
                "Scan “attached”: the scanned voucher is kept in the association's file, "
                "with its entry.",
            ),
            size=doc.sizes.small,
        )
    for agreement in account.agreements:
        doc.heading(agreement.funder(lang), level=2)
        doc.key_values(
            [
                (translate_in(lang, "Agreement no."), isolate(agreement.agreement_number, "ltr")),
                (translate_in(lang, "Agreement date"), format_date(agreement.agreement_date, lang)),
                (translate_in(lang, "Kind of aid"), agreement.aid_kind),
                (
                    translate_in(lang, "Brought forward from the earlier years"),
                    amount(agreement.brought_forward, lang),
                ),
            ],
            label_share=0.4,
        )
        for heading, vouchers, total in (
            (translate_in(lang, "Aid received"), agreement.received, agreement.total_received),
            (translate_in(lang, "Use of the aid: expenses and their vouchers"), agreement.spent,
             agreement.total_spent),
        ):  # fmt: skip
            doc.heading(heading, level=3)
            if not vouchers:
                doc.paragraph(translate_in(lang, "None this year."))
                continue
            doc.listing(
                columns,
                _voucher_rows(vouchers, lang),
                ["", "", "", "", translate_in(lang, "Total"), "", amount(total, lang)],
                size=TABLE_SIZES[lang],
            )
        doc.paragraph(
            translate_in(lang, "Balance of the aid at the end of the year: {amount}").format(
                amount=amount(agreement.balance, lang)
            )
        )
    with doc.keep_together():
        doc.paragraph(
            translate_in(
                lang, "Certified true and in agreement with the books and the original vouchers."
            )
        )
        doc.date_line(
            place=place_name(data.letterhead.city or "", lang) or None, on=data.generated_on
        )
        doc.signatures(
            [
                SignatureBlock(translate_in(lang, "The president")),
                SignatureBlock(translate_in(lang, "The treasurer")),
            ]
        )
    doc.save(path)
    return doc.page_count


def public_aid_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The account of the use of public aid of `request.year` (default: the latest finished
    fiscal year), of every public funder or of `request.funder` (an id)."""
    actor.require(Permission.BOOKS_READ)
    data = build_public_aid_data(session, actor, request.year, request.funder)
    return ReportResult(request.out, render_public_aid(data, request.lang, request.out))
