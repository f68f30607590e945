"""Minutes typed on the governance page while another computer saves the same assembly (two
`Database` objects on one file, the other's change found by the window's real poll): typed text
is never wiped, the save meets the conflict dialog, overwriting is logged; leaving asks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.conflicts import OVERWRITE_ACTION
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.governance.models import GeneralAssembly
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    open_session,
    record_minutes,
    record_resolution,
)
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.page import GovernancePage
from nassij_desktop.ui.shell.main_window import MainWindow
from nassij_desktop.ui.shell.remote_changes import RemoteChanges

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
OTHER = Actor(user_id=None, login="hassan", role=Role.ADMIN)
ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


@pytest.fixture
def other(database: Database) -> Iterator[Database]:
    """The same file opened by another computer."""
    assert database.path is not None
    second = open_database(database.path)
    yield second
    second.close()


@pytest.fixture
def page(qtbot: QtBot, database: Database) -> GovernancePage:
    today = clock.today()
    data = AssemblyData(held_on=today, convened_on=today, place="Siège", agenda=["Moral report"])
    with database.transaction() as session:
        assembly_id = convene_assembly(session, SECRETARY, data).id
        open_session(session, SECRETARY, assembly_id)
    page = GovernancePage(AppContext(database, SECRETARY))
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    page.show()
    assert page.panel.detail is not None and page.panel.minutes_form.isVisible()
    return page


def _poll(qtbot: QtBot, page: GovernancePage) -> RemoteChanges:
    window = QWidget()  # the window's poll: not within the page (its writes are the page's own)
    qtbot.addWidget(window)
    remote = RemoteChanges(page.context, window)
    qtbot.waitUntil(lambda: not remote.running)  # the first answer: the state at opening
    return remote


def _found(qtbot: QtBot, remote: RemoteChanges) -> None:
    """What the other computer committed, found and announced as the window's poll does."""
    with qtbot.waitSignal(remote.polled, check_params_cb=bool):
        assert remote.poll()


def _assembly_id(page: GovernancePage) -> int:
    assert page.panel.detail is not None
    return page.panel.detail.summary.id


def _last_action(database: Database) -> str:
    with database.session() as session:
        return session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "general_assembly")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()


