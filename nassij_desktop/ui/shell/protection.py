"""Protecting the open file with the users' passwords, or removing the protection, from the
window (File menu, the Settings page's "Protection of the file"): administrators only.

The dialog says what protection means before anything is done, and asks the administrator's
own password when protecting (the file's key is wrapped with it, as `nassij encrypt` does).
The `Shell` then converts the file as a restore replaces it: a backup first, the file closed,
converted beside and moved into place on a worker thread (storage/encryption.py), and opened
again, which asks for the password of the protected file.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.users.services import confirm_own_password, list_users
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage.encryption import keys_path
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label


class ProtectionDialog(BaseDialog):
    """What protecting (`protect=True`) or unprotecting the open file means, and the
    administrator's confirmation; `password` holds the checked password once accepted."""

    GUIDE_CHAPTER = "09-backups"  # F1 (BaseDialog)

    def __init__(self, context: AppContext, *, protect: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("protection-dialog")
        self.context = context
        self.protect = protect
        self.password: str | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("explanation")
        self.explanation.setWordWrap(True)
        self.others = QLabel(self)
        self.others.setObjectName("other-accounts")
        self.others.setWordWrap(True)
        self.password_label = QLabel(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        set_field_direction(self.password_edit, "password")
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        form.addRow(self.password_label, self.errors.wrap("password", self.password_edit))
        # Our own buttons: a standard one takes its text back on a change of language.
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("confirm")
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explanation)
        layout.addWidget(self.others)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        for widget in (self.password_label, self.password_edit):
            widget.setVisible(protect)
        self._other_logins = self._others() if protect else []
        self.others.setVisible(bool(self._other_logins))
        self.setMinimumWidth(520)
        self.retranslate()

    def _others(self) -> list[str]:
        with self.context.database.session() as session:
            users = list_users(session, self.context.actor)
        return [u.login for u in users if u.active and u.login != self.context.actor.login]

    def retranslate(self) -> None:
        path = self.context.database.path
        keys = isolate(keys_path(path).name if path else "", "ltr")  # beside the file
        if self.protect:
            self.setWindowTitle(_("Protect the file with passwords"))
            self.heading.setText(_("Protect this file with the users' passwords?"))
            paragraphs = [
                _(
                    "The file is encrypted: without a password of one of its accounts, nobody "
                    "can read it, even by copying it. Every account opens it with its own "
                    "password."
                ),
                _(
                    "A forgotten password is reset by an administrator. If every administrator "
                    "forgets theirs, the data is lost: nobody can recover it."
                ),
                _(
                    "The keys file {keys} must stay beside the file, and in its backups: without "
                    "it the file cannot be opened. Backups made from now on carry their own; "
                    "those made before are not protected: delete them."
                ).format(keys=keys),
                _(
                    "A backup is made first. The file is then closed, converted, and opened "
                    "again: sign in with your password."
                ),
            ]
            self.password_label.setText(_("Your password:"))
            self.ok_button.setText(_("Protect the file"))
            count = len(self._other_logins)
            self.others.setText(
                ngettext(
                    "Your password alone opens it at first. This account opens it once an "
                    "administrator has reset its password (Users page): {logins}.",
                    "Your password alone opens it at first. These accounts open it once an "
                    "administrator has reset their passwords (Users page): {logins}.",
                    count,
                ).format(logins=", ".join(isolate(login) for login in self._other_logins))
                if count
                else ""
            )
        else:
            self.setWindowTitle(_("Remove the protection"))
            self.heading.setText(_("Remove the password protection of this file?"))
            paragraphs = [
                _(
                    "The file is decrypted: anyone who gets a copy of it can then read it "
                    "without a password. Signing in still asks each user's password."
                ),
                _(
                    "A backup is made first (protected, with its keys file). The file is then "
                    "closed, converted, and opened again; its keys file {keys} is deleted."
                ).format(keys=keys),
            ]
            self.ok_button.setText(_("Remove the protection"))
        self.explanation.setText("\n\n".join(paragraphs))
        self.cancel_button.setText(_("Cancel"))
        self._fit_labels()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """A wrapped label does not grow its dialog by itself: ask for its lines' height
        (as the anonymisation dialog does)."""
        for label in (self.heading, self.explanation, self.others):
            width = label.width() if self.isVisible() else self.minimumWidth() - 24
            needed = label.heightForWidth(width)
            if needed > 0 and needed != label.minimumHeight():
                label.setMinimumHeight(needed)

    def accept(self) -> None:
        if not self.protect:
            super().accept()
            return
        self.errors.clear()
        password = self.password_edit.text()
        try:
            with self.context.database.session() as session:
                confirm_own_password(session, self.context.actor, password)
        except ValidationError as exc:
            self.errors.show(exc)
            self.password_edit.selectAll()
            self.password_edit.setFocus()
            return
        except NassijError as exc:
            self.errors.show_general(str(exc))
            return
        self.password = password
        super().accept()
