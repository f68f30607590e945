"""The logical framework of a request, typed by keyboard: the objective and the target
beneficiaries, the expected results (a list), and for the result chosen its activities with
their planned period and its indicators (baseline, target, achieved) in two tables. Saved
whole (`core.funding.logframe.set_request_logframe`); the values achieved are typed later in
the same dialog."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

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
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, format_date
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction

ACTIVITY_COLUMNS = (N_("Activity"), N_("Start"), N_("End"))
INDICATOR_COLUMNS = (N_("Indicator"), N_("Unit"), N_("Baseline"), N_("Target"), N_("Achieved"))
MAX_BENEFICIARIES = 10_000_000
FIGURE_WIDTH = 96  # pixels: "30/06/2027", "1 250,5"
# An indicator's unit and figures are short ("%", "58"): its label keeps the room.
INDICATOR_WIDTHS = {1: 60, 2: 124, 3: 64, 4: 70}


@dataclass
class _Result:
    """A result as typed: its label and its two tables' cells."""

    label: str
    activities: list[list[str]] = field(default_factory=list)
    indicators: list[list[str]] = field(default_factory=list)


def _table(parent: QWidget, name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, columns):
        table.horizontalHeader().setSectionResizeMode(
            column, QHeaderView.ResizeMode.ResizeToContents
        )
    scroll_with_direction(table)
    table.setItemDelegate(ScriptDelegate(table))
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
        self.setMinimumSize(760, 560)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.objective = set_field_direction(QPlainTextEdit(self), "objective")
        self.objective.setObjectName("objective")
        self.objective.setTabChangesFocus(True)
        self.objective.setFixedHeight(60)
        self.beneficiaries_count = set_field_direction(QSpinBox(self), "beneficiaries_count")
        self.beneficiaries_count.setObjectName("beneficiaries_count")
        self.beneficiaries_count.setRange(0, MAX_BENEFICIARIES)
        self.beneficiaries = set_field_direction(QLineEdit(self), "beneficiaries")
        self.beneficiaries.setObjectName("beneficiaries")
        self.objective_label = QLabel(self)
        self.count_label = QLabel(self)
        self.beneficiaries_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.objective_label, self.errors.wrap("objective", self.objective))
        form.addRow(
            self.count_label, self.errors.wrap("beneficiaries_count", self.beneficiaries_count)
        )
        form.addRow(self.beneficiaries_label, self.errors.wrap("beneficiaries", self.beneficiaries))

        self.results_label = QLabel(self)
        self.results = _table(self, "results_table", 1)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.add_result_button = self._button("add_result", self.add_result)
        self.remove_result_button = self._button("remove_result", self.remove_result)
        self.activities_label = QLabel(self)
        self.activities = _table(self, "activities_table", len(ACTIVITY_COLUMNS))
        self.add_activity_button = self._button("add_activity", self.add_activity)
        self.indicators_label = QLabel(self)
        self.indicators = _table(self, "indicators_table", len(INDICATOR_COLUMNS))
        widths = (
            (self.activities, dict.fromkeys((1, 2), FIGURE_WIDTH)),
            (self.indicators, INDICATOR_WIDTHS),
        )
        for table, columns in widths:
            for column, width in columns.items():  # room for a date or a figure, before typing
                table.horizontalHeader().setSectionResizeMode(
                    column, QHeaderView.ResizeMode.Interactive
                )
                table.setColumnWidth(column, width)
        self.add_indicator_button = self._button("add_indicator", self.add_indicator)
        self.remove_row_button = self._button("remove_row", self.remove_row)
        self._row_table: QTableWidget | None = None  # where a row was chosen last
        self.activities.itemSelectionChanged.connect(self._chose_activity)
        self.indicators.itemSelectionChanged.connect(self._chose_indicator)

        self._results: list[_Result] = []
        self._shown: int | None = None  # the result whose tables are shown
        if logframe is not None:
            self.objective.setPlainText(logframe.objective)
            self.beneficiaries_count.setValue(logframe.beneficiaries_count or 0)
            self.beneficiaries.setText(logframe.beneficiaries or "")
            for result in logframe.results:
                self._results.append(
                    _Result(
                        result.label,
                        [
                            [a.label, format_date(a.starts_on), format_date(a.ends_on)]
                            for a in result.activities
                        ],
                        [
                            [
                                i.label,
                                i.unit or "",
                                _figure_text(i.baseline),
                                _figure_text(i.target),
                                _figure_text(i.achieved),
                            ]
                            for i in result.indicators
                        ],
                    )
                )
        for typed in self._results:
            _append(self.results, [typed.label])
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
        right.addWidget(self.indicators_label)
        right.addWidget(self.indicators, 1)
        right.addLayout(row_buttons)
        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(middle, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if self._results:
            self.results.setCurrentCell(0, 0)
        self._enable_rows()
        self.retranslate()

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
        self.results.setHorizontalHeaderLabels([_("Expected result")])
        self.activities_label.setText(_("Activities of the result chosen (dates: DD/MM/YYYY)"))
        self.activities.setHorizontalHeaderLabels([_(c) for c in ACTIVITY_COLUMNS])
        self.indicators_label.setText(_("Indicators of the result chosen"))
        self.indicators.setHorizontalHeaderLabels([_(c) for c in INDICATOR_COLUMNS])
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
        item = self.results.item(self._shown, 0)
        result.label = item.text().strip() if item is not None else ""
        result.activities = _cells(self.activities)
        result.indicators = _cells(self.indicators)

    def _result_changed(self, row: int, *_args: int) -> None:
        self._keep_shown()
        self._shown = row if 0 <= row < len(self._results) else None
        shown = self._results[self._shown] if self._shown is not None else _Result("")
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
        self._results.append(_Result(""))
        row = _append(self.results, [""])
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
            for m, (label, start, end) in enumerate(result.activities, start=1):
                try:
                    activities.append(
                        ActivityData(label, _date(start, "starts_on"), _date(end, "ends_on"))
                    )
                except ValidationError as error:
                    place = _("Result {n}, activity {m}").format(n=n, m=m)
                    raise ValidationError(
                        error.field,
                        _("{place}: {message}").format(place=place, message=error.message),
                        row=n,
                    ) from None
            indicators = [
                IndicatorData(label, unit or None, baseline, target, achieved)
                for label, unit, baseline, target, achieved in result.indicators
            ]
            if result.label or activities or indicators:
                results.append(ResultData(result.label, activities, indicators))
        count = self.beneficiaries_count.value()
        return LogframeData(
            objective=self.objective.toPlainText(),
            results=results,
            beneficiaries_count=count or None,
            beneficiaries=self.beneficiaries.text() or None,
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
