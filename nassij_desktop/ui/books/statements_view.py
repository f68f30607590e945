"""The statements on screen: a year and a statement (trial balance, CPC, bilan, general
ledger) with the previous year beside, and the drill-down from a line to its entries.

Double-clicking an account of the trial balance, or a line of the CPC or the bilan, shows the
ledger of the accounts behind it (`line_accounts`); double-clicking a line of a ledger asks
the Treasury page for the entries list filtered to that account and the year
(`entries_requested`). Amounts keep Latin digits in Arabic too, the view mirrors with the
window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.books.entry_list import EntryFilter
from nassij_desktop.core.books.layouts import LayoutStatement, StatementModel
from nassij_desktop.core.books.statements import StatementKind, line_accounts, statement_rows
from nassij_desktop.core.books.statements.table import Cell, RowLevel, StatementTable, TableRow
from nassij_desktop.core.books.years import list_years
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import N_, _, current_language, translate_in
from nassij_desktop.i18n.formatting import format_amount, format_date, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog, Retranslating
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction

ModelIndex = QModelIndex | QPersistentModelIndex

# The statements offered, in the order an accountant reads them.
STATEMENTS = (
    (StatementKind.TRIAL_BALANCE, N_("Trial balance")),
    (StatementKind.CPC, N_("Compte de produits et charges (CPC)")),
    (StatementKind.BILAN, N_("Bilan")),
    (StatementKind.LEDGER, N_("General ledger")),
)
NO_ENTRIES = N_("No entries in this fiscal year")
_LAYOUTS = {StatementKind.CPC: LayoutStatement.CPC, StatementKind.BILAN: LayoutStatement.BILAN}
LABEL_WIDTH = 300  # pixels: an account's or a line's label, when the figures need the room
_NUMBER = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
# Codes, account numbers and entry numbers read left to right in any window.
_LATIN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


class StatementTableModel(QAbstractTableModel):
    """A `StatementTable` as a table: code, label, then the statement's columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: StatementTable | None = None
        self.rows: tuple[TableRow, ...] = ()

    def set_table(self, table: StatementTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self.rows = table.rows if table is not None else ()
        self.endResetModel()

    def row(self, row: int) -> TableRow | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() or self.table is None:
            return 0
        return 2 + len(self.table.columns)

    def text(self, row: int, column: int) -> str:
        """What the cell shows (tests read what a person reads)."""
        index = self.index(row, column)
        value = self.data(index)
        return value if isinstance(value, str) else ""

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        line = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return line.code
            if column == 1:
                return line.label(current_language())
            return _cell(line.values[column - 2])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column == 0:
                return _LATIN
            if column == 1:
                return None
            if isinstance(line.values[column - 2], Decimal):
                return _NUMBER
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.FontRole and line.level is not RowLevel.LINE:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def headerData(  # noqa: N802 - Qt override
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            orientation is not Qt.Orientation.Horizontal
            or role != Qt.ItemDataRole.DisplayRole
            or self.table is None
        ):
            return None
        if section == 0:
            return _("Code")
        if section == 1:
            return _("Label")
        return _(self.table.columns[section - 2].title)

    def retranslate(self) -> None:
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
            )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(self.columnCount() - 1, 0))


def _both(message: str) -> tuple[str, str]:
    return translate_in("ar", message), translate_in("fr", message)


