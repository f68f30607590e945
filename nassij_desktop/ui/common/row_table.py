"""`RowTable`: the one editable table of rows typed by keyboard (a request's budget lines, its
checklist, the results, activities and indicators of its logical framework).

Its columns are data (`RowColumn`): a header (a msgid), an editor (`Editor`: text, an amount,
a date, a number, a choice in a list, a tick box, or a figure shown and not typed), a width
(None: the column takes the room left) and an alignment (figures and dates on the right,
`AlignAbsolute`, in both directions; text follows the window). `RowButtons` are its Add, Remove,
Move up and Move down buttons, and their keys, active while the table or its cell editor has
the focus: Insert adds a row under the current one (its first cell being edited), Ctrl+Delete
removes it, Ctrl+Up and Ctrl+Down move it, the current cell following the row. `bind_save`
gives a dialog Ctrl+S.

The table is right to left in an Arabic window (Qt mirrors it); a text cell is drawn in the
direction of its first letter, so a French label in an Arabic window keeps its punctuation at
its end. A text column may be of one language (`RowColumn.language`, a text typed in Arabic
and in French having a column for each): its cells are then typed and drawn in that language's
direction and on its side, whatever the window's, and its header names the language
("Indicator (French)").

`dirty` says whether anything was typed, added, removed or moved since the rows were
set (`set_rows`) or `mark_clean()`; `edited` is emitted on each such change, `cell_edited` when
a cell is typed in. Each row may carry a value of the dialog's (`row_data`): it moves with its
row.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_amount
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.bilingual_edit import LANGUAGE_LABELS
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction

ROW_DATA = Qt.ItemDataRole.UserRole + 64  # on a row's first item: the dialog's value for it
CHOICE = Qt.ItemDataRole.UserRole + 65  # on a choice's item: the value chosen
FIT = -1  # a column's width: as wide as what it holds
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


class Editor(enum.Enum):
    TEXT = "text"
    AMOUNT = "amount"  # money, typed "1 500,00": read by `amount()` as the services take it
    DATE = "date"  # DD/MM/YYYY, in the window's DateEdit
    NUMBER = "number"  # digits typed left to right
    CHOICE = "choice"  # one of `RowColumn.choices`, in a list
    CHECK = "check"  # a tick box
    SHOWN = "shown"  # a figure the dialog computes, not typed


_FIGURES = (Editor.AMOUNT, Editor.DATE, Editor.NUMBER, Editor.SHOWN)


@dataclass(frozen=True)
class RowColumn:
    header: str  # a msgid, translated on showing
    editor: Editor = Editor.TEXT
    width: int | None = None  # pixels; None: the room left; FIT: its contents'
    align: Qt.AlignmentFlag | None = None  # None: figures right, the rest the window's way
    choices: tuple[tuple[str, str], ...] = ()  # CHOICE: (value, msgid)
    language: str | None = None  # TEXT: "ar" or "fr", typed and drawn in its direction

    @property
    def direction(self) -> Qt.LayoutDirection | None:
        """The direction the cells are typed and drawn in; None: their own text's."""
        if self.language is None:
            return None
        if self.language == "ar":
            return Qt.LayoutDirection.RightToLeft
        return Qt.LayoutDirection.LeftToRight

    @property
    def alignment(self) -> Qt.AlignmentFlag | None:
        if self.align is not None:
            return self.align
        if self.language is not None:
            return RIGHT if self.language == "ar" else LEFT
        return RIGHT if self.editor in _FIGURES else None

    def title(self) -> str:
        """The header, translated; a language's column names it: "Indicator (French)"."""
        if self.language is None:
            return _(self.header)
        return _("{column} ({language})").format(
            column=_(self.header), language=_(LANGUAGE_LABELS[self.language])
        )


class _Delegate(ScriptDelegate):
    """Each column's editor; text drawn in the direction of its first letter."""

    def __init__(self, table: RowTable) -> None:
        super().__init__(table)
        self.table = table

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        column = self.table.columns[index.column()]
        if column.direction is not None:  # one language's column: its direction, its side
            option.direction = column.direction
            option.displayAlignment = column.alignment or LEFT
            return
        if column.editor is not Editor.TEXT or column.align is not None:
            return
        for char in str(index.data() or ""):
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                option.direction = Qt.LayoutDirection.LeftToRight
                return
            if kind in ("R", "AL"):
                option.direction = Qt.LayoutDirection.RightToLeft
                return

    def createEditor(  # noqa: N802 - Qt override
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        column = self.table.columns[index.column()]
        if column.editor is Editor.DATE:
            return DateEdit(parent)
        if column.editor is Editor.CHOICE:
            box = QComboBox(parent)
            for value, label in column.choices:
                box.addItem(_(label), value)
            return box
        editor = super().createEditor(parent, option, index)
        if column.editor in (Editor.AMOUNT, Editor.NUMBER) and isinstance(editor, QLineEdit):
            editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            editor.setAlignment(RIGHT)
        if column.direction is not None:
            editor.setLayoutDirection(column.direction)
        return editor

    def setEditorData(  # noqa: N802 - Qt override
        self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(CHOICE)), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(  # noqa: N802 - Qt override
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), CHOICE)
            model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)
            return
        super().setModelData(editor, model, index)


