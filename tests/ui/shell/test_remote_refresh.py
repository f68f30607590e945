"""Pages refresh in place when another computer changes what they show (issue 16): the audit
log lists the other's entry and keeps the entry chosen, the users page lists the other's new
account, the settings page shows the other's profile unless the form here was touched. The
other computer is a second `Database` on the same file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from nassij_desktop.core.association.services import update_association
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.core.users.services import create_user
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.audit.page import AuditPage
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.lazy_model import ROW_ROLE
from nassij_desktop.ui.settings.page import SettingsPage
from nassij_desktop.ui.shell.main_window import MainWindow
from nassij_desktop.ui.users.page import UsersPage

pytestmark = [pytest.mark.gui]

ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)


@pytest.fixture
def other(database: Database) -> Iterator[Database]:
    """The other computer: its own connection to the same file."""
    assert database.path is not None
    other = open_database(database.path)
    yield other
    other.close()


def _window(qtbot, database: Database, name: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(database, ADMIN, "Owner"))
    qtbot.addWidget(window)
    window.remote_changes.timer.setInterval(40)  # two seconds in use; quicker here
    window.show()
    assert window.show_page(name)
    return window


def test_the_audit_log_lists_another_computers_change_and_keeps_the_entry_chosen(
    qtbot, database: Database, other: Database
) -> None:
    with database.transaction() as session:
        create_member(session, CLI_ACTOR, MemberData(first_name_lat="Zahra", last_name_lat="Tazi"))
    page = _window(qtbot, database, "audit").page("audit")
    assert isinstance(page, AuditPage)
    before = page.model.rowCount()
    page.table.selectRow(0)
    chosen = page.model.index(0, 0).data(ROW_ROLE)
    with other.transaction() as session:
        create_member(session, CLI_ACTOR, MemberData(first_name_lat="Omar", last_name_lat="Saidi"))
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1, timeout=5000)
    rows = page.table.selectionModel().selectedRows()
    assert [page.model.index(r.row(), 0).data(ROW_ROLE) for r in rows] == [chosen]
    assert rows[0].row() == 1  # the new entry came above it, newest first


def test_the_users_page_lists_an_account_made_on_another_computer(
    qtbot, database: Database, other: Database
) -> None:
    page = _window(qtbot, database, "users").page("users")
    assert isinstance(page, UsersPage)
    before = len(page.users)
    with other.transaction() as session:
        create_user(
            session, CLI_ACTOR, "hassan", "Hassan Idrissi", "a-long-password-1", Role.VOLUNTEER
        )
    qtbot.waitUntil(lambda: len(page.users) == before + 1, timeout=5000)
    assert "hassan" in {user.login for user in page.users}


def test_the_profile_shows_another_computers_save_unless_typed_in_here(
    qtbot, database: Database, other: Database
) -> None:
    window = _window(qtbot, database, "settings")
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    profile = page.profile
    with other.transaction() as session:
        update_association(session, CLI_ACTOR, None, city="Agadir")
    qtbot.waitUntil(lambda: profile.edits["city"].text() == "Agadir", timeout=5000)
    # Typed in here: the other's next save does not wipe the form (its save meets the conflict).
    profile.edits["acronym"].setText("AMAL")
    with other.transaction() as session:
        update_association(session, CLI_ACTOR, None, city="Tiznit")
    polls = []
    window.remote_changes.polled.connect(polls.append)
    qtbot.waitUntil(lambda: any(polls), timeout=5000)
    assert (profile.edits["acronym"].text(), profile.edits["city"].text()) == ("AMAL", "Agadir")
