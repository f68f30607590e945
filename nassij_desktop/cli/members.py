"""`members list|add|update|status` and `dues record` (`dues record-bulk|arrears`: cli.dues)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from nassij_desktop.cli import dues as dues_cli
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.validators import parse_date, parse_money
from nassij_desktop.core.members.models import (
    STATUS_LABELS,
    Gender,
    MemberStatus,
    PaymentMethod,
)
from nassij_desktop.core.members.search import (
    MemberFilter,
    MemberOrder,
    member_rows,
    search_member_ids,
)
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    create_member,
    member_by_number,
    record_dues,
    update_member,
)
from nassij_desktop.i18n import _, current_language


def register(commands: Any) -> None:
    members = commands.add_parser("members", help=command_help("members"))
    sub = members.add_subparsers(dest="members_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help=_("list or search members"))
    lst.add_argument("--search", default="", help=_("names, number or phone, in any script"))
    lst.add_argument("--status", choices=[s.value for s in MemberStatus], action="append")
    lst.add_argument("--category")
    lst.add_argument("--city")
    lst.add_argument("--order", choices=[o.value for o in MemberOrder], default="name_lat")
    lst.add_argument("--limit", type=int, default=None)
    lst.add_argument("--format", choices=["table", "csv", "json"], default="table")
    lst.set_defaults(handler=run_list)

    add = sub.add_parser("add", help=_("add a member"))
    add.add_argument("--last-name-ar")
    add.add_argument("--first-name-ar")
    add.add_argument("--last-name-lat")
    add.add_argument("--first-name-lat")
    add.add_argument("--gender", choices=[g.value for g in Gender])
    add.add_argument("--birth-date", help=_("dd/mm/yyyy"))
    add.add_argument("--birth-place")
    add.add_argument("--nationality", default="MA")
    add.add_argument("--cin", dest="id_number")
    add.add_argument("--profession")
    add.add_argument("--address", help=_("address in Latin letters"))
    add.add_argument("--address-ar", help=_("address in Arabic"))
    add.add_argument("--city")
    add.add_argument("--phone")
    add.add_argument("--email")
    add.add_argument("--join-date", help=_("dd/mm/yyyy (default: today)"))
    add.add_argument("--category", default="active")
    add.add_argument("--consent-date", help=_("date the member consented to data processing"))
    add.add_argument("--number", help=_("member number (default: the next one)"))
    add.set_defaults(handler=run_add)

    update = sub.add_parser("update", help=_("change some fields of a member"))
    update.add_argument("number")
    for flag, dest, kind in _UPDATE_FIELDS:
        choices = [g.value for g in Gender] if kind == "gender" else None
        update.add_argument(flag, dest=dest, choices=choices)
    update.add_argument(
        "--expect-version",
        type=int,
        help=_("the version you read (refused if someone saved the member since)"),
    )
    update.add_argument(
        "--overwrite",
        action="store_true",
        help=_("with --expect-version: save even over a newer version"),
    )
    update.set_defaults(handler=run_update)

    status = sub.add_parser("status", help=_("change a member's status"))
    status.add_argument("number")
    status.add_argument("status", choices=[s.value for s in MemberStatus])
    status.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    status.add_argument("--reason")
    status.set_defaults(handler=run_status)

    dues = commands.add_parser("dues", help=command_help("dues"))
    dues_sub = dues.add_subparsers(dest="dues_command", metavar="ACTION", required=True)
    rec = dues_sub.add_parser("record", help=_("record a payment of dues"))
    rec.add_argument("number", help=_("member number"))
    rec.add_argument("--year", type=int, required=True)
    rec.add_argument("--amount", required=True)
    rec.add_argument("--method", choices=[m.value for m in PaymentMethod], default="cash")
    rec.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    rec.set_defaults(handler=run_dues)
    dues_cli.add_commands(dues_sub)


# `members update`: option, field, kind of value ("text", "date", "gender").
_UPDATE_FIELDS = (
    ("--last-name-ar", "last_name_ar", "text"),
    ("--first-name-ar", "first_name_ar", "text"),
    ("--last-name-lat", "last_name_lat", "text"),
    ("--first-name-lat", "first_name_lat", "text"),
    ("--gender", "gender", "gender"),
    ("--birth-date", "birth_date", "date"),
    ("--birth-place", "birth_place", "text"),
    ("--nationality", "nationality", "text"),
    ("--cin", "id_number", "text"),
    ("--profession", "profession", "text"),
    ("--address", "address", "text"),
    ("--address-ar", "address_ar", "text"),
    ("--city", "city", "text"),
    ("--phone", "phone", "text"),
    ("--email", "email", "text"),
    ("--category", "category_code", "text"),
    ("--consent-date", "consent_date", "date"),
)


def _date(text: str | None, field: str) -> dt.date | None:
    return parse_date(text, field=field) if text else None


def run_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    flt = MemberFilter(
        statuses=frozenset(MemberStatus(s) for s in args.status or ()),
        category_code=args.category,
        city=args.city,
    )
    with ctx.database().session() as session:
        ids = search_member_ids(
            session, ctx.actor, args.search, flt, order=MemberOrder(args.order), limit=args.limit
        )
        headers = ["number", "name_ar", "name_lat", "status", "category", "city", "phone"]
        rows = []
        for start in range(0, len(ids), 500):
            for m in member_rows(session, ctx.actor, ids[start : start + 500]):
                status = (
                    m.status.value
                    if args.format != "table"
                    else gendered(STATUS_LABELS[m.status], m.gender)
                )
                rows.append(
                    [m.number, m.name_ar, m.name_lat, status, m.category_code, m.city, m.phone]
                )
    print_rows(headers, rows, args.format)
    return 0


def run_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    data = MemberData(
        last_name_ar=args.last_name_ar,
        first_name_ar=args.first_name_ar,
        last_name_lat=args.last_name_lat,
        first_name_lat=args.first_name_lat,
        gender=Gender(args.gender) if args.gender else None,
        birth_date=_date(args.birth_date, "birth_date"),
        birth_place=args.birth_place,
        nationality=args.nationality,
        id_number=args.id_number,
        profession=args.profession,
        address=args.address,
        address_ar=args.address_ar,
        city=args.city,
        phone=args.phone,
        email=args.email,
        join_date=_date(args.join_date, "join_date"),
        category_code=args.category,
        consent_date=_date(args.consent_date, "consent_date"),
    )
    with ctx.database().transaction() as session:
        record = create_member(session, ctx.actor, data, number=args.number)
    say(
        _("Added member {number}: {name}").format(
            number=record.number, name=record.name(current_language())
        )
    )
    return 0


def run_update(ctx: CommandContext, args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {}
    for _flag, dest, kind in _UPDATE_FIELDS:
        text = getattr(args, dest)
        if text is None:
            continue
        if kind == "date":
            changes[dest] = _date(text, dest)
        elif kind == "gender":
            changes[dest] = Gender(text) if text else None
        else:
            changes[dest] = text
    with ctx.database().transaction() as session:
        record = update_member(
            session,
            ctx.actor,
            member_by_number(session, ctx.actor, args.number).id,
            args.expect_version,
            overwrite=args.overwrite,
            **changes,
        )
    say(
        _("Member {number} saved (version {version}).").format(
            number=record.number, version=record.version
        )
    )
    return 0


def run_status(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        record = change_member_status(
            session,
            ctx.actor,
            member_by_number(session, ctx.actor, args.number).id,
            MemberStatus(args.status),
            _date(args.date, "date") or clock.today(),
            args.reason,
        )
    say(
        _("Member {number} is now: {status}").format(
            number=record.number, status=gendered(STATUS_LABELS[record.status], record.gender)
        )
    )
    return 0


def run_dues(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().transaction() as session:
        payment = record_dues(
            session,
            ctx.actor,
            member_by_number(session, ctx.actor, args.number).id,
            args.year,
            parse_money(args.amount, field="amount"),
            _date(args.date, "date") or clock.today(),
            PaymentMethod(args.method),
        )
    say(_("Dues recorded, receipt {receipt}").format(receipt=payment.receipt_number))
    return 0
