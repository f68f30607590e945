"""Migrations run with SQLite's foreign keys not enforced (a table rebuilt by copying would
otherwise take every row that refers to it along), then enforced again; a reference already
broken in the file before is not blamed on the migration."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.governance.models import AgendaItem
from nassij_desktop.storage import migrate, open_database


def _file_at_0006_with_a_dangling_agenda_item(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0006")
    engine.dispose()
    with contextlib.closing(sqlite3.connect(path)) as connection:  # foreign keys off
        connection.execute(
            "INSERT INTO agenda_item (id, assembly_id, position, title, created_at, updated_at, "
            "version) VALUES (1, 42, 1, 'Orphan', '2025-01-05', '2025-01-05', 1)"
        )
        connection.commit()


def test_an_older_file_migrates_and_its_foreign_keys_are_enforced_again(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0006_with_a_dangling_agenda_item(path)
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            # What was broken before stays to be seen by `check`; the migration added nothing.
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == [
                ("agenda_item", 1, "general_assembly", 0)
            ]
        now = dt.datetime(2025, 1, 5)
        orphan = AgendaItem(
            assembly_id=43, position=1, title_fr="Another orphan", created_at=now, updated_at=now
        )
        with pytest.raises(sa.exc.IntegrityError), database.transaction() as session:
            session.add(orphan)
    finally:
        database.close()
