"""Migration 0015 on a file at the previous head: the campaign tables arrive empty, the
donations and the sealed entries stay as they were, a donation already in the file can be
counted in a new campaign; going down drops the three tables and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.donations.campaign_models import CampaignAuthority
from nassij_desktop.core.donations.campaigns import (
    CampaignData,
    create_campaign,
    get_campaign,
    link_gift,
)
from nassij_desktop.storage import check, migrate, open_database
from tests.storage.test_migration_0014 import _at_0013

NEW_TABLES = {"fundraising_campaign", "campaign_gift", "aid_distribution"}
NOW = dt.datetime(2025, 6, 1, 10, 0)


def _at_0014(path: Path) -> None:
    """A file of the previous wave, with a donation received in cash."""
    _at_0013(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0014")
        connection.execute(
            sa.text(
                "INSERT INTO donation (id, receipt_number, received_on, donor_kind, donor_name, "
                "amount, method, in_kind, cancelled, created_at, updated_at, version) VALUES "
                "(1, '2025-00001', '2025-05-10', 'person', 'Karim Alaoui', 150000, 'cash', 0, 0, "
                ":t, :t, 1)"
            ),
            {"t": NOW},
        )
    engine.dispose()


def _snapshot(connection: sa.Connection) -> tuple[list[sa.Row[tuple[object, ...]]], ...]:
    return (
        connection.execute(sa.text("SELECT * FROM donation ORDER BY id")).all(),
        connection.execute(sa.text("SELECT id, content_hash FROM journal_entry ORDER BY id")).all(),
    )


def test_the_tables_arrive_and_a_gift_already_received_joins_a_campaign(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0014(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        before = _snapshot(connection)
        assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
    engine.dispose()

    database = open_database(path, backup_dir=tmp_path)  # migrates, then checks the schema
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
            assert _snapshot(connection) == before
            for table in NEW_TABLES:
                count = connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()
                assert count == 0
        assert check(database).ok, check(database).problems
        with database.transaction() as session:
            campaign = create_campaign(
                session,
                CLI_ACTOR,
                CampaignData(
                    authorisation_number="2025/88",
                    authorised_on=dt.date(2025, 4, 20),
                    authority=CampaignAuthority.WALI,
                    starts_on=dt.date(2025, 5, 1),
                    ends_on=dt.date(2025, 5, 31),
                    purpose="Soutien scolaire",
                    bank_account="CIH Fès",
                ),
            )
            link_gift(session, CLI_ACTOR, campaign.id, 1)
        with database.session() as session:
            assert get_campaign(session, CLI_ACTOR, campaign.id).cash_collected == Decimal(
                "1500.00"
            )
        assert check(database).ok
    finally:
        database.close()


def test_going_down_drops_only_the_campaign_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0014(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        # Down to 0015 first: the later migrations take their own tables with them.
        command.downgrade(migrate.alembic_config(connection), "0015")
    with engine.connect() as connection:
        tables_at_0015 = set(sa.inspect(connection).get_table_names())
        before = _snapshot(connection)
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0014")
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) == tables_at_0015 - NEW_TABLES
        assert _snapshot(connection) == before
    engine.dispose()
