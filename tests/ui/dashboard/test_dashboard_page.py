"""The dashboard on a demo association: counts, dues, assemblies and dated reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.governance.services import (
    declaration_reminders,
    list_declarations,
    record_declaration_filed,
)
from nassij_desktop.core.members.models import MemberStatus
from nassij_desktop.core.members.search import MemberFilter, count_members
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.storage import Database, open_database

if TYPE_CHECKING:
    from tests.support import DemoFile
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.dashboard.page import DashboardPage

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
TODAY = clock.today()


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


@pytest.fixture
def recent(demo_file: DemoFile) -> Iterator[Database]:
    """A demo whose last assembly was 18 days ago: its declaration is due in 12 days."""
    database = open_database(demo_file(members=60, seed=3, today=TODAY))
    yield database
    database.close()


@pytest.fixture
def late(demo_file: DemoFile) -> Iterator[Database]:
    """The same association seen 50 days later: the declaration is overdue."""
    database = open_database(demo_file(members=60, seed=3, today=TODAY - dt.timedelta(days=50)))
    yield database
    database.close()


def open_dashboard(qtbot, database: Database, actor: Actor = SECRETARY) -> DashboardPage:
    page = DashboardPage(AppContext(database, actor))
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_the_dashboard_counts_members_and_dues_of_the_year(qtbot, recent: Database) -> None:
    page = open_dashboard(qtbot, recent)
    with recent.session() as session:
        active = count_members(
            session, SECRETARY, flt=MemberFilter(statuses=frozenset({MemberStatus.ACTIVE}))
        )
        paid = count_members(
            session, SECRETARY, flt=MemberFilter(dues_year=TODAY.year, dues_paid=True)
        )
    assert f"Active: {active}" in page.members_text.text()
    assert f"{paid} members have paid" in page.dues_text.text()
    assert "Last: Ordinary general assembly of" in page.assemblies_text.text()


def test_a_declaration_to_file_is_a_dated_reminder_until_filed(qtbot, recent: Database) -> None:
    page = open_dashboard(qtbot, recent)
    with recent.session() as session:
        [reminder] = declaration_reminders(session, SECRETARY, TODAY)
    label = page.reminder_labels[0]
    assert label.objectName() == f"reminder_{reminder.declaration_id}"
    assert format_date(reminder.due_on, "en", "long") in label.text()
    assert "before" in label.text() and label.property("overdue") is False
    with recent.transaction() as session:
        row = next(d for d in list_declarations(session, SECRETARY) if d.filed_on is None)
        record_declaration_filed(
            session, SECRETARY, row.id, row.version, filed_on=TODAY, authority="Caïdat"
        )
    page.context.announce(Change.GOVERNANCE)
    assert page.reminder_labels == []  # the other things due stay
    assert f"declaration_{reminder.declaration_id}" not in page.due_labels


def test_an_overdue_declaration_is_shown_in_red(qtbot, late: Database) -> None:
    page = open_dashboard(qtbot, late)
    [label] = page.reminder_labels
    assert label.property("overdue") is True
    assert "overdue" in label.text()
    assert "#b3261e" in label.styleSheet()


def test_a_volunteer_sees_no_governance_figures(qtbot, recent: Database) -> None:
    page = open_dashboard(qtbot, recent, VOLUNTEER)
    assert page.members_card.isVisible()
    assert not page.reminders_card.isVisible() and not page.assemblies_card.isVisible()


def test_the_dashboard_in_arabic_and_french(
    qtbot, qapp: QApplication, late: Database, screens_dir: Path
) -> None:
    page = open_dashboard(qtbot, late)
    for lang in ("fr", "ar"):
        apply_language(lang, qapp)
        assert page.isRightToLeft() is (lang == "ar")
        assert page.reminders_title.text() != "" and page.title() != ""
        page.grab().save(str(screens_dir / f"dashboard-{lang}.png"))


def test_an_empty_register_says_where_to_start_one_click_away(qtbot, database: Database) -> None:
    """A new association's dashboard said "Active: 0" and nothing else."""
    from nassij_desktop.ui.members.member_form import MemberFormDialog
    from nassij_desktop.ui.shell.main_window import MainWindow

    window = MainWindow(AppContext(database, SECRETARY))
    qtbot.addWidget(window)
    window.show()
    page = window.page("dashboard")
    assert isinstance(page, DashboardPage)
    assert "first" in page.members_text.text()
    assert page.first_member_button.isVisible()
    qtbot.mouseClick(page.first_member_button, Qt.MouseButton.LeftButton)
    members = window.page("members")
    assert window.current_page() is members
    assert isinstance(members.dialog, MemberFormDialog) and members.dialog.isVisible()
    members.dialog.reject()

    viewer = DashboardPage(AppContext(database, VOLUNTEER))
    qtbot.addWidget(viewer)
    assert not viewer.first_member_button.isVisibleTo(viewer), "only who may add members"
