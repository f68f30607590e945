"""The `nassij` command: every service reachable without a screen.

Exit codes: 0 ok, 1 user error (one translated line on stderr, no traceback), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence

from nassij_desktop import __version__, paths
from nassij_desktop.cli import (
    database_commands,
    demo_command,
    donation_commands,
    governance_commands,
    member_commands,
    report_command,
    user_commands,
)
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.i18n import LANGUAGES, _, set_language


def _default_language() -> str:
    for variable in ("NASSIJ_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")[:2]
        if value in LANGUAGES:
            return value
    return "en"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nassij",
        description=_("Run a Moroccan association's records from the command line."),
    )
    parser.add_argument("--version", action="version", version=f"nassij {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None,
        help=_("association file or SQLAlchemy URL (default: {path})").format(
            path=paths.default_database()
        ),
    )
    parser.add_argument(
        "--lang", choices=sorted(LANGUAGES), default=None, help=_("language of the messages")
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    database_commands.register(commands)
    demo_command.register(commands)
    member_commands.register(commands)
    user_commands.register(commands)
    donation_commands.register(commands)
    governance_commands.register(commands)
    report_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser builds its (translated) help.
    lang = _default_language()
    if "--lang" in argv and argv.index("--lang") + 1 < len(argv):
        candidate = argv[argv.index("--lang") + 1]
        lang = candidate if candidate in LANGUAGES else lang
    set_language(lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    context = CommandContext(args.db)
    try:
        return int(args.handler(context, args) or 0)
    except ValidationError as exc:
        where = _(" (row {row})").format(row=exc.row) if exc.row else ""
        print(f"nassij: {exc.field}{where}: {exc}", file=sys.stderr)
        return 1
    except NassijError as exc:
        print(f"nassij: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("nassij: interrupted; nothing was saved of the unfinished step."), file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: keep the details for a report, show one line
        log_file = paths.log_dir() / "nassij-cli-errors.log"
        with log_file.open("a", encoding="utf-8") as f:
            traceback.print_exc(file=f)
        print(
            _("nassij: unexpected error ({error}); details were written to {path}").format(
                error=type(exc).__name__, path=log_file
            ),
            file=sys.stderr,
        )
        return 1
    finally:
        context.close()
