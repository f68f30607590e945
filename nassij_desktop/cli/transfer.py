"""`migrate-to URL_OR_PATH`: copy the association (--db) into an empty PostgreSQL database, to
share it between several computers, or back into a new file; every table verified.

The source file is held under the application's lock file while it is copied: a change made
meanwhile would be missing from the copy. When the file has accounts, only an administrator
may copy it (the copy holds every record). Exit 0 once the copy is verified, 1 otherwise (the
target is then left empty, or no file is written).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import format_number


def register(commands: Any) -> None:
    move = commands.add_parser("migrate-to", help=command_help("migrate-to"))
    move.add_argument(
        "target",
        metavar="URL_OR_PATH",
        help=_("an empty PostgreSQL database (postgresql+psycopg://USER@HOST/NAME) or a new file"),
    )
    move.set_defaults(handler=run_migrate_to)


class _TerminalProgress(Progress):
    """The table being copied, on one line of stderr (a terminal only)."""

    def step(self, done: int, total: int | None = None, message: str | None = None) -> None:
        super().step(done, total, message)
        state = self.state()
        if state.message and state.total:
            line = f"{state.message} {100 * state.done // state.total} %"
            print("\r\033[K" + line, end="", file=sys.stderr, flush=True)


def run_migrate_to(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.storage.transfer import copy_association

    # Held under the lock file: nobody changes it while it is copied.
    database = ctx.database(write=ctx.path is not None)
    actor = ctx.actor
    terminal = sys.stderr.isatty()
    try:
        report = copy_association(
            database, args.target, _TerminalProgress() if terminal else None, actor=actor
        )
    finally:
        if terminal:
            print("\r\033[K", end="", file=sys.stderr)
    width = max(len(table.name) for table in report.tables)
    for table in report.tables:
        rows = ngettext("{count} row", "{count} rows", table.rows).format(
            count=format_number(table.rows)
        )
        say(f"{table.name.ljust(width)}  {rows.rjust(12)}  " + _("verified"))
    say(
        _(
            "The association was copied into {target} and verified: {tables} tables, "
            "{rows} rows. Open it there with: nassij --db {target}"
        ).format(
            target=report.target,
            tables=format_number(len(report.tables)),
            rows=format_number(report.rows),
        )
    )
    return 0
