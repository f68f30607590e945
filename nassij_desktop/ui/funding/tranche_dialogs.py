"""Plan a tranche of a grant, and receive it: receiving posts the money in the books (the
bank against the operating grants of the funder's kind), and the dialog then says under
which entry, and when a foreign receipt must be declared to the SGG."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.entry_list import entry_detail
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.core.funding.services import (
    FundingRequestRecord,
    TrancheRecord,
    add_tranche,
    receive_tranche,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, format_amount, format_date
from nassij_desktop.ui.books.columns import entry_number
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.form_errors import OK_COLOR, FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.funding.labels import money
from nassij_desktop.ui.funding.request_dialog import amount_editor


class _TrancheDialog(BaseDialog):
    saved = Signal(object)  # the TrancheRecord

    def __init__(
        self, context: AppContext, request: FundingRequestRecord, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.request = request
        self.setMinimumWidth(520)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.form = QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    def _row(self, field: str, label: str, editor: QWidget) -> QWidget:
        row_label = QLabel(self)
        row_label.setBuddy(editor)
        self._labels.append((row_label, label))
        box = self.errors.wrap(field, editor)
        self.form.addRow(row_label, box)
        return box

    def _lay_out(self, *after_form: QWidget) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        for widget in after_form:
            layout.addWidget(widget)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        for row_label, label in self._labels:
            row_label.setText(_(label))
        self.cancel_button.setText(_("Cancel"))

    def save(self) -> bool:
        raise NotImplementedError


class PlanTrancheDialog(_TrancheDialog):
    """The next tranche expected of a granted request."""

    def __init__(
        self, context: AppContext, request: FundingRequestRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, request, parent)
        self.setObjectName("plan_tranche_dialog")
        self.expected_amount = amount_editor(self, "expected_amount")
        self.expected_on = DateEdit(self)
        self.expected_on.setObjectName("expected_on")
        self._row("expected_amount", N_("Amount expected"), self.expected_amount)
        self._row("expected_on", N_("Expected on"), self.expected_on)
        self._lay_out()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Plan a tranche"))
        request = self.request
        self.heading.setText(
            bidi_text(
                _("“{title}”: {granted} granted.").format(
                    title=request.title,
                    granted=money(request.amount_granted, request.currency),
                )
            )
        )
        self.save_button.setText(_("Plan the tranche"))

    def _plan(self, session: Session) -> TrancheRecord:
        return add_tranche(
            session,
            self.context.actor,
            self.request.id,
            parse_money(self.expected_amount.text(), field="expected_amount"),
            self.expected_on.date("expected_on"),
        )

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            self._plan,
            changes={Change.FUNDING},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.saved.emit(done.value)
        self.accept()
        return True


class ReceiveTrancheDialog(_TrancheDialog):
    """The money of a tranche as it reached the bank. After the save the dialog stays open on
    what was posted: the entry's number, and the SGG declaration's deadline if any."""

    def __init__(
        self,
        context: AppContext,
        request: FundingRequestRecord,
        tranche: TrancheRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, request, parent)
        self.setObjectName("receive_tranche_dialog")
        self.tranche = tranche
        self.entry: str | None = None  # "BQ 12" once posted
        self.received_on = DateEdit(self, clock.today())
        self.received_on.setObjectName("received_on")
        self.amount_received = amount_editor(self, "amount_received")
        self.amount_received.setText(format_amount(tranche.expected_amount))
        self.exchange_rate = amount_editor(self, "exchange_rate")  # a figure, typed as one
        self._row("received_on", N_("Received on"), self.received_on)
        self._row("amount_received", N_("Amount received"), self.amount_received)
        rate_row = self._row(
            "exchange_rate", N_("Exchange rate (dirhams for one unit)"), self.exchange_rate
        )
        self.form.setRowVisible(rate_row, tranche.currency != "MAD")
        self.books_note = QLabel(self)
        self.books_note.setObjectName("books_note")
        self.books_note.setWordWrap(True)
        self.posted = QLabel(self)
        self.posted.setObjectName("posted")
        self.posted.setWordWrap(True)
        self.posted.setStyleSheet(f"color: {OK_COLOR};")
        self.posted.hide()
        self._lay_out(self.books_note, self.posted)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Receive a tranche"))
        tranche = self.tranche
        self.heading.setText(
            bidi_text(
                _("Tranche {n} of “{title}”: {amount} expected.").format(
                    n=tranche.number,
                    title=self.request.title,
                    amount=money(tranche.expected_amount, tranche.currency),
                )
            )
        )
        self.books_note.setText(
            bidi_text(
                _(
                    "Recording it posts the receipt in the books: the bank is debited and the "
                    "operating grants account of the funder's kind is credited, with the funder, "
                    "the project and the agreement."
                )
            )
        )
        self.exchange_rate.setPlaceholderText("10,85")
        if self.entry is None:
            self.save_button.setText(_("Record the receipt"))
        else:
            self.save_button.setText(_("Close"))
            self._say_posted()

    def _say_posted(self) -> None:
        text = _("Posted in the books as entry {entry}.").format(entry=self.entry)
        due = self.tranche.declaration_due_on
        if due is not None:
            text += " " + _("Foreign funding: declare it to the SGG by {date}.").format(
                date=format_date(due)
            )
        self.posted.setText(bidi_text(text))
        self.posted.show()

    def _receive(self, session: Session) -> tuple[TrancheRecord, str]:
        rate = None
        if self.tranche.currency != "MAD":
            text = self.exchange_rate.text().strip().replace(",", ".")
            if not text:
                raise ValidationError(
                    "exchange_rate",
                    _("Give the exchange rate: dirhams for one {currency}.").format(
                        currency=self.tranche.currency
                    ),
                )
            try:
                rate = Decimal(text)
            except InvalidOperation:
                raise ValidationError(
                    "exchange_rate",
                    _("Give the exchange rate: dirhams for one {currency}.").format(
                        currency=self.tranche.currency
                    ),
                ) from None
        tranche = receive_tranche(
            session,
            self.context.actor,
            self.tranche.id,
            self.received_on.date("received_on", required=True),
            parse_money(self.amount_received.text(), field="amount_received"),
            rate,
            expected_version=self.tranche.version,
        )
        assert tranche.journal_entry_id is not None
        entry = entry_detail(session, self.context.actor, tranche.journal_entry_id)
        return tranche, entry_number(entry.journal, entry.number)

    def save(self) -> bool:
        if self.entry is not None:  # already posted: the button closes
            self.accept()
            return True
        self.errors.clear()
        done = run_write(
            self.context,
            self._receive,
            changes={Change.FUNDING, Change.BOOKS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.tranche, self.entry = done.value
        for editor in (self.received_on, self.amount_received, self.exchange_rate):
            editor.setEnabled(False)
        self.cancel_button.hide()
        self.retranslate()
        self.saved.emit(self.tranche)
        return True
