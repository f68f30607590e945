"""The window learns what another process or computer changed (ui/shell/remote_changes.py):
the members page shows a member added by a real `nassij members add` process, keeps its
selection and the dialog being typed in; its own writes are not announced a second time; the
same on a PostgreSQL server with a second engine as the other computer."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import shiboken6
import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.lazy_model import ROW_ROLE
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.members.page import MembersPage
from nassij_desktop.ui.shell.main_window import MainWindow

pytestmark = [pytest.mark.gui]

ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
NAMES = [("Zahra", "Tazi"), ("Youssef", "Saidi"), ("Karim", "Naciri")]


def _members(database: Database) -> None:
    with database.transaction() as session:
        for first, last in NAMES:
            create_member(session, CLI_ACTOR, MemberData(first_name_lat=first, last_name_lat=last))


def _window(
    qtbot, database: Database, *, held: bool = True
) -> tuple[MainWindow, MembersPage, list[object]]:  # type: ignore[no-untyped-def]
    """`held=False`: the test deletes the window itself."""
    window = MainWindow(AppContext(database, ADMIN, "Owner"))
    if held:
        qtbot.addWidget(window)
    window.remote_changes.timer.setInterval(40)  # two seconds in use; quicker here
    window.show()
    assert window.show_page("members")
    page = window.page("members")
    assert isinstance(page, MembersPage)
    announced: list[object] = []
    window.context.signals.data_changed.connect(announced.append)
    return window, page, announced


def _names(page: MembersPage) -> set[str]:
    return {
        page.model.index(row, 0).data(ROW_ROLE).last_name_lat
        for row in range(page.model.rowCount())
    }


def test_a_member_added_by_another_process_appears(qtbot, database: Database) -> None:
    _members(database)
    _shown, page, announced = _window(qtbot, database)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.select_row(1)
    chosen = page.current_record()
    assert chosen is not None
    dialog = page.edit_selected()
    assert dialog is not None
    dialog.line("city").setText("Agadir")  # being typed while the other adds a member
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "nassij_desktop", "--lang", "en", "--db", str(database.path),
         "members", "add", "--first-name-lat", "Amal", "--last-name-lat", "Alaoui"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    print(f"members add: {time.perf_counter() - started:.2f} s")
    qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=5000)
    assert "Alaoui" in _names(page)
    assert announced == [frozenset({Change.MEMBERS})]  # once, members only
    current = page.current_record()
    assert current is not None and current.id == chosen.id  # the same member selected
    assert dialog.isVisible() and dialog.line("city").text() == "Agadir"


def test_own_writes_are_not_announced_twice(qtbot, database: Database) -> None:
    window, page, announced = _window(qtbot, database)
    remote = window.remote_changes
    remote.stop()
    qtbot.waitUntil(lambda: not remote.running)
    written = run_write(
        window.context,
        lambda s: create_member(
            s, ADMIN, MemberData(first_name_lat="Nadia", last_name_lat="Fassi")
        ),
        changes={Change.MEMBERS},
    )
    assert written is not None and page.model.rowCount() == 1
    with qtbot.waitSignal(remote.polled) as polled:
        assert remote.poll()
    assert polled.args == [frozenset()]
    assert announced == [frozenset({Change.MEMBERS})]  # the write's own announcement only


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    with database.transaction() as session:
        create_association(session, CLI_ACTOR, AssociationProfile(name_ar="جمعية", name_fr="A"))
    _members(database)
    yield database
    database.close()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def test_a_member_added_on_another_computer_appears_on_postgresql(
    qtbot, pg: Database, postgres_url: str
) -> None:
    window, page, announced = _window(qtbot, pg, held=False)
    try:
        qtbot.waitUntil(lambda: page.model.rowCount() == 3)
        other = open_database(postgres_url)  # the other computer
        try:
            with other.transaction() as session:
                create_member(
                    session, CLI_ACTOR, MemberData(first_name_lat="Omar", last_name_lat="Bennani")
                )
        finally:
            other.close()
        qtbot.waitUntil(lambda: page.model.rowCount() == 4, timeout=5000)
        assert "Bennani" in _names(page)
        assert announced == [frozenset({Change.MEMBERS})]
    finally:
        window.remote_changes.stop()
        qtbot.waitUntil(lambda: not window.remote_changes.running)
        window.back_up_on_close = False
        window.close()
        shiboken6.delete(window)  # gone before the fixture empties the server's database
