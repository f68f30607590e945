"""The report of a fundraising campaign (law 18-18, decree 2.25.152), due to the authority
that authorised it within 30 days of its end: the authorisation and the period, the amounts
collected in money and in kind, their use, the remainder and its destination, the gifts
summarised by month (donors are not named: the authority asks for amounts, not people), the
distributions in kind declared, then the date and the president's signature.

Arabic by default (a document for an authority); French available."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.donations.campaign_models import (
    CAMPAIGN_AUTHORITY_LABELS,
    CampaignStatus,
)
from nassij_desktop.core.donations.campaigns import (
    CampaignRecord,
    DistributionRecord,
    campaign_gifts,
    get_campaign,
    latest_campaign_id,
    list_distributions,
)
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.i18n.formatting import MONTH_NAMES, format_date, isolate
from nassij_desktop.reports.books.common import amount, amount_column
from nassij_desktop.reports.engine import Column, Letterhead, ReportDocument, SignatureBlock
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult


@dataclass(frozen=True)
class MonthOfGifts:
    """The gifts of one month: how many, money and value in kind."""

    year: int
    month: int
    count: int
    cash: Decimal
    in_kind: Decimal


@dataclass(frozen=True)
class CampaignReportData:
    letterhead: Letterhead
    generated_on: dt.date
    campaign: CampaignRecord
    months: tuple[MonthOfGifts, ...]
    distributions: tuple[DistributionRecord, ...]


def build_campaign_report_data(
    session: Session,
    actor: Actor,
    campaign_id: int | None,
    today: dt.date | None = None,
) -> CampaignReportData:
    """The campaign `campaign_id` (default: the latest) with its gifts summarised by month."""
    actor.require(Permission.BOOKS_READ)
    wanted = campaign_id if campaign_id is not None else latest_campaign_id(session)
    if wanted is None:
        raise ValidationError("record_id", _("No fundraising campaign is recorded yet."))
    campaign = get_campaign(session, actor, wanted)
    sums: dict[tuple[int, int], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for gift in campaign_gifts(session, actor, wanted):
        if gift.cancelled:
            continue
        month = sums[(gift.received_on.year, gift.received_on.month)]
        month[0] += 1
        month[2 if gift.in_kind else 1] += gift.amount
    months = tuple(
        MonthOfGifts(year, month, int(count), cash, in_kind)
        for (year, month), (count, cash, in_kind) in sorted(sums.items())
    )
    return CampaignReportData(
        read_letterhead(session),
        today or clock.today(),
        campaign,
        months,
        tuple(list_distributions(session, actor, wanted)),
    )


def _period(campaign: CampaignRecord, lang: Lang) -> str:
    return translate_in(lang, "From {start} to {end}").format(
        start=format_date(campaign.starts_on, lang, "long"),
        end=format_date(campaign.ends_on, lang, "long"),
    )


def render_campaign_report(data: CampaignReportData, lang: Lang, path: Path) -> int:
    campaign = data.campaign

    doc = ReportDocument(
        lang,
        data.letterhead,
        title=translate_in(lang, "Report on the appeal to public generosity"),
        generated_on=data.generated_on,
    )
    doc.paragraph(
        translate_in(
            lang,
            "Detailed report of the amounts collected and of their use, under law 18-18 on "
            "appeals to public generosity and the distribution of aid for charitable purposes, "
            "due within 30 days of the end of the campaign: by {date}.",
        ).format(date=format_date(campaign.report_due_on, lang, "long"))
    )
    if campaign.status is CampaignStatus.OPEN:
        doc.paragraph(
            translate_in(
                lang, "The campaign is not closed yet: the amounts are those collected so far."
            ),
            size=doc.sizes.small,
        )

    doc.heading(translate_in(lang, "Authorisation"), level=2)
    rows = [
        (translate_in(lang, "Authorisation no."), isolate(campaign.authorisation_number, "ltr")),
        (
            translate_in(lang, "Date of the authorisation"),
            format_date(campaign.authorised_on, lang, "long"),
        ),
        (
            translate_in(lang, "Granted by"),
            translate_in(lang, CAMPAIGN_AUTHORITY_LABELS[campaign.authority]),
        ),
        (translate_in(lang, "Purpose"), campaign.purpose.text(lang)),
        (translate_in(lang, "Period of the campaign"), _period(campaign, lang)),
        (translate_in(lang, "Account the gifts were paid into"), campaign.account_text),
    ]
    if campaign.closed_on is not None:
        rows.append(
            (translate_in(lang, "Closed on"), format_date(campaign.closed_on, lang, "long"))
        )
    if campaign.forced_close_reason:
        rows.append(
            (translate_in(lang, "Reason for closing before the end"), campaign.forced_close_reason)
        )
    doc.key_values(rows, label_share=0.38)

    doc.heading(translate_in(lang, "Amounts collected"), level=2)
    doc.table(
        [
            Column(translate_in(lang, "Nature"), 2.4),
            amount_column(translate_in(lang, "Amount"), 1.4),
        ],
        [
            [translate_in(lang, "In money"), amount(campaign.cash_collected, lang)],
            [
                translate_in(lang, "In kind (value recorded)"),
                amount(campaign.in_kind_collected, lang),
            ],
        ],
        [translate_in(lang, "Total collected"), amount(campaign.total_collected, lang)],
    )

    doc.heading(translate_in(lang, "Use of the amounts collected"), level=2)
    if campaign.amount_used is None:
        doc.paragraph(translate_in(lang, "To be given when the campaign is closed."))
    else:
        doc.key_values(
            [
                (translate_in(lang, "Amount used"), amount(campaign.amount_used, lang)),
                (translate_in(lang, "Uses"), campaign.uses.text(lang) or "—"),
                (translate_in(lang, "Remainder"), amount(campaign.remainder or ZERO, lang)),
                (
                    translate_in(lang, "Destination of the remainder"),
                    campaign.remainder_destination.text(lang) or "—",
                ),
            ],
            label_share=0.38,
        )

    with doc.keep_together():  # the heading stays with its table
        doc.heading(translate_in(lang, "Gifts collected, by month"), level=2)
        if not data.months:
            doc.paragraph(translate_in(lang, "No gift was recorded under this campaign."))
        else:
            doc.table(
                [
                    Column(translate_in(lang, "Month"), 1.6),
                    Column(translate_in(lang, "Gifts"), 0.8, "center"),
                    amount_column(translate_in(lang, "In money"), 1.3),
                    amount_column(translate_in(lang, "In kind"), 1.3),
                ],
                [
                    [
                        f"{MONTH_NAMES[lang][m.month - 1]} {m.year}",
                        str(m.count),
                        amount(m.cash, lang),
                        amount(m.in_kind, lang),
                    ]
                    for m in data.months
                ],
                [
                    translate_in(lang, "Total"),
                    str(sum(m.count for m in data.months)),
                    amount(sum((m.cash for m in data.months), ZERO), lang),
                    amount(sum((m.in_kind for m in data.months), ZERO), lang),
                ],
            )

    if data.distributions:
        with doc.keep_together():  # the heading stays with its table
            doc.heading(translate_in(lang, "Distributions of aid in kind declared"), level=2)
            doc.table(
                [
                    Column(translate_in(lang, "Declared on"), 1.0, "center"),
                    Column(translate_in(lang, "Distributed on"), 1.0, "center"),
                    Column(translate_in(lang, "Place"), 1.6),
                    Column(translate_in(lang, "Nature"), 1.5),
                    Column(translate_in(lang, "Quantity"), 1.2),
                    Column(translate_in(lang, "Beneficiaries"), 1.2, "center"),
                ],
                [
                    [
                        format_date(d.declared_on, lang),
                        format_date(d.distribution_on, lang),
                        d.place,
                        d.nature,
                        d.quantity,
                        str(d.beneficiaries),
                    ]
                    for d in data.distributions
                ],
            )

    with doc.keep_together():
        doc.paragraph(
            translate_in(lang, "Certified true and in agreement with the books and the receipts.")
        )
        doc.date_line(
            place=place_name(data.letterhead.city or "", lang) or None, on=data.generated_on
        )
        doc.signatures([SignatureBlock(translate_in(lang, "The president"))])
    doc.save(path)
    return doc.page_count


def campaign_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The report of the campaign `request.record_id` (default: the latest)."""
    actor.require(Permission.BOOKS_READ)
    data = build_campaign_report_data(session, actor, request.record_id)
    return ReportResult(request.out, render_campaign_report(data, request.lang, request.out))
