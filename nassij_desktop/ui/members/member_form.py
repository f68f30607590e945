"""The member form: add a member or see and edit one.

Nothing is written until the service accepts the whole form; its `ValidationError` is shown
under the field it names. A save over someone else's newer save (`ConflictError`) is refused
and the conflict dialog (ui/common/conflict_dialog.py) shows what differs: reload theirs,
overwrite with mine (confirmed), or keep editing.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import (
    ConflictError,
    NassijError,
    StaleVersion,
    ValidationError,
)
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.common.validators import (
    cin_looks_unusual,
    national_phone,
    normalise_cin,
    normalise_phone,
    validate_email,
)
from nassij_desktop.core.members.models import (
    GENDER_LABELS,
    IDENTITY_DOCUMENT_LABELS,
    Gender,
    IdentityDocument,
)
from nassij_desktop.core.members.nationalities import MOROCCO, nationality_choices
from nassij_desktop.core.members.records import MASK, MemberRecord
from nassij_desktop.core.members.services import (
    IDENTITY_FIELDS,
    CategoryRecord,
    MemberData,
    create_member,
    get_member,
    update_member,
)
from nassij_desktop.i18n import N_, _, current_language
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
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write
from nassij_desktop.ui.members.fields import ChoiceBox, fixed, translated

DATE_FIELDS = ("birth_date", "join_date", "consent_date")
LABELS = {
    "last_name_ar": N_("Family name (Arabic)"),
    "first_name_ar": N_("First name (Arabic)"),
    "last_name_lat": N_("Family name (Latin letters)"),
    "first_name_lat": N_("First name (Latin letters)"),
    "gender": N_("Gender"),
    "birth_date": N_("Birth date"),
    "birth_place": N_("Birth place"),
    "nationality": N_("Nationality"),
    "id_document": N_("Identity document"),
    "id_number": N_("Identity number"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "address_ar": N_("Address (Arabic)"),
    "address": N_("Address (Latin letters)"),
    "city": N_("City"),
    "category_code": N_("Category"),
    "join_date": N_("Join date"),
    "profession": N_("Profession"),
    "consent_date": N_("Consent date"),
    "consent_scope": N_("Consent scope"),
    "notes": N_("Notes"),
}
GROUPS = (
    (
        N_("Identity"),
        (
            "last_name_ar",
            "first_name_ar",
            "last_name_lat",
            "first_name_lat",
            "gender",
            "birth_date",
            "birth_place",
            "nationality",
            "id_document",
            "id_number",
        ),
    ),
    (N_("Contact"), ("phone", "email", "address_ar", "address", "city")),
    (N_("Membership"), ("category_code", "join_date", "profession", "notes")),
    (N_("Personal data (law 09-08)"), ("consent_date", "consent_scope")),
)
GROUP_PLACES = ((0, 0), (0, 1), (1, 1), (1, 0))  # (row, column) of each group
DEFAULT_CONSENT_SCOPE = N_("Member register, dues and the association's messages")


def _text(value: str) -> str | None:
    return " ".join(value.split()) or None


def _comparable(field: str, value: Any) -> Any:
    """The value as the service would store it, to tell a real change from a re-typing."""
    if not isinstance(value, str) or not value:
        return value
    try:
        if field == "phone":
            return normalise_phone(value)
        if field == "id_number":
            return normalise_cin(value)
        if field == "email":
            return validate_email(value)
    except ValidationError:
        return value
    return value


class MemberFormDialog(KeepsConflict, BaseDialog):
    saved = Signal(object)  # the MemberRecord as saved

    def __init__(
        self,
        context: AppContext,
        record: MemberRecord | None,
        categories: list[CategoryRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("member_form")
        self.context = context
        self.record = record
        self.categories = categories
        self.previous: dict[str, Any] = {}  # the values an edit replaced (for undo)
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self.conflict_dialog: ConflictDialog | None = None  # while it is open
        self.identity = context.can(Permission.MEMBERS_IDENTITY)
        self.setMinimumWidth(860)
        self.writable = context.can(Permission.MEMBERS_WRITE)
        self.editors: dict[str, QWidget] = {}
        self._labels: dict[str, QLabel] = {}
        self._groups: list[tuple[QGroupBox, str]] = []
        self._build()
        self.retranslate()
        self._fill(record)

    # --- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.editors = {
            name: QLineEdit(self)
            for name in (
                "last_name_ar",
                "first_name_ar",
                "last_name_lat",
                "first_name_lat",
                "birth_place",
                "id_number",
                "phone",
                "email",
                "address_ar",
                "address",
                "city",
                "profession",
                "consent_scope",
            )
        }
        for name, editor in self.editors.items():
            set_field_direction(editor, name)
        for name in DATE_FIELDS:
            self.editors[name] = DateEdit(self)
        gender = ChoiceBox(self)
        gender.set_choices(
            [("", translated(N_("Not given")))]
            + [(g.value, translated(GENDER_LABELS[g])) for g in Gender]
        )
        # Nationalities by name, never by code; a Moroccan in the gender chosen (مغربية).
        gender.currentIndexChanged.connect(lambda _index: self._list_nationalities())
        document = ChoiceBox(self)
        document.set_choices(
            [(d.value, translated(IDENTITY_DOCUMENT_LABELS[d])) for d in IdentityDocument]
        )
        category = ChoiceBox(self)
        lang = current_language()
        category.set_choices([(c.code, fixed(c.label(lang))) for c in self.categories])
        self.editors.update(
            {
                "gender": gender,
                "nationality": ChoiceBox(self),
                "id_document": document,
                "category_code": category,
            }
        )
        self._list_nationalities()
        document.currentIndexChanged.connect(self._check_identity_number)
        id_number = self.editors["id_number"]
        assert isinstance(id_number, QLineEdit)
        id_number.editingFinished.connect(self._check_identity_number)
        notes = QPlainTextEdit(self)
        notes.setMaximumHeight(70)
        self.editors["notes"] = notes
        self.consent = QCheckBox(self)
        self.consent.toggled.connect(self._consent_toggled)

        self.conflict = QFrame(self)
        self.conflict.setFrameShape(QFrame.Shape.StyledPanel)
        self.conflict.setStyleSheet("QFrame { background: #fdecea; }")
        conflict_layout = QHBoxLayout(self.conflict)
        self.conflict_text = QLabel(self.conflict)
        self.conflict_text.setWordWrap(True)
        self.reload_button = QPushButton(self.conflict)
        self.reload_button.clicked.connect(self.reload)
        conflict_layout.addWidget(self.conflict_text, 1)
        conflict_layout.addWidget(self.reload_button)
        self.conflict.hide()

        grid = QGridLayout()
        for position, (title, names) in enumerate(GROUPS):
            box = QGroupBox(self)
            self._groups.append((box, title))
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            if title == GROUPS[3][0]:
                form.addRow(self.consent)
            for name in names:
                if name in {"birth_date", "birth_place"} and not self.identity:
                    continue  # law 09-08: not even shown to roles that may not see it
                label = QLabel(box)
                self._labels[name] = label
                form.addRow(label, self.errors.wrap(name, self.editors[name]))
            # Identity and personal data on one side, contact and membership on the other.
            grid.addWidget(box, *GROUP_PLACES[position])
        # The two sides share the width: the contact side's fields (and the messages under
        # them) were squeezed to a third by the identity side's longer labels.
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        if not self.identity:
            for name in ("birth_date", "birth_place"):
                self.editors[name].hide()

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.conflict)
        layout.addLayout(grid)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

        if not self.writable:
            self.save_button.hide()
            self.consent.setEnabled(False)
            for editor in self.editors.values():
                if isinstance(editor, QLineEdit | QPlainTextEdit):
                    editor.setReadOnly(True)
                else:
                    editor.setEnabled(False)
        if not self.identity:
            # A masked number is shown as such and never sent back.
            id_number = self.editors["id_number"]
            assert isinstance(id_number, QLineEdit)
            id_number.setReadOnly(True)

    def retranslate(self) -> None:
        if self.record is None:
            self.setWindowTitle(_("New member"))
        else:
            self.setWindowTitle(_("Member {number}").format(number=self.record.number))
        for box, title in self._groups:
            box.setTitle(_(title))
        for name, label in self._labels.items():
            label.setText(_(LABELS[name]))
        for editor in self.editors.values():
            if isinstance(editor, ChoiceBox):
                editor.retranslate()
        self._list_nationalities()  # sorted by their names in the new language
        self.consent.setText(_("The member agreed to the processing of their personal data"))
        self.reload_button.setText(_("Reload"))
        self.save_button.setText(_("Save"))
        self.close_button.setText(_("Cancel") if self.writable else _("Close"))

    # --- values ----------------------------------------------------------------------------

    def _list_nationalities(self, keep: str | None = None) -> None:
        """The nationalities in the interface's language and the gender chosen; `keep`: a
        stored code the list does not know, kept as it is."""
        box = self._choice("nationality")
        choices = nationality_choices(self._choice("gender").currentData() or None)
        current = keep or box.currentData()
        if current and current not in {code for code, _label in choices}:
            choices.append((current, current))
        box.set_choices([(code, fixed(label)) for code, label in choices])
        if keep:
            box.select(keep)

    def line(self, name: str) -> QLineEdit:
        editor = self.editors[name]
        assert isinstance(editor, QLineEdit)
        return editor

    def _fill(self, record: MemberRecord | None) -> None:
        if record is None:
            self._choice("nationality").select(MOROCCO)
            date_line = self.editors["join_date"]
            assert isinstance(date_line, DateEdit)
            date_line.set_date(clock.today())
            self._choice("category_code").select("active")
            return
        self._choice("gender").select(record.gender.value if record.gender else "")
        self._list_nationalities(keep=record.nationality)
        for name in self.editors:
            value = getattr(record, name)
            editor = self.editors[name]
            if isinstance(editor, DateEdit):
                editor.set_date(value)
            elif isinstance(editor, ChoiceBox):
                editor.select(value.value if hasattr(value, "value") else (value or ""))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value or "")
            elif isinstance(editor, QLineEdit):
                text = national_phone(value) if name == "phone" else value
                editor.setText(text or "")
        self.consent.blockSignals(True)
        self.consent.setChecked(record.consent_date is not None)
        self.consent.blockSignals(False)
        self._consent_toggled(self.consent.isChecked(), fill=False)

    def _choice(self, name: str) -> ChoiceBox:
        editor = self.editors[name]
        assert isinstance(editor, ChoiceBox)
        return editor

    def _check_identity_number(self) -> None:
        """A CIN of no usual form ("ZZ") is kept, with a hint to check it."""
        id_number = self.editors["id_number"]
        document = self.editors["id_document"]
        assert isinstance(id_number, QLineEdit) and isinstance(document, QComboBox)
        text = id_number.text().strip()
        unusual = (
            bool(text)
            and (document.currentData() or "cin") == IdentityDocument.CIN
            and cin_looks_unusual(text)
        )
        self.errors.warn(
            "id_number",
            _(
                "This does not look like a CIN number (one or two letters, then five or six "
                "digits): check it. It will be saved as typed."
            )
            if unusual
            else None,
        )

    def _consent_toggled(self, checked: bool, fill: bool = True) -> None:
        for name in ("consent_date", "consent_scope"):
            self.editors[name].setEnabled(checked and self.writable)
        if checked and fill:
            date_line = self.editors["consent_date"]
            assert isinstance(date_line, DateEdit)
            if not date_line.text():
                date_line.set_date(clock.today())
            if not self.line("consent_scope").text():
                self.line("consent_scope").setText(_(DEFAULT_CONSENT_SCOPE))

    def values(self) -> dict[str, Any]:
        """Every MemberData field from the form; date errors are raised together."""
        values: dict[str, Any] = {}
        problems: list[ValidationError] = []
        for name, editor in self.editors.items():
            if isinstance(editor, DateEdit):
                try:
                    values[name] = editor.date(name)
                except ValidationError as error:
                    problems.append(error)
            elif isinstance(editor, ChoiceBox):
                values[name] = editor.currentData() or None
            elif isinstance(editor, QPlainTextEdit):
                values[name] = _text(editor.toPlainText())
            elif isinstance(editor, QLineEdit):
                values[name] = _text(editor.text())
        checks = {"phone": normalise_phone, "email": validate_email}
        if self.identity:
            checks["id_number"] = normalise_cin
        for name, check in checks.items():
            if values.get(name):
                try:
                    check(values[name], field=name)
                except ValidationError as error:
                    problems.append(error)
        if not self.consent.isChecked():
            values["consent_date"] = values["consent_scope"] = None
            problems = [p for p in problems if p.field != "consent_date"]
        elif not values.get("consent_scope"):
            # Consent given is a scope recorded; the service then asks for its date.
            values["consent_scope"] = _(DEFAULT_CONSENT_SCOPE)
        if problems:
            raise _Problems(problems)
        values["gender"] = Gender(values["gender"]) if values["gender"] else None
        values["id_document"] = IdentityDocument(values["id_document"] or "cin")
        values["nationality"] = values["nationality"] or "MA"
        values["category_code"] = values["category_code"] or "active"
        if not self.identity:
            for name in IDENTITY_FIELDS:
                values.pop(name, None)
        return values

    def changes(self, values: dict[str, Any]) -> dict[str, Any]:
        assert self.record is not None
        return {
            name: value
            for name, value in values.items()
            if _comparable(name, value) != getattr(self.record, name)
            and not (name == "id_number" and value == MASK)
        }

    # --- actions ---------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the form; True when saved (the dialog then closes)."""
        self.errors.clear()
        self.conflict.hide()
        try:
            values = self.values()
        except _Problems as problems:
            for error in reversed(problems.errors):  # the first one ends with the focus
                self.errors.show(error)
            return False
        record = self.record
        if record is None:
            data = MemberData(**{f.name: values[f.name] for f in fields(MemberData)})
            done = run_write(
                self.context,
                lambda session: create_member(session, self.context.actor, data),
                changes={Change.MEMBERS},
                errors=self.errors,
                failure=self._refused,
                initiator=self,
            )
        else:
            changes = self.changes(values)
            if not changes:
                self.accept()
                return True
            replaced = {name: getattr(record, name) for name in changes}
            done = self._update(record.id, record.version, changes)
            conflict = self.take_conflict()
            if done is None and conflict is not None:
                done, replaced = self._resolve(conflict, values, record)
        if done is None:
            return False
        if record is not None:
            self.previous = replaced  # what Ctrl+Z puts back: the values this save replaced
        record = done.value
        self.record = record
        self.saved.emit(record)
        self.accept()
        return True

    def _update(
        self, member_id: int, version: int, changes: dict[str, Any], *, overwrite: bool = False
    ) -> Written[MemberRecord] | None:
        return run_write(
            self.context,
            lambda session: update_member(
                session, self.context.actor, member_id, version, overwrite=overwrite, **changes
            ),
            changes={Change.MEMBERS},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def _resolve(
        self, conflict: ConflictError, values: dict[str, Any], record: MemberRecord
    ) -> tuple[Written[MemberRecord] | None, dict[str, Any]]:
        """Someone else saved the member since it was opened here: show what differs, then
        reload theirs, save over it (confirmed), or keep editing. The saved values are read
        again through the service (a masked identity number stays masked)."""
        with self.context.database.session() as session:
            stored = get_member(session, self.context.actor, record.id)
        mine = {
            name: value
            for name, value in values.items()
            if _comparable(name, value) != getattr(stored, name)
            and not (name == "id_number" and value == MASK)
        }
        differences = [
            Difference(
                name,
                _(LABELS[name]),
                self._shown(name, value),
                self._shown(name, getattr(stored, name)),
            )
            for name, value in mine.items()
        ]
        dialog = ConflictDialog(str(conflict), differences, self)
        choice = ask(self, dialog)
        if choice == RELOAD:
            self.record = stored
            self.errors.clear()
            self._fill(stored)
            self.retranslate()
            return None, {}
        replaced = {name: getattr(stored, name) for name in mine}  # theirs, for Ctrl+Z
        if choice == OVERWRITE:
            return self._update(record.id, record.version, mine, overwrite=True), replaced
        self.errors.show_general(_("Not saved: someone else saved this member meanwhile."))
        return None, {}

    def _shown(self, name: str, value: Any) -> str:
        """A value as the form shows it (a choice by its name, a date as typed)."""
        if name == "phone" and value:
            return national_phone(value) or str(value)
        return shown(self.editors.get(name), value)

    def keeps_conflict(self) -> bool:
        return self.record is not None  # a new member meets no one else's save

    def _refused(self, error: NassijError) -> None:
        mine = isinstance(error, ConflictError) and self.keeps_conflict()
        if isinstance(error, StaleVersion) and not mine:
            self.conflict_text.setText(
                str(error) + "\n" + _("Reload to see the saved member; your changes here are lost.")
            )
            self.conflict.show()
        else:
            super()._refused(error)

    def reload(self) -> None:
        """Show the member as saved now (after a conflict)."""
        assert self.record is not None
        with self.context.database.session() as session:
            self.record = get_member(session, self.context.actor, self.record.id)
        self.errors.clear()
        self.conflict.hide()
        self._fill(self.record)


class _Problems(Exception):
    def __init__(self, errors: list[ValidationError]) -> None:
        super().__init__(errors)
        self.errors = errors
