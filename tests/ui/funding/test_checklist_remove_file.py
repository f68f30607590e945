"""The checklist dialog by keyboard: a document renamed keeps its file; another's file removed
with "Remove the file" after its confirmation, when the checklist saves."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.documents import attach_request_document, request_document_file
from nassij_desktop.core.funding.models import FunderKind
from nassij_desktop.core.funding.services import (
    DocumentData,
    FunderData,
    RequestData,
    create_funder,
    create_funding_request,
    get_funding_request,
    request_checklist,
    set_request_checklist,
)
from nassij_desktop.demo.funding_pack import demo_png
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.funding.checklist_dialog import ChecklistDialog

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_renamed_keeps_its_file_and_a_file_is_removed_by_keyboard(
    qtbot: QtBot, database: Database, modal, qapp: QApplication
) -> None:
    apply_language("fr", qapp)
    with database.transaction() as session:
        funder = create_funder(
            session, SECRETARY, FunderData(name_fr="Commune de Tiznit", kind=FunderKind.COMMUNE)
        )
        request_id = create_funding_request(
            session,
            SECRETARY,
            RequestData(funder_id=funder.id, title="Caravane", amount_requested=Decimal(3000)),
        ).id
        set_request_checklist(
            session, SECRETARY, request_id, [DocumentData("Statuts"), DocumentData("RIB")]
        )
        attach_request_document(session, SECRETARY, request_id, 1, demo_png(), "statuts.png")
        attach_request_document(session, SECRETARY, request_id, 2, demo_png(), "rib.png")
        record = get_funding_request(session, SECRETARY, request_id)
        documents = request_checklist(session, SECRETARY, request_id)
    dialog = ChecklistDialog(AppContext(database, SECRETARY), record, documents)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.table)
    assert not dialog.table.dirty
    # The statutes renamed in their cell.
    QTest.keyClick(dialog.table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(_focused(), QLineEdit))
    QTest.keyClick(_focused(), Qt.Key.Key_End)
    QTest.keyClicks(_focused(), " (copie)")
    QTest.keyClick(_focused(), Qt.Key.Key_Return)  # committed on the next turn of the loop
    qtbot.waitUntil(lambda: dialog.table.text(0, 0) == "Statuts (copie)")
    assert dialog.table.dirty
    # The RIB's file: Down, Tab along to "Remove the file", Space, confirmed.
    QTest.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.table.currentRow() == 1
    modal.press("Retirer le fichier")
    for _ in range(12):
        if _focused() is dialog.remove_file_button:
            break
        QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is dialog.remove_file_button
    QTest.keyClick(_focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "retiré à l'enregistrement" in dialog.file_names()[1])
    assert modal.seen and "rib.png" in modal.seen[-1][1]
    assert not dialog.remove_file_button.isEnabled()
    assert dialog.files_to_remove() == [2]
    with database.session() as session:  # nothing removed before saving
        assert request_document_file(session, SECRETARY, request_id, 2) is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    QTest.keyClick(_focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with database.session() as session:
        saved = request_checklist(session, SECRETARY, request_id)
        statutes = request_document_file(session, SECRETARY, request_id, 1)
    assert [(d.label, d.attachment_id is not None) for d in saved] == [
        ("Statuts (copie)", True),
        ("RIB", False),
    ]
    assert statutes is not None and statutes.filename == "statuts.png"
