"""The declaration of a foreign receipt to the Secrétariat Général du Gouvernement (التصريح لدى
الأمانة العامة للحكومة بتلقي تمويل أجنبي / déclaration au SGG d'un financement étranger):
a letter from the association — its name, address and definitive receipt number — naming the
donor and its country, the amount in its currency and in dirhams with the rate, the day
received, the purpose, the bank's reference, and the deadline of the declaration, signed by
the president. Arabic by default (`reports.kinds`: the administration's language, LEGAL.md),
French available.

The figures are `core.funding.foreign_declaration.foreign_receipt`'s. LEGAL.md leaves the
article of the Dahir of 1958 that asks it unconfirmed: the letter cites no article number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.foreign_declaration import (
    ForeignReceipt,
    foreign_receipt,
    latest_declaration_id,
)
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import format_date, isolate
from nassij_desktop.reports.engine import ReportDocument, SignatureBlock
from nassij_desktop.reports.funding.common import (
    association_rows,
    country_name,
    money_in,
    rate_text,
    signatory,
)
from nassij_desktop.reports.governance.layout import Frame, read_frame
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

LANGUAGES: tuple[Lang, ...] = ("ar", "fr")


@dataclass(frozen=True)
class ForeignFundingData:
    frame: Frame
    receipt: ForeignReceipt
    rib: str | None  # the association's account the money reached
    bank_name: str | None
    president: dict[Lang, SignatureBlock]  # per language


def build_foreign_funding_data(
    session: Session, actor: Actor, declaration_id: int | None, today: dt.date | None = None
) -> ForeignFundingData:
    actor.require(Permission.FUNDING_READ)
    if declaration_id is None:
        declaration_id = latest_declaration_id(session)
        if declaration_id is None:
            raise NotFound(_("No foreign funding has been received yet."))
    receipt = foreign_receipt(session, actor, declaration_id)
    frame = read_frame(session, today)
    association = get_association(session)
    president = {
        lang: signatory(session, frame.generated_on, "president", lang) for lang in LANGUAGES
    }
    return ForeignFundingData(frame, receipt, association.rib, association.bank_name, president)


def _receipt_rows(data: ForeignFundingData, lang: Lang) -> list[tuple[str, str]]:
    receipt = data.receipt
    rows = [
        (translate_in(lang, "Donor"), receipt.donor(lang)),
        (translate_in(lang, "Country of the donor"), country_name(receipt.donor_country, lang)),
    ]
    if receipt.donor_address:
        rows.append((translate_in(lang, "Donor's address"), receipt.donor_address))
    rows.append(
        (
            translate_in(lang, "Amount in the original currency"),
            money_in(receipt.amount, receipt.currency, lang),
        )
    )
    if receipt.exchange_rate is not None:
        rows.append(
            (
                translate_in(lang, "Exchange rate"),
                rate_text(receipt.exchange_rate, receipt.currency, lang),
            )
        )
    rows += [
        (translate_in(lang, "Amount in dirhams"), money_in(receipt.amount_mad, "MAD", lang)),
        (translate_in(lang, "Date received"), format_date(receipt.received_on, lang, "long")),
        (translate_in(lang, "Purpose"), receipt.purpose),
    ]
    if receipt.agreement_number:
        agreement = isolate(receipt.agreement_number, "ltr")
        if receipt.agreement_date:
            agreement = translate_in(lang, "{number} of {date}").format(
                number=agreement, date=format_date(receipt.agreement_date, lang)
            )
        rows.append((translate_in(lang, "Agreement"), agreement))
    if data.rib:
        account = isolate(data.rib, "ltr")
        if data.bank_name:
            account = f"{data.bank_name} — {account}"
        rows.append((translate_in(lang, "Account credited"), account))
    if receipt.transfer_reference:
        rows.append(
            (translate_in(lang, "Bank reference"), isolate(receipt.transfer_reference, "ltr"))
        )
    if receipt.entry:
        entry = translate_in(lang, "entry {entry}, tranche {number}").format(
            entry=isolate(receipt.entry, "ltr"), number=receipt.tranche_number
        )
        if receipt.voucher_reference:
            entry += " — " + translate_in(lang, "voucher {reference}").format(
                reference=isolate(receipt.voucher_reference, "ltr")
            )
        rows.append((translate_in(lang, "In the books"), entry))
    return rows


def render_foreign_funding(data: ForeignFundingData, lang: Lang, path: Path) -> int:
    receipt = data.receipt
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Declaration of foreign funding"),
        generated_on=frame.generated_on,
    )
    doc.paragraph(translate_in(lang, "To the Secretary General of the Government"))
    doc.paragraph(
        translate_in(lang, "Subject: declaration of a receipt of foreign funding."),
    )
    doc.paragraph(
        translate_in(
            lang,
            "In accordance with the legislation on the right of association, the association "
            "named below declares that it has received the following funding from a foreign "
            "source.",
        )
    )
    doc.key_values(association_rows(frame.association, lang), label_share=0.3)
    doc.heading(translate_in(lang, "The funding received"), level=2)
    rows = _receipt_rows(data, lang)
    deadline = format_date(receipt.due_on, lang, "long")
    if receipt.declared_on is not None:
        deadline += " — " + translate_in(lang, "declared on {date}").format(
            date=format_date(receipt.declared_on, lang)
        )
        if receipt.declared_reference:
            deadline += ", " + translate_in(lang, "reference {reference}").format(
                reference=isolate(receipt.declared_reference, "ltr")
            )
    rows.append((translate_in(lang, "Deadline of the declaration"), deadline))
    doc.key_values(rows, label_share=0.3)
    doc.paragraph(
        translate_in(
            lang,
            "The association certifies that this information is true and complete, and "
            "keeps the vouchers at the disposal of the administration.",
        )
    )
    with doc.keep_together():
        doc.date_line(place=place_name(frame.association.city or "", lang) or None)
        doc.signatures(
            [SignatureBlock("", "", stamp_zone=False), data.president[lang]], stamp_height=20
        )
    doc.save(path)
    return doc.page_count


def foreign_funding_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The declaration to the SGG of foreign funding `request.record_id` (a declaration's id;
    default: the latest receipt's)."""
    actor.require(Permission.FUNDING_READ)
    data = build_foreign_funding_data(session, actor, request.record_id)
    return ReportResult(request.out, render_foreign_funding(data, request.lang, request.out))
