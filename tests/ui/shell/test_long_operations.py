"""The main window and the shell run their long work (save a copy, restore) on a worker: the
file menu waits for it, the window will not close under it, and a refusal leaves the file open."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.shell.controller import Shell
from nassij_desktop.ui.shell.main_window import MainWindow

pytestmark = [pytest.mark.gui]
ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
WAIT_MS = 60_000  # a bound for a loaded machine; every wait polls


@pytest.fixture
def window(qtbot, database: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(database, ADMIN))
    qtbot.addWidget(window)
    window.show()
    return window


def _file_actions_enabled(window: MainWindow) -> list[bool]:
    actions = (window.new_action, window.open_action, window.save_copy_action)
    return [action.isEnabled() for action in (*actions, window.restore_action)]


def test_save_a_copy_runs_on_a_worker_while_the_file_menu_waits(
    qtbot, modal, window: MainWindow, tmp_path: Path
) -> None:
    target = tmp_path / "copies" / "copy.sqlite"
    target.parent.mkdir()
    modal.press("OK")
    operation = window.save_copy_to(target)
    assert operation is not None
    assert not operation.done and _file_actions_enabled(window) == [False] * 4
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert _file_actions_enabled(window) == [True] * 4
    [(_title, text)] = modal.seen
    assert text.startswith("A copy of the file was saved to") and "copy.sqlite" in text
    copy = open_database(target, create=False, upgrade=False)
    try:
        with copy.session() as session:
            assert get_association(session).city == "Tiznit"
    finally:
        copy.close()
    assert [p.name for p in target.parent.iterdir()] == ["copy.sqlite"]


def test_the_window_does_not_close_under_a_long_operation(qtbot, modal, window: MainWindow) -> None:
    release = threading.Event()

    def work(progress: Progress) -> None:
        assert release.wait(WAIT_MS / 1000)

    closed: list[bool] = []
    window.closed.connect(lambda: closed.append(True))
    operation = Operation(window, work, label="Working")
    try:
        assert operation.run_in_background()
        modal.press("OK")
        assert not window.close()
        assert window.isVisible() and closed == []
        assert modal.seen == [
            (
                "Nassij Desktop",
                "A task is still running: wait until it ends, or cancel it, then close.",
            )
        ]
    finally:
        release.set()
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert window.close() and closed == [True]


def test_a_refused_restore_leaves_the_window_on_its_file(
    qtbot, modal, shell: Shell, make_association: Callable[..., Path], tmp_path: Path
) -> None:
    path = make_association()
    modal.sign_in()
    assert shell.open_file(path)
    window = shell.window
    assert window is not None
    not_a_backup = tmp_path / "notes.sqlite"
    not_a_backup.write_text("shopping list", encoding="utf-8")
    modal.press("Restore").press("OK")
    operation = shell.restore_from(not_a_backup)
    assert operation is not None and not operation.done
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert [title for title, _text in modal.seen[1:]] == [
        "Restore a backup",
        "Not an association file",
    ]
    assert shell.window is window and window.isVisible()
    with window.context.database.session() as session:  # the file is open again, untouched
        assert get_association(session).name_fr == "Association Al Amal"
