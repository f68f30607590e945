"""Migration 0010 on a file at 0009 holding data: the association's authority is read from the
latest filed declaration (a pachalik here: its letters go to the pacha), a member's address
typed in Arabic moves to the new Arabic column while a Latin one stays, the search index's
triggers survive; and the migration's frozen patterns agree with core's."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.association.authorities import AuthorityKind, recognise_authority
from nassij_desktop.storage import migrate, open_database

NOW = dt.datetime(2025, 1, 5, 10, 0)
ADDRESSES = {
    1: "12، زنقة الأطلس، حي السلام",  # Arabic: moves to address_ar
    2: "5, rue Zitoune, quartier Riad",  # Latin: stays
    3: None,
}
# (id, authority, filed_on): the latest filed one names the authority; one not filed is ignored.
DECLARATIONS = [
    (1, "Caïdat de Sidi Hrazem", "2013-03-22"),
    (2, "Pachalik de Moulay Yacoub", "2025-12-10"),
    (3, None, None),
]


def _file_at_0009(path: Path, declarations: list[tuple[int, str | None, str | None]]) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    stamp = {"t": NOW}
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0009")
        connection.execute(
            sa.text(
                "INSERT INTO association (id, name_ar, name_fr, city, commune, public_utility, "
                "fiscal_year_start_month, default_language, created_at, updated_at, version) "
                "VALUES (1, 'جمعية الأمل', 'Association Al Amal', 'Fès', 'Moulay Yacoub', 0, 1, "
                "'ar', :t, :t, 1)"
            ),
            stamp,
        )
        connection.execute(
            sa.text(
                "INSERT INTO member_category (id, code, label_ar, label_fr, label_en, "
                "default_dues, votes, position, active, created_at, updated_at, version) "
                "VALUES (1, 'active', 'عضو نشيط', 'Actif', 'Active', 10000, 1, 1, 1, :t, :t, 1)"
            ),
            stamp,
        )
        for member_id, address in ADDRESSES.items():
            connection.execute(
                sa.text(
                    "INSERT INTO member (id, number, last_name_lat, nationality, id_document, "
                    "address, join_date, status, status_since, category_id, search_text, "
                    "sort_name_ar, sort_name_lat, created_at, updated_at, version) VALUES "
                    "(:id, :number, :name, 'MA', 'cin', :address, '2020-01-01', 'active', "
                    "'2020-01-01', 1, :name, :name, :name, :t, :t, 1)"
                ),
                {
                    "id": member_id,
                    "number": f"{member_id:06d}",
                    "name": f"tazi{member_id}",
                    "address": address,
                    **stamp,
                },
            )
        for declaration_id, authority, filed_on in declarations:
            connection.execute(
                sa.text(
                    "INSERT INTO authority_declaration (id, kind, due_on, filed_on, authority, "
                    "created_at, updated_at, version) VALUES (:id, 'board_change', "
                    "'2026-01-01', :filed, :authority, :t, :t, 1)"
                ),
                {"id": declaration_id, "filed": filed_on, "authority": authority, **stamp},
            )
    engine.dispose()


def test_a_file_at_0009_gets_its_authority_and_its_arabic_addresses(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0009(path, DECLARATIONS)
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            authority = connection.execute(
                sa.text("SELECT authority_kind, authority_place FROM association")
            ).one()
            addresses = {
                row[0]: (row[1], row[2])
                for row in connection.execute(
                    sa.text("SELECT id, address, address_ar FROM member ORDER BY id")
                )
            }
            # The search index's triggers survive: a member added now is found.
            connection.execute(
                sa.text(
                    "INSERT INTO member (id, number, last_name_lat, nationality, id_document, "
                    "join_date, status, status_since, category_id, search_text, created_at, "
                    "updated_at, version) VALUES (99, '000099', 'Bennani', 'MA', 'cin', "
                    "'2021-03-01', 'active', '2021-03-01', 1, 'bennani', '2025-01-05', "
                    "'2025-01-05', 1)"
                )
            )
            found = connection.execute(
                sa.text("SELECT rowid FROM member_fts WHERE member_fts MATCH 'bennani'")
            ).all()
            connection.rollback()
    finally:
        database.close()
    assert tuple(authority) == ("pachalik", "Moulay Yacoub")
    assert addresses == {
        1: (None, ADDRESSES[1]),
        2: (ADDRESSES[2], None),
        3: (None, None),
    }
    assert found == [(99,)]


def test_an_authority_that_cannot_be_recognised_is_left_for_the_user(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0009(path, [(1, "Mairie", "2024-02-02")])
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT authority_kind, authority_place FROM association")
        ).one()
    engine.dispose()
    assert tuple(row) == (None, None)


def test_downgrading_to_0009_puts_the_arabic_address_back(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0009(path, DECLARATIONS)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0009")
    with engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("member")}
        kept = dict(connection.execute(sa.text("SELECT id, address FROM member")).all())
    engine.dispose()
    assert "address_ar" not in columns
    assert kept == ADDRESSES


@pytest.mark.parametrize(
    "name",
    [
        "Pachalik de Moulay Yacoub",
        "Pachalik d'Erfoud",
        "باشوية أرفود",
        "قيادة أولاد تايمة",
        "Caïdat Aït Baha",
        "caid de Tiznit",
        "Annexe administrative Al Qods",
        "الملحقة الإدارية السابعة",
        "District Hay Hassani",
        "دائرة تافراوت",
        "Mairie",
        "",
    ],
)
def test_the_migrations_copy_of_the_patterns_is_cores(name: str) -> None:
    frozen = importlib.import_module(
        "nassij_desktop.storage.migrations.versions.0010_authority_kind_and_arabic_address"
    )
    core = recognise_authority(name)
    copy = frozen._recognise(name) if name else None
    assert copy == (None if core is None else (core.kind.value, core.place))
    if name == "Pachalik de Moulay Yacoub":
        assert core is not None and core.kind is AuthorityKind.PACHALIK


def test_a_downgrade_and_an_upgrade_lose_no_address(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0009(path, DECLARATIONS)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    both = ("5, rue Zitoune", "5، زنقة الزيتون")
    with engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE member SET address = :latin, address_ar = :arabic WHERE id = 2"),
            {"latin": both[0], "arabic": both[1]},
        )
        command.downgrade(migrate.alembic_config(connection), "0009")
        one_column = connection.execute(sa.text("SELECT address FROM member WHERE id = 2")).scalar()
        command.upgrade(migrate.alembic_config(connection), "0010")
        rows = dict(
            connection.execute(
                sa.text("SELECT id, address || '|' || address_ar FROM member WHERE id = 2")
            ).all()
        )
    engine.dispose()
    assert one_column == "5, rue Zitoune\n5، زنقة الزيتون"  # readable by the older version
    assert rows == {2: "5, rue Zitoune|5، زنقة الزيتون"}
    with sa.create_engine(f"sqlite:///{path}").connect() as connection:
        first = connection.execute(
            sa.text("SELECT address, address_ar FROM member WHERE id = 1")
        ).one()
    assert tuple(first) == (None, ADDRESSES[1])
