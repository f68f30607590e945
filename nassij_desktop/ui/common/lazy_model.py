"""`LazyTableModel`: a table over a hundred thousand rows that reads only the rows on screen.

The model knows the number of rows of the view and asks its `RowSource` for pages of rows
(already in the view's order) when the table paints a row it does not hold yet. A few pages
are kept, the least recently used ones are dropped. Sorting asks the source again, in the
order of the clicked column; nothing is ever sorted or loaded as a whole on the screen side.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from nassij_desktop.i18n import _

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

ModelIndex = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # data(index, ROW_ROLE): the row object itself
MAX_FOLLOWED = 64  # persistent indexes (a selection's corners) kept on their records


class Align(enum.Enum):
    """Where a column's text sits; Leading/Trailing follow the language's direction."""

    TEXT = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
    NUMBER = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
    CENTER = Qt.AlignmentFlag.AlignCenter
    # Text in one script reads from its own side whatever the interface's direction.
    ARABIC = (
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
    )
    LATIN = (
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
    )


@dataclass(frozen=True)
class Column(Generic[R]):
    key: str  # stable name (saved column widths use it)
    label: str  # N_-marked; translated each time the header is drawn
    text: Callable[[R], str]
    align: Align = Align.TEXT
    sort: str | None = None  # the order the source understands; None: not sortable
    width: int = 120  # default width in pixels, before the user resizes it
    stretch: bool = False  # shares the width the other columns leave (ui.common.tables)
    # A cell's colour ("#b3261e": form_errors.ERROR_COLOR for an overdue line); None: the view's.
    color: Callable[[R], str | None] | None = None


class RowSource(Protocol[R_co]):
    """What the model reads: the size of the view and one page of it at a time."""

    def count(self) -> int: ...

    def rows(self, offset: int, limit: int, sort: str | None, descending: bool) -> Sequence[R_co]:
        """Rows `offset` to `offset + limit` of the view in that order."""
        ...


class LazyTableModel(QAbstractTableModel, Generic[R]):
    def __init__(
        self,
        source: RowSource[R],
        columns: Sequence[Column[R]],
        *,
        page_size: int = 100,
        cached_pages: int = 12,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self._columns = list(columns)
        self.page_size = page_size
        self._cached_pages = cached_pages
        self._pages: OrderedDict[int, Sequence[R]] = OrderedDict()
        self._count = 0
        self._sort: str | None = next((c.sort for c in self._columns if c.sort), None)
        self._descending = False

    # --- what the view asks ----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align.value
        if role == Qt.ItemDataRole.ForegroundRole:
            row = self.row(index.row()) if column.color is not None else None
            color = column.color(row) if column.color is not None and row is not None else None
            return QColor(color) if color else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE):
            return None
        row = self.row(index.row())
        if row is None:
            return None
        if role == ROW_ROLE:
            return row
        return column.text(row)

    def headerData(  # noqa: N802 - Qt override
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self._columns[section].label)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = self._columns[section].align
            # A header is in the interface's language, whatever script its column holds.
            return Align.TEXT.value if align in (Align.ARABIC, Align.LATIN) else align.value
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._columns[column].sort if 0 <= column < len(self._columns) else None
        if key is None:
            return  # not sortable: the view keeps its order
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending) and self._pages:
            return
        self._sort, self._descending = key, descending
        self.reload()

    # --- what the screen asks --------------------------------------------------------------

    @property
    def columns(self) -> list[Column[R]]:
        return list(self._columns)

    @property
    def sort_key(self) -> str | None:
        return self._sort

    @property
    def descending(self) -> bool:
        return self._descending

    def column_of(self, sort: str) -> int:
        return next((i for i, c in enumerate(self._columns) if c.sort == sort), -1)

    def set_sort(self, sort: str | None, descending: bool = False) -> None:
        """Choose the order without reloading (the next `reload` uses it)."""
        self._sort, self._descending = sort, descending

    def row(self, row: int) -> R | None:
        """The row object at `row`, read with its page if needed."""
        if not 0 <= row < self._count:
            return None
        page = self._page(row // self.page_size)
        offset = row % self.page_size
        return page[offset] if offset < len(page) else None

    def loaded_rows(self) -> int:
        return sum(len(page) for page in self._pages.values())

    def reload(self) -> None:
        """Count again and start over (a new search, filter or order); the first page is read
        at once since the view shows it next."""
        self.beginResetModel()
        self._pages.clear()
        self._count = self.source.count()
        if self._count:
            self._page(0)
        self.endResetModel()

    def invalidate(self) -> None:
        """The data changed (a write, here or on another computer): forget the pages, keep
        the view's scroll position, and keep its selection and current row on the same
        records (found again near where they were) even when rows came or went before them.

        No reset: rows added or removed at the end, then a layout change that moves the
        view's persistent indexes (its selection) to their records' new rows."""
        count = self.source.count()
        persistent = self.persistentIndexList()
        # The records under the selection, from the pages held (the data as it was).
        held = {ix.row(): self._held_key(ix.row()) for ix in persistent[:MAX_FOLLOWED]}
        self._pages.clear()
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        if any(key is not None for key in held.values()):
            self.layoutAboutToBeChanged.emit()
            moved = {row: self._row_of(key, row) for row, key in held.items()}
            sources, targets = [], []
            for index in self.persistentIndexList():
                if index.row() in moved:
                    new = moved[index.row()]
                    sources.append(index)
                    targets.append(self.index(new, index.column()) if new >= 0 else QModelIndex())
            self.changePersistentIndexList(sources, targets)
            self.layoutChanged.emit()
        if count < self._count:
            self.beginRemoveRows(QModelIndex(), count, self._count - 1)
            self._count = count
            self.endRemoveRows()
        if self._count:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._count - 1, len(self._columns) - 1)
            )

    def _held_key(self, row: int) -> object:
        """The identity (`id`) of the record at `row` in a page held, else None."""
        page = self._pages.get(row // self.page_size)
        offset = row % self.page_size
        if page is None or offset >= len(page):
            return None
        return getattr(page[offset], "id", None)

    def _row_of(self, key: object, near: int) -> int:
        """The row of the record `key` now, looked for a page either side of `near`; -1 when
        it is not there (deleted, or gone out of the search)."""
        if key is None:
            return near if near < self._count else -1
        last = (self._count - 1) // self.page_size
        home = near // self.page_size
        for number in (home, home - 1, home + 1):  # its own page first: one read, mostly
            if not 0 <= number <= last:
                continue
            for offset, record in enumerate(self._page(number)):
                if getattr(record, "id", None) == key:
                    return number * self.page_size + offset
        return -1

    def retranslate(self) -> None:
        """Headers and cells are drawn again in the new language."""
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._columns) - 1)
        if self._count:
            self.dataChanged.emit(
                self.index(0, 0), self.index(self._count - 1, len(self._columns) - 1)
            )

    # --- pages -----------------------------------------------------------------------------

    def _page(self, number: int) -> Sequence[R]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        page = self.source.rows(
            number * self.page_size, self.page_size, self._sort, self._descending
        )
        self._pages[number] = page
        while len(self._pages) > self._cached_pages:
            self._pages.popitem(last=False)
        return page
