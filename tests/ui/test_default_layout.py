"""What a new user sees at the window's default size, in Arabic and in French: the members
table shows every default column (Phone and Joined were cut off) and scrolls from its start
when the window is narrower (the handle ran at the wrong end in Arabic); an error under a field
wraps at the field's width instead of running past the form's edge; an assembly's resolutions
give their text the width (it was squeezed to ~100 px while the counts took the rest)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QStyleOptionViewItem, QTableView
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.governance.services import get_assembly, list_assemblies
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.page import GovernancePage
from nassij_desktop.ui.members.page import MembersPage
from nassij_desktop.ui.shell.main_window import DEFAULT_SIZE, MainWindow

pytestmark = [pytest.mark.gui]
ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)


@pytest.fixture(params=["ar", "fr"])
def lang(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


@pytest.fixture
def demo(demo_file, tmp_path: Path) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    # The command-line tests' demo (60 members, seed 3): one build less in the run.
    database = open_database(demo_file(members=60, seed=3), backup_dir=tmp_path)
    yield database
    database.close()


def window(qtbot: QtBot, database: Database) -> MainWindow:
    shown = MainWindow(AppContext(database, ADMIN))
    qtbot.addWidget(shown)
    shown.resize(DEFAULT_SIZE)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def visible_columns(table: QTableView) -> list[int]:
    """The columns drawn whole inside the table's viewport."""
    header, width = table.horizontalHeader(), table.viewport().width()
    return [
        column
        for column in range(header.count())
        if header.sectionViewportPosition(column) >= 0
        and header.sectionViewportPosition(column) + header.sectionSize(column) <= width
    ]


def test_the_members_table_fits_its_default_columns_at_the_default_size(
    qtbot: QtBot, demo: Database, lang: str
) -> None:
    main = window(qtbot, demo)
    assert main.show_page("members")
    page = main.page("members")
    assert isinstance(page, MembersPage)
    qtbot.waitUntil(lambda: page.table.viewport().width() > 0)
    keys = [column.key for column in page.model.columns]
    assert {"phone", "join_date", "id_number"} <= set(keys)
    assert visible_columns(page.table) == list(range(len(keys))), "every column whole"
    assert page.table.horizontalScrollBar().maximum() == 0, "nothing to scroll"
    header = page.table.horizontalHeader()
    names = [keys.index("name_ar"), keys.index("name_lat")]
    others = [i for i in range(len(keys)) if i not in names]
    assert min(header.sectionSize(i) for i in names) >= 120, "names readable, long ones elided"
    sizes = [header.sectionSize(i) for i in range(len(keys))]
    assert all(sizes[n] >= sizes[i] for n in names for i in others), (sizes, keys)
    assert page.table.textElideMode() == Qt.TextElideMode.ElideRight
    # A long name is cut at its own end, in its own script's direction, in either window.
    delegate = page.table.itemDelegate()
    for key, direction in (
        ("name_lat", Qt.LayoutDirection.LeftToRight),
        ("name_ar", Qt.LayoutDirection.RightToLeft),
    ):
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, page.model.index(0, keys.index(key)))
        assert option.direction == direction, key


def test_a_narrower_window_scrolls_from_the_start_of_the_table(
    qtbot: QtBot, demo: Database, lang: str
) -> None:
    main = window(qtbot, demo)
    main.show_page("members")
    page = main.page("members")
    assert isinstance(page, MembersPage)
    main.resize(760, DEFAULT_SIZE.height())
    qtbot.waitUntil(lambda: page.table.horizontalScrollBar().maximum() > 0)
    bar = page.table.horizontalScrollBar()
    assert bar.value() == bar.minimum()
    assert 0 in visible_columns(page.table), "the number column, where the table starts"
    start = page.table.horizontalHeader().sectionViewportPosition(0)
    right_to_left = lang == "ar"
    # The view starts at the right edge in Arabic, at the left one in French...
    assert (start > page.table.viewport().width() / 2) == right_to_left
    # ...and the scroll handle is drawn on that same side.
    assert bar.invertedAppearance() == right_to_left
    assert bar.isRightToLeft() == right_to_left
    # The page itself, wider than the window, scrolls the same way.
    area = next(a for a in main.findChildren(QScrollArea) if a.widget() is page)
    assert area.horizontalScrollBar().invertedAppearance() == right_to_left


def test_the_error_under_the_email_wraps_within_the_member_form(
    qtbot: QtBot, demo: Database, lang: str
) -> None:
    main = window(qtbot, demo)
    main.show_page("members")
    page = main.page("members")
    assert isinstance(page, MembersPage)
    dialog = page.add_member()
    qtbot.waitExposed(dialog)
    dialog.line("last_name_lat").setText("Tazi")
    dialog.line("first_name_lat").setText("Omar")
    dialog.line("email").setText("omar.tazi@")
    dialog.line("phone").setText("12")
    dialog.save_button.click()
    for field in ("email", "phone"):
        label = dialog.errors.label(field)
        assert label is not None and label.isVisible() and label.wordWrap()
        editor = dialog.line(field)
        box = label.parentWidget()
        assert box is not None
        # Inside its field's column, never past the form's edge, and tall enough for its lines.
        assert label.width() <= box.width() and label.x() >= 0
        assert label.width() <= editor.width() + 2
        assert label.height() >= label.heightForWidth(label.width())
        left = label.mapTo(dialog, label.rect().topLeft()).x()
        assert left >= 0 and left + label.width() <= dialog.width()


def test_the_resolution_text_takes_the_width_and_the_counts_their_own(
    qtbot: QtBot, demo: Database, lang: str
) -> None:
    with demo.session() as session:
        assemblies = list_assemblies(session, ADMIN)
        held = next(a for a in assemblies if get_assembly(session, ADMIN, a.id).resolutions)
    main = window(qtbot, demo)
    main.show_page("governance")
    page = main.page("governance")
    assert isinstance(page, GovernancePage)
    page.tabs.setCurrentIndex(1)
    page.select_assembly(held.id)
    page.panel.tabs.setCurrentIndex(2)
    table = page.panel.resolutions
    qtbot.waitUntil(lambda: table.isVisible() and table.rowCount() > 0)
    header = table.horizontalHeader()
    text = header.sectionSize(1)
    counts = [header.sectionSize(i) for i in (0, 2, 3, 4, 5)]
    assert text > sum(counts), (text, counts)
    assert text >= table.viewport().width() // 2
    assert visible_columns(table) == list(range(table.columnCount()))
    for column in (2, 3, 4):  # the counts: as wide as their header or figures, no wider
        assert (
            header.sectionSize(column)
            <= max(header.sectionSizeHint(column), table.sizeHintForColumn(column)) + 2
        )
    # The whole text of an elided resolution, in each language it was written in.
    assert plain_text(table.item(0, 1).text()) in table.item(0, 1).toolTip().splitlines()


def test_every_page_fits_the_default_window_without_scrolling_sideways(
    qtbot: QtBot, demo: Database, lang: str
) -> None:
    """The Treasury page grew wider than the window in French (its toolbar and filters) and
    hid its balances behind a horizontal scroll bar: no page may."""
    main = window(qtbot, demo)
    for key in main.page_keys():
        assert main.show_page(key)
        area = main.stack.currentWidget()
        assert isinstance(area, QScrollArea)
        page = main.page(key)
        assert page is not None
        needed, offered = page.minimumSizeHint().width(), area.viewport().width()
        assert needed <= offered, f"{key}: {needed} px needed, {offered} px in the window"
        assert area.horizontalScrollBar().maximum() == 0, key
