"""Fixtures of the member screens: demo files built once per run (tests/shared_files.py),
copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.members.page import MembersPage
from tests.shared_files import shared_demo, shared_file
from tests.support import add_members

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_demo(tmp_path_factory, members=300, seed=5)


@pytest.fixture(scope="session")
def large_template(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """2 000 members: the demo's 300 and 1 700 more registered by the batch service, in a
    second where a demo of 2 000 takes a quarter of a minute."""

    def make(path: Path) -> None:
        shutil.copyfile(demo_template, path)
        add_members(path, 1700)

    return shared_file(tmp_path_factory, "demo-300-5-and-1700.sqlite", make)


def _copy(template: Path, tmp_path: Path, name: str) -> Iterator[Database]:
    path = tmp_path / name
    shutil.copyfile(template, path)
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A believable association with 300 members, dues and books."""
    yield from _copy(demo_template, tmp_path, "demo.sqlite")


@pytest.fixture
def large_demo(large_template: Path, tmp_path: Path) -> Iterator[Database]:
    yield from _copy(large_template, tmp_path, "large.sqlite")


@pytest.fixture(autouse=True)
def english_left_to_right(qapp: QApplication) -> Iterator[None]:
    """A test that switches to Arabic must not leave the next one right to left."""
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


@pytest.fixture
def open_page(qtbot) -> Callable[..., MembersPage]:
    def make(database: Database, actor: Actor = SECRETARY) -> MembersPage:
        page = MembersPage(AppContext(database, actor))
        qtbot.addWidget(page)
        page.resize(1200, 600)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make
