"""The screen tests' watchdog (tests/ui/conftest.py): a modal box that no test answers is
closed and named, so that the test fails within half a minute instead of holding its worker."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import BoxWatchdog


def test_a_box_nobody_answers_is_closed_and_what_it_said_is_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    watchdog = BoxWatchdog(0.2)
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Nassij Desktop", "The date received cannot be in the future."
    )
    qtbot.addWidget(box)
    try:
        answer = box.exec()  # returns only once the watchdog has closed it
    finally:
        watchdog.stop()
    assert answer != QMessageBox.StandardButton.Ok
    assert watchdog.closed == ["Nassij Desktop: The date received cannot be in the future."]


def test_a_box_answered_in_time_is_left_to_its_test(qtbot) -> None:  # type: ignore[no-untyped-def]
    watchdog = BoxWatchdog(5)
    box = QMessageBox(QMessageBox.Icon.Question, "Nassij Desktop", "Delete the draft?")
    qtbot.addWidget(box)
    yes = box.addButton("Delete", QMessageBox.ButtonRole.AcceptRole)
    QTimer.singleShot(50, yes.click)  # answered from within the box's own event loop
    try:
        box.exec()
    finally:
        watchdog.stop()
    assert box.clickedButton() is yes and watchdog.closed == []
