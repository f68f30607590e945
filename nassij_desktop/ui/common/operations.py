"""Writes and long work: one way for every screen to run them.

A short write (a form's Save) runs on the GUI thread through `run_write` (after Anki's
CollectionOp): one transaction, the service's `ValidationError` under the field it names,
any other refusal or failure of the disk as a sentence, and the typed set of what changed
broadcast once:

    done = run_write(context, lambda s: record_dues(s, actor, …),
                     changes={Change.DUES, Change.BOOKS}, errors=self.errors)
    if done is None:
        return False        # the reason is on show
    dues = done.value

Long work (documents, imports) runs off the GUI thread:

    Operation(parent, work, label=_("Creating the document…"), cancellable=True)
        .success(show_the_document)
        .failure(show_beside_the_form)   # optional: the default is the error dialog
        .run_in_background()

`work(progress)` runs on a thread of Qt's pool. It must not touch a widget, and it opens its
own session there (`in_transaction` does it): SQLite connections come from the Database's
pool, which pysqlite opens with `check_same_thread=False` for a file, and the session is
closed on the worker before the result crosses back. The result, or the error, is delivered on
the GUI thread by a queued signal, so the window repaints and its timers run meanwhile.

While it runs:
- the window is marked busy (`Busy.of(window)`): one long operation at a time per window, and
  the window disables what would conflict (opening another file, closing);
- after `SHOW_AFTER_MS` a window-modal progress dialog appears, with Cancel when the work
  checks its `Progress`; Cancel (or Escape) asks the work to stop, and the dialog stays until
  the work has rolled back what it had begun.

Errors end in a dialog, never silently: a `NassijError` (Cancelled included) as its message, a
failure of the disk or of SQLite as the sentence `describe_failure` gives, anything else
through the application's exception hook (logged with its traceback, an apology shown).

A long write says what it changed with `.announce(context, changes)`: the set is broadcast on
the GUI thread once `success` has run.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QElapsedTimer, QObject, Qt, QThread, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.changes import Change, Changes, changes
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.progress import Cancelled, Progress, ProgressState
from nassij_desktop.i18n import _
from nassij_desktop.storage.failures import describe_failure
from nassij_desktop.ui.common import dialogs
from nassij_desktop.ui.common.base_dialog import add_guide_key
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from nassij_desktop.storage import Database

log = logging.getLogger(__name__)
T = TypeVar("T")

SHOW_AFTER_MS = 500  # quicker work finishes without a dialog flashing by
POLL_MS = 100  # how often the dialog reads the work's progress
BAR_STEPS = 1000
PROGRESS_DIALOG = "nassij-progress"
_BUSY = "nassij-busy"

# Operations under way, kept alive until their outcome is delivered (nothing else holds them).
_running: set[Operation[object]] = set()


def in_transaction(
    database: Database, fn: Callable[[Session, Progress], T]
) -> Callable[[Progress], T]:
    """Work that runs `fn` in one write transaction of its own, opened, committed (or rolled
    back, on Cancelled or any error) and closed on the worker thread."""

    def work(progress: Progress) -> T:
        with database.transaction() as session:
            return fn(session, progress)

    return work


def in_read_session(
    database: Database, fn: Callable[[Session, Progress], T]
) -> Callable[[Progress], T]:
    """Work that only reads (a document): a session of its own on the worker thread, which
    takes no write lock, so the others go on saving while it runs."""

    def work(progress: Progress) -> T:
        with database.session() as session:
            return fn(session, progress)

    return work


def _top_window(widget: QWidget) -> QWidget:
    """The outermost window: a dialog's operation makes its main window busy too."""
    window = widget.window()
    while (parent := window.parentWidget()) is not None:
        window = parent.window()
    return window


class Busy(QObject):
    """Whether a long operation runs in a window; `changed(running)` on each start and end."""

    changed = Signal(bool)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName(_BUSY)
        self.operation: Operation[object] | None = None

    @classmethod
    def of(cls, widget: QWidget) -> Busy:
        window = _top_window(widget)
        found = window.findChild(Busy, _BUSY, Qt.FindChildOption.FindDirectChildrenOnly)
        return found if isinstance(found, Busy) else cls(window)

    @property
    def running(self) -> bool:
        return self.operation is not None

    def _set(self, operation: Operation[object] | None) -> None:
        self.operation = operation
        self.changed.emit(operation is not None)


