"""A receipt or cards are shown in the app: real PDFs, drawn by QtPdf, printed to a PDF
printer, saved byte for byte; "Open with…" says so when the computer has no PDF viewer.

Before, "Print receipt" asked where to save, then handed the file to an external viewer: with
none installed, the user saw nothing at all."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.pdf_preview import PdfPreviewDialog, print_pdf
from nassij_desktop.ui.members.dues_dialog import DuesDialog
from nassij_desktop.ui.members.printing import write_report

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
WAIT_MS = 60_000  # a bound for a loaded machine; every wait polls
NAMES = [("العلوي", "سارة", "Alaoui", "Sara"), ("بناني", "يوسف", "Bennani", "Youssef")]


@pytest.fixture
def members(database: Database) -> list[int]:
    """Fourteen members: their cards fill two pages."""
    created = []
    with database.transaction() as session:
        for number in range(14):
            last_ar, first_ar, last_lat, first_lat = NAMES[number % 2]
            created.append(
                create_member(
                    session,
                    SECRETARY,
                    MemberData(
                        last_name_ar=last_ar,
                        first_name_ar=first_ar,
                        last_name_lat=f"{last_lat} {number}",
                        first_name_lat=first_lat,
                        join_date=dt.date(2024, 1, 10),
                    ),
                ).id
            )
    return created


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    (folder / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / ".config"))
    return folder


def ink(image: QImage) -> int:
    """How many of a sample of the image's pixels are dark (text, lines)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    dark = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            if image.pixelColor(x, y).lightness() < 128:
                dark += 1
    return dark


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def record_dues(qtbot, page) -> DuesDialog:  # type: ignore[no-untyped-def]
    page.select_row(0)
    dialog = page.record_dues()
    assert dialog is not None
    assert dialog.save()
    return dialog


def show_receipt(qtbot, dialog: DuesDialog) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=WAIT_MS)
    preview = dialog.preview
    assert preview is not None
    qtbot.waitExposed(preview)
    return preview


def leave_open(widget: QWidget) -> None:
    """A dialog of the app is the modal one of the moment: the person reads it."""
    assert isinstance(widget, (DuesDialog, PdfPreviewDialog)), widget


@pytest.fixture
def receipt(qtbot, modal, database: Database, members: list[int], open_page):  # type: ignore[no-untyped-def]
    """The dues dialog, then the receipt's preview over it, both left open; the test's own
    answers to the next modal dialogs follow."""
    pytest.importorskip("nassij_desktop.reports.receipts.dues_receipt")
    modal.then(leave_open).then(leave_open)
    page = open_page(database)
    dialog = record_dues(qtbot, page)
    preview = show_receipt(qtbot, dialog)
    qtbot.waitUntil(lambda: len(modal.seen) == 2)
    yield dialog, preview
    if shiboken6.isValid(preview) and preview.isVisible():
        preview.reject()


def test_print_receipt_shows_the_receipt_in_the_app(qtbot, receipt) -> None:  # type: ignore[no-untyped-def]
    dues_dialog, preview = receipt
    number = dues_dialog.dues.receipt_number
    path = preview.path
    # A temporary file of the app's own, named after the receipt; nothing asked beforehand.
    assert path.name == f"receipt-{number}.pdf" and path.read_bytes().startswith(b"%PDF")
    assert number in pdf_text(path)
    assert preview.document.pageCount() == pdf_pages(path) == 1
    assert preview.isModal() and preview.windowTitle() == f"Dues receipt — \u2066{path.name}\u2069"
    assert preview.page_count.text() == "of 1" and preview.page.value() == 1
    # The page, as QtPdf draws it in the view, is not blank.
    qtbot.waitUntil(lambda: ink(preview.view.viewport().grab().toImage()) > 200, timeout=WAIT_MS)
    drawn = preview.document.render(0, QSize(595, 842))
    assert ink(drawn) > 200

    preview.reject()  # closing removes the temporary folder
    qtbot.waitUntil(lambda: not path.parent.exists())


def test_save_as_writes_the_same_bytes_where_the_user_chooses(
    qtbot, receipt, modal, home: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _dues, preview = receipt
    target = tmp_path / "kept" / "my-receipt"
    target.parent.mkdir()
    opened_in: list[str] = []

    def choose(widget: QWidget) -> None:
        opened_in.append(widget.directory().absolutePath())  # type: ignore[attr-defined]
        name_box = widget.findChild(QLineEdit, "fileNameEdit")
        assert name_box is not None
        name_box.setText(str(target))
        widget.accept()  # type: ignore[attr-defined]

    modal.then(choose).then(leave_open)
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)

    saved = target.with_name("my-receipt.pdf")
    assert preview.last_saved == saved
    assert saved.read_bytes() == preview.path.read_bytes()
    assert opened_in == [str(home / "Documents")]
    assert preview.message.isVisible() and "my-receipt.pdf" in preview.message.text()


def test_save_as_never_overwrites_the_association_file(qtbot, receipt, database: Database) -> None:  # type: ignore[no-untyped-def]
    _dues, preview = receipt
    assert database.path is not None
    before = database.path.read_bytes()[:100]
    assert preview.save_to(database.path) is None
    assert database.path.read_bytes()[:100] == before
    assert "association file" in preview.message.text()


