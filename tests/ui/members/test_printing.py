"""Cards and receipts from the members screens are written on a worker thread."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database
from nassij_desktop.ui.members.printing import start_report

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
WAIT_MS = 60_000  # a bound for a loaded machine; every wait polls


@pytest.fixture
def khadija(database: Database) -> int:
    with database.transaction() as session:
        return create_member(
            session,
            SECRETARY,
            MemberData(
                last_name_ar="الإدريسي",
                first_name_ar="خديجة",
                last_name_lat="El Idrissi",
                first_name_lat="Khadija",
                join_date=dt.date(2024, 1, 10),
            ),
        ).id


def test_cards_are_written_on_a_worker_while_the_page_stays_alive(
    qtbot, ticks, database: Database, khadija: int, open_page, tmp_path: Path
) -> None:
    pytest.importorskip("nassij_desktop.reports.members.member_cards")
    page = open_page(database)
    out = tmp_path / "cards.pdf"
    assert database.path is not None
    # Another program is saving (it holds the write lock) the whole time: the cards only
    # read, on the worker thread, so they come out all the same.
    with contextlib.closing(sqlite3.connect(database.path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        operation = start_report(page, page.context, "member-card", out, member_ids=(khadija,))
        assert operation is not None
        qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
        other.execute("ROLLBACK")
    assert out.read_bytes().startswith(b"%PDF")


def test_a_refused_document_is_told_in_a_box(
    qtbot, modal, database: Database, open_page, tmp_path: Path
) -> None:
    pytest.importorskip("nassij_desktop.reports.receipts.dues_receipt")
    page = open_page(database)
    modal.press("OK")
    operation = start_report(page, page.context, "dues-receipt", tmp_path / "r.pdf")
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert modal.seen == [("The document was not produced", "No dues have been recorded yet.")]
    assert not (tmp_path / "r.pdf").exists()