def test_typed_minutes_survive_a_remote_change_and_the_save_meets_the_conflict(
    qtbot: QtBot, page: GovernancePage, other: Database, modal
) -> None:
    remote = _poll(qtbot, page)
    panel = page.panel
    panel.notes.fr.setPlainText("Quorum atteint à la première convocation")
    with other.transaction() as session:  # the other computer saves its own remarks
        record_minutes(session, OTHER, _assembly_id(page), notes="Séance ouverte à 16 h")
    _found(qtbot, remote)
    assert panel.notes.fr.toPlainText() == "Quorum atteint à la première convocation"
    assert panel.minutes_stale.isVisible()  # said, not wiped
    shown: list[tuple[str, str, str]] = []

    def overwrite(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        assert widget.message.startswith("Someone else changed this general assembly")
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        QTimer.singleShot(0, widget.overwrite_button.click)  # the confirmation is modal too

    modal.then(overwrite).press("Overwrite with mine")
    assert panel.save_minutes()
    assert shown == [
        ("Remarks", "Quorum atteint à la première convocation", "Séance ouverte à 16 h")
    ]
    with other.session() as session:
        stored = get_assembly(session, OTHER, _assembly_id(page), attendance=False)
    assert stored.notes.text("fr") == "Quorum atteint à la première convocation"
    assert _last_action(other) == OVERWRITE_ACTION
    assert not panel.minutes_stale.isVisible() and not panel.minutes_touched()


def test_reloading_theirs_drops_the_typed_minutes(
    qtbot: QtBot, page: GovernancePage, other: Database, modal
) -> None:
    panel = page.panel
    item = panel.detail.agenda[0].id if panel.detail else 0
    panel.discussion.fr.setPlainText("Rapport adopté")
    with other.transaction() as session:
        record_minutes(session, OTHER, _assembly_id(page), discussions={item: "Rapport discuté"})
    modal.then(lambda widget: widget.reload_button.click())  # type: ignore[attr-defined]
    assert not panel.save_minutes()
    assert panel.discussion.fr.toPlainText() == "Rapport discuté"
    assert not panel.minutes_touched()


def test_a_remote_change_of_other_things_keeps_the_text_and_saves_without_a_question(
    qtbot: QtBot, page: GovernancePage, other: Database
) -> None:
    remote = _poll(qtbot, page)
    panel = page.panel
    panel.notes.fr.setPlainText("Quorum atteint")
    assert panel.minutes_base is not None
    loaded = panel.minutes_base.version
    with other.transaction() as session:  # a resolution, and the assembly row itself changed
        record_resolution(session, OTHER, _assembly_id(page), "Rapport moral adopté", 0)
        # …and a field of the assembly besides its minutes (no service changes one while it
        # is in session: the row itself, as a later version might)
        row = session.get(GeneralAssembly, _assembly_id(page))
        assert row is not None
        row.starts_at = dt.time(17, 30)
    _found(qtbot, remote)
    assert panel.notes.fr.toPlainText() == "Quorum atteint"
    assert not panel.minutes_stale.isVisible()
    assert panel.minutes_base.version > loaded  # merged: the typed text goes on over it
    assert panel.resolutions.rowCount() == 1  # the rest of the page did refresh
    assert panel.save_minutes()  # no dialog: nothing of theirs is lost
    with other.session() as session:
        stored = get_assembly(session, OTHER, _assembly_id(page), attendance=False)
    assert stored.notes.text("fr") == "Quorum atteint"


def test_their_discussion_of_an_item_not_typed_here_is_merged_with_the_typed_remarks(
    qtbot: QtBot, page: GovernancePage, other: Database
) -> None:
    remote = _poll(qtbot, page)
    panel = page.panel
    item = panel.detail.agenda[0].id if panel.detail else 0
    panel.notes.fr.setPlainText("Quorum atteint")
    with other.transaction() as session:  # they write the discussion, not the remarks
        record_minutes(session, OTHER, _assembly_id(page), discussions={item: "Rapport discuté"})
    _found(qtbot, remote)
    assert not panel.minutes_stale.isVisible()
    assert panel.discussion.fr.toPlainText() == "Rapport discuté"  # theirs, shown
    assert panel.notes.fr.toPlainText() == "Quorum atteint"  # mine, kept
    assert panel.save_minutes()  # no dialog: nothing of theirs is replaced
    with other.session() as session:
        stored = get_assembly(session, OTHER, _assembly_id(page), attendance=False)
    assert (stored.agenda[0].discussion.text("fr"), stored.notes.text("fr")) == (
        "Rapport discuté",
        "Quorum atteint",
    )


def test_leaving_with_typed_minutes_asks_save_discard_or_stay(
    page: GovernancePage, database: Database, modal
) -> None:
    panel = page.panel
    panel.notes.fr.setPlainText("Quorum atteint")
    modal.press("Cancel")
    assert not page.may_leave()
    assert panel.notes.fr.toPlainText() == "Quorum atteint"
    modal.press("Discard")
    assert page.may_leave()
    assert panel.notes.fr.toPlainText() == ""
    panel.notes.fr.setPlainText("Quorum atteint")
    modal.press("Save")
    assert page.may_leave()
    with database.session() as session:
        stored = get_assembly(session, SECRETARY, _assembly_id(page), attendance=False)
    assert stored.notes.text("fr") == "Quorum atteint"
    assert page.may_leave()  # nothing typed any more: no question
    assert [title for title, _text in modal.seen] == ["Not saved"] * 3


def test_another_page_is_shown_only_once_the_typed_minutes_are_dealt_with(
    qtbot: QtBot, database: Database, modal
) -> None:
    today = clock.today()
    data = AssemblyData(held_on=today, convened_on=today, place="Siège", agenda=["Moral report"])
    with database.transaction() as session:
        open_session(session, SECRETARY, convene_assembly(session, SECRETARY, data).id)
    window = MainWindow(AppContext(database, ADMIN, "Owner"))
    qtbot.addWidget(window)
    window.show()
    assert window.show_page("governance")
    page = window.page("governance")
    assert isinstance(page, GovernancePage)
    page.tabs.setCurrentIndex(1)
    page.panel.notes.fr.setPlainText("Quorum atteint")
    governance, members = (window.page_keys().index(key) for key in ("governance", "members"))
    item = window.navigation.item(members)
    modal.press("Cancel")
    qtbot.mouseClick(
        window.navigation.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.navigation.visualItemRect(item).center(),
    )
    qtbot.waitUntil(lambda: bool(modal.seen))
    qtbot.waitUntil(lambda: window.navigation.currentRow() == governance)
    assert window.stack.currentIndex() == governance
    assert page.panel.notes.fr.toPlainText() == "Quorum atteint"
    modal.press("Cancel")
    assert not window.close()  # closing asks too: Cancel keeps the window and the text
    assert window.isVisible() and page.panel.notes.fr.toPlainText() == "Quorum atteint"
    modal.press("Discard")
    window.show_row(members)
    assert window.stack.currentIndex() == members


def test_the_assembly_on_show_is_selected_in_arabic_too(
    qtbot: QtBot, database: Database, qapp: QApplication
) -> None:
    today = clock.today()
    data = AssemblyData(held_on=today, convened_on=today, place="Siège", agenda=["Moral report"])
    with database.transaction() as session:
        convene_assembly(session, SECRETARY, data)
    apply_language("ar", qapp)  # put back in English by the fixture
    page = GovernancePage(AppContext(database, SECRETARY))
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    page.show()
    assert page.panel.detail is not None
    assert [index.row() for index in page.assembly_table.selectionModel().selectedRows()] == [0]
