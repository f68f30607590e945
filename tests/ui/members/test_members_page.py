"""The member list: search as you type, filters, sorting, roles, languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.members.search import (
    MemberFilter,
    MemberOrder,
    count_members,
    search_member_ids,
    search_members,
)
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.i18n import translate_in
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.lazy_model import ROW_ROLE
from nassij_desktop.ui.members.page import MembersPage

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)

pytestmark = [pytest.mark.gui]


def column(page: MembersPage, key: str) -> int:
    return next(i for i, c in enumerate(page.model.columns) if c.key == key)


def shown(page: MembersPage, key: str, rows: int = 20) -> list[str]:
    col = column(page, key)
    count = min(rows, page.model.rowCount())
    return [page.model.index(row, col).data() for row in range(count)]


def test_typing_in_the_search_box_filters_the_table(qtbot, demo: Database, open_page) -> None:
    page = open_page(demo)
    assert page.model.rowCount() == 300
    with demo.session() as session:
        someone = search_members(session, SECRETARY, limit=1, offset=123)[0]
        expected = count_members(session, SECRETARY, someone.last_name_lat or "")
    page.focus_search()
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    qtbot.keyClicks(page.search, someone.last_name_lat)
    # The table follows the typing after a short pause (debounce), not at each key.
    qtbot.waitUntil(lambda: page.model.rowCount() == expected, timeout=10_000)
    assert 0 < expected < 300
    assert len(resets) == 1, "one search after the typing pause, not one per key"
    names = shown(page, "name_lat", expected)
    assert all(someone.last_name_lat in name for name in names)
    # First name first, as the pickers and the receipts write it (core.common.names).
    assert f"{someone.first_name_lat} {someone.last_name_lat}" in names
    assert str(expected) in page.count_label.text()


def test_the_search_box_ignores_hamza_and_case(qtbot, demo: Database, open_page) -> None:
    page = open_page(demo)
    with demo.session() as session:
        expected = count_members(session, SECRETARY, "احمد")
    page.search.setText("احمد")
    page.apply_search()
    assert page.model.rowCount() == expected > 0
    assert any("أحمد" in name for name in shown(page, "name_ar", expected))


def test_a_status_filter_shows_only_that_status(demo: Database, open_page) -> None:
    page = open_page(demo)
    page.filters.status.select(MemberStatus.RESIGNED.value)  # the filter applies at once
    with demo.session() as session:
        expected = count_members(
            session, SECRETARY, flt=MemberFilter(statuses=frozenset({MemberStatus.RESIGNED}))
        )
    assert 0 < expected < 300
    assert page.model.rowCount() == expected
    assert set(shown(page, "status", expected)) == {STATUS_LABELS[MemberStatus.RESIGNED]}


def test_members_who_have_not_paid_this_year(demo: Database, open_page) -> None:
    page = open_page(demo)
    year = page.filters.dues_year.value()
    page.filters.dues.select("unpaid")
    with demo.session() as session:
        unpaid = count_members(
            session, SECRETARY, flt=MemberFilter(dues_year=year, dues_paid=False)
        )
    assert page.model.rowCount() == unpaid < 300


def test_clicking_a_column_sorts_by_it(qtbot, demo: Database, open_page) -> None:
    page = open_page(demo)
    header = page.table.horizontalHeader()
    name_lat = column(page, "name_lat")
    click = QPoint(header.sectionViewportPosition(name_lat) + 20, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click)
    assert page.model.sort_key == MemberOrder.NAME_LAT
    rows = [page.model.index(r, name_lat).data(ROW_ROLE) for r in range(50)]
    keys = [(r.last_name_lat, r.first_name_lat, r.id) for r in rows]
    assert keys == sorted(keys, reverse=page.model.descending)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=click)
    with demo.session() as session:
        expected = search_member_ids(
            session,
            SECRETARY,
            order=MemberOrder.NAME_LAT,
            descending=page.model.descending,
            limit=50,
        )
    assert [page.model.index(r, 0).data(ROW_ROLE).id for r in range(50)] == expected


def test_a_column_that_cannot_be_sorted_keeps_the_order(demo: Database, open_page) -> None:
    page = open_page(demo)
    page.table.sortByColumn(column(page, "number"), Qt.SortOrder.AscendingOrder)
    page.table.sortByColumn(column(page, "phone"), Qt.SortOrder.AscendingOrder)
    assert page.table.horizontalHeader().sortIndicatorSection() == column(page, "number")
    assert shown(page, "number", 3) == ["000001", "000002", "000003"]


def test_a_volunteer_sees_no_identity_number_and_cannot_add(demo: Database, open_page) -> None:
    page = open_page(demo, VOLUNTEER)
    assert "id_number" not in [c.key for c in page.model.columns]
    assert page.add_button.isHidden() and page.dues_button.isHidden()
    assert page.status_button.isHidden()
    page.select_row(0)
    dialog = page.edit_selected()
    assert dialog is not None and dialog.save_button.isHidden()
    assert dialog.line("last_name_lat").isReadOnly()
    assert not dialog.editors["birth_date"].isVisible()
    assert dialog.line("id_number").text() in ("", "••••••")


def test_the_secretary_sees_the_identity_column(demo: Database, open_page) -> None:
    page = open_page(demo, SECRETARY)
    numbers = shown(page, "id_number", 10)
    assert any(n.strip("\u202a\u202c") for n in numbers)
    assert not page.add_button.isHidden() and not page.dues_button.isHidden()


def test_headers_follow_the_language_and_arabic_mirrors_the_table(
    qtbot, qapp, demo: Database, open_page
) -> None:
    page = open_page(demo)
    joined = column(page, "join_date")
    assert page.model.headerData(joined, Qt.Orientation.Horizontal) == "Joined"
    with_signal = []
    page.model.headerDataChanged.connect(lambda *args: with_signal.append(args))
    apply_language("fr", qapp)
    qtbot.waitUntil(lambda: bool(with_signal), timeout=10_000)  # Qt posts the change to windows
    assert page.model.headerData(joined, Qt.Orientation.Horizontal) == "Adhésion"
    for number, col in enumerate(page.model.columns):
        label = page.model.headerData(number, Qt.Orientation.Horizontal)
        assert label == translate_in("fr", col.label)
    assert page.table.layoutDirection() == Qt.LayoutDirection.LeftToRight
    with_signal.clear()
    apply_language("ar", qapp)
    qtbot.waitUntil(lambda: bool(with_signal), timeout=10_000)
    assert page.table.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert page.model.headerData(joined, Qt.Orientation.Horizontal) == "انخراط"
    assert page.count_label.text() == translate_in("ar", "Members found: {count}").format(
        count="300"
    )


def test_column_widths_are_remembered(qtbot, demo: Database, open_page) -> None:
    page = open_page(demo)
    city = column(page, "city")
    page.table.horizontalHeader().resizeSection(city, 233)
    qtbot.waitUntil(lambda: not page._header_timer.isActive(), timeout=10_000)
    again = open_page(demo)
    assert again.table.horizontalHeader().sectionSize(city) == 233


def test_the_search_box_can_be_focused_for_ctrl_f(qtbot, demo: Database, open_page) -> None:
    page = open_page(demo)
    page.search.setText("old search")
    page.activateWindow()
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus, timeout=10_000)
    page.focus_search()  # what the main window's Ctrl+F calls
    assert page.search.hasFocus() and page.search.selectedText() == "old search"


def test_down_arrow_goes_from_the_search_to_the_first_result(
    qtbot, demo: Database, open_page
) -> None:
    page = open_page(demo)
    page.activateWindow()
    page.focus_search()
    qtbot.waitUntil(page.search.hasFocus, timeout=10_000)
    qtbot.keyClicks(page.search, "ah")
    qtbot.keyClick(page.search, Qt.Key.Key_Down)  # before the pause: the search runs now
    assert page.table.hasFocus()
    first = page.current_record()
    assert first is not None and first.id == page.model.row(0).id
    assert page.model.rowCount() < 300


def test_a_known_city_reads_in_the_interfaces_script(qapp, database: Database, open_page) -> None:
    with database.transaction() as session:
        create_member(
            session,
            SECRETARY,
            MemberData(last_name_ar="التازي", first_name_ar="آمنة", city="أرفود"),
        )
    page = open_page(database)
    assert shown(page, "city") == ["Erfoud"]  # the tests' interface is English
    # The city filter names it as the list does, in the reader's script and order ("Erfoud"
    # was offered in the Arabic filter beside أرفود in the list).
    with database.transaction() as session:
        create_member(
            session,
            SECRETARY,
            MemberData(last_name_lat="Alami", first_name_lat="Ali", city="Midelt"),
        )
    page = open_page(database)
    offered = [page.filters.city.itemText(i) for i in range(1, page.filters.city.count())]
    assert offered == ["Erfoud", "Midelt"]
    apply_language("ar", qapp)
    arabic = [page.filters.city.itemText(i) for i in range(1, page.filters.city.count())]
    assert arabic == ["أرفود", "ميدلت"]
