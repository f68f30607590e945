"""The deadline of the account of the use of public aid (before 15 March of the next year) on
the dashboard: for a year that had public aid, from its start until 90 days after the
deadline, overdue from 15 March; a year of foreign grants only has none."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.public_aid import AidReminder, public_aid_reminders
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.dashboard.page import DashboardPage
from tests.core.books.statement_books import post_two_years
from tests.reports.books.aid_books import post_aid_year

TREASURER = Actor(user_id=None, login="tresorier", role=Role.TREASURER)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2024, 12, 31), []),  # the year has not begun
        (dt.date(2025, 6, 1), [AidReminder("2025", dt.date(2026, 3, 15), False, 287)]),
        (dt.date(2026, 3, 14), [AidReminder("2025", dt.date(2026, 3, 15), False, 1)]),
        (dt.date(2026, 3, 15), [AidReminder("2025", dt.date(2026, 3, 15), True, 0)]),
        (dt.date(2026, 6, 13), [AidReminder("2025", dt.date(2026, 3, 15), True, -90)]),
        (dt.date(2026, 6, 14), []),
    ],
)
def test_reminder_dates(database: Database, today: dt.date, expected: list[AidReminder]) -> None:
    post_aid_year(database)
    with database.session() as session:
        got = public_aid_reminders(session, TREASURER, today)
    assert got == expected


def test_no_reminder_without_public_aid(database: Database) -> None:
    with database.transaction() as session:
        post_two_years(session)  # dues, a subsidy without a funder, donations
    with database.session() as session:
        assert public_aid_reminders(session, TREASURER, dt.date(2025, 6, 1)) == []


@pytest.mark.gui
def test_dashboard_shows_the_deadline_to_the_treasurer(
    qapp: QApplication, qtbot: QtBot, database: Database
) -> None:
    apply_language("en")
    year = clock.today().year
    post_aid_year(database, year)
    page = DashboardPage(AppContext(database, TREASURER))
    qtbot.addWidget(page)
    assert page.reminders_card.isVisibleTo(page)
    [label] = page.aid_labels
    assert label.objectName() == f"aid_reminder_{year}"
    assert not label.property("overdue")
    text = plain_text(label.text())  # the line is given the interface's direction
    assert text.startswith(f"Account of the use of public aid {year}: to send to the")
    assert f"15 March {year + 1}" in text
