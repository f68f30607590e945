"""The automatic lock: it covers the window after the idle time and opens with a password."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMainWindow
from pytestqt.qtbot import QtBot

from nassij_desktop.core.association.settings import change_setting, get_setting
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.users.services import create_user
from nassij_desktop.storage import Database
from nassij_desktop.ui.access.credentials import check_credentials
from nassij_desktop.ui.access.idle_lock import IdleLock
from nassij_desktop.ui.common.context import AppContext

pytestmark = [pytest.mark.gui]


@pytest.fixture
def context(database: Database) -> AppContext:
    with database.transaction() as session:
        create_user(session, CLI_ACTOR, "admin", "Amina Admin", "admin-secret", Role.ADMIN)
        create_user(session, CLI_ACTOR, "karim", "Karim Idrissi", "karim-secret", Role.SECRETARY)
    signed = check_credentials(database, "karim", "karim-secret")
    return AppContext(database, signed.actor, signed.name)


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    editor = QLineEdit(window)
    editor.setObjectName("typing")
    window.setCentralWidget(editor)
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    return window


def test_locks_after_the_interval_and_unlocks_with_the_password(
    qtbot: QtBot, context: AppContext, window: QMainWindow
) -> None:
    typing = window.findChild(QLineEdit, "typing")
    qtbot.keyClicks(typing, "half-written note")
    lock = IdleLock(window, context, interval_ms=80)
    with qtbot.waitSignal(lock.locked, timeout=10_000):
        pass
    screen = lock.lock_screen
    assert screen is not None and screen.isVisible()
    assert screen.geometry() == window.frameGeometry()
    assert screen.form.login_edit.text() == "karim"

    screen.form.password_edit.setText("wrong password")
    screen.unlock_button.click()
    assert lock.is_locked and screen.form.error.text() == "Wrong login or password."

    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        qtbot.keyClicks(screen.form.password_edit, "karim-secret")
        qtbot.keyClick(screen.form.password_edit, Qt.Key.Key_Return)
    assert not lock.is_locked
    assert context.actor.login == "karim"
    assert typing.text() == "half-written note"  # what was typed is still there


def test_input_postpones_the_lock(qtbot: QtBot, context: AppContext, window: QMainWindow) -> None:
    interval = 2000
    lock = IdleLock(window, context, interval_ms=interval)
    typing = window.findChild(QLineEdit, "typing")
    for _step in range(3):  # 900 ms in all, never more than a few hundred idle
        idle_from = lock._timer.remainingTime() - 300
        qtbot.waitUntil(
            lambda until=idle_from: lock._timer.remainingTime() < until, timeout=interval
        )
        idle = lock._timer.remainingTime()
        qtbot.keyClick(typing, Qt.Key.Key_A)
        assert lock._timer.remainingTime() > idle, "the key press started the count again"
        assert not lock.is_locked
    qtbot.waitUntil(lambda: lock.is_locked, timeout=3 * interval)


def test_another_user_can_sign_in_on_the_lock(
    qtbot: QtBot, context: AppContext, window: QMainWindow
) -> None:
    lock = IdleLock(window, context, interval_ms=50)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=10_000)
    screen = lock.lock_screen
    assert screen is not None
    screen.form.login_edit.setText("admin")
    screen.form.password_edit.setText("admin-secret")
    with qtbot.waitSignal(context.signals.actor_changed, timeout=10_000):
        screen.unlock_button.click()
    assert (context.actor.login, context.actor.role, context.user_name) == (
        "admin",
        Role.ADMIN,
        "Amina Admin",
    )


def test_escape_does_not_unlock(qtbot: QtBot, context: AppContext, window: QMainWindow) -> None:
    lock = IdleLock(window, context, interval_ms=50)
    qtbot.waitUntil(lambda: lock.is_locked, timeout=10_000)
    screen = lock.lock_screen
    assert screen is not None
    qtbot.keyClick(screen, Qt.Key.Key_Escape)
    screen.close()
    assert screen.isVisible() and lock.is_locked


def test_the_delay_comes_from_the_file_and_zero_means_never(
    qtbot: QtBot, context: AppContext, window: QMainWindow
) -> None:
    lock = IdleLock(window, context)
    assert lock.interval_ms == 10 * 60_000  # the default
    with context.database.transaction() as session:
        change_setting(session, CLI_ACTOR, "security.autolock_minutes", "0")
    context.announce(Change.SETTINGS)
    assert lock.interval_ms == 0
    assert not lock._timer.isActive()


def test_file_without_accounts_is_never_locked(
    qtbot: QtBot, database: Database, window: QMainWindow
) -> None:
    owner = AppContext(database, Actor(user_id=None, login="owner", role=Role.ADMIN))
    lock = IdleLock(window, owner, interval_ms=20)
    assert not lock._timer.isActive(), "no count towards a lock"
    qtbot.keyClick(window.findChild(QLineEdit, "typing"), Qt.Key.Key_A)
    assert not lock._timer.isActive(), "input does not start one"
    lock.lock()  # even when asked directly
    assert not lock.is_locked and lock.lock_screen is None


def test_the_setting_service_checks_values_and_permission(database: Database) -> None:
    secretary = Actor(user_id=None, login="s", role=Role.SECRETARY)
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    with database.transaction() as session:
        assert change_setting(session, secretary, "security.autolock_minutes", " 15 ") == 15
        with pytest.raises(ValidationError) as error:
            change_setting(session, secretary, "security.autolock_minutes", "ten")
        assert error.value.field == "security.autolock_minutes"
        with pytest.raises(ValidationError):
            change_setting(session, secretary, "dates.hijri_offset_days", 3)
        with pytest.raises(PermissionDenied):
            change_setting(session, volunteer, "dates.hijri_offset_days", 1)
    with database.session() as session:
        assert get_setting(session, "security.autolock_minutes") == 15
