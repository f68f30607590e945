"""Fundraising campaigns (law 18-18, decree 2.25.152): recording an authorised appeal, linking
the gifts collected under it, closing it with the amounts collected and their use, the report
it owes, and the declaration made before handing out aid in kind.

The rights are the donations': the treasurer (`BOOKS_WRITE`) writes, whoever sees the finances
(`BOOKS_READ`) reads. Closing a campaign before the end of its authorised period is an
administrator's act (`BOOKS_REOPEN`), with its reason.

The amounts collected are the gifts linked to the campaign and not cancelled, money and in
kind apart; they are read from the gifts while the campaign runs and written on it when it is
closed, so that its report keeps what was declared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import TreasuryAccount
from nassij_desktop.core.common import audit, clock
from nassij_desktop.core.common.bilingual import Bilingual, clean_bilingual
from nassij_desktop.core.common.due import DueArea, DueItem
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.money import CENT, ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.common.textnorm import normalise_query, normalise_word
from nassij_desktop.core.common.validators import TextKind, clean_text, column_length
from nassij_desktop.core.donations.campaign_models import (
    REPORT_DELAY_DAYS,
    AidDistribution,
    CampaignAuthority,
    CampaignGift,
    CampaignStatus,
    FundraisingCampaign,
)
from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.donations.services import DonationRecord, donation_record
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_date

MAX_AMOUNT = Decimal("999999999999.99")
GIFT_CHOICES = 100  # the most gifts offered at once to link; more are found by typing
_SCAN_BATCH = 500


@dataclass
class CampaignData:
    """What the treasurer types from the authorisation."""

    authorisation_number: str
    authorised_on: dt.date
    authority: CampaignAuthority
    starts_on: dt.date
    ends_on: dt.date
    purpose: Bilingual | str | None = None
    treasury_account_id: int | None = None  # one of the books' accounts…
    bank_account: str | None = None  # …or the account as the authorisation writes it


@dataclass
class ClosingData:
    """What closing a campaign records: its use and what is left of it."""

    amount_used: Decimal
    uses: Bilingual | str | None = None
    remainder_destination: Bilingual | str | None = None
    closed_on: dt.date | None = None  # default: today
    force_reason: str | None = None  # closing before the end of the authorised period


@dataclass
class DistributionData:
    """A distribution of aid in kind, declared before it takes place."""

    declared_on: dt.date
    distribution_on: dt.date
    place: str
    nature: str
    quantity: str
    beneficiaries: int
    campaign_id: int | None = None
    declared_to: str | None = None
    reference: str | None = None


@dataclass(frozen=True)
class CampaignRecord:
    id: int
    version: int
    authorisation_number: str
    authorised_on: dt.date
    authority: CampaignAuthority
    purpose: Bilingual
    starts_on: dt.date
    ends_on: dt.date
    treasury_account_id: int | None
    treasury_account: str | None  # its name
    bank_account: str | None
    status: CampaignStatus
    cash_collected: Decimal  # so far while open; as closed once closed
    in_kind_collected: Decimal
    gift_count: int
    amount_used: Decimal | None
    uses: Bilingual
    remainder_destination: Bilingual
    closed_on: dt.date | None
    forced_close_reason: str | None
    report_filed_on: dt.date | None

    @property
    def total_collected(self) -> Decimal:
        return self.cash_collected + self.in_kind_collected

    @property
    def remainder(self) -> Decimal | None:
        return None if self.amount_used is None else self.total_collected - self.amount_used

    @property
    def report_due_on(self) -> dt.date:
        return report_due_date(self.ends_on, self.closed_on)

    @property
    def account_text(self) -> str:
        """The account the gifts were paid into, as a document writes it."""
        return self.treasury_account or self.bank_account or ""


@dataclass(frozen=True)
class DistributionRecord:
    id: int
    version: int
    campaign_id: int | None
    declared_on: dt.date
    distribution_on: dt.date
    place: str
    nature: str
    quantity: str
    beneficiaries: int
    declared_to: str | None
    reference: str | None


def report_due_date(ends_on: dt.date, closed_on: dt.date | None = None) -> dt.date:
    """The day the campaign's report is due: 30 days after its end, which is the day it was
    closed when an administrator closed it early."""
    end = min(ends_on, closed_on) if closed_on is not None else ends_on
    return end + dt.timedelta(days=REPORT_DELAY_DAYS)


def _text(
    value: str | None,
    field: str,
    entity: type = FundraisingCampaign,
    kind: TextKind = TextKind.NAME,
) -> str | None:
    return clean_text(
        value, field=field, kind=kind, max_length=column_length(getattr(entity, field))
    )


def _bilingual(value: Bilingual | str | None, field: str, required: str | None) -> Bilingual:
    return clean_bilingual(value, field=field, kind=TextKind.TEXT, required=required)


def _not_future(day: dt.date, field: str, message: str) -> None:
    if day > clock.today():
        raise ValidationError(field, message)


def create_campaign(session: Session, actor: Actor, data: CampaignData) -> CampaignRecord:
    """Record an authorised campaign, open."""
    actor.require(Permission.BOOKS_WRITE)
    number = _text(data.authorisation_number, "authorisation_number")
    if not number:
        raise ValidationError(
            "authorisation_number", _("Give the number of the campaign's authorisation.")
        )
    try:
        authority = CampaignAuthority(data.authority)
    except ValueError:
        raise ValidationError(
            "authority", _("Choose the authority that authorised the campaign.")
        ) from None
    _not_future(
        data.authorised_on,
        "authorised_on",
        _("The date of the authorisation cannot be in the future."),
    )
    if data.starts_on < data.authorised_on:
        raise ValidationError(
            "starts_on", _("A campaign cannot start before the date of its authorisation.")
        )
    if data.ends_on < data.starts_on:
        raise ValidationError("ends_on", _("A campaign cannot end before it starts."))
    purpose = _bilingual(data.purpose, "purpose", _("Give the purpose of the campaign."))
    if data.treasury_account_id is not None:
        get_or_fail(session, TreasuryAccount, data.treasury_account_id, _("treasury account"))
    bank_account = _text(data.bank_account, "bank_account")
    if data.treasury_account_id is None and not bank_account:
        raise ValidationError(
            "bank_account", _("Give the bank account the gifts of the campaign are paid into.")
        )
    campaign = FundraisingCampaign(
        authorisation_number=number,
        authorised_on=data.authorised_on,
        authority=authority,
        purpose=purpose,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        treasury_account_id=data.treasury_account_id,
        bank_account=bank_account,
        status=CampaignStatus.OPEN,
    )
    session.add(campaign)
    audit.log_write(session, actor, "create", campaign, snapshot=audit.snapshot)
    return _record(session, campaign)


def _open_campaign(session: Session, campaign_id: int) -> FundraisingCampaign:
    campaign = get_or_fail(session, FundraisingCampaign, campaign_id, _("campaign"))
    if campaign.status is not CampaignStatus.OPEN:
        raise Conflict(
            _("The campaign {number} is closed.").format(number=campaign.authorisation_number)
        )
    return campaign


def link_gift(session: Session, actor: Actor, campaign_id: int, donation_id: int) -> CampaignRecord:
    """Count a donation among the gifts of an open campaign: received within its period, not
    cancelled, and not already counted in a campaign."""
    actor.require(Permission.BOOKS_WRITE)
    campaign = _open_campaign(session, campaign_id)
    donation = get_or_fail(session, Donation, donation_id, _("donation"))
    if donation.cancelled:
        raise Conflict(
            _("The receipt {receipt} is cancelled.").format(receipt=donation.receipt_number)
        )
    if not campaign.starts_on <= donation.received_on <= campaign.ends_on:
        raise ValidationError(
            "donation",
            _("The gift {receipt} was not received during the campaign's period.").format(
                receipt=donation.receipt_number
            ),
        )
    linked = session.scalar(
        sa.select(FundraisingCampaign.authorisation_number)
        .join(CampaignGift, CampaignGift.campaign_id == FundraisingCampaign.id)
        .where(CampaignGift.donation_id == donation.id)
    )
    if linked is not None:
        raise Conflict(
            _("The gift {receipt} is already counted in the campaign {number}.").format(
                receipt=donation.receipt_number, number=linked
            )
        )
    link = CampaignGift(campaign_id=campaign.id, donation_id=donation.id)
    session.add(link)
    audit.log_write(session, actor, "create", link, snapshot=audit.snapshot)
    return _record(session, campaign)


def _collected(session: Session, campaign_id: int) -> tuple[Decimal, Decimal, int]:
    """Money, value in kind and count of the campaign's gifts not cancelled."""
    rows = session.execute(
        sa.select(Donation.in_kind, Donation.amount)
        .join(CampaignGift, CampaignGift.donation_id == Donation.id)
        .where(CampaignGift.campaign_id == campaign_id, Donation.cancelled.is_(False))
    ).all()
    cash = sum((amount for in_kind, amount in rows if not in_kind), ZERO)
    in_kind = sum((amount for in_kind, amount in rows if in_kind), ZERO)
    return cash, in_kind, len(rows)


