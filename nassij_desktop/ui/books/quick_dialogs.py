"""The quick-entry forms: receipt, expense, transfer, subsidy tranche, salary.

Made to be typed with the keyboard only: the fields in the order a voucher is read (date,
already today; amount, as people write it, "12 000,00"; account, by number or a word of its
label; the treasury account last used, remembered on this computer; label; voucher), Tab
from one to the next, Enter saves from any field. A refusal shows under its field.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.quick_entries import (
    EXPENSE_CLASSES,
    PAYMENT_METHOD_LABELS,
    RECEIPT_CLASSES,
    SUBSIDY_CLASSES,
    AidTagging,
    MoneyMovement,
    PaymentMethod,
    QuickEntryChoices,
    QuickEntryRecord,
    Salary,
    SubsidyTranche,
    Transfer,
    record_expense,
    record_receipt,
    record_salary,
    record_subsidy_tranche,
    record_transfer,
)
from nassij_desktop.core.books.treasury import TreasuryBalance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_money
from nassij_desktop.ui.books.choices import (
    AccountBox,
    LabelledBox,
    named_choices,
    none_choice,
    translated,
    treasury_choices,
)
from nassij_desktop.ui.books.voucher_picker import VoucherPicker
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.preferences import app_settings

LAST_TREASURY_KEY = "books/last_treasury"


def remembered_treasury() -> int | None:
    value = app_settings().value(LAST_TREASURY_KEY)
    try:
        return int(str(value)) if value is not None else None
    except ValueError:
        return None


def remember_treasury(treasury_id: int) -> None:
    settings = app_settings()
    settings.setValue(LAST_TREASURY_KEY, treasury_id)
    settings.sync()


class QuickDialog(BaseDialog):
    """What every quick form shares: the labelled rows, the errors under them, Save."""

    TITLE = ""  # N_()

    def __init__(
        self,
        context: AppContext,
        choices: QuickEntryChoices,
        treasuries: Sequence[TreasuryBalance],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(type(self).__name__)
        self.context = context
        self.choices = choices
        self.treasuries = [t for t in treasuries if t.active]
        self.record: QuickEntryRecord | None = None
        self.voucher_file: VoucherPicker | None = None  # the scan, attached on saving
        self.setMinimumWidth(520)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows: list[tuple[QLabel, str]] = []
        self._editors: list[QWidget] = []
        self._boxes: list[LabelledBox | AccountBox] = []
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    # --- building ----------------------------------------------------------------------------

    def _finish(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        chain = [*self._editors, self.save_button, self.cancel_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self.retranslate()
        if self._editors:
            self._editors[0].setFocus()

    def _add(self, field: str, label: str, editor: QWidget, *aliases: str) -> None:
        row_label = QLabel(self)
        row_label.setBuddy(editor)
        self.form.addRow(row_label, self.errors.wrap(field, editor, *aliases))
        self._rows.append((row_label, label))
        self._editors.append(editor)
        if isinstance(editor, LabelledBox | AccountBox):
            self._boxes.append(editor)

    def _line(self, field: str, label: str, *aliases: str) -> QLineEdit:
        editor = set_field_direction(QLineEdit(self), field)
        editor.setObjectName(field)
        self._add(field, label, editor, *aliases)
        return editor

    def _amount(
        self, field: str = "amount", label: str = N_("Amount"), example: str = "12 000,00"
    ) -> QLineEdit:
        editor = self._line(field, label)
        # Every amount is typed left to right, "gross" and "cnss" as "amount" is.
        editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        editor.setPlaceholderText(example)
        return editor

    def _date(self, field: str = "date", label: str = N_("Date")) -> DateEdit:
        editor = DateEdit(self, clock.today() if field == "date" else None)
        editor.setObjectName(field)
        self._add(field, label, editor)
        return editor

    def _account(self, classes: Sequence[int], field: str = "account") -> AccountBox:
        editor = AccountBox(self)
        editor.setObjectName(field)
        editor.set_accounts(self.choices.of_classes(classes))
        self._add(field, N_("Account"), editor)
        return editor

    def _treasury(
        self,
        field: str = "treasury",
        label: str = N_("Bank or cash"),
        kind: TreasuryKind | None = None,
    ) -> LabelledBox:
        editor = LabelledBox(self)
        editor.setObjectName(field)
        editor.set_choices(
            treasury_choices([t for t in self.treasuries if kind is None or t.kind is kind])
        )
        remembered = remembered_treasury()
        if remembered is not None:
            editor.select(remembered)
        self._add(field, label, editor)
        return editor

    def _choice(self, field: str, label: str, choices: Sequence[object]) -> LabelledBox:
        editor = LabelledBox(self)
        editor.setObjectName(field)
        editor.set_choices([none_choice(), *choices])  # type: ignore[list-item]
        self._add(field, label, editor)
        return editor

    def _voucher_file(self) -> VoucherPicker:
        editor = VoucherPicker(self)
        self._add(editor.objectName(), N_("Voucher file"), editor)
        return editor

    def _payment_method(self) -> LabelledBox:
        editor = LabelledBox(self)
        editor.setObjectName("payment_method")
        editor.set_choices(
            [none_choice(), *((m, translated(PAYMENT_METHOD_LABELS[m])) for m in PaymentMethod)]
        )
        self._add("payment_method", N_("Payment method"), editor)
        return editor

    # --- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_(self.TITLE))
        for label, text in self._rows:
            label.setText(_(text))
        for box in self._boxes:
            box.retranslate()
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    # --- saving ------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        # Enter saves from any field, a combo box's included (which would keep the key).
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        super().keyPressEvent(event)

    def write(self, session: Session) -> QuickEntryRecord:
        raise NotImplementedError

    def treasury_used(self) -> int | None:
        """The treasury account to remember for the next form."""
        return None

    def _write_with_voucher(self, session: Session) -> QuickEntryRecord:
        record = self.write(session)
        if self.voucher_file is not None:
            self.voucher_file.attach(session, self.context.actor, record.entry_id)
        return record

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            self._write_with_voucher,
            changes={Change.BOOKS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.record = done.value
        used = self.treasury_used()
        if used is not None:
            remember_treasury(used)
        self.accept()
        return True


def _id(box: LabelledBox) -> int | None:
    value = box.currentData()
    return int(value) if isinstance(value, int) else None


def _text(line: QLineEdit) -> str:
    return line.text()


def _method(box: LabelledBox) -> PaymentMethod | None:
    value = box.currentData()
    return PaymentMethod(value) if value else None


class MovementDialog(QuickDialog):
    """Money in (a receipt) or out (an expense) of a bank account or the cash box."""

    CLASSES: Sequence[int] = RECEIPT_CLASSES

    def __init__(
        self,
        context: AppContext,
        choices: QuickEntryChoices,
        treasuries: Sequence[TreasuryBalance],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, choices, treasuries, parent)
        self.date = self._date()
        self.amount = self._amount()
        self.account = self._account(self.CLASSES)
        self.treasury = self._treasury()
        self.label = self._line("label", N_("Label"))
        self.voucher = self._line("voucher", N_("Voucher reference"))
        self.voucher_file = self._voucher_file()
        self.third_party = self._line("third_party", N_("Third party"))
        self.method = self._payment_method()
        self.payment_reference = self._line("payment_reference", N_("Payment reference"))
        self.project = self._choice("analytic_tag", N_("Project"), named_choices(choices.projects))
        self.funder = self._choice("funder", N_("Funder"), named_choices(choices.funders))
        self.agreement_number = self._line("agreement_number", N_("Agreement number"))
        self.agreement_date = self._date("agreement_date", N_("Agreement date"))
        self._finish()

    def movement(self) -> MoneyMovement:
        method = self.method.currentData()
        return MoneyMovement(
            entry_date=self.date.date("date", required=True),
            amount=_text(self.amount),
            account=self.account.account(),
            treasury_id=_id(self.treasury),
            label=_text(self.label),
            voucher=_text(self.voucher),
            third_party=_text(self.third_party),
            payment_method=PaymentMethod(method) if method else None,
            payment_reference=_text(self.payment_reference),
            tags=AidTagging(
                analytic_tag_id=_id(self.project),
                funder_id=_id(self.funder),
                agreement_number=_text(self.agreement_number),
                agreement_date=self.agreement_date.date("agreement_date"),
            ),
        )

    def treasury_used(self) -> int | None:
        return _id(self.treasury)


class ReceiptDialog(MovementDialog):
    TITLE = N_("Receipt")
    CLASSES = RECEIPT_CLASSES

    def write(self, session: Session) -> QuickEntryRecord:
        return record_receipt(session, self.context.actor, self.movement())


class ExpenseDialog(MovementDialog):
    TITLE = N_("Expense")
    CLASSES = EXPENSE_CLASSES

    def write(self, session: Session) -> QuickEntryRecord:
        return record_expense(session, self.context.actor, self.movement())


class TransferDialog(QuickDialog):
    TITLE = N_("Transfer between bank and cash")

    def __init__(
        self,
        context: AppContext,
        choices: QuickEntryChoices,
        treasuries: Sequence[TreasuryBalance],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, choices, treasuries, parent)
        self.date = self._date()
        self.amount = self._amount()
        self.source = self._treasury("from_treasury", N_("From the account"))
        self.target = self._treasury("to_treasury", N_("To the account"))
        others = [t.id for t in self.treasuries if t.id != _id(self.source)]
        if others:
            self.target.select(others[0])
        self.label = self._line("label", N_("Label"))
        self.voucher = self._line("voucher", N_("Voucher reference"))
        self.method = self._payment_method()
        self.voucher_file = self._voucher_file()
        self.payment_reference = self._line("payment_reference", N_("Payment reference"))
        self._finish()

    def write(self, session: Session) -> QuickEntryRecord:
        return record_transfer(
            session,
            self.context.actor,
            Transfer(
                self.date.date("date", required=True),
                _text(self.amount),
                _id(self.source),
                _id(self.target),
                _text(self.label),
                _text(self.voucher),
                _text(self.payment_reference),
                _method(self.method),
            ),
        )


class SubsidyDialog(QuickDialog):
    TITLE = N_("Subsidy tranche")

    def __init__(
        self,
        context: AppContext,
        choices: QuickEntryChoices,
        treasuries: Sequence[TreasuryBalance],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, choices, treasuries, parent)
        self.date = self._date()
        self.amount = self._amount()
        self.account = self._account(SUBSIDY_CLASSES)
        self.treasury = self._treasury(kind=TreasuryKind.BANK, label=N_("Bank account"))
        self.funder = self._choice("funder", N_("Funder"), named_choices(choices.funders))
        # The funder says which operating grant it is (state, territorial, foreign…): its
        # sub-account of 7161 is proposed, and can still be changed.
        self.funder.currentIndexChanged.connect(self._propose_account)
        self.aid_kind = self._line("aid_kind", N_("Kind of aid"))
        self.agreement_number = self._line("agreement_number", N_("Agreement number"))
        self.agreement_date = self._date("agreement_date", N_("Agreement date"))
        self.project = self._choice("analytic_tag", N_("Project"), named_choices(choices.projects))
        self.label = self._line("label", N_("Label"))
        self.voucher = self._line("voucher", N_("Voucher reference"))
        self.method = self._payment_method()
        self.method.select(PaymentMethod.TRANSFER)  # a subsidy is paid by transfer, mostly
        self.voucher_file = self._voucher_file()
        self.payment_reference = self._line("payment_reference", N_("Payment reference"))
        self._finish()

    def _propose_account(self) -> None:
        account = self.choices.subsidy_accounts.get(_id(self.funder) or 0)
        if account:
            self.account.set_account(account)

    def write(self, session: Session) -> QuickEntryRecord:
        return record_subsidy_tranche(
            session,
            self.context.actor,
            SubsidyTranche(
                entry_date=self.date.date("date", required=True),
                amount=_text(self.amount),
                account=self.account.account(),
                treasury_id=_id(self.treasury),
                label=_text(self.label),
                voucher=_text(self.voucher),
                funder_id=_id(self.funder),
                aid_kind=_text(self.aid_kind),
                agreement_number=_text(self.agreement_number),
                agreement_date=self.agreement_date.date("agreement_date"),
                analytic_tag_id=_id(self.project),
                payment_reference=_text(self.payment_reference),
                payment_method=_method(self.method),
            ),
        )

    def treasury_used(self) -> int | None:
        return _id(self.treasury)


class SalaryDialog(QuickDialog):
    TITLE = N_("Salary")

    def __init__(
        self,
        context: AppContext,
        choices: QuickEntryChoices,
        treasuries: Sequence[TreasuryBalance],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, choices, treasuries, parent)
        self.date = self._date()
        self.employee = self._line("employee", N_("Employee"))
        self.gross = self._amount("gross", N_("Gross salary"))
        self.withholding = self._amount("withholding", N_("Income tax withheld"), "0,00")
        self.cnss = self._amount("cnss", N_("CNSS share withheld"), "0,00")
        self.net = QLabel(self)
        self.net.setObjectName("net")
        self._net_row = QLabel(self)
        self.form.addRow(self._net_row, self.net)
        self._rows.append((self._net_row, N_("Net paid")))
        self.treasury = self._treasury()
        self.voucher = self._line("voucher", N_("Voucher reference"))
        self.voucher_file = self._voucher_file()
        self.label = self._line("label", N_("Label"))
        self.method = self._payment_method()
        self.payment_reference = self._line("payment_reference", N_("Payment reference"))
        self.project = self._choice("analytic_tag", N_("Project"), named_choices(choices.projects))
        for editor in (self.gross, self.withholding, self.cnss):
            editor.textChanged.connect(self._show_net)
        self._finish()

    def _show_net(self) -> None:
        try:
            values = [
                parse_money(e.text()) if e.text().strip() else Decimal(0)
                for e in (self.gross, self.withholding, self.cnss)
            ]
        except ValidationError:
            self.net.clear()
            return
        self.net.setText(format_money(values[0] - values[1] - values[2]))

    def retranslate(self) -> None:
        super().retranslate()
        self._show_net()

    def write(self, session: Session) -> QuickEntryRecord:
        method = self.method.currentData()
        return record_salary(
            session,
            self.context.actor,
            Salary(
                entry_date=self.date.date("date", required=True),
                gross=_text(self.gross),
                withholding=_text(self.withholding),
                cnss=_text(self.cnss),
                treasury_id=_id(self.treasury),
                employee=_text(self.employee),
                voucher=_text(self.voucher),
                label=_text(self.label),
                payment_method=PaymentMethod(method) if method else None,
                payment_reference=_text(self.payment_reference),
                tags=AidTagging(analytic_tag_id=_id(self.project)),
            ),
        )

    def treasury_used(self) -> int | None:
        return _id(self.treasury)


__all__ = [
    "ExpenseDialog",
    "QuickDialog",
    "ReceiptDialog",
    "SalaryDialog",
    "SubsidyDialog",
    "TransferDialog",
]
