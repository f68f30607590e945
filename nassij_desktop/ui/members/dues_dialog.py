"""Record a member's dues for a year: a numbered receipt, posted to the books, ready to print."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.core.members.models import PAYMENT_METHOD_LABELS, PaymentMethod
from nassij_desktop.core.members.records import DuesRecord, MemberRecord
from nassij_desktop.core.members.services import CategoryRecord, list_dues, record_dues
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_amount, format_money
from nassij_desktop.reports.request import ReportResult
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Operation, run_write
from nassij_desktop.ui.common.pdf_preview import PdfPreviewDialog
from nassij_desktop.ui.members.display import ltr, member_name
from nassij_desktop.ui.members.fields import ChoiceBox, translated
from nassij_desktop.ui.members.printing import preview


class DuesDialog(BaseDialog):
    recorded = Signal(object)  # the DuesRecord

    def __init__(
        self,
        context: AppContext,
        record: MemberRecord,
        categories: list[CategoryRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dues_dialog")
        self.context = context
        self.record = record
        self.setMinimumWidth(460)
        self.dues: DuesRecord | None = None
        self.preview: PdfPreviewDialog | None = None  # the receipt's, once shown
        today = clock.today()
        self.history: list[DuesRecord] = []
        self._read_history()
        paid_years = {d.year for d in self.history}
        category = next((c for c in categories if c.code == record.category_code), None)

        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.who = QLabel(self)
        self.paid_before = QLabel(self)
        self.paid_before.setWordWrap(True)
        self.year = set_field_direction(QSpinBox(self))
        self.year.setRange(1900, today.year + 1)
        self.year.setValue(today.year if today.year not in paid_years else today.year + 1)
        self.amount = set_field_direction(QLineEdit(self), "amount")
        if category is not None and category.default_dues > 0:
            self.amount.setText(format_amount(category.default_dues))
        self.method = ChoiceBox(self)
        self.method.set_choices(
            [(m.value, translated(PAYMENT_METHOD_LABELS[m])) for m in PaymentMethod]
        )
        self.paid_on = DateEdit(self)
        self.paid_on.set_date(today)
        self.receipt = QLabel(self)
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt.hide()

        self.form = QFormLayout()
        self._labels = [QLabel(self) for _i in range(4)]
        self.form.addRow(self.who)
        self.form.addRow(self.paid_before)
        self.form.addRow(self._labels[0], self.errors.wrap("year", self.year))
        self.form.addRow(self._labels[1], self.errors.wrap("amount", self.amount))
        self.form.addRow(self._labels[2], self.errors.wrap("method", self.method))
        self.form.addRow(self._labels[3], self.errors.wrap("paid_on", self.paid_on))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.print_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.print_button.hide()
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_receipt)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.receipt)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def _read_history(self) -> None:
        with self.context.database.session() as session:
            self.history = list_dues(session, self.context.actor, self.record.id)

    def retranslate(self) -> None:
        record = self.record
        self.setWindowTitle(_("Record dues"))
        name = member_name(record)
        self.who.setText(_("Member {number}: {name}").format(number=record.number, name=name))
        if self.history:
            # The Arabic comma keeps the years in reading order right to left.
            separator = "، " if current_language() == "ar" else ", "
            years = separator.join(str(d.year) for d in self.history)
            self.paid_before.setText(_("Dues already recorded for: {years}").format(years=years))
        else:
            self.paid_before.setText(_("No dues recorded yet."))
        for label, text in zip(
            self._labels, (_("Year"), _("Amount"), _("Payment method"), _("Paid on")), strict=True
        ):
            label.setText(text)
        self.method.retranslate()
        if self.dues is not None:
            self.receipt.setText(
                _("Dues of {year} recorded: {amount}, receipt number {receipt}.").format(
                    year=self.dues.year,
                    amount=format_money(self.dues.amount),
                    receipt=ltr(self.dues.receipt_number),
                )
            )
        self.save_button.setText(_("Record"))
        self.print_button.setText(_("Print receipt"))
        self.close_button.setText(_("Close") if self.dues else _("Cancel"))

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            lambda session: record_dues(
                session,
                self.context.actor,
                self.record.id,
                self.year.value(),
                parse_money(self.amount.text(), field="amount"),
                self.paid_on.date("paid_on", required=True),
                PaymentMethod(self.method.currentData()),
                # What this window showed as recorded: a year recorded since on another
                # computer is refused, not paid twice unknowingly.
                seen_years=frozenset(d.year for d in self.history),
            ),
            # The receipt is posted to the books; the register shows who paid for the year.
            changes={Change.DUES, Change.BOOKS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        dues = done.value
        self.dues = dues
        # What was paid now heads the list above (it said "no dues recorded yet" before).
        self._read_history()
        for editor in (self.year, self.amount, self.method, self.paid_on):
            editor.setEnabled(False)
        self.save_button.hide()
        self.print_button.show()
        self.receipt.show()
        self.retranslate()
        self.print_button.setFocus()
        self.recorded.emit(dues)
        return True

    def print_receipt(self) -> Operation[ReportResult] | None:
        """The receipt, produced on a worker, then shown in the preview (Print, Save as…)."""
        if self.dues is None:
            return None
        return preview(
            self,
            self.context,
            "dues-receipt",
            f"receipt-{self.dues.receipt_number}.pdf",
            record_id=self.dues.id,
            shown=self._preview_shown,
        )

    def _preview_shown(self, dialog: PdfPreviewDialog) -> None:
        self.preview = dialog
