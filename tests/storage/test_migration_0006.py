"""Migration 0006 (audit hash chain) on a file at 0005: every existing entry sealed in id order,
so that core's verifier accepts the chain the migration's frozen copy of the hash computed."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.association.settings import change_setting
from nassij_desktop.core.common.audit import AuditEntry, verify_audit_chain
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import migrate, open_database

# Entries as earlier versions wrote them: Arabic text, with and without a user, JSON on either
# side or none, instants with and without microseconds.
_OLD_ENTRIES = [
    (1, dt.datetime(2025, 1, 5, 10, 0), None, "cli", "association", 1, "create", None, '{"a": 1}'),
    (2, dt.datetime(2025, 1, 5, 10, 1, 2, 345678), 1, "admin", "member", 7, "update",
     '{"last_name_ar": "الناصري"}', '{"last_name_ar": "الناصيري"}'),
    (3, dt.datetime(2025, 2, 1, 8, 30, 0, 1), None, "system", "member", None, "import", None, None),
    (4, dt.datetime(2025, 2, 1, 8, 30, 0, 2), 1, "admin", "setting", 3, "update",
     '{"security.autolock_minutes": 10}', '{"security.autolock_minutes": 0}'),
]  # fmt: skip


def _file_at_0005(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0005")
    with engine.begin() as connection:
        now = dt.datetime(2025, 1, 5, 9, 0)
        connection.execute(
            sa.text(
                "INSERT INTO user_account (id, login, full_name, password_hash, role, active, "
                "failed_logins, created_at, updated_at, version) "
                "VALUES (1, 'admin', 'Admin', 'x', 'admin', 1, 0, :t, :t, 1)"
            ),
            {"t": now},
        )
        columns = "id, at, user_id, login, entity, entity_id, action, before, after"
        for entry in _OLD_ENTRIES:
            connection.execute(
                sa.text(
                    f"INSERT INTO audit_log ({columns}) VALUES "
                    "(:id, :at, :user_id, :login, :entity, :entity_id, :action, :before, :after)"
                ),
                dict(zip(columns.split(", "), entry, strict=True)),
            )
    engine.dispose()


def test_a_file_at_0005_has_its_audit_entries_sealed_and_the_chain_goes_on(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0005(path)
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            seals = connection.execute(sa.text("SELECT id, hash FROM audit_log ORDER BY id")).all()
            assert verify_audit_chain(connection) is None
        assert [row.id for row in seals] == [1, 2, 3, 4]
        assert all(len(row.hash) == 64 for row in seals)
        assert len({row.hash for row in seals}) == 4

        with database.transaction() as session:  # a new entry chains from the migrated ones
            change_setting(session, CLI_ACTOR, "security.autolock_minutes", 5)
        with database.session() as session:
            assert session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 5
            assert verify_audit_chain(session) is None
    finally:
        database.close()

    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE audit_log SET entity_id = 8 WHERE id = 2")
        connection.commit()
    with contextlib.closing(sa.create_engine(f"sqlite:///{path}").connect()) as connection:
        problem = verify_audit_chain(connection)
    assert problem is not None and (problem.entry_id, problem.kind) == (2, "altered")


def test_downgrading_to_0005_removes_only_the_seals(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0005(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0005")
    with engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("audit_log")}
        indexes = {i["name"] for i in sa.inspect(connection).get_indexes("audit_log")}
        rows = connection.execute(
            sa.text("SELECT id, login, before FROM audit_log ORDER BY id")
        ).all()
        assert migrate.schema_state(connection).current == "0005"
    engine.dispose()
    assert "hash" not in columns and {"login", "before", "after"} <= columns
    assert indexes == {"ix_audit_log_at", "ix_audit_log_entity_entity_id"}
    assert [tuple(r) for r in rows] == [(e[0], e[3], e[7]) for e in _OLD_ENTRIES]
