"""The smaller settings sections: language of this PC, the file's lock and dates, the statutes'
rules on the board and assemblies, one's password.

The language is this computer's preference (`preferences.save_language`) and switches the
running application at once; the lock delay and the Hijri offset belong to the file and are
changed through `change_setting`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.association.settings import (
    MAX_AUTOLOCK_MINUTES,
    MAX_HIJRI_OFFSET_DAYS,
    MAX_PROXIES,
    MAX_TERM_YEARS,
    autolock_minutes,
    change_settings,
    hijri_offset_days,
    max_proxies_per_holder,
    term_years,
)
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.users.services import change_password
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.preferences import save_language

# Each language named in itself, so that anyone can find their own in a foreign interface.
LANGUAGE_NAMES = (("ar", "العربية"), ("fr", "Français"), ("en", "English"))


class LanguageSection(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("language_section")
        self.combo = QComboBox(self)
        self.combo.setObjectName("language")
        for code, name in LANGUAGE_NAMES:
            self.combo.addItem(name, code)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current_language())))
        self.combo.currentIndexChanged.connect(self._chosen)
        self.label = QLabel(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.label, self.combo)
        form.addRow(self.note)

    def retranslate(self) -> None:
        self.setTitle(_("Language"))
        self.label.setText(_("Language of the interface:"))
        self.note.setText(
            _("Documents are printed in Arabic or French whatever the interface's language.")
        )
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current_language())))
        self.combo.blockSignals(False)

    def _chosen(self, _index: int) -> None:
        lang = str(self.combo.currentData())
        save_language(lang)
        apply_language(lang)


class SettingsForm(QGroupBox):
    """A section of settings kept in the association's file, saved together by its button:
    each refused value said under its field, none stored then."""

    saved = Signal()
    context: AppContext
    errors: FieldErrors
    general_error: QLabel
    status: QLabel
    save_button: QPushButton

    def lay_out(self, form: QFormLayout, save_name: str) -> None:
        """The section's fields, its general error line, then its status and Save button."""
        self.save_button = QPushButton(self)
        self.save_button.setObjectName(save_name)
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(bottom)

    def save(self) -> bool:
        raise NotImplementedError

    def save_values(self, values: Sequence[tuple[str, Any]]) -> bool:
        self.errors.clear()
        self.status.clear()
        actor = self.context.actor

        def write(session: Session) -> None:
            change_settings(session, actor, values)

        done = run_write(
            self.context, write, changes={Change.SETTINGS}, errors=self.errors, initiator=self
        )
        if done is None:
            return False
        self.status.setText(_("Saved."))
        self.saved.emit()
        return True