def test_print_renders_the_pages_on_a_pdf_printer(qtbot, receipt, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _dues, preview = receipt
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)  # the test's printer: quick, still a real page

    operation = preview.print_to(printer)
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)

    assert pdf_pages(out) == 1
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "A4" in info
    printed = QPdfDocument()
    assert printed.load(str(out)) == QPdfDocument.Error.None_
    assert ink(printed.render(0, QSize(595, 842))) > 200
    printed.close()
    assert preview.printed == 1
    # the path isolated left to right, the line in the interface's direction (LRM first)
    assert preview.message.text() == f"\u200ePages printed into the file \u2066{out}\u2069: 1."


def test_the_print_button_asks_the_system_print_dialog(qtbot, modal, receipt, home: Path) -> None:  # type: ignore[no-untyped-def]
    if QPrinterInfo.availablePrinters():
        pytest.skip("this computer has printers: the test prints to a file")
    _dues, preview = receipt
    seen: list[tuple[int, int]] = []

    def accept(widget: QWidget) -> None:
        assert isinstance(widget, QPrintDialog), widget
        seen.append((widget.minPage(), widget.maxPage()))
        widget.accept()

    modal.then(accept).then(leave_open)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    operation = preview.printing
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)

    assert seen == [(1, 1)]
    # No printer on this computer: "print to a file", proposed in Documents.
    out = home / "Documents" / preview.path.name
    assert pdf_pages(out) == 1


def test_cards_pages_and_zoom_and_a_page_range_printed(
    qtbot, database: Database, members: list[int], open_page, tmp_path: Path
) -> None:
    pytest.importorskip("nassij_desktop.reports.members.member_cards")
    page = open_page(database)
    page.table.selectAll()
    operation = page.print_cards()
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    preview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, PdfPreviewDialog))
    qtbot.waitExposed(preview)
    count = preview.document.pageCount()
    assert count == pdf_pages(preview.path) == 2
    assert preview.page_count.text() == "of 2"
    assert not preview.previous_button.isEnabled() and preview.next_button.isEnabled()

    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.current_page() == 1)
    assert preview.page.value() == 2 and not preview.next_button.isEnabled()
    preview.page.setValue(1)
    qtbot.waitUntil(lambda: preview.current_page() == 0)

    assert preview.zoom.currentData() == "fit-width"
    assert preview.zoom_in_button.isEnabled() and preview.zoom_out_button.isEnabled()
    preview.set_zoom(4.0)
    assert not preview.zoom_in_button.isEnabled()
    preview.set_zoom(1.0)
    preview.step_zoom(+1)
    assert preview.zoom_factor() == 1.25 and preview.zoom.currentData() == 1.25
    preview.step_zoom(-1)
    preview.step_zoom(-1)
    assert preview.zoom_factor() == 0.75

    out = tmp_path / "second.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(100)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 2)
    printing = preview.print_to(printer)
    assert printing is not None
    qtbot.waitUntil(lambda: printing.done, timeout=WAIT_MS)
    assert pdf_pages(out) == 1 and preview.printed == 1
    preview.reject()


def test_open_with_says_so_when_no_program_reads_pdf(
    qtbot, receipt, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:  # type: ignore[no-untyped-def]
    _dues, preview = receipt
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no xdg-open, as on a computer without a viewer
    assert shutil.which("xdg-open") is None
    apply_language("fr", qapp)

    qtbot.mouseClick(preview.open_button, Qt.MouseButton.LeftButton)

    assert preview.message.isVisible()
    assert preview.message.text().startswith("\u200eAucun programme")  # LRM: reads left to right
    assert preview.open_button.text() == "Ouvrir avec…"
    assert not preview.handed_over


def test_the_preview_follows_the_language(qtbot, receipt, qapp) -> None:  # type: ignore[no-untyped-def]
    _dues, preview = receipt
    apply_language("ar", qapp)
    assert preview.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert preview.view.layoutDirection() == Qt.LayoutDirection.LeftToRight  # pages as drawn
    assert preview.print_button.text() == "طباعة…"
    assert preview.page_count.text() == "من 1"
    apply_language("fr", qapp)
    assert preview.print_button.text() == "Imprimer…"
    assert preview.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_temporary_file_goes_with_the_window_under_the_preview(qtbot, receipt) -> None:  # type: ignore[no-untyped-def]
    dues_dialog, preview = receipt
    folder = preview.path.parent
    assert folder.exists()
    dues_dialog.reject()  # deleted on close, and the preview over it with it
    qtbot.waitUntil(lambda: not folder.exists())


def test_a_landscape_register_prints_on_landscape_paper(
    qtbot, database: Database, members: list[int], open_page, tmp_path: Path
) -> None:
    pytest.importorskip("nassij_desktop.reports.members.member_register")
    page = open_page(database)
    register = write_report(page.context, "member-register", tmp_path / "register.pdf")
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(100)

    assert print_pdf(register, printer) == pdf_pages(register)

    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "842 x 595 pts (A4)" in info
    assert pdf_pages(out) == pdf_pages(register)
