"""The personal data section of the Settings page (law 09-08): the CNDP's receipt (declaration
or authorisation, number, date), who answers requests about personal data, and the years
after which members who left are anonymised. Checked and stored by `change_setting`; the
privacy notice and the consent form print them (reports/privacy/)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.association.settings import (
    CNDP_KINDS,
    MAX_CNDP_NUMBER,
    MAX_CONTACT_ADDRESS,
    MAX_CONTACT_EMAIL,
    MAX_CONTACT_NAME,
    MAX_RETENTION_YEARS,
    privacy_settings,
)
from nassij_desktop.i18n import N_, _, current_language, ngettext
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.settings.sections import SettingsForm

KIND_LABELS = {
    "declaration": N_("Declaration (receipt of the CNDP)"),
    "authorisation": N_("Authorisation (when the CIN number is kept)"),
}


class PrivacySection(SettingsForm):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("privacy_section")
        self.context = context
        self.kind = QComboBox(self)
        self.kind.setObjectName("cndp_kind")
        for kind in CNDP_KINDS:
            self.kind.addItem("", kind)
        self.number = QLineEdit(self)
        self.number.setObjectName("cndp_number")
        self.number.setMaxLength(MAX_CNDP_NUMBER)
        self.number.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # "D-GC-258/2019"
        self.date = DateEdit(self)
        self.date.setObjectName("cndp_date")
        self.contact_name = set_field_direction(QLineEdit(self), "contact_name")
        self.contact_name.setObjectName("contact_name")
        self.contact_name.setMaxLength(MAX_CONTACT_NAME)
        self.contact_address = set_field_direction(QLineEdit(self), "contact_address")
        self.contact_address.setObjectName("contact_address")
        self.contact_address.setMaxLength(MAX_CONTACT_ADDRESS)
        self.contact_email = set_field_direction(QLineEdit(self), "email")
        self.contact_email.setObjectName("contact_email")
        self.contact_email.setMaxLength(MAX_CONTACT_EMAIL)
        self.retention = set_field_direction(QSpinBox(self))
        self.retention.setObjectName("retention_years")
        self.retention.setRange(1, MAX_RETENTION_YEARS)
        self.retention.valueChanged.connect(self._suffix)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.labels = {key: QLabel(self) for key in ("kind", "number", "date", "name", "address")}
        self.labels.update({key: QLabel(self) for key in ("email", "retention")})
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.note)
        form.addRow(self.labels["kind"], self.errors.wrap("privacy.cndp_kind", self.kind))
        form.addRow(self.labels["number"], self.errors.wrap("privacy.cndp_number", self.number))
        form.addRow(self.labels["date"], self.errors.wrap("privacy.cndp_date", self.date))
        form.addRow(
            self.labels["name"], self.errors.wrap("privacy.contact_name", self.contact_name)
        )
        form.addRow(
            self.labels["address"],
            self.errors.wrap("privacy.contact_address", self.contact_address),
        )
        form.addRow(
            self.labels["email"], self.errors.wrap("privacy.contact_email", self.contact_email)
        )
        form.addRow(
            self.labels["retention"], self.errors.wrap("privacy.retention_years", self.retention)
        )
        self.lay_out(form, "save_privacy_settings")

    def _suffix(self) -> None:
        self.retention.setSuffix(" " + ngettext("year", "years", self.retention.value()))

    def retranslate(self) -> None:
        self.setTitle(_("Personal data (law 09-08)"))
        self.note.setText(
            _(
                "Printed on the privacy notice and the consent form (Documents page). Leave "
                "the contact empty to name the board, at the seat and the association's e-mail."
            )
        )
        for index in range(self.kind.count()):
            self.kind.setItemText(index, _(KIND_LABELS[str(self.kind.itemData(index))]))
        self.labels["kind"].setText(_("Filed with the CNDP:"))
        self.labels["number"].setText(_("CNDP receipt number:"))
        self.labels["date"].setText(_("Date of the CNDP receipt:"))
        self.labels["name"].setText(_("Contact (name or role):"))
        self.labels["address"].setText(_("Contact address:"))
        self.labels["email"].setText(_("Contact e-mail:"))
        self.labels["retention"].setText(_("Anonymise members who left after:"))
        self.contact_name.setPlaceholderText(_("The board of the association"))
        self._suffix()
        self.save_button.setText(_("Save"))
        self.status.clear()

    def load(self) -> None:
        with self.context.database.session() as session:
            settings = privacy_settings(session)
            association = get_association(session)
            addresses = (association.address_ar, association.address_fr)
            if current_language() != "ar":
                addresses = addresses[::-1]
            seat = next((a for a in addresses if a), "")
            email = association.email or ""
        self.kind.setCurrentIndex(max(0, self.kind.findData(settings.cndp_kind)))
        self.number.setText(settings.cndp_number)
        self.date.set_date(settings.cndp_date)
        self.contact_name.setText(settings.contact_name)
        self.contact_address.setText(settings.contact_address)
        self.contact_address.setPlaceholderText(seat)
        self.contact_email.setText(settings.contact_email)
        self.contact_email.setPlaceholderText(email)
        self.retention.setValue(settings.retention_years)
        self.errors.clear()

    def save(self) -> bool:
        return self.save_values(
            (
                ("privacy.cndp_kind", self.kind.currentData()),
                ("privacy.cndp_number", self.number.text()),
                ("privacy.cndp_date", self.date.text()),
                ("privacy.contact_name", self.contact_name.text()),
                ("privacy.contact_address", self.contact_address.text()),
                ("privacy.contact_email", self.contact_email.text()),
                ("privacy.retention_years", self.retention.value()),
            )
        )
