"""The bar above a list: what narrows it, declared as data, and the rows of its actions.

A page declares its fields in their order of reading — `Search` (typed words, applied a
moment after the last key: the debounce), `Combo` (a `ChoiceBox` whose choices the page fills
and whose labels follow the language), `Period` ("From … to …", two `DateEdit`), `Clear` (a
button that empties the period, or every field) and `Widget` (one of the page's own, placed
in the bar: "New campaign…") — and `FilterBar` builds them into one row that Qt mirrors in
Arabic. `changed` is emitted once per change a page must apply: at once for a combo, a date
finished or Clear; for the search, `delay_ms` after the last key, or at once on Enter (or
`flush()`). The count of what the list shows is a label the page places where it reads best
(`count_label`, its text from `Count`). `action_row` lays a row of buttons; `action_rows`
lays several, each row a group that fits the window in French, the longer language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QBoxLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.i18n import N_, _
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.members.fields import ChoiceBox

__all__ = [
    "Clear",
    "Combo",
    "Count",
    "FilterBar",
    "Period",
    "Search",
    "Widget",
    "action_row",
    "action_rows",
]


@dataclass(frozen=True)
class Search:
    """A search field; `hint` an N_-marked placeholder, `validator` a factory (digits only)."""

    name: str
    hint: str = ""
    stretch: int = 1
    delay_ms: int = 150
    width_chars: int | None = None  # at most that many characters wide
    validator: Callable[[QObject], QValidator] | None = None


@dataclass(frozen=True)
class Combo:
    """A choice list; `label` an N_-marked label before it ("Status"). `width_chars`: at a fixed
    width of that many characters, the long labels (programme names) elided in it."""

    name: str
    label: str | None = None
    stretch: int = 0
    width_chars: int | None = None


@dataclass(frozen=True)
class Period:
    """Two dates, "From … to …", named for the tests and the window."""

    start: str
    end: str


@dataclass(frozen=True)
class Clear:
    """A button that empties the period (`everything=False`) or every field; `text` N_-marked."""

    name: str
    text: str
    everything: bool = False


@dataclass(frozen=True)
class Widget:
    """One of the page's own widgets, placed in the bar after `spacing` pixels."""

    widget: QWidget
    spacing: int = 0


@dataclass(frozen=True)
class Count:
    """The count label: its object name and its text for a number of rows."""

    name: str | None
    text: Callable[[int], str]


Field = Search | Combo | Period | Clear | Widget


