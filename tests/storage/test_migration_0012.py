"""Migration 0012 on a file at the previous head: every entry already posted becomes a
validated entry, sealed in the chain in the order it was posted (so `check` passes, and
catches a later edit); the association accounts are marked as the application's own and
the divisionary accounts are added under their parents."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.books.chain import GENESIS_HASH, verify_entry_chain
from nassij_desktop.core.books.entries import list_entries, record_entry
from nassij_desktop.core.books.models import EntryState
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import check, migrate, open_database
from tests.core.books.ledger_support import form

PREVIOUS = "0011"
NOW = dt.datetime(2025, 6, 1, 10, 0)
ACCOUNTS = {  # id: (number, class, kind, parent id)
    1: ("5141", 5, "asset", None),
    2: ("6125", 6, "expense", None),
    3: ("7161", 7, "income", None),
    4: ("7186", 7, "income", None),
    5: ("5161", 5, "asset", None),
}
ENTRIES = {  # id: (journal id, number, date, label, reference)
    1: (2, 1, "2025-03-01", "Subvention de la commune, tranche 1", "CONV-2025-7"),
    2: (2, 2, "2025-03-05", "Fournitures", None),
    3: (1, 1, "2025-03-06", "Cotisation 2025", "2025-00001"),
}
LINES = {  # id: (entry, position, account id, debit, credit, agreement number, date)
    1: (1, 1, 1, 500000, 0, "CONV-7", "2025-01-15"),
    2: (1, 2, 3, 0, 500000, "CONV-7", "2025-01-15"),
    3: (2, 1, 2, 120000, 0, None, None),
    4: (2, 2, 1, 0, 120000, None, None),
    5: (3, 1, 5, 10000, 0, None, None),
    6: (3, 2, 4, 0, 10000, None, None),
}


def _file_at_previous_head(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), PREVIOUS)
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(  # noqa: E731
            sa.text(sql), {"t": NOW, **values}
        )
        for journal_id, code, kind in ((1, "CA", "cash"), (2, "BQ", "bank")):
            run(
                "INSERT INTO journal (id, code, name_ar, name_fr, kind, created_at, updated_at, "
                "version) VALUES (:id, :code, :code, :code, :kind, :t, :t, 1)",
                id=journal_id,
                code=code,
                kind=kind,
            )
        run(
            "INSERT INTO fiscal_year (id, label, starts_on, ends_on, status, created_at, "
            "updated_at, version) VALUES (1, '2025', '2025-01-01', '2025-12-31', 'open', :t, "
            ":t, 1)"
        )
        for account_id, (number, account_class, kind, parent) in ACCOUNTS.items():
            run(
                "INSERT INTO account (id, number, label_fr, label_ar, account_class, kind, "
                "parent_id, active, source, created_at, updated_at, version) VALUES (:id, :n, "
                ":n, :n, :c, :k, :p, 1, 'test', :t, :t, 1)",
                id=account_id,
                n=number,
                c=account_class,
                k=kind,
                p=parent,
            )
        for entry_id, (journal, number, day, label, reference) in ENTRIES.items():
            run(
                "INSERT INTO journal_entry (id, fiscal_year_id, journal_id, number, entry_date, "
                "label, reference, created_at, updated_at, version) VALUES (:id, 1, :j, :n, "
                ":d, :l, :r, :t, :t, 1)",
                id=entry_id,
                j=journal,
                n=number,
                d=day,
                l=label,
                r=reference,
            )
        for line_id, (entry, position, account, debit, credit, agreement, on) in LINES.items():
            run(
                "INSERT INTO journal_line (id, entry_id, position, account_id, debit, credit, "
                "agreement_number, agreement_date, created_at, updated_at, version) VALUES "
                "(:id, :e, :p, :a, :dr, :cr, :ag, :on, :t, :t, 1)",
                id=line_id,
                e=entry,
                p=position,
                a=account,
                dr=debit,
                cr=credit,
                ag=agreement,
                on=on,
            )
    engine.dispose()


def test_existing_entries_are_validated_and_sealed_in_the_order_they_were_posted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_previous_head(path)
    database = open_database(path, backup_dir=tmp_path)  # migrates, then checks the schema
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            rows = connection.execute(
                sa.text(
                    "SELECT id, state, number, chain_index, previous_hash, content_hash, "
                    "validated_at FROM journal_entry ORDER BY id"
                )
            ).all()
            assert verify_entry_chain(connection) is None
            accounts = dict(
                connection.execute(sa.text("SELECT number, extension FROM account")).all()
            )
            parents = dict(
                connection.execute(
                    sa.text(
                        "SELECT a.number, p.number FROM account a JOIN account p "
                        "ON p.id = a.parent_id"
                    )
                ).all()
            )
        report = check(database)
        assert report.ok, report.problems
        with database.transaction() as session:
            listed = list_entries(session, CLI_ACTOR, year="2025")
            # A new entry chains after the migrated ones, numbered after them.
            added = record_entry(session, CLI_ACTOR, form("10.00", day=dt.date(2025, 4, 1)))
    finally:
        database.close()

    assert [(r.id, r.state, r.number, r.chain_index) for r in rows] == [
        (1, "validated", 1, 1),
        (2, "validated", 2, 2),
        (3, "validated", 1, 3),
    ]
    assert rows[0].previous_hash == GENESIS_HASH
    assert rows[1].previous_hash == rows[0].content_hash
    assert rows[2].previous_hash == rows[1].content_hash
    assert all(r.validated_at is not None for r in rows)
    assert [e.code for e in listed] == ["BQ-2025-1", "BQ-2025-2", "CA-2025-1"]
    assert all(e.state is EntryState.VALIDATED for e in listed)
    assert added.code == "BQ-2025-3"
    assert accounts["7186"] == 1 and accounts["5141"] == 0  # the association's own account
    # Divisionary accounts added where their parent is in the file, none elsewhere.
    assert parents["71615"] == "7161" and parents["71862"] == "7186"
    assert "44911" not in accounts and accounts["71611"] == 1


def test_an_amount_edited_after_the_migration_is_named(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_previous_head(path)
    open_database(path, backup_dir=tmp_path).close()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE journal_line SET debit = 130000 WHERE id = 3")
        connection.execute("UPDATE journal_line SET credit = 130000 WHERE id = 4")
        connection.commit()
    database = open_database(path, backup_dir=tmp_path)
    try:
        problems = check(database).problems
    finally:
        database.close()
    assert problems == [
        "The books were altered outside Nassij Desktop: entry BQ-2025-2 no longer matches its seal."
    ]
