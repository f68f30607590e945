"""Connecting to a shared database on a PostgreSQL server, as a person does it: the dialog
filled with the test server's details, "Test the connection", "Connect", and the members
page lists the server's members; the title and the status bar say which database is open,
and the recent list keeps it without its password."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import open_database, server
from nassij_desktop.ui.shell.controller import Shell
from nassij_desktop.ui.shell.recent import recent_files
from nassij_desktop.ui.startup.server_dialog import ServerDialog
from tests.postgres import fresh_database

pytestmark = [pytest.mark.gui]


@pytest.fixture
def server_db(postgres_url: str) -> Iterator[str]:
    with fresh_database(postgres_url, "ui_server", at_head=True) as url:
        database = open_database(url)
        with database.transaction() as session:
            create_association(
                session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
            )
            for first, last in (("Ghita", "Tazi"), ("Sara", "Alami")):
                create_member(
                    session, CLI_ACTOR, MemberData(first_name_lat=first, last_name_lat=last)
                )
        database.close()
        yield url


def _settings(url: str, password: str = "") -> server.ServerSettings:
    parsed = sa.make_url(url)
    return server.ServerSettings(
        host=str(parsed.query["host"]),  # the test server's socket folder
        port=int(str(parsed.query["port"])),
        database=parsed.database or "",
        user=parsed.username or "",
        password=password,
        tls=False,
    )


def test_the_dialog_connects_and_the_members_page_shows_the_servers_members(
    qtbot, modal, english_interface, server_db: str
) -> None:
    shell = Shell()

    def fill_and_connect(widget: object) -> None:
        assert isinstance(widget, ServerDialog)
        widget.fill(_settings(server_db, password="typed-secret"))
        tested = widget.test_connection()
        assert tested is not None
        qtbot.waitUntil(lambda: tested.done, timeout=10_000)
        assert "The database is ready" in widget.status.text()
        widget.connect_button.click()

    modal.then(fill_and_connect)
    try:
        assert shell.connect_to_server()
        window = shell.window
        assert window is not None
        assert shell.opened is not None and shell.opened.on_server
        assert "server" in window.windowTitle() and "ui_server" in window.windowTitle()
        assert "ui_server" in window.file_label.text()
        assert "typed-secret" not in window.file_label.toolTip()
        window.show_page("members")
        page = window.current_page()
        model = page.model  # type: ignore[union-attr]
        qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5_000)
        names = {model.index(row, 1).data() for row in range(2)}
        assert names == {"Ghita Tazi", "Sara Alami"}, names
        assert not window.backups_action.isVisible()  # a server's copies are pg_dump's
        remembered = recent_files()[0]
        assert isinstance(remembered, str) and "ui_server" in remembered
        assert "typed-secret" not in remembered
        shell.close()
        qtbot.waitUntil(lambda: not shiboken6.isValid(window))  # gone before its database
    finally:
        shell.close()


def test_a_wrong_database_is_said_in_the_dialog(
    qtbot, english_interface, postgres_url: str
) -> None:
    dialog = ServerDialog()
    qtbot.addWidget(dialog)
    dialog.fill(_settings(postgres_url.replace("/nassij_test?", "/missing_db?")))
    operation = dialog.test_connection()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=10_000)
    assert "missing_db" in dialog.status.text()
    assert dialog.test_button.isEnabled()
    dialog.host.setText("")
    assert dialog.test_connection() is None
    assert dialog.status.text() == "Give the server's name or address."
