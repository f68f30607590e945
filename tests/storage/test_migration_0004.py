"""Migration 0004 (donations) on a file made before it: backed up, upgraded, data intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.storage import migrate, open_database


def _file_at_0003(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0003")
    now = dt.datetime(2025, 1, 5, 10, 0)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO member_category (id, code, label_ar, label_fr, label_en, "
                "default_dues, votes, position, active, created_at, updated_at, version) "
                "VALUES (1, 'active', 'عضو نشيط', 'Actif', 'Active', 10000, 1, 1, 1, :t, :t, 1)"
            ),
            {"t": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO member (id, number, last_name_ar, first_name_ar, nationality, "
                "id_document, join_date, status, status_since, category_id, search_text, "
                "created_at, updated_at, version) VALUES (1, '000001', 'الناصري', 'سعاد', 'MA', "
                "'cin', '2020-01-01', 'active', '2020-01-01', 1, 'سعاد الناصري', :t, :t, 1)"
            ),
            {"t": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO dues_payment (id, member_id, year, amount, paid_on, method, "
                "receipt_number, created_at, updated_at, version) "
                "VALUES (1, 1, 2025, 12050, '2025-01-05', 'cash', '2025-00001', :t, :t, 1)"
            ),
            {"t": now},
        )
    engine.dispose()


def test_a_file_at_0003_is_backed_up_and_gains_the_donation_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0003(path)
    backups = tmp_path / "backups"
    backups.mkdir()
    database = open_database(path, backup_dir=backups)
    try:
        assert database.last_backup is not None and database.last_backup.exists()
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            assert "donation" in sa.inspect(connection).get_table_names()
            member = connection.execute(sa.text("SELECT number, first_name_ar FROM member")).one()
            dues = connection.execute(
                sa.text("SELECT receipt_number, amount, member_id FROM dues_payment")
            ).one()
            found = connection.execute(
                sa.text("SELECT rowid FROM member_fts_prefix WHERE member_fts_prefix MATCH 'سع*'")
            ).all()
        assert tuple(member) == ("000001", "سعاد")
        assert tuple(dues) == ("2025-00001", 12050, 1)
        assert found == [(1,)]
        # The backup is the file as it was: still at 0003, without the table.
        backup = sa.create_engine(f"sqlite:///{database.last_backup}")
        with backup.connect() as connection:
            assert migrate.schema_state(connection).current == "0003"
            assert "donation" not in sa.inspect(connection).get_table_names()
        backup.dispose()
    finally:
        database.close()


def test_downgrading_to_0003_removes_only_the_donation_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0003(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0003")
    with engine.connect() as connection:
        assert migrate.schema_state(connection).current == "0003"
        tables = set(sa.inspect(connection).get_table_names())
        assert "donation" not in tables and {"member", "dues_payment"} <= tables
        assert connection.execute(sa.text("SELECT count(*) FROM dues_payment")).scalar() == 1
    engine.dispose()
