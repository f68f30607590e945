"""`campaigns list|add|link|close|file-report|declare-distribution|distributions`: fundraising
campaigns under law 18-18."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.books.treasury import find_treasury_account
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.validators import parse_date, parse_money
from nassij_desktop.core.donations.campaign_models import (
    CAMPAIGN_AUTHORITY_LABELS,
    CAMPAIGN_STATUS_LABELS,
    CampaignAuthority,
    CampaignStatus,
)
from nassij_desktop.core.donations.campaigns import (
    CampaignData,
    ClosingData,
    DistributionData,
    close_campaign,
    create_campaign,
    declare_distribution,
    file_campaign_report,
    link_gift,
    list_campaigns,
    list_distributions,
)
from nassij_desktop.core.donations.services import donation_by_receipt
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_amount, format_date

FORMATS = ["table", "csv", "json"]


def register(commands: Any) -> None:
    """Add the sub-commands to the `nassij` parser."""
    campaigns = commands.add_parser("campaigns", help=command_help("campaigns"))
    sub = campaigns.add_subparsers(dest="campaigns_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help=_("list the fundraising campaigns"))
    lst.add_argument("--status", choices=[s.value for s in CampaignStatus])
    lst.add_argument("--format", choices=FORMATS, default="table")
    lst.set_defaults(handler=run_list)

    add = sub.add_parser("add", help=_("record an authorised fundraising campaign"))
    add.add_argument("--number", required=True, help=_("number of the authorisation"))
    add.add_argument("--authorised-on", required=True, help=_("date of the authorisation"))
    add.add_argument("--authority", required=True, choices=[a.value for a in CampaignAuthority])
    add.add_argument("--start", required=True, help=_("first day of the campaign"))
    add.add_argument("--end", required=True, help=_("last day of the campaign"))
    add.add_argument("--purpose-ar", help=_("purpose, in Arabic"))
    add.add_argument("--purpose-fr", help=_("purpose, in French"))
    add.add_argument("--treasury", help=_("the books' treasury account the gifts are paid into"))
    add.add_argument("--bank-account", help=_("the bank account, as the authorisation writes it"))
    add.set_defaults(handler=run_add)

    link = sub.add_parser("link", help=_("count a donation among a campaign's gifts"))
    link.add_argument("id", type=int, help=_("campaign id"))
    link.add_argument("receipt", help=_("receipt number of the donation"))
    link.set_defaults(handler=run_link)

    close = sub.add_parser("close", help=_("close a campaign with its totals and their use"))
    close.add_argument("id", type=int, help=_("campaign id"))
    close.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    close.add_argument("--used", default="0", help=_("amount used"))
    close.add_argument("--uses-ar", help=_("what the amounts were used for, in Arabic"))
    close.add_argument("--uses-fr", help=_("what the amounts were used for, in French"))
    close.add_argument("--remainder-ar", help=_("destination of the remainder, in Arabic"))
    close.add_argument("--remainder-fr", help=_("destination of the remainder, in French"))
    close.add_argument(
        "--force-reason", help=_("closing before the end: the reason (administrators)")
    )
    close.set_defaults(handler=run_close)

    filed = sub.add_parser("file-report", help=_("mark a campaign's report as sent"))
    filed.add_argument("id", type=int, help=_("campaign id"))
    filed.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    filed.set_defaults(handler=run_file_report)

    declare = sub.add_parser(
        "declare-distribution", help=_("record the declaration before a distribution in kind")
    )
    declare.add_argument("--declared-on", required=True, help=_("date of the declaration"))
    declare.add_argument("--date", required=True, help=_("date of the distribution"))
    declare.add_argument("--place", required=True)
    declare.add_argument("--nature", required=True, help=_("nature of the aid"))
    declare.add_argument("--quantity", required=True)
    declare.add_argument(
        "--beneficiaries", required=True, type=int, help=_("number of beneficiaries")
    )
    declare.add_argument("--campaign", type=int, help=_("campaign id"))
    declare.add_argument("--declared-to", help=_("authority the declaration was made to"))
    declare.add_argument("--reference", help=_("reference of the declaration's receipt"))
    declare.set_defaults(handler=run_declare)

    dist = sub.add_parser("distributions", help=_("list the declared distributions in kind"))
    dist.add_argument("--campaign", type=int, help=_("campaign id"))
    dist.add_argument("--format", choices=FORMATS, default="table")
    dist.set_defaults(handler=run_distributions)


def _date(text: str | None, field: str) -> dt.date | None:
    return parse_date(text, field=field) if text else None


def _required_date(text: str, field: str) -> dt.date:
    return parse_date(text, field=field)


def _day(value: dt.date | None, table: bool) -> str:
    if value is None:
        return ""
    return format_date(value) if table else value.isoformat()


def run_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    status = CampaignStatus(args.status) if args.status else None
    with ctx.database().session() as session:
        records = list_campaigns(session, ctx.actor, status)
    table = args.format == "table"
    headers = [
        "id", "authorisation", "authorised_on", "authority", "start", "end", "status",
        "gifts", "cash", "in_kind", "used", "remainder", "report_due", "report_filed",
    ]  # fmt: skip

    def money(value: Any) -> str:
        if value is None:
            return ""
        return format_amount(value) if table else str(value)

    rows = [
        [
            r.id,
            r.authorisation_number,
            _day(r.authorised_on, table),
            _(CAMPAIGN_AUTHORITY_LABELS[r.authority]) if table else r.authority.value,
            _day(r.starts_on, table),
            _day(r.ends_on, table),
            _(CAMPAIGN_STATUS_LABELS[r.status]) if table else r.status.value,
            r.gift_count,
            money(r.cash_collected),
            money(r.in_kind_collected),
            money(r.amount_used),
            money(r.remainder),
            _day(r.report_due_on, table),
            _day(r.report_filed_on, table),
        ]
        for r in records
    ]
    print_rows(headers, rows, args.format)
    return 0


def run_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        treasury_id = (
            find_treasury_account(session, ctx.actor, args.treasury).id if args.treasury else None
        )
        record = create_campaign(
            session,
            ctx.actor,
            CampaignData(
                authorisation_number=args.number,
                authorised_on=_required_date(args.authorised_on, "authorised_on"),
                authority=CampaignAuthority(args.authority),
                starts_on=_required_date(args.start, "starts_on"),
                ends_on=_required_date(args.end, "ends_on"),
                purpose=Bilingual(args.purpose_ar, args.purpose_fr),
                treasury_account_id=treasury_id,
                bank_account=args.bank_account,
            ),
        )
    say(
        _("Campaign {id} recorded; its report is due on {date}").format(
            id=record.id, date=format_date(record.report_due_on)
        )
    )
    return 0


def run_link(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        donation = donation_by_receipt(session, ctx.actor, args.receipt)
        record = link_gift(session, ctx.actor, args.id, donation.id)
    say(
        _("Gift {receipt} counted in campaign {id}: {total} collected so far").format(
            receipt=donation.receipt_number,
            id=record.id,
            total=format_amount(record.total_collected),
        )
    )
    return 0


def run_close(ctx: CommandContext, args: argparse.Namespace) -> int:
    data = ClosingData(
        amount_used=parse_money(args.used, field="amount_used"),
        uses=Bilingual(args.uses_ar, args.uses_fr),
        remainder_destination=Bilingual(args.remainder_ar, args.remainder_fr),
        closed_on=_date(args.date, "closed_on"),
        force_reason=args.force_reason,
    )
    with ctx.database().transaction() as session:
        record = close_campaign(session, ctx.actor, args.id, data)
    say(
        _(
            "Campaign {id} closed: {total} collected, {used} used, {remainder} left; "
            "its report is due on {date}"
        ).format(
            id=record.id,
            total=format_amount(record.total_collected),
            used=format_amount(record.amount_used or ZERO),
            remainder=format_amount(record.remainder or ZERO),
            date=format_date(record.report_due_on),
        )
    )
    return 0


def run_file_report(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        record = file_campaign_report(session, ctx.actor, args.id, _date(args.date, "date"))
    say(
        _("The report of campaign {id} was filed on {date}").format(
            id=record.id, date=format_date(record.report_filed_on)
        )
    )
    return 0


def run_declare(ctx: CommandContext, args: argparse.Namespace) -> int:
    data = DistributionData(
        declared_on=_required_date(args.declared_on, "declared_on"),
        distribution_on=_required_date(args.date, "distribution_on"),
        place=args.place,
        nature=args.nature,
        quantity=args.quantity,
        beneficiaries=args.beneficiaries,
        campaign_id=args.campaign,
        declared_to=args.declared_to,
        reference=args.reference,
    )
    with ctx.database().transaction() as session:
        record = declare_distribution(session, ctx.actor, data)
    say(_("Distribution {id} declared").format(id=record.id))
    return 0


def run_distributions(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        records = list_distributions(session, ctx.actor, args.campaign)
    table = args.format == "table"
    headers = [
        "id", "campaign", "declared_on", "date", "place", "nature", "quantity",
        "beneficiaries", "declared_to", "reference",
    ]  # fmt: skip
    rows = [
        [
            r.id,
            r.campaign_id or "",
            _day(r.declared_on, table),
            _day(r.distribution_on, table),
            r.place,
            r.nature,
            r.quantity,
            r.beneficiaries,
            r.declared_to or "",
            r.reference or "",
        ]
        for r in records
    ]
    print_rows(headers, rows, args.format)
    return 0
