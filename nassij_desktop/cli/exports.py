"""`nassij export all|members|profile`: the association's data for other programs.

- `export all --xlsx FILE | --csv-dir DIR [--lang ar|fr]`: a sheet (or a CSV file) per entity;
- `export members [--search … --status … --category … --city … --order …] --format xlsx|csv
  --out FILE [--lang ar|fr]`: the members list as `members list` finds it;
- `export profile --format json|csv --out FILE [--mapping FILE]`: the association's profile.

Files are written beside their target and renamed into place once whole, never over the
association file or its working files (core/common/output_files.py).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.exports.association import (
    AssociationExport,
    ExportKind,
    export_association,
)
from nassij_desktop.core.exports.members import ExportFormat, export_members
from nassij_desktop.core.members.models import MemberStatus
from nassij_desktop.core.members.search import MemberFilter, MemberOrder
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_number

LANGUAGES = ("ar", "fr")


def register(commands: Any) -> None:
    export = commands.add_parser("export", help=command_help("export"))
    kinds = export.add_subparsers(dest="export_kind", metavar="WHAT", required=True)

    every = kinds.add_parser(
        "all", help=_("the whole association: a sheet per entity (XLSX) or a CSV file each")
    )
    where = every.add_mutually_exclusive_group(required=True)
    where.add_argument("--xlsx", help=_("the workbook to write"))
    where.add_argument("--csv-dir", help=_("the folder to write the CSV files into"))
    _language_option(every)
    every.set_defaults(handler=run_export_all)

    members = kinds.add_parser("members", help=_("the members list, searched and filtered"))
    members.add_argument("--search", default="", help=_("names, number or phone, in any script"))
    members.add_argument("--status", choices=[s.value for s in MemberStatus], action="append")
    members.add_argument("--category")
    members.add_argument("--city")
    members.add_argument("--order", choices=[o.value for o in MemberOrder], default="number")
    members.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    members.add_argument("--out", required=True, help=_("the file to write"))
    _language_option(members)
    members.set_defaults(handler=run_export_members)

    profile = kinds.add_parser(
        "profile", help=_("the association's profile for a portal (JSON or CSV)")
    )
    profile.add_argument("--format", choices=["json", "csv"], default="json")
    profile.add_argument("--out", required=True, help=_("the file to write"))
    profile.add_argument(
        "--mapping",
        help=_("a JSON file naming the output key of each profile field (default: its name)"),
    )
    profile.set_defaults(handler=run_export_profile)


def _language_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=_("the language of the headers (default: the command's language, else French)"),
    )


def _language(args: argparse.Namespace) -> str:
    if getattr(args, "lang", None):
        return str(args.lang)
    lang = current_language()
    return lang if lang in LANGUAGES else "fr"


def _target(ctx: CommandContext, out: str, field: str = "out") -> Path:
    protected = protected_paths(ctx.path) if ctx.path is not None else set()
    return check_output_path(out, protected=protected, field=field)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{key} {format_number(n)}" for key, n in counts.items())


def _export(
    ctx: CommandContext,
    target: str,
    kind: ExportKind,
    option: str,
    *,
    lang: str,
    mapping: Path | None = None,
) -> AssociationExport:
    """`export_association`; a refusal of the target names the option it was given by."""
    protected = protected_paths(ctx.path) if ctx.path is not None else set()
    try:
        with ctx.database().session() as session:
            return export_association(
                session, ctx.actor, target, kind, lang=lang, mapping=mapping, protected=protected
            )
    except ValidationError as error:
        if error.field == "target":
            raise ValidationError(option, error.message) from error
        raise


def run_export_all(ctx: CommandContext, args: argparse.Namespace) -> int:
    lang = _language(args)
    if args.xlsx:
        done = _export(ctx, args.xlsx, ExportKind.XLSX, "xlsx", lang=lang)
    else:
        done = _export(ctx, args.csv_dir, ExportKind.CSV_FOLDER, "csv-dir", lang=lang)
    say(_("{path}: {counts}").format(path=os.fspath(done.path), counts=_counts(done.counts)))
    return 0


def run_export_members(ctx: CommandContext, args: argparse.Namespace) -> int:
    flt = MemberFilter(
        statuses=frozenset(MemberStatus(s) for s in args.status or ()),
        category_code=args.category,
        city=args.city,
    )
    target = _target(ctx, args.out)
    with ctx.database().session() as session, atomic_output(target) as temporary:
        count = export_members(
            session,
            ctx.actor,
            args.search,
            flt,
            MemberOrder(args.order),
            temporary,
            ExportFormat(args.format),
            lang=_language(args),
        )
    written = ngettext("{path}: {count} member", "{path}: {count} members", count)
    say(written.format(path=os.fspath(target), count=format_number(count)))
    return 0


def run_export_profile(ctx: CommandContext, args: argparse.Namespace) -> int:
    kind = ExportKind.PROFILE_CSV if args.format == "csv" else ExportKind.PROFILE_JSON
    mapping = Path(args.mapping) if args.mapping else None
    done = _export(ctx, args.out, kind, "out", lang=_language(args), mapping=mapping)
    say(_("{path}: the association's profile").format(path=os.fspath(done.path)))
    return 0
