"""The bank accounts and cash boxes with their balances, and the adding of one with its opening
balance at a date (`treasury_openings.set_opening_balance`, in the same transaction).

A handful of rows: a plain table widget. Readers (secretary, viewer) see the balances; the
writing buttons are disabled for them with a tooltip that says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.quick_entries import AccountChoice, quick_entry_choices
from nassij_desktop.core.books.services import TreasuryAccountRecord, create_treasury_account
from nassij_desktop.core.books.treasury import TreasuryBalance, treasury_balances
from nassij_desktop.core.books.treasury_openings import OpeningBalanceRecord, set_opening_balance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_amount, format_date, format_money
from nassij_desktop.ui.books.choices import TREASURY_KIND_LABELS
from nassij_desktop.ui.books.treasury_dialog import TreasuryAccountDialog
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext, concerns
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import ScriptDelegate

_NUMBER = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
READ_ONLY = N_("Only the treasurer or an administrator can change the books.")


def _amount_editor(parent: QWidget) -> QLineEdit:
    editor = QLineEdit(parent)
    # Amounts are typed left to right in either language, as in the quick forms.
    editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    editor.setPlaceholderText("12 000,00")
    return editor


def _opening(text: str) -> Decimal | None:
    """The opening balance typed ("-1 200,00" for an overdraft); None when left empty."""
    if not text.strip():
        return None
    return parse_money(text, field="opening_balance", allow_negative=True)


def first_day_of_year(today: dt.date | None = None) -> dt.date:
    return dt.date((today or clock.today()).year, 1, 1)


class NewTreasuryAccountDialog(TreasuryAccountDialog):
    """The treasury account's form, with its opening balance and the day of that balance."""

    def __init__(
        self, context: AppContext, accounts: Sequence[AccountChoice], parent: QWidget | None = None
    ) -> None:
        self.opening: OpeningBalanceRecord | None = None
        super().__init__(context, accounts, parent)
        self.setObjectName("new_treasury_account_dialog")
        self.opening_balance = _amount_editor(self)
        self.opening_balance.setObjectName("opening_balance")
        self.opening_date = DateEdit(self, first_day_of_year())
        self.opening_date.setObjectName("opening_date")
        self._opening_labels = [QLabel(self), QLabel(self)]
        for label, field, editor in zip(
            self._opening_labels,
            ("opening_balance", "opening_date"),
            (self.opening_balance, self.opening_date),
            strict=True,
        ):
            label.setBuddy(editor)
            self.form.addRow(label, self.errors.wrap(field, editor))
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        if hasattr(self, "_opening_labels"):
            self._opening_labels[0].setText(_("Opening balance"))
            self._opening_labels[1].setText(_("Balance on"))
            self.opening_balance.setToolTip(
                _("What the account held on that day; a minus sign for an overdraft.")
            )

    def save(self) -> bool:
        self.errors.clear()
        kind = TreasuryKind(self.kind.currentData())
        bank = kind is TreasuryKind.BANK
        actor = self.context.actor

        def write(session: Session) -> tuple[TreasuryAccountRecord, OpeningBalanceRecord | None]:
            amount = _opening(self.opening_balance.text())
            on = self.opening_date.date("opening_date", required=amount is not None)
            record = create_treasury_account(
                session,
                actor,
                self.name.text(),
                kind,
                self.account.account(),
                bank_name=self.bank_name.text() if bank else None,
                rib=self.rib.text() if bank and self.rib.text().strip() else None,
            )
            if amount is None or amount == ZERO or on is None:
                return record, None
            return record, set_opening_balance(session, actor, record.id, amount, on)

        done = run_write(
            self.context, write, changes={Change.BOOKS}, errors=self.errors, initiator=self
        )
        if done is None:
            return False
        self.record, self.opening = done.value
        self.accept()
        return True


