"""`audit list|show|export|verify`: the audit log, read by an administrator.

`list` prints the newest entries under the filters (who, kind of record, record, action,
period); `show ID` one entry's fields before and after; `export --out FILE` every entry under
the filters as CSV or XLSX (oldest first); `verify` recomputes the log's hash chain. In CSV and
JSON the actions and kinds of record are their codes (stable for scripts); in the table,
their names in the reader's language.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nassij_desktop.cli.arguments import BadArgument, date_arg, usage_errors
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.audit_log import (
    EXPORT_FORMATS,
    MAX_LIMIT,
    AuditFilter,
    ExportFormat,
    action_label,
    audit_changes,
    audit_entry,
    audit_rows,
    check_audit_chain,
    count_audit,
    entity_label,
    export_audit,
    local_time,
)
from nassij_desktop.core.common.output_files import protected_paths
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_number

FORMATS = ["table", "csv", "json"]


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help=command_help("audit"))
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help=_("list the latest entries of the audit log"))
    _filters(lst)
    lst.add_argument(
        "--limit",
        type=int,
        default=50,
        help=_("how many entries, newest first (at most {limit})").format(limit=MAX_LIMIT),
    )
    lst.add_argument("--format", choices=FORMATS, default="table")
    lst.set_defaults(handler=run_list)

    show = sub.add_parser("show", help=_("one entry's fields, before and after"))
    show.add_argument("id", type=int)
    show.add_argument("--format", choices=FORMATS, default="table")
    show.set_defaults(handler=run_show)

    export = sub.add_parser("export", help=_("write the entries to a CSV or XLSX file"))
    _filters(export)
    export.add_argument("--out", required=True, help=_("the file to write"))
    export.add_argument(
        "--format",
        choices=list(EXPORT_FORMATS),
        help=_("csv or xlsx (default: from the file's name, else csv)"),
    )
    export.add_argument("--lang", choices=["ar", "fr"], help=_("the language of the labels"))
    export.set_defaults(handler=run_export)

    verify = sub.add_parser("verify", help=_("check that no entry was altered or deleted"))
    verify.set_defaults(handler=run_verify)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", dest="login", metavar="LOGIN", help=_("entries of this user"))
    parser.add_argument("--entity", metavar="KIND", help=_("entries on this kind of record"))
    parser.add_argument("--id", dest="entity_id", type=int, help=_("entries on this record"))
    parser.add_argument("--action", help=_("entries of this action (create, update…)"))
    parser.add_argument("--since", help=_("from this day (dd/mm/yyyy)"))
    parser.add_argument("--until", help=_("up to this day included (dd/mm/yyyy)"))


def _filter(args: argparse.Namespace) -> AuditFilter:
    return AuditFilter(
        login=args.login.lower() if args.login else None,
        entity=args.entity,
        entity_id=args.entity_id,
        action=args.action,
        date_from=date_arg(args.since, "--since"),
        date_to=date_arg(args.until, "--until"),
    )


@usage_errors
def run_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    flt = _filter(args)
    if not 1 <= args.limit <= MAX_LIMIT:
        raise BadArgument("--limit", _("Give a number from 1 to {limit}.").format(limit=MAX_LIMIT))
    with ctx.database().session() as session:
        rows = audit_rows(session, ctx.actor, flt, limit=args.limit)
        total = count_audit(session, ctx.actor, flt) if args.format == "table" else len(rows)
    coded = args.format != "table"
    print_rows(
        ["id", "time", "login", "computer", "action", "entity", "record"],
        [
            [
                r.id,
                f"{local_time(r.at):%Y-%m-%d %H:%M:%S}",
                r.login,
                r.computer or "",
                r.action if coded else action_label(r.action),
                r.entity if coded else entity_label(r.entity),
                "" if r.entity_id is None else r.entity_id,
            ]
            for r in rows
        ],
        args.format,
    )
    if args.format == "table" and total > len(rows):
        say(
            ngettext(
                "{shown} of {total} entry shown (--limit, or export them all).",
                "{shown} of {total} entries shown (--limit, or export them all).",
                total,
            ).format(shown=format_number(len(rows)), total=format_number(total))
        )
    return 0


def run_show(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        record = audit_entry(session, ctx.actor, args.id)
    row = record.row
    if args.format == "table":
        record_text = f" {row.entity_id}" if row.entity_id is not None else ""
        say(
            _("Entry {id}, {time}, {login}: {action}, {entity}{record}").format(
                id=row.id,
                time=f"{local_time(row.at):%Y-%m-%d %H:%M:%S}",
                login=row.login,
                action=action_label(row.action),
                entity=entity_label(row.entity),
                record=record_text,
            )
        )
    print_rows(
        ["field", "before", "after"],
        [[c.field, c.before, c.after] for c in audit_changes(record)],
        args.format,
    )
    return 0


def _export_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    return "xlsx" if Path(args.out).suffix.lower() == ".xlsx" else "csv"


@usage_errors
def run_export(ctx: CommandContext, args: argparse.Namespace) -> int:
    flt = _filter(args)
    lang = args.lang or (current_language() if current_language() in ("ar", "fr") else "fr")
    protected = list(protected_paths(ctx.path)) if ctx.path is not None else []
    fmt: ExportFormat = "xlsx" if _export_format(args) == "xlsx" else "csv"
    with ctx.database().session() as session:
        count = export_audit(
            session, ctx.actor, flt, Path(args.out), fmt, lang=lang, protected=protected
        )
    say(
        ngettext("{path}: {count} audit entry.", "{path}: {count} audit entries.", count).format(
            path=os.fspath(Path(args.out).expanduser()), count=format_number(count)
        )
    )
    return 0


def run_verify(ctx: CommandContext, args: argparse.Namespace) -> int:
    with ctx.database().session() as session:
        found = check_audit_chain(session, ctx.actor)
    if found.broken is not None:
        say(found.broken.message)
        return 1
    say(
        ngettext(
            "The audit log is whole: its {count} entry is as it was written.",
            "The audit log is whole: its {count} entries are as they were written.",
            found.entries,
        ).format(count=format_number(found.entries))
    )
    return 0
