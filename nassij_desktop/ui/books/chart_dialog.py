"""The chart of accounts: a tree by class and parent, searched by number or label; a
sub-account added, an account renamed, deactivated (or activated again), an unused one
deleted (a used one never: the service says so); and the statement model the books follow.

The chart is a few hundred accounts, read in one query: a tree widget holds it whole.
Readers (secretary, viewer) see it; its writing buttons are disabled with a tooltip.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.accounts import (
    STATEMENT_MODEL_LABELS,
    AccountRecord,
    add_account,
    delete_account,
    list_accounts,
    rename_account,
    set_account_active,
    set_statement_model,
)
from nassij_desktop.core.books.association_terms import statement_model
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, NassijError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.common.textnorm import normalise_word
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.ui.books.treasury_accounts_dialog import READ_ONLY
from nassij_desktop.ui.common import dialogs
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.bilingual_edit import BilingualEdit
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    ask,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import ScriptDelegate

NUMBER, LABEL, OWN, STATE = range(4)
CLASS_LABELS = {
    0: N_("Class 0 — off-balance-sheet accounts"),
    1: N_("Class 1 — permanent financing"),
    2: N_("Class 2 — fixed assets"),
    3: N_("Class 3 — current assets"),
    4: N_("Class 4 — current liabilities"),
    5: N_("Class 5 — treasury"),
    6: N_("Class 6 — charges"),
    7: N_("Class 7 — income"),
    8: N_("Class 8 — results"),
}
_ROLE = Qt.ItemDataRole.UserRole


class AccountForm(BaseDialog):
    """A sub-account (its number extends its parent's) or a new name for an account."""

    def __init__(
        self,
        context: AppContext,
        account: AccountRecord,
        *,
        rename: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("account_form")
        self.context = context
        self.account = account
        self.renaming = rename
        self.record: AccountRecord | None = None
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.parent_label = QLabel(self)
        self.parent_label.setWordWrap(True)
        self.number = QLineEdit(self)
        self.number.setObjectName("number")
        self.number.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.number.setMaxLength(12)
        self.number.setText(account.number)
        self.number.setReadOnly(rename)
        self.labels = BilingualEdit("label", self, max_length=200)
        if rename:
            self.labels.set_value(Bilingual(account.label_ar, account.label_fr))
        self.number_label, self.labels_label = QLabel(self), QLabel(self)
        self.number_label.setBuddy(self.number)
        form = QFormLayout()
        form.addRow(self.parent_label)
        form.addRow(self.number_label, self.errors.wrap("number", self.number))
        form.addRow(self.labels_label, self.errors.wrap("label", self.labels, *self.labels.aliases))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        (self.labels.ar if rename else self.number).setFocus()
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        shown = f"{self.account.number} — {self.account.label(lang)}"
        if self.renaming:
            self.setWindowTitle(_("Rename an account"))
            self.parent_label.setText(_("Account: {account}").format(account=shown))
        else:
            self.setWindowTitle(_("New sub-account"))
            self.parent_label.setText(
                _("Under {account}: the number starts with {number}.").format(
                    account=shown, number=self.account.number
                )
            )
        self.number_label.setText(_("Number"))
        self.labels_label.setText(_("Name"))
        self.labels.retranslate()
        self.save_button.setText(_("Save"))
        self.cancel_button.setText(_("Cancel"))

    def save(self) -> bool:
        self.errors.clear()
        actor = self.context.actor
        value = self.labels.value()
        label_ar, label_fr = value.ar or "", value.fr or ""
        if self.renaming:
            return self._rename(label_ar, label_fr)

        number = self.number.text().strip()
        if number != self.account.number and not number.startswith(self.account.number):
            self.errors.show_message(
                "number",
                _("The number of a sub-account of {parent} starts with {parent}.").format(
                    parent=self.account.number
                ),
            )
            return False

        def write(session: Session) -> AccountRecord:
            return add_account(session, actor, number, label_ar, label_fr)

        done = run_write(
            self.context, write, changes={Change.BOOKS}, errors=self.errors, initiator=self
        )
        if done is None:
            return False
        self.record = done.value
        self.accept()
        return True

    def _rename(self, label_ar: str, label_fr: str, *, overwrite: bool = False) -> bool:
        """New names, unless someone else renamed the account since this form opened: then
        the conflict dialog (ui/common/conflict_dialog.py): reload theirs, overwrite
        knowingly, or keep editing."""
        actor, account = self.context.actor, self.account
        conflicts: list[ConflictError] = []

        def refused(error: NassijError) -> None:
            if isinstance(error, ConflictError):
                conflicts.append(error)
            else:
                self.errors.show_general(str(error))

        done = run_write(
            self.context,
            lambda session: rename_account(
                session,
                actor,
                account.number,
                label_ar,
                label_fr,
                expected_version=account.version,
                overwrite=overwrite,
            ),
            changes={Change.BOOKS},
            errors=self.errors,
            failure=refused,
            initiator=self,
        )
        if done is None and conflicts:
            with self.context.database.session() as session:
                [stored] = [
                    a
                    for a in list_accounts(session, actor, account_class=account.account_class)
                    if a.id == account.id
                ]
            mine, theirs = (
                Bilingual(label_ar, label_fr),
                Bilingual(stored.label_ar, stored.label_fr),
            )
            names = {"ar": _("Name in Arabic"), "fr": _("Name in French")}
            differences = [
                Difference(f"label_{lang}", names[lang], mine.text(lang), theirs.text(lang))
                for lang in ("ar", "fr")
                if (getattr(mine, lang) or "") != (getattr(theirs, lang) or "")
            ]
            choice = ask(self, ConflictDialog(str(conflicts[0]), differences, self))
            if choice == RELOAD:
                self.account = stored
                self.labels.set_value(theirs)
                return False
            if choice == OVERWRITE:
                return self._rename(label_ar, label_fr, overwrite=True)
            self.errors.show_general(_("Not saved: someone else renamed this account meanwhile."))
            return False
        if done is None:
            return False
        self.record = done.value
        self.accept()
        return True


class ChartDialog(BaseDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chart_dialog")
        self.context = context
        self.accounts: list[AccountRecord] = []
        self.items: dict[str, QTreeWidgetItem] = {}
        self.model_value = ""
        self.dialog: AccountForm | None = None
        self.writable = context.can(Permission.BOOKS_WRITE)
        self.search = QLineEdit(self)
        self.search.setObjectName("chart_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_search)
        self.tree = QTreeWidget(self)
        self.tree.setItemDelegate(ScriptDelegate(self.tree))
        self.tree.setObjectName("chart_tree")
        self.tree.setColumnCount(4)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OWN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.message = Feedback(self, "chart_message")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_sub_account")
        self.add_button.clicked.connect(self.add_sub_account)
        self.rename_button = QPushButton(self)
        self.rename_button.setObjectName("rename_account")
        self.rename_button.clicked.connect(self.rename)
        self.active_button = QPushButton(self)
        self.active_button.setObjectName("toggle_account")
        self.active_button.clicked.connect(self.toggle_active)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("delete_account")
        self.delete_button.clicked.connect(self.delete)
        self.model_label = QLabel(self)
        self.model_box = QComboBox(self)
        self.model_box.setObjectName("statement_model")
        self.model_box.setEnabled(self.writable)
        self.model_box.activated.connect(self._model_chosen)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        self.model_label.setBuddy(self.model_box)

        actions = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.active_button):
            actions.addWidget(button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.model_label)
        bottom.addWidget(self.model_box)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.resize(820, 600)
        self.reload()
        self.retranslate()

    # --- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        try:
            with self.context.database.session() as session:
                self.accounts = list_accounts(session, self.context.actor)
                self.model_value = statement_model(session)
        except NassijError as error:
            self.message.fail(str(error))
            return
        self._fill()

    def _fill(self) -> None:
        selected = self.current()
        self.tree.clear()
        self.items = {}
        classes: dict[int, QTreeWidgetItem] = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for account in self.accounts:
            top = classes.get(account.account_class)
            if top is None:
                top = QTreeWidgetItem(self.tree)
                top.setFirstColumnSpanned(True)
                top.setFont(NUMBER, bold)
                top.setData(NUMBER, _ROLE, None)
                top.setData(LABEL, _ROLE, account.account_class)
                classes[account.account_class] = top
            holder = self.items.get(account.parent or "", top)
            item = QTreeWidgetItem(holder)
            item.setData(NUMBER, _ROLE, account.number)
            item.setTextAlignment(NUMBER, Qt.AlignmentFlag.AlignLeading)
            if not account.active:
                for column in range(4):
                    item.setForeground(column, self.palette().placeholderText())
            self.items[account.number] = item
        self._texts()
        self.tree.expandToDepth(0)
        self.apply_search()
        if selected is not None:
            self.select(selected.number)

    def _texts(self) -> None:
        lang = current_language()
        for top in self._classes():
            top.setText(NUMBER, _(CLASS_LABELS.get(top.data(LABEL, _ROLE), "")))
        for account in self.accounts:
            item = self.items[account.number]
            item.setText(NUMBER, account.number)
            item.setText(LABEL, account.label(lang))
            item.setText(OWN, _("own account") if account.extension else "")
            item.setText(STATE, "" if account.active else _("inactive"))
            item.setToolTip(
                OWN, _("Added by the application or the association to the CGNC chart.")
            )

    def apply_search(self) -> None:
        """Show the accounts whose number starts with, or whose label holds, the text typed
        (and their parents, to keep their place in the tree)."""
        wanted = normalise_word(self.search.text())
        shown: set[str] = set()
        for account in self.accounts:
            if (
                not wanted
                or account.number.startswith(wanted)
                or wanted in normalise_word(account.label_ar)
                or wanted in normalise_word(account.label_fr)
            ):
                shown.add(account.number)
                item = self.items[account.number].parent()
                while item is not None and item.data(NUMBER, _ROLE):
                    shown.add(str(item.data(NUMBER, _ROLE)))
                    item = item.parent()
        for number, item in self.items.items():
            item.setHidden(number not in shown)
        for top in self._classes():
            children = [top.child(i) for i in range(top.childCount())]
            top.setHidden(all(c is None or c.isHidden() for c in children))
        if wanted:
            self.tree.expandAll()

    def _classes(self) -> list[QTreeWidgetItem]:
        """The top rows, one per class of the chart."""
        root = self.tree.invisibleRootItem()
        return [top for i in range(root.childCount()) if (top := root.child(i)) is not None]

    def visible_numbers(self) -> list[str]:
        return [n for n, item in self.items.items() if not item.isHidden()]

    def current(self) -> AccountRecord | None:
        item = self.tree.currentItem()
        number = item.data(NUMBER, _ROLE) if item is not None else None
        return next((a for a in self.accounts if a.number == number), None)

    def select(self, number: str) -> None:
        item = self.items.get(number)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Chart of accounts"))
        self.search.setPlaceholderText(_("Search by number or name"))
        self.tree.setHeaderLabels([_("Number"), _("Name"), "", _("State")])
        self.add_button.setText(_("New sub-account…"))
        self.rename_button.setText(_("Rename…"))
        self.delete_button.setText(_("Delete"))
        self.model_label.setText(_("Statement model"))
        self.model_box.blockSignals(True)
        self.model_box.clear()
        for key, label in STATEMENT_MODEL_LABELS.items():
            self.model_box.addItem(_(label), key)
        self.model_box.setCurrentIndex(max(0, self.model_box.findData(self.model_value)))
        self.model_box.blockSignals(False)
        self.close_button.setText(_("Close"))
        tip = "" if self.writable else _(READ_ONLY)
        for widget in (*self._writers(), self.model_box):
            widget.setToolTip(tip)
        self.message.retranslate()
        self._texts()
        self._selection_changed()

    def _writers(self) -> tuple[QPushButton, ...]:
        return (self.add_button, self.rename_button, self.active_button, self.delete_button)

    def _selection_changed(self) -> None:
        account = self.current()
        active = account is None or account.active
        self.active_button.setText(_("Deactivate") if active else _("Activate again"))
        for button in self._writers():
            button.setEnabled(self.writable and account is not None)

    # --- writing ---------------------------------------------------------------------------

    def add_sub_account(self) -> AccountForm | None:
        return self._form(rename=False)

    def rename(self) -> AccountForm | None:
        return self._form(rename=True)

    def _form(self, *, rename: bool) -> AccountForm | None:
        account = self.current()
        if account is None or not self.writable:
            return None
        dialog = AccountForm(self.context, account, rename=rename, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Bound methods, not lambdas holding the form: PySide6 crashed deleting a form on
        # close whose signals led to a closure over it.
        dialog.finished.connect(self._form_finished)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _form_finished(self, result: int) -> None:
        # `finished` comes before `accepted`: the form is read here, then let go.
        record = self.dialog.record if self.dialog is not None else None
        self.dialog = None
        if record is None:
            return
        self.reload()
        self.select(record.number)
        self.message.say(lambda: _("Account {account} saved.").format(account=record.number))

    def toggle_active(self) -> bool:
        """Deactivate or activate again the chosen account, over the version listed: changed
        meanwhile by someone else, the conflict dialog (reload, or overwrite knowingly)."""
        account = self.current()
        if account is None:
            return False
        actor, number, active = self.context.actor, account.number, not account.active
        conflicts: list[ConflictError] = []

        def said() -> str:
            return (
                _("Account {account} activated again.")
                if active
                else _("Account {account} deactivated: new entries can no longer use it.")
            ).format(account=number)

        def write(version: int, *, overwrite: bool = False) -> bool:
            conflicts.clear()
            return self._write(
                lambda s: set_account_active(
                    s, actor, number, active, expected_version=version, overwrite=overwrite
                ),
                said,
                conflicts=conflicts,
            )

        if write(account.version):
            return True
        if not conflicts:
            return False
        with self.context.database.session() as session:
            [stored] = [
                a
                for a in list_accounts(session, actor, account_class=account.account_class)
                if a.id == account.id
            ]
        if stored.active == active:  # they did the same meanwhile: nothing left to do
            self.reload()
            self.select(number)
            self.message.say(said)
            return True
        if (stored.active, stored.label_ar, stored.label_fr) == (
            account.active,
            account.label_ar,
            account.label_fr,
        ):  # nothing shown here changed: saved over it without a question
            return write(stored.version)
        # Only the state is written here: their names stay whatever is chosen.
        difference = Difference("active", _("Status"), _state(active), _state(stored.active))
        choice = ask(self, ConflictDialog(str(conflicts[0]), [difference], self))
        if choice == OVERWRITE:
            return write(account.version, overwrite=True)
        self.reload()
        self.select(number)
        if choice != RELOAD:
            self.message.fail(_("Not saved: someone else saved this account meanwhile."))
        return False

    def delete(self) -> bool:
        """Delete an unused account, once confirmed; a used one is refused by the service."""
        account = self.current()
        if account is None:
            return False
        number = account.number
        if not account.used and not dialogs.confirm(
            self,
            _("Delete an account"),
            _("Delete the account {account} from the chart?").format(account=number),
            _("Delete"),
        ):
            return False
        return self._write(
            lambda s: delete_account(s, self.context.actor, number),
            lambda: _("Account {account} deleted.").format(account=number),
        )

    def _write(
        self,
        fn: Callable[[Session], object],
        said: Callable[[], str],
        *,
        conflicts: list[ConflictError] | None = None,
    ) -> bool:
        """`conflicts`: where a save over a newer version is put, to be answered (else said
        as any refusal)."""
        current = self.current()

        def refused(error: NassijError) -> None:
            if isinstance(error, ConflictError) and conflicts is not None:
                conflicts.append(error)
            else:
                self.message.fail(str(error))

        done = run_write(
            self.context,
            fn,
            changes={Change.BOOKS},
            failure=refused,
            initiator=self,
        )
        if done is None:
            return False
        self.reload()
        if current is not None:
            self.select(current.number)
        self.message.say(said)
        return True

    def _model_chosen(self) -> None:
        self.set_model(str(self.model_box.currentData()))

    def set_model(self, model: str) -> bool:
        done = self._write(
            lambda s: set_statement_model(s, self.context.actor, model),
            lambda: _("The statements follow the {model}.").format(
                model=_(STATEMENT_MODEL_LABELS[model])
            ),
        )
        self.model_box.setCurrentIndex(max(0, self.model_box.findData(self.model_value)))
        return done


def _state(active: bool) -> str:
    return _("active") if active else _("inactive")


__all__ = ["CLASS_LABELS", "AccountForm", "ChartDialog"]