class ProgressDialog(QDialog):
    """What the work is doing and how far it got; Cancel asks it to stop, and the dialog stays
    until it has (it is closed only by `finish`)."""

    GUIDE_CHAPTER = None  # F1: the chapter of the page behind (base_dialog.add_guide_key)

    cancel_requested = Signal()

    def __init__(self, parent: QWidget, label: str, cancellable: bool) -> None:
        super().__init__(parent)
        self.setObjectName(PROGRESS_DIALOG)
        add_guide_key(self)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setWindowTitle(_("Nassij Desktop"))
        self.setMinimumWidth(420)
        self.cancellable = cancellable
        self._finishing = False
        self.label = QLabel(label, self)
        self.label.setObjectName("progress-label")
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress-bar")
        self.bar.setRange(0, 0)  # busy until the work says how much there is
        self.buttons = QDialogButtonBox(self)
        self.cancel_button = self.buttons.addButton(
            _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("progress-cancel")
        self.cancel_button.clicked.connect(self.reject)
        self.buttons.setVisible(cancellable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)

    def show_state(self, state: ProgressState) -> None:
        if state.message and self.cancel_button.isEnabled():
            self.label.setText(state.message)
        fraction = state.fraction
        if fraction is None:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(round(fraction * BAR_STEPS))

    def reject(self) -> None:
        """Cancel, Escape or the title bar's close button: ask the work to stop."""
        if self._finishing:
            super().reject()
            return
        if self.cancellable and self.cancel_button.isEnabled():
            self.cancel_button.setEnabled(False)
            self.label.setText(_("Cancelling…"))
            self.cancel_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._finishing:
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()

    def finish(self) -> None:
        self._finishing = True
        self.close()
        self.deleteLater()


@dataclass(frozen=True)
class _Outcome:
    result: object = None
    error: BaseException | None = None


class _Relay(QObject):
    """Lives on the GUI thread; the worker's outcome reaches it through a queued signal."""

    outcome = Signal(object)
    finished = Signal()  # on the GUI thread, once the callbacks have run

    def __init__(self, deliver: Callable[[_Outcome], None]) -> None:
        super().__init__()
        self._deliver = deliver
        self.outcome.connect(self._on_outcome, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _on_outcome(self, outcome: _Outcome) -> None:
        self._deliver(outcome)


def report_failure(parent: QWidget | None, error: BaseException) -> None:
    """The default ending of a failed operation: a dialog that says what happened."""
    described = as_user_error(error)
    if described is None:
        # A bug: the exception hook logs the traceback and apologises.
        sys.excepthook(type(error), error, error.__traceback__)
    elif isinstance(described, Cancelled):
        dialogs.show_info(parent, str(described))
    else:
        dialogs.show_error(parent, described)


def as_user_error(error: BaseException) -> NassijError | None:
    """The error as a translated message the user can act on, or None for a bug."""
    if isinstance(error, NassijError):
        return error
    if not isinstance(error, Exception):
        return None
    described = describe_failure(error)
    if described is not None:
        log.warning("an operation failed: %s", error, exc_info=error)
    return described


class Operation(Generic[T]):
    """`work(progress)` on a worker thread; its result or error back on the GUI thread."""

    def __init__(
        self,
        parent: QWidget,
        work: Callable[[Progress], T],
        *,
        label: str,
        cancellable: bool = False,
        show_after_ms: int = SHOW_AFTER_MS,
    ) -> None:
        """`show_after_ms=0`: the window-modal dialog at once, for work during which the
        window must take no input at all (a restore replaces its file)."""
        self.parent = parent
        self.work = work
        self.label = label
        self.cancellable = cancellable
        self.show_after_ms = show_after_ms
        self.progress = Progress()
        self.dialog: ProgressDialog | None = None
        self._success: list[Callable[[T], object]] = []
        self._failure: Callable[[NassijError], object] | None = None
        self._always: list[Callable[[], object]] = []
        self._announce: tuple[AppContext, Changes] | None = None
        self._started = False
        self._done = False
        self._busy: Busy | None = None
        self._relay = _Relay(self._deliver)
        self._clock = QElapsedTimer()
        self._timer = QTimer(self._relay)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._tick)

    # --- set up ------------------------------------------------------------------------------

    def success(self, callback: Callable[[T], object]) -> Operation[T]:
        """Called on the GUI thread with the work's result."""
        self._success.append(callback)
        return self

    def failure(self, callback: Callable[[NassijError], object]) -> Operation[T]:
        """Called, instead of the error dialog, with an error the user can act on (Cancelled
        included). A bug still goes to the exception hook."""
        self._failure = callback
        return self

    def always(self, callback: Callable[[], object]) -> Operation[T]:
        """Called on the GUI thread after success or failure (to enable a button again).

        When the parent widget was deleted meanwhile, neither `success` nor `always` is
        called (they are about it); a failure is still shown."""
        self._always.append(callback)
        return self

    def announce(self, context: AppContext, changed: Iterable[Change]) -> Operation[T]:
        """Broadcast what the work changed (once, after `success`), as a short write does."""
        self._announce = (context, changes(changed))
        return self

    # --- state -------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._started and not self._done

    @property
    def done(self) -> bool:
        return self._done

    @property
    def finished(self) -> Signal:
        """Emitted on the GUI thread once the outcome has been delivered."""
        return self._relay.finished  # type: ignore[return-value]

    def cancel(self) -> None:
        """Ask the work to stop at its next step (only an operation that checks can)."""
        if self.cancellable and self.running:
            self.progress.cancel()

    # --- running -----------------------------------------------------------------------------

    def run_in_background(self) -> bool:
        """Start the work; False when the window already runs one (the user is told)."""
        assert _is_gui_thread(), "an operation starts on the GUI thread"
        assert not self._started, "an operation runs once"
        busy = Busy.of(self.parent)
        if busy.running:
            dialogs.show_info(
                self.parent,
                _("Another task is still running in this window: wait until it ends."),
            )
            return False
        self._started = True
        self._busy = busy
        busy._set(self)  # type: ignore[arg-type]
        _running.add(self)  # type: ignore[arg-type]
        self._clock.start()
        self._timer.start()
        QThreadPool.globalInstance().start(self._run)
        self._tick()
        return True

    def _run(self) -> None:
        """On the worker thread: nothing here may touch a widget."""
        try:
            outcome = _Outcome(result=self.work(self.progress))
        except BaseException as exc:  # delivered to the GUI thread, never lost here
            outcome = _Outcome(error=exc)
        self._relay.outcome.emit(outcome)

    def _tick(self) -> None:
        if self.dialog is None:
            if self._clock.elapsed() < self.show_after_ms or not shiboken6.isValid(self.parent):
                return
            self.dialog = ProgressDialog(self.parent.window(), self.label, self.cancellable)
            self.dialog.cancel_requested.connect(self.progress.cancel)
            self.dialog.show()
        if shiboken6.isValid(self.dialog):  # not deleted with a window closed meanwhile
            self.dialog.show_state(self.progress.state())

    def _deliver(self, outcome: _Outcome) -> None:
        self._timer.stop()
        if self.dialog is not None and shiboken6.isValid(self.dialog):
            self.dialog.finish()
        self.dialog = None
        # Free the window first: a callback may close it or start the next operation.
        if self._busy is not None and shiboken6.isValid(self._busy):
            self._busy._set(None)
        _running.discard(self)
        parent = self.parent if shiboken6.isValid(self.parent) else None
        try:
            if outcome.error is None:
                if parent is None:
                    log.warning("%s: finished after its window closed", self.label)
                else:
                    for callback in self._success:
                        callback(outcome.result)  # type: ignore[arg-type]
                    self._after_success(outcome.result)  # type: ignore[arg-type]
            else:
                self._fail(parent, outcome.error)
        finally:
            self._done = True
            if parent is not None:  # the callbacks are about the window: gone, nothing to do
                for finish in self._always:
                    finish()
            self._relay.finished.emit()

    def _fail(self, parent: QWidget | None, error: BaseException) -> None:
        described = as_user_error(error)
        if described is not None and self._failure is not None and parent is not None:
            self._failure(described)
        else:
            report_failure(parent, error)

    def _after_success(self, result: T) -> None:
        """The typed set of what changed, broadcast once the callbacks have run."""
        if self._announce is not None:
            context, changed = self._announce
            context.announce(changed)


# --- short writes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Written(Generic[T]):
    """A write that was committed, and what the service returned."""

    value: T
    changes: Changes


def run_write(
    context: AppContext,
    fn: Callable[[Session], T],
    *,
    changes: Iterable[Change],
    errors: FieldErrors | None = None,
    failure: Callable[[NassijError], object] | None = None,
    parent: QWidget | None = None,
    initiator: QObject | None = None,
) -> Written[T] | None:
    """Run `fn(session)` in one write transaction; None when it was refused or failed (the
    transaction rolled back, the reason on show), else the result, after `changes` were
    broadcast once (`AppContext.announce`).

    Where the reason goes: a `ValidationError` under the field of `errors` it names; any
    other refusal, and a failure of the disk or of SQLite as the sentence `describe_failure`
    gives, to `failure` when given, else the general line of `errors`, else an error dialog
    over `parent`. A bug (any other exception) is raised as it is. `initiator` (the dialog or
    page that wrote) is told to the listeners while the change set is delivered."""
    assert _is_gui_thread(), "a short write runs on the GUI thread"
    try:
        with context.database.transaction() as session:
            value = fn(session)
    except Exception as exc:
        described = as_user_error(exc)
        if described is None:
            raise
        _show_refusal(described, errors, failure, parent)
        return None
    changed = context.announce(changes, initiator=initiator)
    return Written(value, changed)


def _show_refusal(
    error: NassijError,
    errors: FieldErrors | None,
    failure: Callable[[NassijError], object] | None,
    parent: QWidget | None,
) -> None:
    if errors is not None and isinstance(error, ValidationError):
        errors.show(error)
    elif failure is not None:
        failure(error)
    elif errors is not None:
        errors.show_general(str(error))
    else:
        dialogs.show_error(parent, error)


def _is_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


__all__ = [
    "PROGRESS_DIALOG",
    "Busy",
    "Operation",
    "ProgressDialog",
    "Written",
    "as_user_error",
    "in_read_session",
    "in_transaction",
    "report_failure",
    "run_write",
]
