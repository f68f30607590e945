"""A new file is made from the migrations' snapshot (`migrate.create_from_snapshot`), not by
running the migrations: it must be the very file the migrations make — the same objects with
the same SQL, the same rows, the same header — and it must be made that way."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nassij_desktop.storage import migrate, open_database
from nassij_desktop.storage.database import WRITE_OPTION, create_engine_for, to_url

HEADER = ("application_id", "user_version", "page_size", "encoding", "auto_vacuum", "journal_mode")


def contents(path: Path) -> dict[str, Any]:
    """Everything a file holds that is not where SQLite happened to put it: each object of
    sqlite_master (SQLite's own too), every row of every table, the header's numbers, and
    what SQLite's own checks say."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        objects = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        rows = {
            name: sorted(connection.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for kind, name, _table, _sql in objects
            if kind == "table"
        }
        header = {name: connection.execute(f"PRAGMA {name}").fetchone()[0] for name in HEADER}
        checks = (
            connection.execute("PRAGMA integrity_check").fetchall(),
            connection.execute("PRAGMA foreign_key_check").fetchall(),
        )
    return {"objects": objects, "rows": rows, "header": header, "checks": checks}


def test_a_new_file_is_the_file_the_migrations_make(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite"
    engine = create_engine_for(to_url(migrated))  # the file's own engine, as open_database's
    try:
        migrate.upgrade(engine.execution_options(**{WRITE_OPTION: True}))
    finally:
        engine.dispose()
    new = tmp_path / "new.sqlite"
    open_database(new, create=True, backup_dir=tmp_path).close()

    made, expected = contents(new), contents(migrated)
    assert made["objects"] == expected["objects"]
    assert made["rows"] == expected["rows"]
    assert made["header"] == expected["header"]
    assert made["checks"] == expected["checks"] == ([("ok",)], [])
    assert len(made["objects"]) > 250 and made["rows"]["alembic_version"] == [
        (migrate.head_revision(),)
    ]


def test_a_file_made_meanwhile_by_another_process_is_left_as_it_is(tmp_path: Path) -> None:
    # Two windows opening one new file: the second finds the schema made once it has the lock.
    path = tmp_path / "new.sqlite"
    open_database(path, create=True, backup_dir=tmp_path).close()
    before = contents(path)
    engine = create_engine_for(to_url(path))
    try:
        migrate.create_from_snapshot(engine.execution_options(**{WRITE_OPTION: True}))
    finally:
        engine.dispose()
    assert contents(path) == before


def test_no_migration_runs_to_make_a_new_file(tmp_path: Path) -> None:
    """Alembic is not even imported (a real process: this one imported it long ago)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from nassij_desktop.storage import open_database\n"
        "folder = Path(sys.argv[1])\n"
        "open_database(folder / 'new.sqlite', create=True, backup_dir=folder).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    command = [sys.executable, "-c", script, str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == "False"
    assert contents(tmp_path / "new.sqlite")["rows"]["alembic_version"] == [
        (migrate.head_revision(),)
    ]


def test_a_snapshot_older_than_the_migrations_is_refused_for_a_new_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A developer who adds a migration and forgets tools/schema_snapshot.py is told so.
    monkeypatch.setattr(migrate, "head_revision", lambda: "9999")
    engine = create_engine_for(to_url(tmp_path / "new.sqlite"))
    try:
        with pytest.raises(RuntimeError, match=r"schema_snapshot\.py"):
            migrate.create_from_snapshot(engine)
    finally:
        engine.dispose()
