"""The Requests tab: the pipeline of funding requests, filtered by status, with the file of
the request chosen beside it, and the acts of its life: a new request, a change of status,
the checklist, its application pack (PDF, made on a worker and shown as every document of the
window), a tranche planned or received."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.books.entry_list import entry_detail
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.funding.logframe import request_logframe
from nassij_desktop.core.funding.models import RequestStatus
from nassij_desktop.core.funding.services import (
    TRANCHE_STATUSES,
    TRANSITIONS,
    FunderRecord,
    FundingRequestRecord,
    ProjectRecord,
    TrancheRecord,
    list_funders,
    list_funding_requests,
    list_projects,
    list_tranches,
    request_budget,
    request_checklist,
    request_deadlines,
)
from nassij_desktop.core.funding.tranche_reports import (
    TrancheReportRecord,
    request_tranche_reports,
)
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.request import ReportRequest, ReportResult
from nassij_desktop.ui.books.columns import entry_number
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.filter_bar import action_rows
from nassij_desktop.ui.common.lazy_model import Align, Column
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.common.pdf_output import document_language
from nassij_desktop.ui.funding.budget_dialog import BudgetDialog
from nassij_desktop.ui.funding.checklist_dialog import ChecklistDialog
from nassij_desktop.ui.funding.labels import funder_name, money, status_label, status_label_of
from nassij_desktop.ui.funding.logframe_dialog import LogframeDialog
from nassij_desktop.ui.funding.request_detail import RequestDetail, RequestFile
from nassij_desktop.ui.funding.request_dialog import RequestDialog
from nassij_desktop.ui.funding.status_dialog import StatusDialog
from nassij_desktop.ui.funding.tab import FundingTab
from nassij_desktop.ui.funding.tables import RecordTable
from nassij_desktop.ui.funding.tranche_dialogs import PlanTrancheDialog, ReceiveTrancheDialog
from nassij_desktop.ui.funding.tranche_report_dialogs import (
    ReportSubmittedDialog,
    ReportValidatedDialog,
)


class RequestsTab(FundingTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.funders: dict[int, FunderRecord] = {}
        self.projects: dict[int, ProjectRecord] = {}
        self.deadlines: dict[int, dt.date] = {}
        self.new_button = self._button("new_request", self.new_request)
        self.status_filter = self._filter_bar(
            "status_filter",
            N_("Status"),
            [
                (None, lambda: _("All statuses")),
                *((s.value, status_label_of(s)) for s in RequestStatus),
            ],
            self.new_button,
        )
        self.edit_button = self._button("edit_request", self.edit_request)
        self.status_button = self._button("change_status", self.change_status)
        self.checklist_button = self._button("edit_checklist", self.edit_checklist)
        self.budget_button = self._button("edit_budget", self.edit_budget)
        self.submitted_button = self._button("report_submitted", self.report_submitted)
        self.validated_button = self._button("report_validated", self.report_validated)
        self.logframe_button = self._button("edit_logframe", self.edit_logframe)
        self.pack_button = self._button("application_pack", self.show_pack)
        self.plan_button = self._button("plan_tranche", self.plan_tranche)
        self.receive_button = self._button("receive_tranche", self.receive_tranche)
        self.table: RecordTable[FundingRequestRecord] = RecordTable(
            "request_table",
            self._columns(),
            self,
            sorts={
                "title": lambda r: r.title.casefold(),
                "funder": lambda r: self._funder(r).casefold(),
                "status": lambda r: list(RequestStatus).index(r.status),
                "deadline": lambda r: self.deadlines.get(r.id) or dt.date.max,
            },
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = RequestDetail(self)
        self.detail.tranches.selectionModel().selectionChanged.connect(self._update_buttons)
        # The acts on the request chosen sit above its file, under the pipeline: those on the
        # request's file in one row, those on its tranches (the one chosen in its Tranches
        # tab) in the next, so that neither row outgrows the window in French.
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        action_rows(
            [
                (
                    self.edit_button,
                    self.status_button,
                    self.budget_button,
                    self.checklist_button,
                    self.logframe_button,
                    self.pack_button,
                ),
                (
                    self.plan_button,
                    self.receive_button,
                    self.submitted_button,
                    self.validated_button,
                ),
            ],
            into=lower_layout,
        )
        # In a scroll area: on a small screen the request's file scrolls rather than
        # squeezing its wrapped lines (a funder's long name) into half a line.
        detail_area = QScrollArea(lower)
        detail_area.setObjectName("request_detail_area")
        detail_area.setWidgetResizable(True)
        detail_area.setFrameShape(QFrame.Shape.NoFrame)
        detail_area.setWidget(self.detail)
        lower_layout.addWidget(detail_area, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 380])  # the pipeline shows a dozen requests at the start
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(splitter, 1)
        self.retranslate()

    def _funder(self, request: FundingRequestRecord) -> str:
        funder = self.funders.get(request.funder_id)
        if funder is not None:
            return funder_name(funder)
        return (
            (request.funder_name_ar or request.funder_name_fr)
            if current_language() == "ar"
            else request.funder_name_fr
        )

    def _project(self, request: FundingRequestRecord) -> str:
        project = self.projects.get(request.project_id) if request.project_id else None
        return project.name(current_language()) if project else ""

    def _deadline(self, request: FundingRequestRecord) -> str:
        return format_date(self.deadlines.get(request.id))

    def _columns(self) -> list[Column[FundingRequestRecord]]:
        return [
            Column(
                "title", N_("Request"), lambda r: r.title, width=220, stretch=True, sort="title"
            ),
            Column("funder", N_("Funder"), self._funder, width=180, stretch=True, sort="funder"),
            Column("project", N_("Project"), self._project, width=150, stretch=True),
            Column(
                "status", N_("Status"), lambda r: status_label(r.status), width=150, sort="status"
            ),
            Column(
                "requested",
                N_("Amount requested"),
                lambda r: money(r.amount_requested, r.currency),
                Align.NUMBER,
                width=115,
            ),
            Column(
                "granted",
                # Not the status's word ("Accordée", "مقبول"): the column holds an amount.
                N_("Amount granted"),
                lambda r: money(r.amount_granted, r.currency),
                Align.NUMBER,
                width=115,
            ),
            Column(
                "deadline",
                N_("Next deadline"),
                self._deadline,
                Align.CENTER,
                width=125,
                sort="deadline",
            ),
        ]

    def retranslate(self) -> None:
        self.bar.retranslate()
        self.new_button.setText(_("New request…"))
        self.edit_button.setText(_("Edit…"))
        self.status_button.setText(_("Change the status…"))
        self.checklist_button.setText(_("Checklist…"))
        self.budget_button.setText(_("Budget…"))
        self.submitted_button.setText(_("Report submitted…"))
        self.validated_button.setText(_("Report validated…"))
        self.logframe_button.setText(_("Logical framework…"))
        self.pack_button.setText(_("Application pack (PDF)…"))
        self.plan_button.setText(_("Plan a tranche…"))
        self.receive_button.setText(_("Receive a tranche…"))
        self.table.retranslate()
        self._update_buttons()

    # --- data ------------------------------------------------------------------------------

    def status_chosen(self) -> RequestStatus | None:
        value = self.status_filter.currentData()
        return RequestStatus(value) if value else None

    def refresh(self) -> None:
        chosen = self.table.selected()
        actor = self.context.actor
        with self.context.database.session() as session:
            try:
                self.funders = {f.id: f for f in list_funders(session, actor)}
                self.projects = {p.id: p for p in list_projects(session, actor)}
                self.deadlines = request_deadlines(session, actor)
                requests = list_funding_requests(session, actor, status=self.status_chosen())
            except NassijError as error:
                requests = []
                self.failed.emit(str(error))
        self.table.set_rows(requests)
        # The row chosen before, else the first: the pane beside is never empty for nothing.
        if chosen is None or not self.table.select_where(lambda r: r.id == chosen.id):
            self.table.select_where(lambda _r: True)
        self._selection_changed()

    def select_request(self, request_id: int) -> bool:
        return self.table.select_where(lambda r: r.id == request_id)

    def _selection_changed(self, *_args: object) -> None:
        request = self.table.selected()
        self.detail.show_file(self._read_file(request) if request is not None else None)
        self._update_buttons()

    def _read_file(self, request: FundingRequestRecord) -> RequestFile | None:
        actor = self.context.actor
        with self.context.database.session() as session:
            try:
                tranches = list_tranches(session, actor, request.id)
                entries: dict[int, str] = {}
                if actor.can(Permission.BOOKS_READ):
                    for tranche in tranches:
                        if tranche.journal_entry_id is not None:
                            entry = entry_detail(session, actor, tranche.journal_entry_id)
                            entries[tranche.journal_entry_id] = entry_number(
                                entry.journal, entry.number
                            )
                reports = {
                    r.tranche_id: r for r in request_tranche_reports(session, actor, request.id)
                }
                return RequestFile(
                    request=request,
                    funder=partial(self._funder, request),
                    project=partial(self._project, request),
                    budget=request_budget(session, actor, request.id),
                    documents=request_checklist(session, actor, request.id),
                    tranches=tranches,
                    next_deadline=self.deadlines.get(request.id),
                    entries=entries,
                    reports=reports,
                )
            except NassijError as error:
                self.failed.emit(str(error))
                return None

    def selected_tranche(self) -> TrancheRecord | None:
        """The tranche chosen in the pane, else the first one not received."""
        chosen = self.detail.tranches.selected()
        if chosen is not None:
            return chosen
        return next((t for t in self.detail.tranches.rows() if not t.received), None)

    def selected_report(self) -> TrancheReportRecord | None:
        """The reports of the tranche chosen in the pane, else of the first received whose
        reports are not validated."""
        file = self.detail.file
        if file is None:
            return None
        chosen = self.detail.tranches.selected()
        if chosen is not None:
            return file.reports.get(chosen.id)
        return next(
            (
                r
                for r in file.reports.values()
                if r.received_on is not None and r.validated_on is None
            ),
            None,
        )

    def _update_buttons(self, *_args: object) -> None:
        request = self.table.selected()
        writer = self.context.can(Permission.FUNDING_WRITE)
        self.new_button.setEnabled(writer)
        self.status_button.setEnabled(
            writer and request is not None and bool(TRANSITIONS[request.status])
        )
        self.checklist_button.setEnabled(writer and request is not None)
        self.logframe_button.setEnabled(writer and request is not None)
        self.edit_button.setEnabled(writer and request is not None)
        self.pack_button.setEnabled(
            request is not None
            and self.context.can(Permission.FUNDING_READ)
            and self.operation is None
        )
        granted = request is not None and request.status in TRANCHE_STATUSES
        self.plan_button.setEnabled(writer and granted)
        tranche = self.selected_tranche() if granted else None
        self.budget_button.setEnabled(
            writer and request is not None and request.status is RequestStatus.DRAFT
        )
        report = self.selected_report()
        self.submitted_button.setEnabled(writer and report is not None and bool(report.owed_parts))
        self.validated_button.setEnabled(writer and report is not None and report.may_validate)
        self.receive_button.setEnabled(
            writer
            and self.context.can(Permission.BOOKS_WRITE)
            and tranche is not None
            and not tranche.received
        )

    # --- actions ---------------------------------------------------------------------------

    def new_request(self) -> QDialog:
        chosen = self.table.selected()
        dialog = RequestDialog(
            self.context,
            sorted(self.funders.values(), key=lambda f: funder_name(f).casefold()),
            list(self.projects.values()),
            self,
            funder_id=chosen.funder_id if chosen else None,
        )
        dialog.saved.connect(self._created)
        return self._open(dialog)

    def _created(self, record: FundingRequestRecord) -> None:
        if self.status_chosen() not in (None, record.status):
            self.status_filter.select(None)  # show the new draft
        self.refresh()
        self.select_request(record.id)

    def edit_request(self) -> QDialog | None:
        request = self.table.selected()
        if request is None:
            return None
        return self._open(
            RequestDialog(
                self.context,
                sorted(self.funders.values(), key=lambda f: funder_name(f).casefold()),
                list(self.projects.values()),
                self,
                record=request,
            )
        )

    def change_status(self) -> QDialog | None:
        request = self.table.selected()
        if request is None:
            return None
        return self._open(StatusDialog(self.context, request, self))

    def edit_checklist(self) -> QDialog | None:
        file = self.detail.file
        if file is None:
            return None
        return self._open(ChecklistDialog(self.context, file.request, file.documents, self))

    def edit_logframe(self) -> QDialog | None:
        request = self.table.selected()
        if request is None:
            return None
        with self.context.database.session() as session:
            logframe = request_logframe(session, self.context.actor, request.id)
        return self._open(LogframeDialog(self.context, request, logframe, self))

    def plan_tranche(self) -> QDialog | None:
        request = self.table.selected()
        if request is None:
            return None
        return self._open(PlanTrancheDialog(self.context, request, self))

    def receive_tranche(self) -> QDialog | None:
        request = self.table.selected()
        tranche = self.selected_tranche()
        if request is None or tranche is None:
            return None
        return self._open(ReceiveTrancheDialog(self.context, request, tranche, self))

    def edit_budget(self) -> QDialog | None:
        file = self.detail.file
        if file is None:
            return None
        return self._open(BudgetDialog(self.context, file.request, file.budget, self))

    def report_submitted(self) -> QDialog | None:
        file, report = self.detail.file, self.selected_report()
        if file is None or report is None:
            return None
        return self._open(ReportSubmittedDialog(self.context, file.request, report, self))

    def report_validated(self) -> QDialog | None:
        file, report = self.detail.file, self.selected_report()
        if file is None or report is None:
            return None
        return self._open(ReportValidatedDialog(self.context, file.request, report, self))

    def show_pack(self) -> Operation[ReportResult] | None:
        """The request's application pack (`report funding-pack --id N`) made on a worker,
        then shown to print or save, as every document of the window."""
        request = self.table.selected()
        if request is None:
            return None
        return self._document(
            "funding-pack",
            ReportRequest(
                document_language(), Path(f"funding-pack-{request.id}.pdf"), record_id=request.id
            ),
        )
