"""`donations record|list|cancel`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.validators import parse_date, parse_money
from nassij_desktop.core.donations.campaigns import link_gift
from nassij_desktop.core.donations.models import DONOR_KIND_LABELS, DonorKind
from nassij_desktop.core.donations.services import (
    DonationData,
    cancel_donation,
    donation_by_receipt,
    list_donations,
    record_donation,
)
from nassij_desktop.core.members.models import PAYMENT_METHOD_LABELS, PaymentMethod
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_amount, format_date


def register(commands: Any) -> None:
    """Add the sub-commands to the `nassij` parser."""
    donations = commands.add_parser("donations", help=command_help("donations"))
    sub = donations.add_subparsers(dest="donations_command", metavar="ACTION", required=True)

    rec = sub.add_parser("record", help=_("record a donation and number its receipt"))
    rec.add_argument("--donor", required=True, help=_("donor's name, as on the receipt"))
    rec.add_argument("--amount", required=True, help=_("amount, or value of a gift in kind"))
    rec.add_argument("--method", choices=[m.value for m in PaymentMethod], default="cash")
    rec.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    rec.add_argument("--kind", choices=[k.value for k in DonorKind], default="person")
    rec.add_argument("--identity", help=_("CIN of a person, ICE of a company"))
    rec.add_argument("--address")
    rec.add_argument("--purpose", help=_("project or use the gift is given for"))
    rec.add_argument("--reference", help=_("cheque number or transfer reference"))
    rec.add_argument("--in-kind", dest="in_kind", help=_("description of a gift in kind"))
    rec.add_argument(
        "--in-kind-account", dest="in_kind_account", help=_("account debited for a gift in kind")
    )
    rec.add_argument(
        "--campaign", type=int, help=_("fundraising campaign the gift is collected under (its id)")
    )
    rec.set_defaults(handler=run_record)

    lst = sub.add_parser("list", help=_("list the donations"))
    lst.add_argument("--year", type=int, default=None)
    lst.add_argument("--format", choices=["table", "csv", "json"], default="table")
    lst.set_defaults(handler=run_list)

    cancel = sub.add_parser("cancel", help=_("cancel a donation receipt"))
    cancel.add_argument("receipt", help=_("receipt number"))
    cancel.add_argument("--reason", required=True)
    cancel.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    cancel.set_defaults(handler=run_cancel)


def _date(text: str | None, field: str) -> dt.date | None:
    return parse_date(text, field=field) if text else None


def run_record(ctx: CommandContext, args: argparse.Namespace) -> int:
    in_kind = bool(args.in_kind)
    data = DonationData(
        donor_name=args.donor,
        amount=parse_money(args.amount, field="amount"),
        received_on=_date(args.date, "date"),
        donor_kind=DonorKind(args.kind),
        donor_identity=args.identity,
        donor_address=args.address,
        method=None if in_kind else PaymentMethod(args.method),
        payment_reference=args.reference,
        in_kind=in_kind,
        in_kind_description=args.in_kind,
        in_kind_account=args.in_kind_account,
        purpose=args.purpose,
    )
    with ctx.database().transaction() as session:
        record = record_donation(session, ctx.actor, data)
        if args.campaign is not None:
            link_gift(session, ctx.actor, args.campaign, record.id)
    say(_("Donation recorded, receipt {receipt}").format(receipt=record.receipt_number))
    return 0


def run_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        records = list_donations(session, ctx.actor, args.year)
    headers = ["id", "receipt", "date", "donor", "kind", "amount", "method", "purpose", "cancelled"]
    table = args.format == "table"
    rows = []
    for r in records:
        method: str | None
        if r.in_kind:
            method = _("In kind") if table else "in_kind"
        else:
            method = _(PAYMENT_METHOD_LABELS[r.method]) if table and r.method else r.method
        rows.append(
            [
                r.id,
                r.receipt_number,
                format_date(r.received_on) if table else r.received_on.isoformat(),
                r.donor_name,
                _(DONOR_KIND_LABELS[r.donor_kind]) if table else r.donor_kind.value,
                format_amount(r.amount) if table else str(r.amount),
                method,
                r.purpose or "",
                (_("cancelled") if r.cancelled else "") if table else str(r.cancelled).lower(),
            ]
        )
    print_rows(headers, rows, args.format)
    return 0


def run_cancel(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        donation = donation_by_receipt(session, ctx.actor, args.receipt)
        cancel_donation(session, ctx.actor, donation.id, args.reason, _date(args.date, "date"))
    say(_("Receipt {receipt} cancelled").format(receipt=args.receipt))
    return 0
