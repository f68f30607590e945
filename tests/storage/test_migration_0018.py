"""Migration 0018 on a file at 0015: an activity already logged keeps every value and gets
no partners and no cost, then takes both through the service; going down drops the two
columns and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.activities.services import get_activity, update_activity
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import check, migrate, open_database
from tests.storage.test_migration_0015 import _at_0014

NOW = dt.datetime(2025, 6, 1, 10, 0)
NEW_COLUMNS = {"partners", "cost"}


def _at_0015(path: Path) -> None:
    """A file of the previous wave with one activity logged."""
    _at_0014(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0015")
        connection.execute(
            sa.text(
                "INSERT INTO activity (id, title, kind, starts_at, place, created_at, "
                "updated_at, version) VALUES (1, 'Atelier de lecture', 'training', "
                "'2025-05-12 09:00:00', 'Maison des jeunes', :t, :t, 1)"
            ),
            {"t": NOW},
        )
    engine.dispose()


def _activity_columns(connection: sa.Connection) -> set[str]:
    return {c["name"] for c in sa.inspect(connection).get_columns("activity")}


def _rows(connection: sa.Connection) -> list[sa.Row[tuple[object, ...]]]:
    return connection.execute(
        sa.text("SELECT id, title, kind, starts_at, place, version FROM activity ORDER BY id")
    ).all()


def test_an_activity_already_logged_keeps_its_values_and_takes_partners_and_cost(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _at_0015(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        before = _rows(connection)
        assert not NEW_COLUMNS & _activity_columns(connection)
    engine.dispose()

    database = open_database(path, backup_dir=tmp_path)  # migrates, then checks the schema
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            assert _activity_columns(connection) >= NEW_COLUMNS
            assert _rows(connection) == before
            assert connection.execute(
                sa.text("SELECT partners, cost FROM activity WHERE id = 1")
            ).one() == (None, None)
        assert check(database).ok, check(database).problems
        with database.transaction() as session:
            update_activity(
                session,
                CLI_ACTOR,
                1,
                1,
                partners="École Al Amal, Commune de Zagora",
                cost=Decimal("1250.50"),
            )
        with database.session() as session:
            record = get_activity(session, CLI_ACTOR, 1)
            assert (record.partners, record.cost) == (
                "École Al Amal, Commune de Zagora",
                Decimal("1250.50"),
            )
        with database.engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT cost FROM activity WHERE id = 1"))
            assert stored.scalar_one() == 125050  # centimes
    finally:
        database.close()


def test_going_down_drops_only_the_two_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0015(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        columns_at_head = _activity_columns(connection)
        before = _rows(connection)
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0017")  # one step down
    with engine.connect() as connection:
        assert _activity_columns(connection) == columns_at_head - NEW_COLUMNS
        assert _rows(connection) == before
        assert migrate.schema_state(connection).current == "0017"
    engine.dispose()
