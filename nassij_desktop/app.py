"""Composition root of the desktop application: paths → language → QApplication → the shell
(last file or first-run assistant, login, main window)."""

from __future__ import annotations

import logging
import os
import sys


def main() -> int:
    from nassij_desktop.ui.shell.application import run

    code = run()  # the database is closed and every change committed when this returns
    # PySide6 can abort while the interpreter tears its objects down ("none_dealloc"), which
    # would greet a user who just quit with a crash report: leave without that teardown.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
