"""What tests share besides fixtures: types and constants a test module imports (a
conftest is pytest's to load, never imported by name)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

#: the administrator's password of the association files the UI tests make
ADMIN_PASSWORD = "s3cret-pass"


class DemoFile(Protocol):
    def __call__(
        self, *, members: int, seed: int, today: dt.date | None = None, name: str = "demo.sqlite"
    ) -> Path: ...


def add_members(path: Path, count: int, *, join_date: dt.date = dt.date(2020, 1, 1)) -> None:
    """Register `count` more members in the file at `path` through `register_members` (the
    batch service an import uses), named "Member 1", "Member 2"…: a large register in seconds,
    where the demo would write each one's dues, books and bank statements for minutes."""
    from nassij_desktop.core.common.permissions import CLI_ACTOR
    from nassij_desktop.core.members.services import MemberData, register_members
    from nassij_desktop.storage import open_database

    database = open_database(path, create=False)
    try:
        with database.transaction() as session:
            register_members(
                session,
                CLI_ACTOR,
                [
                    MemberData(last_name_lat="Member", first_name_lat=str(n), join_date=join_date)
                    for n in range(1, count + 1)
                ],
            )
    finally:
        database.close()
