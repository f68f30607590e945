"""The checklist's files and the application pack from the Requests tab, on a real file: a
scan chosen by keyboard through the app's file dialog for the statutes, shown in the File
column, attached when the checklist saves, then opened in the vouchers' viewer; the
"Application pack (PDF)…" button makes the request's pack on a worker and shows it; pictures
of the dialog and the tab in Arabic and French for a person to look at."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.documents import request_document_file
from nassij_desktop.core.funding.models import FunderKind
from nassij_desktop.core.funding.services import (
    FunderData,
    RequestData,
    create_funder,
    create_funding_request,
    get_funding_request,
    request_checklist,
)
from nassij_desktop.demo.funding_pack import STATUTES_PAGES, demo_pdf
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.voucher_viewer import VoucherViewer
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.funding.checklist_dialog import ChecklistDialog
from nassij_desktop.ui.funding.page import FundingPage

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
WAIT_MS = 10_000
SHOTS = Path(os.environ.get("NASSIJ_SHOTS", "/tmp/shots/checklist"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    return folder


def _request(database: Database) -> int:
    with database.transaction() as session:
        funder = create_funder(
            session,
            SECRETARY,
            FunderData(
                name_fr="Commune de Tiznit", name_ar="جماعة تيزنيت", kind=FunderKind.COMMUNE
            ),
        )
        return create_funding_request(
            session,
            SECRETARY,
            RequestData(
                funder_id=funder.id,
                title="Caravane de lecture",
                amount_requested=Decimal(30000),
                deadline=clock.today() + dt.timedelta(days=20),
            ),
        ).id


def _pick(path: Path) -> Callable[[QWidget], None]:
    def handler(widget: QWidget) -> None:
        assert isinstance(widget, QFileDialog), widget
        box = widget.findChild(QLineEdit, "fileNameEdit")
        assert box is not None
        box.setText(str(path))
        widget.accept()

    return handler


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _tab_to(name: str, limit: int = 20) -> None:
    for _ in range(limit):
        if _focused().objectName() == name:
            return
        QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}: stuck at {_focused().objectName()}")


def test_a_scan_attached_by_keyboard_is_saved_with_the_checklist_and_opens(
    qtbot: QtBot, database: Database, modal, home: Path, tmp_path: Path, qapp: QApplication
) -> None:
    apply_language("fr", qapp)
    request_id = _request(database)
    context = AppContext(database, SECRETARY)
    statutes = tmp_path / "statuts signés.pdf"
    statutes.write_bytes(demo_pdf(STATUTES_PAGES))
    modal.then(_pick(statutes))
    with database.session() as session:
        record = get_funding_request(session, SECRETARY, request_id)
    dialog = ChecklistDialog(context, record, [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    # The commune's usual file, in French, none attached yet.
    assert dialog.table.item(0, 0).text() == "Lettre de demande adressée au bailleur"  # type: ignore[union-attr]
    assert set(dialog.file_names()) == {"—"}
    assert not dialog.open_button.isEnabled()
    dialog.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.table)
    QTest.keyClick(dialog.table, Qt.Key.Key_Down)  # the statutes
    assert dialog.table.currentRow() == 1
    _tab_to("attach_document")
    QTest.keyClick(_focused(), Qt.Key.Key_Space)  # the file dialog: the scan
    qtbot.waitUntil(lambda: "statuts signés.pdf" in dialog.file_names()[1])
    assert "enregistrement" in dialog.file_names()[1]  # attached on saving
    assert dialog.open_button.isEnabled()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.attach_button)
    QTest.keyClick(_focused(), Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

    with database.session() as session:
        documents = request_checklist(session, SECRETARY, request_id)
        attached = request_document_file(session, SECRETARY, request_id, 2)
    assert [d.provided for d in documents].count(True) == 1 and documents[1].provided
    assert attached is not None and attached.data == statutes.read_bytes()
    assert attached.label == "Statuts"

    # Opened again: the file is named in its row and opens in the viewer.
    again = ChecklistDialog(context, record, documents)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.file_names()[1] == "\u2066statuts signés.pdf\u2069"
    again.table.setCurrentCell(1, 0)
    modal.timer.stop()  # the viewer is looked at here, not answered
    viewer = again.open_current()
    assert isinstance(viewer, VoucherViewer) and viewer.is_pdf
    assert "Statuts" in viewer.windowTitle()
    assert "statuts signés.pdf" in viewer.heading.text()
    viewer.close()
    qtbot.waitUntil(lambda: again.viewer is None)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_pack_button_shows_the_requests_pack(
    qtbot: QtBot, database: Database, qapp: QApplication, lang: str
) -> None:
    apply_language(lang, qapp)
    request_id = _request(database)
    page = FundingPage(AppContext(database, SECRETARY))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    tab = page.requests
    page.tabs.setCurrentWidget(tab)
    tab.refresh()
    assert tab.select_request(request_id)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / f"requests-tab-{lang}.png"))
    dialog = tab.edit_checklist()
    assert isinstance(dialog, ChecklistDialog)
    qtbot.waitExposed(dialog)
    dialog.table.setCurrentCell(1, 0)
    dialog.attach_path(1, Path("/tmp/statuts.pdf"))
    dialog.grab().save(str(SHOTS / f"checklist-{lang}.png"))
    dialog.reject()
    assert tab.pack_button.isVisible() and tab.pack_button.isEnabled()
    tab.pack_button.click()
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=WAIT_MS)
    assert tab.preview is not None
    text = subprocess.run(
        ["pdftotext", str(tab.preview.path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Caravane de lecture" in text
    tab.preview.reject()
    qtbot.waitUntil(lambda: tab.operation is None and tab.pack_button.isEnabled())