def close_campaign(
    session: Session, actor: Actor, campaign_id: int, data: ClosingData
) -> CampaignRecord:
    """Close a campaign: the amounts collected are taken from its gifts, the use and the
    remainder's destination recorded. Before the end of its period only an administrator
    closes it, giving the reason."""
    actor.require(Permission.BOOKS_WRITE)
    campaign = _open_campaign(session, campaign_id)
    closed_on = data.closed_on or clock.today()
    _not_future(closed_on, "closed_on", _("The closing date cannot be in the future."))
    if closed_on < campaign.starts_on:
        raise ValidationError("closed_on", _("A campaign cannot close before it starts."))
    reason = _text(data.force_reason, "forced_close_reason", kind=TextKind.TEXT)
    if closed_on < campaign.ends_on:
        if not reason:
            raise ValidationError(
                "closed_on",
                _(
                    "The campaign runs until {date}: to close it before, an administrator "
                    "gives the reason."
                ).format(date=format_date(campaign.ends_on)),
            )
        actor.require(Permission.BOOKS_REOPEN)
    cash, in_kind, _count = _collected(session, campaign.id)
    used = _amount_used(data.amount_used)
    total = cash + in_kind
    if used > total:
        raise ValidationError(
            "amount_used", _("The amount used cannot exceed the amount collected.")
        )
    uses = _bilingual(
        data.uses, "uses", _("Say what the amounts collected were used for.") if used else None
    )
    destination = _bilingual(
        data.remainder_destination,
        "remainder_destination",
        _("Say what becomes of the remainder.") if used < total else None,
    )
    before = audit.snapshot(campaign)
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_on = closed_on
    campaign.forced_close_reason = reason if closed_on < campaign.ends_on else None
    campaign.cash_collected = cash
    campaign.in_kind_collected = in_kind
    campaign.amount_used = used
    campaign.uses = uses
    campaign.remainder_destination = destination
    audit.log_write(session, actor, "close", campaign, before=before, snapshot=audit.snapshot)
    return _record(session, campaign)


