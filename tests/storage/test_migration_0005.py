"""Migration 0005 (member filter indexes) on a file at 0004: indexes added, data intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.storage import migrate, open_database


def _file_at_0004(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0004")
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
                "INSERT INTO member (id, number, last_name_ar, first_name_ar, gender, "
                "nationality, id_document, join_date, status, status_since, category_id, "
                "search_text, created_at, updated_at, version) VALUES (1, '000001', 'الناصري', "
                "'سعاد', 'f', 'MA', 'cin', '2020-01-01', 'active', '2020-01-01', 1, "
                "'سعاد الناصري', :t, :t, 1)"
            ),
            {"t": now},
        )
    engine.dispose()


def test_a_file_at_0004_gains_the_member_filter_indexes_and_keeps_its_member(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0004(path)
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            indexes = {
                i["name"]: i["column_names"] for i in sa.inspect(connection).get_indexes("member")
            }
            member = connection.execute(
                sa.text("SELECT number, first_name_ar, gender, category_id FROM member")
            ).one()
            found = connection.execute(
                sa.text("SELECT rowid FROM member_fts_prefix WHERE member_fts_prefix MATCH 'سع*'")
            ).all()
            plan = connection.execute(
                sa.text("EXPLAIN QUERY PLAN SELECT count(*) FROM member WHERE category_id = 1")
            ).all()
        assert indexes["ix_member_category_id"] == ["category_id"]
        assert indexes["ix_member_gender"] == ["gender"]
        assert tuple(member) == ("000001", "سعاد", "f", 1)
        assert found == [(1,)]
        assert any("ix_member_category_id" in str(row) for row in plan)
    finally:
        database.close()


def test_downgrading_to_0004_removes_only_the_two_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0004(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0004")
    with engine.connect() as connection:
        names = {i["name"] for i in sa.inspect(connection).get_indexes("member")}
        assert migrate.schema_state(connection).current == "0004"
        assert "ix_member_category_id" not in names and "ix_member_gender" not in names
        assert "ix_member_status" in names
        assert connection.execute(sa.text("SELECT count(*) FROM member")).scalar() == 1
    engine.dispose()
