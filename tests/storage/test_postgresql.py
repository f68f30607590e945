"""The same code on a PostgreSQL server (the shared, several-PC mode)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.errors import StaleVersion
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.search import search_members
from nassij_desktop.core.members.services import (
    MemberData,
    create_member,
    record_dues,
    update_member,
)
from nassij_desktop.core.models import metadata
from nassij_desktop.storage import Database, check, migrate, open_database


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    yield database
    database.close()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def test_migrations_build_the_models_on_postgresql(pg: Database) -> None:
    with pg.engine.connect() as connection:
        assert migrate.schema_state(connection).current == migrate.head_revision()
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": migrate.include_object}
        )
        assert compare_metadata(context, metadata) == []


def test_the_register_works_on_postgresql(pg: Database) -> None:
    with pg.transaction() as session:
        create_association(
            session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
        )
        ahmed = create_member(
            session,
            CLI_ACTOR,
            MemberData(
                first_name_ar="أحمد",
                last_name_ar="بن علي",
                first_name_lat="Ahmed",
                last_name_lat="Ben Ali",
            ),
        )
        record_dues(
            session,
            CLI_ACTOR,
            ahmed.id,
            2025,
            Decimal("120.50"),
            dt.date(2025, 1, 2),
            PaymentMethod.CASH,
        )
    with pg.session() as session:
        assert [m.id for m in search_members(session, CLI_ACTOR, "احمد")] == [ahmed.id]
        assert [m.id for m in search_members(session, CLI_ACTOR, "benali")] == [ahmed.id]
    with pg.transaction() as session:
        update_member(session, CLI_ACTOR, ahmed.id, ahmed.version, city="Tiznit")
    with pytest.raises(StaleVersion), pg.transaction() as session:
        update_member(session, CLI_ACTOR, ahmed.id, ahmed.version, city="Rabat")
    assert check(pg).ok


def test_server_cursors_are_planned_to_read_every_row(pg: Database) -> None:
    # The ledgers and exports read all their rows through a server-side cursor; planned for
    # the first tenth (the server's default), the busiest account's ledger took 4 s for a
    # query of 0.3 s (benchmarks/books_pg.py).
    with pg.engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW cursor_tuple_fraction").scalar_one() == "1"
