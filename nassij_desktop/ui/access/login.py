"""The login dialog shown when a file with user accounts is opened.

A file without any account opens as its owner (administrator), like the CLI: a one-person
association need not invent a password before it can start.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.users.services import LoginFailed
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import Database, encryption
from nassij_desktop.ui.access.credentials import SignedIn, association_name, file_has_users
from nassij_desktop.ui.access.sign_in import SignInForm
from nassij_desktop.ui.common.base_dialog import BaseDialog

OWNER = Actor(user_id=None, login="owner", role=Role.ADMIN)


class LoginDialog(BaseDialog):
    """Signing in on an open file; or, with `protected`, the user name and password that
    unlock a password-protected file before it opens (the same dialog, the same form)."""

    GUIDE_CHAPTER = "02-first-run"  # F1 (BaseDialog)

    def __init__(
        self,
        database: Database | None,
        parent: QWidget | None = None,
        *,
        protected: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.protected = protected
        self.result_user: SignedIn | None = None
        self.credentials: tuple[str, str] | None = None
        # The association's name is inside the encrypted file: a protected one shows its name.
        heading = (
            association_name(database)
            if database is not None
            else isolate(protected.name if protected else "", "ltr")
        )
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("association_name")
        self.heading.setWordWrap(True)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel(self)
        self.intro.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.intro.setWordWrap(True)

        self.form = SignInForm(
            database, self, check=_unlocker(protected) if protected is not None else None
        )
        self.form.signed_in.connect(self._signed_in)

        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.form.waiting_changed.connect(lambda waiting: self.ok_button.setDisabled(waiting))
        self.ok_button.setObjectName("sign_in")
        self.ok_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        # The accept role would close the dialog: only a right password does.
        self.buttons.accepted.connect(self.form.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.retranslate()
        self.form.login_edit.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Sign in"))
        if self.protected is not None:
            self.intro.setText(_("This file is protected by a password: sign in to open it."))
        else:
            self.intro.setText(_("Sign in with your login and password."))
        self.ok_button.setText(_("Sign in"))
        self.cancel_button.setText(_("Cancel"))

    def _signed_in(self, user: SignedIn | tuple[str, str]) -> None:
        if isinstance(user, tuple):
            self.credentials = user
        else:
            self.result_user = user
        self.accept()


def _unlocker(path: Path) -> Callable[[str, str], tuple[str, str]]:
    def unlock(login: str, password: str) -> tuple[str, str]:
        try:
            encryption.unlock(path, login, password)
        except (encryption.WrongPassword, encryption.PasswordRequired) as exc:
            raise LoginFailed(str(exc)) from exc
        return login, password

    return unlock


def unlock_file(path: Path, parent: QWidget | None = None) -> tuple[str, str] | None:
    """Ask for the user name and password that unlock the protected file `path` (its key is
    then kept for this process); they are also the ones the file is signed in with, so the
    user types them once. None if cancelled."""
    dialog = LoginDialog(None, parent, protected=path)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.credentials
    finally:
        dialog.deleteLater()


def login(database: Database, parent: QWidget | None = None) -> tuple[Actor, str] | None:
    """Ask for a login and password; the actor and the user's display name, or None if cancelled.

    A file without any user account opens as its owner (administrator), like the CLI.
    """
    if not file_has_users(database):
        return OWNER, ""
    dialog = LoginDialog(database, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_user is None:
            return None
        return dialog.result_user.actor, dialog.result_user.name
    finally:
        dialog.deleteLater()