class FileSettingsSection(SettingsForm):
    """Settings kept in the association's file: the automatic lock and the Hijri date."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("file_settings_section")
        self.context = context
        self.autolock = set_field_direction(QSpinBox(self))
        self.autolock.setObjectName("autolock_minutes")
        self.autolock.setRange(0, MAX_AUTOLOCK_MINUTES)
        self.hijri = set_field_direction(QSpinBox(self))  # a sign reads "-1"
        self.hijri.setObjectName("hijri_offset_days")
        self.hijri.setRange(-MAX_HIJRI_OFFSET_DAYS, MAX_HIJRI_OFFSET_DAYS)
        self.autolock.valueChanged.connect(self._suffixes)
        self.hijri.valueChanged.connect(self._suffixes)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.autolock_label = QLabel(self)
        self.hijri_label = QLabel(self)
        self.hijri_note = QLabel(self)
        self.hijri_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(
            self.autolock_label, self.errors.wrap("security.autolock_minutes", self.autolock)
        )
        form.addRow(self.hijri_label, self.errors.wrap("dates.hijri_offset_days", self.hijri))
        form.addRow(self.hijri_note)
        self.lay_out(form, "save_file_settings")

    def _suffixes(self) -> None:
        """The unit after each figure agrees with it (دقيقة واحدة، دقيقتان، 10 دقائق…)."""
        minutes, days = self.autolock.value(), abs(self.hijri.value())
        self.autolock.setSuffix(" " + ngettext("minute", "minutes", minutes))
        self.hijri.setSuffix(" " + ngettext("day", "days", days))

    def retranslate(self) -> None:
        self.setTitle(_("Security and dates"))
        self.autolock_label.setText(_("Lock after inactivity:"))
        self.autolock.setSpecialValueText(_("never"))
        self.hijri_label.setText(_("Hijri date correction:"))
        self._suffixes()
        self.hijri_note.setText(
            _(
                "The Hijri date printed under the date of documents is computed; move it by a "
                "day when the announced month began earlier or later."
            )
        )
        self.save_button.setText(_("Save"))
        self.status.clear()

    def load(self) -> None:
        with self.context.database.session() as session:
            self.autolock.setValue(autolock_minutes(session))
            self.hijri.setValue(hijri_offset_days(session))
        self.errors.clear()

    def save(self) -> bool:
        return self.save_values(
            (
                ("security.autolock_minutes", self.autolock.value()),
                ("dates.hijri_offset_days", self.hijri.value()),
            )
        )


class GovernanceSection(SettingsForm):
    """What the statutes say of the board and the assemblies: the board's term, and how many
    proxies one member present may hold (administrators only: whoever records the attendance
    does not also set how many votes one person carries)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("governance_settings_section")
        self.context = context
        self.term_years = set_field_direction(QSpinBox(self))
        self.term_years.setObjectName("term_years")
        self.term_years.setRange(1, MAX_TERM_YEARS)
        self.proxies = set_field_direction(QSpinBox(self))
        self.proxies.setObjectName("max_proxies_per_holder")
        self.proxies.setRange(0, MAX_PROXIES)
        self.proxies.valueChanged.connect(self._suffixes)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.term_label = QLabel(self)
        self.proxies_label = QLabel(self)
        self.proxies_note = QLabel(self)
        self.proxies_note.setObjectName("proxies_note")
        self.proxies_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.term_label, self.errors.wrap("governance.term_years", self.term_years))
        form.addRow(
            self.proxies_label,
            self.errors.wrap("governance.max_proxies_per_holder", self.proxies),
        )
        form.addRow(self.proxies_note)
        self.lay_out(form, "save_governance_settings")

    def may_change_proxies(self) -> bool:
        return self.context.can(Permission.GOVERNANCE_RULES)

    def _suffixes(self) -> None:
        self.proxies.setSuffix(" " + ngettext("proxy", "proxies", self.proxies.value()))

    def retranslate(self) -> None:
        self.setTitle(_("Board and general assemblies"))
        # The statutes' term length: the board list prints the end of a running term from it.
        self.term_label.setText(_("Board term (years, per the statutes):"))
        self.proxies_label.setText(_("Proxies one member present may hold:"))
        self.proxies.setSpecialValueText(_("no proxy"))
        self._suffixes()
        note = _(
            "As the statutes say. A member who cannot come gives a proxy to a member present; "
            "the attendance refuses more proxies than this, and the convocation prints the rule."
        )
        if not self.may_change_proxies():
            note += " " + _("Only an administrator can change it.")
        self.proxies_note.setText(note)
        self.save_button.setText(_("Save"))
        self.status.clear()

    def load(self) -> None:
        with self.context.database.session() as session:
            self.term_years.setValue(term_years(session))
            self.proxies.setValue(max_proxies_per_holder(session))
        self.proxies.setEnabled(self.may_change_proxies())
        self.retranslate()
        self.errors.clear()

    def save(self) -> bool:
        values: list[tuple[str, int]] = [("governance.term_years", self.term_years.value())]
        if self.may_change_proxies():
            values.append(("governance.max_proxies_per_holder", self.proxies.value()))
        return self.save_values(values)


class PasswordSection(QGroupBox):
    """The signed-in user changes their own password (giving the current one)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("password_section")
        self.context = context
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        for field in ("old_password", "password", "password_again"):
            edit = QLineEdit(self)
            edit.setObjectName(field)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            set_field_direction(edit, field)
            self.edits[field] = edit
            self.labels[field] = QLabel(self)
            form.addRow(self.labels[field], self.errors.wrap(field, edit))
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("change_password")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addLayout(bottom)

    def retranslate(self) -> None:
        self.setTitle(_("My password"))
        self.labels["old_password"].setText(_("Current password:"))
        self.labels["password"].setText(_("New password:"))
        self.labels["password_again"].setText(_("New password again:"))
        self.save_button.setText(_("Change my password"))
        self.status.clear()

    def save(self) -> bool:
        self.errors.clear()
        self.status.clear()
        user_id = self.context.actor.user_id
        if user_id is None:
            return False
        old, new, again = (self.edits[f].text() for f in self.edits)
        if new != again:
            self.errors.show(
                ValidationError("password_again", _("The two passwords are not the same."))
            )
            return False
        done = run_write(
            self.context,
            lambda session: change_password(
                session, self.context.actor, user_id, new, old_password=old
            ),
            changes={Change.USERS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        for edit in self.edits.values():
            edit.clear()
        self.status.setText(_("Your password was changed."))
        return True


class ProtectionSection(QGroupBox):
    """Whether the file is protected by the users' passwords, and the button that protects it
    or removes the protection: the File menu's action of the window (ui/shell/protection.py),
    which the shell carries out (the file is closed, converted and opened again)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("protection_section")
        self.context = context
        self.state = QLabel(self)
        self.state.setObjectName("protection_state")
        self.state.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.setObjectName("change_protection")
        self.button.clicked.connect(self.change)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(bottom)

    def retranslate(self) -> None:
        self.setTitle(_("Protection of the file"))
        if self.context.database.encrypted:
            self.state.setText(
                _(
                    "This file is protected by the users' passwords: it is encrypted, and each "
                    "account opens it with its own password. Its keys file must stay beside it."
                )
            )
            self.button.setText(_("Remove the protection…"))
        else:
            self.state.setText(
                _(
                    "This file is not protected: anyone who gets a copy of it can read it. "
                    "Protected, it is encrypted and each account opens it with its own password."
                )
            )
            self.button.setText(_("Protect this file with the users' passwords…"))

    def change(self) -> None:
        action = self.window().findChild(QAction, "protection")
        if action is not None:
            action.trigger()
