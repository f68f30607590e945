import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nassij_desktop.core.common.base import Entity, ExactDecimal, enum_column
from nassij_desktop.i18n import N_


class FunderKind(enum.StrEnum):
    STATE = "state"  # ministry or other state department
    INDH = "indh"
    REGION = "region"
    PROVINCE = "province"
    COMMUNE = "commune"
    PUBLIC_BODY = "public_body"
    FOREIGN_GOVERNMENT = "foreign_government"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    FOREIGN_NGO = "foreign_ngo"
    MOROCCAN_PRIVATE = "moroccan_private"
    INDIVIDUAL = "individual"


PUBLIC_FUNDER_KINDS = frozenset(
    {
        FunderKind.STATE,
        FunderKind.INDH,
        FunderKind.REGION,
        FunderKind.PROVINCE,
        FunderKind.COMMUNE,
        FunderKind.PUBLIC_BODY,
    }
)

FUNDER_KIND_LABELS = {
    FunderKind.STATE: N_("Ministry or state department"),
    FunderKind.INDH: N_("INDH"),
    FunderKind.REGION: N_("Region"),
    FunderKind.PROVINCE: N_("Province or prefecture"),
    FunderKind.COMMUNE: N_("Commune"),
    FunderKind.PUBLIC_BODY: N_("Public body"),
    FunderKind.FOREIGN_GOVERNMENT: N_("Foreign government"),
    FunderKind.INTERNATIONAL_ORGANISATION: N_("International organisation"),
    FunderKind.FOREIGN_NGO: N_("Foreign NGO or foundation"),
    FunderKind.MOROCCAN_PRIVATE: N_("Moroccan private donor"),
    FunderKind.INDIVIDUAL: N_("Individual"),
}


class RequestStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    GRANTED = "granted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    AGREEMENT_SIGNED = "agreement_signed"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"


REQUEST_STATUS_LABELS = {
    RequestStatus.DRAFT: N_("Draft"),
    RequestStatus.SUBMITTED: N_("Submitted"),
    RequestStatus.UNDER_REVIEW: N_("Under review"),
    RequestStatus.GRANTED: N_("Granted"),
    RequestStatus.REJECTED: N_("Rejected"),
    RequestStatus.WITHDRAWN: N_("Withdrawn"),
    RequestStatus.AGREEMENT_SIGNED: N_("Agreement signed"),
    RequestStatus.IN_PROGRESS: N_("In progress"),
    RequestStatus.CLOSED: N_("Closed"),
}


class Funder(Entity):
    __tablename__ = "funder"

    name_ar: Mapped[str | None] = mapped_column(sa.String(300))
    name_fr: Mapped[str] = mapped_column(sa.String(300))
    acronym: Mapped[str | None] = mapped_column(sa.String(40))
    kind: Mapped[FunderKind] = mapped_column(enum_column(FunderKind, 32))
    country: Mapped[str] = mapped_column(sa.String(2), default="MA")
    foreign: Mapped[bool] = mapped_column(default=False)  # declared to the SGG when it pays
    contact_name: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(20))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    address: Mapped[str | None] = mapped_column(sa.String(400))
    notes: Mapped[str | None] = mapped_column(sa.Text)


class Project(Entity):
    __tablename__ = "project"

    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name_ar: Mapped[str] = mapped_column(sa.String(300))
    name_fr: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str | None] = mapped_column(sa.Text)
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]
    analytic_tag_id: Mapped[int | None] = mapped_column(sa.ForeignKey("analytic_tag.id"))


class FundingRequest(Entity):
    __tablename__ = "funding_request"

    funder_id: Mapped[int] = mapped_column(sa.ForeignKey("funder.id"), index=True)
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("project.id"), index=True)
    reference: Mapped[str | None] = mapped_column(sa.String(60))
    title: Mapped[str] = mapped_column(sa.String(300))
    status: Mapped[RequestStatus] = mapped_column(
        enum_column(RequestStatus), default=RequestStatus.DRAFT
    )
    currency: Mapped[str] = mapped_column(sa.String(3), default="MAD")
    amount_requested: Mapped[Decimal]
    amount_granted: Mapped[Decimal | None]
    deadline: Mapped[dt.date | None]  # of the call for proposals
    submitted_on: Mapped[dt.date | None]
    decided_on: Mapped[dt.date | None]
    agreement_number: Mapped[str | None] = mapped_column(sa.String(60))
    agreement_date: Mapped[dt.date | None]
    report_due_on: Mapped[dt.date | None]
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    funder: Mapped[Funder] = relationship(lazy="joined")
    history: Mapped[list["RequestStatusChange"]] = relationship(
        order_by="RequestStatusChange.changed_on", cascade="all, delete-orphan"
    )
    budget_lines: Mapped[list["BudgetLine"]] = relationship(
        order_by="BudgetLine.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list["RequestDocument"]] = relationship(
        order_by="RequestDocument.position", cascade="all, delete-orphan"
    )
    tranches: Mapped[list["Tranche"]] = relationship(
        order_by="Tranche.number", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("amount_requested >= 0", name="amount_requested"),
        sa.CheckConstraint("amount_granted IS NULL OR amount_granted >= 0", name="amount_granted"),
    )


