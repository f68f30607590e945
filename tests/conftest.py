"""Shared fixtures: every test gets its own data folder, and real SQLite files.

The empty schema is built once per session by running the migrations, then copied per test
(running 40 table creations for every test would dominate the suite's time).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nassij_desktop.core.association.services import AssociationProfile, create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database, open_database

# Qt widgets are real but drawn offscreen: tests run without a screen (CI has none).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "nassij-data"
    monkeypatch.setenv("NASSIJ_DATA_DIR", str(folder))
    for variable in ("NASSIJ_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language("en")
    yield folder
    set_language("en")


@pytest.fixture(scope="session")
def association_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "association.sqlite"
    database = open_database(path, backup_dir=path.parent)
    with database.transaction() as session:
        create_association(
            session,
            CLI_ACTOR,
            AssociationProfile(
                name_ar="جمعية الأمل للتنمية",
                name_fr="Association Al Amal pour le développement",
                city="Tiznit",
                region_code="09",
            ),
        )
    database.close()
    return path


@pytest.fixture
def database(association_template: Path, tmp_path: Path) -> Iterator[Database]:
    """An association file with its reference data (chart, categories, board roles)."""
    path = tmp_path / "association.sqlite"
    shutil.copyfile(association_template, path)
    database = open_database(path)
    yield database
    database.close()


_exit_status = 0


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    # After a run that drove Qt widgets, PySide6 can abort while the interpreter tears down its
    # objects ("none_dealloc"), after every test has passed and the summary is printed. Leave
    # without that teardown so the run's own exit status is what CI sees.
    if "PySide6" in sys.modules:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status)