def _cell(value: Cell) -> str:
    """Amounts grouped with two decimals in Latin digits (the formatting's, in both languages);
    an empty amount stays blank."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_amount(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


class StatementsView(Retranslating, QWidget):
    """Emits `entries_requested(EntryFilter)` for the entries behind a ledger line."""

    entries_requested = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.years: list[tuple[str, dt.date, dt.date]] = []
        self.drilled: tuple[str, ...] = ()  # the accounts of the ledger drilled into
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("statement_year")
        self.kind_box = QComboBox(self)
        self.kind_box.setObjectName("statement_kind")
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("statement_back")
        self.back_button.clicked.connect(self.back)
        self.heading = QLabel(self)
        self.heading.setObjectName("statement_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.message = Feedback(self, "statement_message")
        self._labels = (QLabel(self), QLabel(self))
        self._labels[0].setBuddy(self.year_box)
        self._labels[1].setBuddy(self.kind_box)

        self.model = StatementTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("statement_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.setItemDelegate(ScriptDelegate(self.table))
        scroll_with_direction(self.table)
        self.table.doubleClicked.connect(lambda index: self.drill(index.row()))

        bar = QHBoxLayout()
        bar.addWidget(self._labels[0])
        bar.addWidget(self.year_box)
        bar.addWidget(self._labels[1])
        bar.addWidget(self.kind_box, 1)
        bar.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        for kind, _title in STATEMENTS:
            self.kind_box.addItem("", kind.value)
        self._load_years()
        self.year_box.currentIndexChanged.connect(lambda _i: self.show_statement())
        self.kind_box.currentIndexChanged.connect(lambda _i: self.show_statement())
        self.retranslate()
        self.show_statement()

    # --- choosing ----------------------------------------------------------------------------

    def _load_years(self) -> None:
        with self.context.database.session() as session:
            records = list_years(session, self.context.actor)
        self.years = [(r.label, r.starts_on, r.ends_on) for r in records]
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for label, _start, _end in self.years:
            self.year_box.addItem(label, label)
        # The latest year first on screen: the one being kept.
        self.year_box.setCurrentIndex(len(self.years) - 1)
        self.year_box.blockSignals(False)

    def choose(self, year: str, kind: StatementKind) -> None:
        self.year_box.blockSignals(True)
        self.year_box.setCurrentIndex(self.year_box.findData(year))
        self.year_box.blockSignals(False)
        self.kind_box.blockSignals(True)
        self.kind_box.setCurrentIndex(self.kind_box.findData(StatementKind(kind).value))
        self.kind_box.blockSignals(False)
        self.show_statement()

    @property
    def year(self) -> str | None:
        data = self.year_box.currentData()
        return data if isinstance(data, str) else None

    @property
    def kind(self) -> StatementKind:
        return StatementKind(self.kind_box.currentData())

    def retranslate(self) -> None:
        self._labels[0].setText(_("Fiscal year"))
        self._labels[1].setText(_("Statement"))
        for position, (_kind, title) in enumerate(STATEMENTS):
            self.kind_box.setItemText(position, _(title))
        self.back_button.setText(_("Back to the statement"))
        self.model.retranslate()
        self._update_heading()

    # --- showing -----------------------------------------------------------------------------

    def show_statement(self) -> None:
        self.drilled = ()
        year = self.year
        if year is None:
            self.model.set_table(None)
            self.message.say(lambda: _("The books have no fiscal year yet."))
            self._update_heading()
            return
        try:
            with self.context.database.session() as session:
                table = statement_rows(session, self.context.actor, self.kind, year)
        except NassijError as error:
            self.model.set_table(None)
            self.message.fail(str(error))
        else:
            self.message.clear_message()
            self._show(table)

    def show_ledger(self, accounts: Sequence[tuple[str, str, str]]) -> None:
        """The ledger of `accounts` (number, Arabic and French label) over the chosen year,
        from a line of a statement; an account without entries that year says so."""
        year = self.year
        if year is None or not accounts:
            return
        try:
            with self.context.database.session() as session:
                tables = [
                    statement_rows(
                        session, self.context.actor, StatementKind.LEDGER, year, account=number
                    )
                    for number, _ar, _fr in accounts
                ]
        except NassijError as error:
            self.message.fail(str(error))
            return
        first = tables[0]
        blank = (None,) * len(first.columns)
        rows: list[TableRow] = []
        for (number, label_ar, label_fr), table in zip(accounts, tables, strict=True):
            own = table.rows[:-1]  # each account's rows and total, not the table's grand total
            if not own:  # a figure of the previous year only: its ledger is that year's
                own = (
                    TableRow(RowLevel.HEADING, number, label_ar, label_fr, blank),
                    TableRow(RowLevel.LINE, number, *_both(NO_ENTRIES), blank),
                )
            rows.extend(own)
        self.drilled = tuple(number for number, _ar, _fr in accounts)
        self.message.clear_message()
        self._show(
            StatementTable(
                StatementKind.LEDGER,
                None,
                first.year,
                first.previous_year,
                first.columns,
                tuple(rows),
                (),
            )
        )

    def _show(self, table: StatementTable) -> None:
        self.model.set_table(table)
        self._fit_columns()
        self._update_heading()

    def _fit_columns(self) -> None:
        """Figures as wide as they need, the label the rest: stretched when everything fits,
        else readable (LABEL_WIDTH) with the figures scrolled to."""
        header = self.table.horizontalHeader()
        # A ledger has thousands of rows: measure the first ones only.
        header.setResizeContentsPrecision(200)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        count = self.model.columnCount()
        if count < 2:
            return
        figures = sum(self.table.columnWidth(c) for c in range(count) if c != 1)
        label = min(self.table.columnWidth(1), LABEL_WIDTH)
        if figures + label <= self.table.viewport().width():
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        else:
            self.table.setColumnWidth(1, label)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_columns()

    def _update_heading(self) -> None:
        table = self.model.table
        self.back_button.setVisible(bool(self.drilled))
        if table is None:
            self.heading.setText("")
            return
        if self.drilled:
            text = _("Ledger of accounts {accounts}, fiscal year {year}").format(
                accounts=isolate(", ".join(self.drilled), "ltr"), year=table.year.label
            )
        else:
            title = dict(STATEMENTS)[table.kind]
            text = _("{statement}: fiscal year {year} (previous year {previous})").format(
                statement=_(title), year=table.year.label, previous=table.previous_year.label
            )
        self.heading.setText(text)

    def back(self) -> None:
        self.show_statement()

    # --- drill-down --------------------------------------------------------------------------

    def drill(self, row: int) -> None:
        """From a line of the statement to what is behind it: see the module's docstring."""
        line = self.model.row(row)
        table = self.model.table
        year = self.year
        if line is None or table is None or year is None or not line.code:
            return
        if table.kind is StatementKind.LEDGER:
            self.entries_requested.emit(
                EntryFilter(
                    date_from=table.year.starts_on, date_to=table.year.ends_on, account=line.code
                )
            )
            return
        if line.level is not RowLevel.LINE:
            return
        if table.kind is StatementKind.TRIAL_BALANCE:
            self.show_ledger([(line.code, line.label_ar, line.label_fr)])
            return
        layout = _LAYOUTS.get(table.kind)
        if layout is None:
            return
        try:
            with self.context.database.session() as session:
                accounts = line_accounts(
                    session,
                    self.context.actor,
                    layout,
                    year,
                    line.code,
                    table.model or StatementModel.NORMAL,
                )
        except NassijError as error:
            self.message.fail(str(error))
            return
        if not accounts:
            self.message.say(lambda: _("No account has entries on this line."))
            return
        self.show_ledger([(a.account, a.label_ar, a.label_fr) for a in accounts])


class StatementsWindow(BaseDialog):
    """The statements beside the Treasury page, in a window of their own."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statements_window")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.view = StatementsView(context, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.resize(1100, 700)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Statements"))


__all__ = ["STATEMENTS", "StatementTableModel", "StatementsView", "StatementsWindow"]
