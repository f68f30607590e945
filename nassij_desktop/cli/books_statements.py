"""`books statement trial-balance|cpc|bilan|ledger|journal --year Y`: the statements, with
the previous year beside them, as a table, CSV or JSON.

`add_statement_commands(books_subparsers)` adds them under the `books` command (cli/books.py
calls it); `run_statement` runs one.
"""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_json, print_rows, say, warn
from nassij_desktop.core.books.layouts import StatementModel
from nassij_desktop.core.books.statements import StatementKind, StatementTable, statement_rows
from nassij_desktop.core.books.statements.table import Cell, TableRow
from nassij_desktop.i18n import N_, _, current_language

FORMATS = ("table", "csv", "json")

_HELP = {
    StatementKind.TRIAL_BALANCE: N_(
        "the trial balance: each account's opening, movements, closing"
    ),
    StatementKind.CPC: N_("the compte de produits et charges (CPC)"),
    StatementKind.BILAN: N_("the bilan (assets and liabilities at the end of the year)"),
    StatementKind.LEDGER: N_("the general ledger: each account's lines and running balance"),
    StatementKind.JOURNAL: N_("the journal: the year's entries in order"),
}
_TITLES = {
    StatementKind.TRIAL_BALANCE: N_("Trial balance"),
    StatementKind.CPC: N_("Compte de produits et charges (CPC)"),
    StatementKind.BILAN: N_("Bilan"),
    StatementKind.LEDGER: N_("General ledger"),
    StatementKind.JOURNAL: N_("Journal"),
}


def add_statement_commands(books_subparsers: Any) -> None:
    """Add `statement KIND --year Y …` to the `books` command's subparsers."""
    statement = books_subparsers.add_parser(
        "statement", help=_("the statements of a fiscal year, with the previous year beside")
    )
    kinds = statement.add_subparsers(dest="statement_kind", metavar="STATEMENT", required=True)
    for kind in StatementKind:
        sub = kinds.add_parser(kind.value, help=_(_HELP[kind]))
        sub.add_argument("--year", required=True, help=_("the fiscal year: 2026, or 2025-2026"))
        if kind is StatementKind.LEDGER:
            sub.add_argument("--account", help=_("only this account (its number)"))
        if kind is StatementKind.JOURNAL:
            sub.add_argument("--journal", help=_("only this journal (its code)"))
        if kind in (StatementKind.CPC, StatementKind.BILAN):
            sub.add_argument(
                "--model",
                choices=[m.value for m in StatementModel],
                default=None,
                help=_("the CNC model of the statement (default: the one the books keep)"),
            )
        sub.add_argument("--format", choices=FORMATS, default="table")
        sub.set_defaults(handler=run_statement, statement_kind=kind.value)


def _text(value: Cell) -> str | None:
    """A cell as text: amounts with their two decimals ("12000.00"), dates in ISO form."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json_row(table: StatementTable, row: TableRow, lang: str) -> dict[str, Any]:
    return {
        "level": row.level.value,
        "code": row.code,
        "label": row.label(lang),
        **{c.key: _text(v) for c, v in zip(table.columns, row.values, strict=True)},
    }


def _json(table: StatementTable, lang: str) -> dict[str, Any]:
    return {
        "statement": table.kind.value,
        **({"model": table.model.value} if table.model else {}),
        "year": table.year.label,
        "previous_year": table.previous_year.label,
        "columns": [c.key for c in table.columns],
        "lines": [_json_row(table, row, lang) for row in table.rows],
        "totals": [_json_row(table, row, lang) for row in table.totals],
        "unmapped": [
            {"account": u.account, "amount": _text(u.current), "previous": _text(u.previous)}
            for u in table.unmapped
        ],
    }


def run_statement(ctx: CommandContext, args: argparse.Namespace) -> int:
    kind = StatementKind(args.statement_kind)
    with ctx.database().session() as session:
        table = statement_rows(
            session,
            ctx.actor,
            kind,
            args.year,
            model=StatementModel(args.model) if getattr(args, "model", None) else None,
            account=getattr(args, "account", None),
            journal=getattr(args, "journal", None),
        )
    lang = current_language()
    for unmapped in table.unmapped:
        warn(
            _(
                "nassij: warning: no line of the layout takes account {account} "
                "({amount}): the layout file needs a line for it."
            ).format(account=unmapped.account, amount=_text(unmapped.current))
        )
    if args.format == "json":
        print_json(_json(table, lang))
        return 0
    rows = [[row.code, row.label(lang), *(_text(v) for v in row.values)] for row in table.rows]
    if args.format == "csv":
        print_rows(["code", "label", *(c.key for c in table.columns)], rows, "csv")
        return 0
    say(
        _("{statement}: fiscal year {year} (previous year {previous})").format(
            statement=_(_TITLES[kind]), year=table.year.label, previous=table.previous_year.label
        )
    )
    print_rows([_("Code"), _("Label"), *(_(c.title) for c in table.columns)], rows, "table")
    return 0
