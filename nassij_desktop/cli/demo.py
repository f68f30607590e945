"""`demo`: fill a new file with a believable association."""

from __future__ import annotations

import argparse
import time
from typing import Any

from nassij_desktop.cli.context import CommandContext
from nassij_desktop.cli.output import say
from nassij_desktop.cli.registry import command_help
from nassij_desktop.i18n import _, ngettext


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help=command_help("demo"))
    demo.add_argument("--members", type=int, default=300)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=run_demo)


def run_demo(ctx: CommandContext, args: argparse.Namespace) -> int:
    from nassij_desktop.demo.builder import build_demo  # heavy: only when asked

    started = time.perf_counter()
    summary = build_demo(ctx.database(create=True), members=args.members, seed=args.seed)
    members = ngettext("{count} member", "{count} members", summary.members)
    entries = ngettext("{count} journal entry", "{count} journal entries", summary.entries)
    say(
        _("Demo association ready: {members}, {entries} ({seconds:.1f} s)").format(
            members=members.format(count=summary.members),
            entries=entries.format(count=summary.entries),
            seconds=time.perf_counter() - started,
        )
    )
    return 0
