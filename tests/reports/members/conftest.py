"""A demo association of 100 members, built once per run for the member documents' tests
(tests/shared_files.py), one copy per worker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from nassij_desktop.storage import Database, open_database
from tests.shared_files import copy_of, shared_demo

TODAY = dt.date(2026, 5, 15)
MEMBERS = 100


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = shared_demo(tmp_path_factory, members=MEMBERS, seed=1, today=TODAY)
    return copy_of(template, tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def demo(demo_file: Path) -> Iterator[Database]:
    database = open_database(demo_file, backup_dir=demo_file.parent)
    yield database
    database.close()
