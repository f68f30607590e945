"""The user accounts of this file: who may sign in, with which role, and when they last did.

Only administrators see the page (USERS_MANAGE); the services refuse the others anyway. The
services also refuse to leave the file without an active administrator: their message is
shown on the page.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.errors import ConflictError, NassijError
from nassij_desktop.core.common.permissions import ROLE_LABELS
from nassij_desktop.core.users.services import UserRecord, get_user, list_users, update_user
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    ask,
)
from nassij_desktop.ui.common.context import AppContext, concerns
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction
from nassij_desktop.ui.users.dialogs import EditUserDialog, NewUserDialog, PasswordDialog

COLUMNS = (
    N_("Login"),
    N_("Full name"),
    N_("Role"),
    N_("Status"),
    N_("Last sign-in"),
)
USER_ROLE = Qt.ItemDataRole.UserRole


def _local(moment: dt.datetime) -> dt.datetime:
    """Stored in UTC (naive); shown in this PC's time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone()


class UsersPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.users: list[UserRecord] = []
        self.dialog: QDialog | None = None  # the dialog on show (tests drive it)
        self._build()
        self.retranslate()
        self.refresh()
        context.signals.data_changed.connect(self._data_changed)

    def title(self) -> str:
        return _("Users")

    def _build(self) -> None:
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("user_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        scroll_with_direction(self.table)
        self.table.setItemDelegate(ScriptDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_user")
        self.edit_button = QPushButton(self)
        self.active_button = QPushButton(self)
        self.active_button.setObjectName("toggle_active")
        self.password_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button.clicked.connect(self.toggle_active)
        self.password_button.clicked.connect(self.reset_password)
        self.message = Feedback(self, "users_message")

        buttons = QHBoxLayout()
        for button in (
            self.add_button,
            self.edit_button,
            self.active_button,
            self.password_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

    def retranslate(self) -> None:
        self.heading.setText(
            _(
                "The people who may open this file, and what each role allows. A person who "
                "leaves is deactivated rather than removed, so that the history keeps their name."
            )
        )
        self.table.setHorizontalHeaderLabels([_(label) for label in COLUMNS])
        self.add_button.setText(_("Add a user…"))
        self.edit_button.setText(_("Name and role…"))
        self.password_button.setText(_("Reset the password…"))
        self._fill()

    # --- data ------------------------------------------------------------------------------

    def _data_changed(self, changed: Changes) -> None:
        # Out of sight, the page waits: the main window reloads a page each time it is shown.
        if concerns(changed, {Change.USERS}) and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        with self.context.database.session() as session:
            try:
                self.users = list_users(session, self.context.actor)
            except NassijError as error:
                self.users = []
                self.show_message(str(error))
        self._fill()

    def _fill(self) -> None:
        selected = self.selected_user()
        self.table.setRowCount(len(self.users))
        lang = current_language()
        for row, user in enumerate(self.users):
            last = user.last_login_at
            when = (
                f"{format_date(_local(last).date(), lang)} {_local(last):%H:%M}"
                if last
                else _("never")
            )
            texts = (
                user.login,
                user.full_name,
                _(ROLE_LABELS[user.role]),
                _("active") if user.active else _("deactivated"),
                when,
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(USER_ROLE, user.id)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
                if not user.active:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, column, item)
        if selected is not None:
            self.select_login(selected.login)
        self._selection_changed()

    def selected_user(self) -> UserRecord | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.users):
            return None
        return self.users[rows[0].row()]

    def select_login(self, login: str) -> None:
        for row, user in enumerate(self.users):
            if user.login == login:
                # Through the selection model: QTableView.selectRow() selects nothing in a
                # right-to-left table that has not been laid out yet.
                index = self.table.model().index(row, 0)
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.selectionModel().setCurrentIndex(index, flags)
                return

    def _selection_changed(self) -> None:
        user = self.selected_user()
        for button in (self.edit_button, self.active_button, self.password_button):
            button.setEnabled(user is not None)
        self.active_button.setText(
            _("Reactivate") if user is not None and not user.active else _("Deactivate")
        )

    def show_message(self, text: str) -> None:
        """A refusal or failure, until the next action ("" clears it)."""
        if text:
            self.message.fail(text)
        else:
            self.message.clear_message()

    # --- actions ---------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        self.show_message("")
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.saved.connect(self._saved)  # type: ignore[attr-defined]
        dialog.open()
        return dialog

    def add_user(self) -> QDialog:
        return self._open(NewUserDialog(self.context, self))

    def edit_selected(self) -> QDialog | None:
        user = self.selected_user()
        return self._open(EditUserDialog(self.context, user, self)) if user else None

    def reset_password(self) -> QDialog | None:
        user = self.selected_user()
        if user is None:
            return None
        label = f"{user.full_name} ({user.login})"
        return self._open(
            PasswordDialog(
                self.context,
                user.id,
                label,
                ask_current=user.id == self.context.actor.user_id,
                parent=self,
            )
        )

    def toggle_active(self) -> bool:
        """Deactivate or reactivate the selected account, over the version listed: if someone
        else saved it meanwhile, the conflict dialog (reload theirs, overwrite knowingly, or
        leave it); a change of nothing shown (their signing in) is saved over without a
        question."""
        user = self.selected_user()
        if user is None:
            return False
        self.show_message("")
        wanted = not user.active
        try:
            self._set_active(user.id, user.version, wanted)
        except ConflictError as conflict:
            return self._resolve_active(conflict, user, wanted)
        except NassijError as error:
            self.show_message(str(error))
            return False
        self._saved()
        return True

    def _set_active(
        self, user_id: int, version: int, active: bool, *, overwrite: bool = False
    ) -> None:
        with self.context.database.transaction() as session:
            update_user(
                session, self.context.actor, user_id, version, active=active, overwrite=overwrite
            )

    def _resolve_active(self, conflict: ConflictError, user: UserRecord, wanted: bool) -> bool:
        with self.context.database.session() as session:
            stored = get_user(session, self.context.actor, user.id)
        if stored.active == wanted:  # they did the same meanwhile: nothing left to do
            self._saved()
            return True
        try:
            if stored.active == user.active and (stored.full_name, stored.role) == (
                user.full_name,
                user.role,
            ):  # nothing shown here changed (a sign-in): saved over it
                self._set_active(user.id, stored.version, wanted)
            else:
                # Only the status is written here: their other changes (name, role) stay
                # whatever is chosen, so the dialog shows what an overwrite replaces.
                differences = [
                    Difference("active", _("Status"), _status(wanted), _status(stored.active))
                ]
                choice = ask(self, ConflictDialog(str(conflict), differences, self))
                if choice == OVERWRITE:
                    self._set_active(user.id, user.version, wanted, overwrite=True)
                elif choice == RELOAD:
                    self.refresh()
                    return False
                else:
                    self.show_message(_("Not saved: someone else saved this account meanwhile."))
                    return False
        except NassijError as error:
            self.show_message(str(error))
            return False
        self._saved()
        return True

    def _saved(self) -> None:
        self.refresh()
        self.context.announce(Change.USERS)


def _status(active: bool) -> str:
    return _("active") if active else _("deactivated")
