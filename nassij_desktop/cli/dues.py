"""`dues record-bulk` (a year's dues for a category, chosen members or all) and `dues arrears`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.names import display_name
from nassij_desktop.core.common.output_files import check_output_path, protected_paths
from nassij_desktop.core.common.validators import parse_date, parse_money
from nassij_desktop.core.members.arrears import arrears_summary, members_in_arrears
from nassij_desktop.core.members.bulk_dues import BulkDuesResult, record_dues_bulk
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import member_by_number
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_money

if TYPE_CHECKING:
    from nassij_desktop.reports.request import Lang

PAGE = 500  # members in arrears read at a time


def add_commands(dues_sub: Any) -> None:
    """The bulk sub-commands of `dues` (`cli.members` declares `dues` itself)."""
    bulk = dues_sub.add_parser(
        "record-bulk", help=_("record a year's dues for a category, chosen members or all")
    )
    bulk.add_argument("--year", type=int, required=True)
    who = bulk.add_mutually_exclusive_group(required=True)
    who.add_argument("--category", help=_("every member of this category who owes the year"))
    who.add_argument("--members", help=_("member numbers separated by commas"))
    who.add_argument("--all", action="store_true", help=_("every member who owes the year's dues"))
    bulk.add_argument("--amount", help=_("default: each member's category rate"))
    bulk.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    how = bulk.add_mutually_exclusive_group()
    how.add_argument(
        "--cash", dest="method", action="store_const", const="cash", help=_("paid in cash")
    )
    how.add_argument(
        "--bank", dest="method", action="store_const", const="transfer", help=_("paid to the bank")
    )
    how.add_argument("--method", choices=[m.value for m in PaymentMethod])
    bulk.add_argument("--receipts-out", help=_("write every receipt of the run to this PDF"))
    bulk.add_argument(
        "--receipts-lang", choices=["ar", "fr"], help=_("default: the messages' language")
    )
    bulk.set_defaults(handler=run_record_bulk, method="cash")

    arrears = dues_sub.add_parser("arrears", help=_("members in arrears and their unpaid years"))
    arrears.add_argument("--year", type=int, help=_("up to this year (default: this year)"))
    arrears.add_argument(
        "--since", type=int, help=_("first year of dues (default: the first paid)")
    )
    arrears.add_argument("--category")
    arrears.add_argument("--format", choices=["table", "csv", "json"], default="table")
    arrears.set_defaults(handler=run_arrears)


def _receipts_path(ctx: CommandContext, text: str | None) -> Path | None:
    """The PDF's path, refused before anything is recorded (never over the open file)."""
    if text is None:
        return None
    guarded = protected_paths(ctx.path) if ctx.path is not None else ()
    return check_output_path(text, protected=guarded, field="receipts_out")


def _receipts_lang(chosen: str | None) -> Lang:
    if chosen == "fr" or (chosen is None and current_language() == "fr"):
        return "fr"
    return "ar"


def run_record_bulk(ctx: CommandContext, args: argparse.Namespace) -> int:
    out = _receipts_path(ctx, args.receipts_out)
    paid_on = parse_date(args.date, field="date") if args.date else clock.today()
    amount = parse_money(args.amount, field="amount") if args.amount else None
    with ctx.database().transaction() as session:
        member_ids = None
        if args.members is not None:
            numbers = [n for n in args.members.split(",") if n.strip()]
            member_ids = [member_by_number(session, ctx.actor, n).id for n in numbers]
        result = record_dues_bulk(
            session,
            ctx.actor,
            args.year,
            paid_on=paid_on,
            method=PaymentMethod(args.method),
            member_ids=member_ids,
            category=args.category,
            amount=amount,
        )
    say(outcome(result))
    if out is not None and not result.recorded:
        say(_("No receipt to write: nothing was recorded."))
    elif out is not None:
        # The report engine (fpdf, fontTools) loads only when receipts are printed: every
        # `members` command imports this module.
        from nassij_desktop.reports.receipts.dues_receipts_batch import dues_receipts_batch

        with ctx.database().session() as session:
            made = dues_receipts_batch(
                session, ctx.actor, result.payment_ids, _receipts_lang(args.receipts_lang), out
            )
        pages = ngettext("{count} page", "{count} pages", made.pages).format(count=made.pages)
        say(_("{path}: {pages}").format(path=made.path, pages=pages))
    return 0


def outcome(result: BulkDuesResult) -> str:
    """What a run did, in sentences: how many recorded (receipts, total), paid already, left out."""
    count = len(result.recorded)
    parts = []
    if count:
        parts.append(
            ngettext(
                "Dues of {year} recorded for {count} member, receipt {first}, total {total}.",
                "Dues of {year} recorded for {count} members, receipts {first} to {last}, "
                "total {total}.",
                count,
            ).format(
                year=result.year,
                count=count,
                first=result.recorded[0].receipt_number,
                last=result.recorded[-1].receipt_number,
                total=format_money(result.total),
            )
        )
    else:
        parts.append(_("No dues recorded for {year}.").format(year=result.year))
    if result.already_paid:
        parts.append(
            ngettext(
                "{count} member had already paid.",
                "{count} members had already paid.",
                result.already_paid,
            ).format(count=result.already_paid)
        )
    if result.without_rate:
        parts.append(
            ngettext(
                "{count} member of a category without a rate was left out.",
                "{count} members of a category without a rate were left out.",
                result.without_rate,
            ).format(count=result.without_rate)
        )
    return " ".join(parts)


def run_arrears(ctx: CommandContext, args: argparse.Namespace) -> int:
    year = args.year or clock.today().year
    lang = current_language()
    machine = args.format != "table"
    rows = []
    with ctx.database().session() as session:
        summary = arrears_summary(
            session, ctx.actor, year, since_year=args.since, category=args.category
        )
        for offset in range(0, summary.count, PAGE):
            for row in members_in_arrears(
                session,
                ctx.actor,
                year,
                since_year=summary.since_year,
                category=args.category,
                offset=offset,
                limit=PAGE,
            ):
                owed = row.owed
                name = display_name(
                    lang,
                    row.first_name_ar,
                    row.last_name_ar,
                    row.first_name_lat,
                    row.last_name_lat,
                )
                rows.append(
                    [
                        row.number,
                        name,
                        row.category_code,
                        " ".join(str(y) for y in row.unpaid_years),
                        len(row.unpaid_years),
                        ("" if owed is None else str(owed) if machine else format_money(owed)),
                    ]
                )
    headers = ["number", "name", "category", "unpaid_years", "years", "owed"]
    print_rows(headers, rows, args.format)
    if not machine:
        say(
            ngettext(
                "{count} member in arrears from {since} to {year}: {years} unpaid years, "
                "{total} owed.",
                "{count} members in arrears from {since} to {year}: {years} unpaid years, "
                "{total} owed.",
                summary.count,
            ).format(
                count=summary.count,
                since=summary.since_year,
                year=year,
                years=summary.unpaid_years,
                total=format_money(summary.total_owed),
            )
        )
    return 0
