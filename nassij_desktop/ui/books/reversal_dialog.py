"""Reversing a validated entry from the Treasury page (`reverse_entry`): a validated entry is
never edited; the treasurer reverses it, then types the right one."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from nassij_desktop.core.books.entries import EntryRecord, reverse_entry
from nassij_desktop.core.books.entry_list import EntryDetail
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.i18n import _
from nassij_desktop.ui.books.columns import entry_number
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write


class ReversalDialog(BaseDialog):
    def __init__(
        self, context: AppContext, entry: EntryDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reversal_dialog")
        self.context, self.entry = context, entry
        self.record: EntryRecord | None = None
        self.setMinimumWidth(460)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.date = DateEdit(self, clock.today())
        self.label = QLineEdit(self)
        self.form = QFormLayout()
        self.date_label, self.label_label = QLabel(self), QLabel(self)
        for caption, field, editor in (
            (self.date_label, "date", self.date),
            (self.label_label, "label", self.label),
        ):
            caption.setBuddy(editor)
            self.form.addRow(caption, self.errors.wrap(field, editor))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        code = entry_number(self.entry.journal, self.entry.number)
        self.setWindowTitle(_("Reverse an entry"))
        self.explanation.setText(
            _(
                "A validated entry is never changed: the reversal writes the same lines with "
                "debit and credit swapped, and the entry {entry} stays in the books, marked as "
                "reversed. Then record the right entry."
            ).format(entry=code)
        )
        self.date_label.setText(_("Date"))
        self.label_label.setText(_("Label"))
        self.label.setPlaceholderText(_("Reversal of entry {entry}").format(entry=code))
        self.save_button.setText(_("Reverse"))
        self.cancel_button.setText(_("Cancel"))

    def save(self) -> bool:
        self.errors.clear()
        try:
            day = self.date.date("date", required=True)
        except ValidationError as error:
            self.errors.show(error)
            return False
        done = run_write(
            self.context,
            lambda session: reverse_entry(
                session, self.context.actor, self.entry.id, day, self.label.text() or None
            ),
            changes={Change.BOOKS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.record = done.value
        self.accept()
        return True


__all__ = ["ReversalDialog"]
