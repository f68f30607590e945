"""`books reconcile import|status|suggest|match|unmatch|clear|unclear|book`: the bank
reconciliation from the command line, through the services of the Treasury page
(`core/books/reconciliation.py`).

`add_reconcile_commands(books_subparsers)` adds them under the `books` command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_json, print_rows, say
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_date, parse_money
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import format_amount, format_date


def add_reconcile_commands(books_subparsers: Any) -> None:
    """Add `reconcile ACTION --account CODE …` to the `books` command's subparsers."""
    reconcile = books_subparsers.add_parser(
        "reconcile", help=_("bank reconciliation: import a statement, match, clear, status")
    )
    actions = reconcile.add_subparsers(dest="reconcile_action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        sub.add_argument(
            "--account",
            required=True,
            help=_("the bank account: its account number, journal or name"),
        )
        sub.set_defaults(handler=run_reconcile)
        return sub

    imported = action("import", _("import a bank statement file (CSV or XLSX)"))
    imported.add_argument("file", metavar="FILE", type=Path)
    imported.add_argument(
        "--opening-balance",
        help=_("the balance before the first line, when the file has no balance column"),
    )
    status = action("status", _("the reconciliation statement: book balance and bank balance"))
    status.add_argument("--date", help=_("at the end of this day (default: today)"))
    status.add_argument("--format", choices=("table", "json"), default="table")
    action("suggest", _("list the suggested matches (same amount, close dates)"))
    match = action("match", _("match a statement line with a book line, or accept suggestions"))
    match.add_argument("--suggested", action="store_true", help=_("accept every suggestion"))
    match.add_argument("--bank-line", type=int, help=_("the statement line's number"))
    match.add_argument("--book-line", type=int, help=_("the book line's number"))
    unmatch = action("unmatch", _("undo the match of a statement line"))
    unmatch.add_argument("--bank-line", type=int, required=True)
    clear = action("clear", _("mark a book line cleared without a statement line"))
    clear.add_argument("--book-line", type=int, required=True)
    clear.add_argument("--date", required=True, help=_("the day the bank shows it"))
    unclear = action("unclear", _("remove a book line's cleared mark"))
    unclear.add_argument("--book-line", type=int, required=True)
    book = action("book", _("book a statement line missing from the books (fees, interest)"))
    book.add_argument("--bank-line", type=int, required=True)
    book.add_argument("--to-account", required=True, help=_("the charge or income account"))
    book.add_argument("--voucher", required=True, help=_("the voucher reference"))
    book.add_argument("--label", help=_("what the entry is for (default: the bank's label)"))


