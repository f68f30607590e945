"""The photos and attendance sheets of the one-minute form: chosen with the keyboard through
the app's file dialog, attached when the form saves (and not when it is cancelled), opened in
the viewer, removed with Delete."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.activities.attachments import activity_files
from nassij_desktop.core.activities.models import AttachmentRole
from nassij_desktop.core.activities.services import list_activities
from nassij_desktop.ui.activities.form import ActivityDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language


def _one_page_pdf() -> bytes:
    """A real one-page PDF: the viewer draws it with QtPdf."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(40, 10, "Feuille de presence")
    return bytes(pdf.output())


PDF = _one_page_pdf()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    return folder


def _pick(path: Path):  # type: ignore[no-untyped-def]
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


def _tab_to(name: str, limit: int = 40) -> None:
    for _ in range(limit):
        if _focused().objectName() == name:
            return
        QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}: stuck at {_focused().objectName()}")


def test_a_volunteer_attaches_a_photo_and_a_sheet_then_removes_the_sheet(
    qtbot: QtBot, volunteer: AppContext, modal, home: Path, tmp_path: Path, qapp: QApplication
) -> None:
    apply_language("fr", qapp)
    photo = tmp_path / "atelier.jpg"
    Image.new("RGB", (40, 30), "orange").save(photo, "JPEG")
    sheet = tmp_path / "feuille de présence.pdf"
    sheet.write_bytes(PDF)
    modal.then(_pick(photo)).then(_pick(sheet))

    dialog = ActivityDialog(volunteer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title)
    QTest.keyClicks(dialog.title, "Atelier photo")
    _tab_to("add_photo")
    QTest.keyClick(_focused(), Qt.Key.Key_Space)  # the file dialog: the photo
    qtbot.waitUntil(lambda: len(dialog.files.names()) == 1)
    # The file dialog gone, the form is the active window again, its focus where it was.
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.files.add_photo_button)
    QTest.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is dialog.files.add_sheet_button
    QTest.keyClick(_focused(), Qt.Key.Key_Space)  # the sheet
    qtbot.waitUntil(lambda: len(dialog.files.names()) == 2)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.files.add_sheet_button)
    assert dialog.files.names()[0].startswith("Photo")
    assert "feuille de présence.pdf" in dialog.files.names()[1]
    QTest.keyClick(_focused(), Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: not dialog.isVisible())

    with volunteer.database.session() as session:
        saved = next(
            a for a in list_activities(session, volunteer.actor) if a.title == "Atelier photo"
        )
        files = activity_files(session, volunteer.actor, saved.id)
    assert [(f.role, f.filename, f.mime_type) for f in files] == [
        (AttachmentRole.PHOTO, "atelier.jpg", "image/jpeg"),
        (AttachmentRole.ATTENDANCE_SHEET, "feuille de présence.pdf", "application/pdf"),
    ]

    again = ActivityDialog(volunteer, saved.id)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert len(again.files.names()) == 2
    again.files.list.setFocus()
    again.files.list.setCurrentRow(0)
    viewer = again.files.open_current()  # the photo, from the database, in the viewer
    assert viewer is not None and "atelier.jpg" in viewer.windowTitle() + viewer.heading.text()  # type: ignore[attr-defined]
    viewer.close()
    again.files.list.setCurrentRow(1)
    sheet_viewer = again.files.open_current()  # the PDF sheet: QtPdf, closed and deleted
    assert sheet_viewer is not None and sheet_viewer.page_count() == 1  # type: ignore[attr-defined]
    sheet_viewer.close()
    qtbot.waitUntil(lambda: again.files.viewer is None)
    again.files.list.setFocus()
    again.files.list.setCurrentRow(1)
    QTest.keyClick(again.files.list, Qt.Key.Key_Delete)
    assert len(again.files.names()) == 1
    again.save()
    qtbot.waitUntil(lambda: not again.isVisible())
    with volunteer.database.session() as session:
        kept = activity_files(session, volunteer.actor, saved.id)
    assert [f.filename for f in kept] == ["atelier.jpg"]
    apply_language("en", qapp)


def test_a_file_that_is_no_image_refuses_the_save_under_its_row(
    qtbot: QtBot, volunteer: AppContext, tmp_path: Path, qapp: QApplication
) -> None:
    apply_language("fr", qapp)
    fake = tmp_path / "photo.png"
    fake.write_bytes(PDF)  # a PDF named as a photo
    dialog = ActivityDialog(volunteer)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("Sortie")
    dialog.files.add(fake, AttachmentRole.PHOTO)
    assert not dialog.save()
    assert "JPEG ou PNG" in dialog.errors.messages()["attachments"]
    with volunteer.database.session() as session:
        assert "Sortie" not in {a.title for a in list_activities(session, volunteer.actor)}
    apply_language("en", qapp)
