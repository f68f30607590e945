"""The login dialog: a wrong password is refused with a message, the right one signs in."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import CLI_ACTOR, Role
from nassij_desktop.core.users.services import create_user
from nassij_desktop.storage import Database
from nassij_desktop.ui.access.login import LoginDialog, login

# The offscreen platform cannot resize windows to their hints; that is not a fault of ours.
pytestmark = [pytest.mark.gui]


@pytest.fixture
def accounts(database: Database) -> Database:
    with database.transaction() as session:
        create_user(session, CLI_ACTOR, "admin", "Amina Admin", "admin-secret", Role.ADMIN)
        create_user(session, CLI_ACTOR, "karim", "Karim Idrissi", "karim-secret", Role.SECRETARY)
    return database


def _type(dialog: LoginDialog, qtbot: QtBot, user: str, password: str) -> None:
    dialog.form.login_edit.setText(user)
    dialog.form.password_edit.clear()
    qtbot.keyClicks(dialog.form.password_edit, password)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_file_without_accounts_opens_as_owner(database: Database) -> None:
    result = login(database)
    assert result is not None
    actor, name = result
    assert actor.role is Role.ADMIN and actor.user_id is None and name == ""


def test_wrong_password_shows_the_error_and_stays_open(qtbot: QtBot, accounts: Database) -> None:
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.heading.text() == "Association Al Amal pour le développement"
    _type(dialog, qtbot, "karim", "not-the-password")
    assert dialog.form.error.text() == "Wrong login or password."
    assert dialog.form.error.isVisible()
    assert dialog.isVisible() and dialog.result_user is None
    assert dialog.form.password_edit.text() == ""


def test_right_password_returns_the_actor_with_its_role(qtbot: QtBot, accounts: Database) -> None:
    def fill() -> None:
        dialog = next(w for w in _top_dialogs() if w.objectName() == "login_dialog")
        dialog.form.login_edit.setText("Karim")
        dialog.form.password_edit.setText("karim-secret")
        dialog.ok_button.click()

    QTimer.singleShot(0, fill)
    result = login(accounts)
    assert result is not None
    actor, name = result
    assert (actor.login, actor.role, name) == ("karim", Role.SECRETARY, "Karim Idrissi")


def test_cancel_returns_nothing(accounts: Database) -> None:
    def cancel() -> None:
        dialog = next(w for w in _top_dialogs() if w.objectName() == "login_dialog")
        dialog.cancel_button.click()

    QTimer.singleShot(0, cancel)
    assert login(accounts) is None


def test_repeated_failures_make_the_user_wait(qtbot: QtBot, accounts: Database) -> None:
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.form.delay_unit_ms = 5
    dialog.show()
    for _attempt in range(3):
        _type(dialog, qtbot, "karim", "guess")
    assert not dialog.ok_button.isEnabled()
    assert not dialog.form.password_edit.isEnabled()
    assert "wait 5 seconds before trying again" in dialog.form.error.text()
    # While waiting, even the right password is not tried.
    dialog.form.password_edit.setText("karim-secret")
    assert dialog.form.submit() is None
    qtbot.waitUntil(lambda: dialog.ok_button.isEnabled(), timeout=10_000)
    _type(dialog, qtbot, "karim", "karim-secret")
    assert dialog.result_user is not None and dialog.result_user.actor.login == "karim"


def test_failed_attempts_are_counted_on_the_account(qtbot: QtBot, accounts: Database) -> None:
    import sqlalchemy as sa

    from nassij_desktop.core.users.models import User

    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    _type(dialog, qtbot, "karim", "guess")
    _type(dialog, qtbot, "karim", "guess again")
    with accounts.session() as session:
        failed = session.scalar(sa.select(User.failed_logins).where(User.login == "karim"))
    assert failed == 2


def test_show_password_reveals_what_was_typed(qtbot: QtBot, accounts: Database) -> None:
    dialog = LoginDialog(accounts)
    qtbot.addWidget(dialog)
    dialog.form.show_password.setChecked(True)
    assert dialog.form.password_edit.echoMode() == dialog.form.password_edit.EchoMode.Normal
    dialog.form.show_password.setChecked(False)
    assert dialog.form.password_edit.echoMode() == dialog.form.password_edit.EchoMode.Password


def _top_dialogs() -> list:
    from PySide6.QtWidgets import QApplication, QDialog

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