def run_reconcile(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.treasury import find_treasury_account

    action = args.reconcile_action
    if action in ("status", "suggest"):
        with ctx.database().session() as session:
            treasury = find_treasury_account(session, ctx.actor, args.account)
            if action == "status":
                return _status(session, ctx, args, treasury.id)
            return _suggest(session, ctx, treasury.id)
    with ctx.database(write=True).transaction() as session:
        treasury = find_treasury_account(session, ctx.actor, args.account)
        message = _WRITERS[action](session, ctx, args, treasury.id)
    say(message)
    return 0


def _import(session: Any, ctx: CommandContext, args: argparse.Namespace, treasury: int) -> str:
    from nassij_desktop.core.books.reconciliation import import_bank_statement

    try:
        content = args.file.read_bytes()
    except OSError as error:
        raise ValidationError(
            "file",
            _("The file {file} cannot be read ({error}).").format(
                file=args.file, error=error.strerror
            ),
        ) from error
    opening = (
        parse_money(args.opening_balance, field="opening_balance", allow_negative=True)
        if args.opening_balance
        else None
    )
    done = import_bank_statement(
        session, ctx.actor, treasury, args.file.name, content, opening_balance=opening
    )
    text = ngettext(
        "{count} statement line imported ({start} to {end})",
        "{count} statement lines imported ({start} to {end})",
        done.lines,
    ).format(count=done.lines, start=format_date(done.starts_on), end=format_date(done.ends_on))
    if done.skipped:
        text += "; " + ngettext(
            "{count} line already imported was skipped",
            "{count} lines already imported were skipped",
            done.skipped,
        ).format(count=done.skipped)
    return text


def _match(session: Any, ctx: CommandContext, args: argparse.Namespace, treasury: int) -> str:
    from nassij_desktop.core.books.reconciliation import accept_suggestions, match_lines

    if args.suggested:
        count = accept_suggestions(session, ctx.actor, treasury)
    elif args.bank_line is not None and args.book_line is not None:
        count = match_lines(session, ctx.actor, treasury, [(args.bank_line, args.book_line)])
    else:
        raise ValidationError(
            "bank_line", _("Give --suggested, or both --bank-line and --book-line.")
        )
    return ngettext("{count} line matched", "{count} lines matched", count).format(count=count)


def _unmatch(session: Any, ctx: CommandContext, args: argparse.Namespace, treasury: int) -> str:
    from nassij_desktop.core.books.reconciliation import unmatch_line

    unmatch_line(session, ctx.actor, treasury, args.bank_line)
    return _("Statement line {line} unmatched").format(line=args.bank_line)


def _clear(session: Any, ctx: CommandContext, args: argparse.Namespace, treasury: int) -> str:
    from nassij_desktop.core.books.reconciliation import clear_line

    day = parse_date(args.date, field="date")
    clear_line(session, ctx.actor, treasury, args.book_line, day)
    return _("Line {line} cleared on {date}").format(line=args.book_line, date=format_date(day))


def _unclear(session: Any, ctx: CommandContext, args: argparse.Namespace, treasury: int) -> str:
    from nassij_desktop.core.books.reconciliation import unclear_line

    unclear_line(session, ctx.actor, treasury, args.book_line)
    return _("Line {line} is no longer cleared").format(line=args.book_line)


def _book(session: Any, ctx: CommandContext, args: argparse.Namespace, treasury: int) -> str:
    from nassij_desktop.core.books.entries import get_entry
    from nassij_desktop.core.books.reconciliation import book_missing_line

    entry = book_missing_line(
        session,
        ctx.actor,
        treasury,
        args.bank_line,
        account=args.to_account,
        voucher=args.voucher,
        label=args.label,
    )
    return _("Entry {entry} recorded and matched").format(
        entry=get_entry(session, ctx.actor, entry).code
    )


_WRITERS = {
    "import": _import,
    "match": _match,
    "unmatch": _unmatch,
    "clear": _clear,
    "unclear": _unclear,
    "book": _book,
}


def _suggest(session: Any, ctx: CommandContext, treasury: int) -> int:
    from nassij_desktop.core.books.reconciliation import suggest_matches

    rows = [
        [
            s.bank_line.id,
            format_date(s.bank_line.day),
            s.bank_line.label,
            format_amount(s.bank_line.amount),
            s.book_line.id,
            s.book_line.entry,
            format_date(s.book_line.day),
            s.book_line.label,
        ]
        for s in suggest_matches(session, ctx.actor, treasury)
    ]
    print_rows(
        ["bank line", "date", "label", "amount", "book line", "entry", "date", "label"],
        rows,
        "table",
    )
    return 0


def _status(session: Any, ctx: CommandContext, args: argparse.Namespace, treasury: int) -> int:
    from nassij_desktop.core.books.reconciliation import reconciliation_statement

    day = parse_date(args.date, field="date") if args.date else clock.today()
    report = reconciliation_statement(session, ctx.actor, treasury, day)
    if args.format == "json":
        print_json(
            {
                "account": report.account,
                "name": report.treasury_name,
                "date": day.isoformat(),
                "book_balance": str(report.book_balance),
                "uncleared_total": str(report.uncleared_total),
                "unmatched_total": str(report.unmatched_total),
                "expected_bank_balance": str(report.expected_bank_balance),
                "bank_balance": None if report.bank_balance is None else str(report.bank_balance),
                "difference": None if report.difference is None else str(report.difference),
                "reconciled": report.reconciled,
                "uncleared": [
                    {"id": b.id, "entry": b.entry, "date": b.day.isoformat(), "label": b.label,
                     "amount": str(b.amount)}
                    for b in report.uncleared
                ],
                "unmatched": [
                    {"id": b.id, "date": b.day.isoformat(), "label": b.label,
                     "amount": str(b.amount)}
                    for b in report.unmatched
                ],
            }
        )  # fmt: skip
        return 0
    unknown = _("unknown (no statement balance)")
    say(
        _("Reconciliation of {name} ({account}) at {date}").format(
            name=report.treasury_name, account=report.account, date=format_date(day)
        )
    )
    print_rows(
        ["", "amount"],
        [
            [_("Book balance"), format_amount(report.book_balance)],
            [
                _("Book lines not yet on the statement, taken out"),
                format_amount(-report.uncleared_total),
            ],
            [
                _("Statement lines not yet in the books, added"),
                format_amount(report.unmatched_total),
            ],
            [_("Expected bank balance"), format_amount(report.expected_bank_balance)],
            [
                _("Bank balance"),
                unknown if report.bank_balance is None else format_amount(report.bank_balance),
            ],
            [
                _("Difference"),
                unknown if report.difference is None else format_amount(report.difference),
            ],
        ],
        "table",
    )
    if report.uncleared:
        say(_("Book lines not yet on the statement:"))
        print_rows(
            ["line", "entry", "date", "label", "amount"],
            [
                [b.id, b.entry, format_date(b.day), b.label, format_amount(b.amount)]
                for b in report.uncleared
            ],
            "table",
        )
    if report.unmatched:
        say(_("Statement lines not yet in the books:"))
        print_rows(
            ["line", "date", "label", "amount"],
            [
                [b.id, format_date(b.day), b.label, format_amount(b.amount)]
                for b in report.unmatched
            ],
            "table",
        )
    say(_("Reconciled") if report.reconciled else _("Not reconciled"))
    return 0
