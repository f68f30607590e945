"""The one-minute activity form, typed with the keyboard only: the volunteer logs an activity,
finds it in the list and the service has it; a refused field is named and focused; an
activity is opened from the list and corrected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.activities.models import AgeGroup
from nassij_desktop.core.activities.services import get_activity, list_activities, list_programmes
from nassij_desktop.core.members.models import Gender, MemberStatus
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.search import MemberFilter, search_members
from nassij_desktop.core.users.own_member import own_member_id
from nassij_desktop.ui.activities.form import ActivityDialog
from nassij_desktop.ui.activities.page import ActivitiesPage
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language


@pytest.fixture(params=["fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type(text: str) -> None:
    QTest.keyClicks(_focused(), text)


def _key(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(_focused(), key, modifier)


def _tab_to(name: str, limit: int = 30) -> None:
    """Tab on until the field named `name` has the focus (the natural order gets there)."""
    for _ in range(limit):
        if _focused().objectName() == name:
            return
        _key(Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}: stuck at {_focused().objectName()}")


def _another_member(context: AppContext) -> MemberRecord:
    """An active member who is not the volunteer signed in."""
    with context.database.session() as session:
        own = own_member_id(session, context.actor)
        found = search_members(
            session, context.actor, "", MemberFilter(statuses=frozenset({MemberStatus.ACTIVE}))
        )
    return next(m for m in found if m.id != own)


def _opened(qtbot: QtBot, dialog: ActivityDialog) -> ActivityDialog:
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.title)
    return dialog


def test_a_volunteer_logs_an_activity_with_the_keyboard_only(
    qtbot: QtBot, volunteer: AppContext, language: str
) -> None:
    page = ActivitiesPage(volunteer)
    qtbot.addWidget(page)
    page.show()
    before = page.model.rowCount()
    dialog = _opened(qtbot, page.add_activity())

    _type("Atelier du clavier")
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.programme
    _key(Qt.Key.Key_Down)  # the first programme
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.kind
    _key(Qt.Key.Key_Down)  # the second kind (awareness)
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.date
    _key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("14/03/2026")
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.time
    _type("1630")
    _tab_to("place")
    _type("Maison des jeunes")
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.where.region
    _key(Qt.Key.Key_Down)  # the first region
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.where.province
    _key(Qt.Key.Key_Down)  # its first province
    _tab_to("description")
    _key(Qt.Key.Key_Tab)  # the description gives Tab on: partners, then the cost
    assert _focused() is dialog.partners
    _type("Commune, Ecole Al Amal")
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.cost
    _type("1 250,50")
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.project
    _tab_to(f"beneficiaries_{Gender.FEMALE.value}_{AgeGroup.CHILD.value}")
    _key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("12")
    _key(Qt.Key.Key_Tab)
    _key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("7")
    # A second volunteer, found by member number, with 2 hours; Enter saves from the hours.
    helper = _another_member(volunteer)
    _tab_to("volunteer_search")
    _type(helper.number)
    qtbot.waitUntil(lambda: dialog.volunteers.picker.member_id() == helper.id)
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.volunteers.picker.choice
    _key(Qt.Key.Key_Tab)
    assert _focused() is dialog.volunteers.hours
    _key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("2")
    _key(Qt.Key.Key_Return)  # Enter saves from a spin box
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # In the list, first (the latest on that day is the only one) and found by a word.
    QTest.keyClicks(page.search, "clavier")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    row = page.model.row(0)
    assert row is not None and row.title == "Atelier du clavier"
    assert row.beneficiaries == 19
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == before + 1)

    # In the service, as typed, logged by the volunteer, who was there (their own member).
    with volunteer.database.session() as session:
        record = get_activity(session, volunteer.actor, row.id)
        programme = list_programmes(session, volunteer.actor)[0]
        own = own_member_id(session, volunteer.actor)
    assert record.starts_at == dt.datetime(2026, 3, 14, 16, 30)
    assert record.programme_id == programme.id
    assert record.kind.value == "awareness"
    assert record.place == "Maison des jeunes"
    assert record.region_code == "01" and record.province and not record.commune
    assert record.partners == "Commune, Ecole Al Amal"
    assert record.cost == Decimal("1250.50")
    assert row.cost == Decimal("1250.50")
    assert {(g, a): n for g, a, n in record.beneficiaries} == {
        (Gender.FEMALE, AgeGroup.CHILD): 12,
        (Gender.FEMALE, AgeGroup.YOUTH): 7,
    }
    assert own is not None
    assert dict(record.volunteers) == {own: 60, helper.id: 120}


def test_a_refused_field_is_named_and_focused(
    qtbot: QtBot, volunteer: AppContext, language: str
) -> None:
    dialog = _opened(qtbot, ActivityDialog(volunteer))
    qtbot.addWidget(dialog)
    _key(Qt.Key.Key_Return)  # no title
    assert dialog.isVisible()
    messages = dialog.errors.messages()
    assert list(messages) == ["title"] and messages["title"]
    assert _focused() is dialog.title

    _type("Reunion du bureau")
    _tab_to("starts_at")
    _key(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _type("31/02/2026")
    _key(Qt.Key.Key_Return)
    assert dialog.isVisible()
    messages = dialog.errors.messages()
    assert messages["starts_at"] and "title" not in messages
    assert _focused() is dialog.date

    _key(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with volunteer.database.session() as session:
        titles = {a.title for a in list_activities(session, volunteer.actor)}
    assert "Reunion du bureau" not in titles


def _row_logged_by(page: ActivitiesPage, context: AppContext, *, own: bool) -> int:
    """The first row of the list that `context`'s user logged (`own`), or someone else did."""
    with context.database.session() as session:
        logged = {a.id: a.logged_by_id for a in list_activities(session, context.actor)}
    return next(
        row
        for row in range(page.model.rowCount())
        if (logged[page.model.row(row).id] == context.actor.user_id) is own  # type: ignore[union-attr]
    )


