"""The Funding page's tables: a few hundred rows at most (funders, requests, a request's
lines), read whole by the page and shown through the window's `LazyTableModel`, so their
columns, alignment and headers behave as the members' and the entries' do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from nassij_desktop.ui.common.lazy_model import ROW_ROLE, Column, LazyTableModel
from nassij_desktop.ui.common.tables import ScriptDelegate, fit_columns, scroll_with_direction

R = TypeVar("R")


class ListSource(Generic[R]):
    """Rows held in memory; `sorts` maps a column's sort key to the row's key for it."""

    def __init__(self, sorts: dict[str, Callable[[R], Any]] | None = None) -> None:
        self.items: list[R] = []
        self.sorts = sorts or {}

    def count(self) -> int:
        return len(self.items)

    def rows(self, offset: int, limit: int, sort: str | None, descending: bool) -> Sequence[R]:
        items = self.items
        if sort in self.sorts:
            items = sorted(items, key=self.sorts[sort], reverse=descending)
        return items[offset : offset + limit]


class RecordTable(QTableView, Generic[R]):
    """A read-only table of records, one selected at a time."""

    def __init__(
        self,
        name: str,
        columns: Sequence[Column[R]],
        parent: QWidget | None = None,
        sorts: dict[str, Callable[[R], Any]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.source: ListSource[R] = ListSource(sorts)
        self.table_model: LazyTableModel[R] = LazyTableModel(self.source, columns, parent=self)
        self.setModel(self.table_model)
        self.setItemDelegate(ScriptDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(bool(sorts))
        self.verticalHeader().hide()
        scroll_with_direction(self)
        fit_columns(
            self, [c.width for c in columns], [i for i, c in enumerate(columns) if c.stretch]
        )

    def set_rows(self, rows: Sequence[R]) -> None:
        self.source.items = list(rows)
        self.table_model.reload()

    def rows(self) -> list[R]:
        return list(self.source.items)

    def selected(self) -> R | None:
        model = self.selectionModel()
        indexes = model.selectedRows() if model is not None else []
        if not indexes:
            return None
        row: R | None = self.table_model.data(indexes[0], ROW_ROLE)
        return row

    def select_where(self, matches: Callable[[R], bool]) -> bool:
        """Select the first row that `matches` (through the selection model: selectRow
        selects nothing in a right-to-left table not laid out yet)."""
        for number in range(self.table_model.rowCount()):
            row = self.table_model.row(number)
            if row is not None and matches(row):
                index: QModelIndex = self.table_model.index(number, 0)
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                self.selectionModel().setCurrentIndex(index, flags)
                return True
        return False

    def retranslate(self) -> None:
        self.table_model.retranslate()
