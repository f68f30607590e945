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
    export_association_csv,
    export_association_xlsx,
)
from nassij_desktop.core.exports.members import ExportFormat, export_members
from nassij_desktop.core.exports.profile import (
    DEFAULT_MAPPING,
    association_profile,
    load_mapping,
    write_profile_csv,
    write_profile_json,
)
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


def run_export_all(ctx: CommandContext, args: argparse.Namespace) -> int:

    lang = _language(args)
    if args.xlsx:
        target = _target(ctx, args.xlsx, "xlsx")
        with ctx.database().session() as session, atomic_output(target) as temporary:
            counts = export_association_xlsx(session, ctx.actor, temporary, lang=lang)
    else:
        target = Path(args.csv_dir).expanduser().resolve()
        if target.exists() and not target.is_dir():
            raise ValidationError("csv-dir", _("{path} is not a folder.").format(path=target))
        with ctx.database().session() as session:
            counts = export_association_csv(session, ctx.actor, target, lang=lang)
    say(_("{path}: {counts}").format(path=os.fspath(target), counts=_counts(counts)))
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
    mapping = load_mapping(Path(args.mapping)) if args.mapping else DEFAULT_MAPPING
    target = _target(ctx, args.out)
    with ctx.database().session() as session:
        profile = association_profile(session, ctx.actor)
    with atomic_output(target) as temporary:
        if args.format == "csv":
            write_profile_csv(profile, mapping, temporary, _language(args))
        else:
            write_profile_json(profile, mapping, temporary)
    say(_("{path}: the association's profile").format(path=os.fspath(target)))
    return 0
