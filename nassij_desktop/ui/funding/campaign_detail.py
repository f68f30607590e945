"""The pane under the campaigns: the campaign chosen (its authorisation, period, account and
where its report stands), the amounts collected in money and in kind, used and left, what they
were used for and where the remainder goes; then its gifts and the distributions declared."""

from __future__ import annotations

from dataclasses import dataclass
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

from nassij_desktop.core.donations.campaigns import CampaignRecord, DistributionRecord
from nassij_desktop.core.donations.services import DonationRecord
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import bidi_text, format_date, format_money, isolate
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.form_errors import ERROR_STYLE
from nassij_desktop.ui.common.lazy_model import Align, Column
from nassij_desktop.ui.funding.campaign_labels import (
    Stage,
    authority_label,
    gift_kind,
    purpose,
    stage,
    stage_text,
)
from nassij_desktop.ui.funding.tables import RecordTable


@dataclass(frozen=True)
class CampaignFile:
    """What the pane shows of one campaign, read in one session by the tab."""

    campaign: CampaignRecord
    gifts: list[DonationRecord]
    distributions: list[DistributionRecord]


def _gift_amount(gift: DonationRecord) -> str:
    return format_money(gift.amount)


GIFT_COLUMNS: list[Column[DonationRecord]] = [
    Column(
        "receipt",
        N_("Gift receipt"),
        lambda g: isolate(g.receipt_number, "ltr"),
        Align.CENTER,
        width=110,
    ),
    Column("date", N_("Date"), lambda g: format_date(g.received_on), Align.CENTER, width=100),
    Column("donor", N_("Donor"), lambda g: g.donor_name, width=200, stretch=True),
    Column("kind", N_("Gift"), gift_kind, Align.CENTER, width=90),
    Column("amount", N_("Amount"), _gift_amount, Align.NUMBER, width=130),
    Column(
        "cancelled",
        N_("Cancelled"),
        lambda g: _("Cancelled") if g.cancelled else "",
        Align.CENTER,
        width=90,
    ),
]

DISTRIBUTION_COLUMNS: list[Column[DistributionRecord]] = [
    Column(
        "declared_on",
        N_("Declared on"),
        lambda d: format_date(d.declared_on),
        Align.CENTER,
        width=110,
    ),
    Column(
        "distribution_on",
        N_("Distributed on"),
        lambda d: format_date(d.distribution_on),
        Align.CENTER,
        width=110,
    ),
    Column("place", N_("Place"), lambda d: bidi_text(d.place), width=160, stretch=True),
    Column(
        "nature", N_("Nature of the aid"), lambda d: bidi_text(d.nature), width=160, stretch=True
    ),
    Column("quantity", N_("Quantity"), lambda d: bidi_text(d.quantity), width=110),
    Column(
        "beneficiaries",
        N_("Beneficiaries"),
        lambda d: str(d.beneficiaries),
        Align.NUMBER,
        width=100,
    ),
    Column("declared_to", N_("Declared to"), lambda d: bidi_text(d.declared_to or ""), width=150),
]


class CampaignDetail(Retranslating, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file: CampaignFile | None = None
        self.title = QLabel(self)
        self.title.setObjectName("campaign_title")
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        # The authorisation and what became of the money on one side, the amounts on the other.
        self.form, self.amounts = QFormLayout(), QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        self.values: dict[str, QLabel] = {}
        for form, key, label in (
            (self.form, "authorisation", N_("Authorisation")),
            (self.form, "authority", N_("Authorised by")),
            (self.form, "period", N_("Period")),
            (self.form, "account", N_("Account of the gifts")),
            (self.form, "stage", N_("Status")),
            (self.amounts, "cash", N_("Collected in money")),
            (self.amounts, "in_kind", N_("Collected in kind")),
            (self.amounts, "total", N_("Total collected")),
            (self.amounts, "used", N_("Amount used")),
            (self.amounts, "remainder", N_("Remainder")),
            (self.form, "uses", N_("Uses")),
            (self.form, "destination", N_("Destination of the remainder")),
            (self.form, "forced", N_("Closed early because")),
        ):
            row_label = QLabel(self)
            value = QLabel(self)
            value.setObjectName(f"campaign_{key}")
            value.setWordWrap(True)
            self._labels.append((row_label, label))
            self.values[key] = value
            form.addRow(row_label, value)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("campaign_tabs")
        self.gifts: RecordTable[DonationRecord] = RecordTable("campaign_gifts", GIFT_COLUMNS, self)
        self.distributions: RecordTable[DistributionRecord] = RecordTable(
            "campaign_distributions", DISTRIBUTION_COLUMNS, self
        )
        self._tab_names: tuple[tuple[RecordTable[Any], str], ...] = (
            (self.gifts, N_("Gifts")),
            (self.distributions, N_("Distributions in kind")),
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
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    def retranslate(self) -> None:
        for row_label, label in self._labels:
            row_label.setText(_(label))
        for table, _name in self._tab_names:
            table.retranslate()
        self._show_values()

    def show_file(self, file: CampaignFile | None) -> None:
        self.file = file
        self.gifts.set_rows(file.gifts if file else [])
        self.distributions.set_rows(file.distributions if file else [])
        self._show_values()

    def _show_values(self) -> None:
        file = self.file
        self.setEnabled(file is not None)
        if file is None:
            self.title.setText(_("Choose a campaign to see its record."))
            for value in self.values.values():
                value.clear()
            for row in ("uses", "destination", "forced"):
                self.form.setRowVisible(self.values[row], False)
            for index, (_table, name) in enumerate(self._tab_names):
                self.tabs.setTabText(index, _(name))
            return
        campaign = file.campaign
        lang = current_language()
        self.title.setText(bidi_text(purpose(campaign)))
        remainder = campaign.remainder
        texts = {
            "authorisation": _("No. {number} of {date}").format(
                number=isolate(campaign.authorisation_number, "ltr"),
                date=format_date(campaign.authorised_on),
            ),
            "authority": authority_label(campaign.authority),
            "period": _("{start} – {end}").format(
                start=format_date(campaign.starts_on), end=format_date(campaign.ends_on)
            ),
            "account": campaign.account_text,
            "stage": stage_text(campaign),
            "cash": format_money(campaign.cash_collected),
            "in_kind": format_money(campaign.in_kind_collected),
            "total": format_money(campaign.total_collected),
            "used": format_money(campaign.amount_used)
            if campaign.amount_used is not None
            else _("Not closed yet"),
            "remainder": format_money(remainder) if remainder is not None else "",
            "uses": campaign.uses.text(lang),
            "destination": campaign.remainder_destination.text(lang),
            "forced": campaign.forced_close_reason or "",
        }
        for key, text in texts.items():
            # In the interface's direction, whatever script the value starts with.
            self.values[key].setText(bidi_text(text) if text else "")
        self.values["stage"].setStyleSheet(ERROR_STYLE if stage(campaign) is Stage.OVERDUE else "")
        for row in ("uses", "destination", "forced"):
            self.form.setRowVisible(self.values[row], bool(texts[row]))
        self.tabs.setTabText(0, _("Gifts ({count})").format(count=len(file.gifts)))
        self.tabs.setTabText(
            1, _("Distributions in kind ({count})").format(count=len(file.distributions))
        )
