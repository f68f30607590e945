"""A demo association of 100 members, built once for the member documents' tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from nassij_desktop.demo.builder import build_demo
from nassij_desktop.storage import Database, open_database

TODAY = dt.date(2026, 5, 15)
MEMBERS = 100


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(path, create=True, backup_dir=path.parent)
    build_demo(database, members=MEMBERS, seed=1, today=TODAY)
    database.close()
    return path


@pytest.fixture(scope="module")
def demo(demo_file: Path) -> Iterator[Database]:
    database = open_database(demo_file, backup_dir=demo_file.parent)
    yield database
    database.close()
