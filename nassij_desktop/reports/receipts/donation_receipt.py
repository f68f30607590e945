"""The receipt for a donation (وصل هبة / reçu de don): its number, the donor, the amount in
figures and in words, how it was given, what for, and — only for an association recognised of
public utility — the decree, which is what lets a donor deduct the gift. A cancelled receipt
is printed stamped "ANNULÉ / ملغى", with the date and reason of the cancellation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.donations.models import Donation, DonorKind
from nassij_desktop.core.donations.services import latest_donation_id
from nassij_desktop.core.members.models import Member
from nassij_desktop.i18n import N_, _, translate_in
from nassij_desktop.reports.receipts.layout import (
    Issuer,
    Payer,
    ReceiptContent,
    member_payer,
    payer_named,
    read_issuer,
    render_receipt,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

TITLE = N_("Donation receipt no. {number}")
GENERAL_PURPOSE = N_("Donation to the association's work")


@dataclass(frozen=True)
class DonationReceiptData:
    issuer: Issuer
    receipt: ReceiptContent
    purpose: str  # as typed, "" for a gift to the association's work in general
    in_kind_description: str


# What the donor's number is: a person's identity card, a company's ICE (identifiant
# commun de l'entreprise), another organisation's registration.
IDENTITY_LABELS = {
    DonorKind.PERSON: N_("Identity no."),
    DonorKind.COMPANY: N_("ICE no."),
    DonorKind.ORGANISATION: N_("Registration no."),
}
IN_KIND_LABELS = {
    "amount_label": N_("Estimated value"),
    "amount_words_label": N_("Estimated value in words"),
}


def _payer(session: Session, donation: Donation) -> Payer:
    if donation.member_id is not None:
        member = session.get(Member, donation.member_id)
        if member is not None:  # a member is named in the document's script
            return member_payer(member, donation.donor_identity or "", donation.donor_address or "")
    named = payer_named(donation.donor_name)
    return replace(
        named,
        identity=donation.donor_identity or "",
        address=donation.donor_address or "",
        identity_label=IDENTITY_LABELS[donation.donor_kind],
    )


def build_donation_receipt_data(
    session: Session, donation_id: int | None = None, today: dt.date | None = None
) -> DonationReceiptData:
    """The receipt of donation `donation_id` (default: the latest donation)."""
    donation_id = donation_id or latest_donation_id(session)
    if donation_id is None:
        raise NotFound(_("No donation has been recorded yet."))
    donation = get_or_fail(session, Donation, donation_id, _("donation"))
    return DonationReceiptData(
        issuer=read_issuer(session, donation.received_on, today),
        receipt=ReceiptContent(
            title_msgid=TITLE,
            number=donation.receipt_number,
            received_on=donation.received_on,
            payer=_payer(session, donation),
            amount=donation.amount,
            method=None if donation.in_kind else donation.method,
            reference=donation.payment_reference or "",
            purpose_lines=(),
            cancelled=donation.cancelled,
            cancelled_on=donation.cancelled_on,
            cancel_reason=donation.cancel_reason or "",
            public_utility_line=True,
            **(IN_KIND_LABELS if donation.in_kind else {}),
        ),
        purpose=donation.purpose or "",
        in_kind_description=donation.in_kind_description or "",
    )


def render_donation_receipt(data: DonationReceiptData, lang: Lang, path: Path) -> int:
    lines = []
    if data.in_kind_description:
        lines.append((N_("Gift in kind"), data.in_kind_description))
    lines.append((N_("Purpose"), data.purpose or translate_in(lang, GENERAL_PURPOSE)))
    receipt = replace(data.receipt, purpose_lines=tuple(lines))
    return render_receipt(receipt, data.issuer, lang, path)


def donation_receipt_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The receipt of donation `request.record_id` (default: the latest); it shows a donor's
    name and gift, so it needs the right to read the finances."""
    actor.require(Permission.BOOKS_READ)
    data = build_donation_receipt_data(session, request.record_id)
    pages = render_donation_receipt(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
