"""Start-up and file switching as the user lives them: last file, login, restore, errors."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.association.services import get_association, update_association
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import backup, lockfile, open_database
from nassij_desktop.ui.common.preferences import app_settings, save_language
from nassij_desktop.ui.shell import excepthook
from nassij_desktop.ui.shell.application import create_application
from nassij_desktop.ui.shell.controller import Shell
from nassij_desktop.ui.shell.recent import add_recent, recent_files

pytestmark = [pytest.mark.gui]


def test_start_opens_the_last_file_after_the_login(
    qtbot, modal, shell: Shell, make_association: Callable[..., Path]
) -> None:
    path = make_association()
    add_recent(path)
    save_language("ar")  # as on a first start: Arabic is the default
    create_application()
    modal.sign_in("admin")
    assert shell.start()
    assert shell.window is not None and shell.window.isVisible()
    assert shell.window.context.actor.role is Role.ADMIN
    assert shell.window.windowTitle().startswith("جمعية الأمل")
    assert shell.window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert lockfile.read_owner(path) is not None
    assert QApplication.font().families()[:2] == ["Noto Sans", "Amiri"]
    assert QApplication.style().name().lower() == "fusion"


def test_a_cancelled_login_leaves_the_file_closed_and_unlocked(
    qtbot, modal, shell: Shell, make_association: Callable[..., Path]
) -> None:
    path = make_association()
    modal.then(lambda dialog: dialog.reject())  # type: ignore[attr-defined]
    assert not shell.open_file(path)
    assert shell.window is None
    assert lockfile.read_owner(path) is None


def test_opening_another_file_replaces_the_window_and_releases_the_first(
    qtbot, modal, shell: Shell, make_association: Callable[..., Path]
) -> None:
    first = make_association("first.sqlite")
    second = make_association("second.sqlite", name_fr="Association Tilila", name_ar="جمعية تيليلا")
    modal.sign_in().sign_in()
    assert shell.open_file(first)
    old_window = shell.window
    assert shell.open_file(second)
    assert shell.window is not old_window
    assert shell.window is not None and shell.window.windowTitle().startswith("Association Tilila")
    assert lockfile.read_owner(first) is None and lockfile.read_owner(second) is not None
    assert recent_files()[:2] == [second.resolve(), first.resolve()]


def test_restore_puts_the_backup_back_after_a_confirmation_and_keeps_a_safety_copy(
    qtbot, modal, shell: Shell, make_association: Callable[..., Path], tmp_path: Path
) -> None:
    path = make_association()
    modal.sign_in()
    assert shell.open_file(path)
    assert shell.window is not None
    saved = backup(shell.window.context.database, tmp_path / "copy.sqlite")
    with shell.window.context.database.transaction() as session:
        admin = Actor(user_id=1, login="admin", role=Role.ADMIN)
        update_association(session, admin, None, city="Agadir")

    modal.press("Restore").sign_in().then(lambda box: box.accept())  # type: ignore[attr-defined]
    operation = shell.restore_from(saved)
    assert operation is not None and not operation.done  # on a worker
    qtbot.waitUntil(lambda: operation.done, timeout=60_000)
    assert modal.seen[1][0] == "Restore a backup" and "will be replaced" in modal.seen[1][1]
    assert shell.window is not None
    with shell.window.context.database.session() as session:
        assert get_association(session).city is None  # as in the backup
    safety = list((Path(app_settings().fileName()).parents[1] / "backups").glob("*before-restore*"))
    assert len(safety) == 1
    with open_database(safety[0], create=False, upgrade=False).session() as session:
        assert get_association(session).city == "Agadir"


def test_a_restore_the_user_cancels_changes_nothing(
    qtbot, modal, shell: Shell, make_association: Callable[..., Path], tmp_path: Path
) -> None:
    path = make_association()
    modal.sign_in()
    assert shell.open_file(path)
    window = shell.window
    modal.press("Cancel")
    assert shell.restore_from(tmp_path / "whatever.sqlite") is None
    assert shell.window is window


def test_an_unexpected_error_is_logged_and_met_with_an_apology(qtbot, modal, qapp) -> None:  # type: ignore[no-untyped-def]
    log_path = excepthook.setup_logging()
    modal.then(lambda box: box.accept())  # type: ignore[attr-defined]
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        excepthook.handle_exception(RuntimeError, exc, exc.__traceback__)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "boom in a slot" in log_path.read_text(encoding="utf-8")
    assert "Traceback" in log_path.read_text(encoding="utf-8")
    [(title, text)] = modal.seen
    assert title == "Something went wrong" and "Sorry" in text and "boom" not in text


def test_an_escaped_user_error_shows_its_own_message(qtbot, modal, qapp) -> None:  # type: ignore[no-untyped-def]
    modal.then(lambda box: box.accept())  # type: ignore[attr-defined]
    error = NassijError("The member number 12 is already taken.")
    excepthook.handle_exception(NassijError, error, None)
    assert modal.seen == [("Nassij Desktop", "The member number 12 is already taken.")]


def test_a_file_just_created_opens_signed_in_as_its_administrator(
    qtbot, shell: Shell, make_association: Callable[..., Path]
) -> None:
    """The assistant hands over the login and password it was just given: no login window
    with an empty user name right after creating the administrator."""
    from tests.support import ADMIN_PASSWORD

    path = make_association()
    assert shell.open_file(path, credentials=("admin", ADMIN_PASSWORD))
    assert shell.window is not None and shell.window.context.actor.role is Role.ADMIN
    assert shell.window.context.user_name == "Amina Idrissi"
