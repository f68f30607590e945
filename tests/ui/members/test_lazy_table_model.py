"""The lazy table reads only the pages the view shows, on a 2 000-member file."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.search import MemberOrder, search_member_ids
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.lazy_model import ROW_ROLE, LazyTableModel
from nassij_desktop.ui.members.columns import member_columns
from nassij_desktop.ui.members.source import MemberSource

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)


class CountingSource(MemberSource):
    """The real source, noting which pages were read."""

    def __init__(self, database: Database, actor: Actor) -> None:
        super().__init__(database, actor)
        self.offsets: list[int] = []
        self.counts = 0

    def count(self) -> int:
        self.counts += 1
        return super().count()

    def rows(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> Sequence[MemberRecord]:
        self.offsets.append(offset)
        return super().rows(offset, limit, sort, descending)


@pytest.fixture
def table(qtbot, large_demo: Database):
    source = CountingSource(large_demo, SECRETARY)
    model = LazyTableModel(source, member_columns(True, str), page_size=100, cached_pages=4)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 400)
    model.set_sort(MemberOrder.NAME_LAT)
    model.reload()
    view.show()
    qtbot.waitExposed(view)
    return view, model, source


def test_the_model_reads_only_the_pages_on_screen(qtbot, table) -> None:
    view, model, source = table
    assert model.rowCount() == 2000
    assert source.offsets == [0], "opening reads the first page only"
    view.scrollToBottom()
    qtbot.waitUntil(lambda: len(source.offsets) > 1)  # painted
    assert source.offsets == [0, 1900], "the last page, not the ones in between"
    view.scrollTo(model.index(1000, 0))
    qtbot.waitUntil(lambda: len(source.offsets) > 2)
    assert set(source.offsets) <= {0, 900, 1000, 1900}
    assert model.loaded_rows() <= 4 * 100


def test_the_rows_are_those_of_the_service_in_its_order(large_demo: Database, table) -> None:
    _view, model, _source = table
    with large_demo.session() as session:
        expected = search_member_ids(session, SECRETARY, order=MemberOrder.NAME_LAT)
    for row in (0, 99, 100, 1234, 1999):
        assert model.index(row, 0).data(ROW_ROLE).id == expected[row]


def test_old_pages_are_forgotten(table) -> None:
    _view, model, source = table
    for row in range(0, 2000, 100):
        assert model.row(row) is not None
    assert len(source.offsets) == 20
    assert model.loaded_rows() == 4 * 100  # the four most recent pages
    model.row(1950)
    assert len(source.offsets) == 20, "a page still held is not read again"


def test_a_write_redraws_without_resetting_the_view(qtbot, table) -> None:
    view, model, _source = table
    view.selectRow(5)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.invalidate()
    assert not resets and view.selectionModel().selectedRows()[0].row() == 5
    assert model.loaded_rows() <= model.page_size  # the selected record's page, read again
    qtbot.waitUntil(lambda: model.loaded_rows() > 0)  # the view reads the visible page again
    assert view.selectionModel().selectedRows()[0].row() == 5


def test_a_member_added_elsewhere_keeps_the_selection_and_the_scroll(
    qtbot, large_demo: Database, table
) -> None:
    """Another computer adds a member sorted before the one selected: the view stays where it
    was, on the same member (one row further down), with no reset."""
    view, model, _source = table
    view.scrollTo(model.index(1000, 0), QTableView.ScrollHint.PositionAtTop)
    view.selectRow(1005)
    chosen = model.index(1005, 0).data(ROW_ROLE)
    scroll = view.verticalScrollBar().value()
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    with large_demo.transaction() as session:
        create_member(session, CLI_ACTOR, MemberData(first_name_lat="Aaron", last_name_lat="Aa"))
    model.invalidate()
    assert model.rowCount() == 2001 and not resets
    assert model.index(0, 0).data(ROW_ROLE).last_name_lat == "Aa"
    [selected] = view.selectionModel().selectedRows()
    assert selected.row() == 1006 and selected.data(ROW_ROLE).id == chosen.id
    assert view.currentIndex().row() == 1006
    assert view.verticalScrollBar().value() == scroll
    added = model.index(0, 0).data(ROW_ROLE).id
    with large_demo.engine.begin() as connection:  # and gone again (no service deletes one)
        connection.exec_driver_sql(f"DELETE FROM member_status_change WHERE member_id = {added}")
        connection.exec_driver_sql(f"DELETE FROM member WHERE id = {added}")
    model.invalidate()
    assert model.rowCount() == 2000
    assert view.selectionModel().selectedRows()[0].data(ROW_ROLE).id == chosen.id


def test_the_model_keeps_qt_rules(qtmodeltester, demo: Database) -> None:
    model = LazyTableModel(MemberSource(demo, SECRETARY), member_columns(False, str), page_size=50)
    model.reload()
    qtmodeltester.check(model, force_py=True)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)


def test_the_page_opens_on_one_page_of_rows(qtbot, large_demo: Database, open_page) -> None:
    page = open_page(large_demo)
    qtbot.waitUntil(lambda: page.model.loaded_rows() > 0)  # painted
    assert page.model.rowCount() == 2000
    assert page.model.loaded_rows() == page.model.page_size