class RequestStatusChange(Entity):
    __tablename__ = "funding_status_change"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_request.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[RequestStatus | None] = mapped_column(enum_column(RequestStatus))
    to_status: Mapped[RequestStatus] = mapped_column(enum_column(RequestStatus))
    changed_on: Mapped[dt.date]
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))


class BudgetLine(Entity):
    """A line of a request's budget (what the funder is asked to pay for)."""

    __tablename__ = "funding_budget_line"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_request.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(300))
    quantity: Mapped[int] = mapped_column(default=1)
    unit_cost: Mapped[Decimal]
    amount: Mapped[Decimal]
    funded_by_request: Mapped[Decimal]  # the share asked of this funder
    account_id: Mapped[int | None] = mapped_column(sa.ForeignKey("account.id"))


class RequestDocument(Entity):
    """The checklist of a request's file (statutes, récépissé, budget, PV…)."""

    __tablename__ = "funding_document"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_request.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    label: Mapped[str] = mapped_column(sa.String(300))
    required: Mapped[bool] = mapped_column(default=True)
    provided: Mapped[bool] = mapped_column(default=False)
    attachment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attachment.id", ondelete="SET NULL")
    )


class Tranche(Entity):
    """An instalment of a grant: expected, then received and posted to the books."""

    __tablename__ = "funding_tranche"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_request.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    expected_on: Mapped[dt.date | None]
    expected_amount: Mapped[Decimal]
    received_on: Mapped[dt.date | None]
    currency: Mapped[str] = mapped_column(sa.String(3), default="MAD")
    amount_received: Mapped[Decimal | None]  # in `currency`
    exchange_rate: Mapped[Decimal | None] = mapped_column(ExactDecimal())  # MAD per unit
    amount_mad: Mapped[Decimal | None]
    journal_entry_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("journal_entry.id", ondelete="SET NULL")
    )

    __table_args__ = (sa.UniqueConstraint("request_id", "number"),)


class ForeignFundingDeclaration(Entity):
    """The declaration of a foreign-funding receipt to the SGG (deadline configurable)."""

    __tablename__ = "foreign_funding_declaration"

    tranche_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_tranche.id", ondelete="CASCADE"), unique=True
    )
    due_on: Mapped[dt.date]
    declared_on: Mapped[dt.date | None]
    reference: Mapped[str | None] = mapped_column(sa.String(60))
    purpose: Mapped[str | None] = mapped_column(sa.Text)
    attachment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("attachment.id", ondelete="SET NULL")
    )


class TrancheReport(Entity):
    """What the association owes the funder for a tranche: its narrative and financial
    reports, each due on a day (None: the rule of `tranche_reports.default_due`), submitted on
    a day, then validated by the funder (who, when). A row exists once something is recorded;
    a tranche without one has its reports at the default due date, not yet submitted."""

    __tablename__ = "funding_tranche_report"

    tranche_id: Mapped[int] = mapped_column(
        sa.ForeignKey("funding_tranche.id", ondelete="CASCADE"), unique=True
    )
    narrative_due_on: Mapped[dt.date | None]
    financial_due_on: Mapped[dt.date | None]
    narrative_submitted_on: Mapped[dt.date | None]
    financial_submitted_on: Mapped[dt.date | None]
    validated_by: Mapped[str | None] = mapped_column(sa.String(200))
    validated_on: Mapped[dt.date | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (
        sa.CheckConstraint(
            "(validated_on IS NULL) = (validated_by IS NULL)", name="validated_by_and_on"
        ),
        sa.CheckConstraint(
            "validated_on IS NULL OR narrative_submitted_on IS NOT NULL "
            "OR financial_submitted_on IS NOT NULL",
            name="validated_after_submission",
        ),
    )
