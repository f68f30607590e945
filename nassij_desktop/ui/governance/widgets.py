"""Small editors of the governance screens: a member picker with search, labels (dates are
`ui/common/date_edit.DateEdit`)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from nassij_desktop.core.governance.records import PersonRef
from nassij_desktop.core.members.models import MemberStatus
from nassij_desktop.core.members.search import MemberFilter, name_order, search_members
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import list_item
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.context import AppContext

SEARCH_DELAY_MS = 200
PICKER_LIMIT = 40


def person_name(person: PersonRef | None) -> str:
    return person.name(current_language()) if person else ""


class MemberPicker(Retranslating, QWidget):
    """A search box and the matching active members: type a few letters of a name (either
    script) or a number, then choose in the list."""

    changed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.choice = QComboBox(self)
        self.choice.setMinimumContentsLength(24)
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.choice.currentIndexChanged.connect(lambda _index: self.changed.emit())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.choice, 2)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(_("Search a member…"))
        self.choice.setPlaceholderText(_("Choose a member"))

    def apply_search(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        self.choice.blockSignals(True)
        self.choice.clear()
        if text:
            with self.context.database.session() as session:
                found = search_members(
                    session,
                    self.context.actor,
                    text,
                    MemberFilter(statuses=frozenset({MemberStatus.ACTIVE})),
                    order=name_order(current_language()),
                    limit=PICKER_LIMIT,
                )
            for record in found:
                name = record.name(current_language())
                self.choice.addItem(list_item(name, record.number), record.id)
        self.choice.setCurrentIndex(0 if self.choice.count() else -1)
        self.choice.blockSignals(False)
        self.changed.emit()

    def member_id(self) -> int | None:
        value = self.choice.currentData()
        return int(value) if value is not None else None


def label_function(message: str) -> Callable[[], str]:
    return lambda: _(message)
