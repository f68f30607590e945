"""Record that a declaration was lodged with the local authority (caïdat, pachalik): the date,
the authority, and the receipt when it has come."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.association.services import get_association, has_association
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, NotFound, ValidationError
from nassij_desktop.core.governance.declarations import MAX_AUTHORITY, MAX_RECEIPT
from nassij_desktop.core.governance.records import DECLARATION_KIND_LABELS, DeclarationRecord
from nassij_desktop.core.governance.services import list_declarations, record_declaration_filed
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    KeepsConflict,
    ask,
    shown,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write


def _suggested_authority(session: Session, declarations: list[DeclarationRecord]) -> str:
    """The authority of the last filing (the same caïdat as a rule), else the association's
    commune or city as a start the secretary completes."""
    previous = next((d.authority for d in declarations if d.filed_on and d.authority), None)
    if previous:
        return previous
    if not has_association(session):
        return ""
    association = get_association(session)
    return association.commune or association.city or ""


class FilingDialog(KeepsConflict, BaseDialog):
    saved = Signal(int)  # the declaration's id

    def __init__(
        self, context: AppContext, declaration_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("filing_dialog")
        self.context = context
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self.conflict_dialog: ConflictDialog | None = None  # while it is open
        self.setMinimumWidth(480)
        with context.database.session() as session:
            declarations = list_declarations(session, context.actor)
            found = next((d for d in declarations if d.id == declaration_id), None)
            if found is None:
                raise NotFound(_("This declaration no longer exists."))
            self.declaration: DeclarationRecord = found
            authority = found.authority or _suggested_authority(session, declarations)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.filed_on = DateEdit(self, found.filed_on or clock.today())
        self.authority = QLineEdit(authority, self)
        self.authority.setMaxLength(MAX_AUTHORITY)
        self.receipt_number = QLineEdit(found.receipt_number or "", self)
        self.receipt_number.setMaxLength(MAX_RECEIPT)
        # The receipt often comes weeks later: its date is only sent when ticked.
        self.has_receipt_date = QCheckBox(self)
        self.has_receipt_date.setChecked(found.receipt_date is not None)
        self.receipt_date = DateEdit(self, found.receipt_date or clock.today())
        self.receipt_date.setEnabled(self.has_receipt_date.isChecked())
        self.has_receipt_date.toggled.connect(self.receipt_date.setEnabled)
        receipt_date_box = QWidget(self)
        receipt_date_row = QHBoxLayout(receipt_date_box)
        receipt_date_row.setContentsMargins(0, 0, 0, 0)
        receipt_date_row.addWidget(self.has_receipt_date)
        receipt_date_row.addWidget(self.receipt_date, 1)

        self.labels = {
            name: QLabel(self)
            for name in ("filed_on", "authority", "receipt_number", "receipt_date")
        }
        form = QFormLayout()
        form.addRow(self.labels["filed_on"], self.errors.wrap("filed_on", self.filed_on))
        form.addRow(self.labels["authority"], self.errors.wrap("authority", self.authority))
        form.addRow(
            self.labels["receipt_number"], self.errors.wrap("receipt_number", self.receipt_number)
        )
        form.addRow(self.labels["receipt_date"], self.errors.wrap("receipt_date", receipt_date_box))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        # Enter in a field must not save half a form.
        self.save_button.setAutoDefault(False)
        self.save_button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Declaration filed with the authority"))
        record = self.declaration
        kind = _(DECLARATION_KIND_LABELS[record.kind])
        if record.due_on is not None:
            self.heading.setText(
                _("{kind}: declaration to file before {date}").format(
                    kind=kind, date=format_date(record.due_on, current_language(), "long")
                )
            )
        else:
            self.heading.setText(kind)
        self.labels["filed_on"].setText(_("Filed on"))
        self.labels["authority"].setText(_("Authority"))
        self.labels["receipt_number"].setText(_("Receipt number"))
        self.labels["receipt_date"].setText(_("Date of the receipt"))
        self.authority.setPlaceholderText(_("Caïdat, pachalik…"))
        self.receipt_number.setPlaceholderText(_("Optional"))
        self.has_receipt_date.setText(_("Received"))
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    def _filed(
        self, values: dict[str, Any], *, overwrite: bool = False
    ) -> Written[DeclarationRecord] | None:
        actor, record = self.context.actor, self.declaration
        return run_write(
            self.context,
            lambda session: record_declaration_filed(
                session, actor, record.id, record.version, overwrite=overwrite, **values
            ),
            changes={Change.GOVERNANCE},
            errors=self.errors,
            failure=self._refused,
        )

    def _load(self, record: DeclarationRecord) -> None:
        self.declaration = record
        self.filed_on.set_date(record.filed_on or clock.today())
        self.authority.setText(record.authority or "")
        self.receipt_number.setText(record.receipt_number or "")
        self.has_receipt_date.setChecked(record.receipt_date is not None)
        self.receipt_date.set_date(record.receipt_date or clock.today())

    def _resolve(
        self, conflict: ConflictError, values: dict[str, Any]
    ) -> Written[DeclarationRecord] | None:
        """Someone else saved the declaration since it was opened here: what differs, then
        reload theirs, save over it (confirmed) or keep editing (ui/common/conflict_dialog.py)."""
        with self.context.database.session() as session:
            declarations = list_declarations(session, self.context.actor)
        stored = next((d for d in declarations if d.id == self.declaration.id), None)
        if stored is None:
            self.errors.show_general(_("This declaration no longer exists."))
            return None
        differences = [
            Difference(
                name,
                self.labels[name].text(),
                shown(None, value),
                shown(None, getattr(stored, name)),
            )
            for name, value in values.items()
            if (value or None) != (getattr(stored, name) or None)
        ]
        choice = ask(self, ConflictDialog(str(conflict), differences, self))
        if choice == RELOAD:
            self._load(stored)
            return None
        if choice == OVERWRITE:
            return self._filed(values, overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved this declaration meanwhile."))
        return None

    def save(self) -> bool:
        self.errors.clear()
        received = self.has_receipt_date.isChecked()
        try:
            values: dict[str, Any] = {
                "filed_on": self.filed_on.date("filed_on", required=True),
                "authority": self.authority.text().strip(),
                "receipt_number": self.receipt_number.text().strip(),
                "receipt_date": self.receipt_date.date("receipt_date") if received else None,
            }
        except ValidationError as error:  # a date not understood: shown under its field
            self.errors.show(error)
            return False
        done = self._filed(values)
        conflict = self.take_conflict()
        if done is None and conflict is not None:
            done = self._resolve(conflict, values)
        if done is None:
            return False
        self.saved.emit(done.value.id)
        self.accept()
        return True
