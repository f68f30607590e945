"""Migration 0009 on a file at 0008: every member gets the sort keys core gives (the migration's
frozen copy agrees with core.common.names.sort_name), the list by name walks their indexes, the
old raw-name indexes go, and the search index's triggers survive."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.common.names import sort_name
from nassij_desktop.storage import migrate, open_database

# (last_ar, first_ar, last_lat, first_lat): both scripts, one script only, hamza forms, taa
# marbuta, diacritics, tatweel, accents, case, particles, a Persian kaf.
NAMES = [
    ("آيت الحاج", "سعاد", "Aït El Haj", "Souad"),
    ("أحمد", "إيمان", None, None),
    ("إدريس", "فاطمة", "Idriss", "Fatima"),
    ("الإدريسي", "مُحَمَّد", "El Idrissi", "Mohamed"),
    ("ابراهيم", "زينب", "Brahim", "Zineb"),
    ("عمر", "يحيى", "Omar", "Yahia"),
    ("بنـــعلي", "أسامة", "Ben Ali", "Oussama"),
    (None, None, "élise", "Zoé"),
    (None, None, "ÉLISE", "anne-marie"),
    ("کريم", None, "de Castro", "Ana"),
]
NOW = dt.datetime(2025, 1, 5, 10, 0)


def _file_at_0008(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0008")
        connection.execute(
            sa.text(
                "INSERT INTO member_category (id, code, label_ar, label_fr, label_en, "
                "default_dues, votes, position, active, created_at, updated_at, version) "
                "VALUES (1, 'active', 'عضو نشيط', 'Actif', 'Active', 10000, 1, 1, 1, :t, :t, 1)"
            ),
            {"t": NOW},
        )
        for n, (last_ar, first_ar, last_lat, first_lat) in enumerate(NAMES, start=1):
            connection.execute(
                sa.text(
                    "INSERT INTO member (id, number, last_name_ar, first_name_ar, "
                    "last_name_lat, first_name_lat, nationality, id_document, join_date, "
                    "status, status_since, category_id, search_text, created_at, updated_at, "
                    "version) VALUES (:id, :number, :last_ar, :first_ar, :last_lat, "
                    ":first_lat, 'MA', 'cin', '2020-01-01', 'active', '2020-01-01', 1, "
                    ":search, :t, :t, 1)"
                ),
                {
                    "id": n,
                    "number": f"{n:06d}",
                    "last_ar": last_ar,
                    "first_ar": first_ar,
                    "last_lat": last_lat,
                    "first_lat": first_lat,
                    "search": f"member{n}",
                    "t": NOW,
                },
            )
    engine.dispose()


def _expected(lang: str) -> list[int]:
    keys = {
        n: sort_name(lang, first_ar, last_ar, first_lat, last_lat)
        for n, (last_ar, first_ar, last_lat, first_lat) in enumerate(NAMES, start=1)
    }
    return sorted(keys, key=lambda n: (keys[n], n))


def test_a_file_at_0008_gets_the_sort_keys_core_gives(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0008(path)
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            stored = connection.execute(
                sa.text(
                    "SELECT id, first_name_ar, last_name_ar, first_name_lat, last_name_lat, "
                    "sort_name_ar, sort_name_lat FROM member ORDER BY id"
                )
            ).all()
            orders = {
                column: list(
                    connection.execute(sa.text(f"SELECT id FROM member ORDER BY {column}, id"))
                    .scalars()
                    .all()
                )
                for column in ("sort_name_ar", "sort_name_lat")
            }
            indexes = {
                i["name"]: i["column_names"] for i in sa.inspect(connection).get_indexes("member")
            }
            plan = connection.execute(
                sa.text(
                    "EXPLAIN QUERY PLAN SELECT id FROM member ORDER BY sort_name_ar, id LIMIT 5"
                )
            ).all()
            # The search index's triggers survive: a member added now is found.
            connection.execute(
                sa.text(
                    "INSERT INTO member (id, number, last_name_lat, nationality, id_document, "
                    "join_date, status, status_since, category_id, search_text, created_at, "
                    "updated_at, version) VALUES (99, '000099', 'Tazi', 'MA', 'cin', "
                    "'2021-03-01', 'active', '2021-03-01', 1, 'tazi', '2025-01-05', "
                    "'2025-01-05', 1)"
                )
            )
            found = connection.execute(
                sa.text("SELECT rowid FROM member_fts WHERE member_fts MATCH 'tazi'")
            ).all()
            connection.rollback()
    finally:
        database.close()
    for _id, first_ar, last_ar, first_lat, last_lat, key_ar, key_lat in stored:
        assert key_ar == sort_name("ar", first_ar, last_ar, first_lat, last_lat)
        assert key_lat == sort_name("fr", first_ar, last_ar, first_lat, last_lat)
    assert orders == {"sort_name_ar": _expected("ar"), "sort_name_lat": _expected("fr")}
    # Arabic reader: names only in Latin letters first, then the alef words as one block
    # (ابراهيم أحمد إدريس الإدريسي آيت), then ب ع ك. Latin reader: accents and case aside,
    # particles joined (Ben Ali, de Castro), the name only in Arabic last.
    assert _expected("ar") == [9, 8, 5, 2, 3, 4, 1, 7, 6, 10]
    assert _expected("fr") == [1, 7, 5, 10, 4, 9, 8, 3, 6, 2]
    assert indexes["ix_member_sort_name_ar"] == ["sort_name_ar"]
    assert indexes["ix_member_sort_name_lat"] == ["sort_name_lat"]
    assert not {"ix_member_last_name_ar", "ix_member_last_name_lat"} & indexes.keys()
    assert any("ix_member_sort_name_ar" in str(row) for row in plan)
    assert not any("TEMP B-TREE" in str(row) for row in plan)
    assert found == [(99,)]


def test_the_migrations_copy_of_the_sort_key_is_cores() -> None:
    frozen = importlib.import_module(
        "nassij_desktop.storage.migrations.versions.0009_member_sort_names"
    )
    people = [*NAMES, ("", "", "", ""), ("ٱلعلوي", "رُقَيَّة", "O'Neil", "Ève"), (None, "ى", None, "ß")]
    for last_ar, first_ar, last_lat, first_lat in people:
        for lang in ("ar", "fr"):
            names = (first_ar, last_ar, first_lat, last_lat)
            assert frozen.sort_name(lang, *names) == sort_name(lang, *names)


def test_downgrading_to_0008_removes_the_keys_and_brings_back_the_name_indexes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0008(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0008")
    with engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("member")}
        indexes = {i["name"] for i in sa.inspect(connection).get_indexes("member")}
        assert migrate.schema_state(connection).current == "0008"
        assert connection.execute(sa.text("SELECT count(*) FROM member")).scalar() == len(NAMES)
    engine.dispose()
    assert not {"sort_name_ar", "sort_name_lat"} & columns
    assert {"ix_member_last_name_ar", "ix_member_last_name_lat"} <= indexes
    assert not {"ix_member_sort_name_ar", "ix_member_sort_name_lat"} & indexes
    with contextlib.closing(sqlite3.connect(path)) as connection:  # triggers still there
        triggers = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    assert {"member_fts_ai", "member_fts_ad", "member_fts_au"} <= triggers
