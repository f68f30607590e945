"""What tests share besides fixtures: types and constants a test module imports (a
conftest is pytest's to load, never imported by name)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import pytest

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, register_members
from nassij_desktop.i18n import current_language, set_language

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


@contextmanager
def private_environment(data_dir: Path, language: str = "en") -> Iterator[None]:
    """A data folder of one's own (no preference or backup written elsewhere), no language from
    the environment, and the messages in `language`; the language before, afterwards. What the
    autouse `data_dir` fixture (tests/conftest.py) gives each test, and what a session or module
    fixture uses to make its files as a test would."""
    before = current_language()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("NASSIJ_DATA_DIR", str(data_dir))
        for variable in ("NASSIJ_LANG", "LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("LANG", "C.UTF-8")
        set_language(language)
        try:
            yield
        finally:
            set_language(before)
