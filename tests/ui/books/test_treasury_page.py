"""The Treasury page: a receipt typed with the keyboard only shows in the list and in the
balance, in French and in Arabic; refusals beside their field; who writes and who reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.services import (
    EntryData,
    LineSpec,
    create_treasury_account,
    post_entries,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.i18n.formatting import format_amount, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.page import BooksPage
from nassij_desktop.ui.books.quick_dialogs import QuickDialog, ReceiptDialog, TransferDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.lazy_model import Align
from nassij_desktop.ui.shell.navigation import visible_pages

TREASURER = Actor(user_id=None, login="khadija", role=Role.TREASURER)
VIEWER = Actor(user_id=None, login="auditeur", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
TODAY = clock.today()


@pytest.fixture
def books(database: Database) -> Database:
    with database.transaction() as session:
        create_treasury_account(session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141")
        create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
    return database


@pytest.fixture
def open_page(qtbot: QtBot) -> Callable[..., BooksPage]:
    def make(database: Database, actor: Actor = TREASURER) -> BooksPage:
        page = BooksPage(AppContext(database, actor))
        qtbot.addWidget(page)
        page.resize(1280, 760)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


@pytest.fixture(params=["fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type(text: str) -> None:
    QTest.keyClicks(_focused(), text)


def _key(key: Qt.Key) -> None:
    QTest.keyClick(_focused(), key)


def _opened(qtbot: QtBot, page: BooksPage, open_dialog: Callable[[], QuickDialog]) -> QuickDialog:
    dialog = open_dialog()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: _focus_in(dialog))
    assert isinstance(_focused(), DateEdit)  # the first field: the date
    return dialog


def _focus_in(dialog: QWidget) -> bool:
    widget = QApplication.focusWidget()
    return widget is not None and widget.window() is dialog


def test_a_receipt_typed_with_the_keyboard_shows_in_the_list_and_the_balance(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage], language: str
) -> None:
    page = open_page(books)
    assert page.model.rowCount() == 0
    assert page.treasury.balance_of("Banque Populaire") == format_amount(Decimal(0))
    dialog = _opened(qtbot, page, page.new_receipt)
    assert isinstance(dialog, ReceiptDialog)
    assert dialog.date.date() == TODAY  # the date is already today
    _key(Qt.Key.Key_Tab)
    _type("12 000,00")
    _key(Qt.Key.Key_Tab)
    _type("71611")
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.treasury
    _key(Qt.Key.Key_Down)  # from the bank to the cash box
    _key(Qt.Key.Key_Tab)
    _type("Subvention de la commune")
    _key(Qt.Key.Key_Tab)
    _type("AV-2026-01")
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.errors.messages() == {}
    assert dialog.record is not None and dialog.record.amount == Decimal("12000.00")
    # The list shows it first, its detail beside it, and the bank's balance has moved.
    assert page.model.rowCount() == 1
    row = page.model.row(0)
    assert row is not None and (row.label, row.reference, row.journal) == (
        "Subvention de la commune",
        "AV-2026-01",
        "CA",
    )
    assert page.treasury.balance_of("Caisse") == format_amount(Decimal("12000"))
    assert page.treasury.balance_of("Banque Populaire") == format_amount(Decimal(0))
    assert page.detail.detail is not None and page.detail.detail.id == row.id
    assert "12" in plain_text(page.message.text())
    # The next receipt starts on the same cash box (remembered on this computer).
    again = _opened(qtbot, page, page.new_receipt)
    assert isinstance(again, ReceiptDialog)
    assert again.treasury.currentText() == "Caisse"
    again.reject()


def test_refusals_show_beside_their_field(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage]
) -> None:
    page = open_page(books)
    dialog = _opened(qtbot, page, page.new_receipt)
    assert isinstance(dialog, ReceiptDialog)
    _key(Qt.Key.Key_Tab)
    _type("douze")
    _key(Qt.Key.Key_Return)
    assert list(dialog.errors.messages()) == ["amount"]
    assert dialog.isVisible() and _focused() is dialog.amount
    dialog.amount.setText("150")
    dialog.account.set_account("6125")  # an expense account on a receipt
    _key(Qt.Key.Key_Return)
    assert list(dialog.errors.messages()) == ["account"]
    dialog.account.set_account("71862")
    dialog.label.setText("Cotisation")
    _key(Qt.Key.Key_Return)
    assert list(dialog.errors.messages()) == ["voucher"]
    assert page.model.rowCount() == 0


def test_a_transfer_moves_money_from_the_bank_to_the_cash_box(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage]
) -> None:
    page = open_page(books)
    dialog = _opened(qtbot, page, page.new_transfer)
    assert isinstance(dialog, TransferDialog)
    assert dialog.source.currentData() != dialog.target.currentData()
    _key(Qt.Key.Key_Tab)
    _type("500")
    for _field in ("from", "to", "label"):
        _key(Qt.Key.Key_Tab)
    _type("Retrait pour la caisse")
    _key(Qt.Key.Key_Tab)
    _type("RET-01")
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.treasury.balance_of("Banque Populaire") == format_amount(Decimal("-500"))
    assert page.treasury.balance_of("Caisse") == format_amount(Decimal("500"))


def test_filters_narrow_the_list(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage]
) -> None:
    with books.transaction() as session:
        post_entries(
            session,
            CLI_ACTOR,
            [
                EntryData(
                    "BQ" if n % 2 else "CA",
                    TODAY,
                    f"Opération {n}",
                    [
                        LineSpec("5141" if n % 2 else "5161", debit=Decimal(n)),
                        LineSpec("7186", credit=Decimal(n)),
                    ],
                    f"P-{n}",
                )
                for n in range(1, 251)
            ],
        )
    page = open_page(books)
    assert page.model.rowCount() == 250
    assert page.model.loaded_rows() <= 2 * page.model.page_size  # read a page at a time
    page.filters.journal.select("CA")
    assert page.model.rowCount() == 125
    page.filters.search.setText("P-12")
    page.apply_filters()
    assert {page.model.row(i).reference for i in range(page.model.rowCount())} == {  # type: ignore[union-attr]
        "P-12",
        "P-120",
        "P-122",
        "P-124",
        "P-126",
        "P-128",
    }
    page.filters.amount.setText("douze")
    page.apply_filters()
    assert not page.message.isHidden()  # said, and the list kept


def test_readers_see_no_writing_buttons_and_volunteers_no_page(
    books: Database, open_page: Callable[..., BooksPage]
) -> None:
    writer = open_page(books)
    reader = open_page(books, VIEWER)
    assert writer.receipt_button.isVisible() and writer.more_button.isVisible()
    assert not reader.more_button.isVisible()
    assert not reader.receipt_button.isVisible() and not reader.transfer_button.isVisible()
    assert reader.treasury.balance_of("Caisse") == format_amount(Decimal(0))
    assert "books" in {spec.key for spec in visible_pages(VIEWER)}
    assert "books" not in {spec.key for spec in visible_pages(VOLUNTEER)}


def test_the_page_is_built_from_a_bounded_number_of_widgets(
    books: Database, open_page: Callable[..., BooksPage]
) -> None:
    empty = len(open_page(books).findChildren(QWidget))
    with books.transaction() as session:
        post_entries(
            session,
            CLI_ACTOR,
            [
                EntryData(
                    "CA",
                    TODAY,
                    f"E{n}",
                    [LineSpec("5161", debit=Decimal(1)), LineSpec("7186", credit=Decimal(1))],
                )
                for n in range(2000)
            ],
        )
    full = open_page(books)
    assert full.model.rowCount() == 2000
    assert len(full.findChildren(QWidget)) == empty < 300


def test_the_forms_read_amounts_dates_and_references_left_to_right_in_arabic(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage], qapp: QApplication
) -> None:
    apply_language("ar", qapp)
    try:
        page = open_page(books)
        assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for open_dialog in (
            page.new_receipt,
            page.new_expense,
            page.new_transfer,
            page.new_subsidy,
            page.new_salary,
        ):
            dialog = open_dialog()
            assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
            left_to_right = {
                name
                for name in (
                    "date",
                    "amount",
                    "gross",
                    "withholding",
                    "cnss",
                    "voucher",
                    "payment_reference",
                    "agreement_number",
                    "agreement_date",
                )
                if (editor := dialog.findChild(QWidget, name)) is not None
                and editor.layoutDirection() == Qt.LayoutDirection.LeftToRight
            }
            present = {
                name
                for name in ("date", "amount", "gross", "voucher", "payment_reference")
                if dialog.findChild(QWidget, name) is not None
            }
            assert present <= left_to_right, (type(dialog).__name__, present - left_to_right)
            label = dialog.findChild(QWidget, "label")
            assert label is not None and label.layoutDirection() == Qt.LayoutDirection.RightToLeft
            dialog.reject()
    finally:
        apply_language("en", qapp)


def test_a_label_reads_from_its_own_script_s_side(
    books: Database, open_page: Callable[..., BooksPage]
) -> None:
    lines = [LineSpec("5161", debit=Decimal(5)), LineSpec("7186", credit=Decimal(5))]
    with books.transaction() as session:
        post_entries(
            session,
            CLI_ACTOR,
            [
                EntryData("CA", TODAY, "Cotisation de Omar", lines, "R-1"),
                EntryData("CA", TODAY, "واجب انخراط عمر", lines, "R-2"),
            ],
        )
    page = open_page(books)
    label = [c.key for c in page.model.columns].index("label")
    aligned = {
        page.model.row(r).label: page.model.data(  # type: ignore[union-attr]
            page.model.index(r, label), Qt.ItemDataRole.TextAlignmentRole
        )
        for r in range(2)
    }
    assert aligned == {
        "واجب انخراط عمر": Align.ARABIC.value,
        "Cotisation de Omar": Align.LATIN.value,
    }


def test_ctrl_r_opens_the_receipt_form_in_every_language(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage], language: str
) -> None:
    page = open_page(books)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    QTest.keyClick(page, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
    assert isinstance(page.dialog, ReceiptDialog)


def test_a_validated_entry_is_reversed_from_the_page_and_cannot_be_twice(
    qtbot: QtBot, books: Database, open_page: Callable[..., BooksPage], language: str
) -> None:
    with books.transaction() as session:
        post_entries(
            session,
            CLI_ACTOR,
            [
                EntryData(
                    "CA",
                    TODAY,
                    "Fournitures",
                    [LineSpec("6125", debit=Decimal(80)), LineSpec("5161", credit=Decimal(80))],
                    "FAC-7",
                )
            ],
        )
    page = open_page(books)
    reader = open_page(books, VIEWER)
    assert not reader.reverse_button.isVisible()
    # (QTableView.selectRow sets no current row in a right-to-left view: as a click does.)
    page.table.setCurrentIndex(page.model.index(0, 0))
    qtbot.waitUntil(page.reverse_button.isEnabled)
    assert page.treasury.balance_of("Caisse") == format_amount(Decimal("-80"))
    dialog = page.reverse_current()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    QTest.keyClick(dialog.label, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.record is not None and dialog.record.reverses_id is not None
    # The reversal heads the list, the cash box is back to zero, the original stays and
    # cannot be reversed a second time.
    assert page.model.rowCount() == 2
    assert page.treasury.balance_of("Caisse") == format_amount(Decimal(0))
    original = page.model.row(1)
    assert original is not None and original.reference == "FAC-7"
    page.table.setCurrentIndex(page.model.index(1, 0))
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == original.id)
    assert not page.reverse_button.isEnabled()
