"""The conflict dialog: someone else saved the record being edited here; what differs, side by
side, and the user's choice.

An edit dialog that gets a `ConflictError` from its save (core/common/conflicts.py) lists the
fields whose value in the form differs from the stored one (`Difference`: the field's name, the
value typed here, the value saved by the other person, each already shown as text) and opens
this dialog over itself. `exec()` returns `RELOAD` (drop the form's changes, show the stored
values), `OVERWRITE` (the user confirmed: save again with `overwrite=True`) or `Rejected`
(Cancel: keep editing; nothing is saved).

Each value is isolated in its own direction (an Arabic name in a French window, a phone number
in an Arabic one); the table and the buttons follow the interface's direction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.errors import ConflictError, NassijError
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import bidi_text, format_date, isolate, plain_text
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.dialogs import confirm
from nassij_desktop.ui.common.form_errors import FieldErrors
from nassij_desktop.ui.common.tables import ScriptDelegate

RELOAD = 2  # exec(): drop the form's changes and show the stored values
OVERWRITE = 3  # exec(): save the form over the stored values (confirmed)
EMPTY = "—"  # a value left empty, on either side


class KeepsConflict:
    """Mixed into an editor whose save may meet someone else's newer save (optimistic
    locking), before its Qt class. `_refused` is its `run_write` failure: a `ConflictError`
    is kept for `save()` to show once run_write is over (`take_conflict`), any other refusal
    goes to the form's general error line (`errors`)."""

    errors: FieldErrors
    _conflict: ConflictError | None = None

    def keeps_conflict(self) -> bool:
        """Whether a conflict is this editor's to show (a new record has none to meet)."""
        return True

    def _refused(self, error: NassijError) -> None:
        if isinstance(error, ConflictError) and self.keeps_conflict():
            self._conflict = error  # shown by save() once run_write is over
        else:
            self.errors.show_general(str(error))

    def take_conflict(self) -> ConflictError | None:
        """The conflict the last save met, if one, forgotten here."""
        conflict, self._conflict = self._conflict, None
        return conflict


@dataclass(frozen=True, slots=True)
class Difference:
    """One field whose value here differs from the stored one (all texts already shown)."""

    field: str  # the attribute's name (for tests and the form)
    label: str  # the field's translated name
    mine: str
    theirs: str


def shown(editor: QWidget | None, value: object) -> str:
    """A value as the form's `editor` shows it: a choice by its name, a date as typed, a box
    ticked or not; empty for nothing."""
    if value is None or value == "":
        return ""
    if isinstance(editor, QComboBox):
        index = editor.findData(getattr(value, "value", value))
        return editor.itemText(index) if index >= 0 else str(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def line_differences(mine: Sequence[str], theirs: Sequence[str]) -> list[Difference]:
    """A record edited as many lines (a budget, a checklist), saved whole: a row per line that
    differs, "Line 3" with its text on each side (a line only one side has: "—" on the
    other)."""
    return [
        Difference(
            f"line-{number}",
            _("Line {number}").format(number=number),
            mine[number - 1] if number <= len(mine) else "",
            theirs[number - 1] if number <= len(theirs) else "",
        )
        for number in range(1, max(len(mine), len(theirs)) + 1)
        if (mine[number - 1 : number] or [""]) != (theirs[number - 1 : number] or [""])
    ]


class ConflictDialog(BaseDialog):
    def __init__(
        self, message: str, differences: list[Difference], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.setModal(True)
        self.message = message
        self.differences = differences
        self.setMinimumWidth(560)

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.question = QLabel(self)
        self.question.setWordWrap(True)
        self.table = QTableWidget(len(differences), 3, self)
        self.table.setItemDelegate(ScriptDelegate(self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to choose in it
        self.table.setWordWrap(False)  # a long value is cut; its tooltip shows it whole
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for row, difference in enumerate(differences):
            texts = (difference.label, difference.mine, difference.theirs)
            for column, text in enumerate(texts):
                shown = text or EMPTY
                # Each value in its own direction (FSI: its first letter's; figures left to
                # right), whatever the interface's.
                item = QTableWidgetItem(shown if column == 0 else isolate(shown))
                item.setToolTip(shown)
                self.table.setItem(row, column, item)

        self.buttons = QDialogButtonBox(self)
        self.reload_button = QPushButton(self)
        self.overwrite_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.overwrite_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.clicked.connect(lambda: self.done(RELOAD))
        self.overwrite_button.clicked.connect(self._overwrite)
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setDefault(True)  # Enter keeps editing: never a choice by accident

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.question)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Changed by someone else"))
        self.heading.setText(bidi_text(self.message))
        self.question.setText(
            _(
                "Reload theirs to see the saved values (your changes here are dropped), or "
                "overwrite with yours. Cancel to keep editing."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [_("Field"), _("Your version"), _("Saved by the other person")]
        )
        self.reload_button.setText(_("Reload theirs"))
        self.overwrite_button.setText(_("Overwrite with mine"))
        self.cancel_button.setText(_("Cancel"))

    def _overwrite(self) -> None:
        if confirm(
            self,
            _("Overwrite with mine"),
            _("Replace what the other person saved with your version?"),
            _("Overwrite with mine"),
            details=_("Their values shown here are lost; the change is kept in the audit log."),
            warning=True,
        ):
            self.done(OVERWRITE)

    def row_texts(self, row: int) -> tuple[str, str, str]:
        """The three cells of `row` as the user reads them (for tests)."""
        label, mine, theirs = (self.table.item(row, column) for column in range(3))
        assert label is not None and mine is not None and theirs is not None
        return plain_text(label.text()), plain_text(mine.text()), plain_text(theirs.text())


__all__ = [
    "EMPTY",
    "OVERWRITE",
    "RELOAD",
    "ConflictDialog",
    "Difference",
    "line_differences",
    "shown",
]


def ask(form: QWidget, dialog: ConflictDialog) -> int:
    """Show `dialog` over the form that met the conflict and return the choice (RELOAD,
    OVERWRITE, or Rejected: keep editing). While it is open the form holds it as
    `conflict_dialog`, where tests find it."""
    form.conflict_dialog = dialog  # type: ignore[attr-defined]
    try:
        return dialog.exec()
    finally:
        form.conflict_dialog = None  # type: ignore[attr-defined]
