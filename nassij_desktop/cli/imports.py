"""`nassij import members|dues FILE`: a register kept in a spreadsheet, imported whole or not
at all (core/imports)."""

from __future__ import annotations

import argparse
from typing import Any

from nassij_desktop.cli.arguments import USAGE
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_json, print_rows, say, warn
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.imports.dues import check_dues_import, import_dues
from nassij_desktop.core.imports.mapping import (
    FIELDS,
    ColumnMapping,
    apply_saved,
    import_field_label,
    parse_map_options,
    propose_mapping,
    save_mapping,
    saved_mapping,
)
from nassij_desktop.core.imports.members import check_import, import_members
from nassij_desktop.core.imports.reading import Table, read_table
from nassij_desktop.core.imports.report import ImportRefused, ImportReport
from nassij_desktop.i18n import _, ngettext


def register(commands: Any) -> None:
    parser = commands.add_parser("import", help=command_help("import"))
    sub = parser.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    for kind, text in (
        ("members", _("import members from a CSV or XLSX file")),
        ("dues", _("import a dues history (member number or CIN, year, amount, date, method)")),
    ):
        command = sub.add_parser(kind, help=text)
        command.add_argument("file", metavar="FILE")
        command.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help=_(
                "which field a column holds (FIELD “-”: leave the column out); fields: {fields}"
            ).format(fields=", ".join(FIELDS[kind])),
        )
        command.add_argument("--sheet", help=_("the workbook's sheet (default: the first)"))
        command.add_argument(
            "--dry-run", action="store_true", help=_("check and report, write nothing")
        )
        saved = command.add_mutually_exclusive_group()
        saved.add_argument("--save-mapping", metavar="NAME", help=_("save the columns' mapping"))
        saved.add_argument("--mapping", metavar="NAME", help=_("use a saved mapping"))
        command.add_argument("--format", choices=["table", "json"], default="table")
        command.set_defaults(handler=run_import, kind=kind)


def _mapping(args: argparse.Namespace, table: Table) -> ColumnMapping:
    given = parse_map_options(args.map)
    if args.mapping:
        saved = saved_mapping(args.mapping, args.kind)
        return apply_saved(table, {**saved, **given}, args.kind)
    return propose_mapping(table, args.kind, given=given)


def run_import(ctx: CommandContext, args: argparse.Namespace) -> int:
    try:
        table = read_table(args.file, sheet=args.sheet)
        mapping = _mapping(args, table)
    except ValidationError as exc:
        if exc.field == "map":  # what --map says is a usage error
            warn(f"nassij: --map: {exc}")
            return USAGE
        raise
    if args.save_mapping:
        save_mapping(args.save_mapping, mapping, table)
    check, write = (
        (check_import, import_members)
        if args.kind == "members"
        else (check_dues_import, import_dues)
    )
    try:
        if args.dry_run:
            with ctx.database().session() as session:
                report: ImportReport[Any] = check(session, ctx.actor, table, mapping)
        else:
            with ctx.database(write=True).transaction() as session:
                report = write(session, ctx.actor, table, mapping)
    except ImportRefused as refused:
        _print_report(refused.report, table, mapping, args.format, written=False)
        warn(f"nassij: {refused}")
        return 1
    if args.dry_run and not report.ok:
        _print_report(report, table, mapping, args.format, written=False)
        warn(f"nassij: {ImportRefused(report)}")
        return 1
    _print_report(report, table, mapping, args.format, written=not args.dry_run)
    return 0


def _how_read(table: Table, mapping: ColumnMapping) -> str:
    if table.kind == "xlsx":
        how = _("sheet {sheet}").format(sheet=table.sheet)
    else:
        separator = {";": _("semicolon"), ",": _("comma"), "\t": _("tab")}[table.delimiter or ";"]
        how = _("{encoding}, separated by {separator}").format(
            encoding=table.encoding, separator=separator
        )
    columns = ", ".join(
        f"{column} → {import_field_label(field, mapping.kind)}" for column, field in mapping.fields
    )
    return _("Read {how}; header on line {line}; columns: {columns}.").format(
        how=how, line=table.header_line, columns=columns or "—"
    )


def _print_report(
    report: ImportReport[Any],
    table: Table,
    mapping: ColumnMapping,
    fmt: str,
    *,
    written: bool,
) -> None:
    if fmt == "json":
        print_json(
            {
                "kind": report.kind,
                "written": written,
                "rows": report.rows,
                "accepted": len(report.accepted),
                "created": list(report.created),
                "encoding": table.encoding,
                "delimiter": table.delimiter,
                "sheet": table.sheet,
                "header_line": table.header_line,
                "mapping": dict(mapping.fields),
                "problems": [
                    {
                        "line": p.line,
                        "field": p.field,
                        "column": p.column,
                        "reason": p.message,
                        "duplicate": p.duplicate,
                    }
                    for p in report.problems
                ],
            }
        )
        return
    say(_how_read(table, mapping))
    if report.problems:
        print_rows(
            [_("Line"), _("Field"), _("Reason")],
            [[p.line, p.field_label(report.kind), p.message] for p in report.problems],
            "table",
        )
        return
    count = len(report.accepted)
    if written and report.kind == "members":
        say(
            ngettext(
                "Imported {count} member, numbers {first} to {last}.",
                "Imported {count} members, numbers {first} to {last}.",
                count,
            ).format(count=count, first=report.created[0], last=report.created[-1])
        )
    elif written:
        say(
            ngettext(
                "Imported {count} payment of dues, receipts {first} to {last}.",
                "Imported {count} payments of dues, receipts {first} to {last}.",
                count,
            ).format(count=count, first=report.created[0], last=report.created[-1])
        )
    else:
        say(
            ngettext(
                "Checked: {count} line would be imported; nothing was written.",
                "Checked: {count} lines would be imported; nothing was written.",
                count,
            ).format(count=count)
        )
