"""`ChangeWatcher.poll()`: which domains another connection changed, never this one's own
writes, on SQLite files (two engines on one file, as two processes) and a PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import MemberData, create_member, record_dues
from nassij_desktop.storage import Database, open_database

AHMED = MemberData(first_name_ar="أحمد", last_name_ar="بن علي")


def _add_member(database: Database, name: str = "Salma") -> int:
    with database.transaction() as session:
        return create_member(
            session, CLI_ACTOR, MemberData(first_name_lat=name, last_name_lat="Idrissi")
        ).id


def _the_two_sides(mine: Database, other: Database) -> None:
    watcher = mine.watch_changes()
    assert watcher.poll() == frozenset()  # the first look takes the state as it is
    assert watcher.poll() == frozenset()
    _add_member(mine)
    assert watcher.poll() == frozenset()  # its own write: the window refreshed already
    member = _add_member(other, "Karim")
    assert watcher.poll() == {Change.MEMBERS}
    assert watcher.poll() == frozenset()  # told once
    with other.transaction() as session:
        record_dues(
            session,
            CLI_ACTOR,
            member,
            2025,
            Decimal("100"),
            dt.date(2025, 1, 5),
            PaymentMethod.CASH,
        )
    assert watcher.poll() == {Change.DUES, Change.BOOKS}
    # Both at once, between two polls: the other's change is still seen.
    _add_member(mine, "Nadia")
    _add_member(other, "Omar")
    _add_member(mine, "Rachid")
    assert watcher.poll() == {Change.MEMBERS}
    # A write that fails leaves nothing behind.
    with pytest.raises(ValidationError), mine.transaction() as session:  # noqa: PT012
        create_member(session, CLI_ACTOR, AHMED)  # written, then the next one refused
        create_member(session, CLI_ACTOR, MemberData(first_name_lat="Nobody"))
    assert watcher.poll() == frozenset()


def test_another_connection_s_writes_are_seen_by_domain(database: Database) -> None:
    other = open_database(database.path or "")
    try:
        _the_two_sides(database, other)
    finally:
        other.close()


def test_a_file_at_rest_costs_one_pragma(database: Database) -> None:
    watcher = database.watch_changes()
    watcher.poll()
    with database.engine.begin() as connection:  # not through transaction(): another writer
        connection.exec_driver_sql("UPDATE setting SET value = value")
    assert watcher.poll() == {Change.SETTINGS}
    database.close()  # the watcher's connection is closed with the database
    assert watcher._connection is None


def test_the_poll_is_cheap(database: Database) -> None:
    """Microseconds while nothing changes (the counters are ten rows whatever the size of the
    register: benchmarks/changes_benchmark.py measures a 10 000-member file)."""
    other = open_database(database.path or "")
    try:
        watcher = database.watch_changes()
        watcher.poll()
        quiet = _timed(watcher.poll, 200)
        _add_member(other)
        start = time.perf_counter()
        assert watcher.poll() == {Change.MEMBERS}
        moved = time.perf_counter() - start
        assert quiet < 0.002 and moved < 0.02, (quiet, moved)
    finally:
        other.close()


def _timed(fn: object, times: int) -> float:
    assert callable(fn)
    start = time.perf_counter()
    for _ in range(times):
        fn()
    return (time.perf_counter() - start) / times


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    with database.transaction() as session:
        create_association(session, CLI_ACTOR, AssociationProfile(name_ar="جمعية", name_fr="A"))
    yield database
    database.close()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def test_another_computer_s_writes_are_seen_on_postgresql(pg: Database) -> None:
    other = open_database(str(pg.url.render_as_string(hide_password=False)))
    try:
        _the_two_sides(pg, other)
        assert _timed(pg.watch_changes().poll, 20) < 0.05  # a round trip on a local socket
    finally:
        other.close()
