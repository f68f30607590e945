"""The pane beside the requests: the request chosen, its amounts, co-funding and agreement,
then its dated status history, budget lines, checklist and tranches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.funding.services import (
    BudgetLineRecord,
    FundingRequestRecord,
    RequestDocumentRecord,
    RequestStatusRecord,
    TrancheRecord,
    needs_partnership_convention,
)
from nassij_desktop.core.funding.tranche_reports import ReportState, TrancheReportRecord
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, format_date, isolate
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.form_errors import WARNING_STYLE
from nassij_desktop.ui.common.lazy_model import Align, Column
from nassij_desktop.ui.funding.labels import money, status_label
from nassij_desktop.ui.funding.status_dialog import convention_note
from nassij_desktop.ui.funding.tables import RecordTable


@dataclass(frozen=True)
class RequestFile:
    """What the pane shows of one request, read in one session by the page."""

    request: FundingRequestRecord
    funder: Callable[[], str]  # named in the language of the moment
    project: Callable[[], str]
    budget: list[BudgetLineRecord]
    documents: list[RequestDocumentRecord]
    tranches: list[TrancheRecord]
    next_deadline: dt.date | None
    entries: dict[int, str]  # journal entry id → "BQ 12"
    reports: dict[int, TrancheReportRecord] = field(default_factory=dict)  # by tranche id
    today: dt.date = field(default_factory=dt.date.today)

    @property
    def co_funding(self) -> Decimal:
        return sum((line.co_funded for line in self.budget), ZERO)

    @property
    def total_cost(self) -> Decimal:
        return sum((line.amount for line in self.budget), ZERO)


def report_status(report: TrancheReportRecord | None, today: dt.date) -> str:
    """Where the reports of a tranche stand, in a few words."""
    if report is None or report.state is ReportState.NOT_RECEIVED:
        return ""
    if report.state is ReportState.VALIDATED:
        return _("Validated by {name} on {date}").format(
            name=report.validated_by, date=format_date(report.validated_on)
        )
    if report.state is ReportState.SUBMITTED:
        sent = max(d for d in (report.narrative_submitted_on, report.financial_submitted_on) if d)
        return _("Submitted on {date}").format(date=format_date(sent))
    due = report.next_due_on
    if due is None:
        return _("To submit")
    if report.overdue(today):
        return _("Overdue since {date}").format(date=format_date(due))
    if len(report.owed_parts) < 2:
        return _("Partly submitted, the rest due on {date}").format(date=format_date(due))
    return _("Due on {date}").format(date=format_date(due))


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


HISTORY_COLUMNS: list[Column[RequestStatusRecord]] = [
    Column("date", N_("Date"), lambda h: format_date(h.changed_on), Align.CENTER, width=90),
    Column("status", N_("Status"), lambda h: status_label(h.to_status), width=160),
    Column("note", N_("Note"), lambda h: h.note or "", width=200, stretch=True),
]


class RequestDetail(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file: RequestFile | None = None
        self.title = QLabel(self)
        self.title.setObjectName("request_title")
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        # Who and where on one side, the amounts on the other.
        self.form, self.amounts = QFormLayout(), QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        self.values: dict[str, QLabel] = {}
        for form, key, label in (
            (self.form, "funder", N_("Funder")),
            (self.form, "project", N_("Project")),
            (self.form, "status", N_("Status")),
            (self.form, "agreement", N_("Agreement")),
            (self.form, "deadline", N_("Next deadline")),
            (self.amounts, "requested", N_("Amount requested")),
            (self.amounts, "granted", N_("Amount granted")),
            (self.amounts, "total_cost", N_("Total cost of the project")),
            (self.amounts, "co_funding", N_("Co-funding")),
            (self.amounts, "received", N_("Amount received")),
        ):
            row_label = QLabel(self)
            value = QLabel(self)
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            self._labels.append((row_label, label))
            self.values[key] = value
            form.addRow(row_label, value)
        self.convention = QLabel(self)
        self.convention.setObjectName("convention_flag")
        self.convention.setWordWrap(True)
        self.convention.setStyleSheet(WARNING_STYLE)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("request_tabs")
        self.history: RecordTable[RequestStatusRecord] = RecordTable(
            "request_history", HISTORY_COLUMNS, self
        )
        self.budget: RecordTable[BudgetLineRecord] = RecordTable(
            "request_budget", self._budget_columns(), self
        )
        self.checklist: RecordTable[RequestDocumentRecord] = RecordTable(
            "request_checklist",
            [
                Column("label", N_("Document"), lambda d: d.label, width=240, stretch=True),
                Column(
                    "required", N_("Required"), lambda d: _yes(d.required), Align.CENTER, width=80
                ),
                Column(
                    "provided", N_("Provided"), lambda d: _yes(d.provided), Align.CENTER, width=80
                ),
            ],
            self,
        )
        self.tranches: RecordTable[TrancheRecord] = RecordTable(
            "request_tranches", self._tranche_columns(), self
        )
        self._tab_names: tuple[tuple[RecordTable[Any], str], ...] = (
            (self.history, N_("Status history")),
            (self.budget, N_("Budget")),
            (self.checklist, N_("Checklist")),
            (self.tranches, N_("Tranches")),
        )
        for table, _name in self._tab_names:
            self.tabs.addTab(table, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        columns = QHBoxLayout()
        columns.addLayout(self.form, 3)
        columns.addSpacing(24)
        columns.addLayout(self.amounts, 2)
        layout.addLayout(columns)
        layout.addWidget(self.convention)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def _currency(self) -> str:
        return self.file.request.currency if self.file else "MAD"

    def _budget_columns(self) -> list[Column[BudgetLineRecord]]:
        def amount(value: Decimal) -> str:
            return money(value, self._currency())

        return [
            Column("label", N_("Budget line"), lambda b: b.label, width=200, stretch=True),
            Column("quantity", N_("Quantity"), lambda b: str(b.quantity), Align.NUMBER, width=70),
            Column("unit", N_("Unit cost"), lambda b: amount(b.unit_cost), Align.NUMBER, width=120),
            Column("amount", N_("Amount"), lambda b: amount(b.amount), Align.NUMBER, width=120),
            Column(
                "share",
                N_("Asked of the funder"),
                lambda b: amount(b.funded_by_request),
                Align.NUMBER,
                width=160,
            ),
            Column("co", N_("Co-funding"), lambda b: amount(b.co_funded), Align.NUMBER, width=120),
        ]

    def _tranche_columns(self) -> list[Column[TrancheRecord]]:
        def entry(t: TrancheRecord) -> str:
            if self.file is None or t.journal_entry_id is None:
                return ""
            return self.file.entries.get(t.journal_entry_id, "")

        def report(t: TrancheRecord) -> str:
            if self.file is None:
                return ""
            return report_status(self.file.reports.get(t.id), self.file.today)

        return [
            Column("number", N_("Tranche"), lambda t: str(t.number), Align.CENTER, width=60),
            Column(
                "expected_on",
                N_("Expected on"),
                lambda t: format_date(t.expected_on),
                Align.CENTER,
                width=100,
            ),
            Column(
                "expected",
                N_("Amount expected"),
                lambda t: money(t.expected_amount, t.currency),
                Align.NUMBER,
                width=150,
            ),
            Column(
                "received_on",
                N_("Received on"),
                lambda t: format_date(t.received_on),
                Align.CENTER,
                width=100,
            ),
            Column(
                "received",
                N_("Received (MAD)"),
                lambda t: money(t.amount_mad),
                Align.NUMBER,
                width=140,
            ),
            Column("entry", N_("Entry"), entry, Align.CENTER, width=80),
            Column(
                "sgg",
                N_("Declare to the SGG by"),
                lambda t: format_date(t.declaration_due_on),
                Align.CENTER,
                width=230,
            ),
            Column("report", N_("Reports"), report, width=260, stretch=True),
        ]

    def retranslate(self) -> None:
        for row_label, label in self._labels:
            row_label.setText(_(label))
        for index, (table, name) in enumerate(self._tab_names):
            self.tabs.setTabText(index, _(name))
            table.retranslate()
        self._show_values()

    def show_file(self, file: RequestFile | None) -> None:
        self.file = file
        self.history.set_rows(list(reversed(file.request.history)) if file else [])
        self.budget.set_rows(file.budget if file else [])
        self.checklist.set_rows(file.documents if file else [])
        self.tranches.set_rows(file.tranches if file else [])
        self._show_values()

    def _show_values(self) -> None:
        file = self.file
        self.setEnabled(file is not None)
        if file is None:
            self.title.setText(_("Choose a request to see its file."))
            for value in self.values.values():
                value.clear()
            self.convention.hide()
            for index in range(self.tabs.count()):
                self.tabs.setTabText(index, _(self._tab_names[index][1]))
            return
        request = file.request
        currency = request.currency
        self.title.setText(bidi_text(request.title))
        agreement = ""
        if request.agreement_number:
            agreement = _("No. {number} of {date}").format(
                number=isolate(request.agreement_number, "ltr"),
                date=format_date(request.agreement_date),
            )
        texts = {
            "funder": file.funder(),
            "project": file.project() or _("No project"),
            "status": status_label(request.status),
            "requested": money(request.amount_requested, currency),
            "granted": money(request.amount_granted, currency),
            "total_cost": money(file.total_cost, currency) if file.budget else "",
            "co_funding": money(file.co_funding, currency) if file.budget else "",
            "received": money(request.received_mad),
            "agreement": agreement,
            "deadline": format_date(file.next_deadline) if file.next_deadline else "",
        }
        for key, text in texts.items():
            # In the interface's direction, whatever script the value starts with.
            self.values[key].setText(bidi_text(text) if text else "")
        flagged = needs_partnership_convention(request)
        self.convention.setText(convention_note() if flagged else "")
        self.convention.setVisible(flagged)
        provided = sum(1 for d in file.documents if d.provided)
        self.tabs.setTabText(
            2,
            _("Checklist ({provided}/{total})").format(
                provided=provided, total=len(file.documents)
            ),
        )
