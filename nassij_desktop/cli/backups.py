"""`backups list`, `backups run`: the file's automatic backup set (storage/backups.py)."""

from __future__ import annotations

import argparse
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import print_rows, say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.i18n import _, current_language
from nassij_desktop.storage.backups import backup_now, list_backups, reason_label

FORMATS = ["table", "csv", "json"]


def register(commands: Any) -> None:
    backups = commands.add_parser("backups", help=command_help("backups"))
    sub = backups.add_subparsers(dest="backups_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help=_("list the backups, newest first"))
    listing.add_argument("--format", choices=FORMATS, default="table")
    listing.set_defaults(handler=run_list)
    run = sub.add_parser("run", help=_("back the file up now (verified, rotated)"))
    run.set_defaults(handler=run_backup_now)


def run_list(ctx: CommandContext, args: argparse.Namespace) -> int:
    lang = current_language()
    rows = [
        (
            info.made_at.isoformat(sep=" "),
            reason_label(info.reason),
            info.size,
            text_in(lang, info.name_ar, info.name_fr) if info.readable else _("unreadable"),
            str(info.path),
        )
        for info in list_backups(ctx.actor)
    ]
    headers = [_("Date"), _("Reason"), _("Size (bytes)"), _("Association"), _("File")]
    print_rows(headers, rows, args.format)
    return 0


def run_backup_now(ctx: CommandContext, args: argparse.Namespace) -> int:
    info = backup_now(ctx.database(), ctx.actor)
    say(_("Backup written and verified: {path}").format(path=info.path))
    if info.second_problem:
        say(info.second_problem)
        return 1
    return 0
