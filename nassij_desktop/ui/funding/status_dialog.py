"""Move a request along its life: only the statuses it may go to next are offered
(`TRANSITIONS`), with what the new status needs — the amount granted, the agreement's number
and date — and the partnership convention's reminder above 50 000 DH."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.core.funding.models import RequestStatus
from nassij_desktop.core.funding.services import (
    CONVENTION_THRESHOLD,
    TRANSITIONS,
    FundingRequestRecord,
    change_funding_request_status,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, format_amount
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import WARNING_STYLE, FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.funding.labels import status_label, status_label_of
from nassij_desktop.ui.funding.request_dialog import amount_editor
from nassij_desktop.ui.members.fields import ChoiceBox

CONVENTION_NOTE = N_(
    "Above {amount} DH, this grant needs a partnership convention (circular 7/2003)."
)


def convention_note() -> str:
    return _(CONVENTION_NOTE).format(amount=format_amount(CONVENTION_THRESHOLD))


class StatusDialog(BaseDialog):
    saved = Signal(object)  # the FundingRequestRecord

    def __init__(
        self, context: AppContext, record: FundingRequestRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("request_status_dialog")
        self.context = context
        self.record = record
        self.setMinimumWidth(500)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.status = ChoiceBox(self)
        self.status.setObjectName("status")
        # Only where the request may go from here, in the order of its life.
        allowed = [s for s in RequestStatus if s in TRANSITIONS[record.status]]
        self.status.set_choices([(s.value, status_label_of(s)) for s in allowed])
        self.changed_on = DateEdit(self)
        self.changed_on.setObjectName("changed_on")
        self.changed_on.set_date(clock.today())
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.amount_granted = amount_editor(self, "amount_granted")
        self.amount_granted.setText(format_amount(record.amount_requested))
        self.agreement_number = set_field_direction(QLineEdit(self), "agreement_number")
        self.agreement_number.setObjectName("agreement_number")
        self.agreement_date = DateEdit(self)
        self.agreement_date.setObjectName("agreement_date")
        self.convention = QLabel(self)
        self.convention.setObjectName("convention_flag")
        self.convention.setWordWrap(True)
        self.convention.setStyleSheet(WARNING_STYLE)
        self.form = QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        self._rows: dict[str, QWidget] = {}
        for field, label, editor in (
            ("status", N_("New status"), self.status),
            ("changed_on", N_("Date"), self.changed_on),
            ("note", N_("Note"), self.note),
            ("amount_granted", N_("Amount granted"), self.amount_granted),
            ("agreement_number", N_("Agreement number"), self.agreement_number),
            ("agreement_date", N_("Agreement signed on"), self.agreement_date),
        ):
            row_label = QLabel(self)
            row_label.setBuddy(editor)
            self._labels.append((row_label, label))
            box = self.errors.wrap(field, editor)
            self._rows[field] = box
            self.form.addRow(row_label, box)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save_status")
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.setEnabled(bool(allowed))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.convention)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.status.currentIndexChanged.connect(self._status_chosen)
        self.amount_granted.textChanged.connect(self._flag)
        self.retranslate()
        self._status_chosen()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Change the request's status"))
        record = self.record
        if TRANSITIONS[record.status]:
            self.heading.setText(
                bidi_text(
                    _("“{title}” is now: {status}").format(
                        title=record.title, status=status_label(record.status)
                    )
                )
            )
        else:
            self.heading.setText(
                bidi_text(
                    _("“{title}” is {status}: its status can no longer change.").format(
                        title=record.title, status=status_label(record.status)
                    )
                )
            )
        for row_label, label in self._labels:
            row_label.setText(_(label))
        self.status.retranslate()
        self.agreement_number.setPlaceholderText(_("e.g. CONV-2026/014"))
        self.save_button.setText(_("Change the status"))
        self.cancel_button.setText(_("Cancel"))
        self._flag()

    def new_status(self) -> RequestStatus | None:
        value = self.status.currentData()
        return RequestStatus(value) if value else None

    def _status_chosen(self) -> None:
        status = self.new_status()
        self.form.setRowVisible(self._rows["amount_granted"], status is RequestStatus.GRANTED)
        signing = status is RequestStatus.AGREEMENT_SIGNED
        self.form.setRowVisible(self._rows["agreement_number"], signing)
        self.form.setRowVisible(self._rows["agreement_date"], signing)
        self._flag()

    def _granted(self) -> Decimal | None:
        status = self.new_status()
        if status is RequestStatus.GRANTED:
            try:
                return parse_money(self.amount_granted.text(), field="amount_granted")
            except ValidationError:
                return None
        if status in (RequestStatus.AGREEMENT_SIGNED, RequestStatus.IN_PROGRESS):
            return self.record.amount_granted
        return None

    def _flag(self) -> None:
        granted = self._granted()
        flagged = (
            self.record.currency == "MAD" and granted is not None and granted > CONVENTION_THRESHOLD
        )
        self.convention.setText(bidi_text(convention_note() if flagged else ""))
        self.convention.setVisible(flagged)

    def _change(self, session: Session) -> FundingRequestRecord:
        status = self.new_status()
        if status is None:
            raise ValidationError("status", _("Choose the new status."))
        granted = None
        if status is RequestStatus.GRANTED:
            granted = parse_money(self.amount_granted.text(), field="amount_granted")
        signing = status is RequestStatus.AGREEMENT_SIGNED
        return change_funding_request_status(
            session,
            self.context.actor,
            self.record.id,
            status,
            self.changed_on.date("changed_on", required=True),
            self.note.text() or None,
            amount_granted=granted,
            agreement_number=self.agreement_number.text() if signing else None,
            agreement_date=self.agreement_date.date("agreement_date") if signing else None,
            expected_version=self.record.version,
        )

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            self._change,
            changes={Change.FUNDING},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.record = done.value
        self.saved.emit(done.value)
        self.accept()
        return True
