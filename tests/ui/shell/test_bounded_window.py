"""The main window costs the same number of widgets whatever the size of the register.

The window is opened as the application opens it (the shell: open, log in, window) on demo
associations of 60 and of 5 000 members (the demo's 60, then 4 940 registered by the batch
service), each with an assembly held today whose attendance
sheet lists every voting member. Its widgets are counted once built, then again after every
page was visited and that assembly's attendance sheet shown: nothing may be made per member.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    open_session,
)
from nassij_desktop.core.members.services import register_members
from nassij_desktop.storage import open_database
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.page import GovernancePage
from nassij_desktop.ui.shell.application import create_application
from nassij_desktop.ui.shell.controller import Shell
from tests.shared_files import copy_of, shared_demo
from tests.support import more_members

pytestmark = [pytest.mark.gui]

# The small one is the demo of 60 members (seed 3) a dozen other modules ask for: built once
# per run for all of them, where a demo of its own was most of this test's time.
SMALL, LARGE = 60, 5_000
MAX_DIFFERENCE = 20  # widgets: the two windows must be the same window


@dataclass(frozen=True)
class Count:
    built: int  # widgets of the window as opened
    visited: int  # after every page and the attendance sheet were shown
    lines: int  # lines of the attendance sheet on show


def demo_file(template: Path, folder: Path, members: int) -> tuple[Path, int, int]:
    """The demo association of `SMALL` members (`template`) taken to `members` members, with
    an assembly in session today; its id and voting members."""
    folder.mkdir(parents=True)
    path = copy_of(template, folder, "demo.sqlite")
    database = open_database(path, backup_dir=folder)
    try:
        today = clock.today()
        with database.transaction() as session:
            # The rest of a large register through the batch service: the demo would write
            # each one's dues, books and bank lines, for minutes.
            register_members(session, CLI_ACTOR, more_members(members - SMALL))
            assembly = convene_assembly(
                session,
                CLI_ACTOR,
                AssemblyData(
                    held_on=today,
                    place="Maison des jeunes",
                    convened_on=today - dt.timedelta(days=15),
                    agenda=["Moral report"],
                ),
            )
            open_session(session, CLI_ACTOR, assembly.id)
        with database.session() as session:
            voting = sum(
                line.voting for line in get_assembly(session, CLI_ACTOR, assembly.id).attendance
            )
    finally:
        database.close()
    return path, assembly.id, voting


def settle() -> None:
    """Deliver what is pending: layouts, and the deletion of replaced widgets."""
    for _round in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def count_widgets(
    qapp: QApplication,
    modal,
    monkeypatch: pytest.MonkeyPatch,
    template: Path,
    folder: Path,
    members: int,
) -> Count:  # type: ignore[no-untyped-def]
    path, assembly_id, voting = demo_file(template, folder, members)
    # Each window starts from the same preferences (no page remembered from the other run).
    monkeypatch.setenv("NASSIJ_DATA_DIR", str(folder / "preferences"))
    create_application()
    apply_language("en", qapp)
    settle()
    before = len(QApplication.allWidgets())
    shell = Shell()
    try:
        modal.sign_in("admin", "demo-password")
        assert shell.open_file(path)
        window = shell.window
        assert window is not None
        settle()
        built = len(QApplication.allWidgets()) - before
        for key in window.page_keys():
            assert window.show_page(key)
            settle()
        assert window.show_page("governance")
        page = window.current_page()
        assert isinstance(page, GovernancePage)
        page.tabs.setCurrentIndex(1)
        page.select_assembly(assembly_id)
        page.panel.tabs.setCurrentIndex(1)
        page.panel.attendance.viewport().repaint()
        settle()
        visited = len(QApplication.allWidgets()) - before
        model = page.panel.attendance_model
        assert sum(model.line(row).voting for row in range(model.rowCount())) == voting
        return Count(built, visited, model.rowCount())
    finally:
        shell.close()
        settle()


def test_the_window_costs_the_same_widgets_at_60_and_at_5000_members(
    qtbot,
    qapp: QApplication,
    modal,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    template = shared_demo(tmp_path_factory, members=SMALL, seed=3)
    small = count_widgets(qapp, modal, monkeypatch, template, tmp_path / "small", SMALL)
    large = count_widgets(qapp, modal, monkeypatch, template, tmp_path / "large", LARGE)
    # The large sheet is really large: the comparison means something.
    assert large.lines >= 50 * small.lines > 0
    assert abs(large.built - small.built) < MAX_DIFFERENCE, (small, large)
    assert abs(large.visited - small.visited) < MAX_DIFFERENCE, (small, large)
    # Opening the window builds one page, not all of them.
    assert small.built < small.visited