class RowTable(Retranslating, QTableWidget):
    """Rows typed cell by cell; see the module's docstring."""

    edited = Signal()  # a cell typed, a row added, removed or moved
    cell_edited = Signal(int, int)  # row, column

    def __init__(
        self,
        name: str,
        columns: Sequence[RowColumn],
        parent: QWidget | None = None,
        *,
        select_rows: bool = False,
        tab_moves: bool = True,
        new_row_data: Callable[[], Any] | None = None,
    ) -> None:
        super().__init__(0, len(columns), parent)
        self.setObjectName(name)
        self.columns = tuple(columns)
        self.new_row_data = new_row_data
        self.dirty = False
        self._filling = False
        self.setSelectionBehavior(
            QAbstractItemView.SelectionBehavior.SelectRows
            if select_rows
            else QAbstractItemView.SelectionBehavior.SelectItems
        )
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(tab_moves)  # False: Tab goes on to the buttons; arrows move
        self.verticalHeader().hide()
        self.setItemDelegate(_Delegate(self))
        scroll_with_direction(self)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for number, column in enumerate(self.columns):
            if column.width is None:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Stretch)
            elif column.width == FIT:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.ResizeToContents)
            else:
                header.setSectionResizeMode(number, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(number, column.width)
        self.itemChanged.connect(self._item_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([c.title() for c in self.columns])
        header = self.horizontalHeader()
        for number, column in enumerate(self.columns):  # room for a longer header (Arabic's)
            if column.width is not None and column.width != FIT:
                self.setColumnWidth(number, max(column.width, header.sectionSizeHint(number)))
        filling, self._filling = self._filling, True
        for number, column in enumerate(self.columns):
            if column.editor is not Editor.CHOICE:
                continue
            labels = dict(column.choices)
            for row in range(self.rowCount()):
                item = self.item(row, number)
                if item is not None and item.data(CHOICE) in labels:
                    item.setText(_(labels[item.data(CHOICE)]))
        self._filling = filling

    # --- the rows --------------------------------------------------------------------------

    def _item(self, column: RowColumn, value: object) -> QTableWidgetItem:
        item = QTableWidgetItem()
        if column.editor is Editor.CHECK:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(CHECKED if value else UNCHECKED)
            return item
        if column.editor is Editor.CHOICE:
            item.setData(CHOICE, value)
            item.setText(_(dict(column.choices).get(str(value), "")) if value else "")
        elif column.editor is Editor.AMOUNT and isinstance(value, Decimal):
            item.setText(format_amount(value))
        else:
            item.setText("" if value is None else str(value))
        if column.editor is Editor.SHOWN:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if column.alignment is not None:
            item.setTextAlignment(column.alignment)
        return item

    def insert_row(self, values: Sequence[object] = (), at: int | None = None) -> int:
        """A row of `values` (one a column; missing ones empty) at `at` (default: the end)."""
        filling, self._filling = self._filling, True
        row = self.rowCount() if at is None else at
        self.insertRow(row)
        for number, column in enumerate(self.columns):
            value = values[number] if number < len(values) else None
            self.setItem(row, number, self._item(column, value))
        if self.new_row_data is not None:
            self.set_row_data(row, self.new_row_data())
        self._filling = filling
        return row

    def set_rows(self, rows: Sequence[Sequence[object]]) -> None:
        """Replace the rows; the table is clean after."""
        self.setRowCount(0)
        for values in rows:
            self.insert_row(values)
        self.mark_clean()

    def _editable(self) -> int:
        return next(
            (n for n, c in enumerate(self.columns) if c.editor not in (Editor.SHOWN, Editor.CHECK)),
            0,
        )

    def add_line(self) -> int:
        """A new row under the current one, its first cell being edited."""
        current = self.currentRow()
        row = self.insert_row(at=current + 1 if current >= 0 else None)
        column = self._editable()
        self.setCurrentCell(row, column)
        item = self.item(row, column)
        if item is not None:
            self.editItem(item)
        self._changed()
        return row

    def remove_line(self) -> None:
        row = self.currentRow()
        if row < 0:
            return
        column = max(self.currentColumn(), 0)
        self.removeRow(row)
        if self.rowCount():
            self.setCurrentCell(min(row, self.rowCount() - 1), column)
        self._changed()

    def move_line(self, step: int) -> None:
        """The current row `step` rows down (up when negative); the current cell follows."""
        row, column = self.currentRow(), max(self.currentColumn(), 0)
        target = row + step
        if row < 0 or not 0 <= target < self.rowCount():
            return
        filling, self._filling = self._filling, True
        for col in range(self.columnCount()):
            here, there = self.takeItem(row, col), self.takeItem(target, col)
            self.setItem(row, col, there)
            self.setItem(target, col, here)
        self._filling = filling
        self.setCurrentCell(target, column)
        self._changed()

    def mark_clean(self) -> None:
        self.dirty = False

    def _changed(self) -> None:
        self.dirty = True
        self.edited.emit()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        self._changed()
        self.cell_edited.emit(item.row(), item.column())

    # --- reading and writing cells ---------------------------------------------------------

    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def set_text(self, row: int, column: int, text: str, tip: str | None = None) -> None:
        """Write a cell as the dialog computes it, and its tooltip (no `edited`: the table
        stays as clean as it was)."""
        item = self.item(row, column)
        if item is not None:
            filling, self._filling = self._filling, True
            item.setText(text)
            if tip is not None:
                item.setToolTip(tip)
            self._filling = filling

    def checked(self, row: int, column: int) -> bool:
        item = self.item(row, column)
        return item is not None and item.checkState() == CHECKED

    def set_checked(self, row: int, column: int, checked: bool) -> None:
        item = self.item(row, column)
        if item is not None:
            item.setCheckState(CHECKED if checked else UNCHECKED)

    def choice(self, row: int, column: int) -> str | None:
        item = self.item(row, column)
        value = item.data(CHOICE) if item is not None else None
        return str(value) if value else None

    def amount(self, row: int, column: int, field: str) -> Decimal | None:
        """The amount typed in a cell, None when empty; refused (on `field`) unreadable."""
        text = self.text(row, column)
        return parse_money(text, field=field) if text else None

    def row_data(self, row: int) -> Any:
        item = self.item(row, 0)
        return item.data(ROW_DATA) if item is not None else None

    def set_row_data(self, row: int, value: Any) -> None:
        item = self.item(row, 0)
        if item is not None:
            filling, self._filling = self._filling, True
            item.setData(ROW_DATA, value)
            self._filling = filling

    def texts(self, skip_empty: bool = True) -> list[list[str]]:
        """Each row's cells as text (the rows left empty out, unless `skip_empty` is False)."""
        rows = []
        for row in range(self.rowCount()):
            cells = [self.text(row, column) for column in range(self.columnCount())]
            if any(cells) or not skip_empty:
                rows.append(cells)
        return rows


class RowButtons(Retranslating, QWidget):
    """Add, Remove, Move up, Move down for a `RowTable`, with their keys; `extra` widgets
    after them (at the end of the row: its left in an Arabic window)."""

    def __init__(
        self,
        table: RowTable,
        parent: QWidget | None = None,
        *,
        names: tuple[str, str, str, str] = ("add_line", "remove_line", "line_up", "line_down"),
        texts: tuple[str, str] = (N_("Add a line"), N_("Remove the line")),
        moves: bool = True,
    ) -> None:
        super().__init__(parent)
        self.table = table
        self.texts = texts
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.layout_ = layout
        self.add_button = self._button(names[0], table.add_line, "Insert")
        self.remove_button = self._button(names[1], table.remove_line, "Ctrl+Delete")
        self.up_button = self._button(names[2], lambda: table.move_line(-1), "Ctrl+Up")
        self.down_button = self._button(names[3], lambda: table.move_line(1), "Ctrl+Down")
        for button in (self.up_button, self.down_button):
            button.setVisible(moves)
        layout.addStretch(1)
        table.itemSelectionChanged.connect(self.enable)
        table.model().rowsRemoved.connect(self.enable)
        table.model().rowsInserted.connect(self.enable)
        self.retranslate()
        self.enable()

    def _button(self, name: str, slot: Callable[[], object], keys: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter edits a cell or saves the dialog
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(keys), self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # and its editor
        shortcut.activated.connect(button.click)
        button.setToolTip(QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText))
        self.layout_.addWidget(button)
        return button

    def add(self, widget: QWidget, *, at_end: bool = False) -> None:
        """Another button in the row: after these four, or at the row's end."""
        if at_end:
            self.layout_.addWidget(widget)
        else:
            self.layout_.insertWidget(self.layout_.count() - 1, widget)

    def enable(self, *_args: object) -> None:
        row = self.table.currentRow()
        chosen = self.table.isEnabled() and row >= 0
        self.remove_button.setEnabled(chosen)
        self.up_button.setEnabled(chosen and row > 0)
        self.down_button.setEnabled(chosen and row < self.table.rowCount() - 1)

    def retranslate(self) -> None:
        self.add_button.setText(_(self.texts[0]))
        self.remove_button.setText(_(self.texts[1]))
        self.up_button.setText(_("Move up"))
        self.down_button.setText(_("Move down"))


def bind_save(dialog: QWidget, save: Callable[[], object]) -> QShortcut:
    """Ctrl+S saves the dialog, wherever its focus is."""
    return QShortcut(QKeySequence.StandardKey.Save, dialog, save)


__all__ = [
    "FIT",
    "LEFT",
    "RIGHT",
    "Editor",
    "RowButtons",
    "RowColumn",
    "RowTable",
    "bind_save",
]
