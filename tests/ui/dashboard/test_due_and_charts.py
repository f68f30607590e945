"""The dashboard's one list of what is due (each line to the page where it is dealt with) and
its charts, built after the first paint, each for who may read its domain."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from PySide6.QtCharts import QBarSeries, QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.due import DueArea
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.donations.campaign_models import CampaignStatus
from nassij_desktop.core.donations.campaigns import ClosingData, close_campaign, list_campaigns
from nassij_desktop.core.due import things_due
from nassij_desktop.core.funding.models import FundingRequest
from nassij_desktop.core.funding.services import list_sgg_declarations
from nassij_desktop.core.members.models import MemberStatus
from nassij_desktop.i18n.formatting import isolate, plain_text
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.dashboard.page import DashboardPage

if TYPE_CHECKING:
    from tests.support import DemoFile

pytestmark = [pytest.mark.gui]

ADMIN = Actor(user_id=None, login="admin", role=Role.ADMIN)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
TODAY = clock.today()


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


@pytest.fixture
def recent(demo_file: DemoFile) -> Iterator[Database]:
    """The dashboard tests' demo (shared): an SGG declaration to file, an appeal still open."""
    database = open_database(demo_file(members=60, seed=3, today=TODAY))
    yield database
    database.close()


def open_dashboard(qtbot, database: Database, actor: Actor = ADMIN) -> DashboardPage:
    page = DashboardPage(AppContext(database, actor))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    return page


def bar_counts(view: QChartView) -> list[int]:
    [series] = view.chart().series()
    assert isinstance(series, QBarSeries)
    return [bar_set.count() for bar_set in series.barSets()]


def test_the_list_shows_the_sgg_declaration_and_a_campaign_report(qtbot, recent: Database) -> None:
    with recent.transaction() as session:
        [appeal] = list_campaigns(session, ADMIN, CampaignStatus.OPEN)
        close_campaign(  # closed early: its report is due 30 days from today
            session,
            ADMIN,
            appeal.id,
            ClosingData(
                amount_used=appeal.cash_collected + appeal.in_kind_collected,
                uses="Cartables",
                closed_on=TODAY,
                force_reason="Objectif atteint",
            ),
        )
    with recent.session() as session:
        [sgg, *_] = list_sgg_declarations(session, ADMIN, open_only=True)
    page = open_dashboard(qtbot, recent)
    sgg_label = page.due_labels[f"sgg_declaration_{sgg.tranche_id}"]
    assert "declare to the SGG" in plain_text(sgg_label.text())
    report = page.due_labels[f"campaign_report_{appeal.id}"]
    assert "Cartables" not in report.text() and "fundraising campaign" in report.text()
    assert page.go_buttons[f"campaign_report_{appeal.id}"].text() == "Documents"
    assert page.go_buttons[f"sgg_declaration_{sgg.tranche_id}"].text() == "Funding"
    # In date order, as the service gives them.
    shown = list(page.due_labels)
    with recent.session() as session:
        assert shown == [item.key for item in things_due(session, ADMIN, TODAY)]


def test_a_line_takes_the_user_to_its_page_and_record(qtbot, recent: Database) -> None:
    from nassij_desktop.ui.funding.page import FundingPage
    from nassij_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(recent, ADMIN))
    qtbot.addWidget(window)
    window.show()
    page = window.page("dashboard")
    assert isinstance(page, DashboardPage)
    key, item = next((i.key, i) for i in page.due if i.kind == "sgg_declaration")
    qtbot.mouseClick(page.go_buttons[key], Qt.MouseButton.LeftButton)
    funding = window.page("funding")
    assert isinstance(funding, FundingPage) and window.current_page() is funding
    selected = funding.requests.table.selected()
    assert selected is not None and selected.id == item.opens_id


def test_the_charts_come_after_the_first_paint(qtbot, recent: Database) -> None:
    page = open_dashboard(qtbot, recent)
    assert page.chart_views == {}, "nothing of QtCharts before the page is shown"
    page.show()
    qtbot.waitUntil(lambda: len(page.chart_views) == 4, timeout=3000)
    shown_statuses = [s for s, n in page.status_counts.items() if n or s is MemberStatus.ACTIVE]
    assert bar_counts(page.chart_views["members_chart"]) == [len(shown_statuses)]
    assert bar_counts(page.chart_views["dues_chart"]) == [2]
    assert bar_counts(page.chart_views["books_chart"]) == [12, 12]
    assert bar_counts(page.chart_views["beneficiaries_chart"]) == [12]
    assert page.figures is not None and page.figures.dues is not None
    [series] = page.chart_views["dues_chart"].chart().series()
    assert isinstance(series, QBarSeries)
    collected = series.barSets()[0].at(0)
    assert collected == float(page.figures.dues.collected.quantize(Decimal(1)))


def test_in_arabic_the_months_run_from_the_right(
    qtbot, qapp: QApplication, recent: Database
) -> None:
    page = open_dashboard(qtbot, recent)
    page.show()
    qtbot.waitUntil(lambda: len(page.chart_views) == 4, timeout=3000)
    apply_language("ar", qapp)

    def categories() -> list[str]:
        chart = page.chart_views["beneficiaries_chart"].chart()
        return list(chart.axes(Qt.Orientation.Horizontal)[0].categories())

    qtbot.waitUntil(lambda: categories()[0] == "دجنبر", timeout=3000)
    view = page.chart_views["beneficiaries_chart"]
    assert categories()[-1] == "يناير"
    [series] = view.chart().series()
    assert isinstance(series, QBarSeries) and page.figures is not None
    assert page.figures.beneficiaries is not None
    assert series.barSets()[0].at(11) == page.figures.beneficiaries[0]  # January, at the right
    [values] = view.chart().axes(Qt.Orientation.Vertical)
    assert values.alignment() == Qt.AlignmentFlag.AlignRight


def test_a_volunteer_has_no_funding_line_and_no_books_chart(qtbot, recent: Database) -> None:
    page = open_dashboard(qtbot, recent, VOLUNTEER)
    page.show()
    qtbot.waitUntil(lambda: bool(page.chart_views), timeout=3000)
    assert set(page.chart_views) == {"members_chart", "beneficiaries_chart"}
    assert page.due == [] and not page.reminders_card.isVisible()
    with recent.session() as session:
        assert any(i.kind == "sgg_declaration" for i in things_due(session, CLI_ACTOR, TODAY))


def test_the_dashboard_module_does_not_load_qtcharts() -> None:
    """The first page is imported before the first paint: QtCharts waits for the charts."""
    probe = (
        "import sys\n"
        "import nassij_desktop.ui.shell.main_window, nassij_desktop.ui.dashboard.page\n"
        "print('PySide6.QtCharts' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "False"


def test_a_french_title_reads_whole_in_an_arabic_line(recent: Database) -> None:
    """A request titled in French with a dash ("Atelier de couture — deuxième phase") is one
    isolated run in the Arabic to-do line: its halves were shown swapped."""
    with recent.session() as session:
        titles = [t for t in session.scalars(sa.select(FundingRequest.title)) if " — " in t]
        items = [i for i in things_due(session, ADMIN, TODAY) if i.area is DueArea.FUNDING]
    dashed = [(i, t) for i in items for t in titles if t in plain_text(i.subject.fr)]
    assert dashed, [i.subject.fr for i in items]
    for item, title in dashed:
        assert isolate(title, "ltr") in item.subject.ar
