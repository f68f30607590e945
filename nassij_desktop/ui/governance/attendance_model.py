"""The attendance sheet of an assembly as a table model: one line per member, no widget per line.

The lines come once per assembly from `get_assembly`; a search (name in either script, or
number, normalised like the members search) and a filter on the attendance narrow what is
shown. The model writes nothing itself: a choice made in a cell is handed out as a request
(`presence_requested`, `holder_requested`) that the panel saves through the governance
services, then gives back the saved line (`update_line`) or takes the choice back (`revert`).

"Represented" needs a proxy holder before it can be saved: the line shows it as chosen
(pending) and asks for the holder (`holder_needed`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from fractions import Fraction
from itertools import islice
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.textnorm import normalise_query, normalise_word
from nassij_desktop.core.governance.models import Attendance
from nassij_desktop.core.governance.quorum import quorum_of_lines
from nassij_desktop.core.governance.records import (
    ATTENDANCE_LABELS,
    AttendanceRecord,
    PersonRef,
    QuorumFigures,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import list_item
from nassij_desktop.ui.governance.widgets import person_name

ModelIndex = QModelIndex | QPersistentModelIndex
NUMBER, NAME, PRESENCE, HOLDER = range(4)
MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1  # the member id of a line or of a choice
LINE_ROLE = Qt.ItemDataRole.UserRole + 2  # the AttendanceRecord of a line
HOLDER_LIMIT = 50  # choices shown at once in the proxy holder list: type to find the others
ATTENDANCE_CHOICES = (Attendance.PRESENT, Attendance.PROXY, Attendance.EXCUSED, Attendance.ABSENT)


class PresenceFilter(enum.StrEnum):
    ALL = "all"
    PRESENT = Attendance.PRESENT.value
    PROXY = Attendance.PROXY.value
    EXCUSED = Attendance.EXCUSED.value
    ABSENT = Attendance.ABSENT.value
    NOT_RECORDED = "not_recorded"


FILTER_LABELS = {
    PresenceFilter.ALL: N_("Everyone"),
    PresenceFilter.PRESENT: ATTENDANCE_LABELS[Attendance.PRESENT],
    PresenceFilter.PROXY: ATTENDANCE_LABELS[Attendance.PROXY],
    PresenceFilter.EXCUSED: ATTENDANCE_LABELS[Attendance.EXCUSED],
    PresenceFilter.ABSENT: ATTENDANCE_LABELS[Attendance.ABSENT],
    PresenceFilter.NOT_RECORDED: N_("Not recorded yet"),
}


def person_key(person: PersonRef) -> str:
    """What a search matches against: the number and both names, each normalised whole ("Ben
    Ali" is "benali"). Word by word, then joined: the same key, and the words (names repeat
    from member to member) come from the normalisation's cache."""
    return " ".join(
        "".join(normalise_word(word) for word in text.split())
        for text in (person.number, person.name_ar, person.name_lat)
    )


def matching(keys: Sequence[str], tokens: Sequence[str]) -> Iterable[int]:
    """The positions of the keys that hold every token (anywhere in them)."""
    return (i for i, key in enumerate(keys) if all(token in key for token in tokens))


def choice_text(person: PersonRef) -> str:
    return list_item(person_name(person), person.number)


