"""The demo association for the funding documents (granted requests, a closed one, a foreign
funder paying in euros and its declarations to the SGG), built once per run
(tests/shared_files.py) on the day the documents registry's test builds it; each module reads
its own copy."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from nassij_desktop.storage import Database, open_database
from tests.shared_files import shared_demo

DEMO_DAY = dt.date(2026, 4, 20)


@pytest.fixture(scope="module")
def funding_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    template = shared_demo(tmp_path_factory, members=30, seed=5, today=DEMO_DAY)
    folder = tmp_path_factory.mktemp("funding-demo")
    shutil.copyfile(template, folder / "demo.sqlite")
    database = open_database(folder / "demo.sqlite", backup_dir=folder)
    yield database
    database.close()


@pytest.fixture
def demo_copy(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A file of its own, for a test that runs the command on it."""
    template = shared_demo(tmp_path_factory, members=30, seed=5, today=DEMO_DAY)
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(template, path)
    return path
