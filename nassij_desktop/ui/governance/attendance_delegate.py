"""The editors of the attendance sheet, made only for the line being edited.

Attendance: a list of the choices, open at once; a choice is saved as soon as it is made.
Proxy holder: type a few letters of a name (either script) or a number, then choose among the
voting members present.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyleOptionViewItem,
    QWidget,
)

from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.governance.models import Attendance
from nassij_desktop.core.governance.records import ATTENDANCE_LABELS, PersonRef
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.tables import ScriptDelegate
from nassij_desktop.ui.governance.attendance_model import (
    ATTENDANCE_CHOICES,
    HOLDER,
    LINE_ROLE,
    MEMBER_ROLE,
    PRESENCE,
    HolderChoices,
)

ModelIndex = QModelIndex | QPersistentModelIndex


class PresenceEditor(QComboBox):
    """Present, represented (members with a vote only), excused, absent: said of the member
    of the line (حاضرة for a woman)."""

    def __init__(
        self, voting: bool, parent: QWidget | None = None, gender: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("presence_editor")
        self.setPlaceholderText("—")
        for choice in ATTENDANCE_CHOICES:
            if voting or choice is not Attendance.PROXY:
                self.addItem(gendered(ATTENDANCE_LABELS[choice], gender), choice.value)

    def select(self, value: str | None) -> None:
        self.setCurrentIndex(self.findData(value) if value is not None else -1)

    def choose(self, attendance: Attendance) -> None:
        """Pick `attendance` as a click in the list would."""
        index = self.findData(attendance.value)
        self.setCurrentIndex(index)
        self.activated.emit(index)


class HolderEditor(QLineEdit):
    """A search over the members who may hold the proxy, its matches in a list under it."""

    chosen = Signal(int)  # the holder's member id

    def __init__(self, candidates: list[PersonRef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holder_editor")
        self.holder_id: int | None = None
        self.choices = HolderChoices(candidates, self)
        self.completer_ = QCompleter(self.choices, self)
        # The model is already narrowed (normalised search): the list shows it as it is.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setWidget(self)
        # The index overload of `activated` (the stubs do not know signal overloads).
        self.completer_.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.textEdited.connect(self._typed)
        self.setPlaceholderText(
            _("Search among the members present…")
            if candidates
            else _("No member with a vote is present yet")
        )

    def _typed(self, text: str) -> None:
        self.holder_id = None
        self.choices.set_query(text)
        self.show_choices()

    def show_choices(self) -> None:
        if self.choices.rowCount():
            self.completer_.complete()
        else:
            self._hide_choices()

    def _hide_choices(self) -> None:
        popup = self.completer_.popup()
        if popup is not None:
            popup.hide()

    def _activated(self, index: QModelIndex) -> None:
        value = index.data(MEMBER_ROLE)
        if value is not None:
            self.choose(int(value))

    def choose(self, holder_id: int) -> None:
        self.holder_id = holder_id
        self._hide_choices()
        self.chosen.emit(holder_id)


class AttendanceDelegate(ScriptDelegate):
    """Makes the editor of the cell being edited, and commits as soon as a choice is made;
    draws each cell in its text's direction (`ScriptDelegate`)."""

    # Qt takes no editor (None) for a cell that cannot be edited; the stubs say it must be one.
    def createEditor(  # type: ignore[override]  # noqa: N802 - Qt override
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget | None:
        line = index.data(LINE_ROLE)
        if line is None:
            return None
        editor: QWidget
        if index.column() == PRESENCE:
            box = PresenceEditor(line.voting, parent, line.member.gender)
            box.activated.connect(lambda _index, e=box: self._commit(e))
            # The list opens at once: one click on the cell, one on the choice.
            QTimer.singleShot(0, box, box.showPopup)
            editor = box
        elif index.column() == HOLDER:
            model = index.model()
            present = model.present_voters(excluding=line.member.id)  # type: ignore[attr-defined]
            holder = HolderEditor(present, parent)
            holder.chosen.connect(lambda _id, e=holder: self._commit(e))
            QTimer.singleShot(0, holder, holder.show_choices)
            editor = holder
        else:
            return None
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:  # noqa: N802
        if isinstance(editor, PresenceEditor):
            editor.select(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(  # noqa: N802 - Qt override
        self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex
    ) -> None:
        if isinstance(editor, PresenceEditor):
            value = editor.currentData()
        elif isinstance(editor, HolderEditor):
            value = editor.holder_id
        else:
            return
        if value is not None:
            model.setData(index, value, Qt.ItemDataRole.EditRole)

    def _commit(self, editor: QWidget) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
