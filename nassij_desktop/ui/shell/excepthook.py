"""Unexpected errors: written to the log with their traceback, shown as a short apology.

A bug must not close the window and lose what the user was typing; the log file holds what a
bug report needs. An error the user can act on (`NassijError`) that escaped a screen is shown
as the plain message it is.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from nassij_desktop import logs, paths
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage.failures import describe_failure
from nassij_desktop.ui.common import dialogs

log = logging.getLogger("nassij_desktop")
LOG_NAME = "nassij-desktop.log"
_showing = False


def log_file() -> Path:
    return paths.log_dir() / LOG_NAME


def setup_logging() -> Path:
    """Log to a rotating file in the log folder (once per process)."""
    target = log_file()
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(target) for h in root.handlers):
        root.addHandler(logs.file_handler(LOG_NAME))
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
    return target


def handle_exception(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    original = value
    described = describe_failure(value)  # disk full, read-only, damaged…: a sentence
    if described is not None and described is not value:
        value = described
        log.warning("%s", "".join(traceback.format_exception(kind, original, tb)))
    if isinstance(value, NassijError):
        log.warning("unhandled user error: %s", value)
    else:
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
    if QApplication.instance() is None or _showing:
        return
    _showing = True  # an error while the apology is shown must not stack dialogs
    try:
        if isinstance(value, NassijError):
            dialogs.show_error(QApplication.activeWindow(), value)
        else:
            box = dialogs.message_box(
                QApplication.activeWindow(),
                QMessageBox.Icon.Critical,
                _("Something went wrong"),
                _(
                    "Sorry, Nassij Desktop met an unexpected problem. What you saved is safe; "
                    "the last action may not have been completed."
                ),
                _(
                    "The details were written to {path}. Please send this file with a bug report."
                ).format(path=isolate(str(log_file()), "ltr")),
            )
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.exec()
    finally:
        _showing = False


def install_exception_hook() -> None:
    setup_logging()
    sys.excepthook = handle_exception
