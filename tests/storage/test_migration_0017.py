"""Migration 0017 on a file at 0015 holding a funding request: the logical framework's tables
arrive empty, the request stays as it was and can be given a logical framework; going down one
step drops the four tables and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.funding.logframe import (
    IndicatorData,
    LogframeData,
    ResultData,
    request_logframe,
    set_request_logframe,
)
from nassij_desktop.storage import check, migrate, open_database
from tests.storage.test_migration_0015 import _at_0014

NEW_TABLES = {
    "funding_logframe",
    "funding_result",
    "funding_planned_activity",
    "funding_indicator",
}
NOW = dt.datetime(2025, 6, 1, 10, 0)


def _at_0017(path: Path) -> None:
    """A file at 0015 with a funder and a draft request, then migrated to 0017 (and only so
    far: the test says nothing of the migrations after it)."""
    _at_0014(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0015")
        connection.execute(
            sa.text(
                'INSERT INTO funder (id, name_fr, kind, country, "foreign", created_at, '
                "updated_at, version) VALUES (1, 'INDH Fès', 'indh', 'MA', 0, :t, :t, 1)"
            ),
            {"t": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO funding_request (id, funder_id, title, status, currency, "
                "amount_requested, created_at, updated_at, version) VALUES "
                "(1, 1, 'Soutien scolaire', 'draft', 'MAD', 5000000, :t, :t, 1)"
            ),
            {"t": NOW},
        )
        before = connection.execute(sa.text("SELECT * FROM funding_request")).all()
        assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
        command.upgrade(migrate.alembic_config(connection), "0017")
        assert connection.execute(sa.text("SELECT * FROM funding_request")).all() == before
        for table in NEW_TABLES:
            assert connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
    engine.dispose()


def test_the_tables_arrive_and_a_request_already_there_gets_its_framework(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _at_0017(path)
    database = open_database(path, backup_dir=tmp_path)  # any later migration, then the checks
    try:
        assert check(database).ok, check(database).problems
        with database.transaction() as session:
            set_request_logframe(
                session,
                CLI_ACTOR,
                1,
                LogframeData(
                    objective="Réduire l'abandon scolaire",
                    results=(
                        ResultData(
                            "Élèves accompagnés",
                            indicators=(IndicatorData("Élèves", target=Decimal(40)),),
                        ),
                    ),
                    beneficiaries_count=40,
                ),
            )
        with database.session() as session:
            logframe = request_logframe(session, CLI_ACTOR, 1)
            assert logframe is not None
            assert logframe.results[0].indicators[0].target == Decimal(40)
    finally:
        database.close()


def test_going_down_one_step_drops_only_the_framework_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0017(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        tables_at_0017 = set(sa.inspect(connection).get_table_names())
        before = connection.execute(sa.text("SELECT * FROM funding_request")).all()
        command.downgrade(migrate.alembic_config(connection), "-1")
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) == tables_at_0017 - NEW_TABLES
        assert connection.execute(sa.text("SELECT * FROM funding_request")).all() == before
        assert migrate.schema_state(connection).current != "0017"
    engine.dispose()
