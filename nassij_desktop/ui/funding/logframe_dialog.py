"""The logical framework of a request, typed by keyboard: the objective and the target
beneficiaries, the expected results (a list), and for the result chosen its activities with
their planned period and its indicators (baseline, target, achieved) in two tables. Saved
whole (`core.funding.logframe.set_request_logframe`); the values achieved are typed later in
the same dialog.

Every text is typed in Arabic and in French (the commune reads the one, a foreign funder the
other): the objective and the beneficiaries in a `BilingualEdit`, each label and unit in two
columns of its table; the interface's language comes first, the other one beside or below
it. Each language's cells are typed and drawn in its own direction (`_LanguageDelegate`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.validators import parse_date
from nassij_desktop.core.funding.logframe import (
    ActivityData,
    IndicatorData,
    LogframeData,
    LogframeRecord,
    ResultData,
    set_request_logframe,
)
from nassij_desktop.core.funding.services import FundingRequestRecord
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import bidi_text, format_date
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.bilingual_edit import LANGUAGE_LABELS, BilingualEdit
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import scroll_with_direction

# Each text's column comes twice: the interface's language, then the other one.
ACTIVITY_COLUMNS = (N_("Activity"), N_("Activity"), N_("Start"), N_("End"))
INDICATOR_COLUMNS = (
    N_("Indicator"),
    N_("Indicator"),
    N_("Unit"),
    N_("Unit"),
    N_("Baseline"),
    N_("Target"),
    N_("Achieved"),
)
MAX_BENEFICIARIES = 10_000_000
FIGURE_WIDTH = 96  # pixels: "30/06/2027", "1 250,5"
# An indicator's units and figures are short ("%", "58"): its labels keep the room.
INDICATOR_WIDTHS = {2: 60, 3: 60, 4: 96, 5: 64, 6: 76}


@dataclass
class _Result:
    """A result as typed: its label in the two languages (the interface's first) and its two
    tables' cells."""

    labels: list[str]
    activities: list[list[str]] = field(default_factory=list)
    indicators: list[list[str]] = field(default_factory=list)


class _LanguageDelegate(QStyledItemDelegate):
    """The cells of one language's column: drawn and typed in that language's direction
    (Arabic right to left, French left to right), whatever the interface's."""

    def __init__(self, lang: str, parent: QWidget) -> None:
        super().__init__(parent)
        rtl = lang == "ar"
        self.direction = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
        side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        self.alignment = side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter

    def initStyleOption(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = self.alignment
        option.direction = self.direction

    def createEditor(  # noqa: N802 - Qt override
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        editor.setLayoutDirection(self.direction)
        return editor


def _table(
    parent: QWidget, name: str, columns: int, languages: tuple[str, str], texts: tuple[int, ...]
) -> QTableWidget:
    """A table whose `texts` columns come in pairs, one per language (`languages`' order);
    the first two share the room left."""
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.verticalHeader().hide()
    for column in range(columns):
        table.horizontalHeader().setSectionResizeMode(
            column,
            QHeaderView.ResizeMode.Stretch
            if column < 2
            else QHeaderView.ResizeMode.ResizeToContents,
        )
    for first in texts:
        for offset, lang in enumerate(languages):
            table.setItemDelegateForColumn(first + offset, _LanguageDelegate(lang, table))
    scroll_with_direction(table)
    return table


def _cells(table: QTableWidget) -> list[list[str]]:
    rows = []
    for row in range(table.rowCount()):
        cells = []
        for column in range(table.columnCount()):
            item = table.item(row, column)
            cells.append(item.text().strip() if item is not None else "")
        if any(cells):
            rows.append(cells)
    return rows


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(0)
    for cells in rows:
        _append(table, cells)


def _append(table: QTableWidget, cells: list[str]) -> int:
    row = table.rowCount()
    table.insertRow(row)
    for column, text in enumerate(cells):
        table.setItem(row, column, QTableWidgetItem(text))
    return row


def _figure_text(value: Decimal | None) -> str:
    """A figure as it is typed back: no grouping (a "." could be read as a decimal point)."""
    return "" if value is None else format(value, "f")


def _date(text: str, field: str) -> dt.date | None:
    return parse_date(text, field=field) if text else None


class LogframeDialog(BaseDialog):
    saved = Signal(object)  # the LogframeRecord

    def __init__(
        self,
        context: AppContext,
        request: FundingRequestRecord,
        logframe: LogframeRecord | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("logframe_dialog")
        self.context = context
        self.request = request
        self.version = logframe.version if logframe else None
        ui = "ar" if current_language() == "ar" else "fr"  # English (tests): French first
        self.languages: tuple[str, str] = (ui, "ar" if ui == "fr" else "fr")
        self.setMinimumSize(1040, 680)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.objective = BilingualEdit("objective", self, lines=2, first=self.languages[0])
        self.beneficiaries_count = set_field_direction(QSpinBox(self), "beneficiaries_count")
        self.beneficiaries_count.setObjectName("beneficiaries_count")
        self.beneficiaries_count.setRange(0, MAX_BENEFICIARIES)
        self.beneficiaries = BilingualEdit("beneficiaries", self, first=self.languages[0])
        self.objective_label = QLabel(self)
        self.count_label = QLabel(self)
        self.beneficiaries_label = QLabel(self)
        form = QFormLayout()
        form.addRow(
            self.objective_label,
            self.errors.wrap("objective", self.objective, *self.objective.aliases),
        )
        form.addRow(
            self.count_label, self.errors.wrap("beneficiaries_count", self.beneficiaries_count)
        )
        form.addRow(
            self.beneficiaries_label,
            self.errors.wrap("beneficiaries", self.beneficiaries, *self.beneficiaries.aliases),
        )

        self.results_label = QLabel(self)
        self.results = _table(self, "results_table", 2, self.languages, (0,))
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_result_button = self._button("add_result", self.add_result)
        self.remove_result_button = self._button("remove_result", self.remove_result)
        self.activities_label = QLabel(self)
        self.activities = _table(
            self, "activities_table", len(ACTIVITY_COLUMNS), self.languages, (0,)
        )
        self.add_activity_button = self._button("add_activity", self.add_activity)
        self.indicators_label = QLabel(self)
        self.indicators = _table(
            self, "indicators_table", len(INDICATOR_COLUMNS), self.languages, (0, 2)
        )
        widths = (
            (self.activities, dict.fromkeys((2, 3), FIGURE_WIDTH)),
            (self.indicators, INDICATOR_WIDTHS),
        )
        self._widths = widths
        for table, columns in widths:
            for column in columns:  # widths set with the headers (`retranslate`)
                table.horizontalHeader().setSectionResizeMode(
                    column, QHeaderView.ResizeMode.Interactive
                )
        self.add_indicator_button = self._button("add_indicator", self.add_indicator)
        self.remove_row_button = self._button("remove_row", self.remove_row)
        self._row_table: QTableWidget | None = None  # where a row was chosen last
        self.activities.itemSelectionChanged.connect(self._chose_activity)
        self.indicators.itemSelectionChanged.connect(self._chose_indicator)

        self._results: list[_Result] = []
        self._shown: int | None = None  # the result whose tables are shown
        if logframe is not None:
            self.objective.set_value(logframe.objective)
            self.beneficiaries_count.setValue(logframe.beneficiaries_count or 0)
            self.beneficiaries.set_value(logframe.beneficiaries)
            for result in logframe.results:
                self._results.append(
                    _Result(
                        self._pair(result.label),
                        [
                            [
                                *self._pair(a.label),
                                format_date(a.starts_on),
                                format_date(a.ends_on),
                            ]
                            for a in result.activities
                        ],
                        [
                            [
                                *self._pair(i.label),
                                *self._pair(i.unit),
                                _figure_text(i.baseline),
                                _figure_text(i.target),
                                _figure_text(i.achieved),
                            ]
                            for i in result.indicators
                        ],
                    )
                )
        for typed in self._results:
            _append(self.results, typed.labels)
        self.results.currentCellChanged.connect(self._result_changed)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.add_result_button)
        result_buttons.addWidget(self.remove_result_button)
        result_buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.results_label)
        left.addWidget(self.results, 1)
        left.addLayout(result_buttons)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_activity_button)
        row_buttons.addWidget(self.add_indicator_button)
        row_buttons.addWidget(self.remove_row_button)
        row_buttons.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.activities_label)
        right.addWidget(self.activities, 1)
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addLayout(right, 7)
        bottom = QVBoxLayout()  # the indicators' seven columns take the whole width
        bottom.addWidget(self.indicators_label)
        bottom.addWidget(self.indicators, 1)
        bottom.addLayout(row_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if self._results:
            self.results.setCurrentCell(0, 0)
        self._enable_rows()
        self.retranslate()

    def _pair(self, text: Bilingual) -> list[str]:
        """`text` as its two cells: the interface's language, then the other."""
        return [text.get(lang) or "" for lang in self.languages]

    def _texts(self, cells: list[str]) -> Bilingual:
        """Two cells (the interface's language, then the other) as a text."""
        return Bilingual(
            **{lang: cell or None for lang, cell in zip(self.languages, cells, strict=True)}
        )

    def _headers(self, columns: tuple[str, ...], texts: tuple[int, ...]) -> list[str]:
        """Each text's column named with its language: "Indicator (French)"."""
        headers = [_(c) for c in columns]
        for first in texts:
            for offset, lang in enumerate(self.languages):
                headers[first + offset] = _("{column} ({language})").format(
                    column=headers[first + offset], language=_(LANGUAGE_LABELS[lang])
                )
        return headers

    def _button(self, name: str, slot: object) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        self.setWindowTitle(_("Logical framework"))
        self.heading.setText(
            bidi_text(
                _(
                    "The logical framework of “{title}”: the objective, the results expected, "
                    "and for each result its activities and its indicators."
                ).format(title=self.request.title)
            )
        )
        self.objective_label.setText(_("General objective:"))
        self.count_label.setText(_("Number of beneficiaries:"))
        self.beneficiaries_count.setSpecialValueText(_("not given"))
        self.beneficiaries_label.setText(_("Target beneficiaries:"))
        self.results_label.setText(_("Expected results"))
        self.results.setHorizontalHeaderLabels(self._headers((N_("Result"), N_("Result")), (0,)))
        self.activities_label.setText(_("Activities of the result chosen (dates: DD/MM/YYYY)"))
        self.activities.setHorizontalHeaderLabels(self._headers(ACTIVITY_COLUMNS, (0,)))
        self.indicators_label.setText(_("Indicators of the result chosen"))
        self.indicators.setHorizontalHeaderLabels(self._headers(INDICATOR_COLUMNS, (0, 2)))
        for table, columns in self._widths:  # room for a date, a figure and its header
            header = table.horizontalHeader()
            for column, width in columns.items():
                table.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        self.add_result_button.setText(_("Add a result"))
        self.remove_result_button.setText(_("Remove the result"))
        self.add_activity_button.setText(_("Add an activity"))
        self.add_indicator_button.setText(_("Add an indicator"))
        self.remove_row_button.setText(_("Remove the row"))
        self.save_button.setText(_("Save the logical framework"))
        self.cancel_button.setText(_("Cancel"))

    # --- the result shown ---------------------------------------------------------------------

    def _keep_shown(self) -> None:
        """The tables' cells and the label back into the result they show."""
        if self._shown is None or self._shown >= len(self._results):
            return
        result = self._results[self._shown]
        items = (self.results.item(self._shown, column) for column in range(2))
        result.labels = [item.text().strip() if item is not None else "" for item in items]
        result.activities = _cells(self.activities)
        result.indicators = _cells(self.indicators)

    def _result_changed(self, row: int, *_args: int) -> None:
        self._keep_shown()
        self._shown = row if 0 <= row < len(self._results) else None
        shown = self._results[self._shown] if self._shown is not None else _Result(["", ""])
        _fill(self.activities, shown.activities)
        _fill(self.indicators, shown.indicators)
        self._enable_rows()

    def _enable_rows(self) -> None:
        chosen = self._shown is not None
        for widget in (
            self.activities,
            self.indicators,
            self.add_activity_button,
            self.add_indicator_button,
            self.remove_row_button,
            self.remove_result_button,
        ):
            widget.setEnabled(chosen)

    def add_result(self) -> None:
        self._keep_shown()
        self._results.append(_Result(["", ""]))
        row = _append(self.results, ["", ""])
        self.results.setCurrentCell(row, 0)
        item = self.results.item(row, 0)
        if item is not None:
            self.results.editItem(item)

    def remove_result(self) -> None:
        row = self.results.currentRow()
        if row < 0:
            return
        self._shown = None  # its tables go with it
        del self._results[row]
        self.results.removeRow(row)
        self._result_changed(self.results.currentRow())

    def _add_row(self, table: QTableWidget) -> None:
        row = _append(table, [""] * table.columnCount())
        table.setCurrentCell(row, 0)
        item = table.item(row, 0)
        if item is not None:
            table.editItem(item)

    def _chose_activity(self) -> None:
        self._row_table = self.activities

    def _chose_indicator(self) -> None:
        self._row_table = self.indicators

    def add_activity(self) -> None:
        self._add_row(self.activities)

    def add_indicator(self) -> None:
        self._add_row(self.indicators)

    def remove_row(self) -> None:
        """Remove the row chosen last, in the activities or the indicators."""
        table = self._row_table
        if table is not None and table.currentRow() >= 0:
            table.removeRow(table.currentRow())

    # --- saving ---------------------------------------------------------------------------

    def data(self) -> LogframeData:
        """What is typed; dates are read here (a refusal names the result and the row)."""
        self._keep_shown()
        results = []
        for n, result in enumerate(self._results, start=1):
            activities = []
            for m, (*labels, start, end) in enumerate(result.activities, start=1):
                try:
                    activities.append(
                        ActivityData(
                            self._texts(labels), _date(start, "starts_on"), _date(end, "ends_on")
                        )
                    )
                except ValidationError as error:
                    place = _("Result {n}, activity {m}").format(n=n, m=m)
                    raise ValidationError(
                        error.field,
                        _("{place}: {message}").format(place=place, message=error.message),
                        row=n,
                    ) from None
            indicators = [
                IndicatorData(self._texts(cells[0:2]), self._texts(cells[2:4]), *cells[4:7])
                for cells in result.indicators
            ]
            label = self._texts(result.labels)
            if label or activities or indicators:
                results.append(ResultData(label, activities, indicators))
        count = self.beneficiaries_count.value()
        return LogframeData(
            objective=self.objective.value(),
            results=results,
            beneficiaries_count=count or None,
            beneficiaries=self.beneficiaries.value(),
        )

    def _save(self, session: Session) -> LogframeRecord:
        return set_request_logframe(
            session,
            self.context.actor,
            self.request.id,
            self.data(),
            expected_version=self.version,
        )

    def save(self) -> bool:
        self.save_button.setFocus()  # a cell still being typed in is committed as it loses focus
        self.errors.clear()
        done = run_write(
            self.context,
            self._save,
            changes={Change.FUNDING},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.saved.emit(done.value)
        self.accept()
        return True
