"""The `nassij` command: every service reachable without a screen.

Exit codes: 0 ok, 1 user error (one translated line on stderr, no traceback), 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from nassij_desktop import __version__, paths
from nassij_desktop.cli.registry import BY_NAME, COMMANDS
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.i18n import LANGUAGES, _, current_language, set_language


def _default_language() -> str:
    for variable in ("NASSIJ_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")[:2]
        if value in LANGUAGES:
            return value
    return "en"


def _message_language(argv: Sequence[str]) -> str:
    """`--lang` before the command; after it, `--lang` is a document's (`report --lang fr`)."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        option = argv[index]
        if option == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if option.startswith("--lang="):
            value = option.split("=", 1)[1]
            return value if value in LANGUAGES else _default_language()
        index += 2 if option in {"--db", "--lang", "--user"} else 1
    return _default_language()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser. Without `command`, each command is a stub taking the rest of the line, so
    `--help` and `--version` import nothing of the database; with it, that command's module
    registers its full parser. Built once per command, language and default file in a process
    (a script or the tests calling `main` again and again): parsing never changes a parser,
    and its help texts depend on nothing else."""
    return _parser(command, current_language(), str(paths.default_database()))


@functools.lru_cache(maxsize=64)
def _parser(command: str | None, language: str, default_db: str) -> argparse.ArgumentParser:
    del language  # part of the key: the help texts are in the current language
    parser = argparse.ArgumentParser(
        prog="nassij",
        description=_("Run a Moroccan association's records from the command line."),
    )
    parser.add_argument("--version", action="version", version=f"nassij {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=None,
        help=_("association file or SQLAlchemy URL (default: {path})").format(path=default_db),
    )
    parser.add_argument(
        "--lang", choices=sorted(LANGUAGES), default=None, help=_("language of the messages")
    )
    parser.add_argument(
        "--user",
        metavar="LOGIN",
        default=None,
        help=_(
            "sign in as this user when the file has accounts (default: $NASSIJ_USER); the "
            "password is asked on a terminal, or read from $NASSIJ_USER_PASSWORD"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    if command is None:
        for spec in COMMANDS:
            stub = commands.add_parser(spec.name, help=_(spec.help), add_help=False)
            stub.add_argument("rest", nargs=argparse.REMAINDER)
    else:
        module = importlib.import_module(f"nassij_desktop.cli.{BY_NAME[command].module}")
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None, *, light: bool = True) -> int:
    """Run the command line `argv`. `light`: a `members list` that the light read path
    serves (cli/members_light.py) skips the storage layer and the ORM; False runs every
    command the normal way (the tests compare both)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser builds its (translated) help.
    set_language(_message_language(argv))
    first, _rest = build_parser().parse_known_args(argv)  # --help, --version: stop here
    if light and first.command == "members":
        code = _light_members_list(first)
        if code is not None:
            return code
    args = build_parser(first.command).parse_args(argv)
    _log_to_file()
    from nassij_desktop.cli.context import CommandContext

    context = CommandContext(args.db, user=args.user)
    try:
        code = int(args.handler(context, args) or 0)
        note = context.read_only_note()
        if note:
            _say_line(note)
        return code
    except ValidationError as exc:
        where = _(" (row {row})").format(row=exc.row) if exc.row else ""
        _say(f"{exc.field}{where}: {exc}")
        return 1
    except NassijError as exc:
        _say(str(exc))
        return 1
    except BrokenPipeError:
        return _reader_gone()
    except KeyboardInterrupt:
        print(_("nassij: interrupted; nothing was saved of the unfinished step."), file=sys.stderr)
        return 1
    except Exception as exc:
        return _failed(exc, context.path)
    finally:
        context.close()


def _failed(exc: Exception, path: Path | None) -> int:
    # Disk full, read-only disk, damaged page…: what happens to laptops, told in a sentence;
    # anything else is a bug. Either way the traceback goes to the private log only.
    log.error("command failed", exc_info=exc)
    from nassij_desktop.storage.failures import describe_failure

    described = describe_failure(exc, path)
    if described is not None:
        _say(str(described))
    else:
        print(
            _("nassij: unexpected error ({error}); details were written to {path}").format(
                error=type(exc).__name__, path=paths.log_dir() / LOG_NAME
            ),
            file=sys.stderr,
        )
    return 1


def _light_members_list(first: argparse.Namespace) -> int | None:
    """`members list` through the light read path, or None for the normal path."""
    from nassij_desktop.cli.members_light import read_members_list

    try:
        printer = read_members_list(first.db, first.user, first.rest)
    except NassijError as exc:  # a refused sign-in or permission, as the normal path says it
        _say(str(exc))
        return 1
    except Exception:
        # A bug of this path must not cost the user the answer: logged, then the normal path.
        _log_to_file()
        log.warning("light read path failed; the normal path runs", exc_info=True)
        return None
    if printer is None:
        return None
    try:
        printer()
    except BrokenPipeError:
        return _reader_gone()
    except Exception as exc:  # stdout on a full disk…: as the normal path says it
        _log_to_file()
        return _failed(exc, None)
    return 0


def _reader_gone() -> int:
    # `nassij members list | head`: the reader has what it wanted.
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - no flush error at exit
    return 0


LOG_NAME = "nassij-cli-errors.log"
log = logging.getLogger("nassij_desktop.cli")


def _say(message: str) -> None:
    _say_line(f"nassij: {message}")


def _say_line(message: str) -> None:
    # Stored or typed text inside a message must not drive the terminal (ESC sequences);
    # bidi isolates, which keep a path whole on screen, would show as boxes.
    from nassij_desktop.cli.output import terminal_text

    print(terminal_text(message), file=sys.stderr)


def _log_to_file() -> None:
    """Warnings and errors go to a private log file, never to the terminal (no traceback,
    no SQL on stderr); the user sees one sentence."""
    from nassij_desktop import logs  # logging.handlers and its imports: only when logging

    logging.raiseExceptions = False  # a full disk must not print the logger's own traceback
    root = logging.getLogger()
    target = str(paths.log_dir() / LOG_NAME)
    for handler in [h for h in root.handlers if isinstance(h, logs.PrivateRotatingFileHandler)]:
        if handler.baseFilename == target:
            return
        root.removeHandler(handler)  # main() called again with another data folder (tests)
        handler.close()
    try:
        root.addHandler(logs.file_handler(LOG_NAME, logging.WARNING))
    except OSError:
        root.addHandler(logging.NullHandler())  # no writable log folder: stay quiet
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
