"""`report KIND --lang ar|fr [--year Y] [--id N] [--status S] [--member N …] --out FILE.pdf`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.output_files import check_output_path
from nassij_desktop.i18n import _
from nassij_desktop.reports.kinds import REPORT_KINDS, produce_report
from nassij_desktop.reports.request import ReportRequest


def register(commands: Any) -> None:
    report = commands.add_parser("report", help=command_help("report"))
    report.add_argument("kind", choices=sorted(REPORT_KINDS), metavar="KIND")
    report.add_argument(
        "--lang", dest="doc_lang", choices=["ar", "fr"], default="ar", help=_("document language")
    )
    report.add_argument("--year", type=int, default=None, help=_("year (register, cards)"))
    report.add_argument(
        "--id",
        dest="record_id",
        type=int,
        default=None,
        help=_("record the document is about (default: the latest)"),
    )
    report.add_argument("--status", default=None, help=_("member status (register)"))
    report.add_argument(
        "--member",
        dest="member_ids",
        type=int,
        action="append",
        default=[],
        help=_("member id (cards); repeat for several"),
    )
    report.add_argument("--out", required=True, help=_("PDF file to write"))
    report.set_defaults(handler=run_report)


def run_report(ctx: CommandContext, args: argparse.Namespace) -> int:
    if args.out.endswith(("/", os.sep)):
        check_output_path(args.out)  # "dir/" names a folder, which Path() would forget: refused
    request = ReportRequest(
        lang=args.doc_lang,
        out=Path(args.out),
        year=args.year,
        record_id=args.record_id,
        status=args.status,
        member_ids=tuple(args.member_ids),
    )
    with ctx.database().session() as session:
        result = produce_report(session, ctx.actor, args.kind, request)
    say(_("{path}: {pages} page(s)").format(path=result.path, pages=result.pages))
    return 0
