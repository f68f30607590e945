"""Alembic, driven from code: the migrations travel inside the package, no alembic.ini."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Tables that live beside the models but are not models (SQLite full-text index).
UNMODELLED_TABLES = frozenset({"alembic_version"})
UNMODELLED_PREFIXES = ("member_fts",)


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    newer: bool  # stamped with a revision this version of the app does not know
    foreign: bool  # has tables, but no Alembic stamp: someone else's database


def schema_state(connection: sa.Connection) -> SchemaState:
    current = MigrationContext.configure(connection).get_current_revision()
    head = head_revision()
    tables = set(sa.inspect(connection).get_table_names())
    newer = current is not None and current not in known_revisions()
    foreign = current is None and bool(tables - UNMODELLED_TABLES)
    return SchemaState(current=current, head=head, newer=newer, foreign=foreign)


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Run the migrations in one transaction: all of them, or none."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    if type_ != "table" or not name:
        return True
    return name not in UNMODELLED_TABLES and not name.startswith(UNMODELLED_PREFIXES)
