"""The users page: an administrator adds, edits, deactivates accounts; others cannot."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.conflicts import OVERWRITE_ACTION
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Role
from nassij_desktop.core.users.services import (
    LoginFailed,
    authenticate,
    create_user,
    list_users,
    update_user,
)
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.access.credentials import check_credentials
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.shell.navigation import PAGES
from nassij_desktop.ui.users.page import UsersPage

pytestmark = [pytest.mark.gui]


@pytest.fixture
def admin(database: Database) -> AppContext:
    with database.transaction() as session:
        create_user(session, CLI_ACTOR, "admin", "Amina Admin", "admin-secret", Role.ADMIN)
        create_user(session, CLI_ACTOR, "karim", "Karim Idrissi", "karim-secret", Role.SECRETARY)
    signed = check_credentials(database, "admin", "admin-secret")
    return AppContext(database, signed.actor, signed.name)


@pytest.fixture
def page(qtbot: QtBot, admin: AppContext) -> UsersPage:
    page = UsersPage(admin)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    return page


def _cells(page: UsersPage, row: int) -> list[str]:
    return [page.table.item(row, c).text() for c in range(page.table.columnCount())]


def test_lists_the_accounts_with_role_and_last_sign_in(page: UsersPage) -> None:
    assert page.table.rowCount() == 2
    admin_row, karim_row = _cells(page, 0), _cells(page, 1)
    assert admin_row[:4] == ["admin", "Amina Admin", "Administrator", "active"]
    assert admin_row[4] != "never"  # signed in by the fixture
    assert karim_row[2:] == ["Secretary", "active", "never"]


def test_admin_adds_a_user_who_can_then_sign_in(qtbot: QtBot, page: UsersPage) -> None:
    dialog = page.add_user()
    dialog.findChild(QLineEdit, "login").setText("Fatima.Z")
    dialog.findChild(QLineEdit, "full_name").setText("Fatima Zahra Alaoui")
    role = dialog.findChild(QComboBox, "role")
    role.setCurrentIndex(role.findData(Role.TREASURER.value))
    dialog.findChild(QLineEdit, "password").setText("tresor-2024")
    dialog.findChild(QLineEdit, "password_again").setText("tresor-2025")
    dialog.save_button.click()
    assert dialog.errors.messages() == {"password_again": "The two passwords are not the same."}
    assert page.table.rowCount() == 2

    dialog.findChild(QLineEdit, "password_again").setText("tresor-2024")
    with qtbot.waitSignal(page.context.signals.data_changed):
        dialog.save_button.click()
    assert page.table.rowCount() == 3
    assert _cells(page, 1)[:3] == ["fatima.z", "Fatima Zahra Alaoui", "Treasurer"]
    with page.context.database.session() as session:
        actor = authenticate(session, "fatima.z", "tresor-2024")
    assert actor.role is Role.TREASURER


def test_a_short_password_is_refused_next_to_the_field(page: UsersPage) -> None:
    dialog = page.add_user()
    dialog.findChild(QLineEdit, "login").setText("sara")
    dialog.findChild(QLineEdit, "full_name").setText("Sara")
    dialog.findChild(QLineEdit, "password").setText("short")
    dialog.findChild(QLineEdit, "password_again").setText("short")
    dialog.save_button.click()
    assert dialog.errors.messages() == {"password": "The password must have at least 8 characters."}
    assert dialog.isVisible() and page.table.rowCount() == 2


def test_deactivate_then_reactivate(page: UsersPage) -> None:
    page.select_login("karim")
    assert page.active_button.text() == "Deactivate"
    page.active_button.click()
    assert _cells(page, 1)[3] == "deactivated"
    with pytest.raises(LoginFailed), page.context.database.session() as session:
        authenticate(session, "karim", "karim-secret")
    assert page.active_button.text() == "Reactivate"
    page.active_button.click()
    assert _cells(page, 1)[3] == "active"


def test_the_last_administrator_cannot_be_deactivated(page: UsersPage) -> None:
    page.select_login("admin")
    page.active_button.click()
    assert plain_text(page.message.text()) == "At least one active administrator must remain."
    assert page.message.isVisible()
    assert _cells(page, 0)[3] == "active"


def test_change_role_and_reset_password(page: UsersPage) -> None:
    page.select_login("karim")
    dialog = page.edit_selected()
    role = dialog.findChild(QComboBox, "role")
    role.setCurrentIndex(role.findData(Role.VIEWER.value))
    dialog.save_button.click()
    assert _cells(page, 1)[2] == "Viewer"

    page.select_login("karim")
    dialog = page.reset_password()
    dialog.findChild(QLineEdit, "password").setText("nouveau-mot")
    dialog.findChild(QLineEdit, "password_again").setText("nouveau-mot")
    dialog.save_button.click()
    assert not dialog.isVisible()
    with page.context.database.session() as session:
        assert authenticate(session, "karim", "nouveau-mot").role is Role.VIEWER


def test_a_secretary_does_not_see_the_page_and_the_service_refuses(admin: AppContext) -> None:
    secretary = check_credentials(admin.database, "karim", "karim-secret").actor
    spec = next(spec for spec in PAGES if spec.key == "users")
    assert not spec.visible_to(secretary)
    assert spec.visible_to(admin.actor)
    with admin.database.session() as session, pytest.raises(PermissionDenied):
        list_users(session, secretary)
    with admin.database.transaction() as session, pytest.raises(PermissionDenied):
        create_user(session, secretary, "intrus", "Intrus", "password-1", Role.ADMIN)


def test_selection_works_in_arabic(qtbot: QtBot, admin: AppContext) -> None:
    # QTableView.selectRow() selects nothing in a fresh right-to-left table; the page must not
    # depend on it.
    from nassij_desktop.ui.common.language import apply_language

    apply_language("ar")
    try:
        page = UsersPage(admin)
        qtbot.addWidget(page)
        page.show()
        page.select_login("karim")
        selected = page.selected_user()
        assert selected is not None and selected.login == "karim"
        assert page.active_button.isEnabled()
    finally:
        apply_language("en")


def test_a_toggle_over_an_account_changed_meanwhile_shows_the_conflict_dialog(
    page: UsersPage, modal
) -> None:
    page.select_login("karim")
    with page.context.database.transaction() as session:  # another administrator, elsewhere
        [karim] = [u for u in list_users(session, CLI_ACTOR) if u.login == "karim"]
        update_user(session, CLI_ACTOR, karim.id, karim.version, role=Role.TREASURER)
    shown: list[tuple[str, str, str]] = []

    def cancel(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        assert widget.message.startswith("Someone else changed this user account")
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.cancel_button.click()

    modal.then(cancel)
    assert not page.toggle_active()
    assert shown == [("Status", "deactivated", "active")]
    assert "someone else saved this account" in plain_text(page.message.text())

    def overwrite(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        QTimer.singleShot(0, widget.overwrite_button.click)  # the confirmation is modal too

    modal.then(overwrite).press("Overwrite with mine")
    assert page.toggle_active()
    assert _cells(page, 1)[2:4] == ["Treasurer", "deactivated"]  # their role, my status
    with page.context.database.session() as session:
        action = session.scalars(
            sa.select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)
        ).one()
    assert action == OVERWRITE_ACTION


def test_a_toggle_over_a_sign_in_meanwhile_asks_nothing(page: UsersPage) -> None:
    page.select_login("karim")
    check_credentials(page.context.database, "karim", "karim-secret")  # karim signs in elsewhere
    assert page.toggle_active()
    assert _cells(page, 1)[3] == "deactivated"
