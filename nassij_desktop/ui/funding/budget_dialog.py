"""The budget of a draft request, line by line: what it buys, the account it will be spent on,
the quantity and unit cost (the amount follows), and the share asked of this funder (empty:
all of it). The totals below say what the project costs, what is asked of the funder and the
co-funding (the rest, paid by the association or other partners). Saving replaces the budget
and makes the amount requested the sum of the shares (`set_request_budget`).

By keyboard: Insert adds a line under the current one, Ctrl+Delete removes it, Ctrl+Up and
Ctrl+Down move it; the cells are edited by typing (F2 or any key)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.core.funding.services import (
    BudgetLineData,
    BudgetLineRecord,
    FundingRequestRecord,
    set_request_budget,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, format_amount, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction
from nassij_desktop.ui.funding.labels import money

LABEL, ACCOUNT, QUANTITY, UNIT, AMOUNT, SHARE = range(6)
COLUMNS = (
    N_("Budget line"),
    N_("Account"),
    N_("Quantity"),
    N_("Unit cost"),
    N_("Amount"),
    N_("Asked of the funder"),
)
_FIGURES = (ACCOUNT, QUANTITY, UNIT, AMOUNT, SHARE)
_RIGHT = (
    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
)


def _figure(text: str, editable: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(_RIGHT)
    if not editable:
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


class BudgetDialog(BaseDialog):
    saved = Signal(object)  # the FundingRequestRecord

    def __init__(
        self,
        context: AppContext,
        request: FundingRequestRecord,
        lines: list[BudgetLineRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("budget_dialog")
        self.context = context
        self.request = request
        self.setMinimumSize(820, 420)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("budget_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(True)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(ScriptDelegate(self.table))
        scroll_with_direction(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (ACCOUNT, 80),
            (QUANTITY, 80),
            (UNIT, 120),
            (AMOUNT, 130),
            (SHARE, 150),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(column, width)
        self._filling = True
        for line in lines:
            self.add_row(
                line.label,
                line.account or "",
                line.quantity,
                format_amount(line.unit_cost),
                format_amount(line.funded_by_request),
            )
        self._filling = False
        self.table.itemChanged.connect(self._item_changed)
        self.totals = QLabel(self)
        self.totals.setObjectName("budget_totals")
        self.totals.setWordWrap(True)
        self.add_button = self._button("add_line", self.add_line, "Insert")
        self.remove_button = self._button("remove_line", self.remove_line, "Ctrl+Delete")
        self.up_button = self._button("line_up", lambda: self.move_line(-1), "Ctrl+Up")
        self.down_button = self._button("line_down", lambda: self.move_line(1), "Ctrl+Down")
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setAutoDefault(False)  # Enter edits a cell; Ctrl+S saves
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        row_buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            row_buttons.addWidget(button)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.totals)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if self.table.rowCount():
            self.table.setCurrentCell(0, LABEL)
        self.retranslate()

    def _button(self, name: str, slot: object, keys: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(button.click)
        button.setToolTip(QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText))
        return button

    def retranslate(self) -> None:
        self.setWindowTitle(_("Budget of the request"))
        self.heading.setText(
            bidi_text(
                _(
                    "The budget of “{title}”: each line's cost, and the share asked of this "
                    "funder (empty: all of it). The rest is co-funded."
                ).format(title=isolate(self.request.title))
            )
        )
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.add_button.setText(_("Add a line"))
        self.remove_button.setText(_("Remove the line"))
        self.up_button.setText(_("Move up"))
        self.down_button.setText(_("Move down"))
        self.save_button.setText(_("Save the budget"))
        self.cancel_button.setText(_("Cancel"))
        self._show_totals()

    # --- rows --------------------------------------------------------------------------------

    def add_row(
        self,
        label: str = "",
        account: str = "",
        quantity: int = 1,
        unit_cost: str = "",
        share: str = "",
        at: int | None = None,
    ) -> int:
        filling, self._filling = self._filling, True
        row = self.table.rowCount() if at is None else at
        self.table.insertRow(row)
        self.table.setItem(row, LABEL, QTableWidgetItem(label))
        self.table.setItem(row, ACCOUNT, _figure(account))
        self.table.setItem(row, QUANTITY, _figure(str(quantity)))
        self.table.setItem(row, UNIT, _figure(unit_cost))
        self.table.setItem(row, AMOUNT, _figure("", editable=False))
        self.table.setItem(row, SHARE, _figure(share))
        self._filling = filling
        self._refresh_amount(row)
        return row

    def add_line(self) -> int:
        """A new line under the current one, its label being edited."""
        current = self.table.currentRow()
        row = self.add_row(at=current + 1 if current >= 0 else None)
        self.table.setCurrentCell(row, LABEL)
        item = self.table.item(row, LABEL)
        if item is not None:
            self.table.editItem(item)
        self._show_totals()
        return row

    def remove_line(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), LABEL)
        self._show_totals()

    def move_line(self, step: int) -> None:
        row, column = self.table.currentRow(), max(self.table.currentColumn(), 0)
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        filling, self._filling = self._filling, True
        for col in range(self.table.columnCount()):
            here, there = self.table.takeItem(row, col), self.table.takeItem(target, col)
            self.table.setItem(row, col, there)
            self.table.setItem(target, col, here)
        self._filling = filling
        self.table.setCurrentCell(target, column)

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() == AMOUNT:
            return
        self._refresh_amount(item.row())
        self._show_totals()

    def _figures(self, row: int) -> tuple[Decimal, Decimal] | None:
        """The line's amount and the funder's share, None while they cannot be read."""
        try:
            quantity = int(self._text(row, QUANTITY))
            unit = parse_money(self._text(row, UNIT), field="unit_cost")
            share_text = self._text(row, SHARE)
            amount = unit * quantity
            share = parse_money(share_text, field="funded_by_request") if share_text else amount
        except (ValueError, ValidationError):
            return None
        return amount, share

    def _refresh_amount(self, row: int) -> None:
        figures = self._figures(row)
        item = self.table.item(row, AMOUNT)
        if item is not None:
            filling, self._filling = self._filling, True
            item.setText(format_amount(figures[0]) if figures else "")
            self._filling = filling

    def totals_figures(self) -> tuple[Decimal, Decimal]:
        """The budget's total and what is asked of the funder (the lines that can be read)."""
        total = asked = ZERO
        for row in range(self.table.rowCount()):
            figures = self._figures(row)
            if figures is not None:
                total += figures[0]
                asked += figures[1]
        return total, asked

    def _show_totals(self) -> None:
        total, asked = self.totals_figures()
        currency = self.request.currency
        self.totals.setText(
            bidi_text(
                _("Total: {total} — asked of the funder: {asked} — co-funding: {co}").format(
                    total=money(total, currency),
                    asked=money(asked, currency),
                    co=money(total - asked, currency),
                )
            )
        )

    # --- saving ------------------------------------------------------------------------------

    def lines(self) -> list[BudgetLineData]:
        """The lines as typed; a figure that cannot be read is refused naming its row."""
        out = []
        for row in range(self.table.rowCount()):
            number = row + 1
            try:
                quantity = int(self._text(row, QUANTITY))
            except ValueError:
                raise ValidationError(
                    "quantity",
                    _("Row {row}: {message}").format(
                        row=number, message=_("The quantity is a whole number from 1.")
                    ),
                    row=number,
                ) from None
            try:
                unit = parse_money(self._text(row, UNIT), field="unit_cost")
                share = self._text(row, SHARE)
                funded = parse_money(share, field="funded_by_request") if share else None
            except ValidationError as error:
                raise ValidationError(
                    error.field,
                    _("Row {row}: {message}").format(row=number, message=error.message),
                    row=number,
                ) from None
            out.append(
                BudgetLineData(
                    label=self._text(row, LABEL),
                    unit_cost=unit,
                    quantity=quantity,
                    funded_by_request=funded,
                    account=self._text(row, ACCOUNT) or None,
                )
            )
        return out

    def _save(self, session: Session) -> FundingRequestRecord:
        return set_request_budget(session, self.context.actor, self.request.id, self.lines())

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            self._save,
            changes={Change.FUNDING},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.saved.emit(done.value)
        self.accept()
        return True
