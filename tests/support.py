"""What tests share besides fixtures: types and constants a test module imports (a
conftest is pytest's to load, never imported by name)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, register_members

#: the administrator's password of the association files the UI tests make
ADMIN_PASSWORD = "s3cret-pass"


class DemoFile(Protocol):
    def __call__(
        self, *, members: int, seed: int, today: dt.date | None = None, name: str = "demo.sqlite"
    ) -> Path: ...


def more_members(count: int, *, join_date: dt.date = dt.date(2020, 1, 1)) -> list[MemberData]:
    """`count` members named "Member 1", "Member 2"… for `register_members` (the batch service
    an import uses): a large register in seconds, where the demo would write each one's dues,
    books and bank statements for minutes."""
    return [
        MemberData(last_name_lat="Member", first_name_lat=str(n), join_date=join_date)
        for n in range(1, count + 1)
    ]


def add_members(target: Path | str, count: int) -> None:
    """Register `count` more members (`more_members`) in the file (or server database URL)
    `target`."""
    from nassij_desktop.storage import open_database

    database = open_database(target, create=False)
    try:
        with database.transaction() as session:
            register_members(session, CLI_ACTOR, more_members(count))
    finally:
        database.close()
