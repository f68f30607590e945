"""`nassij-desktop FILE --measure-startup`: the start-up a user gets, timed from a script.

Opens the file, signs in as `NASSIJ_USER` with `NASSIJ_USER_PASSWORD` (the command line's
variables; a file without accounts opens as its owner), builds and shows the main window as
the shell does, and when the window has first been painted prints
`first-paint-seconds=S peak-rss-mb=M` and exits. Nothing is asked: a problem is one line on
stderr and exit status 1, so a benchmark never hangs on a dialog.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.process_stats import peak_rss_mb, seconds_since_process_start
from nassij_desktop.storage import encryption, lockfile, open_database
from nassij_desktop.ui.access.credentials import file_has_users, start_sign_in
from nassij_desktop.ui.access.login import OWNER
from nassij_desktop.ui.common.context import AppContext


class FirstPaint(QObject):
    """Calls `done` once, after the first paint of `window` (or of one of its children)."""

    def __init__(self, window: QWidget, done: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.done, self.fired = window, done, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            not self.fired
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self.window
        ):
            self.fired = True
            # After this event loop turn: the whole window's paint has been flushed.
            QTimer.singleShot(0, self.done)
        return False


def measure_startup(app: QApplication, path: Path, started: float) -> int:
    from nassij_desktop.ui.shell.main_window import MainWindow, prepare_window

    path = Path(path).expanduser().resolve()
    try:
        lock = lockfile.acquire(path)
    except NassijError as exc:
        print(f"nassij-desktop: {exc}", file=sys.stderr)
        return 1
    try:
        if encryption.is_encrypted(path):  # unlocked with the account that signs in below
            encryption.unlock(
                path, os.environ.get("NASSIJ_USER"), os.environ.get("NASSIJ_USER_PASSWORD")
            )
        database = open_database(path, create=False)
    except NassijError as exc:
        lock.release()  # the file stays free for whoever opens it next
        print(f"nassij-desktop: {exc}", file=sys.stderr)
        return 1
    except BaseException:
        lock.release()
        raise
    try:
        actor, name = OWNER, ""
        if file_has_users(database):
            login = os.environ.get("NASSIJ_USER", "")
            password = os.environ.get("NASSIJ_USER_PASSWORD", "")
            if not login:
                print(
                    _("nassij-desktop: this file has accounts: set NASSIJ_USER and "
                      "NASSIJ_USER_PASSWORD to measure the start-up."),
                    file=sys.stderr,
                )  # fmt: skip
                return 1
            pending = start_sign_in(database, login, password)
            prepare_window()  # on this core, while the password is checked on the other
            signed_in = pending.result()
            actor, name = signed_in.actor, signed_in.name
        window = MainWindow(AppContext(database, actor, name))
        result: dict[str, float] = {}

        def finish() -> None:
            result["seconds"] = seconds_since_process_start(started)
            app.quit()

        # A measurement writes nothing: no backup when the window closes (quit closes it).
        window.back_up_on_close = False
        watcher = FirstPaint(window, finish)
        app.installEventFilter(watcher)
        window.show()
        app.exec()
        app.removeEventFilter(watcher)
        print(f"first-paint-seconds={result['seconds']:.3f} peak-rss-mb={peak_rss_mb():.0f}")
        window.close()
        return 0
    except NassijError as exc:
        print(f"nassij-desktop: {exc}", file=sys.stderr)
        return 1
    finally:
        database.close()
        lock.release()
