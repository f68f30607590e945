"""A backup reports the pages it has copied and stops, leaving no file, when cancelled."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.attachments.services import store_attachment
from nassij_desktop.core.common.progress import Cancelled, Progress
from nassij_desktop.storage import Database, backup, open_database
from nassij_desktop.storage.backup import PAGES_PER_STEP


class RecordingProgress(Progress):
    """A real Progress that also keeps every step it was told."""

    def __init__(self) -> None:
        super().__init__()
        self.steps: list[tuple[int, int | None]] = []

    def step(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.steps.append((done, total))
        super().step(done, total, message)


def _page_count(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("PRAGMA page_count").fetchone()[0])


@pytest.fixture
def big_database(database: Database) -> Database:
    """More pages than a few steps of the backup copy: scans of vouchers make files this big."""
    scan = os.urandom(4 * 1024 * 1024)  # random: SQLite stores it whole, as a real scan
    with database.transaction() as session:
        for number in range(4):
            store_attachment(session, scan[number:] + bytes(number), f"voucher-{number}.pdf")
    assert database.path is not None
    assert _page_count(database.path) > 3 * PAGES_PER_STEP
    return database


def test_a_backup_reports_each_step_of_pages_copied(big_database: Database, tmp_path: Path) -> None:
    progress = RecordingProgress()
    target = backup(big_database, tmp_path / "copy.sqlite", progress=progress)
    pages = _page_count(target)
    assert len(progress.steps) >= 3
    assert all(total == progress.steps[0][1] for _done, total in progress.steps)
    assert [done for done, _total in progress.steps] == sorted(done for done, _ in progress.steps)
    assert progress.state().done == progress.state().total
    assert progress.state().total is not None and progress.state().total >= pages - 1
    copy = open_database(target, create=False, upgrade=False)
    try:
        with copy.session() as session:
            assert get_association(session).city == "Tiznit"
    finally:
        copy.close()


def test_a_cancelled_backup_stops_and_leaves_no_file(
    big_database: Database, tmp_path: Path
) -> None:
    progress = RecordingProgress()
    progress.cancel()
    with pytest.raises(Cancelled):
        backup(big_database, tmp_path / "copy.sqlite", progress=progress)
    assert len(progress.steps) == 1  # stopped at the first step, not at the end
    assert big_database.path is not None
    left = [p.name for p in tmp_path.iterdir() if not p.name.startswith(big_database.path.name)]
    assert left == []  # neither the copy nor its unfinished file
