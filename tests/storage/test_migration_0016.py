"""Migration 0016 on a file at the previous head: the tranche reports' table arrives empty, the
tranches stay as they were, a tranche received before owes its reports by the default rule
(the request's report date) and takes a submission; going down drops that table only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.funding.tranche_reports import (
    ReportState,
    get_tranche_report,
    record_report_submitted,
    tranche_reports_due,
)
from nassij_desktop.storage import check, migrate, open_database
from tests.storage.test_migration_0015 import NOW, _at_0014

TABLE = "funding_tranche_report"
RECEIVED = dt.date(2025, 5, 20)
REPORT_DUE = dt.date(2026, 3, 31)


def _at_0015(path: Path) -> None:
    """A file of the previous wave, with a granted request whose only tranche came."""
    _at_0014(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0015")
        stamps = "created_at, updated_at, version"
        connection.execute(
            sa.text(
                f'INSERT INTO funder (id, name_fr, kind, country, "foreign", {stamps}) '
                "VALUES (1, 'Initiative nationale pour le développement humain', 'indh', 'MA', "
                "0, :t, :t, 1)"
            ),
            {"t": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO funding_request (id, funder_id, title, status, currency, "
                "amount_requested, amount_granted, decided_on, agreement_number, report_due_on, "
                f"{stamps}) VALUES (1, 1, 'Alphabétisation', 'in_progress', 'MAD', 5000000, "
                f"5000000, '2025-04-01', 'CONV-2025/3', :due, :t, :t, 1)"
            ),
            {"t": NOW, "due": REPORT_DUE},
        )
        connection.execute(
            sa.text(
                "INSERT INTO funding_tranche (id, request_id, number, expected_on, "
                "expected_amount, received_on, currency, amount_received, amount_mad, "
                f"{stamps}) VALUES (1, 1, 1, '2025-05-15', 5000000, :received, 'MAD', 5000000, "
                "5000000, :t, :t, 1)"
            ),
            {"t": NOW, "received": RECEIVED},
        )
    engine.dispose()


def _tranches(connection: sa.Connection) -> list[sa.Row[tuple[object, ...]]]:
    return connection.execute(sa.text("SELECT * FROM funding_tranche ORDER BY id")).all()


def test_the_table_arrives_and_a_tranche_received_before_owes_its_reports(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _at_0015(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        before = _tranches(connection)
        assert TABLE not in sa.inspect(connection).get_table_names()
    engine.dispose()

    database = open_database(path, backup_dir=tmp_path)  # migrates, then checks the schema
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            assert connection.execute(sa.text(f"SELECT count(*) FROM {TABLE}")).scalar_one() == 0
            assert _tranches(connection) == before
        with database.session() as session:
            report = get_tranche_report(session, CLI_ACTOR, 1)
            assert report.state is ReportState.OWED
            assert report.next_due_on == REPORT_DUE  # the only tranche: the request's date
            due = tranche_reports_due(session, CLI_ACTOR, REPORT_DUE + dt.timedelta(days=1))
            assert [(r.tranche_id, r.overdue(REPORT_DUE + dt.timedelta(days=1))) for r in due] == [
                (1, True)
            ]
        with database.transaction() as session:
            record_report_submitted(session, CLI_ACTOR, 1, RECEIVED + dt.timedelta(days=30))
        with database.session() as session:
            assert get_tranche_report(session, CLI_ACTOR, 1).state is ReportState.SUBMITTED
        assert check(database).ok, check(database).problems
    finally:
        database.close()


def test_going_down_drops_only_the_reports_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0015(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0016")
    with engine.connect() as connection:
        tables = set(sa.inspect(connection).get_table_names())
        before = _tranches(connection)
        assert TABLE in tables
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0015")
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) == tables - {TABLE}
        assert _tranches(connection) == before
    engine.dispose()
