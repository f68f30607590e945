"""`books year|accounts|account|entry`: the treasurer's books from the command line.

Each group is a sub-parser of its own (`_register_*`), so that other groups (statements,
receipts and expenses, exports) are added beside them without touching these.
"""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from nassij_desktop.cli.books_budgets import add_budget_commands
from nassij_desktop.cli.books_exports import add_export_commands
from nassij_desktop.cli.books_quick import add_party_arguments, add_quick_commands
from nassij_desktop.cli.books_reconcile import add_reconcile_commands
from nassij_desktop.cli.books_statements import add_statement_commands
from nassij_desktop.cli.books_vouchers import add_voucher_commands
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.validators import parse_date, parse_money
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_amount, format_date

FORMATS = ["table", "csv", "json"]


def register(commands: Any) -> None:
    """Add the sub-commands to the `nassij` parser."""
    books = commands.add_parser("books", help=command_help("books"))
    groups = books.add_subparsers(dest="books_command", metavar="GROUP", required=True)
    _register_years(groups)
    _register_accounts(groups)
    _register_entries(groups)
    add_statement_commands(groups)
    add_quick_commands(groups)
    add_reconcile_commands(groups)
    add_export_commands(groups)
    add_budget_commands(groups)


# --- fiscal years ---------------------------------------------------------------------------


def _register_years(groups: Any) -> None:
    year = groups.add_parser("year", help=_("fiscal years: open, list, close, reopen, lock"))
    sub = year.add_subparsers(dest="year_command", metavar="ACTION", required=True)

    opening = sub.add_parser("open", help=_("open the fiscal year that starts in YEAR"))
    opening.add_argument("year", type=int, metavar="YEAR")
    opening.set_defaults(handler=run_year_open)

    listing = sub.add_parser("list", help=_("list the fiscal years and their status"))
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=run_year_list)

    closing = sub.add_parser(
        "close",
        help=_(
            "close a fiscal year: its result goes to the association's funds in the next "
            "year's opening entry"
        ),
    )
    closing.add_argument("year", type=int, metavar="YEAR")
    _waiver_arguments(closing)
    closing.set_defaults(handler=run_year_close)

    reopen = sub.add_parser("reopen", help=_("reopen a closed fiscal year (administrators)"))
    reopen.add_argument("year", type=int, metavar="YEAR")
    reopen.add_argument("--reason", required=True, help=_("why it is reopened (audited)"))
    reopen.set_defaults(handler=run_year_reopen)

    lock = sub.add_parser("lock", help=_("lock a closed fiscal year for good (administrators)"))
    lock.add_argument("year", type=int, metavar="YEAR")
    lock.set_defaults(handler=run_year_lock)

    # The spelling of the same two actions: `books close --year Y`,
    # `books reopen --year Y --reason TEXT`.
    close_alias = groups.add_parser("close", help=_("close a fiscal year (as `year close`)"))
    close_alias.add_argument("--year", type=int, required=True)
    _waiver_arguments(close_alias)
    close_alias.set_defaults(handler=run_year_close)
    reopen_alias = groups.add_parser(
        "reopen", help=_("reopen a closed fiscal year (as `year reopen`)")
    )
    reopen_alias.add_argument("--year", type=int, required=True)
    reopen_alias.add_argument("--reason", required=True, help=_("why it is reopened (audited)"))
    reopen_alias.set_defaults(handler=run_year_reopen)


def _waiver_arguments(parser: Any) -> None:
    parser.add_argument(
        "--without-reconciliation",
        dest="without_reconciliation",
        action="store_true",
        help=_("close even if the bank accounts are not reconciled"),
    )
    parser.add_argument(
        "--reason", help=_("why the year is closed without reconciliation (audited)")
    )


def _status(status: Any) -> str:
    from nassij_desktop.core.books.years import YEAR_STATUS_LABELS

    return _(YEAR_STATUS_LABELS[status])


