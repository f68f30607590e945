"""Is the file's structure the one our migrations built? Triggers, views and altered tables
that another program slipped into a file are found here, before they can act.

The reference is a snapshot of what the migrations build at head (`schema_head.json`, written
by `tools/schema_snapshot.py`), so opening a file costs one read of `sqlite_master` instead of a
run of the migrations. A test rebuilds the snapshot from the migrations and fails when the
committed one is stale.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.schema_reference import (
    SCHEMA_OBJECTS_SQL,
    SNAPSHOT_PATH,
    SchemaObject,
    load_snapshot,
    normalise_sql,
    shadow_tables,
)

__all__ = ["SNAPSHOT_PATH", "load_snapshot", "normalise_sql"]  # and what is defined here

SNAPSHOT_COMMAND = ".venv/bin/python tools/schema_snapshot.py"


def schema_objects(connection: sa.Connection) -> list[SchemaObject]:
    """The file's tables, indexes, triggers and views, without SQLite's own (sqlite_%)."""
    rows = connection.exec_driver_sql(SCHEMA_OBJECTS_SQL)
    return [{"type": t, "name": n, "tbl_name": tb, "sql": s} for t, n, tb, s in rows]


def build_snapshot() -> dict[str, Any]:
    """Run the migrations on a new, empty file, one revision at a time, and describe what
    they built at head, and what an earlier revision built that a later one removed
    (`retired`: by type, name and table, so that an older file holding it is not taken for
    one with foreign objects)."""
    from nassij_desktop.storage import migrate

    built: dict[tuple[str, str], SchemaObject] = {}
    with tempfile.TemporaryDirectory(prefix="nassij-schema-") as folder:
        engine = sa.create_engine(f"sqlite:///{Path(folder) / 'head.sqlite'}")
        try:
            for revision in migrate.revisions_in_order():
                migrate.upgrade(engine, revision)
                with engine.connect() as connection:
                    objects = schema_objects(connection)
                for o in objects:
                    built[o["type"], o["name"]] = {k: o[k] for k in ("type", "name", "tbl_name")}
        finally:
            engine.dispose()
    at_head = {(o["type"], o["name"]) for o in objects}
    retired = [o for key, o in sorted(built.items()) if key not in at_head]
    return {"revision": migrate.head_revision(), "objects": objects, "retired": retired}


def write_snapshot(path: Path = SNAPSHOT_PATH) -> dict[str, Any]:
    snapshot = build_snapshot()
    text = json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return snapshot


def _revision(connection: sa.Connection, names: set[str]) -> str | None:
    if "alembic_version" not in names:
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _unknown(obj: SchemaObject) -> str:
    name, table = isolate(obj["name"], "ltr"), isolate(obj["tbl_name"], "ltr")
    if obj["type"] == "trigger":
        return _("unknown trigger {name} on table {table}").format(name=name, table=table)
    if obj["type"] == "view":
        return _("unknown view {name}").format(name=name)
    if obj["type"] == "index":
        return _("unknown index {name} on table {table}").format(name=name, table=table)
    return _("unknown table {name}").format(name=name)


def _changed(obj: SchemaObject) -> str:
    name = isolate(obj["name"], "ltr")
    if obj["type"] == "trigger":
        return _("trigger {name} was changed").format(name=name)
    if obj["type"] == "index":
        return _("index {name} was changed").format(name=name)
    if obj["type"] == "view":
        return _("view {name} was changed").format(name=name)
    return _("table {name} was changed (a column or a constraint differs)").format(name=name)


def _missing(obj: SchemaObject) -> str:
    name = isolate(obj["name"], "ltr")
    if obj["type"] == "trigger":
        return _("trigger {name} is missing").format(name=name)
    if obj["type"] == "index":
        return _("index {name} is missing").format(name=name)
    if obj["type"] == "view":
        return _("view {name} is missing").format(name=name)
    return _("table {name} is missing").format(name=name)


def unexpected_objects(connection: sa.Connection) -> list[str]:
    """One translated line for each object the migrations did not build, or built otherwise.

    At head, every table, index, trigger and view is compared with the snapshot (SQL included).
    A file at an older revision (opened without upgrading) is compared by name only: it may
    lack what later migrations add, or hold what they remove (the snapshot's `retired`), but
    nothing the migrations never make belongs in it. An
    empty new file has nothing to compare. PostgreSQL returns []: its schema is the server
    administrator's to guard, and a server database cannot be handed over like a file.
    """
    if connection.dialect.name != "sqlite":
        return []
    found = schema_objects(connection)
    if not found:
        return []
    snapshot = load_snapshot()
    expected = {(o["type"], o["name"]): o for o in snapshot["objects"]}
    shadow = shadow_tables(snapshot["objects"])
    at_head = _revision(connection, {o["name"] for o in found}) == snapshot["revision"]
    retired = {(o["type"], o["name"], o["tbl_name"]) for o in snapshot.get("retired", [])}
    problems = []
    for obj in found:
        reference = expected.get((obj["type"], obj["name"]))
        if reference is None:
            if not at_head and (obj["type"], obj["name"], obj["tbl_name"]) in retired:
                continue  # built by the file's revision, removed by a later migration
            problems.append(_unknown(obj))
        elif (
            at_head
            and obj["name"] not in shadow
            and (
                obj["tbl_name"] != reference["tbl_name"]
                # most often the very same text: normalised only when it differs
                or (
                    obj["sql"] != reference["sql"]
                    and normalise_sql(obj["sql"]) != normalise_sql(reference["sql"])
                )
            )
        ):
            problems.append(_changed(obj))
    if at_head:
        present = {(o["type"], o["name"]) for o in found}
        problems.extend(_missing(o) for key, o in expected.items() if key not in present)
    return problems
