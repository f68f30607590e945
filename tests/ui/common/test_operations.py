"""Long work off the GUI thread (ui/common/operations.py): the work runs on a worker thread
with its own session, the window keeps processing events, Cancel rolls the work back, and
every failure ends in the dialog that says what happened."""

from __future__ import annotations

import errno
import os
import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QPushButton
from pytestqt.qtbot import QtBot

from nassij_desktop.core.association.services import get_association, update_association
from nassij_desktop.core.common.errors import Conflict
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.storage import Database
from nassij_desktop.storage.failures import disk_full_message
from nassij_desktop.ui.common.operations import Busy, Operation, in_transaction
from nassij_desktop.ui.shell import excepthook

pytestmark = [pytest.mark.gui]
WAIT_MS = 20_000  # a bound for a loaded machine, not a pause: every wait polls


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QPushButton("Go", window))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """What a waiting work waits for; set at the end whatever happens, so no worker lingers."""
    event = threading.Event()
    yield event
    event.set()


def test_the_work_runs_on_another_thread_with_its_own_session_and_the_result_comes_back(
    qtbot: QtBot, window: QMainWindow, database: Database
) -> None:
    gui_thread = threading.get_ident()
    delivered: list[tuple[tuple[int, str | None], int]] = []

    def work(session, progress: Progress) -> tuple[int, str | None]:  # type: ignore[no-untyped-def]
        return threading.get_ident(), get_association(session).city

    operation = Operation(window, in_transaction(database, work), label="Reading")
    operation.success(lambda result: delivered.append((result, threading.get_ident())))
    assert operation.run_in_background()
    assert not operation.done  # delivered through the event loop, never inside the call
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    [((worker_thread, city), callback_thread)] = delivered
    assert worker_thread != gui_thread
    assert callback_thread == gui_thread
    assert city == "Tiznit"
    assert database.engine.pool.checkedout() == 0  # the worker's session was closed


def test_the_window_processes_events_while_the_work_waits_and_shows_its_progress(
    qtbot: QtBot, ticks, window: QMainWindow, release: threading.Event
) -> None:
    def work(progress: Progress) -> str:
        progress.step(3, 10, "Third of ten")
        assert release.wait(WAIT_MS / 1000)
        return "done"

    results: list[str] = []
    operation = Operation(window, work, label="Waiting").success(results.append)
    busy = Busy.of(window.centralWidget())
    assert operation.run_in_background()
    assert busy.running
    qtbot.waitUntil(lambda: ticks.count >= 5, timeout=WAIT_MS)
    # The dialog comes once the work has lasted a moment, with the work's own words.
    qtbot.waitUntil(
        lambda: operation.dialog is not None and operation.dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = operation.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.label.text() == "Third of ten", timeout=WAIT_MS)
    assert dialog.bar.value() == 300 and dialog.bar.maximum() == 1000
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert not dialog.cancel_button.isVisibleTo(dialog)  # this work cannot be cancelled
    assert not operation.done and results == []
    release.set()
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert results == ["done"]
    assert operation.dialog is None and not busy.running


def test_cancel_in_the_dialog_stops_the_work_and_rolls_back_what_it_wrote(
    qtbot: QtBot, modal, window: QMainWindow, database: Database, release: threading.Event
) -> None:
    written = threading.Event()

    def work(session, progress: Progress) -> str:  # type: ignore[no-untyped-def]
        update_association(session, CLI_ACTOR, None, city="Agadir")
        session.flush()
        written.set()
        assert release.wait(WAIT_MS / 1000)
        progress.step(1, 2)  # the user cancelled meanwhile: this raises
        return "finished"

    results: list[str] = []
    operation = Operation(
        window, in_transaction(database, work), label="Writing", cancellable=True
    ).success(results.append)
    modal.press("OK")
    assert operation.run_in_background()
    qtbot.waitUntil(
        lambda: operation.dialog is not None and operation.dialog.isVisible(), timeout=WAIT_MS
    )
    assert written.is_set()
    dialog = operation.dialog
    assert dialog is not None and dialog.cancel_button.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert operation.progress.cancelled
    assert dialog.isVisible() and dialog.label.text() == "Cancelling…"  # until it has stopped
    release.set()
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert results == []
    assert modal.seen == [
        ("Nassij Desktop", "Cancelled: nothing of the unfinished step was saved.")
    ]
    with database.session() as session:
        assert get_association(session).city == "Tiznit"


@pytest.mark.parametrize(
    ("error", "title", "text"),
    [
        (Conflict("This receipt is already cancelled."), "Cannot be done", None),
        (OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), "Nassij Desktop", "disk full"),
    ],
)
def test_a_failure_the_user_can_act_on_ends_in_the_error_dialog(
    qtbot: QtBot, modal, window: QMainWindow, error: Exception, title: str, text: str | None
) -> None:
    def work(progress: Progress) -> None:
        raise error

    expected = str(error) if text is None else disk_full_message()
    modal.press("OK")
    operation = Operation(window, work, label="Failing")
    assert operation.run_in_background()
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert modal.seen == [(title, expected)]


def test_a_form_may_take_the_error_instead_of_the_dialog(
    qtbot: QtBot, modal, window: QMainWindow
) -> None:
    def work(progress: Progress) -> None:
        raise Conflict("Number 12 is taken.")

    shown: list[str] = []
    operation = Operation(window, work, label="Failing").failure(lambda e: shown.append(str(e)))
    assert operation.run_in_background()
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert shown == ["Number 12 is taken."] and modal.seen == []


def test_a_bug_in_the_work_reaches_the_exception_hook(
    qtbot: QtBot, modal, window: QMainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", excepthook.handle_exception)

    def work(progress: Progress) -> None:
        raise RuntimeError("a bug in the work")

    modal.press("OK")
    operation = Operation(window, work, label="Failing")
    assert operation.run_in_background()
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert [title for title, _text in modal.seen] == ["Something went wrong"]


def test_one_long_operation_at_a_time_per_window(
    qtbot: QtBot, modal, window: QMainWindow, release: threading.Event
) -> None:
    def waiting(progress: Progress) -> str:
        assert release.wait(WAIT_MS / 1000)
        return "first"

    changes: list[bool] = []
    busy = Busy.of(window)
    busy.changed.connect(changes.append)
    first = Operation(window, waiting, label="First")
    assert first.run_in_background()
    modal.press("OK")
    second = Operation(window.centralWidget(), lambda progress: "second", label="Second")
    assert not second.run_in_background()
    assert modal.seen == [
        ("Nassij Desktop", "Another task is still running in this window: wait until it ends.")
    ]
    release.set()
    qtbot.waitUntil(lambda: first.done, timeout=WAIT_MS)
    assert changes == [True, False]
    third = Operation(window, lambda progress: "third", label="Third")
    assert third.run_in_background()
    qtbot.waitUntil(lambda: third.done, timeout=WAIT_MS)
