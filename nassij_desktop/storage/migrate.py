"""Alembic, driven from code: the migrations travel inside the package, no alembic.ini.

Opening a file that is already at head needs no Alembic at all (importing it costs a third of
a second at start-up): the revisions are read from the scripts' own `revision` lines, and the
file's stamp with one SELECT. Alembic is imported only to migrate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Tables that live beside the models but are not models (SQLite full-text index).
UNMODELLED_TABLES = frozenset({"alembic_version"})
UNMODELLED_PREFIXES = ("member_fts",)

_REVISION = re.compile(r"^revision\s*(?::[^=]*)?=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(
    r"^down_revision\s*(?::[^=]*)?=\s*(?:None|[\"']([^\"']+)[\"'])", re.MULTILINE
)


def alembic_config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@cache
def _revision_graph() -> dict[str, str | None]:
    """Each revision of the shipped scripts → the revision it follows."""
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS / "versions").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            raise RuntimeError(f"{script.name}: no revision / down_revision line")
        graph[revision.group(1)] = down.group(1)
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revision_graph())


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    newer: bool  # stamped with a revision this version of the app does not know
    foreign: bool  # has tables, but no Alembic stamp: someone else's database


def current_revision(connection: sa.Connection, tables: set[str] | None = None) -> str | None:
    tables = tables if tables is not None else set(sa.inspect(connection).get_table_names())
    if "alembic_version" not in tables:
        return None
    stamps = [
        row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")
    ]
    return stamps[0] if len(stamps) == 1 else None


def schema_state(connection: sa.Connection) -> SchemaState:
    tables = set(sa.inspect(connection).get_table_names())
    current = current_revision(connection, tables)
    head = head_revision()
    newer = current is not None and current not in known_revisions()
    foreign = current is None and bool(tables - UNMODELLED_TABLES)
    return SchemaState(current=current, head=head, newer=newer, foreign=foreign)


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Run the migrations in one transaction: all of them, or none."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    if type_ != "table" or not name:
        return True
    return name not in UNMODELLED_TABLES and not name.startswith(UNMODELLED_PREFIXES)
