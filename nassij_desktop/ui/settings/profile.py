"""The association's profile as the letterhead and the authorities' forms print it.

Saved as a whole through `update_association`; a refused value is shown under its field and
nothing is written. A save over someone else's newer save (`ConflictError`) opens the conflict
dialog (ui/common/conflict_dialog.py): reload theirs, overwrite knowingly, or keep editing.
The logo is stored at once when chosen (`set_association_logo`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.association.models import Association
from nassij_desktop.core.association.services import (
    get_association,
    set_association_logo,
    update_association,
)
from nassij_desktop.core.attachments.services import attachment_bytes
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, NassijError, ValidationError
from nassij_desktop.core.common.validators import national_phone
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.ui.common.authority import fill_authority_kinds, select_authority_kind
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
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write

TEXT_FIELDS: tuple[tuple[str, str], ...] = (
    # field, label (the direction of what is typed: ui/common/direction.py)
    ("name_ar", N_("Name in Arabic:")),
    ("name_fr", N_("Name in French:")),
    ("acronym", N_("Acronym:")),
    ("address_ar", N_("Address in Arabic:")),
    ("address_fr", N_("Address in French:")),
    ("city", N_("City:")),
    ("phone", N_("Phone:")),
    ("email", N_("E-mail:")),
    ("receipt_number", N_("Final receipt (récépissé) number:")),
)
BANK_FIELDS: tuple[tuple[str, str], ...] = (
    ("rib", N_("RIB (24 digits):")),
    ("bank_name", N_("Bank:")),
)
LOGO_MAX_SIDE = 96


class ProfileSection(KeepsConflict, QGroupBox):
    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profile_section")
        self.context = context
        self.version: int | None = None
        self._loaded: dict[str, str] = {}  # the fields as loaded (`touched`)
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self.conflict_dialog: ConflictDialog | None = None  # while it is open
        self.labels: dict[str, QLabel] = {}
        self.edits: dict[str, QLineEdit] = {}
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.authority_kind = QComboBox(self)
        self.authority_kind.setObjectName("authority_kind")
        for field, label in TEXT_FIELDS:
            self._line(field, label)
            if field == "city":  # the seat, then the authority its declarations go to
                self._row(
                    "authority_kind", N_("Local authority (declarations):"), self.authority_kind
                )
                self._line("authority_place", N_("Authority named after:"))
        self.receipt_date = DateEdit(self)
        self.receipt_date.setObjectName("receipt_date")
        self._row("receipt_date", N_("Receipt date:"), self.receipt_date)
        self.public_utility = QCheckBox(self)
        self.public_utility.setObjectName("public_utility")
        self._row("public_utility", N_("Public utility:"), self.public_utility)
        self._line("public_utility_decree", N_("Decree reference:"))
        self.public_utility.toggled.connect(self.edits["public_utility_decree"].setEnabled)
        for field, label in BANK_FIELDS:
            self._line(field, label)
        self.default_language = QComboBox(self)
        self.default_language.setObjectName("default_language")
        self.default_language.addItem("", "ar")
        self.default_language.addItem("", "fr")
        self._row("default_language", N_("Language of documents:"), self.default_language)

        self.logo = QLabel(self)
        self.logo.setObjectName("logo_preview")
        self.logo.setFixedSize(LOGO_MAX_SIDE, LOGO_MAX_SIDE)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setFrameShape(QLabel.Shape.StyledPanel)
        self.logo_button = QPushButton(self)
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove = QPushButton(self)
        self.logo_remove.clicked.connect(lambda: self.set_logo(None))
        logo_box = QWidget(self)
        logo_row = QHBoxLayout(logo_box)
        logo_row.setContentsMargins(0, 0, 0, 0)
        logo_row.addWidget(self.logo)
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.logo_button)
        logo_buttons.addWidget(self.logo_remove)
        logo_buttons.addStretch(1)
        logo_row.addLayout(logo_buttons)
        logo_row.addStretch(1)
        self._row("logo", N_("Logo:"), logo_box)

        self.save_button = QPushButton(self)
        self.save_button.setObjectName("save_profile")
        self.save_button.clicked.connect(self.save)
        self.status = QLabel(self)
        self.status.setObjectName("profile_status")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addLayout(bottom)

    def _row(self, field: str, label: str, editor: QWidget) -> None:
        caption = QLabel(self)
        caption.setProperty("msgid", label)
        self.labels[field] = caption
        self.form.addRow(caption, self.errors.wrap(field, editor))

    def _line(self, field: str, label: str) -> None:
        edit = set_field_direction(QLineEdit(self), field)
        edit.setObjectName(field)
        self.edits[field] = edit
        self._row(field, label, edit)

    def retranslate(self) -> None:
        self.setTitle(_("The association"))
        for caption in self.labels.values():
            caption.setText(_(str(caption.property("msgid"))))
        self.public_utility.setText(_("Recognised of public utility"))
        self.edits["public_utility_decree"].setPlaceholderText(
            # Isolated: after Arabic words, "2-05-1234" would otherwise read "1234-05-2".
            _("e.g. decree no. {reference}").format(reference=isolate("2-05-1234", "ltr"))
        )
        fill_authority_kinds(self.authority_kind)
        self.edits["authority_place"].setPlaceholderText(
            _("The commune of the seat, if left empty")
        )
        self.default_language.setItemText(0, _("Arabic"))
        self.default_language.setItemText(1, _("French"))
        self.logo_button.setText(_("Choose an image…"))
        self.logo_remove.setText(_("Remove"))
        if self.logo.pixmap().isNull():
            self.logo.setText(_("No logo"))
        self.save_button.setText(_("Save the profile"))
        self.status.clear()

    # --- data ------------------------------------------------------------------------------

    def load(self) -> None:
        with self.context.database.session() as session:
            association = get_association(session)
            self._fill(association)
            logo = None
            if association.logo_attachment_id is not None:
                try:
                    logo = attachment_bytes(session, association.logo_attachment_id)
                except LookupError:
                    logo = None
        self._show_logo(logo)
        self.errors.clear()
        self._loaded = self._typed()

    def touched(self) -> bool:
        """Whether a field was changed here since the profile was loaded."""
        return self._typed() != self._loaded

    def _fill(self, association: Association) -> None:
        self.version = association.version
        for field, edit in self.edits.items():
            value = getattr(association, field) or ""
            # Stored as +212528851234, read as people write it: 05 28 85 12 34.
            edit.setText(national_phone(value) if field == "phone" else value)
        select_authority_kind(self.authority_kind, association.authority_kind)
        self.receipt_date.set_date(association.receipt_date)
        self.public_utility.setChecked(association.public_utility)
        self.edits["public_utility_decree"].setEnabled(association.public_utility)
        self.default_language.setCurrentIndex(
            max(0, self.default_language.findData(association.default_language))
        )

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {field: edit.text() for field, edit in self.edits.items()}
        values["authority_kind"] = self.authority_kind.currentData()
        values["receipt_date"] = self.receipt_date.date("receipt_date")
        values["public_utility"] = self.public_utility.isChecked()
        if not values["public_utility"]:
            values["public_utility_decree"] = ""
        values["default_language"] = self.default_language.currentData()
        return values

    def _update(
        self, version: int | None, values: dict[str, Any], *, overwrite: bool = False
    ) -> Written[Association] | None:
        actor = self.context.actor
        return run_write(
            self.context,
            lambda session: update_association(
                session, actor, version, overwrite=overwrite, **values
            ),
            changes={Change.ASSOCIATION},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def _shown(self, association: Association) -> dict[str, str]:
        """Each field of `association` as this form shows it (to compare with the form's)."""
        texts = {
            field: national_phone(getattr(association, field) or "")
            if field == "phone"
            else getattr(association, field) or ""
            for field in self.edits
        }
        kind = self.authority_kind.findData(getattr(association.authority_kind, "value", None))
        texts["authority_kind"] = self.authority_kind.itemText(max(0, kind))  # (not specified)
        texts["receipt_date"] = shown(None, association.receipt_date)
        texts["public_utility"] = shown(None, association.public_utility)
        if not association.public_utility:
            texts["public_utility_decree"] = ""
        texts["default_language"] = shown(self.default_language, association.default_language)
        return texts

    def _typed(self) -> dict[str, str]:
        """Each field as typed in the form."""
        texts = {field: edit.text() for field, edit in self.edits.items()}
        texts["authority_kind"] = self.authority_kind.currentText()
        texts["receipt_date"] = self.receipt_date.text().strip()
        texts["public_utility"] = shown(None, self.public_utility.isChecked())
        if not self.public_utility.isChecked():
            texts["public_utility_decree"] = ""
        texts["default_language"] = self.default_language.currentText()
        return texts

    def differences(self, stored: Association) -> list[Difference]:
        """The fields where the form and the stored profile differ, as the form shows them."""
        mine, theirs = self._typed(), self._shown(stored)
        return [
            Difference(field, label.text().rstrip(" :"), mine[field], theirs[field])
            for field, label in self.labels.items()
            if field in mine and mine[field].strip() != theirs[field].strip()
        ]

    def _resolve(
        self, conflict: ConflictError, values: dict[str, Any], version: int | None
    ) -> Written[Association] | None:
        """Someone else saved the profile since it was shown here: what differs, then reload
        theirs, save over it (confirmed) or keep editing (ui/common/conflict_dialog.py)."""
        with self.context.database.session() as session:
            differences = self.differences(get_association(session))
        dialog = ConflictDialog(str(conflict), differences, self)
        choice = ask(self, dialog)
        if choice == RELOAD:
            self.load()
            return None
        if choice == OVERWRITE:
            return self._update(version, values, overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved the profile meanwhile."))
        return None

    def save(self) -> bool:
        self.errors.clear()
        self.status.clear()
        try:
            values = self.values()
        except ValidationError as error:  # a date not understood: shown under its field
            self.errors.show(error)
            return False
        version = self.version
        done = self._update(version, values)
        conflict = self.take_conflict()
        if done is None and conflict is not None:
            done = self._resolve(conflict, values, version)
        if done is None:
            return False
        self._fill(done.value)
        self._loaded = self._typed()
        self.status.setText(_("Saved."))
        self.saved.emit()
        return True

    # --- logo ------------------------------------------------------------------------------

    def choose_logo(self) -> None:
        name = ask_open_path(self, FileKind.LOGOS, _("Choose the logo"))
        if name is not None:
            self.set_logo(name)

    def set_logo(self, path: Path | None) -> bool:
        """Store the image at `path` as the logo (None: no logo)."""
        self.errors.clear()
        try:
            data = path.read_bytes() if path is not None else None
        except OSError as error:
            self.errors.show_message("logo", error.strerror or str(error))
            return False
        if data is not None and QPixmap().loadFromData(data) is False:
            self.errors.show_message("logo", _("This file is not an image that can be read."))
            return False

        def refused(error: NassijError) -> None:
            if isinstance(error, ValidationError):
                self.errors.show_message("logo", error.message)
            else:
                self.errors.show_general(str(error))

        done = run_write(
            self.context,
            lambda session: set_association_logo(
                session, self.context.actor, data, path.name if path is not None else ""
            ),
            changes={Change.ASSOCIATION},
            failure=refused,
            initiator=self,
        )
        if done is None:
            return False
        self.load()
        self.saved.emit()
        return True

    def _show_logo(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data is not None and pixmap.loadFromData(data):
            self.logo.setPixmap(
                pixmap.scaled(
                    LOGO_MAX_SIDE - 4,
                    LOGO_MAX_SIDE - 4,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo.setPixmap(QPixmap())
            self.logo.setText(_("No logo"))
        self.logo_remove.setEnabled(data is not None)
