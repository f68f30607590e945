"""`SignInForm`: login, password, "show password", the error line and the wait after failures.

The login dialog and the lock screen both hold one. After `FREE_ATTEMPTS` wrong passwords in a
row the form makes the user wait before the next try, doubling each time up to
`MAX_DELAY_SECONDS` (the service counts failures per account but does not slow anyone down).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from nassij_desktop.core.users.services import LoginFailed
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.storage import Database
from nassij_desktop.ui.access.credentials import SignedIn, check_credentials
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import error_label

FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 60


class SignInForm(Retranslating, QWidget):
    signed_in = Signal(object)  # SignedIn
    waiting_changed = Signal(bool)  # True while a wait after failures runs

    def __init__(
        self,
        database: Database | None,
        parent: QWidget | None = None,
        *,
        check: Callable[[str, str], object] | None = None,
    ) -> None:
        """`check(login, password)`: what a right answer gives (emitted by `signed_in`), or
        LoginFailed; by default the sign-in on `database`. A protected file not yet open is
        unlocked by its own check (ui/access/login.py `unlock_file`)."""
        super().__init__(parent)
        self.database = database
        self._check = check
        self.failures = 0
        self.delay_unit_ms = 1000  # one "second" of the wait; tests shorten it
        self._remaining = 0
        self._last_error = ""

        self.login_edit = QLineEdit(self)
        self.login_edit.setObjectName("login")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit, field in ((self.login_edit, "login"), (self.password_edit, "password")):
            set_field_direction(edit, field)
            edit.returnPressed.connect(self.submit)
        self.show_password = QCheckBox(self)
        self.show_password.setObjectName("show_password")
        self.show_password.toggled.connect(self._toggle_echo)
        self.error = error_label(self)
        self.error.setObjectName("login_error")

        self.form = QFormLayout()
        self.login_label = QLabel(self)
        self.password_label = QLabel(self)
        self.form.addRow(self.login_label, self.login_edit)
        self.form.addRow(self.password_label, self.password_edit)
        self.form.addRow("", self.show_password)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.error)

        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self.retranslate()

    def retranslate(self) -> None:
        self.login_label.setText(_("Login:"))
        self.password_label.setText(_("Password:"))
        self.show_password.setText(_("Show the password"))
        self._show_wait()

    @property
    def waiting(self) -> bool:
        return self._remaining > 0

    def submit(self) -> SignedIn | object | None:
        """Check what was typed; emits `signed_in` and returns the user when it is right."""
        if self.waiting:
            return None
        try:
            login, password = self.login_edit.text(), self.password_edit.text()
            if self._check is not None:
                result: object = self._check(login, password)
            else:
                assert self.database is not None
                result = check_credentials(self.database, login, password)
        except LoginFailed as failure:
            self.failures += 1
            self._last_error = str(failure)
            self.error.setText(self._last_error)
            self.error.show()
            self.password_edit.clear()
            self.password_edit.setFocus()
            if self.failures >= FREE_ATTEMPTS:
                self._start_wait()
            return None
        self.failures = 0
        self.error.clear()
        self.error.hide()
        self.signed_in.emit(result)
        return result

    def clear(self) -> None:
        self.password_edit.clear()
        self.error.clear()
        self.error.hide()

    # --- the wait after repeated failures --------------------------------------------------

    def _start_wait(self) -> None:
        self._remaining = min(MAX_DELAY_SECONDS, 2 ** (self.failures - FREE_ATTEMPTS) * 5)
        self._set_inputs_enabled(False)
        self._show_wait()
        self._timer.start(self.delay_unit_ms)
        self.waiting_changed.emit(True)

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining > 0:
            self._show_wait()
            return
        self._timer.stop()
        self._set_inputs_enabled(True)
        self.error.setText(self._last_error)
        self.password_edit.setFocus()
        self.waiting_changed.emit(False)

    def _show_wait(self) -> None:
        if not self.waiting:
            return
        self.error.setText(
            self._last_error
            + "\n"
            + ngettext(
                "Too many failed attempts: wait {n} second before trying again.",
                "Too many failed attempts: wait {n} seconds before trying again.",
                self._remaining,
            ).format(n=self._remaining)
        )
        self.error.show()

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.login_edit, self.password_edit):
            widget.setEnabled(enabled)

    def _toggle_echo(self, shown: bool) -> None:
        self.password_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
