"""Marking a declaration filed from the dashboard: the secretary records the filing with the
local authority, the reminder goes away; a viewer is not offered the button."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.governance.records import DeclarationRecord
from nassij_desktop.core.governance.services import declaration_reminders, list_declarations
from nassij_desktop.storage import Database, open_database

if TYPE_CHECKING:
    from tests.support import DemoFile
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.dashboard.page import DashboardPage
from nassij_desktop.ui.governance.filing_dialog import FilingDialog

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="visitor", role=Role.VIEWER)
TODAY = clock.today()


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


@pytest.fixture
def recent(demo_file: DemoFile) -> Iterator[Database]:
    """A demo whose board-change declaration is still to file."""
    database = open_database(demo_file(members=60, seed=3, today=TODAY))
    yield database
    database.close()


def open_dashboard(qtbot, database: Database, actor: Actor = SECRETARY) -> DashboardPage:
    page = DashboardPage(AppContext(database, actor))
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def pending_id(database: Database) -> int:
    with database.session() as session:
        [reminder] = declaration_reminders(session, SECRETARY, TODAY)
    return reminder.declaration_id


def filed(database: Database, declaration_id: int) -> DeclarationRecord:
    with database.session() as session:
        return next(d for d in list_declarations(session, SECRETARY) if d.id == declaration_id)


def clicked_open(qtbot, page: DashboardPage, declaration_id: int) -> FilingDialog:
    qtbot.mouseClick(page.file_buttons[declaration_id], Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, FilingDialog) and dialog.isVisible()
    return dialog


def test_marking_the_declaration_filed_records_it_and_clears_the_reminder(
    qtbot, recent: Database
) -> None:
    declaration_id = pending_id(recent)
    page = open_dashboard(qtbot, recent)
    assert page.findChild(QLabel, f"reminder_{declaration_id}") is not None
    dialog = clicked_open(qtbot, page, declaration_id)
    assert dialog.filed_on.date() == TODAY
    dialog.authority.clear()
    qtbot.keyClicks(dialog.authority, "Pachalik Hay Salam")  # keyClicks: ASCII only
    qtbot.keyClicks(dialog.receipt_number, "P-2025/118")
    with qtbot.waitSignal(page.context.signals.data_changed) as changed:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert changed.args == [frozenset({Change.GOVERNANCE})]

    record = filed(recent, declaration_id)
    assert record.filed_on == TODAY
    assert record.authority == "Pachalik Hay Salam"
    assert record.receipt_number == "P-2025/118" and record.receipt_date is None
    assert not dialog.isVisible()
    # Gone from the list of what is due (the demo's SGG declaration stays in it).
    assert page.reminder_labels == [] and f"declaration_{declaration_id}" not in page.due_labels
    assert "sgg_declaration" in {key.rsplit("_", 1)[0] for key in page.due_labels}
    assert page.file_buttons == {}


def test_a_filing_without_authority_shows_the_message_under_the_field(
    qtbot, recent: Database
) -> None:
    declaration_id = pending_id(recent)
    page = open_dashboard(qtbot, recent)
    dialog = page.file_declaration(declaration_id)
    dialog.authority.clear()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "authority" in dialog.errors.messages()
    assert dialog.isVisible()
    assert filed(recent, declaration_id).filed_on is None
    assert page.findChild(QLabel, f"reminder_{declaration_id}") is not None


def test_a_viewer_sees_the_reminder_but_no_button(qtbot, recent: Database) -> None:
    declaration_id = pending_id(recent)
    page = open_dashboard(qtbot, recent, VIEWER)
    assert page.findChild(QLabel, f"reminder_{declaration_id}") is not None
    assert page.file_buttons == {}


def test_the_dashboard_with_its_button_in_arabic_and_french(
    qtbot, qapp: QApplication, recent: Database, screens_dir: Path
) -> None:
    declaration_id = pending_id(recent)
    page = open_dashboard(qtbot, recent)
    for lang in ("fr", "ar"):
        apply_language(lang, qapp)
        button = page.file_buttons[declaration_id]
        # The rebuilt row is shown by the layout on the next turn of the event loop.
        qtbot.waitUntil(button.isVisible, timeout=10_000)
        assert button.text() != ""
        page.grab().save(str(screens_dir / f"dashboard-filing-{lang}.png"))
        dialog = page.file_declaration(declaration_id)
        assert dialog.isRightToLeft() is (lang == "ar")
        dialog.grab().save(str(screens_dir / f"filing-dialog-{lang}.png"))
        dialog.reject()
