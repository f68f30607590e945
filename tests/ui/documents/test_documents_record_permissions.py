"""The documents page lists only the records the signed-in role may see: the dues receipts
(amounts paid) are the finances', as the receipt itself is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.documents.page import DocumentsPage
from tests.shared_files import shared_demo

pytestmark = [pytest.mark.gui]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_demo(tmp_path_factory, members=60, seed=5, today=dt.date(2025, 6, 15))


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_template.read_bytes())
    database = open_database(path)
    yield database
    database.close()


def _listed(qtbot: QtBot, database: Database, role: Role, kind: str) -> list[object]:
    page = DocumentsPage(AppContext(database, Actor(user_id=None, login="someone", role=role)))
    qtbot.addWidget(page)
    page.show()
    page.select_kind(kind)
    return [page.record.itemData(i) for i in range(page.record.count())]


@pytest.mark.parametrize(
    ("role", "sees_receipts"),
    [(Role.VOLUNTEER, False), (Role.VIEWER, True), (Role.SECRETARY, True)],
)
def test_dues_receipts_are_listed_only_to_a_role_that_may_print_them(
    qtbot: QtBot, demo: Database, role: Role, sees_receipts: bool
) -> None:
    listed = _listed(qtbot, demo, role, "dues-receipt")
    assert listed[0] is None  # "the latest": its refusal is said when the PDF is asked for
    assert (len(listed) > 1) is sees_receipts