class FilterBar(QWidget):
    """One row of filters over a list (see the module's docstring)."""

    changed = Signal()
    down_pressed = Signal()  # Down in the search field, the pending search applied first

    def __init__(
        self,
        parent: QWidget,
        fields: Sequence[Field],
        *,
        count: Count | None = None,
        stretch: bool = False,
    ) -> None:
        super().__init__(parent)
        self.search: QLineEdit | None = None
        self.combos: dict[str, ChoiceBox] = {}
        self.start: DateEdit | None = None
        self.end: DateEdit | None = None
        self.clear_button: QPushButton | None = None
        self._labels: list[tuple[QLabel, str]] = []
        self._hint = ""
        self._clear_text = ""
        self._count = count
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.flush)
        self.count_label = QLabel(parent)
        if count is not None and count.name:
            self.count_label.setObjectName(count.name)
        self.count_label.setAlignment(
            Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
        )
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        for field in fields:
            self._add(field)
        if stretch:
            self.row.addStretch(1)
        self.retranslate()

    # --- building ----------------------------------------------------------------------------

    def _label(self, message: str) -> QLabel:
        label = QLabel(self)
        self._labels.append((label, message))
        self.row.addWidget(label)
        return label

    def _add(self, field: Field) -> None:
        if isinstance(field, Search):
            self._add_search(field)
        elif isinstance(field, Combo):
            if field.label:
                self._label(field.label)
            combo = ChoiceBox(self)
            combo.setObjectName(field.name)
            if field.width_chars:
                combo.setSizeAdjustPolicy(
                    ChoiceBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                combo.setMinimumContentsLength(field.width_chars)
            combo.currentIndexChanged.connect(lambda _index: self.flush())
            self.combos[field.name] = combo
            self.row.addWidget(combo, field.stretch)
        elif isinstance(field, Period):
            self.from_label = self._label(N_("From"))
            self.start = self._date(field.start)
            self.to_label = self._label(N_("to"))
            self.end = self._date(field.end)
        elif isinstance(field, Clear):
            self.clear_button = QPushButton(self)
            self.clear_button.setObjectName(field.name)
            self._clear_text = field.text
            everything = field.everything
            self.clear_button.clicked.connect(lambda: self._clear_clicked(everything))
            self.row.addWidget(self.clear_button)
        else:
            if field.spacing:
                self.row.addSpacing(field.spacing)
            self.row.addWidget(field.widget)

    def _add_search(self, field: Search) -> None:
        search = QLineEdit(self)
        search.setObjectName(field.name)
        search.setClearButtonEnabled(True)
        if field.validator is not None:
            search.setValidator(field.validator(search))
        if field.width_chars:
            search.setMaximumWidth(
                self.fontMetrics().horizontalAdvance("0" * field.width_chars) + 40
            )
        self._hint = field.hint
        self.timer.setInterval(field.delay_ms)
        search.textChanged.connect(lambda _text: self.timer.start())
        search.returnPressed.connect(self.flush)
        search.installEventFilter(self)
        self.search = search
        self.row.addWidget(search, field.stretch)

    def _date(self, name: str) -> DateEdit:
        edit = DateEdit(self)
        edit.setObjectName(name)
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 40)
        edit.editingFinished.connect(self.flush)
        self.row.addWidget(edit)
        return edit

    # --- behaviour ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        for label, message in self._labels:
            label.setText(_(message))
        if self.search is not None and self._hint:
            self.search.setPlaceholderText(_(self._hint))
        if self.clear_button is not None:
            self.clear_button.setText(_(self._clear_text))
        for combo in self.combos.values():
            combo.retranslate()

    def combo(self, name: str) -> ChoiceBox:
        return self.combos[name]

    def search_edit(self) -> QLineEdit:
        """The search field (a bar declared with a `Search`)."""
        assert self.search is not None, "this bar has no Search"
        return self.search

    def period(self) -> tuple[DateEdit, DateEdit]:
        """The two dates (a bar declared with a `Period`)."""
        assert self.start is not None and self.end is not None, "this bar has no Period"
        return self.start, self.end

    def text(self) -> str:
        return self.search.text().strip() if self.search is not None else ""

    def flush(self) -> None:
        """Say `changed` now: a combo, a date or Clear, or the search typed, not after the
        delay (Enter; a page about to read). The page reads every field: a search still
        waiting goes with it."""
        self.timer.stop()
        self.changed.emit()

    def dates(
        self, fields: tuple[str, str], refused: Callable[[str], object]
    ) -> tuple[dt.date | None, dt.date | None]:
        """The period as read, each date named by its field in `fields` for its error; a date
        that cannot be read is left out, and `refused` says why."""
        read: list[dt.date | None] = []
        for edit, field in zip(self.period(), fields, strict=True):
            try:
                read.append(edit.date(field))
            except ValidationError as error:
                refused(error.message)
                read.append(None)
        return read[0], read[1]

    def pending(self) -> bool:
        return self.timer.isActive()

    def set_count(self, count: int) -> None:
        if self._count is not None:
            self.count_label.setText(self._count.text(count))

    def clear(self, everything: bool = True) -> None:
        """Empty the period (and, with `everything`, the search and the combos) without
        emitting `changed`: the caller applies the filters once."""
        if everything:
            for combo in self.combos.values():
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            if self.search is not None:
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
                self.timer.stop()
        for edit in (self.start, self.end):
            if edit is not None:
                edit.set_date(None)

    def _clear_clicked(self, everything: bool) -> None:
        self.clear(everything)
        self.flush()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Down in the search field: on to the results, as in a browser's address bar.
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            if self.pending():
                self.flush()
            self.down_pressed.emit()
            return True
        return super().eventFilter(watched, event)


def action_row(
    widgets: Sequence[QWidget],
    *,
    message: QWidget | None = None,
    trailing: Sequence[QWidget] = (),
) -> QHBoxLayout:
    """A row of buttons from the start of the line, at their own width; then the page's
    `message` (a `Feedback`, sharing the room left when it shows), then `trailing` at the end
    of the line (a count, a button for readers too); mirrored in Arabic as every layout."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    if message is not None:
        row.addWidget(message, 1)
    row.addStretch(1)  # the message is hidden most of the time: the buttons stay small
    for widget in trailing:
        row.addWidget(widget)
    return row


def action_rows(groups: Sequence[Sequence[QWidget]], into: QBoxLayout | None = None) -> QLayout:
    """One `action_row` per group, one under the other (`into` a layout, or a new one): a page
    groups its acts so that no row outgrows the default window in French."""
    layout = into if into is not None else QVBoxLayout()
    for group in groups:
        layout.addLayout(action_row(group))
    return layout
