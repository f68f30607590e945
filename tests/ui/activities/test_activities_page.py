"""The Activities page: the filters and the calendar narrow the list to what the service
counts; the page builds no widget per activity."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot

from nassij_desktop.core.activities.models import ActivityKind, AgeGroup
from nassij_desktop.core.activities.services import (
    ActivityData,
    create_activity,
    list_activities,
    list_programmes,
)
from nassij_desktop.core.members.models import Gender
from nassij_desktop.ui.activities.page import ActivitiesPage
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language


def _all_rows(page: ActivitiesPage) -> list[int]:
    rows = (page.model.row(i) for i in range(page.model.rowCount()))
    return [row.id for row in rows if row is not None]


def test_the_list_is_the_services_latest_first(qtbot: QtBot, volunteer: AppContext) -> None:
    page = ActivitiesPage(volunteer)
    qtbot.addWidget(page)
    with volunteer.database.session() as session:
        activities = list_activities(session, volunteer.actor)
    assert activities and _all_rows(page) == [a.id for a in activities]
    first = page.model.row(0)
    assert first is not None
    assert first.beneficiaries == activities[0].beneficiary_total
    assert first.volunteer_minutes == activities[0].volunteer_minutes
    assert page.count_label.text().endswith(str(len(activities)))


def test_the_programme_period_and_words_narrow_the_list(
    qtbot: QtBot, volunteer: AppContext
) -> None:
    page = ActivitiesPage(volunteer)
    qtbot.addWidget(page)
    with volunteer.database.session() as session:
        activities = list_activities(session, volunteer.actor)
        programme = list_programmes(session, volunteer.actor)[0]
    by_programme = [a.id for a in activities if a.programme_id == programme.id]
    assert 0 < len(by_programme) < len(activities)

    page.programme.select(programme.id)
    assert _all_rows(page) == by_programme

    # A period: the days the field says, both included.
    middle = activities[len(activities) // 2].starts_at.date()
    start, end = middle - dt.timedelta(days=30), middle
    QTest.keyClicks(page.start, start.strftime("%d/%m/%Y"))
    QTest.keyClick(page.start, Qt.Key.Key_Return)
    QTest.keyClicks(page.end, end.strftime("%d/%m/%Y"))
    QTest.keyClick(page.end, Qt.Key.Key_Return)
    expected = [
        a.id
        for a in activities
        if a.programme_id == programme.id and start <= a.starts_at.date() <= end
    ]
    assert _all_rows(page) == expected

    page.clear_filters()
    page.programme.select(None)
    # Words of the title: every activity whose title holds them, in either case.
    word = activities[0].title.split()[0]
    QTest.keyClicks(page.search, word.upper())
    qtbot.waitUntil(lambda: page.source.filter.text == word.upper())
    found = set(_all_rows(page))
    titled = {a.id for a in activities if word.casefold() in a.title.casefold()}
    assert titled <= found and activities[0].id in found
    assert len(found) < len(activities)


def test_the_calendar_marks_the_days_and_a_day_narrows_the_list(
    qtbot: QtBot, volunteer: AppContext, qapp: QApplication
) -> None:
    apply_language("ar", qapp)
    page = ActivitiesPage(volunteer)
    qtbot.addWidget(page)
    page.show()
    with volunteer.database.session() as session:
        activities = list_activities(session, volunteer.actor)
    day = activities[3].starts_at.date()
    QTest.keyClick(page.view_button, Qt.Key.Key_Space)  # the calendar, by the keyboard
    assert page.stack.currentWidget() is page.calendar
    assert page.calendar.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.marked_days()  # this month's activities, else the latest one's month
    page.calendar.setCurrentPage(day.year, day.month)
    in_month = {
        a.starts_at.date()
        for a in activities
        if (a.starts_at.year, a.starts_at.month) == (day.year, day.month)
    }
    assert page.marked_days() == in_month
    assert page.calendar.dateTextFormat(QDate(day.year, day.month, day.day)).fontWeight() > 400

    # Enter on a day of the calendar: the list of that day's activities.
    page.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
    grid = page.calendar.findChild(QTableView)
    assert grid is not None
    QTest.keyClick(grid, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.table
    on_day = [a.id for a in activities if a.starts_at.date() == day]
    assert _all_rows(page) == on_day
    assert (page.source.filter.start, page.source.filter.end) == (day, day)


def _many(context: AppContext, count: int) -> None:
    with context.database.transaction() as session:
        programme = list_programmes(session, context.actor)[0]
        start = dt.datetime(2015, 1, 1, 9, 0)
        for index in range(count):
            create_activity(
                session,
                context.actor,
                ActivityData(
                    title=f"Séance {index}",
                    kind=ActivityKind.TRAINING,
                    starts_at=start + dt.timedelta(days=index, hours=index % 8),
                    place="Maison des jeunes",
                    programme_id=programme.id,
                    beneficiaries={(Gender.FEMALE, AgeGroup.YOUTH): 5 + index % 7},
                ),
            )


def test_the_page_builds_no_widget_per_activity(qtbot: QtBot, admin: AppContext) -> None:
    page = ActivitiesPage(admin)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    shown = page.model.rowCount()
    QApplication.processEvents()
    before = len(QApplication.allWidgets())

    # 600 activities are six pages of the model's hundred rows: reading them all, or a widget
    # per row, fails the assertions below as surely as 2 000 did, in a third of the time.
    _many(admin, 600)
    page.refresh()
    assert page.model.rowCount() == shown + 600
    page.table.scrollToBottom()
    QApplication.processEvents()
    page.view_button.setChecked(True)
    page.calendar.setCurrentPage(2016, 3)
    QApplication.processEvents()
    page.view_button.setChecked(False)
    page.table.scrollToTop()
    QApplication.processEvents()
    assert len(QApplication.allWidgets()) == before
    # Only the pages on screen were read (at most four), not the 600 rows.
    assert page.model.loaded_rows() <= 4 * page.model.page_size
