"""The service suite runs on both backends: every test under tests/core that asks for
`database` (or `demo_database`) runs twice, `[sqlite]` on a copy of a migrated file and
`[postgresql]` on a database of the worker's private PostgreSQL server (tests/postgres.py).

On the server, the association is written once per worker into a database of its own, and each
test first puts it back as it was (`Snapshot.restore`: every row deleted, the reference rows
inserted again, the sequences reset, in one transaction). The services open and commit their
own transactions, so a SAVEPOINT around the test would not hold them. A demo is written once
per worker into a template database, copied once into a working database that each test first
puts back the same way (`ServerDemos`); a test that opens the same demo twice gets a copy
of the template for the second (`CREATE DATABASE … TEMPLATE`), dropped afterwards.

A test about SQLite files by nature (a path, a PRAGMA, the file's lock, raw sqlite3) is marked
`@pytest.mark.sqlite_only("why")`: it is collected once, `[sqlite]`, and never skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.i18n import current_language
from nassij_desktop.storage import Database, open_database
from nassij_desktop.storage.transfer import copy_association
from tests.postgres import (
    Snapshot,
    association_snapshot,
    copied_database,
    template_database,
)
from tests.shared_files import shared_demo

BACKENDS = ("sqlite", "postgresql")
ASSOCIATION = AssociationProfile(
    name_ar="جمعية الأمل للتنمية",
    name_fr="Association Al Amal pour le développement",
    city="Tiznit",
    region_code="09",
)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    if marker is not None and not (marker.args and str(marker.args[0]).strip()):
        raise pytest.UsageError(f"{metafunc.definition.nodeid}: sqlite_only needs its reason")
    backends = BACKENDS[:1] if marker is not None else BACKENDS
    metafunc.parametrize("backend", backends, scope="function")


@pytest.fixture
def backend() -> str:
    return "sqlite"  # replaced by pytest_generate_tests; here so that the name is known


@pytest.fixture
def server_copy(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[str, Callable[[str], None]], str]]:
    """`server_copy(template_name, make)`: the URL of this test's own copy of the template
    database `make(url)` wrote once on this worker's server."""
    opened: list[contextlib.AbstractContextManager[str]] = []

    def copy(template: str, make: Callable[[str], None]) -> str:
        server_url: str = request.getfixturevalue("postgres_url")
        template_database(server_url, template, make)
        context = copied_database(server_url, template, f"core_test_{len(opened)}")
        opened.append(context)
        return context.__enter__()

    yield copy
    for context in reversed(opened):
        context.__exit__(None, None, None)


@pytest.fixture(scope="session")
def server_association(
    postgres_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Snapshot]:
    """The association written once per worker into its own database on the server, and
    what it holds: each test gets it back as it was (`Snapshot.restore`)."""

    backups = tmp_path_factory.mktemp("pg-association")
    snapshot = association_snapshot(postgres_url, "core", ASSOCIATION, backup_dir=backups)
    yield snapshot
    snapshot.dispose()


@pytest.fixture
def database(
    backend: str, association_template: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Database]:
    """An association with its reference data (chart, categories, board roles), on `backend`."""
    database = bare_association(backend, association_template, tmp_path, request)
    yield database
    database.close()


def bare_association(
    backend: str, association_template: Path, folder: Path, request: pytest.FixtureRequest
) -> Database:
    """The association as `association_template` holds it, opened on `backend`: a copy of the
    file in `folder`, or the worker's server database put back as it was. A test that needs
    it afresh several times (hypothesis examples) calls this for each."""
    if backend == "sqlite":
        path = folder / "association.sqlite"
        shutil.copyfile(association_template, path)
        return open_database(path)
    snapshot: Snapshot = request.getfixturevalue("server_association")
    snapshot.restore()
    return open_database(snapshot.url)


class DemoDatabase:
    """`demo_database(members=, seed=, today=)`: the shared demo (tests/shared_files.py),
    opened on the test's backend; closed after the test."""

    def __init__(
        self,
        backend: str,
        factory: pytest.TempPathFactory,
        folder: Path,
        server_copy: Callable[[str, Callable[[str], None]], str],
        server_demos: ServerDemos | None,
    ) -> None:
        self.backend, self.factory, self.folder, self.server_copy = (
            backend,
            factory,
            folder,
            server_copy,
        )
        self.opened: list[Database] = []
        self.restored: set[str] = set()
        self.server_demos = server_demos

    def __call__(self, *, members: int, seed: int, today: dt.date | None = None) -> Database:
        language = current_language()
        template = shared_demo(
            self.factory, members=members, seed=seed, today=today, language=language
        )
        if self.backend == "sqlite":
            path = self.folder / f"demo-{len(self.opened)}.sqlite"
            shutil.copyfile(template, path)
            database = open_database(path)
        else:
            day = (today or clock.today()).strftime("%Y%m%d")

            def make(url: str) -> None:
                copy_association(template, url, actor=CLI_ACTOR)

            name = f"demo_{members}_{seed}_{day}_{language}"
            if name in self.restored:  # the same demo twice in a test: a second database
                database = open_database(self.server_copy(name, make))
            else:
                self.restored.add(name)
                database = open_database(self.server_demos(name, make).restored())
        self.opened.append(database)
        return database


class ServerDemos:
    """`server_demos(name, make)`: the worker's working copy of the template database `name`
    (written once by `make(url)`), kept for the whole run; `.restored()` puts it back as the
    template holds it (`Snapshot.restore`), where a copy per test cost the server half a
    second (`CREATE DATABASE … TEMPLATE` of a demo, then its DROP)."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.snapshots: dict[str, Snapshot] = {}
        self.copies: list[contextlib.AbstractContextManager[str]] = []

    def __call__(self, name: str, make: Callable[[str], None]) -> Snapshot:
        if name not in self.snapshots:
            template_database(self.server_url, name, make)
            copy = copied_database(self.server_url, name, f"{name}_work")
            self.copies.append(copy)
            self.snapshots[name] = Snapshot(copy.__enter__())
        return self.snapshots[name]

    def close(self) -> None:
        for snapshot in self.snapshots.values():
            snapshot.dispose()
        for copy in reversed(self.copies):
            copy.__exit__(None, None, None)


@pytest.fixture(scope="session")
def server_demos(postgres_url: str) -> Iterator[ServerDemos]:
    demos = ServerDemos(postgres_url)
    yield demos
    demos.close()


@pytest.fixture
def demo_database(
    backend: str,
    tmp_path_factory: pytest.TempPathFactory,
    tmp_path: Path,
    server_copy: Callable[[str, Callable[[str], None]], str],
    request: pytest.FixtureRequest,
) -> Iterator[DemoDatabase]:
    # The server is started only for a [postgresql] test.
    server_demos = request.getfixturevalue("server_demos") if backend == "postgresql" else None
    demos = DemoDatabase(backend, tmp_path_factory, tmp_path, server_copy, server_demos)
    yield demos
    for database in demos.opened:
        database.close()
