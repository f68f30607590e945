"""Migration 0008 on a file at 0007: each quorum of n % becomes exactly n/100 in lowest terms,
the assembly table is rebuilt without losing a row that refers to it (agenda, attendance,
resolutions, elected board, declaration), and its new check holds; going down rounds up."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop.storage import migrate, open_database

PERCENTS = {1: 50, 2: 66, 3: 75, 4: 0, 5: 100, 6: 67}
NOW = dt.datetime(2025, 1, 5, 10, 0)


def _file_at_0007(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0007")
    with engine.begin() as connection:
        stamp = {"t": NOW}
        connection.execute(
            sa.text(
                "INSERT INTO member_category (id, code, label_ar, label_fr, label_en, "
                "default_dues, votes, position, active, created_at, updated_at, version) "
                "VALUES (1, 'active', 'عضو نشيط', 'Actif', 'Active', 10000, 1, 1, 1, :t, :t, 1)"
            ),
            stamp,
        )
        for member_id, name in ((1, "Alaoui"), (2, "Bennani")):
            connection.execute(
                sa.text(
                    "INSERT INTO member (id, number, last_name_lat, nationality, id_document, "
                    "join_date, status, status_since, category_id, search_text, created_at, "
                    "updated_at, version) VALUES (:id, :number, :name, 'MA', 'cin', "
                    "'2020-01-01', 'active', '2020-01-01', 1, :name, :t, :t, 1)"
                ),
                {"id": member_id, "number": f"00000{member_id}", "name": name, **stamp},
            )
        for assembly_id, percent in PERCENTS.items():
            connection.execute(
                sa.text(
                    "INSERT INTO general_assembly (id, kind, status, held_on, place, "
                    "quorum_percent, quorum_reached, chair_member_id, created_at, updated_at, "
                    "version) VALUES (:id, 'ordinary', 'held', '2024-06-01', 'Salle', :p, 1, 1, "
                    ":t, :t, 3)"
                ),
                {"id": assembly_id, "p": percent, **stamp},
            )
        for sql in (
            "INSERT INTO agenda_item (id, assembly_id, position, title, created_at, updated_at, "
            "version) VALUES (1, 2, 1, 'Moral report', :t, :t, 1)",
            "INSERT INTO assembly_attendance (id, assembly_id, member_id, attendance, "
            "created_at, updated_at, version) VALUES (1, 2, 1, 'present', :t, :t, 1)",
            "INSERT INTO assembly_attendance (id, assembly_id, member_id, attendance, "
            "proxy_holder_id, created_at, updated_at, version) "
            "VALUES (2, 2, 2, 'proxy', 1, :t, :t, 1)",
            "INSERT INTO resolution (id, assembly_id, agenda_item_id, position, text, "
            "votes_for, votes_against, votes_abstain, adopted, created_at, updated_at, version) "
            "VALUES (1, 2, 1, 1, 'Approved', 2, 0, 0, 1, :t, :t, 1)",
            "INSERT INTO board_term (id, starts_on, elected_by_id, created_at, updated_at, "
            "version) VALUES (1, '2024-06-01', 2, :t, :t, 1)",
            "INSERT INTO authority_declaration (id, kind, assembly_id, board_term_id, "
            "created_at, updated_at, version) VALUES (1, 'board_change', 2, 1, :t, :t, 1)",
        ):
            connection.execute(sa.text(sql), stamp)
    engine.dispose()


def _references(connection: sa.Connection) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for sql in (
            "SELECT id, assembly_id FROM agenda_item",
            "SELECT id, assembly_id, member_id, proxy_holder_id FROM assembly_attendance",
            "SELECT id, assembly_id, agenda_item_id FROM resolution",
            "SELECT id, elected_by_id FROM board_term",
            "SELECT id, assembly_id, board_term_id FROM authority_declaration",
        )
        for row in connection.execute(sa.text(sql))
    ]


def test_a_file_at_0007_has_each_percentage_made_an_exact_fraction(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0007(path)
    with contextlib.closing(sa.create_engine(f"sqlite:///{path}").connect()) as connection:
        before = _references(connection)
    assert len(before) == 6
    database = open_database(path, backup_dir=tmp_path)  # migrates, then checks the schema
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            shares = {
                row.id: (row.quorum_numerator, row.quorum_denominator)
                for row in connection.execute(
                    sa.text("SELECT id, quorum_numerator, quorum_denominator FROM general_assembly")
                )
            }
            kept = connection.execute(
                sa.text("SELECT version, quorum_reached, chair_member_id FROM general_assembly")
            ).all()
            after = _references(connection)
            columns = {c["name"] for c in sa.inspect(connection).get_columns("general_assembly")}
            assert connection.exec_driver_sql("PRAGMA foreign_key_check").all() == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        database.close()
    # n % is n/100, reduced; 66 % stays 66 %: what it meant is not guessed.
    assert shares == {1: (1, 2), 2: (33, 50), 3: (3, 4), 4: (0, 1), 5: (1, 1), 6: (67, 100)}
    assert set(kept) == {(3, True, 1)}
    assert after == before  # agenda, attendance, resolution, board, declaration: all there
    assert "quorum_percent" not in columns

    with contextlib.closing(sqlite3.connect(path)) as connection:
        for numerator, denominator in ((4, 3), (1, 0), (-1, 2), (1, 1001)):
            with pytest.raises(sqlite3.IntegrityError):
                connection.execute(
                    "UPDATE general_assembly SET quorum_numerator = ?, quorum_denominator = ? "
                    "WHERE id = 1",
                    (numerator, denominator),
                )


def test_downgrading_to_0007_rounds_each_share_up_to_a_whole_percentage(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0007(path)
    open_database(path, backup_dir=tmp_path).close()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "UPDATE general_assembly SET quorum_numerator = 2, quorum_denominator = 3 WHERE id = 6"
        )
        connection.commit()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        before = _references(connection)
        command.downgrade(migrate.alembic_config(connection), "0007")
    with engine.connect() as connection:
        assert migrate.schema_state(connection).current == "0007"
        percents = dict(
            connection.execute(sa.text("SELECT id, quorum_percent FROM general_assembly")).all()
        )
        after = _references(connection)
        columns = {c["name"] for c in sa.inspect(connection).get_columns("general_assembly")}
    engine.dispose()
    assert percents == PERCENTS  # 2/3 went up to 67 %, as it came in
    assert after == before
    assert not {"quorum_numerator", "quorum_denominator"} & columns


def test_a_new_file_and_a_migrated_one_have_the_same_assembly_table(tmp_path: Path) -> None:
    old, new = tmp_path / "old.sqlite", tmp_path / "new.sqlite"
    _file_at_0007(old)
    for path in (old, new):
        open_database(path, backup_dir=tmp_path).close()
    sql = "SELECT sql FROM sqlite_master WHERE name = 'general_assembly'"
    tables = []
    for path in (old, new):
        with contextlib.closing(sqlite3.connect(path)) as connection:
            tables.append(connection.execute(sql).fetchone()[0])
    assert tables[0] == tables[1]
