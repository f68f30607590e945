"""The user-account dialogs: a new account, name and role of an account, a new password.

Each dialog writes through `core/users/services` when its button is pressed and stays open
with the service's message under the field it names until the service accepts. The users
page announces `Change.USERS` after each of its writes (its `_saved`), the dialogs' included.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import ConflictError, NassijError, ValidationError
from nassij_desktop.core.common.permissions import ROLE_LABELS, Role
from nassij_desktop.core.users.services import (
    UserRecord,
    change_password,
    create_user,
    get_user,
    update_user,
)
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    ask,
    shown,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write


def role_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName("role")
    for role in Role:
        combo.addItem(_(ROLE_LABELS[role]), role.value)
    return combo


def retranslate_roles(combo: QComboBox) -> None:
    for index in range(combo.count()):
        combo.setItemText(index, _(ROLE_LABELS[Role(combo.itemData(index))]))


def password_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return set_field_direction(edit, "password")


class _FormDialog(BaseDialog):
    """A form, its error lines, and Save/Cancel; subclasses fill the form and write."""

    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.labels: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def add_field(self, name: str, editor: QWidget) -> None:
        label = QLabel(self)
        self.labels[name] = label
        self.form.addRow(label, self.errors.wrap(name, editor))

    def retranslate(self) -> None:
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    def write(self, session: Session) -> None:
        raise NotImplementedError

    def save(self) -> bool:
        self.errors.clear()
        # No change set here: the page that opened the dialog announces it on `saved`.
        if run_write(self.context, self.write, changes=(), errors=self.errors) is None:
            return False
        self.saved.emit()
        self.accept()
        return True


def _same_passwords(first: QLineEdit, second: QLineEdit) -> str:
    if first.text() != second.text():
        raise ValidationError("password_again", _("The two passwords are not the same."))
    return first.text()


class NewUserDialog(_FormDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("new_user_dialog")
        self.login_edit = QLineEdit(self)
        self.login_edit.setObjectName("login")
        set_field_direction(self.login_edit, "login")
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("full_name")
        self.role = role_combo(self)
        self.role.setCurrentIndex(self.role.findData(Role.SECRETARY.value))
        self.password = password_edit(self, "password")
        self.password_again = password_edit(self, "password_again")
        self.add_field("login", self.login_edit)
        self.add_field("full_name", self.name_edit)
        self.add_field("role", self.role)
        self.add_field("password", self.password)
        self.add_field("password_again", self.password_again)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New user account"))
        self.labels["login"].setText(_("Login:"))
        self.login_edit.setPlaceholderText(_("e.g. fatima.z"))
        self.labels["full_name"].setText(_("Full name:"))
        self.labels["role"].setText(_("Role:"))
        self.labels["password"].setText(_("Password:"))
        self.labels["password_again"].setText(_("Password again:"))
        self.save_button.setText(_("Create the account"))
        retranslate_roles(self.role)

    def write(self, session: Session) -> None:
        password = _same_passwords(self.password, self.password_again)
        create_user(
            session,
            self.context.actor,
            self.login_edit.text(),
            self.name_edit.text(),
            password,
            Role(self.role.currentData()),
        )


class EditUserDialog(_FormDialog):
    def __init__(
        self, context: AppContext, user: UserRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("edit_user_dialog")
        self.user = user
        self.login_label = QLabel(user.login, self)
        self.name_edit = QLineEdit(user.full_name, self)
        self.name_edit.setObjectName("full_name")
        self.role = role_combo(self)
        self.role.setCurrentIndex(self.role.findData(user.role.value))
        self.add_field("login", self.login_label)
        self.add_field("full_name", self.name_edit)
        self.add_field("role", self.role)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("User account"))
        self.labels["login"].setText(_("Login:"))
        self.labels["full_name"].setText(_("Full name:"))
        self.labels["role"].setText(_("Role:"))
        retranslate_roles(self.role)

    def write(self, session: Session, *, overwrite: bool = False) -> None:
        update_user(
            session,
            self.context.actor,
            self.user.id,
            self.user.version,
            full_name=self.name_edit.text(),
            role=Role(self.role.currentData()),
            overwrite=overwrite,
        )

    def save(self) -> bool:
        """Saved unless someone else changed the account meanwhile: then the conflict dialog
        (ui/common/conflict_dialog.py): reload theirs, overwrite knowingly, or keep editing.
        A change of nothing shown here (their signing in) is saved over without a question."""
        self.errors.clear()
        conflicts: list[ConflictError] = []

        def refused(error: NassijError) -> None:
            if isinstance(error, ConflictError):
                conflicts.append(error)
            else:
                self.errors.show_general(str(error))

        def attempt(*, overwrite: bool = False) -> bool:
            conflicts.clear()
            write = partial(self.write, overwrite=overwrite)
            done = run_write(self.context, write, changes=(), errors=self.errors, failure=refused)
            return done is not None

        saved = attempt()
        if not saved and conflicts:
            saved = self._resolve(conflicts[0], attempt)
        if not saved:
            return False
        self.saved.emit()
        self.accept()
        return True

    def _resolve(self, conflict: ConflictError, attempt: Callable[..., bool]) -> bool:
        with self.context.database.session() as session:
            stored = get_user(session, self.context.actor, self.user.id)
        mine = (self.name_edit.text().strip(), self.role.currentText())
        theirs = (stored.full_name, shown(self.role, stored.role))
        labels = (self.labels["full_name"].text(), self.labels["role"].text())
        differences = [
            Difference(name, label.rstrip(" :"), m, t)
            for name, label, m, t in zip(("full_name", "role"), labels, mine, theirs, strict=True)
            if m != t
        ]
        if not differences and stored.active == self.user.active:
            self.user = stored  # nothing shown here changed (a sign-in): saved over it
            return attempt()
        choice = ask(self, ConflictDialog(str(conflict), differences, self))
        if choice == RELOAD:
            self.user = stored
            self.name_edit.setText(stored.full_name)
            self.role.setCurrentIndex(self.role.findData(stored.role.value))
            return False
        if choice == OVERWRITE:
            return attempt(overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved this account meanwhile."))
        return False


class PasswordDialog(_FormDialog):
    """A new password for `user_id`: an administrator's reset, or one's own change (which asks
    the current password unless the user manages accounts)."""

    def __init__(
        self,
        context: AppContext,
        user_id: int,
        user_label: str,
        *,
        ask_current: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("password_dialog")
        self.user_id = user_id
        self.ask_current = ask_current
        self.user_label = QLabel(user_label, self)
        self.current = password_edit(self, "old_password")
        self.password = password_edit(self, "password")
        self.password_again = password_edit(self, "password_again")
        self.add_field("user", self.user_label)
        if ask_current:
            self.add_field("old_password", self.current)
        else:
            self.current.hide()
        self.add_field("password", self.password)
        self.add_field("password_again", self.password_again)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("New password"))
        self.labels["user"].setText(_("Account:"))
        if "old_password" in self.labels:
            self.labels["old_password"].setText(_("Current password:"))
        self.labels["password"].setText(_("New password:"))
        self.labels["password_again"].setText(_("New password again:"))

    def write(self, session: Session) -> None:
        password = _same_passwords(self.password, self.password_again)
        change_password(
            session,
            self.context.actor,
            self.user_id,
            password,
            old_password=self.current.text() if self.ask_current else None,
        )
