"""Fixtures of the activities screens: a demo file built once per run, copied per test, and
the demo's volunteer as the signed-in user (their account is linked to their member)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.users.models import User
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from tests.shared_files import shared_demo


@pytest.fixture(scope="session")
def activities_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The demo of 60 members that a dozen other modules use, built once per run for all of
    # them: its programmes, months of activities and linked volunteer are what these tests
    # filter, mark and edit; a demo of their own (120 members) was one more build of seconds.
    return shared_demo(tmp_path_factory, members=60, seed=3)


@pytest.fixture
def demo(activities_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(activities_template, path)
    database = open_database(path)
    yield database
    database.close()


def actor_of(database: Database, login: str) -> Actor:
    with database.session() as session:
        user = session.scalars(sa.select(User).where(User.login == login)).one()
        return Actor(user_id=user.id, login=user.login, role=Role(user.role))


@pytest.fixture
def volunteer(demo: Database) -> AppContext:
    return AppContext(demo, actor_of(demo, "benevole"), "benevole")


@pytest.fixture
def admin(demo: Database) -> AppContext:
    return AppContext(demo, actor_of(demo, "admin"), "admin")
