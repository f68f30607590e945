"""`ServerPasswordDialog`: the password of a shared database that this computer does not have.

Opening a server database (the recent list, the command line, the last one at start) takes
its password from the system keyring; when there is none (another computer, no password
store at all) or the server refuses it (changed on the server), the window asks here instead
of failing: the server and the database named, the password, and "Remember the password on
this computer", checked and usable only when a password store exists (`server.
keyring_available`). A refused password says so and asks again; Cancel gives up the opening.
"""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import server
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.form_errors import ERROR_COLOR


class ServerPasswordDialog(BaseDialog):
    """`exec()`; accepted: `password` and `remember` (keep it in the keyring once it works)."""

    GUIDE_CHAPTER = "10-shared-mode"  # F1 (BaseDialog)

    def __init__(
        self, url: sa.URL, *, refused: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("server-password-dialog")
        self.url = url
        self.refused = refused
        self.can_remember = server.keyring_available()
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("server-password-problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"QLabel {{ color: {ERROR_COLOR}; }}")
        self.problem.setVisible(refused)
        self.label = QLabel(self)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("server-password")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.label.setBuddy(self.edit)
        self.remember_box = QCheckBox(self)
        self.remember_box.setObjectName("server-password-remember")
        self.remember_box.setChecked(self.can_remember)
        self.remember_box.setEnabled(self.can_remember)
        self.no_store = QLabel(self)
        self.no_store.setWordWrap(True)
        self.no_store.setVisible(not self.can_remember)
        form = QFormLayout()
        form.addRow(self.label, self.edit)
        form.addRow("", self.remember_box)
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("server-password-open")
        self.open_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(lambda text: self.open_button.setEnabled(bool(text)))
        self.open_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addLayout(form)
        layout.addWidget(self.no_store)
        layout.addStretch()
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Password of the shared database"))
        host, database = server.where(self.url)
        self.intro.setText(
            _(
                "The database {database} on the server {server} asks for the password of "
                "{user}. Ask whoever set the server up if you do not know it."
            ).format(
                database=isolate(database, "ltr"),
                server=isolate(host, "ltr"),
                user=isolate(self.url.username or "", "ltr"),
            )
        )
        self.problem.setText(_("The server refused this password. Type it again."))
        self.label.setText(_("Password"))
        self.remember_box.setText(_("Remember the password on this computer"))
        self.no_store.setText(
            _(
                "This computer has no password store: the password will be asked each time "
                "the database is opened."
            )
        )
        self.open_button.setText(_("Open"))
        self.cancel_button.setText(_("Cancel"))

    @property
    def password(self) -> str:
        return self.edit.text()

    @property
    def remember(self) -> bool:
        return self.can_remember and self.remember_box.isChecked()


def ask_server_password(
    url: sa.URL, *, refused: bool, parent: QWidget | None = None
) -> tuple[str, bool] | None:
    """The password typed and whether to remember it, or None when the user cancelled."""
    dialog = ServerPasswordDialog(url, refused=refused, parent=parent)
    try:
        if dialog.exec() != ServerPasswordDialog.DialogCode.Accepted:
            return None
        return dialog.password, dialog.remember
    finally:
        dialog.deleteLater()
