"""The schema built by the migrations is the schema the models describe."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from nassij_desktop.core.models import metadata
from nassij_desktop.storage import migrate


def test_migrations_produce_exactly_the_models(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_object": migrate.include_object},
        )
        differences = compare_metadata(context, metadata)
    engine.dispose()
    assert differences == []


def test_every_migration_goes_down_and_up_again(tmp_path: Path) -> None:
    from alembic import command

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    migrate.upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "base")
    with engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert migrate.schema_state(connection).current == migrate.head_revision()
    engine.dispose()
