"""How far a long service has got, and whether the user asked it to stop. No Qt.

A service that loops over many items takes an optional `progress: Progress | None` and calls
`progress.step(done, total, message)` between items. Each step is also the point where a
cancellation takes effect: it raises `Cancelled`, and the service's transaction (or its
`atomic_output`) rolls back whatever the unfinished step had begun. The screen that started the
work reads `state()` from the GUI thread and calls `cancel()` when the user presses Cancel:
the two threads share only a lock-protected state and a `threading.Event`.

A caller with nothing to report passes nothing: `NO_PROGRESS` never reports and never cancels.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _


class Cancelled(NassijError):
    """The user cancelled: what the unfinished step had begun was rolled back."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("Cancelled: nothing of the unfinished step was saved."))


@dataclass(frozen=True)
class ProgressState:
    done: int = 0
    total: int | None = None  # None: how much is left is not known
    message: str | None = None

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, max(0.0, self.done / self.total))


class Progress:
    """Written by the worker (`step`, `check`), read and cancelled by the screen."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = ProgressState()
        self._cancel = threading.Event()

    def step(self, done: int, total: int | None = None, message: str | None = None) -> None:
        """Record that `done` of `total` is done (total and message kept when not given);
        raises `Cancelled` if the user asked to stop."""
        self.check()
        with self._lock:
            previous = self._state
            self._state = ProgressState(
                done,
                previous.total if total is None else total,
                previous.message if message is None else message,
            )

    def check(self) -> None:
        """Raise `Cancelled` if the user asked to stop (call it where stopping is safe)."""
        if self._cancel.is_set():
            raise Cancelled()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def state(self) -> ProgressState:
        with self._lock:
            return self._state


class _NoProgress(Progress):
    """Reports to nobody and cannot be cancelled: shared by every caller without a screen."""

    def step(self, done: int, total: int | None = None, message: str | None = None) -> None:
        pass

    def check(self) -> None:
        pass

    def cancel(self) -> None:
        pass


NO_PROGRESS: Progress = _NoProgress()