def _amount_used(value: Decimal | int | str) -> Decimal:
    """Zero or more, in whole centimes (a campaign may have used nothing yet)."""
    try:
        amount = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        amount = Decimal("NaN")
    if (
        not amount.is_finite()
        or not ZERO <= amount <= MAX_AMOUNT
        or amount != amount.quantize(CENT)
    ):
        raise ValidationError(
            "amount_used", _("Give the amount used, zero or more, with at most 2 decimals.")
        )
    return amount.quantize(CENT)


def file_campaign_report(
    session: Session, actor: Actor, campaign_id: int, filed_on: dt.date | None = None
) -> CampaignRecord:
    """Mark the report of a closed campaign as sent to the authority, on `filed_on`."""
    actor.require(Permission.BOOKS_WRITE)
    campaign = get_or_fail(session, FundraisingCampaign, campaign_id, _("campaign"))
    if campaign.status is not CampaignStatus.CLOSED or campaign.closed_on is None:
        raise Conflict(_("A campaign's report is filed once the campaign is closed."))
    day = filed_on or clock.today()
    _not_future(day, "report_filed_on", _("The filing date cannot be in the future."))
    if day < campaign.closed_on:
        raise ValidationError(
            "report_filed_on", _("The report cannot be filed before the campaign closed.")
        )
    before = audit.snapshot(campaign)
    campaign.report_filed_on = day
    audit.log_write(session, actor, "file_report", campaign, before=before, snapshot=audit.snapshot)
    return _record(session, campaign)


