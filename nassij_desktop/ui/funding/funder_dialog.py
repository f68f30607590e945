"""Add or edit a funder: names, kind, country, whether its money is foreign funding (declared
to the SGG), contacts."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError
from nassij_desktop.core.funding.models import FunderKind
from nassij_desktop.core.funding.services import (
    FOREIGN_FUNDER_KINDS,
    FunderData,
    FunderRecord,
    create_funder,
    get_funder,
    update_funder,
)
from nassij_desktop.i18n import N_, _
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
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write
from nassij_desktop.ui.funding.labels import MOROCCO, country_codes, country_name, kind_label
from nassij_desktop.ui.members.fields import ChoiceBox

_ROWS = (
    ("name_fr", N_("Name in Latin letters")),
    ("name_ar", N_("Name in Arabic")),
    ("acronym", N_("Acronym")),
    ("kind", N_("Kind of funder")),
    ("country", N_("Country")),
    ("foreign", ""),
    ("contact_name", N_("Contact person")),
    ("phone", N_("Phone")),
    ("email", N_("E-mail")),
    ("address", N_("Address")),
    ("notes", N_("Notes")),
)


class FunderDialog(KeepsConflict, BaseDialog):
    saved = Signal(object)  # the FunderRecord

    def __init__(
        self, context: AppContext, record: FunderRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("funder_dialog")
        self.context = context
        self.record = record
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self.conflict_dialog: ConflictDialog | None = None  # while it is open
        self.setMinimumWidth(520)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.editors: dict[str, QWidget] = {}
        self.name_fr = self._line("name_fr")
        self.name_ar = self._line("name_ar")
        self.acronym = self._line("acronym")
        self.kind = ChoiceBox(self)
        self.kind.set_choices([(k.value, partial(kind_label, k)) for k in FunderKind])
        self.kind.select(FunderKind.STATE.value)
        self.country = ChoiceBox(self)
        self.country.set_choices([(c, partial(country_name, c)) for c in country_codes()])
        self.foreign = QCheckBox(self)
        self.contact_name = self._line("contact_name")
        self.phone = self._line("phone")
        self.email = self._line("email")
        self.address = self._line("address")
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(64)
        self.editors.update(
            kind=self.kind, country=self.country, foreign=self.foreign, notes=self.notes
        )
        self.form = QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        for field, label in _ROWS:
            row_label = QLabel(self)
            self._labels.append((row_label, label))
            self.form.addRow(row_label, self.errors.wrap(field, self.editors[field]))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if record is not None:
            self._load(record)
        else:
            self._suggest_foreign()
        # Until the user ticks or unticks it, the box follows the kind and the country.
        self._foreign_touched = record is not None
        self.foreign.clicked.connect(self._touched)
        self.kind.currentIndexChanged.connect(self._suggest_foreign)
        self.country.currentIndexChanged.connect(self._suggest_foreign)
        self.retranslate()

    def _line(self, field: str) -> QLineEdit:
        editor = set_field_direction(QLineEdit(self), field)
        editor.setObjectName(field)
        self.editors[field] = editor
        return editor

    def _load(self, record: FunderRecord) -> None:
        self.name_fr.setText(record.name_fr)
        self.name_ar.setText(record.name_ar or "")
        self.acronym.setText(record.acronym or "")
        self.kind.select(record.kind.value)
        if self.country.findData(record.country) < 0:
            self.country.addItem(record.country, record.country)
        self.country.select(record.country)
        self.foreign.setChecked(record.foreign)
        self.contact_name.setText(record.contact_name or "")
        self.phone.setText(record.phone or "")
        self.email.setText(record.email or "")
        self.address.setText(record.address or "")
        self.notes.setPlainText(record.notes or "")
        for editor in (self.name_fr, self.name_ar, self.address):
            editor.setCursorPosition(0)  # a long name shows from its start

    def _touched(self) -> None:
        self._foreign_touched = True

    def _suggest_foreign(self) -> None:
        if getattr(self, "_foreign_touched", False):
            return
        kind = FunderKind(self.kind.currentData())
        self.foreign.setChecked(
            kind in FOREIGN_FUNDER_KINDS or self.country.currentData() != MOROCCO
        )

    def _update(
        self, funder_id: int, version: int, values: dict[str, Any], *, overwrite: bool = False
    ) -> Written[FunderRecord] | None:
        actor = self.context.actor
        return run_write(
            self.context,
            lambda session: update_funder(
                session, actor, funder_id, version, overwrite=overwrite, **values
            ),
            changes={Change.FUNDING},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def _resolve(
        self, conflict: ConflictError, values: dict[str, Any], record: FunderRecord
    ) -> Written[FunderRecord] | None:
        """Someone else saved the funder since it was opened here: what differs, then reload
        theirs, save over it (confirmed) or keep editing (ui/common/conflict_dialog.py)."""
        with self.context.database.session() as session:
            stored = get_funder(session, self.context.actor, record.id)
        labels = dict(_ROWS) | {"foreign": N_("Foreign funding (declared to the SGG)")}
        differences = [
            Difference(
                name,
                _(labels[name]),
                shown(self.editors.get(name), value),
                shown(self.editors.get(name), getattr(stored, name)),
            )
            for name, value in values.items()
            if (value or None) != (getattr(stored, name) or None)
        ]
        dialog = ConflictDialog(str(conflict), differences, self)
        choice = ask(self, dialog)
        if choice == RELOAD:
            self.record = stored
            self._load(stored)
            return None
        if choice == OVERWRITE:
            return self._update(record.id, record.version, values, overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved this funder meanwhile."))
        return None

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit the funder") if self.record else _("New funder"))
        for row_label, label in self._labels:
            row_label.setText(_(label) if label else "")
        self.foreign.setText(_("Foreign funding (declared to the SGG)"))
        self.kind.retranslate()
        self.country.retranslate()
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    def data(self) -> FunderData:
        return FunderData(
            name_fr=self.name_fr.text(),
            name_ar=self.name_ar.text() or None,
            acronym=self.acronym.text() or None,
            kind=FunderKind(self.kind.currentData()),
            country=str(self.country.currentData()),
            foreign=self.foreign.isChecked(),
            contact_name=self.contact_name.text() or None,
            phone=self.phone.text() or None,
            email=self.email.text() or None,
            address=self.address.text() or None,
            notes=self.notes.toPlainText() or None,
        )

    def save(self) -> bool:
        self.errors.clear()
        data = self.data()
        record = self.record
        actor = self.context.actor
        if record is None:
            done = run_write(
                self.context,
                lambda session: create_funder(session, actor, data),
                changes={Change.FUNDING},
                errors=self.errors,
                initiator=self,
            )
        else:
            values = dict(vars(data))
            done = self._update(record.id, record.version, values)
            conflict = self.take_conflict()
            if done is None and conflict is not None:
                done = self._resolve(conflict, values, record)
        if done is None:
            return False
        self.record = done.value
        self.saved.emit(done.value)
        self.accept()
        return True
