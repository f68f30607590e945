"""The attendance sheet is read when it is wanted, and the page shown again reads it again only
if something changed: an assembly of thousands of members is not read at each visit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import Attendance
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    record_attendance,
    update_assembly,
)
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.assembly_panel import AGENDA_TAB, ATTENDANCE_TAB
from nassij_desktop.ui.governance.page import GovernancePage

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
TODAY = clock.today()
NAMES = ["Alaoui", "Bennani", "Chraibi", "Daoudi", "El Fassi", "Filali"]


@pytest.fixture
def assembly(database: Database) -> int:
    with database.transaction() as session:
        for name in NAMES:
            create_member(
                session,
                CLI_ACTOR,
                MemberData(
                    last_name_lat=name, first_name_lat="Sara", join_date=dt.date(2021, 3, 1)
                ),
            )
        return convene_assembly(
            session,
            SECRETARY,
            AssemblyData(
                held_on=TODAY,
                place="Maison des jeunes",
                convened_on=TODAY - dt.timedelta(days=15),
                agenda=["Moral report"],
            ),
        ).id


@pytest.fixture
def page(qtbot, qapp: QApplication, database: Database, assembly: int) -> GovernancePage:  # type: ignore[no-untyped-def]
    apply_language("en", qapp)
    page = GovernancePage(AppContext(database, SECRETARY))
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(1)
    return page


def reads(page: GovernancePage) -> Callable[[], int]:
    """How many times the sheet was (re)loaded since this was called."""
    resets: list[int] = []
    page.panel.attendance_model.modelReset.connect(lambda: resets.append(1))
    return lambda: len(resets)


def test_the_sheet_is_read_when_its_tab_is_shown(page: GovernancePage, assembly: int) -> None:
    panel = page.panel
    assert panel.tabs.currentIndex() == AGENDA_TAB
    # The assembly is on show with its quorum, counted without reading a line per member.
    assert panel.detail is not None and panel.detail.summary.id == assembly
    assert "Voting members: 6" in panel.quorum_label.text()
    assert panel.attendance_model.total() == 0
    panel.tabs.setCurrentIndex(ATTENDANCE_TAB)
    assert panel.attendance_model.total() == len(NAMES)
    assert [panel.attendance_model.line(row).member.number for row in range(len(NAMES))] == sorted(
        panel.attendance_model.line(row).member.number for row in range(len(NAMES))
    )
    # Back and forth between the tabs: read once.
    count = reads(page)
    panel.tabs.setCurrentIndex(AGENDA_TAB)
    panel.tabs.setCurrentIndex(ATTENDANCE_TAB)
    assert count() == 0
    # A line asked for on another tab (as the tests and the editors do) reads the sheet.
    page.select_assembly(assembly)
    panel.tabs.setCurrentIndex(AGENDA_TAB)
    page.select_assembly(assembly)
    assert panel.attendance_model.total() == 0
    assert len(panel.member_ids()) == len(NAMES)


def test_shown_again_the_page_reads_the_sheet_again_only_after_a_change(
    page: GovernancePage, database: Database, assembly: int
) -> None:
    panel = page.panel
    panel.tabs.setCurrentIndex(ATTENDANCE_TAB)
    count = reads(page)
    page.refresh()  # what the main window does each time it shows the page
    assert count() == 0
    # A member changed on another page while this one was out of sight: read again on show.
    page.hide()
    page.context.announce(Change.MEMBERS)
    assert count() == 0
    page.show()
    page.refresh()
    assert count() == 1
    page.refresh()
    assert count() == 1
    # The assembly's own record changed behind the page's back: its version tells.
    with database.transaction() as session:
        version = get_assembly(session, SECRETARY, assembly).summary.version
        update_assembly(
            session,
            SECRETARY,
            assembly,
            version,
            AssemblyData(
                held_on=TODAY,
                place="Salle communale",
                convened_on=TODAY - dt.timedelta(days=15),
                agenda=["Moral report"],
            ),
        )
    page.refresh()
    assert count() == 2
    assert panel.detail is not None and panel.detail.summary.place.fr == "Salle communale"


def test_a_line_saved_in_the_sheet_updates_the_quorum_from_the_sheet(
    page: GovernancePage, database: Database, assembly: int
) -> None:
    panel = page.panel
    panel.tabs.setCurrentIndex(ATTENDANCE_TAB)
    count = reads(page)
    first, second = panel.member_ids()[:2]
    panel.set_presence(first, Attendance.PRESENT)
    panel.set_presence(second, Attendance.EXCUSED)
    assert count() == 0  # the lines were updated in place
    with database.session() as session:
        saved = get_assembly(session, SECRETARY, assembly).quorum
    assert panel.detail is not None and panel.detail.quorum == saved
    assert (saved.voting, saved.present, saved.represented) == (len(NAMES), 1, 0)
    # Recorded elsewhere (the command line, another computer): seen once announced.
    with database.transaction() as session:
        record_attendance(session, CLI_ACTOR, assembly, panel.member_ids()[2], Attendance.PRESENT)
    page.context.announce(Change.GOVERNANCE)
    assert count() == 1
    assert panel.detail.quorum.present == 2
