"""Migration 0013 on a file at the previous head: the bank statement and cleared-line tables
arrive empty, the entries and their seals are untouched (check passes), a statement can be
imported and matched at once; going down drops the three tables and nothing else."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.books.reconciliation import (
    accept_suggestions,
    import_bank_statement,
    reconciliation_statement,
)
from nassij_desktop.core.books.treasury import find_treasury_account
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import check, migrate, open_database
from tests.storage.test_migration_0012 import _file_at_previous_head

NEW_TABLES = {"bank_statement", "bank_statement_line", "cleared_line"}


def _at_0012(path: Path) -> None:
    """A file of the previous wave: entries of 0011 sealed by 0012, and a bank account."""
    _file_at_previous_head(path)  # at 0011, with three entries
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0012")
        connection.execute(
            sa.text(
                "INSERT INTO treasury_account (id, name, kind, account_id, journal_id, active, "
                "created_at, updated_at, version) VALUES (1, 'Banque Populaire', 'bank', 1, 2, "
                "1, :t, :t, 1)"
            ),
            {"t": dt.datetime(2025, 6, 1)},
        )
    engine.dispose()


def test_the_tables_arrive_and_the_sealed_entries_stay_as_they_were(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0012(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        seals_before = connection.execute(
            sa.text("SELECT id, content_hash FROM journal_entry ORDER BY id")
        ).all()
        assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
    engine.dispose()

    database = open_database(path, backup_dir=tmp_path)  # migrates, then checks the schema
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
            seals_after = connection.execute(
                sa.text("SELECT id, content_hash FROM journal_entry ORDER BY id")
            ).all()
            counts = [
                connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in sorted(NEW_TABLES)
            ]
        assert seals_after == seals_before
        assert counts == [0, 0, 0]
        report = check(database)
        assert report.ok, report.problems
        # The migrated file reconciles: the subsidy of 5 000,00 (entry 1 of the old file)
        # and the supplies of 1 200,00 against a statement of theirs.
        statement = (
            b"Date;Libell\xc3\xa9;D\xc3\xa9bit;Cr\xc3\xa9dit;Solde\n"
            b"03/03/2025;VIREMENT COMMUNE;;5 000,00;5 000,00\n"
            b"07/03/2025;CHEQUE;1 200,00;;3 800,00\n"
        )
        with database.transaction() as session:
            bank = find_treasury_account(session, CLI_ACTOR, "5141").id
            import_bank_statement(session, CLI_ACTOR, bank, "mars.csv", statement)
            assert accept_suggestions(session, CLI_ACTOR, bank) == 2
            result = reconciliation_statement(session, CLI_ACTOR, bank, dt.date(2025, 3, 31))
        assert (result.book_balance, result.bank_balance) == (3800, 3800)
        assert result.reconciled
        assert check(database).ok
    finally:
        database.close()


def test_going_down_drops_the_three_tables_only(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0012(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        # Down to 0013 first: the later migrations take their own tables with them.
        command.downgrade(migrate.alembic_config(connection), "0013")
        tables_at_0013 = set(sa.inspect(connection).get_table_names())
        command.downgrade(migrate.alembic_config(connection), "0012")
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) == tables_at_0013 - NEW_TABLES
        assert connection.execute(sa.text("SELECT count(*) FROM journal_entry")).scalar_one() == 3
    engine.dispose()
