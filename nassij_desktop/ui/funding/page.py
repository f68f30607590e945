"""The Funding page: the Funders tab (the register, and each funder's years), the Requests
tab (the pipeline and each request's file) and, for whoever sees the finances, the Campaigns
tab (appeals to public generosity, law 18-18: money raised from the public rather than asked
of a funder). Writers see the buttons enabled; readers only read."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.context import AppContext, Request, concerns
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.funding.campaigns_tab import CampaignsTab
from nassij_desktop.ui.funding.funders_tab import FundersTab
from nassij_desktop.ui.funding.requests_tab import RequestsTab

CONCERNS = frozenset({Change.FUNDING, Change.BOOKS, Change.DONATIONS})


class FundingPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.message = Feedback(self, "funding_message")
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("funding_tabs")
        self.requests = RequestsTab(context, self)
        self.funders = FundersTab(context, self)
        self.tabs.addTab(self.requests, "")
        self.tabs.addTab(self.funders, "")
        self.requests.failed.connect(self.message.fail)
        self.funders.failed.connect(self.message.fail)
        # The campaigns' services are the donations': whoever sees the finances.
        self.campaigns: CampaignsTab | None = None
        if context.can(Permission.BOOKS_READ):
            self.campaigns = CampaignsTab(context, self)
            self.tabs.addTab(self.campaigns, "")
            self.campaigns.failed.connect(self.message.fail)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        context.signals.data_changed.connect(self._data_changed)
        self.retranslate()
        self.refresh()

    def title(self) -> str:
        return _("Funding")

    def retranslate(self) -> None:
        self.tabs.setTabText(0, _("Requests"))
        self.tabs.setTabText(1, _("Funders"))
        if self.campaigns is not None:
            self.tabs.setTabText(2, _("Fundraising campaigns"))

    def refresh(self) -> None:
        self.requests.refresh()
        self.funders.refresh()
        if self.campaigns is not None:
            self.campaigns.refresh()

    def fulfil(self, request: Request, target_id: int | None = None) -> None:
        if request is Request.SHOW_FUNDING_REQUEST:
            self.tabs.setCurrentWidget(self.requests)
            if target_id is not None:
                self.requests.select_request(target_id)

    def _data_changed(self, changed: Changes) -> None:
        if concerns(changed, CONCERNS):
            self.refresh()
