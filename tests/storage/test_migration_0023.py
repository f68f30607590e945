"""Migration 0023: an association file carries Nassij's number in its SQLite header (bytes
68-71, big-endian), which the desktop's MIME type matches; going down clears it, the tables
untouched; a backup and a protected-then-unprotected file keep it."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.schema_reference import SQLITE_APPLICATION_ID
from nassij_desktop.storage import encryption, migrate, open_database
from nassij_desktop.storage.backup import copy_sqlite

frozen = importlib.import_module(
    "nassij_desktop.storage.migrations.versions.0023_sqlite_application_id"
)


def _header_id(path: Path) -> int:
    with path.open("rb") as f:
        return int.from_bytes(f.read(100)[68:72], "big")


def _objects(connection: sa.Connection) -> list[tuple[object, ...]]:
    rows = connection.execute(sa.text("SELECT type, name, sql FROM sqlite_master ORDER BY name"))
    return [tuple(row) for row in rows]


def test_the_number_is_written_and_going_down_clears_only_it(
    association_template: Path, tmp_path: Path
) -> None:
    assert frozen.APPLICATION_ID == SQLITE_APPLICATION_ID
    assert SQLITE_APPLICATION_ID.to_bytes(4, "big") == b"NSJD"
    path = tmp_path / "association.sqlite"
    shutil.copyfile(association_template, path)
    assert _header_id(path) == SQLITE_APPLICATION_ID  # a new file is made through 0023

    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        at_head = _objects(connection)
        command.downgrade(migrate.alembic_config(connection), "0022")
        assert connection.exec_driver_sql("PRAGMA application_id").scalar() == 0
        assert _objects(connection) == at_head
    engine.dispose()
    assert _header_id(path) == 0

    database = open_database(path)  # brings the file of the previous wave up to head
    database.close()
    assert _header_id(path) == SQLITE_APPLICATION_ID


def test_a_backup_and_an_unprotected_copy_keep_it(association_template: Path, tmp_path: Path):
    path = tmp_path / "association.sqlite"
    shutil.copyfile(association_template, path)
    copy_sqlite(path, tmp_path / "backup.sqlite")
    assert _header_id(tmp_path / "backup.sqlite") == SQLITE_APPLICATION_ID

    key = encryption.encrypt_file(path, CLI_ACTOR, "admin", "a long enough password")
    encryption.decrypt_file(path, CLI_ACTOR, key, tmp_path / "plain.sqlite")
    assert _header_id(tmp_path / "plain.sqlite") == SQLITE_APPLICATION_ID
