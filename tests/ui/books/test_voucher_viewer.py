"""The scanned voucher on the Treasury page: attached from the entry detail (a PNG, then a
PDF in its place) or from a quick form, shown in the viewer (the image fitted then zoomed,
the PDF's pages), saved as a copy byte for byte; a file that is no voucher is refused under
its row; readers view, only writers attach. In French and in Arabic (mirrored)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.entries import record_entry
from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.books.vouchers import entry_voucher, read_voucher
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.page import BooksPage
from nassij_desktop.ui.books.quick_dialogs import ReceiptDialog
from nassij_desktop.ui.books.voucher_bar import VoucherBar
from nassij_desktop.ui.books.voucher_viewer import VoucherViewer
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from tests.core.books.ledger_support import form
from tests.core.books.voucher_files import pdf_bytes, png_bytes

TREASURER = Actor(user_id=None, login="khadija", role=Role.TREASURER)
VIEWER = Actor(user_id=None, login="auditeur", role=Role.VIEWER)
SCAN_SIZE = (1600, 1200)  # larger than the viewer: it is scaled down to fit


@pytest.fixture
def books(database: Database) -> Database:
    with database.transaction() as session:
        create_treasury_account(session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141")
        create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
        record_entry(session, CLI_ACTOR, form("1200.00"))
    return database


@pytest.fixture
def open_page(qtbot: QtBot) -> Callable[..., BooksPage]:
    def make(database: Database, actor: Actor = TREASURER) -> BooksPage:
        page = BooksPage(AppContext(database, actor))
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        qtbot.waitExposed(page)
        page.select_row(0)
        return page

    return make


@pytest.fixture(params=["fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


def _bar(page: BooksPage) -> VoucherBar:
    bar = page.detail.voucher_bar
    assert bar is not None and bar.isVisible()
    return bar


def _viewer(qtbot: QtBot, bar: VoucherBar) -> VoucherViewer:
    viewer = bar.view()
    assert viewer is not None
    qtbot.waitExposed(viewer)
    return viewer


def test_a_png_then_a_pdf_attached_from_the_detail_are_shown_and_saved(
    qtbot: QtBot,
    books: Database,
    open_page: Callable[..., BooksPage],
    language: str,
    tmp_path: Path,
) -> None:
    page = open_page(books)
    bar = _bar(page)
    assert not bar.view_button.isEnabled() and bar.attach_button.isVisible()
    image = tmp_path / "ticket-caisse.png"
    image.write_bytes(png_bytes(*SCAN_SIZE))
    assert bar.attach_file(image) is not None
    assert "ticket-caisse.png" in plain_text(bar.status.text())
    assert bar.view_button.isEnabled() and not bar.error.isVisible()

    viewer = _viewer(qtbot, bar)
    direction = (
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    assert viewer.layoutDirection() == direction
    assert viewer.stack.layoutDirection() == Qt.LayoutDirection.LeftToRight  # a picture
    assert viewer.page_count() == 1
    fitted = viewer.shown_size()
    room = viewer.scroll_area.viewport().size()
    assert 0 < fitted.width() <= room.width() and 0 < fitted.height() <= room.height()
    assert fitted.width() / fitted.height() == pytest.approx(SCAN_SIZE[0] / SCAN_SIZE[1], 0.01)
    viewer.step_zoom(+1)
    zoomed = viewer.shown_size()
    assert zoomed.width() > fitted.width() and zoomed.height() > fitted.height()
    viewer.step_zoom(-1)
    viewer.step_zoom(-1)
    assert viewer.shown_size().width() < fitted.width()
    viewer.fit()
    assert viewer.shown_size() == fitted
    copy = viewer.save_copy_to(tmp_path / "copie.png")
    assert copy is not None and copy.read_bytes() == png_bytes(*SCAN_SIZE)
    viewer.reject()
    qtbot.waitUntil(lambda: bar.viewer is None)

    scan = tmp_path / "facture.pdf"
    scan.write_bytes(pdf_bytes(3))
    assert bar.attach_file(scan) is not None
    assert "facture.pdf" in plain_text(bar.status.text())
    viewer = _viewer(qtbot, bar)
    assert viewer.view.isVisible() and not viewer.scroll_area.isVisible()
    assert viewer.page_count() == 3 == viewer.document.pageCount()
    assert viewer.view.pageMode() == QPdfView.PageMode.MultiPage  # pages scroll
    assert "3" in plain_text(viewer.pages.text())
    viewer.step_zoom(+1)
    assert viewer.view.zoomMode() == QPdfView.ZoomMode.Custom
    larger = viewer.view.zoomFactor()
    viewer.step_zoom(-1)
    assert viewer.view.zoomFactor() < larger
    assert viewer.view.verticalScrollBar().maximum() > 0  # three pages do not fit at once
    saved = viewer.save_copy_to(tmp_path / "out" / "facture.pdf")
    assert saved is None and viewer.message.isVisible()  # no such folder: said in the dialog
    saved = viewer.save_copy_to(tmp_path / "facture-copie.pdf")
    assert saved is not None and saved.read_bytes() == scan.read_bytes()
    refused = viewer.save_copy_to(books.path)  # type: ignore[arg-type]
    assert refused is None and books.path is not None and books.path.stat().st_size > 0
    viewer.reject()

    with books.session() as session:
        entry_id = page.detail.detail.id  # type: ignore[union-attr]
        assert read_voucher(session, TREASURER, entry_id).data == scan.read_bytes()


def test_a_file_that_is_no_voucher_is_refused_under_the_row(
    qtbot: QtBot,
    books: Database,
    open_page: Callable[..., BooksPage],
    language: str,
    tmp_path: Path,
) -> None:
    page = open_page(books)
    bar = _bar(page)
    fake = tmp_path / "facture.pdf"
    fake.write_text("Ceci n'est pas un PDF")
    assert bar.attach_file(fake) is None
    assert bar.error.isVisible()
    message = plain_text(bar.error.text())
    assert "facture.pdf" in message and "PDF" in message
    assert ("الملف" in message) == (language == "ar")
    assert not bar.view_button.isEnabled()


def test_a_reader_views_the_voucher_but_cannot_attach_one(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage], tmp_path: Path
) -> None:
    with books.transaction() as session:
        from nassij_desktop.core.books.vouchers import attach_voucher

        attach_voucher(session, TREASURER, 1, png_bytes(), "ticket.png")
    page = open_page(books, VIEWER)
    bar = _bar(page)
    assert not bar.attach_button.isVisible()
    viewer = _viewer(qtbot, bar)
    assert viewer.page_count() == 1
    assert viewer.shown_size() == viewer.image.size()  # a small scan is not enlarged
    viewer.reject()


def test_a_receipt_form_attaches_its_scan_or_refuses_the_whole_entry(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage], tmp_path: Path
) -> None:
    page = open_page(books)
    dialog = page.new_receipt()
    assert isinstance(dialog, ReceiptDialog) and dialog.voucher_file is not None
    qtbot.waitExposed(dialog)
    dialog.amount.setText("350")
    dialog.account.set_account("71862")
    dialog.label.setText("Cotisation")
    dialog.voucher.setText("REC-7")
    fake = tmp_path / "recu.png"
    fake.write_bytes(b"not an image")
    dialog.voucher_file.set_path(fake)
    assert not dialog.save()
    assert list(dialog.errors.messages()) == ["voucher_file"]
    assert page.model.rowCount() == 1  # the entry was not written either
    scan = tmp_path / "recu.pdf"
    scan.write_bytes(pdf_bytes(1))
    dialog.voucher_file.set_path(scan)
    # Enter saves from the voucher file's row too (its buttons are no default buttons).
    QTest.keyClick(dialog.voucher_file.choose_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    record = dialog.record
    assert record is not None
    with books.session() as session:
        info = entry_voucher(session, TREASURER, record.entry_id)
    assert info is not None and (info.filename, info.is_pdf) == ("recu.pdf", True)
    # The entry written heads the list, its scan beside it.
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.id == record.entry_id
    )
    assert _bar(page).view_button.isEnabled()
