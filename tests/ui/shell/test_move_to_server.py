"""File ▸ "Move this association to a shared database…", as an administrator does it: the
server dialog filled with the test server's empty database, "Move it there", the copy runs
with its progress, the dialog says what was copied, "Open it now" opens the server, whose
members are the file's; a second move into that (now full) database is refused in the dialog.
On a server the action is hidden."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.search import count_members
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import open_database, server
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.shell.controller import Shell
from nassij_desktop.ui.shell.move_dialog import MoveDialog
from tests.postgres import fresh_database
from tests.support import DemoFile

pytestmark = [pytest.mark.gui]
PASSWORD = "demo-password"  # the demo's accounts
SHOTS = Path("/tmp/shots/moveui")


@pytest.fixture
def empty_db(postgres_url: str) -> Iterator[str]:
    with fresh_database(postgres_url, "ui_move") as url:
        yield url


def _settings(url: str) -> server.ServerSettings:
    parsed = sa.make_url(url)
    return server.ServerSettings(
        host=str(parsed.query["host"]),  # the test server's socket folder
        port=int(str(parsed.query["port"])),
        database=parsed.database or "",
        user=parsed.username or "",
        password="",
        tls=False,
    )


def _members(target: str | Path) -> int:
    database = open_database(target, create=False)
    try:
        with database.transaction() as session:
            return count_members(session, CLI_ACTOR)
    finally:
        database.close()


def _shots(qapp, dialog: MoveDialog, name: str) -> None:  # type: ignore[no-untyped-def]
    if not os.environ.get("NASSIJ_SHOTS"):
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("ar", "fr"):
        apply_language(lang, qapp)
        qapp.processEvents()  # the buttons' new widths laid out, as on a screen
        dialog.adjustSize()
        dialog.grab().save(str(SHOTS / f"{name}-{lang}.png"))
    apply_language("en", qapp)


def test_the_file_moves_to_the_server_opens_there_and_a_second_move_is_refused(
    qtbot, qapp, modal, shell: Shell, demo_file: DemoFile, empty_db: str
) -> None:
    path = demo_file(members=60, seed=3)  # the demo a dozen modules share: built once per run
    modal.sign_in("admin", PASSWORD)
    assert shell.open_file(path)
    window = shell.window
    assert window is not None and window.move_action.isVisible()

    def move(widget: QWidget) -> None:
        assert isinstance(widget, MoveDialog)
        assert widget.connect_button.text() == "Move it there"
        widget.fill(_settings(empty_db))
        tested = widget.test_connection()
        assert tested is not None
        qtbot.waitUntil(lambda: tested.done, timeout=10_000)
        assert "The database is empty" in widget.status.text()
        _shots(qapp, widget, "before")
        widget.connect_button.click()
        moving = widget.move_operation
        assert moving is not None
        qtbot.waitUntil(lambda: moving.done, timeout=30_000)
        assert widget.report is not None, widget.status.text()
        text = widget.intro.text()
        assert "tables" in text and "rows" in text and "verified" in text, text
        assert widget.connect_button.text() == "Open it now"
        _shots(qapp, widget, "moved")
        widget.connect_button.click()

    modal.then(move).sign_in("admin", PASSWORD)
    window.move_action.trigger()
    qtbot.waitUntil(lambda: shell.window is not None and shell.window is not window)
    window = shell.window
    assert window is not None and shell.opened is not None and shell.opened.on_server
    assert "ui_move" in window.windowTitle()
    assert not window.move_action.isVisible()  # a server moves nowhere
    assert _members(empty_db) == 60  # counted through the service, on the server
    assert _members(path) == 60  # the file stays as it was

    # Back on the file: moving again into the same database is refused, in the dialog.
    modal.sign_in("admin", PASSWORD)
    assert shell.open_file(path)
    window = shell.window
    assert window is not None and window.move_action.isVisible()

    def refused(widget: QWidget) -> None:
        assert isinstance(widget, MoveDialog)
        widget.fill(_settings(empty_db))
        tested = widget.test_connection()
        assert tested is not None
        qtbot.waitUntil(lambda: tested.done, timeout=10_000)
        assert "already holds an association" in widget.status.text()
        moving = widget.move_there()
        assert moving is not None
        qtbot.waitUntil(lambda: moving.done, timeout=10_000)
        assert widget.report is None and widget.isVisible()
        assert "empty" in widget.status.text(), widget.status.text()
        # Named "server … / database", not by an address with its options (it broke across
        # the lines of the dialog).
        assert "server" in plain_text(widget.status.text())
        assert "postgresql+psycopg" not in widget.status.text()
        assert widget.connect_button.isEnabled()
        _shots(qapp, widget, "refused")
        widget.reject()

    modal.then(refused)
    assert not shell.move_to_server()
    assert shell.window is window


def test_a_server_that_does_not_answer_is_said_in_the_dialog(
    qtbot, english_interface, database, tmp_path: Path
) -> None:
    dialog = MoveDialog(database, CLI_ACTOR)
    qtbot.addWidget(dialog)
    dialog.fill(
        server.ServerSettings(
            host=str(tmp_path), port=5999, database="nassij", user="x", password="", tls=False
        )
    )
    operation = dialog.move_there()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=10_000)
    assert dialog.report is None and dialog.status.text()
    assert dialog.connect_button.isEnabled()
    assert dialog.result_url is None


def test_cancelling_the_move_leaves_the_database_empty(
    qtbot, english_interface, database, empty_db: str
) -> None:
    dialog = MoveDialog(database, CLI_ACTOR)
    qtbot.addWidget(dialog)
    dialog.fill(_settings(empty_db))
    moving = dialog.move_there()
    assert moving is not None
    moving.cancel()  # as the progress dialog's Cancel does
    qtbot.waitUntil(lambda: moving.done, timeout=10_000)
    assert dialog.report is None and dialog.result_url is None
    assert dialog.connect_button.text() == "Move it there" and dialog.connect_button.isEnabled()
    tested = dialog.test_connection()
    assert tested is not None
    qtbot.waitUntil(lambda: tested.done, timeout=10_000)
    assert "The database is empty" in dialog.status.text()  # nothing was kept
