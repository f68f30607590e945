"""What the migrations build at head, read without SQLAlchemy: the snapshot
(storage/schema_head.json, written by tools/schema_snapshot.py), the normalisation its SQL is
compared under, and whether a file's objects are exactly those. A new SQLite file is built
from it (storage/migrate.create_from_snapshot). The schema guard
(storage/schema_guard.py) names each difference; the command line's light read path only asks
whether there is one, and leaves any file that differs to the normal path."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

SNAPSHOT_PATH = Path(__file__).resolve().parent / "storage" / "schema_head.json"
# The number an association file carries in its SQLite header (`PRAGMA application_id`,
# bytes 68-71, big-endian; migration 0023): "NSJD" in ASCII. The desktop's MIME type matches it.
SQLITE_APPLICATION_ID = 0x4E534A44
# The tables FTS5 makes for each full-text index. Their SQL belongs to the SQLite build's FTS5
# module, not to our migrations (it has changed between SQLite versions), so only their
# presence is compared; every other object is compared by its SQL as well.
FTS5_SHADOW_SUFFIXES = ("_data", "_idx", "_content", "_docsize", "_config")
# sqlite_master without SQLite's own objects, as the schema guard reads it.
SCHEMA_OBJECTS_SQL = (
    "SELECT type, name, tbl_name, sql FROM sqlite_master "
    "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name"
)

SchemaObject = dict[str, Any]  # type, name, tbl_name, sql


@functools.cache
def load_snapshot() -> dict[str, Any]:
    snapshot: dict[str, Any] = json.loads(SNAPSHOT_PATH.read_text(encoding="utf-8"))
    return snapshot


def head_revision() -> str:
    """The migrations' head, as the snapshot records it (a test keeps them equal)."""
    revision: str = load_snapshot()["revision"]
    return revision


@functools.lru_cache(maxsize=1024)  # every file opened holds the same few hundred texts
def normalise_sql(sql: str | None) -> str | None:
    """SQL text without what does not change its meaning: layout, case and identifier quotes
    (outside string literals), so that a SQLAlchemy that renders DDL a little differently
    does not make older files look altered."""
    if sql is None:
        return None
    parts = re.split(r"('(?:[^']|'')*')", sql.strip())
    for i in range(0, len(parts), 2):  # even parts lie outside the literals
        text = re.sub(r'["`\[\]]', "", parts[i]).lower()
        text = re.sub(r"\s+", " ", text)
        parts[i] = re.sub(r"\s*([(),;=<>!+*/-])\s*", r"\1", text)
    return "".join(parts)


def virtual_tables(objects: Iterable[SchemaObject]) -> list[str]:
    """The full-text indexes (FTS5 virtual tables) among `objects`."""
    return [
        o["name"]
        for o in objects
        if o["type"] == "table" and (o["sql"] or "").upper().startswith("CREATE VIRTUAL TABLE")
    ]


def shadow_tables(objects: Iterable[SchemaObject]) -> set[str]:
    return {name + suffix for name in virtual_tables(objects) for suffix in FTS5_SHADOW_SUFFIXES}


def exactly_at_head(rows: Sequence[Sequence[Any]]) -> bool:
    """Whether `rows` (type, name, tbl_name, sql from `SCHEMA_OBJECTS_SQL`) are exactly the
    objects the migrations build at head: the same names, tables and SQL."""
    snapshot = load_snapshot()
    expected = {(o["type"], o["name"]): o for o in snapshot["objects"]}
    if len(rows) != len(expected):
        return False
    shadow = shadow_tables(snapshot["objects"])
    for kind, name, table, sql in rows:
        reference = expected.get((kind, name))
        if reference is None or table != reference["tbl_name"]:
            return False
        if name in shadow or sql == reference["sql"]:  # most often the very same text
            continue
        if normalise_sql(sql) != normalise_sql(reference["sql"]):
            return False
    return True
