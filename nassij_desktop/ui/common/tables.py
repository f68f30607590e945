"""How a table uses its width, and which way it scrolls, in both directions of the window.

- `fit_columns`: a table fits its default columns at the window's default size — each column
  at a width for what it holds (a number, a date, a phone), the name columns sharing what is
  left (`stretch`, never narrower than `STRETCH_MINIMUM`, their long names elided); the user may
  still widen any other column. Only when the window is narrower than that does it scroll.
- `scroll_with_direction`: a horizontal scroll bar whose handle sits where the view starts —
  at the right edge in a right-to-left (Arabic) window, as the view itself does — and follows
  a language switch. Qt's styles draw a table's horizontal handle at the left even when the
  right-to-left view shows its right edge: the handle ran against the view.
- `lazy_table_view`: the view of a page's long list, with `fit_columns`, `scroll_with_direction` and
  `ScriptDelegate` applied, rows whole and
  at a fixed height (the members, activities, treasury and audit pages).
- `ScriptDelegate`, every table's and tree's delegate: a cell's text is drawn in its own
  direction (that of its first letter, `i18n.formatting.text_direction`), so a long text is cut
  at its own end — a French title in an Arabic window "Demande de financ…" (its beginning kept,
  the "…" at the right), an Arabic one in a French window with the "…" at the left — while the
  cell stays on the side the column puts it (the view's side, or the side of a column of one
  script, aligned with `AlignAbsolute`). Qt drew a cell in the view's direction: in Arabic a
  French title read "…Demande de financ", the "…" thrown to the side where it starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QScrollBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from nassij_desktop.i18n.formatting import text_direction
from nassij_desktop.ui.common.lazy_model import LazyTableModel

R = TypeVar("R")

STRETCH_MINIMUM = 120  # a name column is never narrower: below, the table scrolls


class _Fit(QObject):
    """Name columns stretch over the room the other columns leave; when there is less room
    than `minimum` for each, they stay at `minimum` and the table scrolls. The other columns
    are never narrower than their title, in the language shown ("Heures de bénévolat" was cut
    to "eures de bénévolat" at the width that suits its numbers)."""

    def __init__(
        self, view: QAbstractItemView, header: QHeaderView, stretch: set[int], minimum: int
    ) -> None:
        super().__init__(view)
        self.view, self.header, self.stretch, self.minimum = view, header, stretch, minimum
        view.viewport().installEventFilter(self)
        header.sectionResized.connect(self._resized)
        model = view.model()
        if model is not None:
            model.headerDataChanged.connect(self.fit_titles)

    def fit_titles(self, *_changed: object) -> None:
        """Widen each fixed column whose title does not fit (a language switch)."""
        header = self.header
        for section in range(header.count()):
            if section in self.stretch or header.isSectionHidden(section):
                continue
            needed = header.sectionSizeHint(section)
            if header.sectionSize(section) < needed:
                header.resizeSection(section, needed)

    def _resized(self, section: int, _old: int, _new: int) -> None:
        if section not in self.stretch:
            self.update()

    def update(self) -> None:
        header = self.header
        others = sum(
            header.sectionSize(i)
            for i in range(header.count())
            if i not in self.stretch and not header.isSectionHidden(i)
        )
        room = self.view.viewport().width() - others
        stretched = room >= self.minimum * len(self.stretch)
        mode = QHeaderView.ResizeMode.Stretch if stretched else QHeaderView.ResizeMode.Interactive
        for section in self.stretch:
            if header.sectionResizeMode(section) != mode:
                header.setSectionResizeMode(section, mode)
            if not stretched:
                header.resizeSection(section, self.minimum)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self.update()
        return False


def fit_columns(
    view: QAbstractItemView,
    widths: Sequence[int],
    stretch: Iterable[int],
    *,
    minimum: int = STRETCH_MINIMUM,
) -> None:
    """Columns at `widths` (the user may resize them), the `stretch` ones sharing the rest of
    the width, elided when their text is longer."""
    header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else None
    assert isinstance(header, QHeaderView)
    stretched = set(stretch)
    header.setStretchLastSection(False)
    header.setMinimumSectionSize(min(40, *widths))
    for section, width in enumerate(widths):
        if section not in stretched:
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(section, width)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    # One line a row: a long text is cut where the room ends ("Jardins pédagogi…"); wrapped,
    # the row's one visible line ended at the last whole word ("Jardins …").
    if isinstance(view, QTableView):
        view.setWordWrap(False)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    fit = view.findChild(_Fit)
    if fit is None:
        fit = _Fit(view, header, stretched, minimum)
    fit.fit_titles()
    fit.update()


class _Direction(QObject):
    """Keeps a horizontal scroll bar's handle on the side where its view starts."""

    def __init__(self, bar: QScrollBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.apply()
        bar.installEventFilter(self)

    def apply(self) -> None:
        self.bar.setInvertedAppearance(self.bar.isRightToLeft())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LayoutDirectionChange:
            self.apply()
        return False


def scroll_with_direction(view: QAbstractScrollArea) -> None:
    """The horizontal scroll handle starts where the view starts, in either direction."""
    bar = view.horizontalScrollBar()
    if bar.findChild(_Direction) is None:
        _Direction(bar)


def refit(view: QAbstractItemView) -> None:
    """After the header was restored (the user's widths): the name columns share the rest."""
    fit = view.findChild(_Fit)
    if fit is not None:
        fit.update()


_LTR, _RTL = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft
_ABSOLUTE = Qt.AlignmentFlag.AlignAbsolute
_LEFT, _RIGHT = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight


class ScriptDelegate(QStyledItemDelegate):
    """Each cell's text drawn in its own direction (its first letter's), so that a long one
    is cut at its own end; the cell stays where its column puts it (an alignment relative to
    the view becomes the absolute side the view gives it). A text with no letter (a figure, a
    date) follows its column: left to right for `AlignLeft | AlignAbsolute`, right to left for
    `AlignRight | AlignAbsolute`, else the view's direction. Installed on every table (and
    tree) of the application."""

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        text = option.text
        own = text_direction(text) if text else None
        align = option.displayAlignment
        if not align & _ABSOLUTE:
            if own is None:
                return  # the view's direction, the view's side
            option.displayAlignment = QStyle.visualAlignment(option.direction, align)
        elif own is None:
            if align & _LEFT:
                option.direction = _LTR
            elif align & _RIGHT:
                option.direction = _RTL
            return
        option.direction = _LTR if own == "ltr" else _RTL


__all__ = ["STRETCH_MINIMUM", "ScriptDelegate", "fit_columns", "refit", "scroll_with_direction"]


def lazy_table_view(
    parent: QWidget,
    model: LazyTableModel[Any],
    name: str,
    *,
    several: bool = False,
) -> QTableView:
    """The view of a page's long list (`LazyTableModel`): rows chosen whole (one, or
    `several`), read-only, rows at a fixed height (the view never measures a row, so it never
    reads the rows off screen), its columns fitted (`fit_columns`), scrolling from its own side
    and each cell in its script's direction (`ScriptDelegate`)."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    selection = QAbstractItemView.SelectionMode
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection.ExtendedSelection if several else selection.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setCornerButtonEnabled(False)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(parent.fontMetrics().height() + 10)
    table.horizontalHeader().setHighlightSections(False)
    fit_columns(
        table,
        [c.width for c in model.columns],
        [i for i, c in enumerate(model.columns) if c.stretch],
    )
    scroll_with_direction(table)
    table.setItemDelegate(ScriptDelegate(table))
    return table


def select_row(view: QTableView, row: int) -> None:
    """Make `row` the one chosen, whole. Not QTableView.selectRow: right to left it looks for
    the column at the viewport's width, finds none, and selects nothing."""
    model = view.model()
    flags = QItemSelectionModel.SelectionFlag
    view.selectionModel().setCurrentIndex(model.index(row, 0), flags.ClearAndSelect | flags.Rows)


def chosen_row(view: QTableView, model: LazyTableModel[R]) -> R | None:
    """The row chosen in `view`, when exactly one is."""
    rows = view.selectionModel().selectedRows()
    return model.row(rows[0].row()) if len(rows) == 1 else None
