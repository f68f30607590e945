"""`RowTable` by keyboard: Insert, Ctrl+Delete, Ctrl+Up/Down with the current cell following its
row and the row's data with it; the editor each column declares; the dirty flag; mirrored in
Arabic with figures kept on the right; a language's column in that language's direction."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from nassij_desktop.i18n import N_
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.row_table import (
    LEFT,
    RIGHT,
    Editor,
    RowButtons,
    RowColumn,
    RowTable,
)

pytestmark = [pytest.mark.gui]
CTRL = Qt.KeyboardModifier.ControlModifier
RTL = Qt.LayoutDirection.RightToLeft
COLUMNS = (
    RowColumn(N_("Budget line")),
    RowColumn(N_("Amount"), Editor.AMOUNT, width=100),
    RowColumn(N_("Start"), Editor.DATE, width=96),
    RowColumn(N_("Quantity"), Editor.NUMBER, width=60),
    RowColumn(N_("Status"), Editor.CHOICE, width=90, choices=(("a", N_("Yes")), ("b", N_("No")))),
    RowColumn(N_("Required"), Editor.CHECK, width=60),
    RowColumn(N_("Total"), Editor.SHOWN, width=80),
)


def _table(qtbot: QtBot) -> tuple[QWidget, RowTable, RowButtons]:
    window = QWidget()
    qtbot.addWidget(window)
    table = RowTable("rows", COLUMNS, window, new_row_data=dict)
    buttons = RowButtons(table, window)
    layout = QVBoxLayout(window)
    layout.addWidget(table)
    layout.addWidget(buttons)
    table.set_rows([["Salle", Decimal("1500.5"), "01/10/2026", "2", "a", True, "3 001,00"]])
    table.set_row_data(0, {"first": True})
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    return window, table, buttons


def test_rows_added_moved_removed_by_keyboard(qtbot: QtBot, qapp: QApplication) -> None:
    apply_language("fr", qapp)
    _window, table, buttons = _table(qtbot)
    assert not table.dirty and table.text(0, 1) == "1\u202f500,50"
    assert table.amount(0, 1, "amount") == Decimal("1500.50")
    assert table.checked(0, 5) and table.choice(0, 4) == "a" and table.text(0, 4) == "Oui"
    table.setCurrentCell(0, 3)
    qtbot.keyClick(table, Qt.Key.Key_Insert)  # under the current row, its label edited
    assert table.rowCount() == 2 and (table.currentRow(), table.currentColumn()) == (1, 0)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    qtbot.keyClicks(QApplication.focusWidget(), "Transport")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: table.text(1, 0) == "Transport")
    assert table.dirty and table.row_data(1) == {}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    table.setCurrentCell(1, 2)
    qtbot.keyClick(table, Qt.Key.Key_Up, CTRL)
    assert table.text(0, 0) == "Transport" and (table.currentRow(), table.currentColumn()) == (
        0,
        2,
    )
    assert table.row_data(1) == {"first": True}  # the data moved with its row
    assert not buttons.up_button.isEnabled() and buttons.down_button.isEnabled()
    qtbot.keyClick(table, Qt.Key.Key_Down, CTRL)
    assert table.text(1, 0) == "Transport" and table.currentRow() == 1
    qtbot.keyClick(table, Qt.Key.Key_Delete, CTRL)
    assert table.texts() == [["Salle", "1\u202f500,50", "01/10/2026", "2", "Oui", "", "3 001,00"]]
    table.mark_clean()
    table.set_text(0, 6, "0,00")  # computed by the dialog: not a change
    assert not table.dirty


def test_each_column_has_its_editor_and_arabic_mirrors(qtbot: QtBot, qapp: QApplication) -> None:
    apply_language("ar", qapp)
    window, table, _buttons = _table(qtbot)
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert table.horizontalHeaderItem(0).text() != "Budget line"  # type: ignore[union-attr]
    assert table.text(0, 4) == "نعم"
    for column in (1, 3, 6):
        assert table.item(0, column).textAlignment() == RIGHT  # type: ignore[union-attr]
    assert not table.item(0, 6).flags() & Qt.ItemFlag.ItemIsEditable  # type: ignore[union-attr]
    kinds = {}
    for column in (1, 2, 4):
        table.setCurrentCell(0, column)
        qtbot.keyClick(table, Qt.Key.Key_F2)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not table)
        editor = QApplication.focusWidget()
        kinds[column] = type(editor)
        if column == 1:
            assert isinstance(editor, QLineEdit)
            assert editor.layoutDirection() == Qt.LayoutDirection.LeftToRight
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    assert issubclass(kinds[2], DateEdit) and issubclass(kinds[4], QComboBox)


def test_a_language_column_is_typed_and_drawn_in_its_own_direction(
    qtbot: QtBot, qapp: QApplication
) -> None:
    """In a French window an Arabic column reads right to left on the right, its header names
    its language, and its editor types right to left; the French one beside it stays left to
    right; a fixed width grows to hold its header."""
    apply_language("fr", qapp)
    columns = (
        RowColumn(N_("Indicator"), language="fr"),
        RowColumn(N_("Indicator"), language="ar"),
        RowColumn(N_("Unit"), width=20, language="ar"),
    )
    window = QWidget()
    qtbot.addWidget(window)
    table = RowTable("bilingual", columns, window)
    QVBoxLayout(window).addWidget(table)
    table.set_rows([["Femmes (formées)", "نساء (مكونات)", "%"]])
    window.show()
    qtbot.waitExposed(window)
    headers = [table.horizontalHeaderItem(n).text() for n in range(3)]  # type: ignore[union-attr]
    assert headers == ["Indicateur (Français)", "Indicateur (Arabe)", "Unité (Arabe)"]
    assert table.columnWidth(2) > 20  # "Unité (Arabe)" is not cut
    assert table.item(0, 0).textAlignment() == LEFT  # type: ignore[union-attr]
    assert table.item(0, 1).textAlignment() == RIGHT  # type: ignore[union-attr]
    delegate = table.itemDelegate()
    for column, direction in ((0, Qt.LayoutDirection.LeftToRight), (2, RTL)):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, table.model().index(0, column))
        assert option.direction == direction  # "%" has no letter: its column's direction
        assert option.displayAlignment == (LEFT if column == 0 else RIGHT)
    window.activateWindow()
    for column, direction in ((1, RTL), (0, Qt.LayoutDirection.LeftToRight)):
        table.setFocus()
        table.setCurrentCell(0, column)
        qtbot.keyClick(table, Qt.Key.Key_F2)
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
        editor = QApplication.focusWidget()
        assert editor is not None and editor.layoutDirection() == direction
        qtbot.keyClick(editor, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
