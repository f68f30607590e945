"""`recover`: save what can still be read of a damaged association file into a new file.

The damaged file is only read, never opened through the engine (which would switch it to WAL)
and never signed in to: its accounts may be what is damaged, and a recovery copies no more
than anyone holding the file can read (a password-protected one: anyone holding a password
of its keys file). Exit 0 when the new file is sound, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import terminal_text
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.storage.recover import recover


def register(commands: Any) -> None:
    rec = commands.add_parser(
        "recover",
        help=_("save what can still be read of a damaged file into a new file"),
    )
    rec.add_argument(
        "--out", required=True, metavar="NEW.sqlite", help=_("the new file (must not exist yet)")
    )
    rec.set_defaults(handler=run_recover)


def run_recover(ctx: CommandContext, args: argparse.Namespace) -> int:
    path = ctx.path
    if path is None:
        raise NassijError(
            _(
                "Only an association file can be recovered; a server database is repaired with "
                "the server's own tools."
            )
        )
    # A protected file's key is unwrapped with the user's password (the keys file beside it,
    # not the damaged file's accounts): the recovered file is encrypted with the same key.
    ctx.unlock_file()
    report = recover(path, args.out, _progress if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        print("\r\033[K", end="", file=sys.stderr)
    for line in report.lines():
        print(terminal_text(line))
    return 0 if report.ok else 1


def _progress(table: str, done: int, total: int) -> None:
    print(
        "\r\033[K"
        + _("Reading {table} ({done} of {total})…").format(table=table, done=done + 1, total=total),
        end="",
        file=sys.stderr,
        flush=True,
    )
