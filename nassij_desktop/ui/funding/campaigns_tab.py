"""The Campaigns tab: the fundraising campaigns (law 18-18), filtered by where their report
stands, with the record of the campaign chosen under them, and the acts of its life: a new
campaign, a gift linked, its closing, its report (PDF) and its sending, the declaration before
a distribution of aid in kind. Who sees the finances reads it; the treasurer writes (the
services' rights): a reader sees no writing button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.books.treasury import treasury_balances
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.donations.campaign_models import CampaignStatus
from nassij_desktop.core.donations.campaigns import (
    CampaignRecord,
    campaign_gifts,
    list_campaigns,
    list_distributions,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_date, format_money, isolate
from nassij_desktop.reports.request import ReportRequest, ReportResult
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.filter_bar import action_rows
from nassij_desktop.ui.common.lazy_model import Align, Column
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.common.pdf_output import document_language
from nassij_desktop.ui.funding.campaign_detail import CampaignDetail, CampaignFile
from nassij_desktop.ui.funding.campaign_dialogs import (
    CloseCampaignDialog,
    DistributionDialog,
    FileReportDialog,
    LinkGiftDialog,
    NewCampaignDialog,
)
from nassij_desktop.ui.funding.campaign_labels import (
    STAGE_FILTERS,
    authority_short,
    purpose,
    stage,
    stage_color,
    stage_text,
)
from nassij_desktop.ui.funding.tab import FundingTab
from nassij_desktop.ui.funding.tables import RecordTable
from nassij_desktop.ui.members.fields import translated

COLUMNS: list[Column[CampaignRecord]] = [
    Column(
        "number",
        N_("Authorisation"),
        lambda c: isolate(c.authorisation_number, "ltr"),
        Align.CENTER,
        width=110,
        sort="number",
    ),
    Column("purpose", N_("Purpose"), purpose, width=240, stretch=True, sort="purpose"),
    Column("authority", N_("Authorised by"), lambda c: authority_short(c.authority), width=120),
    Column(
        "period",
        N_("Period"),
        lambda c: _("{start} – {end}").format(
            start=format_date(c.starts_on), end=format_date(c.ends_on)
        ),
        Align.CENTER,
        width=190,
        sort="starts_on",
    ),
    Column(
        "collected",
        N_("Collected"),
        lambda c: format_money(c.total_collected),
        Align.NUMBER,
        width=130,
    ),
    Column(
        "stage",
        N_("Status"),
        lambda c: stage_text(c),
        width=250,
        sort="due",
        color=lambda c: stage_color(c),
    ),
]


class CampaignsTab(FundingTab):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.new_button = self._button("new_campaign", self.new_campaign)
        self.stage_filter = self._filter_bar(
            "stage_filter",
            N_("Show"),
            [
                (None, lambda: _("All campaigns")),
                *((key, translated(label)) for key, label, _stages in STAGE_FILTERS),
            ],
            self.new_button,
        )
        self.link_button = self._button("link_gift", self.link_gift)
        self.close_button = self._button("close_campaign", self.close_campaign)
        self.filed_button = self._button("file_report", self.file_report)
        self.distribution_button = self._button("declare_distribution", self.declare)
        self.report_button = self._button("campaign_report", self.show_report)
        self.table: RecordTable[CampaignRecord] = RecordTable(
            "campaign_table",
            COLUMNS,
            self,
            sorts={
                "number": lambda c: c.authorisation_number.casefold(),
                "purpose": lambda c: purpose(c).casefold(),
                "starts_on": lambda c: (c.starts_on, c.id),
                "due": lambda c: (c.report_filed_on is not None, c.report_due_on),
            },
        )
        self.table.setWordWrap(False)  # a long purpose is cut short, never on two lines
        # The latest first, as the services list them.
        self.table.table_model.set_sort("starts_on", descending=True)
        self.table.horizontalHeader().setSortIndicator(
            self.table.table_model.column_of("starts_on"), Qt.SortOrder.DescendingOrder
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.detail = CampaignDetail(self)
        self.writers = (
            self.new_button,
            self.link_button,
            self.close_button,
            self.filed_button,
            self.distribution_button,
        )
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 6, 0, 0)
        action_rows([(*self.writers[1:], self.report_button)], into=lower_layout)
        lower_layout.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([220, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(splitter, 1)
        writer = context.can(Permission.BOOKS_WRITE)
        for button in self.writers:
            button.setVisible(writer)
        self.retranslate()

    def retranslate(self) -> None:
        self.bar.retranslate()
        self.new_button.setText(_("New campaign…"))
        self.link_button.setText(_("Link a gift…"))
        self.close_button.setText(_("Close the campaign…"))
        self.filed_button.setText(_("Report sent…"))
        self.distribution_button.setText(_("Declare a distribution…"))
        self.report_button.setText(_("Campaign report (PDF)"))
        self.table.retranslate()
        self._update_buttons()

    # --- data ------------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.table.selected()
        wanted = self.stage_filter.currentData()
        stages = next((s for key, _label, s in STAGE_FILTERS if key == wanted), None)
        today = clock.today()
        with self.context.database.session() as session:
            try:
                campaigns = list_campaigns(session, self.context.actor)
            except NassijError as error:
                campaigns = []
                self.failed.emit(str(error))
        if stages is not None:
            campaigns = [c for c in campaigns if stage(c, today) in stages]
        self.table.set_rows(campaigns)
        # The row chosen before, else the first: the pane is never empty for nothing.
        if chosen is None or not self.table.select_where(lambda c: c.id == chosen.id):
            self.table.select_where(lambda _c: True)
        self._selection_changed()

    def select_campaign(self, campaign_id: int) -> bool:
        return self.table.select_where(lambda c: c.id == campaign_id)

    def _selection_changed(self, *_args: object) -> None:
        campaign = self.table.selected()
        self.detail.show_file(self._read_file(campaign) if campaign is not None else None)
        self._update_buttons()

    def _read_file(self, campaign: CampaignRecord) -> CampaignFile | None:
        actor = self.context.actor
        with self.context.database.session() as session:
            try:
                return CampaignFile(
                    campaign=campaign,
                    gifts=campaign_gifts(session, actor, campaign.id),
                    distributions=list_distributions(session, actor, campaign.id),
                )
            except NassijError as error:
                self.failed.emit(str(error))
                return None

    def _update_buttons(self, *_args: object) -> None:
        campaign = self.table.selected()
        writer = self.context.can(Permission.BOOKS_WRITE)
        running = campaign is not None and campaign.status is CampaignStatus.OPEN
        closed = campaign is not None and campaign.status is CampaignStatus.CLOSED
        self.new_button.setEnabled(writer)
        self.link_button.setEnabled(writer and running)
        self.close_button.setEnabled(writer and running)
        self.filed_button.setEnabled(
            writer and closed and campaign is not None and campaign.report_filed_on is None
        )
        self.distribution_button.setEnabled(writer and campaign is not None)
        self.report_button.setEnabled(campaign is not None and self.operation is None)

    # --- actions ---------------------------------------------------------------------------

    def new_campaign(self) -> QDialog | None:
        try:
            with self.context.database.session() as session:
                accounts = treasury_balances(session, self.context.actor, active_only=True)
        except NassijError as error:
            self.failed.emit(str(error))
            return None
        dialog = NewCampaignDialog(self.context, accounts, self)
        dialog.saved.connect(self._created)
        return self._open(dialog)

    def _created(self, record: CampaignRecord) -> None:
        self.stage_filter.select(None)  # show the new campaign, whatever the filter
        self.refresh()
        self.select_campaign(record.id)

    def link_gift(self) -> QDialog | None:
        campaign = self.table.selected()
        if campaign is None:
            return None
        return self._open(LinkGiftDialog(self.context, campaign, self))

    def close_campaign(self) -> QDialog | None:
        campaign = self.table.selected()
        if campaign is None:
            return None
        return self._open(CloseCampaignDialog(self.context, campaign, self))

    def file_report(self) -> QDialog | None:
        campaign = self.table.selected()
        if campaign is None:
            return None
        return self._open(FileReportDialog(self.context, campaign, self))

    def declare(self) -> QDialog | None:
        return self._open(DistributionDialog(self.context, self.table.selected(), self))

    def show_report(self) -> Operation[ReportResult] | None:
        """The campaign's report (`report campaign --id N`) made on a worker, then shown to
        print or save, as every document of the window."""
        campaign = self.table.selected()
        if campaign is None:
            return None
        number = "".join(ch if ch.isalnum() else "-" for ch in campaign.authorisation_number)
        request = ReportRequest(
            document_language(), Path(f"campaign-{number}.pdf"), record_id=campaign.id
        )
        return self._document("campaign", request)
