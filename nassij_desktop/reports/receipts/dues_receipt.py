"""The receipt for a member's dues (وصل أداء واجب الانخراط / reçu de cotisation): its number,
the member, the amount in figures and in words, how it was paid and for which year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.members.dues import latest_dues_id
from nassij_desktop.core.members.models import DuesPayment, Member
from nassij_desktop.core.members.records import require_dues_read
from nassij_desktop.i18n import N_, _, translate_in
from nassij_desktop.reports.receipts.layout import (
    Issuer,
    ReceiptContent,
    member_payer,
    read_issuer,
    render_receipt,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

TITLE = N_("Dues receipt no. {number}")
FOR_YEAR = N_("Dues for the year {year}")


@dataclass(frozen=True)
class DuesReceiptData:
    issuer: Issuer
    receipt: ReceiptContent
    year: int


def build_dues_receipt_data(
    session: Session, payment_id: int | None = None, today: dt.date | None = None
) -> DuesReceiptData:
    """The receipt of dues payment `payment_id` (default: the latest payment)."""
    payment_id = payment_id or latest_dues_id(session)
    if payment_id is None:
        raise NotFound(_("No dues have been recorded yet."))
    payment = get_or_fail(session, DuesPayment, payment_id, _("dues payment"))
    member = session.get(Member, payment.member_id)
    assert member is not None  # RESTRICT: a member with dues is never deleted
    return DuesReceiptData(
        issuer=read_issuer(session, payment.paid_on, today),
        receipt=ReceiptContent(
            title_msgid=TITLE,
            number=payment.receipt_number,
            received_on=payment.paid_on,
            payer=member_payer(member),
            amount=payment.amount,
            method=payment.method,
            reference="",
            purpose_lines=(),
        ),
        year=payment.year,
    )


def dues_receipt_content(data: DuesReceiptData, lang: Lang) -> ReceiptContent:
    """The receipt as printed in `lang`: with the year it pays for."""
    purpose = translate_in(lang, FOR_YEAR).format(year=data.year)
    return replace(data.receipt, purpose_lines=((N_("Purpose"), purpose),))


def render_dues_receipt(data: DuesReceiptData, lang: Lang, path: Path) -> int:
    return render_receipt(dues_receipt_content(data, lang), data.issuer, lang, path)


def dues_receipt_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The receipt of dues payment `request.record_id` (default: the latest). Whoever may
    record dues or read the finances may print it."""
    require_dues_read(actor)
    data = build_dues_receipt_data(session, request.record_id)
    pages = render_dues_receipt(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
