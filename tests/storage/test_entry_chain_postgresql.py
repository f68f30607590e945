"""The entries' seals on a PostgreSQL server: dates come back as dates there, not text, and
the seal must read the same; an amount changed in SQL is named by its entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.books.chain import verify_entry_chain
from nassij_desktop.core.books.entries import record_entry, reverse_entry, validate_entry
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database, open_database
from tests.core.books.ledger_support import form


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    database = open_database(postgres_url)
    yield database
    database.close()
    engine = sa.create_engine(postgres_url)
    with engine.begin() as connection:  # leave an empty database for the next test
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def test_entries_are_sealed_and_checked_on_postgresql(pg: Database) -> None:
    with pg.transaction() as session:
        create_association(
            session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
        )
        first = record_entry(session, CLI_ACTOR, form("100.00"))
        draft = record_entry(session, CLI_ACTOR, form("250.00"), draft=True)
        validate_entry(session, CLI_ACTOR, draft.id)
        reverse_entry(session, CLI_ACTOR, first.id, dt.date(2026, 3, 20))
    with pg.engine.connect() as connection:
        assert verify_entry_chain(connection) is None
    with pg.engine.begin() as connection:
        connection.execute(
            sa.text(
                "UPDATE journal_line SET debit = CASE WHEN debit > 0 THEN 25100 ELSE 0 END, "
                "credit = CASE WHEN credit > 0 THEN 25100 ELSE 0 END WHERE entry_id = :e"
            ),
            {"e": draft.id},
        )
    with pg.engine.connect() as connection:
        broken = verify_entry_chain(connection)
    assert broken is not None and broken.entry == "BQ-2026-2"