class OpeningBalanceDialog(BaseDialog):
    """The opening balance of an account already in the list (before any of its entries)."""

    def __init__(
        self, context: AppContext, account: TreasuryBalance, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("opening_balance_dialog")
        self.context = context
        self.account = account
        self.record: OpeningBalanceRecord | None = None
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.amount = _amount_editor(self)
        self.amount.setObjectName("opening_balance")
        self.day = DateEdit(self, first_day_of_year())
        self.day.setObjectName("opening_date")
        self.amount_label, self.day_label = QLabel(self), QLabel(self)
        form = QVBoxLayout()
        for label, field, editor in (
            (self.amount_label, "opening_balance", self.amount),
            (self.day_label, "opening_date", self.day),
        ):
            label.setBuddy(editor)
            form.addWidget(label)
            form.addWidget(self.errors.wrap(field, editor))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Opening balance"))
        self.heading.setText(
            _(
                "The balance of “{name}” ({account}) when the books start, posted in the "
                "opening journal against the association's funds."
            ).format(name=self.account.name, account=self.account.account)
        )
        self.amount_label.setText(_("Opening balance"))
        self.day_label.setText(_("Balance on"))
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    def save(self) -> bool:
        self.errors.clear()
        actor, account_id = self.context.actor, self.account.id

        def write(session: Session) -> OpeningBalanceRecord:
            amount = parse_money(self.amount.text(), field="opening_balance", allow_negative=True)
            on = self.day.date("opening_date", required=True)
            return set_opening_balance(session, actor, account_id, amount, on)

        done = run_write(
            self.context, write, changes={Change.BOOKS}, errors=self.errors, initiator=self
        )
        if done is None:
            return False
        self.record = done.value
        self.accept()
        return True


class TreasuryAccountsDialog(BaseDialog):
    """Every bank account and cash box with its balance today, and the total."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("treasury_accounts_dialog")
        self.context = context
        self.balances: list[TreasuryBalance] = []
        self.accounts: tuple[AccountChoice, ...] = ()
        self.as_of = clock.today()
        self.dialog: BaseDialog | None = None  # the form on show (tests drive it)
        self.heading = QLabel(self)
        self.table = QTableWidget(0, 5, self)
        self.table.setItemDelegate(ScriptDelegate(self.table))
        self.table.setObjectName("treasury_accounts_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.total = QLabel(self)
        self.total.setObjectName("treasury_accounts_total")
        self.total.setAlignment(_NUMBER)
        self.message = Feedback(self, "treasury_accounts_message")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_treasury_account")
        self.add_button.clicked.connect(self.add_account)
        self.opening_button = QPushButton(self)
        self.opening_button.setObjectName("set_opening_balance")
        self.opening_button.clicked.connect(self.set_opening)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.writable = context.can(Permission.BOOKS_WRITE)
        for button in (self.add_button, self.opening_button):
            button.setEnabled(self.writable)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.opening_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(720, 380)
        self.reload()
        self.retranslate()
        context.signals.data_changed.connect(self._data_changed)

    def reload(self) -> None:
        try:
            with self.context.database.session() as session:
                self.balances = treasury_balances(session, self.context.actor, self.as_of)
                if self.writable:
                    self.accounts = quick_entry_choices(session, self.context.actor).accounts
        except NassijError as error:
            self.message.fail(str(error))
            return
        self._fill()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Treasury accounts"))
        self.table.setHorizontalHeaderLabels(
            [_("Account"), _("Kind"), _("Ledger"), _("Bank"), _("Balance")]
        )
        self.add_button.setText(_("New treasury account…"))
        self.opening_button.setText(_("Opening balance…"))
        self.close_button.setText(_("Close"))
        tip = "" if self.writable else _(READ_ONLY)
        for button in (self.add_button, self.opening_button):
            button.setToolTip(tip)
        self.message.retranslate()
        self._fill()

    def _fill(self) -> None:
        self.heading.setText(_("Balances on {date}").format(date=format_date(self.as_of)))
        self.table.setRowCount(len(self.balances))
        for row, item in enumerate(self.balances):
            cells = (
                (item.name, _TEXT),
                (_(TREASURY_KIND_LABELS[item.kind]), Qt.AlignmentFlag.AlignCenter),
                (item.account, Qt.AlignmentFlag.AlignCenter),
                (item.bank_name or "", _TEXT),
                (format_amount(item.balance), _NUMBER),
            )
            for column, (text, align) in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setTextAlignment(align)
                if not item.active:
                    cell.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, cell)
        total = sum((b.balance for b in self.balances), ZERO)
        self.total.setText(_("Total: {amount}").format(amount=format_money(total)))
        self._selection_changed()

    def balance_of(self, name: str) -> str:
        """The balance shown for the account `name` (tests read what a person reads)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            cell = self.table.item(row, 4)
            if item is not None and cell is not None and item.text() == name:
                return cell.text()
        return ""

    def selected(self) -> TreasuryBalance | None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        return self.balances[rows.pop()] if len(rows) == 1 else None

    def select(self, name: str) -> None:
        flags = QItemSelectionModel.SelectionFlag
        for row, item in enumerate(self.balances):
            if item.name == name:
                index = self.table.model().index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    index, flags.ClearAndSelect | flags.Rows
                )

    def _selection_changed(self) -> None:
        self.opening_button.setEnabled(self.writable and self.selected() is not None)

    def add_account(self) -> NewTreasuryAccountDialog:
        dialog = NewTreasuryAccountDialog(self.context, self.accounts, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        self._show(dialog)
        return dialog

    def set_opening(self) -> OpeningBalanceDialog | None:
        account = self.selected()
        if account is None:
            return None
        dialog = OpeningBalanceDialog(self.context, account, self)
        dialog.accepted.connect(lambda: self._opened(dialog))
        self._show(dialog)
        return dialog

    def _show(self, dialog: BaseDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()

    def _added(self, dialog: NewTreasuryAccountDialog) -> None:
        record = dialog.record
        if record is not None:
            self.message.say(lambda: _("Treasury account “{name}” added.").format(name=record.name))

    def _opened(self, dialog: OpeningBalanceDialog) -> None:
        record = dialog.record
        if record is not None:
            self.message.say(
                lambda: _("Opening balance recorded: {amount}.").format(
                    amount=format_money(record.amount)
                )
            )

    def _data_changed(self, changed: object) -> None:
        if concerns(changed, {Change.BOOKS}):
            self.reload()


__all__ = [
    "NewTreasuryAccountDialog",
    "OpeningBalanceDialog",
    "TreasuryAccountsDialog",
    "first_day_of_year",
]
