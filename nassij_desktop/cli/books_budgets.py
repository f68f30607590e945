"""`books budget set|show`: a fiscal year's budget, for the whole association or a project,
and the budget against the actual amounts of the year's validated entries.

`add_budget_commands(books_subparsers)` adds them under the `books` command (cli/books.py
calls it)."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_json, print_rows, say
from nassij_desktop.core.books.budgets import (
    BudgetComparison,
    budget_vs_actual,
    set_budget,
)
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.i18n import _, current_language

FORMATS = ("table", "csv", "json")


def add_budget_commands(books_subparsers: Any) -> None:
    budget = books_subparsers.add_parser(
        "budget", help=_("a fiscal year's budget by account, and the budget against actual")
    )
    sub = budget.add_subparsers(dest="budget_command", metavar="ACTION", required=True)
    setting = sub.add_parser(
        "set", help=_("set the budget's amounts of some accounts (0 removes an account)")
    )
    setting.add_argument("--year", required=True, help=_("the fiscal year: 2026, or 2025-2026"))
    setting.add_argument("--project", help=_("the project's code (default: the whole association)"))
    setting.add_argument(
        "--line",
        action="append",
        required=True,
        metavar="ACCOUNT:AMOUNT",
        help=_("an account and its budgeted amount, like 6125:12 000,00; repeat for several"),
    )
    setting.add_argument(
        "--replace", action="store_true", help=_("remove the accounts not given from the budget")
    )
    setting.set_defaults(handler=run_budget_set)
    show = sub.add_parser("show", help=_("the budget against the actual amounts of the year"))
    show.add_argument("--year", required=True, help=_("the fiscal year: 2026, or 2025-2026"))
    show.add_argument("--project", help=_("the project's code (default: the whole association)"))
    show.add_argument("--format", choices=FORMATS, default="table")
    show.set_defaults(handler=run_budget_show)


def parse_budget_line(text: str, row: int) -> tuple[str, Decimal]:
    """ACCOUNT:AMOUNT → (account, amount); the amount in any usual way."""
    account, sep, amount = text.partition(":")
    if not sep or not account.strip() or not amount.strip():
        raise ValidationError(
            "line", _("Write each line as ACCOUNT:AMOUNT, like 6125:12 000,00."), row=row
        )
    return account.strip(), parse_money(amount, field="line")


def run_budget_set(ctx: CommandContext, args: argparse.Namespace) -> int:
    amounts: dict[str, Decimal] = {}
    for row, text in enumerate(args.line, start=1):
        account, value = parse_budget_line(text, row)
        amounts[account] = value
    with ctx.database(write=True).transaction() as session:
        budget = set_budget(
            session, ctx.actor, args.year, amounts, project=args.project, replace=args.replace
        )
    say(_("{name}: accounts budgeted: {count}.").format(name=budget.name, count=len(budget.lines)))
    return 0


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _percent(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.1f}"


def _json(comparison: BudgetComparison, lang: str) -> dict[str, Any]:
    return {
        "year": comparison.year.label,
        "project": comparison.project,
        "lines": [
            {
                "section": line.section.value,
                "account": line.account,
                "label": line.label(lang),
                "budget": _text(line.budget),
                "actual": _text(line.actual),
                "variance": _text(line.variance),
                "percent": _percent(line.percent),
            }
            for line in comparison.lines
        ],
        "totals": [
            {
                "section": total.section.value if total.section else "result",
                "label": total.label(lang),
                "budget": _text(total.budget),
                "actual": _text(total.actual),
                "variance": _text(total.variance),
                "percent": _percent(total.percent),
            }
            for total in comparison.totals
        ],
    }


def run_budget_show(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        comparison = budget_vs_actual(session, ctx.actor, args.year, args.project)
    lang = current_language()
    if args.format == "json":
        print_json(_json(comparison, lang))
        return 0
    rows = [
        [
            line.account,
            line.label(lang),
            _text(line.budget),
            _text(line.actual),
            _text(line.variance),
            _percent(line.percent),
        ]
        for line in comparison.lines
    ]
    rows += [
        [
            "",
            total.label(lang),
            _text(total.budget),
            _text(total.actual),
            _text(total.variance),
            _percent(total.percent),
        ]
        for total in comparison.totals
    ]
    if args.format == "csv":
        headers = ["account", "label", "budget", "actual", "variance", "percent"]
        print_rows(headers, rows, "csv")
        return 0
    heading = _("Budget against actual: fiscal year {year}").format(year=comparison.year.label)
    if comparison.project:
        heading += " — " + comparison.project
    say(heading)
    headers = [_("Account"), _("Label"), _("Budget"), _("Actual"), _("Variance"), _("Variance %")]
    print_rows(headers, rows, "table")
    return 0
