"""The logical framework of a request, typed by keyboard: the objective and the target
beneficiaries, the expected results (a list), and for the result chosen its activities with
their planned period and its indicators (baseline, target, achieved) in two tables. Saved
whole (`core.funding.logframe.set_request_logframe`); the values achieved are typed later in
the same dialog. The three tables are `RowTable`s: Insert, Ctrl+Delete, Ctrl+Up and Ctrl+Down add,
remove and move a row of the table that has the focus; Ctrl+S saves. Each result's row carries
its activities and indicators as typed (`_Result`), so they move with it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
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
from nassij_desktop.i18n.formatting import bidi_text, format_date, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.row_table import Editor, RowButtons, RowColumn, RowTable, bind_save

FIGURE_WIDTH = 96  # pixels: "30/06/2027", "1 250,5"
RESULT_COLUMNS = (RowColumn(N_("Expected result")),)
ACTIVITY_COLUMNS = (
    RowColumn(N_("Activity")),
    RowColumn(N_("Start"), Editor.DATE, width=FIGURE_WIDTH),
    RowColumn(N_("End"), Editor.DATE, width=FIGURE_WIDTH),
)
# An indicator's unit and figures are short ("%", "58"): its label keeps the room.
INDICATOR_COLUMNS = (
    RowColumn(N_("Indicator")),
    RowColumn(N_("Unit"), width=60),
    RowColumn(N_("Baseline"), Editor.NUMBER, width=124),
    RowColumn(N_("Target"), Editor.NUMBER, width=64),
    RowColumn(N_("Achieved"), Editor.NUMBER, width=70),
)
MAX_BENEFICIARIES = 10_000_000


@dataclass
class _Result:
    """A result as typed: its label and its two tables' cells."""

    label: str = ""
    activities: list[list[str]] = field(default_factory=list)
    indicators: list[list[str]] = field(default_factory=list)


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
        self.setMinimumSize(880, 560)
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
        self.results = RowTable(
            "results_table", RESULT_COLUMNS, self, select_rows=True, new_row_data=_Result
        )
        self.result_buttons = RowButtons(
            self.results,
            self,
            names=("add_result", "remove_result", "result_up", "result_down"),
            texts=(N_("Add a result"), N_("Remove the result")),
        )
        self.add_result_button = self.result_buttons.add_button
        self.remove_result_button = self.result_buttons.remove_button
        self.activities_label = QLabel(self)
        self.activities = RowTable("activities_table", ACTIVITY_COLUMNS, self)
        self.activity_buttons = RowButtons(
            self.activities,
            self,
            names=("add_activity", "remove_activity", "activity_up", "activity_down"),
            texts=(N_("Add an activity"), N_("Remove")),
        )
        self.add_activity_button = self.activity_buttons.add_button
        self.indicators_label = QLabel(self)
        self.indicators = RowTable("indicators_table", INDICATOR_COLUMNS, self)
        self.indicator_buttons = RowButtons(
            self.indicators,
            self,
            names=("add_indicator", "remove_indicator", "indicator_up", "indicator_down"),
            texts=(N_("Add an indicator"), N_("Remove")),
        )
        self.add_indicator_button = self.indicator_buttons.add_button

        self._shown: _Result | None = None  # the result whose tables are shown
        if logframe is not None:
            self.objective.setPlainText(logframe.objective)
            self.beneficiaries_count.setValue(logframe.beneficiaries_count or 0)
            self.beneficiaries.setText(logframe.beneficiaries or "")
            for result in logframe.results:
                row = self.results.insert_row([result.label])
                self.results.set_row_data(
                    row,
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
                    ),
                )
        self.results.mark_clean()
        self.results.currentCellChanged.connect(self._result_changed)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        bind_save(self, self.save)

        left = QVBoxLayout()
        left.addWidget(self.results_label)
        left.addWidget(self.results, 1)
        left.addWidget(self.result_buttons)
        right = QVBoxLayout()
        right.addWidget(self.activities_label)
        right.addWidget(self.activities, 1)
        right.addWidget(self.activity_buttons)
        right.addWidget(self.indicators_label)
        right.addWidget(self.indicators, 1)
        right.addWidget(self.indicator_buttons)
        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addLayout(right, 5)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(middle, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if self.results.rowCount():
            self.results.setCurrentCell(0, 0)
        self._enable_rows()
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Logical framework"))
        self.heading.setText(
            bidi_text(
                _(
                    "The logical framework of “{title}”: the objective, the results expected, "
                    "and for each result its activities and its indicators."
                ).format(title=isolate(self.request.title))
            )
        )
        self.objective_label.setText(_("General objective:"))
        self.count_label.setText(_("Number of beneficiaries:"))
        self.beneficiaries_count.setSpecialValueText(_("not given"))
        self.beneficiaries_label.setText(_("Target beneficiaries:"))
        self.results_label.setText(_("Expected results"))
        self.activities_label.setText(_("Activities of the result chosen (dates: DD/MM/YYYY)"))
        self.indicators_label.setText(_("Indicators of the result chosen"))
        for table in (self.results, self.activities, self.indicators):
            table.retranslate()
        for buttons in (self.result_buttons, self.activity_buttons, self.indicator_buttons):
            buttons.retranslate()
        self.save_button.setText(_("Save the logical framework"))
        self.cancel_button.setText(_("Cancel"))

    # --- the result shown ---------------------------------------------------------------------

    def _keep_shown(self) -> None:
        """The tables' cells back into the result they show."""
        if self._shown is not None:
            self._shown.activities = self.activities.texts()
            self._shown.indicators = self.indicators.texts()

    def _result_changed(self, row: int, *_args: int) -> None:
        self._keep_shown()
        shown = self.results.row_data(row) if row >= 0 else None
        self._shown = shown if isinstance(shown, _Result) else None
        typed = self._shown or _Result()
        self.activities.set_rows(typed.activities)
        self.indicators.set_rows(typed.indicators)
        self._enable_rows()

    def _enable_rows(self) -> None:
        chosen = self._shown is not None
        for widget in (
            self.activities,
            self.indicators,
            self.activity_buttons,
            self.indicator_buttons,
        ):
            widget.setEnabled(chosen)
        for buttons in (self.result_buttons, self.activity_buttons, self.indicator_buttons):
            buttons.enable()

    def add_result(self) -> None:
        self.results.add_line()

    def remove_result(self) -> None:
        self.results.remove_line()

    def add_activity(self) -> None:
        self.activities.add_line()

    def add_indicator(self) -> None:
        self.indicators.add_line()

    def _results(self) -> list[_Result]:
        """The results in their order, each with its label as typed."""
        self._keep_shown()
        out = []
        for row in range(self.results.rowCount()):
            result = self.results.row_data(row)
            if isinstance(result, _Result):
                result.label = self.results.text(row, 0)
                out.append(result)
        return out

    # --- saving ---------------------------------------------------------------------------

    def data(self) -> LogframeData:
        """What is typed; dates are read here (a refusal names the result and the row)."""
        results = []
        for n, result in enumerate(self._results(), start=1):
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
