"""Migration 0007 on a file at 0006: the join date index added (the list ordered by join date
walks it), the search indexes merged, the data intact."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.storage import migrate, open_database


def _file_at_0006(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0006")
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
    for n in range(3, 6):  # one commit each: each leaves a piece (segment) in the search indexes
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO member (id, number, last_name_lat, nationality, id_document, "
                    "join_date, status, status_since, category_id, search_text, created_at, "
                    "updated_at, version) VALUES (:n, :number, 'Tazi', 'MA', 'cin', "
                    "'2022-01-01', 'active', '2022-01-01', 1, 'tazi', :t, :t, 1)"
                ),
                {"n": n, "number": f"00000{n}", "t": now},
            )
    engine.dispose()


def _pieces(connection: sa.Connection, index: str) -> int:
    return connection.execute(sa.text(f"SELECT count(DISTINCT segid) FROM {index}_idx")).scalar()


def test_a_file_at_0006_gains_the_join_date_index_and_keeps_its_member(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0006(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert (
            _pieces(connection, "member_fts") > 1 and _pieces(connection, "member_fts_prefix") > 1
        )
    engine.dispose()
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            indexes = {
                i["name"]: i["column_names"] for i in sa.inspect(connection).get_indexes("member")
            }
            pieces = [_pieces(connection, i) for i in ("member_fts", "member_fts_prefix")]
            member = connection.execute(
                sa.text("SELECT number, join_date FROM member WHERE id = 1")
            ).one()
            tazi = connection.execute(
                sa.text("SELECT rowid FROM member_fts_prefix WHERE member_fts_prefix MATCH 'ta*'")
            ).all()
            # The search index's triggers survive: a member added now is found.
            connection.execute(
                sa.text(
                    "INSERT INTO member (id, number, last_name_lat, nationality, id_document, "
                    "join_date, status, status_since, category_id, search_text, created_at, "
                    "updated_at, version) VALUES (2, '000002', 'Alami', 'MA', 'cin', "
                    "'2021-03-01', 'active', '2021-03-01', 1, 'alami', '2025-01-05', "
                    "'2025-01-05', 1)"
                )
            )
            found = connection.execute(
                sa.text("SELECT rowid FROM member_fts WHERE member_fts MATCH 'alam'")
            ).all()
            plan = connection.execute(
                sa.text("EXPLAIN QUERY PLAN SELECT id FROM member ORDER BY join_date, id LIMIT 5")
            ).all()
            connection.rollback()
        assert indexes["ix_member_join_date"] == ["join_date"]
        assert tuple(member) == ("000001", "2020-01-01")
        assert found == [(2,)]
        assert pieces == [1, 1]
        assert tazi == [(3,), (4,), (5,)]
        assert any("ix_member_join_date" in str(row) for row in plan)
        assert not any("TEMP B-TREE" in str(row) for row in plan)
    finally:
        database.close()


def test_downgrading_to_0006_removes_only_the_join_date_index(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0006(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0006")
    with engine.connect() as connection:
        names = {i["name"] for i in sa.inspect(connection).get_indexes("member")}
        assert migrate.schema_state(connection).current == "0006"
        assert "ix_member_join_date" not in names
        assert {"ix_member_gender", "ix_member_last_name_lat"} <= names
        assert connection.execute(sa.text("SELECT count(*) FROM member")).scalar() == 4
    engine.dispose()
