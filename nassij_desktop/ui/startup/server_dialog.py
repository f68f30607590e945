"""`ServerDialog`: "Connect to a shared database…", an association kept on a PostgreSQL server
that several computers open at once.

It asks for the server, its port, the database, the user and the password, whether the
connection must be encrypted ("Use TLS": sslmode=require, else prefer) and whether this
computer keeps the password (the system keyring, storage/server.py). "Test the connection"
and "Connect" ask the server on a worker thread (`ui/common/operations.py`): a server that
does not answer never freezes the window. When accepted, `result_url` is the database to open
(with the password typed, which is never shown nor kept elsewhere).

A database that holds no association yet (empty, `ServerCheck.can_create`) is not opened: the
dialog says so and its main button becomes "Create a new association in this database";
accepted that way, `result_create` is True and the caller asks for the association (the
first-run assistant's form, `FirstRunAssistant(server=…)`), creates it there and opens it.
A user who may not create the tables there (the daily role) is told so at once, with the
owner's role to use instead, before any detail of the association is asked.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _
from nassij_desktop.storage import server
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.form_errors import ERROR_COLOR
from nassij_desktop.ui.common.operations import Operation

OK_COLOR = "#1b6e3a"


class ServerDialog(BaseDialog):
    GUIDE_CHAPTER = "10-shared-mode"  # F1 (BaseDialog)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("server-dialog")
        self.result_url: sa.URL | None = None
        self.result_create = False  # accepted to create a new association in the database
        self.found: server.ServerCheck | None = None  # what the server last answered
        self.operation: Operation[server.ServerCheck] | None = None
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.host = self._latin_edit("server-host")
        self.port = QSpinBox(self)
        self.port.setObjectName("server-port")
        self.port.setRange(1, 65535)
        self.port.setValue(server.DEFAULT_PORT)
        self.port.setGroupSeparatorShown(False)
        self.database = self._latin_edit("server-database")
        self.user = self._latin_edit("server-user")
        self.password = self._latin_edit("server-password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.tls = QCheckBox(self)
        self.tls.setObjectName("server-tls")
        self.tls.setChecked(True)
        self.remember = QCheckBox(self)
        self.remember.setObjectName("server-remember")
        self.form = QFormLayout()
        self.labels = [QLabel(self) for _ in range(5)]
        for label, field in zip(
            self.labels,
            (self.host, self.port, self.database, self.user, self.password),
            strict=True,
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.form.addRow("", self.tls)
        self.form.addRow("", self.remember)
        self.status = QLabel(self)
        self.status.setObjectName("server-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("server-test")
        self.test_button.clicked.connect(self.test_connection)
        self.buttons = QDialogButtonBox(self)
        self.connect_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setObjectName("server-connect")
        self.connect_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.connect_to_server)
        self.buttons.rejected.connect(self.reject)
        self.buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.status)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.retranslate()

    def _latin_edit(self, name: str) -> QLineEdit:
        # Names, addresses and passwords are typed left to right, in an Arabic window too.
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        edit.textEdited.connect(lambda _text: self._changed())
        return edit

    def _changed(self) -> None:
        """Another server or database: what was found no longer holds."""
        self._say("")
        if self.found is not None:
            self.found = None
            self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Connect to a shared database"))
        self.intro.setText(
            _(
                "The association's data is kept on a PostgreSQL server that several computers "
                "use at once. Ask whoever set the server up for these details."
            )
        )
        for label, text in zip(
            self.labels,
            (_("Server"), _("Port"), _("Database"), _("User name"), _("Password")),
            strict=True,
        ):
            label.setText(text)
        self.host.setPlaceholderText(_("e.g. nas.local or 192.168.1.20"))
        self.tls.setText(_("Use TLS (an encrypted connection; required on a network)"))
        self.remember.setText(_("Remember the password on this computer"))
        self.test_button.setText(_("Test the connection"))
        self.connect_button.setText(
            _("Create a new association in this database")
            if self.found is not None and self.found.can_create
            else _("Connect")
        )
        self.cancel_button.setText(_("Cancel"))

    # --- what was typed ----------------------------------------------------------------------

    def settings(self) -> server.ServerSettings:
        return server.ServerSettings(
            host=self.host.text(),
            port=self.port.value(),
            database=self.database.text(),
            user=self.user.text(),
            password=self.password.text(),
            tls=self.tls.isChecked(),
        )

    def fill(self, settings: server.ServerSettings, *, remember: bool = False) -> None:
        self.host.setText(settings.host)
        self.port.setValue(settings.port)
        self.database.setText(settings.database)
        self.user.setText(settings.user)
        self.password.setText(settings.password)
        self.tls.setChecked(settings.tls)
        self.remember.setChecked(remember)

    def _say(self, text: str, *, ok: bool = True) -> None:
        self.status.setStyleSheet(f"QLabel {{ color: {OK_COLOR if ok else ERROR_COLOR}; }}")
        self.status.setText(text)

    def _validated(self) -> server.ServerSettings | None:
        settings = self.settings()
        try:
            settings.validate()
        except ValidationError as exc:
            self._say(str(exc), ok=False)
            field = {"host": self.host, "database": self.database, "user": self.user}
            field.get(exc.field or "", self.host).setFocus()
            return None
        return settings

    # --- the server --------------------------------------------------------------------------

    def _ask(
        self, work: Callable[[Progress], server.ServerCheck], label: str
    ) -> Operation[server.ServerCheck] | None:
        if self.operation is not None and self.operation.running:
            return None
        operation = Operation(self, work, label=label)
        operation.failure(lambda error: self._say(str(error), ok=False))
        operation.always(lambda: self._set_enabled(True))
        self._set_enabled(False)
        self._say(label)
        self.operation = operation
        return operation if operation.run_in_background() else None

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.test_button, self.connect_button):
            widget.setEnabled(enabled)

    def test_connection(self) -> Operation[server.ServerCheck] | None:
        """Ask the server, off the GUI thread, and say what it answered."""
        settings = self._validated()
        if settings is None:
            return None

        def work(_progress: Progress) -> server.ServerCheck:
            return server.check_server(settings.url())

        operation = self._ask(work, _("Connecting to the server…"))
        if operation is not None:
            operation.success(self._tested)
        return operation

    def _tested(self, found: server.ServerCheck) -> None:
        """What "Test the connection" found, said; an empty database offers the creation."""
        self.found = found
        # Refused (newer, or a role that may not make the tables): said in the error's colour.
        self._say(self._found_text(found), ok=found.state != "newer" and found.refusal is None)
        self.retranslate()
        self.grow_to_fit()

    def grow_to_fit(self) -> None:
        """Room for a longer answer or button: the dialog grows, the fields keep their size."""
        # The new texts measured before the size is asked (the buttons' own layout too).
        for layout in (self.buttons.layout(), self.layout()):
            if layout is not None:
                layout.invalidate()
                layout.activate()
        self.resize(self.size().expandedTo(self.sizeHint()))

    @staticmethod
    def _found_text(found: server.ServerCheck) -> str:
        if not found.can_create:
            return found.message
        # The other way to fill it: this computer's association, moved from its window.
        return "\n".join(
            (
                found.message,
                _(
                    "To put this computer's association there instead, open its file and "
                    "choose “Move this association to a shared database…” in the File menu."
                ),
            )
        )

    def connect_to_server(self) -> Operation[server.ServerCheck] | None:
        """Check, keep (or forget) the password, and accept: the shell opens `result_url`.
        A database without an association is said first, with the offer to create one;
        asked again (the button then says so), the dialog is accepted with `result_create`."""
        settings = self._validated()
        if settings is None:
            return None
        remember = self.remember.isChecked()
        creating = self.found is not None and self.found.can_create

        def work(_progress: Progress) -> server.ServerCheck:
            return server.connect(settings, remember=remember)

        def connected(found: server.ServerCheck) -> None:
            if found.can_create and not creating:
                self._tested(found)  # said, and the main button now offers the creation
                return
            self.result_url = settings.url()
            self.result_create = found.can_create
            self.accept()

        operation = self._ask(work, _("Connecting to the server…"))
        if operation is not None:
            operation.success(connected)
        return operation