def get_campaign(session: Session, actor: Actor, campaign_id: int) -> CampaignRecord:
    actor.require(Permission.BOOKS_READ)
    return _record(session, get_or_fail(session, FundraisingCampaign, campaign_id, _("campaign")))


def list_campaigns(
    session: Session, actor: Actor, status: CampaignStatus | None = None
) -> list[CampaignRecord]:
    """Campaigns, the latest first (by the start of their period)."""
    actor.require(Permission.BOOKS_READ)
    query = sa.select(FundraisingCampaign).order_by(
        FundraisingCampaign.starts_on.desc(), FundraisingCampaign.id.desc()
    )
    if status is not None:
        query = query.where(FundraisingCampaign.status == status)
    return [_record(session, campaign) for campaign in session.scalars(query)]


def campaign_reports_due(
    session: Session, actor: Actor, today: dt.date | None = None
) -> list[CampaignRecord]:
    """The campaigns whose report is owed: ended (or closed) by `today` and not filed, the
    earliest due first — for the list of what is due."""
    actor.require(Permission.BOOKS_READ)
    day = today or clock.today()
    query = sa.select(FundraisingCampaign).where(
        FundraisingCampaign.report_filed_on.is_(None),
        sa.or_(
            FundraisingCampaign.ends_on < day,
            FundraisingCampaign.status == CampaignStatus.CLOSED,
        ),
    )
    records = [_record(session, campaign) for campaign in session.scalars(query)]
    return sorted(records, key=lambda r: (r.report_due_on, r.id))


