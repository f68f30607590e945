"""Opening files: pragmas, refusals with clear messages, migration after a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.storage import errors, migrate, open_database


def test_a_new_file_is_created_at_the_latest_schema_with_safe_pragmas(tmp_path: Path) -> None:
    database = open_database(tmp_path / "new.sqlite")
    with database.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("foreign_keys") == 1
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") >= 5000
        assert migrate.schema_state(connection).current == migrate.head_revision()
    database.close()


def test_a_text_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("shopping list: bread, mint, sugar\n")
    with pytest.raises(errors.NotADatabase, match=r"notes\.sqlite"):
        open_database(path)
    assert path.read_text().startswith("shopping list")  # untouched


def test_a_truncated_database_is_refused(tmp_path: Path) -> None:
    good = tmp_path / "good.sqlite"
    open_database(good).close()
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(good.read_bytes()[:100] + b"\x00" * 50)
    with pytest.raises(errors.NotADatabase):
        open_database(broken)


def test_someone_elses_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    with pytest.raises(errors.NotAnAssociationFile):
        open_database(path)


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(errors.DatabaseTooNew, match="newer version"):
        open_database(path)


def test_a_missing_file_is_not_created_when_asked_not_to(tmp_path: Path) -> None:
    with pytest.raises(errors.DatabaseMissing, match=r"missing\.sqlite"):
        open_database(tmp_path / "missing.sqlite", create=False)
    assert not (tmp_path / "missing.sqlite").exists()
    with pytest.raises(errors.DatabaseMissing):
        open_database(tmp_path / "no-such-folder" / "a.sqlite")


def _file_at_first_revision_with_a_member(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO member_category (id, code, label_ar, label_fr, label_en, default_dues,"
            " votes, position, active, created_at, updated_at, version)"
            " VALUES (1, 'active', 'عضو', 'Membre', 'Member', 0, 1, 0, 1,"
            " '2020-01-01', '2020-01-01', 1)"
        )
        connection.exec_driver_sql(
            "INSERT INTO member (id, number, last_name_ar, first_name_ar, nationality, id_document,"
            " join_date, status, status_since, category_id, search_text, created_at, updated_at,"
            " version) VALUES (1, '000001', 'العلوي', 'أحمد', 'MA', 'cin', '2020-01-01', 'active',"
            " '2020-01-01', 1, 'احمد العلوي', '2020-01-01', '2020-01-01', 1)"
        )
    engine.dispose()


def test_an_older_file_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_first_revision_with_a_member(path)
    backups = tmp_path / "backups"
    backups.mkdir()
    database = open_database(path, backup_dir=backups)
    assert database.last_backup is not None and database.last_backup.parent == backups
    with database.engine.connect() as connection:
        assert migrate.schema_state(connection).current == migrate.head_revision()
        # The search index built by the migration covers the member already there.
        hits = connection.exec_driver_sql(
            "SELECT rowid FROM member_fts WHERE member_fts MATCH '\"احمد\"'"
        ).all()
        assert hits == [(1,)]
        prefix = connection.exec_driver_sql(
            "SELECT rowid FROM member_fts_prefix WHERE member_fts_prefix MATCH '\"اح\"*'"
        ).all()
        assert prefix == [(1,)]
    database.close()
    with sqlite3.connect(database.last_backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT count(*) FROM member").fetchone() == (1,)


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_first_revision_with_a_member(path)
    real_upgrade = migrate.upgrade

    def upgrade_then_fail(engine: sa.Engine, revision: str = "head") -> None:
        real_upgrade(engine, revision)
        raise RuntimeError("disk full")

    monkeypatch.setattr(migrate, "upgrade", upgrade_then_fail)
    with pytest.raises(errors.MigrationFailed, match="left as it was"):
        open_database(path, backup_dir=tmp_path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert conn.execute("SELECT first_name_ar FROM member").fetchone() == ("أحمد",)


def test_writes_are_all_or_nothing(tmp_path: Path) -> None:
    database = open_database(tmp_path / "a.sqlite")

    def add_then_fail() -> None:
        with database.transaction() as session:
            session.execute(
                sa.text(
                    "INSERT INTO setting (key, value, created_at, updated_at, version)"
                    " VALUES ('x', '1', '2020-01-01', '2020-01-01', 1)"
                )
            )
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        add_then_fail()
    with database.session() as session:
        assert session.scalar(sa.text("SELECT count(*) FROM setting")) == 0
    database.close()
