"""`report KIND --lang ar|fr [--year Y] [--id N] [--status S] [--member N …] --out FILE.pdf`.

The arguments are generated from the documents' declarations (`reports.kinds.REPORT_KINDS`):
each option once, its help naming the documents that take it; `report --help` lists every
document with its title. An option a document does not take is accepted and ignored, as the
form of the Documents page does not show it.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say, warn
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.errors import Conflict
from nassij_desktop.core.common.output_files import check_output_path
from nassij_desktop.core.common.validators import parse_date
from nassij_desktop.core.members.services import member_by_number
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.reports.kinds import (
    REPORT_KINDS,
    OptionType,
    ReportKind,
    ReportOption,
    all_options,
    produce_report,
    report_gaps,
)
from nassij_desktop.reports.request import ReportRequest


def register(commands: Any) -> None:
    report = commands.add_parser(
        "report",
        help=command_help("report"),
        epilog=_documents_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument(
        "kind", choices=sorted(REPORT_KINDS), metavar="KIND", help=_("the document (see below)")
    )
    for option, kinds in all_options():
        _add_option(report, option, kinds)
    report.add_argument("--out", required=True, help=_("PDF file to write"))
    report.add_argument(
        "--allow-incomplete",
        action="store_true",
        help=_(
            "produce the document even when the register lacks article-5 data of a person it "
            "lists (name, nationality, CIN, birth date and place, profession, address). Without "
            "it, what is missing is listed on stderr and the command exits with status 1 "
            "[{kinds}]"
        ).format(kinds=", ".join(k.name for k in REPORT_KINDS.values() if k.gaps)),
    )
    report.set_defaults(handler=run_report)


def dest(option: ReportOption) -> str:
    """The namespace attribute of an option (prefixed: `--lang` before the command is the
    messages' language, `args.lang`)."""
    return f"doc_{option.field}"


def _add_option(
    parser: argparse.ArgumentParser, option: ReportOption, kinds: list[ReportKind]
) -> None:
    help_text = _(option.help)
    if len(kinds) < len(REPORT_KINDS):
        help_text += " [" + ", ".join(kind.name for kind in kinds) + "]"
    common: dict[str, Any] = {"dest": dest(option), "help": help_text}
    if option.type is OptionType.MEMBERS:
        common["metavar"] = "NUMBER"
    elif option.type is not OptionType.LANGUAGE:
        common["metavar"] = "DD/MM/YYYY" if option.type is OptionType.DATE else option.field.upper()
    match option.type:
        case OptionType.LANGUAGE:
            values = [value for value, _label in option.choices]
            # None: the document's own default language, else the option's (request_from).
            parser.add_argument(option.flag, choices=values, default=None, **common)
        case OptionType.YEAR | OptionType.RECORD:
            parser.add_argument(option.flag, type=int, default=option.default, **common)
        case OptionType.DATE:
            # Read as every command reads a date (validators.parse_date), in request_from.
            parser.add_argument(option.flag, default=None, **common)
        case OptionType.TEXT:
            parser.add_argument(option.flag, default=option.default, **common)
        case OptionType.CHOICE:
            # Free text: the document checks it (case-insensitively) and names the valid values.
            parser.add_argument(option.flag, default=option.default, **common)
        case OptionType.MEMBERS:
            # Member numbers, as every command takes them; made ids in run_report.
            parser.add_argument(option.flag, action="append", default=[], **common)


def _documents_epilog() -> str:
    width = max(len(name) for name in REPORT_KINDS) + 2
    lines = [_("Documents:")]
    lines += [f"  {name:<{width}}{_(kind.label)}" for name, kind in REPORT_KINDS.items()]
    return "\n".join(lines)


def request_from(
    kind: ReportKind, args: argparse.Namespace, member_id: Callable[[str], int] = int
) -> ReportRequest:
    """The request for `kind`: only the options it declares are passed on; `member_id` reads
    the id of a member from the number typed after --member."""
    values: dict[str, Any] = {}
    for option in kind.options:
        value = getattr(args, dest(option))
        if option.type is OptionType.MEMBERS:
            value = tuple(member_id(number) for number in value)
        elif option.type is OptionType.LANGUAGE and value is None:
            value = kind.default_lang or option.default
        elif option.type is OptionType.DATE and value is not None:
            value = parse_date(value, field=option.field)
        values[option.field] = value
    return ReportRequest(out=Path(args.out), **values)


def run_report(ctx: CommandContext, args: argparse.Namespace) -> int:
    if args.out.endswith(("/", os.sep)):
        check_output_path(args.out)  # "dir/" names a folder, which Path() would forget: refused
    with ctx.database().session() as session:
        request = request_from(
            REPORT_KINDS[args.kind],
            args,
            lambda number: member_by_number(session, ctx.actor, number).id,
        )
        gaps = report_gaps(session, ctx.actor, args.kind, request)
        if gaps:
            lang = current_language()
            warn(_("The register lacks data the authorities ask for (article 5):"))
            for gap in gaps:
                warn(f"  - {gap.sentence(lang)}")
            if not args.allow_incomplete:
                raise Conflict(
                    _(
                        "Complete these members' data, or add --allow-incomplete to produce "
                        "the document as it is."
                    ),
                )
        result = produce_report(session, ctx.actor, args.kind, request)
    pages = ngettext("{count} page", "{count} pages", result.pages).format(count=result.pages)
    say(_("{path}: {pages}").format(path=result.path, pages=pages))
    return 0
