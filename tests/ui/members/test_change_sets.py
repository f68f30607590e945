"""A write says what it changed, and each page refreshes only for what concerns it: a dues
payment refreshes the dashboard's dues line; a member saved refreshes the register, while the
governance page out of sight only notes it and reads again when shown."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.changes import Change
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.dashboard.page import DashboardPage
from nassij_desktop.ui.governance.page import GovernancePage
from nassij_desktop.ui.members.page import MembersPage

pytestmark = [pytest.mark.gui]


def refreshes(page: Page) -> Callable[[], int]:
    """How many times the page reloaded since (its own `refresh`, counted as it runs)."""
    count = [0]
    original = page.refresh

    def counted(*args: object, **kwargs: object) -> None:
        count[0] += 1
        original(*args, **kwargs)  # type: ignore[arg-type]

    page.refresh = counted  # type: ignore[method-assign]
    return lambda: count[0]


def test_each_write_refreshes_only_the_pages_it_concerns(
    qtbot: QtBot, database: Database, open_page: Callable[..., MembersPage]
) -> None:
    members = open_page(database)
    context = members.context
    dashboard = DashboardPage(context)
    governance = GovernancePage(context)  # built, then out of sight
    for page in (dashboard, governance):
        qtbot.addWidget(page)
    dashboard.show()
    announced: list[object] = []
    context.signals.data_changed.connect(announced.append)
    counts = {page: refreshes(page) for page in (members, dashboard, governance)}
    paid_before = dashboard.paid_this_year

    form = members.add_member()
    form.line("last_name_lat").setText("Ben Ali")
    form.line("first_name_lat").setText("Ahmed")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert announced == [frozenset({Change.MEMBERS})]
    assert counts[members]() == 1 and members.model.rowCount() == 1
    assert counts[dashboard]() == 1
    assert counts[governance]() == 0  # out of sight: noted, read again when shown
    assert governance._stale

    governance._stale = False
    members.select_row(0)
    dues = members.record_dues()
    assert dues is not None
    qtbot.mouseClick(dues.save_button, Qt.MouseButton.LeftButton)
    assert dues.dues is not None, dues.errors.messages()
    assert announced[1:] == [frozenset({Change.DUES, Change.BOOKS})]
    assert counts[dashboard]() == 2
    assert dashboard.paid_this_year == paid_before + 1
    assert str(paid_before + 1) in dashboard.dues_text.text()
    assert counts[members]() == 2  # the register shows who paid
    assert counts[governance]() == 0 and not governance._stale  # dues are none of its business
