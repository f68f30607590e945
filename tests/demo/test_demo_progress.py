"""The demo builder counts its phases, and a cancel between two of them leaves the file empty."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.models import Association
from nassij_desktop.core.common.progress import Cancelled, Progress
from nassij_desktop.core.members.models import Member
from nassij_desktop.demo.builder import build_demo
from nassij_desktop.storage import open_database

TODAY = dt.date(2026, 3, 15)


class CancelAt(Progress):
    """A real Progress that keeps each step, and cancels itself at step `at` as a user would
    press Cancel then (None: never)."""

    def __init__(self, at: int | None) -> None:
        super().__init__()
        self.at = at
        self.steps: list[tuple[int, int | None]] = []

    def step(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.steps.append((done, total))
        if done == self.at:
            self.cancel()
        super().step(done, total, message)


def test_the_demo_reports_each_phase(
    tmp_path: Path,
) -> None:
    database = open_database(tmp_path / "demo.sqlite")
    progress = CancelAt(None)
    try:
        summary = build_demo(database, members=40, seed=2, today=TODAY, progress=progress)
    finally:
        database.close()
    assert summary.members == 40
    total = progress.steps[0][1]
    assert total is not None and total > 3
    assert progress.steps == [(done, total) for done in range(total + 1)]
    assert progress.state().fraction == 1.0


def test_a_demo_cancelled_after_its_members_leaves_nothing_in_the_file(
    tmp_path: Path,
) -> None:
    database = open_database(tmp_path / "demo.sqlite")
    progress = CancelAt(2)  # the association and the members are written by then
    try:
        with pytest.raises(Cancelled):
            build_demo(database, members=40, seed=2, today=TODAY, progress=progress)
        with database.session() as session:
            assert session.scalar(sa.select(sa.func.count(Member.id))) == 0
            assert session.scalar(sa.select(sa.func.count(Association.id))) == 0
    finally:
        database.close()
    assert [done for done, _total in progress.steps] == [0, 1, 2]
