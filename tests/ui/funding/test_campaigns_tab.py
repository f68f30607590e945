"""The Campaigns tab of the Funding page on the demo association: a campaign typed by keyboard
from its authorisation, a gift found by its donor and linked, the campaign closed with its
remainder's destination, its report's due date shown, its report made as a PDF; overdue reports
in the error colour and filtered; a reader sees no writing button; pictures of the tab and of
each dialog in Arabic and French for a person to look at."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.donations.campaign_models import CampaignAuthority, CampaignStatus
from nassij_desktop.core.donations.campaigns import (
    CampaignData,
    create_campaign,
    get_campaign,
    list_campaigns,
)
from nassij_desktop.core.donations.services import DonationData, record_donation
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.i18n.formatting import format_date, plain_text
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import ERROR_COLOR
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.funding.campaign_dialogs import (
    CloseCampaignDialog,
    DistributionDialog,
    FileReportDialog,
    LinkGiftDialog,
    NewCampaignDialog,
)
from nassij_desktop.ui.funding.campaigns_tab import CampaignsTab
from nassij_desktop.ui.funding.page import FundingPage

if TYPE_CHECKING:
    from tests.support import DemoFile

pytestmark = [pytest.mark.gui]
TODAY = clock.today()
TREASURER = Actor(user_id=None, login="tresorier", role=Role.TREASURER)
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
WAIT_MS = 10_000


@pytest.fixture
def open_page(qtbot: QtBot) -> Callable[..., FundingPage]:
    def make(database: Database, actor: Actor = TREASURER) -> FundingPage:
        page = FundingPage(AppContext(database, actor))
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


def _tab(page: FundingPage) -> CampaignsTab:
    assert page.campaigns is not None
    page.tabs.setCurrentWidget(page.campaigns)
    return page.campaigns


def _campaign(database: Database, number: str, starts: dt.date, days: int = 20) -> int:
    with database.transaction() as session:
        return create_campaign(
            session,
            TREASURER,
            CampaignData(
                authorisation_number=number,
                authorised_on=starts - dt.timedelta(days=10),
                authority=CampaignAuthority.GOVERNOR,
                starts_on=starts,
                ends_on=starts + dt.timedelta(days=days),
                purpose=Bilingual("قفة رمضان", "Paniers du Ramadan"),
                bank_account="CIH Tiznit 230 810 0000000000001234 56",
            ),
        ).id


def _type(qtbot: QtBot, text: str) -> None:
    """Type into the widget that has the focus, then Tab to the next."""
    widget = QApplication.focusWidget()
    assert widget is not None
    if text:
        qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def test_a_campaign_typed_by_keyboard_takes_a_gift_is_closed_and_shows_its_report_due(
    qtbot: QtBot, demo_file: DemoFile, open_page: Callable[..., FundingPage], tmp_path: Path
) -> None:
    database = open_database(demo_file(members=60, seed=3, today=TODAY))
    try:
        page = open_page(database)
        tab = _tab(page)
        # The demo's two campaigns: this year's running, last year's report filed.
        stages = [plain_text(t) for t in _column(tab, "stage")]
        assert any(s.startswith("Running until") for s in stages), stages
        assert any(s.startswith("Report filed on") for s in stages), stages
        before = len(stages)

        dialog = tab.new_campaign()
        assert isinstance(dialog, NewCampaignDialog)
        qtbot.waitExposed(dialog)
        dialog.authority.setFocus()
        qtbot.waitUntil(lambda: dialog.authority.hasFocus())
        qtbot.keyClick(dialog.authority, Qt.Key.Key_Down)  # the wali
        _type(qtbot, "")
        starts = TODAY - dt.timedelta(days=6)
        ends = TODAY - dt.timedelta(days=1)
        for text in (
            "W-2026/58",
            f"{TODAY - dt.timedelta(days=12):%d/%m/%Y}",
            f"{starts:%d/%m/%Y}",
            f"{ends:%d/%m/%Y}",
            "",  # the purpose in Arabic: left empty
            "Aide aux familles",  # keyClicks types ASCII only
        ):
            _type(qtbot, text)
        assert dialog.account.hasFocus()  # the demo's bank, first
        qtbot.keyClick(dialog.account, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=WAIT_MS)
        chosen = tab.table.selected()
        assert chosen is not None and chosen.authorisation_number == "W-2026/58"
        assert chosen.authority is CampaignAuthority.WALI and chosen.treasury_account_id
        assert len(tab.table.rows()) == before + 1

        # A gift of its period, found by its donor's name and linked with Enter.
        with database.transaction() as session:
            gift = record_donation(
                session,
                TREASURER,
                DonationData(
                    donor_name="Hassan Ouzzine",
                    amount=Decimal("1500"),
                    received_on=TODAY - dt.timedelta(days=3),
                    method=PaymentMethod.TRANSFER,
                ),
            )
        link = tab.link_gift()
        assert isinstance(link, LinkGiftDialog)
        qtbot.waitExposed(link)
        qtbot.keyClicks(link.search, "ouzz")
        assert link.list.count() == 1 and link.chosen() is not None
        assert link.chosen().id == gift.id  # type: ignore[union-attr]
        qtbot.keyClick(link.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: link.result() == link.DialogCode.Accepted, timeout=WAIT_MS)
        assert [g.id for g in tab.detail.gifts.rows()] == [gift.id]
        assert "1" in plain_text(tab.detail.values["cash"].text())

        # Closed: 1 200 used, the rest to school support; its report is due 30 days on.
        close = tab.close_campaign()
        assert isinstance(close, CloseCampaignDialog)
        qtbot.waitExposed(close)
        assert not close.reason.isVisible()  # closed after its end: no reason asked
        close.amount_used.setText("1200")
        assert plain_text(close.remainder.text()).startswith("300")
        close.uses.fr.setPlainText("Achat de couvertures")
        assert not close.save()  # where the remainder goes is asked
        assert "remainder_destination" in close.errors.messages()
        close.destination.fr.setPlainText("Soutien scolaire")
        assert close.save()
        with database.session() as session:
            record = get_campaign(session, TREASURER, chosen.id)
        assert record.status is CampaignStatus.CLOSED and record.remainder == Decimal("300.00")
        due = format_date(ends + dt.timedelta(days=30))
        assert plain_text(tab.detail.values["stage"].text()) == f"Report due on {due}"
        assert f"Report due on {due}" in [plain_text(t) for t in _column(tab, "stage")]
        assert tab.filed_button.isEnabled() and not tab.close_button.isEnabled()

        # Its report, made on a worker and shown.
        tab.report_button.click()
        qtbot.waitUntil(lambda: tab.preview is not None, timeout=WAIT_MS)
        assert tab.preview is not None
        text = subprocess.run(
            ["pdftotext", str(tab.preview.path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "W-2026/58" in text
        tab.preview.reject()

        # Sent: the report filed, the filter of reports to send no longer lists it.
        filed = tab.file_report()
        assert isinstance(filed, FileReportDialog)
        assert filed.save()
        tab.stage_filter.select("owed")
        assert chosen.id not in [c.id for c in tab.table.rows()]
    finally:
        database.close()


def _column(tab: CampaignsTab, key: str) -> list[str]:
    model = tab.table.table_model
    column = next(i for i, c in enumerate(model.columns) if c.key == key)
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_an_overdue_report_is_in_the_error_colour_and_filtered(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    late = _campaign(database, "2025/1", TODAY - dt.timedelta(days=80))
    running = _campaign(database, "2025/2", TODAY - dt.timedelta(days=5))
    page = open_page(database)
    tab = _tab(page)
    model = tab.table.table_model
    column = next(i for i, c in enumerate(model.columns) if c.key == "stage")
    colours = {
        model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1).id: model.index(row, column).data(
            Qt.ItemDataRole.ForegroundRole
        )
        for row in range(model.rowCount())
    }
    assert colours[late] == QColor(ERROR_COLOR) and colours[running] is None
    tab.stage_filter.select("overdue")
    assert [c.id for c in tab.table.rows()] == [late]
    assert plain_text(tab.detail.values["stage"].text()).startswith("Report overdue since")
    assert ERROR_COLOR in tab.detail.values["stage"].styleSheet()
    tab.stage_filter.select("running")
    assert [c.id for c in tab.table.rows()] == [running]


def test_a_reader_sees_the_campaigns_without_any_writing_button(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    _campaign(database, "2025/3", TODAY - dt.timedelta(days=5))
    page = open_page(database, SECRETARY)
    tab = _tab(page)
    assert len(tab.table.rows()) == 1
    for button in tab.writers:
        assert not button.isVisible(), button.objectName()
    assert tab.report_button.isVisible() and tab.report_button.isEnabled()


def test_a_distribution_is_declared_with_its_beneficiaries_counted(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    campaign = _campaign(database, "2025/4", TODAY - dt.timedelta(days=5))
    page = open_page(database)
    tab = _tab(page)
    dialog = tab.declare()
    assert isinstance(dialog, DistributionDialog)
    dialog.distribution_on.set_date(TODAY + dt.timedelta(days=3))
    dialog.place.setText("Maison des jeunes de Tiznit")
    dialog.nature.setText("Couvertures")
    dialog.quantity.setText("120 couvertures")
    assert not dialog.save()
    assert "beneficiaries" in dialog.errors.messages()
    dialog.beneficiaries.setValue(120)
    assert dialog.save()
    rows = tab.detail.distributions.rows()
    assert [(d.campaign_id, d.beneficiaries) for d in rows] == [(campaign, 120)]
    assert tab.detail.tabs.tabText(1) == "Distributions in kind (1)"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_pictures_of_the_tab_and_its_dialogs(
    qtbot: QtBot,
    qapp: QApplication,
    database: Database,
    open_page: Callable[..., FundingPage],
    screens_dir: Path,
    lang: str,
) -> None:
    campaign = _campaign(database, "2025/5", TODAY - dt.timedelta(days=70))
    _campaign(database, "2025/6", TODAY - dt.timedelta(days=3))
    apply_language(lang, qapp)
    page = open_page(database)
    tab = _tab(page)
    tab.select_campaign(campaign)
    assert page.layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if lang == "ar" else Qt.LayoutDirection.LeftToRight
    )
    page.grab().save(str(screens_dir / f"campaigns-tab-{lang}.png"))
    dialogs: list[QWidget | None] = [
        tab.new_campaign(),
        tab.link_gift(),
        tab.close_campaign(),
        tab.declare(),
    ]
    for dialog in dialogs:
        assert dialog is not None
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(screens_dir / f"campaigns-{dialog.objectName()}-{lang}.png"))
        dialog.close()
    with database.session() as session:
        assert len(list_campaigns(session, TREASURER)) == 2
