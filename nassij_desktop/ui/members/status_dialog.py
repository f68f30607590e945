"""Change a member's status (suspended, resigned, deceased, excluded, active again)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.services import change_member_status
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.members.display import member_name, status_label
from nassij_desktop.ui.members.fields import ChoiceBox


class StatusDialog(BaseDialog):
    saved = Signal(object)  # the MemberRecord with its new status

    def __init__(
        self, context: AppContext, record: MemberRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("status_dialog")
        self.context = context
        self.record = record
        self.setMinimumWidth(460)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.who = QLabel(self)
        self.current = QLabel(self)
        self.status = ChoiceBox(self)
        # Said of this member: "مستقيلة" for a woman.
        self.status.set_choices(
            [
                (s.value, partial(gendered, STATUS_LABELS[s], record.gender))
                for s in MemberStatus
                if s != record.status
            ]
        )
        self.date = DateEdit(self)
        self.date.set_date(clock.today())
        self.reason = QLineEdit(self)
        self.form = QFormLayout()
        self._status_label, self._date_label, self._reason_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.who)
        self.form.addRow(self.current)
        self.form.addRow(self._status_label, self.errors.wrap("status", self.status))
        self.form.addRow(self._date_label, self.errors.wrap("effective_on", self.date))
        self.form.addRow(self._reason_label, self.errors.wrap("reason", self.reason))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        record = self.record
        self.setWindowTitle(_("Change the status"))
        name = member_name(record)
        self.who.setText(_("Member {number}: {name}").format(number=record.number, name=name))
        self.current.setText(
            _("Current status: {status} since {date}").format(
                status=status_label(record), date=format_date(record.status_since)
            )
        )
        self.status.retranslate()
        self._status_label.setText(_("New status"))
        self._date_label.setText(_("Effective on"))
        self._reason_label.setText(_("Reason"))
        self.reason.setPlaceholderText(_("Required for a suspension or an exclusion"))
        self.save_button.setText(_("Change the status"))
        self.cancel_button.setText(_("Cancel"))

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            lambda session: change_member_status(
                session,
                self.context.actor,
                self.record.id,
                MemberStatus(self.status.currentData()),
                self.date.date("effective_on", required=True),
                self.reason.text(),
                expected_version=self.record.version,
            ),
            changes={Change.MEMBERS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.record = done.value
        self.saved.emit(done.value)
        self.accept()
        return True
