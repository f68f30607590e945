"""The treasury accounts with their balances on a day (one row per bank account or cash box:
a handful, so a plain table widget)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.books.treasury import TreasuryBalance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_amount, format_date, format_money
from nassij_desktop.ui.books.choices import TREASURY_KIND_LABELS
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.tables import ScriptDelegate

_NUMBER = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignCenter


class TreasuryPanel(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.balances: list[TreasuryBalance] = []
        self.as_of = clock.today()
        self.heading = QLabel(self)
        self.heading.setObjectName("treasury_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.table = QTableWidget(0, 4, self)
        self.table.setItemDelegate(ScriptDelegate(self.table))
        self.table.setObjectName("treasury_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.total = QLabel(self)
        self.total.setObjectName("treasury_total")
        self.total.setAlignment(_NUMBER)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.empty)
        self.retranslate()

    def show_balances(self, balances: Sequence[TreasuryBalance], as_of: dt.date) -> None:
        self.balances = list(balances)
        self.as_of = as_of
        self._fill()

    def balance_of(self, name: str) -> str:
        """The balance shown for the account `name` (tests read what a person reads)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.text() == name:
                cell = self.table.item(row, 3)
                return cell.text() if cell is not None else ""
        return ""

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Account"), _("Kind"), _("Ledger"), _("Balance")])
        self.empty.setText(
            _("No bank account or cash box yet: add one with “New treasury account”.")
        )
        self._fill()

    def _fill(self) -> None:
        self.heading.setText(_("Balances on {date}").format(date=format_date(self.as_of)))
        self.table.setRowCount(len(self.balances))
        for row, item in enumerate(self.balances):
            cells = (
                (item.name, Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter),
                (_(TREASURY_KIND_LABELS[item.kind]), _CENTER),
                (item.account, _CENTER),
                (format_amount(item.balance), _NUMBER),
            )
            for column, (text, align) in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(align)
                self.table.setItem(row, column, cell)
        total = sum((b.balance for b in self.balances), ZERO)
        self.total.setText(_("Total: {amount}").format(amount=format_money(total)))
        self.empty.setVisible(not self.balances)
        self.total.setVisible(bool(self.balances))
        # As tall as its rows: the detail of the entry takes the rest.
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
        self.table.setFixedHeight(max(height, self.table.horizontalHeader().height() + 30))


__all__ = ["TreasuryPanel"]
