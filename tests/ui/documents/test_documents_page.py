"""The documents page: every document listed, options per document, a PDF produced, and a
refusal shown as a message rather than a traceback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.demo.builder import build_demo
from nassij_desktop.reports.kinds import REPORT_KINDS
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.access.credentials import check_credentials
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.documents.page import DocumentsPage, is_available

pytestmark = [pytest.mark.gui]
TODAY = dt.date(2025, 6, 15)


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(path, create=True, backup_dir=path.parent)
    build_demo(database, members=40, seed=3, today=TODAY)
    database.close()
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path)
    yield database
    database.close()


def _page(qtbot: QtBot, database: Database, actor: Actor) -> DocumentsPage:
    page = DocumentsPage(AppContext(database, actor))
    page.open_after = False
    qtbot.addWidget(page)
    page.resize(900, 560)
    page.show()
    return page


@pytest.fixture
def admin_page(qtbot: QtBot, demo: Database) -> DocumentsPage:
    return _page(qtbot, demo, check_credentials(demo, "admin", "demo-password").actor)


def test_lists_every_document_with_its_options(admin_page: DocumentsPage) -> None:
    page = admin_page
    labels = [page.kinds.item(row).text() for row in range(page.kinds.count())]
    assert len(labels) == len(REPORT_KINDS)
    assert labels[0] == "Board list"
    page.select_kind("member-register")
    assert page.form.isRowVisible(page.year) and page.form.isRowVisible(page.status)
    assert not page.form.isRowVisible(page.record)
    page.select_kind("assembly-minutes")
    assert page.form.isRowVisible(page.record) and not page.form.isRowVisible(page.year)
    assert page.record.itemData(0) is None  # "the latest" first
    assert page.record.count() > 1  # the demo's assemblies
    page.select_kind("dues-receipt")
    assert page.record.count() > 1
    assert page.lang.currentData() in {"ar", "fr"}


def test_produces_the_board_list_for_a_chosen_term(
    admin_page: DocumentsPage, tmp_path: Path
) -> None:
    assert is_available(REPORT_KINDS["board-list"])
    page = admin_page
    page.select_kind("board-list")
    assert page.record.count() >= 2
    page.record.setCurrentIndex(1)
    page.lang.setCurrentIndex(page.lang.findData("fr"))
    request = page.request(tmp_path / "x.pdf")
    assert request.lang == "fr" and request.record_id == page.record.itemData(1)
    path = page.produce(tmp_path / "bureau")
    assert path == tmp_path / "bureau.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    assert page.done.text().startswith("Created: bureau.pdf — pages: ")
    assert not page.message.isVisible()


def test_a_refusal_is_a_message_not_a_traceback(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    volunteer = check_credentials(demo, "benevole", "demo-password").actor
    assert volunteer.role is Role.VOLUNTEER
    page = _page(qtbot, demo, volunteer)
    page.select_kind("board-list")
    assert page.produce(tmp_path / "board.pdf") is None
    assert page.message.isVisible()
    assert page.message.text().startswith("Your role (Volunteer) does not allow you to")
    assert not (tmp_path / "board.pdf").exists()


def test_page_opens_on_a_file_without_records(qtbot: QtBot, database: Database) -> None:
    page = _page(qtbot, database, Actor(user_id=None, login="owner", role=Role.ADMIN))
    page.select_kind("donation-receipt")
    assert page.record.count() == 1  # only "the latest"
    assert page.lang.currentData() == "ar"  # the association's default language