def campaign_reports_due_items(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """`campaign_reports_due` as lines of what is due (the report is a document)."""
    return [
        DueItem(
            kind="campaign_report",
            area=DueArea.DOCUMENTS,
            due_on=record.report_due_on,
            overdue=record.report_due_on < today,
            target_id=record.id,
            wording=N_("Report of the fundraising campaign due on {date}: {subject}"),
            overdue_wording=N_(
                "Report of the fundraising campaign was due on {date} — overdue: {subject}"
            ),
            subject=record.purpose,
        )
        for record in campaign_reports_due(session, actor, today)
    ]


def latest_campaign_id(session: Session) -> int | None:
    """The campaign a document takes when none is named: the latest to start."""
    return session.scalar(
        sa.select(FundraisingCampaign.id)
        .order_by(FundraisingCampaign.starts_on.desc(), FundraisingCampaign.id.desc())
        .limit(1)
    )


def campaign_gifts(session: Session, actor: Actor, campaign_id: int) -> list[DonationRecord]:
    """The gifts linked to a campaign, in receipt order (cancelled ones included, marked)."""
    actor.require(Permission.BOOKS_READ)
    get_or_fail(session, FundraisingCampaign, campaign_id, _("campaign"))
    donations = session.scalars(
        sa.select(Donation)
        .join(CampaignGift, CampaignGift.donation_id == Donation.id)
        .where(CampaignGift.campaign_id == campaign_id)
        .order_by(Donation.received_on, Donation.receipt_number)
    )
    return [donation_record(d) for d in donations]


def gift_candidates(
    session: Session, actor: Actor, campaign_id: int, query: str = "", limit: int = GIFT_CHOICES
) -> list[DonationRecord]:
    """The gifts that may be linked to a campaign, latest first: received within its period,
    not cancelled, counted in no campaign, whose receipt number or donor's name holds every
    word of `query` (normalised as the members search is). At most `limit`: the rest are found
    by typing more."""
    actor.require(Permission.BOOKS_READ)
    campaign = get_or_fail(session, FundraisingCampaign, campaign_id, _("campaign"))
    linked = sa.select(CampaignGift.donation_id).where(CampaignGift.donation_id == Donation.id)
    stmt = (
        sa.select(Donation)
        .where(
            Donation.received_on >= campaign.starts_on,
            Donation.received_on <= campaign.ends_on,
            Donation.cancelled.is_(False),
            ~sa.exists(linked),
        )
        .order_by(Donation.received_on.desc(), Donation.id.desc())
    )
    tokens = normalise_query(query)
    if not tokens:
        return [donation_record(d) for d in session.scalars(stmt.limit(limit))]
    found: list[DonationRecord] = []
    for donation in session.scalars(stmt.execution_options(yield_per=_SCAN_BATCH)):
        key = f"{normalise_word(donation.receipt_number)} {normalise_word(donation.donor_name)}"
        if all(token in key for token in tokens):
            found.append(donation_record(donation))
            if len(found) >= limit:
                break
    return found


def declare_distribution(
    session: Session, actor: Actor, data: DistributionData
) -> DistributionRecord:
    """Record the declaration made before a distribution of aid in kind: what, how much,
    where, when, and how many beneficiaries (counted, never named)."""
    actor.require(Permission.BOOKS_WRITE)
    _not_future(
        data.declared_on, "declared_on", _("The date of the declaration cannot be in the future.")
    )
    if data.distribution_on < data.declared_on:
        raise ValidationError(
            "distribution_on", _("The distribution is declared before it takes place.")
        )
    fields = {}
    for field, message in (
        ("place", _("Give the place of the distribution.")),
        ("nature", _("Give the nature of the aid distributed.")),
        ("quantity", _("Give the quantity distributed.")),
    ):
        value = _text(getattr(data, field), field, AidDistribution, TextKind.LINE)
        if not value:
            raise ValidationError(field, message)
        fields[field] = value
    if isinstance(data.beneficiaries, bool) or data.beneficiaries <= 0:
        raise ValidationError("beneficiaries", _("Give the number of beneficiaries."))
    if data.campaign_id is not None:
        get_or_fail(session, FundraisingCampaign, data.campaign_id, _("campaign"))
    distribution = AidDistribution(
        campaign_id=data.campaign_id,
        declared_on=data.declared_on,
        distribution_on=data.distribution_on,
        beneficiaries=int(data.beneficiaries),
        declared_to=_text(data.declared_to, "declared_to", AidDistribution, TextKind.LINE),
        reference=_text(data.reference, "reference", AidDistribution),
        **fields,
    )
    session.add(distribution)
    audit.log_write(session, actor, "create", distribution, snapshot=audit.snapshot)
    return _distribution_record(distribution)


def list_distributions(
    session: Session, actor: Actor, campaign_id: int | None = None
) -> list[DistributionRecord]:
    """Declared distributions in date order, of one campaign or of all."""
    actor.require(Permission.BOOKS_READ)
    query = sa.select(AidDistribution).order_by(AidDistribution.distribution_on, AidDistribution.id)
    if campaign_id is not None:
        query = query.where(AidDistribution.campaign_id == campaign_id)
    return [_distribution_record(d) for d in session.scalars(query)]


def _distribution_record(row: AidDistribution) -> DistributionRecord:
    return DistributionRecord(
        id=row.id,
        version=row.version,
        campaign_id=row.campaign_id,
        declared_on=row.declared_on,
        distribution_on=row.distribution_on,
        place=row.place,
        nature=row.nature,
        quantity=row.quantity,
        beneficiaries=row.beneficiaries,
        declared_to=row.declared_to,
        reference=row.reference,
    )


def _record(session: Session, campaign: FundraisingCampaign) -> CampaignRecord:
    cash, in_kind, count = _collected(session, campaign.id)
    if campaign.status is CampaignStatus.CLOSED:  # what the closing declared
        cash = campaign.cash_collected if campaign.cash_collected is not None else cash
        in_kind = campaign.in_kind_collected if campaign.in_kind_collected is not None else in_kind
    account = (
        session.get(TreasuryAccount, campaign.treasury_account_id)
        if campaign.treasury_account_id is not None
        else None
    )
    return CampaignRecord(
        id=campaign.id,
        version=campaign.version,
        authorisation_number=campaign.authorisation_number,
        authorised_on=campaign.authorised_on,
        authority=campaign.authority,
        purpose=campaign.purpose,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        treasury_account_id=campaign.treasury_account_id,
        treasury_account=account.name if account is not None else None,
        bank_account=campaign.bank_account,
        status=campaign.status,
        cash_collected=cash,
        in_kind_collected=in_kind,
        gift_count=count,
        amount_used=campaign.amount_used,
        uses=campaign.uses,
        remainder_destination=campaign.remainder_destination,
        closed_on=campaign.closed_on,
        forced_close_reason=campaign.forced_close_reason,
        report_filed_on=campaign.report_filed_on,
    )
