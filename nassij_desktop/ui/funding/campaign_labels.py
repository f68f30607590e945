"""How the Campaigns tab words a campaign: who authorised it, where it stands (running, ended
and to be closed, its report due or overdue, filed), and a gift as a picker's line."""

from __future__ import annotations

import datetime as dt
import enum

from nassij_desktop.core.common import clock
from nassij_desktop.core.donations.campaign_models import (
    CAMPAIGN_AUTHORITY_LABELS,
    CampaignAuthority,
    CampaignStatus,
)
from nassij_desktop.core.donations.campaigns import CampaignRecord
from nassij_desktop.core.donations.services import DonationRecord
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import format_date, format_money, isolate, list_item
from nassij_desktop.ui.common.form_errors import ERROR_COLOR


class Stage(enum.Enum):
    """Where a campaign stands on a day, as the tab filters it."""

    RUNNING = "running"  # open, within its period
    TO_CLOSE = "to_close"  # open, its period over: to be closed, its report owed
    REPORT_DUE = "report_due"  # closed, report not filed, not yet late
    OVERDUE = "overdue"  # report not filed after the 30 days
    FILED = "filed"


# The filter's choices: the campaigns whose report is owed are those to close and those due.
STAGE_FILTERS: tuple[tuple[str, str, frozenset[Stage]], ...] = (
    ("running", N_("Running (campaigns)"), frozenset({Stage.RUNNING})),
    (
        "owed",
        N_("Report to send"),
        frozenset({Stage.TO_CLOSE, Stage.REPORT_DUE, Stage.OVERDUE}),
    ),
    ("overdue", N_("Report overdue"), frozenset({Stage.OVERDUE})),
    ("filed", N_("Report filed"), frozenset({Stage.FILED})),
)


def stage(campaign: CampaignRecord, today: dt.date | None = None) -> Stage:
    day = today or clock.today()
    if campaign.report_filed_on is not None:
        return Stage.FILED
    if campaign.status is CampaignStatus.OPEN and day <= campaign.ends_on:
        return Stage.RUNNING
    if day > campaign.report_due_on:
        return Stage.OVERDUE
    return Stage.TO_CLOSE if campaign.status is CampaignStatus.OPEN else Stage.REPORT_DUE


def stage_text(campaign: CampaignRecord, today: dt.date | None = None) -> str:
    """The campaign's state in a few words, with its date."""
    current = stage(campaign, today)
    if current is Stage.FILED:
        return _("Report filed on {date}").format(date=format_date(campaign.report_filed_on))
    if current is Stage.RUNNING:
        return _("Running until {date}").format(date=format_date(campaign.ends_on))
    due = format_date(campaign.report_due_on)
    if current is Stage.OVERDUE:
        return _("Report overdue since {date}").format(date=due)
    if current is Stage.TO_CLOSE:
        return _("Ended, to close: report due on {date}").format(date=due)
    return _("Report due on {date}").format(date=due)


def stage_color(campaign: CampaignRecord, today: dt.date | None = None) -> str | None:
    """The error colour for a report overdue, else the view's."""
    return ERROR_COLOR if stage(campaign, today) is Stage.OVERDUE else None


def authority_label(authority: CampaignAuthority) -> str:
    return _(CAMPAIGN_AUTHORITY_LABELS[CampaignAuthority(authority)])


# The office alone, for a table's column (the record's pane says it whole).
_SHORT_AUTHORITY_LABELS = {
    CampaignAuthority.GOVERNOR: N_("Governor"),
    CampaignAuthority.WALI: N_("Wali"),
    CampaignAuthority.SGG: N_("SGG"),
    CampaignAuthority.FOREIGN_AFFAIRS: N_("Foreign Affairs"),
}


def authority_short(authority: CampaignAuthority) -> str:
    return _(_SHORT_AUTHORITY_LABELS[CampaignAuthority(authority)])


def purpose(campaign: CampaignRecord) -> str:
    return campaign.purpose.text(current_language())


def gift_kind(gift: DonationRecord) -> str:
    return _("In kind") if gift.in_kind else _("Money")


def gift_item(gift: DonationRecord) -> str:
    """A gift as a picker lists it: receipt · date · donor · amount (in kind)."""
    amount = format_money(gift.amount)
    if gift.in_kind:
        amount = _("{amount} in kind").format(amount=amount)
    return list_item(
        isolate(gift.receipt_number, "ltr"),
        format_date(gift.received_on),
        gift.donor_name,
        amount,
        separator=" · ",
    )
