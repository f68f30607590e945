"""What the declaration of a foreign receipt to the SGG says (LEGAL.md, "Foreign funding"):
the donor and its country, the amount in its currency and in dirhams with the rate, the day
received, the purpose, the bank's reference of the money, the deadline; and the declarations
a document's picker offers.

A declaration is opened by `services.receive_tranche` when a foreign funder's tranche is
received; this module only reads it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import Journal, JournalEntry
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.funding.models import (
    ForeignFundingDeclaration,
    Funder,
    FunderKind,
    FundingRequest,
    Project,
    Tranche,
)
from nassij_desktop.i18n import _


@dataclass(frozen=True)
class ForeignReceipt:
    declaration_id: int
    due_on: dt.date
    declared_on: dt.date | None  # filed with the SGG (None: still to file)
    declared_reference: str | None
    donor_ar: str | None
    donor_fr: str
    donor_kind: FunderKind
    donor_country: str  # ISO 3166 alpha-2 ("EU" for the European Union)
    donor_address: str | None
    currency: str
    amount: Decimal  # in `currency`
    exchange_rate: Decimal | None  # dirhams for one unit (None: received in dirhams)
    amount_mad: Decimal
    received_on: dt.date
    tranche_number: int
    purpose: str
    request_title: str
    project_ar: str | None
    project_fr: str | None
    agreement_number: str | None
    agreement_date: dt.date | None
    entry: str | None  # the receipt's entry in the books, "BQ-13"
    transfer_reference: str | None  # the bank's reference of the transfer (the entry's)
    voucher_reference: str | None  # the voucher (pièce) of the entry

    def donor(self, lang: str) -> str:
        return text_in(lang, self.donor_ar, self.donor_fr)

    def project(self, lang: str) -> str | None:
        return text_in(lang, self.project_ar, self.project_fr)


def latest_declaration_id(session: Session) -> int | None:
    """The declaration of the latest foreign receipt (the document's default)."""
    return session.scalar(
        sa.select(ForeignFundingDeclaration.id)
        .join(Tranche, Tranche.id == ForeignFundingDeclaration.tranche_id)
        .order_by(Tranche.received_on.desc(), ForeignFundingDeclaration.id.desc())
        .limit(1)
    )


def foreign_receipt(session: Session, actor: Actor, declaration_id: int) -> ForeignReceipt:
    """Declaration `declaration_id` with the receipt it declares."""
    actor.require(Permission.FUNDING_READ)
    declaration = get_or_fail(
        session, ForeignFundingDeclaration, declaration_id, _("foreign funding declaration")
    )
    tranche = session.get(Tranche, declaration.tranche_id)
    if tranche is None or tranche.received_on is None or tranche.amount_received is None:
        raise NotFound(_("The receipt of this declaration is missing."))
    request = session.get(FundingRequest, tranche.request_id)
    assert request is not None  # a tranche's request: a foreign key
    funder: Funder = request.funder
    project = session.get(Project, request.project_id) if request.project_id else None
    entry = transfer_reference = voucher_reference = None
    if tranche.journal_entry_id is not None:
        row = session.execute(
            sa.select(
                Journal.code,
                JournalEntry.number,
                JournalEntry.payment_reference,
                JournalEntry.reference,
            )
            .join(Journal, Journal.id == JournalEntry.journal_id)
            .where(JournalEntry.id == tranche.journal_entry_id)
        ).one_or_none()
        if row is not None:
            code, number, transfer_reference, voucher_reference = row
            entry = f"{code}-{number}" if number is not None else code
    return ForeignReceipt(
        declaration_id=declaration.id,
        due_on=declaration.due_on,
        declared_on=declaration.declared_on,
        declared_reference=declaration.reference,
        donor_ar=funder.name_ar,
        donor_fr=funder.name_fr,
        donor_kind=funder.kind,
        donor_country=funder.country,
        donor_address=funder.address,
        currency=tranche.currency,
        amount=tranche.amount_received,
        exchange_rate=tranche.exchange_rate,
        amount_mad=tranche.amount_mad or tranche.amount_received,
        received_on=tranche.received_on,
        tranche_number=tranche.number,
        purpose=declaration.purpose or request.title,
        request_title=request.title,
        project_ar=project.name_ar if project else None,
        project_fr=project.name_fr if project else None,
        agreement_number=request.agreement_number,
        agreement_date=request.agreement_date,
        entry=entry,
        transfer_reference=transfer_reference,
        voucher_reference=voucher_reference,
    )


@dataclass(frozen=True)
class DeclarationChoice:
    """A declaration to the SGG, as a document's picker lists it."""

    id: int
    donor_ar: str | None
    donor_fr: str
    received_on: dt.date
    amount: Decimal
    currency: str
    due_on: dt.date
    declared_on: dt.date | None

    def donor(self, lang: str) -> str:
        return text_in(lang, self.donor_ar, self.donor_fr)


def recent_declarations(
    session: Session, actor: Actor, limit: int = 100
) -> list[DeclarationChoice]:
    """The declarations of foreign receipts, the latest receipt first."""
    actor.require(Permission.FUNDING_READ)
    rows = session.execute(
        sa.select(
            ForeignFundingDeclaration.id,
            Funder.name_ar,
            Funder.name_fr,
            Tranche.received_on,
            Tranche.amount_received,
            Tranche.currency,
            ForeignFundingDeclaration.due_on,
            ForeignFundingDeclaration.declared_on,
        )
        .join(Tranche, Tranche.id == ForeignFundingDeclaration.tranche_id)
        .join(FundingRequest, FundingRequest.id == Tranche.request_id)
        .join(Funder, Funder.id == FundingRequest.funder_id)
        .where(Tranche.received_on.is_not(None))
        .order_by(Tranche.received_on.desc(), ForeignFundingDeclaration.id.desc())
        .limit(limit)
    )
    return [
        DeclarationChoice(
            row.id,
            row.name_ar,
            row.name_fr,
            row.received_on,
            row.amount_received,
            row.currency,
            row.due_on,
            row.declared_on,
        )  # the WHERE keeps only received tranches: their date and amount are set
        for row in rows
        if row.received_on is not None and row.amount_received is not None
    ]
