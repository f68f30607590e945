"""`RemoteChanges`: the window's one poll of what another computer (or another window, or a
`nassij` command) changed in the open association, every two seconds.

The poll (`storage/changes.py`: `PRAGMA data_version` on SQLite, ten counters on PostgreSQL)
runs on a worker thread, one at a time; what it finds is announced on the GUI thread exactly
as a write of this window is (`AppContext.announce`, with this object as the `initiator`), so
each page refreshes for the changes that concern it, the way it does after a write made on
another page: the page on show at once, a page out of sight when it is next shown (the main
window refreshes a page each time it shows it). A list keeps its selection and scroll
(`LazyTableModel.invalidate`); an open dialog is not touched. This window's own writes are
not reported back (the database tells the watcher of them before they commit).

No poll while a long operation runs in the window (an import, a restore that replaces the
file): what others changed meanwhile is announced by the first poll after it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.changes import Changes
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.operations import Busy

log = logging.getLogger(__name__)

POLL_MS = 2000


class _Relay(QObject):
    """Lives on the GUI thread; the worker's answer reaches it through a queued signal."""

    answer = Signal(object)


class RemoteChanges(QObject):
    """Polls the window's database for others' changes and announces them to the pages."""

    #: after each poll, on the GUI thread: what was announced (empty: nothing changed)
    polled = Signal(object)

    def __init__(self, context: AppContext, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("remote-changes")
        self.context = context
        self.window = window
        self.watcher = context.database.watch_changes()
        self.running = False
        self._relay = _Relay()
        self._relay.answer.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.poll()  # the state as it is when the window opens: the first answer is empty

    def poll(self) -> bool:
        """Start a poll on a worker thread; False when one is still running or the window is
        busy with a long operation."""
        if self.running or Busy.of(self.window).running:
            return False
        self.running = True
        watcher, relay = self.watcher, self._relay

        def work() -> None:  # on the worker: no widget here
            try:
                changed = watcher.poll()
            except Exception:  # the server away, a file being replaced: try again next time
                log.warning("polling for others' changes failed", exc_info=True)
                changed = frozenset()
            relay.answer.emit(changed)

        QThreadPool.globalInstance().start(work)
        return True

    def stop(self) -> None:
        self.timer.stop()

    @Slot(object)
    def _arrived(self, changed: Changes) -> None:
        self.running = False
        if changed:
            log.info("changed elsewhere: %s", ", ".join(sorted(changed)))
            self.context.announce(changed, initiator=self)
        self.polled.emit(changed)


__all__ = ["POLL_MS", "RemoteChanges"]