class AttendanceModel(QAbstractTableModel):
    presence_requested = Signal(int, object)  # member id, Attendance (not PROXY)
    holder_requested = Signal(int, int)  # member id, proxy holder id
    holder_needed = Signal(int)  # member id: "represented" chosen, the holder is still to pick

    HEADERS = (N_("No."), N_("Member"), N_("Attendance"), N_("Proxy holder"))

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.editable = False
        self._lines: list[AttendanceRecord] = []
        self._position: dict[int, int] = {}  # member id → index in _lines
        self._keys: list[str] | None = None  # search keys, made at the first search
        self._shown: list[int] = []  # indexes in _lines of the rows on show, in order
        self._row: dict[int, int] = {}  # index in _lines → row on show
        self._pending: set[int] = set()  # member ids shown as represented, holder not chosen
        self._query = ""
        self._filter = PresenceFilter.ALL

    # --- loading and filtering -------------------------------------------------------------

    def load(self, lines: Sequence[AttendanceRecord], editable: bool) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self._position = {line.member.id: i for i, line in enumerate(self._lines)}
        self._keys = None
        self._pending.clear()
        self.editable = editable
        self._select()
        self.endResetModel()

    def set_filter(self, query: str, presence: PresenceFilter = PresenceFilter.ALL) -> None:
        """Show only the lines matching `query` (every word) with that attendance. A line whose
        attendance changes stays on show until the filter is applied again."""
        self.beginResetModel()
        self._query = query
        self._filter = PresenceFilter(presence)
        self._select()
        self.endResetModel()

    def _select(self) -> None:
        tokens = normalise_query(self._query)
        positions: Iterable[int] = range(len(self._lines))
        if tokens:
            if self._keys is None:
                self._keys = [person_key(line.member) for line in self._lines]
            positions = matching(self._keys, tokens)
        if self._filter is PresenceFilter.NOT_RECORDED:
            shown = [i for i in positions if self._lines[i].attendance is None]
        elif self._filter is not PresenceFilter.ALL:
            wanted = Attendance(self._filter.value)
            shown = [i for i in positions if self._lines[i].attendance is wanted]
        else:
            shown = list(positions)
        self._shown = shown
        self._row = {position: row for row, position in enumerate(shown)}

    def total(self) -> int:
        return len(self._lines)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)
        if self._shown:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._shown) - 1, len(self.HEADERS) - 1)
            )

    # --- lines -----------------------------------------------------------------------------

    def line(self, row: int) -> AttendanceRecord:
        return self._lines[self._shown[row]]

    def line_of(self, member_id: int) -> AttendanceRecord:
        return self._lines[self._position[member_id]]

    def member_ids(self) -> list[int]:
        """Every member of the sheet, shown or not, in the sheet's order."""
        return [line.member.id for line in self._lines]

    def row_of(self, member_id: int) -> int | None:
        """The row on show of a member's line (None: filtered out, or not in the sheet)."""
        position = self._position.get(member_id)
        return self._row.get(position) if position is not None else None

    def is_pending(self, member_id: int) -> bool:
        return member_id in self._pending

    def quorum(self, share: Fraction) -> QuorumFigures:
        """The quorum of the lines as saved (a "represented" still pending does not count)."""
        return quorum_of_lines(self._lines, share)

    def present_voters(self, excluding: int | None = None) -> list[PersonRef]:
        """Who may hold a proxy: the voting members present (saved, not pending)."""
        return [
            line.member
            for line in self._lines
            if line.voting and line.attendance is Attendance.PRESENT and line.member.id != excluding
        ]

    def update_line(self, record: AttendanceRecord) -> None:
        """A line as saved: shown at once, wherever it is."""
        member_id = record.member.id
        self._pending.discard(member_id)
        position = self._position.get(member_id)
        if position is None:
            return
        self._lines[position] = record
        self._changed(member_id)

    def revert_choice(self, member_id: int) -> None:
        """Take back a choice that was not saved: the line shows what is saved."""
        self._pending.discard(member_id)
        self._changed(member_id)

    def _changed(self, member_id: int) -> None:
        row = self.row_of(member_id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    def _shown_attendance(self, line: AttendanceRecord) -> Attendance | None:
        return Attendance.PROXY if line.member.id in self._pending else line.attendance

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        line = self.line(index.row())
        column = index.column()
        if role == MEMBER_ROLE:
            return line.member.id
        if role == LINE_ROLE:
            return line
        attendance = self._shown_attendance(line)
        if role == Qt.ItemDataRole.EditRole:
            if column == PRESENCE:
                return attendance.value if attendance else None
            if column == HOLDER:
                return line.proxy_holder.id if line.proxy_holder else None
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == NUMBER:
                return line.member.number
            if column == NAME:
                name = person_name(line.member)
                return name if line.voting else _("{name} (no vote)").format(name=name)
            if column == PRESENCE:
                if attendance is None:
                    return "—"
                return gendered(ATTENDANCE_LABELS[attendance], line.member.gender)  # حاضرة
            if column == HOLDER and attendance is Attendance.PROXY:
                if line.member.id in self._pending or line.proxy_holder is None:
                    return _("Choose the proxy holder")
                return choice_text(line.proxy_holder)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NUMBER:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_editable(index.row(), index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def is_editable(self, row: int, column: int) -> bool:
        if not self.editable:
            return False
        if column == PRESENCE:
            return True
        line = self.line(row)
        return column == HOLDER and line.voting and self._shown_attendance(line) is Attendance.PROXY

    def setData(  # noqa: N802 - Qt override
        self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        """A choice made in a cell: handed out to be saved (see the module doc)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or value is None:
            return False
        if not self.is_editable(index.row(), index.column()):
            return False
        line = self.line(index.row())
        member_id = line.member.id
        if index.column() == PRESENCE:
            attendance = Attendance(value)
            if attendance is Attendance.PROXY and line.voting:
                if line.attendance is not Attendance.PROXY:
                    self._pending.add(member_id)  # saved once a holder is chosen
                    self._changed(member_id)
                self.holder_needed.emit(member_id)
                return True
            if attendance is line.attendance and member_id not in self._pending:
                return False  # the same choice again: nothing to save
            self.presence_requested.emit(member_id, attendance)
            return True
        holder = int(value)
        saved = line.proxy_holder.id if line.proxy_holder else None
        if (
            line.attendance is Attendance.PROXY
            and saved == holder
            and member_id not in self._pending
        ):
            return False  # the same holder again
        self.holder_requested.emit(member_id, holder)
        return True


class HolderChoices(QAbstractListModel):
    """The members who may hold a proxy, narrowed by what is typed; at most HOLDER_LIMIT."""

    def __init__(self, people: Sequence[PersonRef], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._people = list(people)
        self._keys: list[str] | None = None
        self._shown = self._people[:HOLDER_LIMIT]

    def set_query(self, text: str) -> None:
        tokens = normalise_query(text)
        self.beginResetModel()
        if tokens:
            if self._keys is None:
                self._keys = [person_key(p) for p in self._people]
            found = islice(matching(self._keys, tokens), HOLDER_LIMIT)
            self._shown = [self._people[i] for i in found]
        else:
            self._shown = self._people[:HOLDER_LIMIT]
        self.endResetModel()

    def candidates(self) -> int:
        return len(self._people)

    def person(self, row: int) -> PersonRef:
        return self._shown[row]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        person = self._shown[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return choice_text(person)
        if role == MEMBER_ROLE:
            return person.id
        return None
