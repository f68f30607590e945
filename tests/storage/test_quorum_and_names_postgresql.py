"""The quorum as a fraction and the name order, on a PostgreSQL server: migrations 0008 and
0009 on a database with data, up and down, and names ordered by code point of their folded
keys (the "C" collation) even on a server whose default collation orders letters its own way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.names import sort_name
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.governance.services import (
    AssemblyData,
    assembly_quorum,
    convene_assembly,
)
from nassij_desktop.core.members.search import MemberOrder, search_member_ids
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database, migrate, open_database

NOW = dt.datetime(2025, 1, 5, 10, 0)
# Family names: the alef block, a Persian letter (پ: after ي by code point, after ب for an
# ICU collation), Latin names with accents and particles.
PEOPLE = [
    ("عمر", "Omar"),
    ("آيت", "Aït"),
    ("پاشا", "Pacha"),
    ("تاج", "Taj"),
    ("ابراهيم", "Brahim"),
    ("الإدريسي", "El Idrissi"),
    (None, "de Castro"),
    (None, "Élise"),
]


def _drop_everything(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture
def pg_url(postgres_url: str) -> Iterator[str]:
    yield postgres_url
    _drop_everything(postgres_url)


@pytest.fixture
def icu_url(postgres_url: str) -> Iterator[str]:
    """A database of the same server whose default collation is ICU's French one."""
    server = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(
            "CREATE DATABASE nassij_icu LOCALE_PROVIDER icu ICU_LOCALE 'fr-FR' "
            "LOCALE 'C.UTF-8' TEMPLATE template0"
        )
    try:
        yield postgres_url.replace("/nassij_test?", "/nassij_icu?")
    finally:
        with server.connect() as connection:
            connection.exec_driver_sql("DROP DATABASE nassij_icu WITH (FORCE)")
        server.dispose()


def test_0008_and_0009_migrate_a_postgresql_database_with_data(pg_url: str) -> None:
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0007")
        connection.execute(
            sa.text(
                "INSERT INTO member_category (id, code, label_ar, label_fr, label_en, "
                "default_dues, votes, position, active, created_at, updated_at, version) "
                "VALUES (1, 'active', 'عضو نشيط', 'Actif', 'Active', 10000, true, 1, true, "
                ":t, :t, 1)"
            ),
            {"t": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO member (id, number, last_name_ar, first_name_ar, last_name_lat, "
                "nationality, id_document, join_date, status, status_since, category_id, "
                "search_text, created_at, updated_at, version) VALUES (1, '000001', 'آيت', "
                "'سعاد', 'Aït', 'MA', 'cin', '2020-01-01', 'active', '2020-01-01', 1, 'ait', "
                ":t, :t, 1)"
            ),
            {"t": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO general_assembly (id, kind, status, held_on, quorum_percent, "
                "created_at, updated_at, version) VALUES (1, 'ordinary', 'held', '2024-06-01', "
                "66, :t, :t, 1)"
            ),
            {"t": NOW},
        )
        connection.execute(
            sa.text(
                "INSERT INTO agenda_item (id, assembly_id, position, title, created_at, "
                "updated_at, version) VALUES (1, 1, 1, 'Moral report', :t, :t, 1)"
            ),
            {"t": NOW},
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        share = connection.execute(
            sa.text("SELECT quorum_numerator, quorum_denominator FROM general_assembly")
        ).one()
        keys = connection.execute(sa.text("SELECT sort_name_ar, sort_name_lat FROM member")).one()
        collations = dict(
            connection.execute(
                sa.text(
                    "SELECT column_name, collation_name FROM information_schema.columns "
                    "WHERE table_name = 'member' AND column_name LIKE 'sort_name_%'"
                )
            ).all()
        )
        agenda = connection.execute(sa.text("SELECT assembly_id FROM agenda_item")).scalar()
    assert tuple(share) == (33, 50)
    assert tuple(keys) == ("ايت سعاد", "ait ")
    assert collations == {"sort_name_ar": "C", "sort_name_lat": "C"}
    assert agenda == 1
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0007")
    with engine.connect() as connection:
        percent = connection.execute(sa.text("SELECT quorum_percent FROM general_assembly"))
        assert percent.scalar() == 66
        columns = {c["name"] for c in sa.inspect(connection).get_columns("member")}
        assert "sort_name_ar" not in columns
    migrate.upgrade(engine)
    engine.dispose()


def test_names_and_quorum_on_a_server_that_collates_in_french(icu_url: str) -> None:
    database: Database = open_database(icu_url)
    try:
        with database.transaction() as session:
            create_association(
                session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
            )
            names = {}
            for arabic, latin in PEOPLE:
                data = MemberData(
                    last_name_ar=arabic,
                    first_name_ar="سعاد" if arabic else None,
                    last_name_lat=latin,
                    first_name_lat="Souad",
                    join_date=dt.date(2020, 1, 5),
                )
                names[create_member(session, CLI_ACTOR, data).id] = (arabic, latin)
            assembly = convene_assembly(
                session,
                CLI_ACTOR,
                AssemblyData(
                    held_on=dt.date(2025, 6, 14),
                    place="Salle",
                    convened_on=dt.date(2025, 6, 1),
                    quorum=Fraction(2, 3),
                    agenda=["Moral report"],
                ),
            )
        with database.session() as session:
            orders = {
                lang: search_member_ids(session, CLI_ACTOR, order=order)
                for lang, order in (("ar", MemberOrder.NAME_AR), ("fr", MemberOrder.NAME_LAT))
            }
            figures = assembly_quorum(session, CLI_ACTOR, assembly.id)
    finally:
        database.close()
        _drop_everything(icu_url)

    def key(lang: str, member_id: int) -> tuple[str, int]:
        arabic, latin = names[member_id]
        return sort_name(lang, "سعاد" if arabic else None, arabic, "Souad", latin), member_id

    # The order Python and SQLite give (code point of the folded keys): تاج before پاشا.
    for lang, ids in orders.items():
        assert ids == sorted(names, key=lambda i, lang=lang: key(lang, i))
    arabic_order = [names[i][0] for i in orders["ar"] if names[i][0]]
    assert arabic_order == ["ابراهيم", "الإدريسي", "آيت", "تاج", "عمر", "پاشا"]
    assert (figures.quorum, figures.voting, figures.needed) == (Fraction(2, 3), 8, 6)
