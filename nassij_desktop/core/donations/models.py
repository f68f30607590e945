"""A donation received, with the donor as the receipt names them."""

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nassij_desktop.core.common.base import Entity, enum_column
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.i18n import N_


class DonorKind(enum.StrEnum):
    PERSON = "person"
    COMPANY = "company"
    ORGANISATION = "organisation"  # another association, a foundation, a cooperative…


DONOR_KIND_LABELS = {
    DonorKind.PERSON: N_("Person"),
    DonorKind.COMPANY: N_("Company"),
    DonorKind.ORGANISATION: N_("Other organisation"),
}


class Donation(Entity):
    """A gift to the association (هبة / don). Receipts are never deleted: a mistaken one is
    cancelled, with its reason, and its entry reversed."""

    __tablename__ = "donation"

    receipt_number: Mapped[str] = mapped_column(sa.String(30), unique=True)  # "2026-00012"
    received_on: Mapped[dt.date]
    donor_kind: Mapped[DonorKind] = mapped_column(enum_column(DonorKind))
    donor_name: Mapped[str] = mapped_column(sa.String(300))
    donor_identity: Mapped[str | None] = mapped_column(sa.String(30))  # CIN or ICE
    donor_address: Mapped[str | None] = mapped_column(sa.String(400))
    member_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("member.id", ondelete="RESTRICT"), index=True
    )
    amount: Mapped[Decimal]  # in kind: the value the gift was recorded at
    method: Mapped[PaymentMethod | None] = mapped_column(enum_column(PaymentMethod))
    payment_reference: Mapped[str | None] = mapped_column(sa.String(60))  # cheque, transfer
    in_kind: Mapped[bool] = mapped_column(default=False)
    in_kind_description: Mapped[str | None] = mapped_column(sa.Text)
    purpose: Mapped[str | None] = mapped_column(sa.Text)  # restricted to a project, or general
    journal_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("journal_entry.id", ondelete="SET NULL")
    )
    cancelled: Mapped[bool] = mapped_column(default=False)
    cancelled_on: Mapped[dt.date | None]
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    cancel_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("journal_entry.id", ondelete="SET NULL")
    )

    __table_args__ = (
        sa.Index("ix_donation_received_on", "received_on"),
        sa.CheckConstraint("amount > 0", name="positive_amount"),
        # Money comes with a payment method; a gift in kind has a description instead.
        sa.CheckConstraint(
            "(in_kind AND in_kind_description IS NOT NULL) OR (NOT in_kind AND method IS NOT NULL)",
            name="method_or_kind",
        ),
        sa.CheckConstraint("NOT cancelled OR cancel_reason IS NOT NULL", name="cancel_reason"),
    )