def test_an_activity_opened_from_the_list_is_corrected(qtbot: QtBot, volunteer: AppContext) -> None:
    page = ActivitiesPage(volunteer)
    qtbot.addWidget(page)
    page.show()
    page.table.setFocus()
    row = _row_logged_by(page, volunteer, own=True)
    page.select_row(row)
    first = page.model.row(row)
    assert first is not None
    QTest.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens it
    qtbot.waitUntil(lambda: isinstance(page.dialog, ActivityDialog))
    dialog = page.dialog
    assert isinstance(dialog, ActivityDialog)
    _opened(qtbot, dialog)
    assert dialog.title.text() == first.title
    assert dialog.beneficiaries.counts() and sum(dialog.beneficiaries.counts().values()) == (
        first.beneficiaries
    )
    with volunteer.database.session() as session:
        before = get_activity(session, volunteer.actor, first.id)
    _key(Qt.Key.Key_End)
    _type(" (corrige)")
    _key(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with volunteer.database.session() as session:
        after = get_activity(session, volunteer.actor, first.id)
    assert after.title == first.title + " (corrige)"
    assert after.version == before.version + 1
    # What the form does not show is kept: the counts, the volunteers, the length.
    assert after.beneficiaries == before.beneficiaries
    assert after.volunteers == before.volunteers
    assert after.ends_at == before.ends_at
    assert page.model.row(row) is not None and page.model.row(row).title == after.title  # type: ignore[union-attr]


def test_an_activity_another_person_logged_opens_for_reading_to_a_volunteer(
    qtbot: QtBot, volunteer: AppContext
) -> None:
    page = ActivitiesPage(volunteer)
    qtbot.addWidget(page)
    page.show()
    page.table.setFocus()
    page.select_row(_row_logged_by(page, volunteer, own=False))
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ActivityDialog))
    dialog = page.dialog
    assert isinstance(dialog, ActivityDialog)
    assert not dialog.save_button.isEnabled()
    assert "only the activities you logged yourself" in dialog.general_error.text()
