"""The acts of a campaign's life, each a dialog written through `run_write`: a new campaign
from its authorisation, a gift linked to it (found by what is typed, never a list of every
donation), its closing (the use of the amounts and where the remainder goes), its report
marked as sent, and the declaration made before a distribution of aid in kind (beneficiaries
counted, never named)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.treasury import TreasuryBalance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.core.donations.campaign_models import CampaignAuthority
from nassij_desktop.core.donations.campaigns import (
    CampaignData,
    CampaignRecord,
    ClosingData,
    DistributionData,
    close_campaign,
    create_campaign,
    declare_distribution,
    file_campaign_report,
    gift_candidates,
    link_gift,
)
from nassij_desktop.core.donations.services import DonationRecord
from nassij_desktop.i18n import N_, _, ngettext
from nassij_desktop.i18n.formatting import bidi_text, format_amount, format_date, format_money
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.bilingual_edit import BilingualEdit
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.funding.campaign_labels import authority_label, gift_item, purpose
from nassij_desktop.ui.funding.request_dialog import amount_editor
from nassij_desktop.ui.members.fields import ChoiceBox

OTHER_ACCOUNT = -1  # the account as the authorisation writes it, not one of the books'


class _CampaignDialog(BaseDialog):
    """A form of rows with errors under their fields, a heading and Save/Cancel."""

    saved = Signal(object)  # what the service returned
    title_text = ""
    save_text = ""

    def __init__(self, context: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.context = context
        self.setMinimumWidth(560)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        self.heading.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setObjectName("note")
        self.note.setWordWrap(True)
        self.note.hide()
        self.form = QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    def _row(self, field: str, label: str, editor: QWidget, *aliases: str) -> QWidget:
        row_label = QLabel(self)
        row_label.setBuddy(editor)
        self._labels.append((row_label, label))
        box = self.errors.wrap(field, editor, *aliases)
        self.form.addRow(row_label, box)
        return box

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(_(self.title_text))
        for row_label, label in self._labels:
            row_label.setText(_(label))
        self.save_button.setText(_(self.save_text))
        self.cancel_button.setText(_("Cancel"))

    def write(self, session: Session) -> object:
        raise NotImplementedError

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            self.write,
            changes={Change.DONATIONS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.saved.emit(done.value)
        self.accept()
        return True


def _date_edit(parent: QWidget, name: str, value: dt.date | None = None) -> DateEdit:
    editor = DateEdit(parent, value)
    editor.setObjectName(name)
    return editor


def _line(parent: QWidget, field: str, max_length: int = 300) -> QLineEdit:
    editor = set_field_direction(QLineEdit(parent), field)
    editor.setObjectName(field)
    editor.setMaxLength(max_length)
    return editor


class NewCampaignDialog(_CampaignDialog):
    """A campaign as its authorisation gives it: who authorised it, under which number and on
    which day, for what and for which period, and the account its gifts are paid into."""

    title_text = N_("New fundraising campaign")
    save_text = N_("Record the campaign")

    def __init__(
        self,
        context: AppContext,
        accounts: list[TreasuryBalance],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("new_campaign_dialog")
        self.authority = ChoiceBox(self)
        self.authority.setObjectName("authority")
        self.authority.set_choices(
            [(a.value, partial(authority_label, a)) for a in CampaignAuthority]
        )
        self.authorisation_number = _line(self, "authorisation_number", 60)
        self.authorised_on = _date_edit(self, "authorised_on")
        self.starts_on = _date_edit(self, "starts_on")
        self.ends_on = _date_edit(self, "ends_on")
        self.purpose = BilingualEdit("purpose", self, lines=2)
        self.account = ChoiceBox(self)
        self.account.setObjectName("treasury_account_id")
        banks = [a for a in accounts if a.active]
        self.account.set_choices(
            [
                *((a.id, partial(_account_label, a)) for a in banks),
                (OTHER_ACCOUNT, lambda: _("Another account (as the authorisation writes it)")),
            ]
        )
        self.bank_account = _line(self, "bank_account", 120)
        self.account.currentIndexChanged.connect(self._account_chosen)
        self._row("authority", N_("Authorised by"), self.authority)
        self._row("authorisation_number", N_("Authorisation number"), self.authorisation_number)
        self._row("authorised_on", N_("Authorisation date"), self.authorised_on)
        self._row("starts_on", N_("Campaign starts on"), self.starts_on)
        self._row("ends_on", N_("Campaign ends on"), self.ends_on)
        self._row("purpose", N_("Purpose"), self.purpose, *self.purpose.aliases)
        self._row("treasury_account_id", N_("Gifts paid into"), self.account)
        self.bank_row = self._row("bank_account", N_("Account"), self.bank_account)
        self._lay_out()
        self._account_chosen()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.authority.retranslate()
        self.account.retranslate()
        self.heading.setText(
            _(
                "An appeal to public generosity needs its authorisation first (law 18-18): "
                "type it as the authorisation gives it. Its report is due 30 days after it ends."
            )
        )
        self.bank_account.setPlaceholderText(_("Bank, agency and RIB"))

    def _account_chosen(self, *_args: object) -> None:
        self.form.setRowVisible(self.bank_row, self.account.currentData() == OTHER_ACCOUNT)

    def write(self, session: Session) -> CampaignRecord:
        account = self.account.currentData()
        other = account == OTHER_ACCOUNT or account is None
        return create_campaign(
            session,
            self.context.actor,
            CampaignData(
                authorisation_number=self.authorisation_number.text(),
                authorised_on=self.authorised_on.date("authorised_on", required=True),
                authority=CampaignAuthority(self.authority.currentData()),
                starts_on=self.starts_on.date("starts_on", required=True),
                ends_on=self.ends_on.date("ends_on", required=True),
                purpose=self.purpose.value(),
                treasury_account_id=None if other else int(account),
                bank_account=self.bank_account.text() if other else None,
            ),
        )


def _account_label(account: TreasuryBalance) -> str:
    return bidi_text(f"{account.name} ({account.account})")


class LinkGiftDialog(_CampaignDialog):
    """Count a gift among the campaign's: the gifts of its period that no campaign counts are
    listed latest first, and found by receipt number or donor as one types."""

    title_text = N_("Link a gift to the campaign")
    save_text = N_("Link the gift")

    def __init__(
        self, context: AppContext, campaign: CampaignRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("link_gift_dialog")
        self.campaign = campaign
        self.search = _line(self, "gift_search", 100)
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("gift_list")
        self.list.setMinimumHeight(220)
        self.list.itemActivated.connect(lambda _item: self.save())
        self.search.textChanged.connect(self.find_gifts)
        self.search.returnPressed.connect(self.save)
        self._row("gift_search", N_("Find a gift"), self.search)
        self._row("donation", N_("Gifts of the period"), self.list)
        self._lay_out()
        self.retranslate()
        self.find_gifts()

    def retranslate(self) -> None:
        super().retranslate()
        campaign = self.campaign
        self.heading.setText(
            bidi_text(
                _("“{purpose}”, from {start} to {end}.").format(
                    purpose=purpose(campaign),
                    start=format_date(campaign.starts_on),
                    end=format_date(campaign.ends_on),
                )
            )
        )
        self.search.setPlaceholderText(_("Receipt number or donor's name"))
        for index in range(self.list.count()):
            item = self.list.item(index)
            gift = item.data(Qt.ItemDataRole.UserRole)
            if isinstance(gift, DonationRecord):
                item.setText(gift_item(gift))
        self._say_found()

    def find_gifts(self, *_args: object) -> None:
        """List the gifts matching what is typed; the first is chosen."""
        try:
            with self.context.database.session() as session:
                gifts = gift_candidates(
                    session, self.context.actor, self.campaign.id, self.search.text()
                )
        except NassijError as error:
            gifts = []
            self.general_error.setText(str(error))
        self.list.clear()
        for gift in gifts:
            item = QListWidgetItem(gift_item(gift))
            item.setData(Qt.ItemDataRole.UserRole, gift)
            self.list.addItem(item)
        if gifts:
            self.list.setCurrentRow(0)
        self._say_found()

    def _say_found(self) -> None:
        empty = self.list.count() == 0
        self.note.setText(
            _(
                "No gift of the campaign's period is left to link. A gift is first recorded "
                "as a donation, with its receipt."
            )
            if empty
            else ""
        )
        self.note.setVisible(empty)
        self.save_button.setEnabled(not empty)

    def chosen(self) -> DonationRecord | None:
        item = self.list.currentItem()
        gift = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return gift if isinstance(gift, DonationRecord) else None

    def write(self, session: Session) -> CampaignRecord:
        gift = self.chosen()
        if gift is None:
            raise ValidationError("donation", _("Choose the gift to link."))
        return link_gift(session, self.context.actor, self.campaign.id, gift.id)


class CloseCampaignDialog(_CampaignDialog):
    """Close a campaign: the amounts collected are its gifts'; the treasurer says how much was
    used and for what, and where the remainder goes. Before its end, only an administrator
    closes it, with the reason."""

    title_text = N_("Close the campaign")
    save_text = N_("Close the campaign")

    def __init__(
        self, context: AppContext, campaign: CampaignRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("close_campaign_dialog")
        self.campaign = campaign
        today = clock.today()
        self.closed_on = _date_edit(self, "closed_on", today)
        self.amount_used = amount_editor(self, "amount_used")
        self.amount_used.setText(format_amount(campaign.total_collected))
        self.remainder = QLabel(self)
        self.remainder.setObjectName("remainder")
        self.uses = BilingualEdit("uses", self, lines=2)
        self.destination = BilingualEdit("remainder_destination", self, lines=2)
        self.reason = _line(self, "forced_close_reason", 500)
        self._row("closed_on", N_("Closed on"), self.closed_on)
        self._row("amount_used", N_("Amount used"), self.amount_used)
        self._row("remainder", N_("Remainder"), self.remainder)
        self._row("uses", N_("Uses"), self.uses, *self.uses.aliases)
        self._row(
            "remainder_destination",
            N_("Destination of the remainder"),
            self.destination,
            *self.destination.aliases,
        )
        self.reason_row = self._row(
            "forced_close_reason", N_("Reason for closing early"), self.reason
        )
        self.amount_used.textChanged.connect(self._show_remainder)
        self.closed_on.textChanged.connect(self._show_reason)
        self._lay_out()
        self.retranslate()
        self._show_reason()

    def retranslate(self) -> None:
        super().retranslate()
        campaign = self.campaign
        self.heading.setText(
            bidi_text(
                ngettext(
                    "“{purpose}”: {cash} collected in money and {in_kind} in kind, "
                    "from {count} gift.",
                    "“{purpose}”: {cash} collected in money and {in_kind} in kind, "
                    "from {count} gifts.",
                    campaign.gift_count,
                ).format(
                    purpose=purpose(campaign),
                    cash=format_money(campaign.cash_collected),
                    in_kind=format_money(campaign.in_kind_collected),
                    count=campaign.gift_count,
                )
            )
        )
        self._show_remainder()

    def _used(self) -> Decimal | None:
        try:
            return parse_money(self.amount_used.text(), field="amount_used")
        except ValidationError:
            return None

    def _show_remainder(self, *_args: object) -> None:
        used = self._used()
        remainder = None if used is None else self.campaign.total_collected - used
        self.remainder.setText(bidi_text(format_money(remainder)) if remainder is not None else "")

    def _show_reason(self, *_args: object) -> None:
        try:
            day = self.closed_on.date("closed_on")
        except ValidationError:
            day = None  # not a date yet: said when saving
        early = day is not None and day < self.campaign.ends_on
        self.form.setRowVisible(self.reason_row, early)
        self.note.setText(
            _(
                "The campaign runs until {date}: to close it before, an administrator "
                "gives the reason."
            ).format(date=format_date(self.campaign.ends_on))
            if early
            else ""
        )
        self.note.setVisible(early)

    def write(self, session: Session) -> CampaignRecord:
        text = self.amount_used.text().strip()
        used = parse_money(text, field="amount_used") if text else Decimal(0)
        return close_campaign(
            session,
            self.context.actor,
            self.campaign.id,
            ClosingData(
                amount_used=used,
                uses=self.uses.value(),
                remainder_destination=self.destination.value(),
                closed_on=self.closed_on.date("closed_on", required=True),
                force_reason=self.reason.text() or None,
            ),
        )


class FileReportDialog(_CampaignDialog):
    """Mark the campaign's report as sent to the authority, on the day it was."""

    title_text = N_("Report sent")
    save_text = N_("Mark the report as sent")

    def __init__(
        self, context: AppContext, campaign: CampaignRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("file_report_dialog")
        self.campaign = campaign
        self.filed_on = _date_edit(self, "report_filed_on", clock.today())
        self._row("report_filed_on", N_("Sent on"), self.filed_on)
        self._lay_out()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(
            bidi_text(
                _("The report on “{purpose}”, due on {date}, to {authority}.").format(
                    purpose=purpose(self.campaign),
                    date=format_date(self.campaign.report_due_on),
                    authority=authority_label(self.campaign.authority),
                )
            )
        )

    def write(self, session: Session) -> CampaignRecord:
        return file_campaign_report(
            session,
            self.context.actor,
            self.campaign.id,
            self.filed_on.date("report_filed_on", required=True),
        )


class DistributionDialog(_CampaignDialog):
    """The declaration made before a distribution of aid in kind: what, how much, where and
    when, and how many people receive it. Nobody is named."""

    title_text = N_("Declare a distribution of aid in kind")
    save_text = N_("Record the declaration")

    def __init__(
        self,
        context: AppContext,
        campaign: CampaignRecord | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.setObjectName("distribution_dialog")
        self.campaign = campaign
        today = clock.today()
        self.declared_on = _date_edit(self, "declared_on", today)
        self.distribution_on = _date_edit(self, "distribution_on")
        self.place = _line(self, "place")
        self.nature = _line(self, "nature")
        self.quantity = _line(self, "quantity", 120)
        self.beneficiaries = QSpinBox(self)
        self.beneficiaries.setObjectName("beneficiaries")
        self.beneficiaries.setRange(0, 1_000_000)
        self.declared_to = _line(self, "declared_to", 200)
        self.reference = _line(self, "reference", 60)
        set_field_direction(self.reference, "receipt_number")
        self._row("declared_on", N_("Declared on"), self.declared_on)
        self._row("distribution_on", N_("Distribution on"), self.distribution_on)
        self._row("place", N_("Place"), self.place)
        self._row("nature", N_("Nature of the aid"), self.nature)
        self._row("quantity", N_("Quantity"), self.quantity)
        self._row("beneficiaries", N_("Number of beneficiaries"), self.beneficiaries)
        self._row("declared_to", N_("Declared to"), self.declared_to)
        self._row("reference", N_("Receipt of the declaration"), self.reference)
        self._lay_out()
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        lines = []
        if self.campaign is not None:
            lines.append(
                bidi_text(_("Campaign “{purpose}”.").format(purpose=purpose(self.campaign)))
            )
        lines.append(
            _(
                "Beneficiaries are counted, never named: the declaration asks for no more, "
                "and the law on personal data wants no more kept."
            )
        )
        self.heading.setText(bidi_text("\n".join(lines)))
        self.quantity.setPlaceholderText(_("250 food baskets"))
        self.declared_to.setPlaceholderText(_("The pachalik or caïdat"))

    def write(self, session: Session) -> object:
        return declare_distribution(
            session,
            self.context.actor,
            DistributionData(
                declared_on=self.declared_on.date("declared_on", required=True),
                distribution_on=self.distribution_on.date("distribution_on", required=True),
                place=self.place.text(),
                nature=self.nature.text(),
                quantity=self.quantity.text(),
                beneficiaries=self.beneficiaries.value(),
                campaign_id=self.campaign.id if self.campaign else None,
                declared_to=self.declared_to.text() or None,
                reference=self.reference.text() or None,
            ),
        )
