"""Composition root of the desktop application: paths → language → QApplication → the shell
(the file named on the command line, the last file or the first-run assistant, login, main
window).

    nassij-desktop [FILE | postgresql+psycopg://user@host:port/db] [--measure-startup]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

_STARTED = time.perf_counter()


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nassij-desktop")
    parser.add_argument(
        "file",
        nargs="?",
        default=None,
        help="association file to open, or a shared database's URL "
        "(postgresql+psycopg://user@host:port/db; the password from NASSIJ_DB_PASSWORD or the "
        "system keyring)",
    )
    parser.add_argument(
        "--measure-startup",
        action="store_true",
        help="open FILE signed in as $NASSIJ_USER, print the time to the first painted "
        "window and the peak memory, and exit",
    )
    # Qt's own options (-style, -platform…) pass through to QApplication.
    arguments, _rest = parser.parse_known_args(argv)
    if arguments.measure_startup and not arguments.file:
        parser.error("--measure-startup needs a FILE")
    return arguments


def _import_before_qt() -> None:
    """Import the layers below the window before Qt. Once PySide6 is loaded, its `__feature__`
    import hook reads the source of every module imported after it to look for "PySide6": a
    quarter of a second of the start-up for SQLAlchemy, the models and the services the first
    window reads. A module missing here is only imported later, at that cost."""
    import sqlalchemy.dialects.sqlite  # noqa: F401

    import nassij_desktop.core.association_file
    import nassij_desktop.core.due
    import nassij_desktop.core.funding.public_aid
    import nassij_desktop.core.governance.services
    import nassij_desktop.core.members.search
    import nassij_desktop.core.users.services
    import nassij_desktop.storage
    import nassij_desktop.storage.recover  # noqa: F401


def main() -> int:
    arguments = parse_arguments(sys.argv[1:])
    _import_before_qt()
    if arguments.measure_startup:
        from nassij_desktop.ui.shell.application import create_application
        from nassij_desktop.ui.shell.measure import measure_startup

        code = measure_startup(create_application(), arguments.file, _STARTED)
    else:
        from nassij_desktop.ui.shell.application import run

        code = run(file=arguments.file)  # the database is closed and committed on return
    # PySide6 can abort while the interpreter tears its objects down ("none_dealloc"), which
    # would greet a user who just quit with a crash report: leave without that teardown.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
