"""`books receipt|expense`: the treasurer's quick entries from the command line, through the
same services as the Treasury page's forms (`core/books/quick_entries.py`)."""

from __future__ import annotations

import argparse
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.core.books.models import PaymentMethod
from nassij_desktop.core.common.validators import parse_date
from nassij_desktop.i18n import N_, _

KINDS = {
    "receipt": N_("record money received (an income account of class 7)"),
    "expense": N_("record money paid out (a charge of class 6 or a fixed asset of class 2)"),
}


def add_quick_commands(books_subparsers: Any) -> None:
    """Add `receipt` and `expense` to the `books` command's subparsers."""
    for kind in KINDS:
        sub = books_subparsers.add_parser(kind, help=_(KINDS[kind]))
        sub.add_argument("--date", required=True, help=_("the date (DD/MM/YYYY or YYYY-MM-DD)"))
        sub.add_argument("--amount", required=True, help=_("the amount: 12000.00 or 12 000,00"))
        sub.add_argument("--account", required=True, help=_("the account number"))
        sub.add_argument(
            "--treasury",
            required=True,
            help=_("the bank account or cash box: its account number, journal or name"),
        )
        sub.add_argument("--label", required=True, help=_("what the entry is for"))
        sub.add_argument("--voucher", required=True, help=_("the voucher reference"))
        add_party_arguments(sub)
        sub.set_defaults(handler=run_quick_entry, quick_kind=kind)


def add_party_arguments(parser: argparse.ArgumentParser) -> None:
    """--third-party, --payment-method, --payment-reference (a cheque needs its number)."""
    parser.add_argument("--third-party", help=_("who paid or was paid"))
    parser.add_argument("--payment-method", choices=[m.value for m in PaymentMethod], default=None)
    parser.add_argument("--payment-reference", help=_("cheque or transfer number"))


def run_quick_entry(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.entries import get_entry
    from nassij_desktop.core.books.quick_entries import (
        MoneyMovement,
        record_expense,
        record_receipt,
    )
    from nassij_desktop.core.books.treasury import find_treasury_account

    record = record_receipt if args.quick_kind == "receipt" else record_expense
    day = parse_date(args.date, field="date")
    with ctx.database(write=True).transaction() as session:
        treasury = find_treasury_account(session, ctx.actor, args.treasury)
        written = record(
            session,
            ctx.actor,
            MoneyMovement(
                entry_date=day,
                amount=args.amount,
                account=args.account,
                treasury_id=treasury.id,
                label=args.label,
                voucher=args.voucher,
                third_party=args.third_party,
                payment_method=PaymentMethod(args.payment_method) if args.payment_method else None,
                payment_reference=args.payment_reference,
            ),
        )
        code = get_entry(session, ctx.actor, written.entry_id).code
    say(_("Entry {entry} recorded").format(entry=code))
    return 0