def run_year_open(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.years import open_year

    with ctx.database(write=True).transaction() as session:
        record = open_year(session, ctx.actor, args.year)
    say(_("Fiscal year {year} opened").format(year=record.label))
    return 0


def run_year_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.years import list_years

    with ctx.database().session() as session:
        years = list_years(session, ctx.actor)
    table = args.format == "table"
    rows = [
        [
            y.label,
            format_date(y.starts_on) if table else y.starts_on.isoformat(),
            format_date(y.ends_on) if table else y.ends_on.isoformat(),
            _status(y.status) if table else y.status.value,
            y.entries,
            y.drafts,
        ]
        for y in years
    ]
    print_rows(["year", "starts", "ends", "status", "entries", "drafts"], rows, args.format)
    return 0


def run_year_close(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.closing import close_after_checks

    with ctx.database(write=True).transaction() as session:
        record = close_after_checks(
            session,
            ctx.actor,
            args.year,
            without_reconciliation=args.without_reconciliation,
            reason=args.reason,
        )
    say(_("Fiscal year {year} closed").format(year=record.label))
    return 0


def run_year_reopen(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.years import reopen_year

    with ctx.database(write=True).transaction() as session:
        record = reopen_year(session, ctx.actor, args.year, args.reason)
    say(_("Fiscal year {year} reopened").format(year=record.label))
    return 0


def run_year_lock(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.years import lock_year

    with ctx.database(write=True).transaction() as session:
        record = lock_year(session, ctx.actor, args.year)
    say(_("Fiscal year {year} locked").format(year=record.label))
    return 0


# --- chart of accounts ----------------------------------------------------------------------


def _register_accounts(groups: Any) -> None:
    accounts = groups.add_parser("accounts", help=_("list the chart of accounts"))
    accounts.add_argument("--class", dest="account_class", type=int, choices=range(10))
    accounts.add_argument("--format", choices=FORMATS, default="table")
    accounts.set_defaults(handler=run_accounts)

    account = groups.add_parser("account", help=_("add, rename or deactivate an account"))
    sub = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help=_("add a sub-account under the account its number extends"))
    add.add_argument("number", metavar="NUMBER")
    add.add_argument("--label-ar", dest="label_ar", required=True)
    add.add_argument("--label-fr", dest="label_fr", required=True)
    add.set_defaults(handler=run_account_add)

    rename = sub.add_parser("rename", help=_("rename an account in Arabic and French"))
    rename.add_argument("number", metavar="NUMBER")
    rename.add_argument("--label-ar", dest="label_ar", required=True)
    rename.add_argument("--label-fr", dest="label_fr", required=True)
    rename.set_defaults(handler=run_account_rename)

    for name, active, text in (
        ("deactivate", False, _("refuse the account in new entries (its entries stay)")),
        ("activate", True, _("accept a deactivated account in new entries again")),
    ):
        switch = sub.add_parser(name, help=text)
        switch.add_argument("number", metavar="NUMBER")
        switch.set_defaults(handler=run_account_active, active=active)

    delete = sub.add_parser("delete", help=_("delete an account nothing uses"))
    delete.add_argument("number", metavar="NUMBER")
    delete.set_defaults(handler=run_account_delete)

    model = sub.add_parser(
        "statement-model", help=_("show or set the statement model (normal, simplified…)")
    )
    model.add_argument(
        "model", nargs="?", choices=["normal", "simplified", "super_simplified"], default=None
    )
    model.set_defaults(handler=run_statement_model)


def run_accounts(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.accounts import list_accounts
    from nassij_desktop.i18n import current_language

    with ctx.database().session() as session:
        accounts = list_accounts(session, ctx.actor, account_class=args.account_class)
    table = args.format == "table"
    lang = current_language()

    def flag(value: bool) -> object:
        return (_("yes") if value else "") if table else value

    if table:
        headers = ["number", "label", "class", "active", "extension", "used"]
        rows = [
            [
                a.number,
                a.label(lang),
                a.account_class,
                flag(a.active),
                flag(a.extension),
                flag(a.used),
            ]
            for a in accounts
        ]
    else:
        headers = [
            "number",
            "label_ar",
            "label_fr",
            "class",
            "kind",
            "parent",
            "active",
            "extension",
            "used",
        ]
        rows = [
            [
                a.number,
                a.label_ar,
                a.label_fr,
                a.account_class,
                a.kind.value,
                a.parent or "",
                str(a.active).lower(),
                str(a.extension).lower(),
                str(a.used).lower(),
            ]
            for a in accounts
        ]
    print_rows(headers, rows, args.format)
    return 0


def run_account_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.accounts import add_account

    with ctx.database(write=True).transaction() as session:
        record = add_account(session, ctx.actor, args.number, args.label_ar, args.label_fr)
    say(
        _("Account {number} added under {parent}").format(
            number=record.number, parent=record.parent
        )
    )
    return 0


def run_account_rename(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.accounts import rename_account

    with ctx.database(write=True).transaction() as session:
        record = rename_account(session, ctx.actor, args.number, args.label_ar, args.label_fr)
    say(_("Account {number} renamed").format(number=record.number))
    return 0


def run_account_active(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.accounts import set_account_active

    with ctx.database(write=True).transaction() as session:
        record = set_account_active(session, ctx.actor, args.number, args.active)
    if record.active:
        say(_("Account {number} activated").format(number=record.number))
    else:
        say(_("Account {number} deactivated").format(number=record.number))
    return 0


def run_account_delete(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.accounts import delete_account

    with ctx.database(write=True).transaction() as session:
        delete_account(session, ctx.actor, args.number)
    say(_("Account {number} deleted").format(number=args.number))
    return 0


def run_statement_model(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.accounts import STATEMENT_MODEL_LABELS, set_statement_model
    from nassij_desktop.core.books.association_terms import statement_model

    if args.model is None:
        with ctx.database().session() as session:
            model = statement_model(session)
    else:
        with ctx.database(write=True).transaction() as session:
            model = set_statement_model(session, ctx.actor, args.model)
    say(_("Statement model: {model}").format(model=_(STATEMENT_MODEL_LABELS[model])))
    return 0


# --- entries --------------------------------------------------------------------------------


def _register_entries(groups: Any) -> None:
    entry = groups.add_parser("entry", help=_("journal entries: add, validate, reverse, list"))
    sub = entry.add_subparsers(dest="entry_command", metavar="ACTION", required=True)

    add = sub.add_parser("add", help=_("add a balanced entry (validated, or a draft)"))
    add.add_argument("--date", required=True, help=_("dd/mm/yyyy"))
    add.add_argument("--journal", required=True, help=_("journal code: CA, BQ, OD, AN"))
    add.add_argument("--label", required=True)
    add.add_argument("--voucher", required=True, help=_("voucher reference (invoice, receipt…)"))
    add.add_argument(
        "--line",
        action="append",
        required=True,
        metavar="ACCOUNT:AMOUNT:D|C",
        help=_("a line: account, amount, D for debit or C for credit (repeat for each line)"),
    )
    add.add_argument("--project", help=_("project code the lines are tagged with"))
    add.add_argument("--funder", type=int, help=_("id of the funder of public aid"))
    add.add_argument("--aid-kind", dest="aid_kind", help=_("kind of aid (subsidy, in kind…)"))
    add.add_argument("--agreement", help=_("number of the funding agreement"))
    add.add_argument("--agreement-date", dest="agreement_date", help=_("dd/mm/yyyy"))
    add_party_arguments(add)
    add.add_argument("--draft", action="store_true", help=_("keep it as a draft (no number)"))
    add.set_defaults(handler=run_entry_add)

    validate = sub.add_parser("validate", help=_("validate a draft: it is numbered and sealed"))
    validate.add_argument("entry", metavar="ENTRY", help=_("the draft's id"))
    validate.set_defaults(handler=run_entry_validate)

    reverse = sub.add_parser("reverse", help=_("reverse a validated entry (contre-passation)"))
    reverse.add_argument("entry", metavar="ENTRY", help=_("JOURNAL-YEAR-NUMBER, e.g. BQ-2026-12"))
    reverse.add_argument("--date", help=_("dd/mm/yyyy (default: today)"))
    reverse.add_argument("--label")
    reverse.set_defaults(handler=run_entry_reverse)

    delete = sub.add_parser("delete", help=_("delete a draft"))
    delete.add_argument("entry", metavar="ENTRY", help=_("the draft's id"))
    delete.set_defaults(handler=run_entry_delete)

    listing = sub.add_parser("list", help=_("list the entries of a year or a journal"))
    listing.add_argument("--year", help=_("fiscal year, e.g. 2026"))
    listing.add_argument("--journal", help=_("journal code"))
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=run_entry_list)
    add_voucher_commands(sub)


def parse_line(text: str, row: int) -> tuple[str, Decimal, Decimal]:
    """ACCOUNT:AMOUNT:D|C → (account, debit, credit); the amount in any usual way."""
    account, sep, rest = text.partition(":")
    amount, sep2, side = rest.rpartition(":")
    side = side.strip().upper()
    if not sep or not sep2 or not account.strip() or side not in {"D", "C"}:
        raise ValidationError(
            "line",
            _("Write each line as ACCOUNT:AMOUNT:D or ACCOUNT:AMOUNT:C, like 6125:1200,00:D."),
            row=row,
        )
    value = parse_money(amount, field="line")
    return account.strip(), (value if side == "D" else ZERO), (value if side == "C" else ZERO)


def run_entry_add(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.entries import EntryForm, record_entry
    from nassij_desktop.core.books.quick_entries import aid_tagging, entry_parties
    from nassij_desktop.core.books.services import LineSpec

    day = parse_date(args.date, field="date")
    agreement_date = (
        parse_date(args.agreement_date, field="agreement_date") if args.agreement_date else None
    )
    parsed = [parse_line(text, row) for row, text in enumerate(args.line, start=1)]
    with ctx.database(write=True).transaction() as session:
        tags = aid_tagging(
            session,
            project=args.project,
            funder_id=args.funder,
            aid_kind=args.aid_kind,
            agreement_number=args.agreement,
            agreement_date=agreement_date,
        )
        lines = [
            LineSpec(
                account=account,
                debit=debit,
                credit=credit,
                **vars(tags),
            )
            for account, debit, credit in parsed
        ]
        parties = entry_parties(args.third_party, args.payment_method, args.payment_reference)
        form = EntryForm(args.journal.upper(), day, args.label, args.voucher, lines, parties)
        record = record_entry(session, ctx.actor, form, draft=args.draft)
    if record.code is None:
        say(_("Draft entry {id} saved").format(id=record.id))
    else:
        say(_("Entry {entry} recorded").format(entry=record.code))
    return 0


def run_entry_validate(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.entries import find_entry, validate_entry

    with ctx.database(write=True).transaction() as session:
        entry = find_entry(session, ctx.actor, args.entry)
        record = validate_entry(session, ctx.actor, entry.id)
    say(_("Entry validated as {entry}").format(entry=record.code))
    return 0


def run_entry_reverse(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.entries import find_entry, reverse_entry

    day = parse_date(args.date, field="date") if args.date else clock.today()
    with ctx.database(write=True).transaction() as session:
        entry = find_entry(session, ctx.actor, args.entry)
        record = reverse_entry(session, ctx.actor, entry.id, day, args.label)
    say(_("Entry {entry} reversed by {reversal}").format(entry=entry.code, reversal=record.code))
    return 0


def run_entry_delete(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.entries import delete_draft, find_entry

    with ctx.database(write=True).transaction() as session:
        entry = find_entry(session, ctx.actor, args.entry)
        delete_draft(session, ctx.actor, entry.id)
    say(_("Draft entry {id} deleted").format(id=entry.id))
    return 0


def run_entry_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.core.books.entries import list_entries

    with ctx.database().session() as session:
        entries = list_entries(
            session,
            ctx.actor,
            year=args.year,
            journal=args.journal.upper() if args.journal else None,
        )
    table = args.format == "table"
    codes = {e.id: e.code or str(e.id) for e in entries}

    def named(entry_id: int | None) -> str:
        return "" if entry_id is None else codes.get(entry_id, str(entry_id))

    rows = [
        [
            e.code or "",
            e.id,
            e.state.value,
            format_date(e.entry_date) if table else e.entry_date.isoformat(),
            e.label,
            e.reference or "",
            format_amount(e.total) if table else str(e.total),
            named(e.reverses_id),
            named(e.reversed_by_id),
        ]
        for e in entries
    ]
    print_rows(
        ["entry", "id", "state", "date", "label", "voucher", "amount", "reverses", "reversed_by"],
        rows,
        args.format,
    )
    return 0
