"""The logical framework of a request, typed by keyboard: the objective and the target
beneficiaries, the expected results (a list), and for the result chosen its activities with
their planned period and its indicators (baseline, target, achieved) in two tables. Saved
whole (`core.funding.logframe.set_request_logframe`); the values achieved are typed later in
the same dialog.

Every text is typed in Arabic and in French (the commune reads the one, a foreign funder the
other): the objective and the beneficiaries in a `BilingualEdit`, each label and unit in two
columns of its table (`RowColumn.language`: each typed and drawn in its language's direction);
the interface's language comes first, the other one beside or below it.

The three tables are `RowTable`s: Insert, Ctrl+Delete, Ctrl+Up and Ctrl+Down add, remove and
move a row of the table that has the focus; Ctrl+S saves. Each result's row carries its
activities and indicators as typed (`_Result`), so they move and go with it."""

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
    QSpinBox,
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
from nassij_desktop.i18n.formatting import bidi_text, format_date, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.bilingual_edit import BilingualEdit
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.row_table import Editor, RowButtons, RowColumn, RowTable, bind_save

MAX_BENEFICIARIES = 10_000_000
FIGURE_WIDTH = 96  # pixels: "30/06/2027", "1 250,5"


def _texts(header: str, languages: tuple[str, str]) -> tuple[RowColumn, RowColumn]:
    """A text's two columns, one a language, in `languages`' order; they share the room left."""
    return (RowColumn(header, language=languages[0]), RowColumn(header, language=languages[1]))


def _result_columns(languages: tuple[str, str]) -> tuple[RowColumn, ...]:
    return _texts(N_("Result"), languages)


def _activity_columns(languages: tuple[str, str]) -> tuple[RowColumn, ...]:
    return (
        *_texts(N_("Activity"), languages),
        RowColumn(N_("Start"), Editor.DATE, width=FIGURE_WIDTH),
        RowColumn(N_("End"), Editor.DATE, width=FIGURE_WIDTH),
    )


def _indicator_columns(languages: tuple[str, str]) -> tuple[RowColumn, ...]:
    """An indicator's units and figures are short ("%", "58"): its labels keep the room."""
    return (
        *_texts(N_("Indicator"), languages),
        RowColumn(N_("Unit"), width=60, language=languages[0]),
        RowColumn(N_("Unit"), width=60, language=languages[1]),
        RowColumn(N_("Baseline"), Editor.NUMBER, width=96),
        RowColumn(N_("Target"), Editor.NUMBER, width=64),
        RowColumn(N_("Achieved"), Editor.NUMBER, width=76),
    )


@dataclass
class _Result:
    """A result's two tables as typed (its label is in its row of the results' table)."""

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
        self.results = RowTable(
            "results_table",
            _result_columns(self.languages),
            self,
            select_rows=True,
            new_row_data=_Result,
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
        self.activities, self.activity_buttons = self._rows(
            "activity", "activities_table", _activity_columns(self.languages), N_("Add an activity")
        )
        self.add_activity_button = self.activity_buttons.add_button
        self.indicators_label = QLabel(self)
        self.indicators, self.indicator_buttons = self._rows(
            "indicator",
            "indicators_table",
            _indicator_columns(self.languages),
            N_("Add an indicator"),
        )
        self.add_indicator_button = self.indicator_buttons.add_button

        self._shown: _Result | None = None  # the result whose tables are shown
        if logframe is not None:
            self.objective.set_value(logframe.objective)
            self.beneficiaries_count.setValue(logframe.beneficiaries_count or 0)
            self.beneficiaries.set_value(logframe.beneficiaries)
            for result in logframe.results:
                row = self.results.insert_row(self._pair(result.label))
                self.results.set_row_data(
                    row,
                    _Result(
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
        middle = QHBoxLayout()
        middle.addLayout(left, 3)
        middle.addLayout(right, 7)
        bottom = QVBoxLayout()  # the indicators' seven columns take the whole width
        bottom.addWidget(self.indicators_label)
        bottom.addWidget(self.indicators, 1)
        bottom.addWidget(self.indicator_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(middle, 1)
        layout.addLayout(bottom, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if self.results.rowCount():
            self.results.setCurrentCell(0, 0)
        self._enable_rows()
        self.retranslate()

    def _rows(
        self, kind: str, name: str, columns: tuple[RowColumn, ...], add: str
    ) -> tuple[RowTable, RowButtons]:
        """A result's table of `kind` ("activity", "indicator") and its own row of buttons."""
        table = RowTable(name, columns, self)
        names = (f"add_{kind}", f"remove_{kind}", f"{kind}_up", f"{kind}_down")
        return table, RowButtons(table, self, names=names, texts=(add, N_("Remove")))

    def _pair(self, text: Bilingual) -> list[str]:
        """`text` as its two cells: the interface's language, then the other."""
        return [text.get(lang) or "" for lang in self.languages]

    def _texts(self, cells: list[str]) -> Bilingual:
        """Two cells (the interface's language, then the other) as a text."""
        return Bilingual(
            **{lang: cell or None for lang, cell in zip(self.languages, cells, strict=True)}
        )

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

    def _results(self) -> list[tuple[list[str], _Result]]:
        """The results in their order: each one's label cells as typed, and its tables."""
        self._keep_shown()
        out = []
        for row in range(self.results.rowCount()):
            result = self.results.row_data(row)
            if isinstance(result, _Result):
                labels = [self.results.text(row, column) for column in range(2)]
                out.append((labels, result))
        return out

    # --- saving ---------------------------------------------------------------------------

    def data(self) -> LogframeData:
        """What is typed; dates are read here (a refusal names the result and the row)."""
        results = []
        for n, (labels, result) in enumerate(self._results(), start=1):
            activities = []
            for m, (*texts, start, end) in enumerate(result.activities, start=1):
                try:
                    activities.append(
                        ActivityData(
                            self._texts(texts), _date(start, "starts_on"), _date(end, "ends_on")
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
            label = self._texts(labels)
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
