"""Fundraising campaigns (التماس الإحسان العمومي / appel à la générosité publique, law 18-18 and
decree 2.25.152): the authorisation, the gifts collected under it, the report due within 30
days of its end, and the declarations made before handing out aid in kind."""

import datetime as dt
import enum
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from nassij_desktop.core.common.base import Entity, enum_column
from nassij_desktop.core.common.bilingual import BilingualColumns
from nassij_desktop.i18n import N_

# The report of a campaign is due this many days after its end (law 18-18).
REPORT_DELAY_DAYS = 30


class CampaignAuthority(enum.StrEnum):
    """Who authorised the appeal: the governor for one province, the wali for several, the
    SGG for the whole country, Foreign Affairs for aid used abroad."""

    GOVERNOR = "governor"
    WALI = "wali"
    SGG = "sgg"
    FOREIGN_AFFAIRS = "foreign_affairs"


# Titles of the office (العامل, الوالي…), as the authorisation names its signatory.
CAMPAIGN_AUTHORITY_LABELS = {
    CampaignAuthority.GOVERNOR: N_("The governor of the province or prefecture"),
    CampaignAuthority.WALI: N_("The wali of the region"),
    CampaignAuthority.SGG: N_("The Secretary General of the Government"),
    CampaignAuthority.FOREIGN_AFFAIRS: N_("The Minister of Foreign Affairs"),
}


class CampaignStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


# A campaign (حملة, campagne) is feminine in both languages: its own msgids, so that the
# statuses of requests (masculine in Arabic) keep theirs.
CAMPAIGN_STATUS_LABELS = {
    CampaignStatus.OPEN: N_("Open (campaign)"),
    CampaignStatus.CLOSED: N_("Closed (campaign)"),
}


class FundraisingCampaign(Entity):
    """One authorised appeal to public generosity. The amounts collected are set when it is
    closed, from the gifts linked to it; until then they are read from the gifts."""

    __tablename__ = "fundraising_campaign"

    authorisation_number: Mapped[str] = mapped_column(sa.String(60))
    authorised_on: Mapped[dt.date]
    authority: Mapped[CampaignAuthority] = mapped_column(enum_column(CampaignAuthority))
    purpose_ar: Mapped[str | None] = mapped_column(sa.Text)
    purpose_fr: Mapped[str | None] = mapped_column(sa.Text)
    purpose = BilingualColumns()
    starts_on: Mapped[dt.date]
    ends_on: Mapped[dt.date]
    # The account the money is paid into: one of the books' treasury accounts, or as written
    # on the authorisation when the books do not have it.
    treasury_account_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("treasury_account.id", ondelete="RESTRICT"), index=True
    )
    bank_account: Mapped[str | None] = mapped_column(sa.String(120))
    status: Mapped[CampaignStatus] = mapped_column(
        enum_column(CampaignStatus), default=CampaignStatus.OPEN
    )
    cash_collected: Mapped[Decimal | None]
    in_kind_collected: Mapped[Decimal | None]
    amount_used: Mapped[Decimal | None]
    uses_ar: Mapped[str | None] = mapped_column(sa.Text)
    uses_fr: Mapped[str | None] = mapped_column(sa.Text)
    uses = BilingualColumns()
    remainder_destination_ar: Mapped[str | None] = mapped_column(sa.Text)
    remainder_destination_fr: Mapped[str | None] = mapped_column(sa.Text)
    remainder_destination = BilingualColumns()
    closed_on: Mapped[dt.date | None]
    forced_close_reason: Mapped[str | None] = mapped_column(sa.Text)  # closed before its end
    report_filed_on: Mapped[dt.date | None]

    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="period"),
        sa.CheckConstraint("(status = 'open') = (closed_on IS NULL)", name="closed_on_when_closed"),
        sa.Index("ix_fundraising_campaign_ends_on", "ends_on"),
    )


class CampaignGift(Entity):
    """A donation collected under a campaign: a gift belongs to one campaign at most. A link
    rather than a column of `donation`, whose receipts are sealed records."""

    __tablename__ = "campaign_gift"

    campaign_id: Mapped[int] = mapped_column(
        sa.ForeignKey("fundraising_campaign.id", ondelete="RESTRICT"), index=True
    )
    donation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("donation.id", ondelete="RESTRICT"), unique=True
    )


class AidDistribution(Entity):
    """The declaration made before handing out aid in kind. Beneficiaries are counted, never
    named: the declaration asks for no more, and law 09-08 wants no more kept."""

    __tablename__ = "aid_distribution"

    campaign_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("fundraising_campaign.id", ondelete="RESTRICT"), index=True
    )
    declared_on: Mapped[dt.date]
    distribution_on: Mapped[dt.date]
    place: Mapped[str] = mapped_column(sa.String(300))
    nature: Mapped[str] = mapped_column(sa.String(300))
    quantity: Mapped[str] = mapped_column(sa.String(120))  # "250 food baskets", "3 t of flour"
    beneficiaries: Mapped[int]
    declared_to: Mapped[str | None] = mapped_column(sa.String(200))  # the authority
    reference: Mapped[str | None] = mapped_column(sa.String(60))  # its receipt, if any

    __table_args__ = (
        sa.CheckConstraint("beneficiaries > 0", name="beneficiaries"),
        sa.CheckConstraint("distribution_on >= declared_on", name="declared_before"),
    )
