"""Alembic, driven from code: the migrations travel inside the package, no alembic.ini.

Opening a file that is already at head needs no Alembic at all (importing it costs a third of
a second at start-up): the revisions are read from the scripts' own `revision` lines, and the
file's stamp with one SELECT. Alembic is imported only to migrate.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Tables that live beside the models but are not models (SQLite full-text index; the change
# counters the triggers of migration 0020 keep, read by storage/changes.py).
UNMODELLED_TABLES = frozenset({"alembic_version", "change_counter"})
UNMODELLED_PREFIXES = ("member_fts",)
# PostgreSQL only, and absent where pg_trgm may not be created (migration 0022).
UNMODELLED_INDEXES = frozenset({"ix_member_search_trgm"})

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


def revisions_in_order() -> list[str]:
    """Every revision, from the first to the head."""
    graph = _revision_graph()
    chain: list[str] = []
    revision: str | None = head_revision()
    while revision is not None:
        chain.append(revision)
        revision = graph[revision]
    return chain[::-1]


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str
    newer: bool  # stamped with a revision this version of the app does not know
    foreign: bool  # has tables, but no Alembic stamp: someone else's database
    empty: bool  # no table at all: a new database


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
    return SchemaState(current=current, head=head, newer=newer, foreign=foreign, empty=not tables)


def create_from_snapshot(engine: sa.Engine) -> None:
    """Build a new, empty SQLite file's schema as the migrations leave it, from their snapshot
    (storage/schema_head.json, which the schema guard compares files with): its tables, then
    its indexes and triggers, the stamp and the header's application id, in one transaction.
    Some 270 statements take 20 ms where running the migrations one after the other takes
    0.3 s (Anki makes a new collection from its schema file the same way).
    tests/storage/test_new_file_schema.py keeps a file made so identical to one the
    migrations made: every object's SQL, every row, the header."""
    from nassij_desktop.schema_reference import (
        SQLITE_APPLICATION_ID,
        load_snapshot,
        shadow_tables,
        virtual_tables,
    )

    snapshot = load_snapshot()
    if snapshot["revision"] != head_revision():
        raise RuntimeError(
            "storage/schema_head.json is older than the migrations: run "
            "tools/schema_snapshot.py and commit the file"
        )
    objects = snapshot["objects"]
    made_by_fts5 = shadow_tables(objects)
    order = {"table": 0, "index": 1, "trigger": 2}  # sorted() keeps the names' order within
    statements = [
        o["sql"]
        for o in sorted(objects, key=lambda o: order[o["type"]])
        if o["name"] not in made_by_fts5
    ]
    with engine.connect() as connection, connection.begin():
        if connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar():
            return  # made meanwhile by another process, under the lock this BEGIN waited for
        for sql in statements:
            connection.exec_driver_sql(sql)
        for name in virtual_tables(objects):
            # As the migrations left them (0002, 0003): rebuilt once, which writes the empty
            # index's structure record as a rebuild does.
            connection.exec_driver_sql(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
        connection.exec_driver_sql(
            "INSERT INTO alembic_version (version_num) VALUES (?)", (snapshot["revision"],)
        )
        connection.exec_driver_sql(f"PRAGMA application_id = {SQLITE_APPLICATION_ID}")


def new_schema(engine: sa.Engine, revision: str = "head") -> None:
    """An empty database's schema at `revision`: a SQLite file at head from the snapshot
    (`create_from_snapshot`), anything else (an older revision, a server) by the migrations."""
    if engine.dialect.name == "sqlite" and revision in ("head", head_revision()):
        create_from_snapshot(engine)
    else:
        upgrade(engine, revision)


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Run the migrations in one transaction: all of them, or none.

    On SQLite the foreign keys are not enforced while migrating, as SQLite asks for a table
    rebuilt by copying (Alembic's batch mode): dropping the old copy of a table that others
    refer to would otherwise delete, or empty the references of, every row that refers to it
    (ON DELETE CASCADE / SET NULL). Before the migrations are committed, the references are
    checked: a row left referring to a missing row that was not already so rolls them back."""
    from alembic import command

    with engine.connect() as connection, _foreign_keys_off(connection) as driver:
        broken = _broken_references(driver) if driver else set()
        with connection.begin():
            command.upgrade(alembic_config(connection), revision)
            new = _broken_references(driver) - broken if driver else set()
            if new:
                table, _rowid, parent, _key = sorted(new, key=str)[0]
                raise RuntimeError(
                    f"the migration left {len(new)} row(s) of {table} referring to "
                    f"missing rows of {parent}"
                )


@contextlib.contextmanager
def _foreign_keys_off(connection: sa.Connection) -> Iterator[Any]:
    """Foreign keys not enforced on `connection`, then as they were: on SQLite, the pragma
    set outside any transaction, on the driver's connection, which is yielded (None on
    another database)."""
    if connection.dialect.name != "sqlite":
        yield None
        return
    driver: Any = connection.connection.driver_connection
    enforced = driver.execute("PRAGMA foreign_keys").fetchone()[0]
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield driver
    finally:
        driver.execute(f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}")


def _broken_references(driver: Any) -> set[tuple[object, ...]]:
    """(table, rowid, parent table, foreign key) of each row referring to a missing row, read
    on the driver's connection (SQLite), inside its transaction if one is open."""
    return {tuple(row) for row in driver.execute("PRAGMA foreign_key_check")}


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    if type_ == "index" and name in UNMODELLED_INDEXES:
        return False
    if type_ != "table" or not name:
        return True
    return name not in UNMODELLED_TABLES and not name.startswith(UNMODELLED_PREFIXES)
