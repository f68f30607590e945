"""`books export fec|xlsx --year Y --out FILE`: the year's books for the accountant.

`add_export_commands(books_subparsers)` adds them under the `books` command (cli/books.py
calls it). The file is written beside its target and renamed into place once whole
(core/common/output_files.py), never over the association file or its working files.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.core.books.exports import (
    DECIMAL_MARKS,
    FEC_COLUMNS,
    SEPARATORS,
    FecOptions,
    parse_columns,
    write_fec,
    write_xlsx,
)
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_amount, format_number

LANGUAGES = ("ar", "fr")


def add_export_commands(books_subparsers: Any) -> None:
    """Add `export fec|xlsx --year Y --out FILE …` to the `books` command's subparsers."""
    export = books_subparsers.add_parser(
        "export", help=_("export a fiscal year's books for the accountant (FEC, XLSX)")
    )
    kinds = export.add_subparsers(dest="export_kind", metavar="FORMAT", required=True)

    fec = kinds.add_parser(
        "fec", help=_("the year's validated entries, one line per entry line (FEC layout)")
    )
    _common(fec)
    fec.add_argument(
        "--separator", choices=list(SEPARATORS), default="tab", help=_("the field separator")
    )
    fec.add_argument(
        "--decimal",
        choices=list(DECIMAL_MARKS),
        default="comma",
        help=_("the decimal mark of the amounts (the FEC's is the comma)"),
    )
    fec.add_argument(
        "--columns",
        help=_(
            "the columns, in order, separated by commas (default: {columns}; also ModeRglt "
            "and NumRglt, the payment's method and reference)"
        )
        .format(columns=",".join(FEC_COLUMNS))
        .replace("%", "%%"),
    )
    fec.set_defaults(handler=run_export_fec)

    xlsx = kinds.add_parser(
        "xlsx", help=_("the journal, the general ledger and the trial balance, one sheet each")
    )
    _common(xlsx)
    xlsx.set_defaults(handler=run_export_xlsx)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", required=True, help=_("the fiscal year: 2026, or 2025-2026"))
    parser.add_argument("--out", required=True, help=_("the file to write"))
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=_("the language of the labels and headers (default: the command's language)"),
    )


def _target(ctx: CommandContext, out: str) -> Path:
    protected = protected_paths(ctx.path) if ctx.path is not None else set()
    return check_output_path(out, protected=protected)


def _language(args: argparse.Namespace, default: str) -> str:
    if args.lang:
        return str(args.lang)
    lang = current_language()
    return lang if lang in LANGUAGES else default


def run_export_fec(ctx: CommandContext, args: argparse.Namespace) -> int:
    options = FecOptions(
        columns=parse_columns(args.columns),
        separator=args.separator,
        decimal=args.decimal,
        lang=_language(args, "fr"),  # the FEC is a French layout: French labels unless asked
    )
    target = _target(ctx, args.out)
    with (
        ctx.database().session() as session,
        atomic_output(target) as temporary,
        open(temporary, "w", encoding="utf-8", newline="") as stream,
    ):
        summary = write_fec(session, ctx.actor, args.year, stream, options)
    say(
        _(
            "{path}: fiscal year {year}; entry lines: {lines}; debit {debit}, credit {credit}"
        ).format(
            path=os.fspath(target),
            lines=format_number(summary.lines),
            year=summary.year.label,
            debit=format_amount(summary.debit),
            credit=format_amount(summary.credit),
        )
    )
    return 0


def run_export_xlsx(ctx: CommandContext, args: argparse.Namespace) -> int:
    lang = _language(args, "fr")
    target = _target(ctx, args.out)
    with ctx.database().session() as session, atomic_output(target) as temporary:
        sheets = write_xlsx(session, ctx.actor, args.year, temporary, lang=lang)
    say(
        _("{path}: sheets {sheets}").format(
            path=os.fspath(target), sheets=", ".join(f"“{s}”" for s in sheets)
        )
    )
    return 0
