"""The audit log: who changed what, when, with the values before and after.

Each row is sealed by a hash chain: its `hash` is the SHA-256 of its own content and of the
previous row's hash (the row with the greatest id below it; the first row chains from
GENESIS_HASH). Editing or deleting a row with another program breaks the chain at the next
row, and `verify_audit_chain` names the first broken link. The hash carries no secret: it shows
casual tampering (a row edited with `sqlite3`), not a forger who recomputes the whole chain,
and deleting only the last rows leaves no trace in the file itself.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import itertools
import json
import socket
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, attributes, mapped_column

from nassij_desktop.core.common.base import Base, Entity
from nassij_desktop.core.common.bulk import BulkInsert
from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.common.service import in_chunks
from nassij_desktop.i18n import _

# Never copied into the log: secrets and file contents.
_SECRET_COLUMNS = frozenset({"password_hash", "data"})
# Derived from other columns by the services (search and sort keys): no news in the log.
_DERIVED_COLUMNS = frozenset({"search_text", "sort_name_ar", "sort_name_lat"})

GENESIS_HASH = hashlib.sha256(b"nassij-desktop audit log").hexdigest()
# The columns a row's hash covers, in this order (migration 0006 keeps a frozen copy).
HASHED_COLUMNS = (
    "id",
    "at",
    "user_id",
    "login",
    "entity",
    "entity_id",
    "action",
    "before",
    "after",
)
# The computer that wrote an entry (migration 0021): sealed after HASHED_COLUMNS when it is
# known, left out when NULL, so that the entries written before it keep their seals.
COMPUTER_COLUMN = "computer"
# PostgreSQL: one writer at a time appends to the chain (transaction-level advisory lock).
_CHAIN_LOCK_KEY = 0x6E61_7373_696A  # "nassij"


class AuditEntry(Base):
    """Append-only, so it has no version counter."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    login: Mapped[str] = mapped_column(sa.String(64))
    entity: Mapped[str] = mapped_column(sa.String(64))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(sa.String(32))
    before: Mapped[str | None] = mapped_column(sa.Text)
    after: Mapped[str | None] = mapped_column(sa.Text)
    # The computer's network name (socket.gethostname()); NULL for the entries written before
    # version 0021 recorded it.
    computer: Mapped[str | None] = mapped_column(sa.String(255))
    # Written right after the INSERT (the id is known only then), in the same transaction.
    hash: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (sa.Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)


def canonical_at(value: dt.datetime | str) -> str:
    """The instant as the hash sees it, whether read as a datetime or as SQLite's text."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not an instant: {value!r}")
    return value.isoformat(sep=" ", timespec="microseconds")


def entry_hash(previous: str, values: dict[str, Any]) -> str:
    """The seal of one row: its HASHED_COLUMNS (canonical JSON), then its computer when it has
    one, and the previous row's seal."""
    content = [canonical_at(v) if k == "at" else v for k, v in _ordered(values)]
    computer = values.get(COMPUTER_COLUMN)
    return _seal_of(previous, content if computer is None else [*content, computer])


# Made once: an encoder per call costs as much as the encoding of a short entry.
_SEAL_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_VALUES_JSON = json.JSONEncoder(ensure_ascii=False).encode
#: How an entry's values before and after are written (core/privacy rewrites some).
encode_values = _VALUES_JSON


def _seal_of(previous: str, content: list[Any]) -> str:
    """The seal of the HASHED_COLUMNS values `content`, in order, the instant canonical."""
    payload = _SEAL_JSON([previous, *content])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _ordered(values: dict[str, Any]) -> list[tuple[str, Any]]:
    return [(name, values[name]) for name in HASHED_COLUMNS]


def _lock_chain(session: Session, _context: Any, _instances: Any) -> None:
    # PostgreSQL: take the lock before the INSERT draws ids from the sequence, so ids follow
    # the order in which writers append and no two writers chain from one row. SQLite: a write
    # transaction holds the file's write lock from BEGIN IMMEDIATE, so the new entries' ids
    # and seals are known before they are written (as `record_many` writes them).
    new = [obj for obj in session.new if isinstance(obj, AuditEntry)]
    if not new:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(sa.select(sa.func.pg_advisory_xact_lock(_CHAIN_LOCK_KEY)))
    elif dialect == "sqlite":
        _seal_before_insert(session, new)


# What `record` puts in each hashed column: values SQLite stores and reads back unchanged.
_PLAIN_TYPES: dict[str, tuple[type, ...]] = {
    "user_id": (int, type(None)),
    "login": (str,),
    "entity": (str,),
    "entity_id": (int, type(None)),
    "action": (str,),
    "before": (str, type(None)),
    "after": (str, type(None)),
}
assert tuple(_PLAIN_TYPES) == HASHED_COLUMNS[2:]  # the seal's order: id, at, then these


# Entries given an id and a seal here: sealed again from the chain's end if their flush failed
# and a later one writes them (the end may have moved meanwhile).
_PRESEALED: weakref.WeakSet[AuditEntry] = weakref.WeakSet()


def _seal_before_insert(session: Session, entries: list[AuditEntry]) -> None:
    """Give new entries their ids and seals before the INSERT, in the order they were added:
    one query for the chain's last link instead of reading every new row back after it and
    updating it (`_seal_new_entries` then has nothing left to do). An entry holding anything
    but the plain values `record` writes is left, with the whole flush, to that slower path,
    which seals the rows as stored."""
    if any(
        (entry not in _PRESEALED and (entry.id is not None or entry.hash is not None))
        or type(entry.at) is not dt.datetime
        or type(entry.computer) not in (str, type(None))
        or any(type(getattr(entry, name)) not in kinds for name, kinds in _PLAIN_TYPES.items())
        for entry in entries
    ):
        for entry in entries:  # all of them sealed after the INSERT, as stored
            _PRESEALED.discard(entry)
        return
    entries.sort(key=lambda entry: attributes.instance_state(entry).insert_order or 0)
    last = (
        session.connection()
        .execute(sa.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
        .first()
    )
    entry_id, previous = (0, GENESIS_HASH) if last is None else (last.id, last.hash or "")
    for entry in entries:
        entry_id += 1
        content = [
            entry_id,
            canonical_at(entry.at),
            *(getattr(entry, name) for name in _PLAIN_TYPES),
        ]
        # The computer last, when known: `entry_hash`'s rule, as the rows are checked.
        computer = entry.computer
        previous = _seal_of(previous, content if computer is None else [*content, computer])
        entry.id, entry.hash = entry_id, previous
        _PRESEALED.add(entry)


def _stored_rows() -> sa.Select[Any]:
    """The hashed columns and the seal as stored: untyped, so nothing is converted on read."""
    names = (*HASHED_COLUMNS, COMPUTER_COLUMN, "hash")
    columns: list[sa.ColumnClause[Any]] = [sa.column(name) for name in names]
    return sa.select(*columns).select_from(sa.table("audit_log")).order_by(sa.column("id"))


def _seal_new_entries(session: Session, _context: Any) -> None:
    # after_flush: the new rows have their ids, and `session.new` still lists them.
    entries = {o.id: o for o in session.new if isinstance(o, AuditEntry) and o not in _PRESEALED}
    if not entries:
        return
    seals = _seal(session.connection(), min(entries), max(entries))
    for entry_id, entry in entries.items():
        attributes.set_committed_value(entry, "hash", seals[entry_id])


def _seal(connection: sa.Connection, first: int, last: int | None = None) -> dict[int, str]:
    """Seal the rows from `first` to `last` (to the end when None), every one of them this
    transaction's own (the chain lock, or SQLite's write lock, is held). The seal is
    computed from the rows as stored, exactly as verify_audit_chain will read them."""
    below: sa.Row[Any] | None = connection.execute(
        sa.select(sa.column("hash"))
        .select_from(sa.table("audit_log"))
        .where(sa.column("id") < first)
        .order_by(sa.column("id").desc())
        .limit(1)
    ).first()
    previous = GENESIS_HASH if below is None else (below.hash or "")
    query = _stored_rows().where(sa.column("id") >= first)
    if last is not None:
        query = query.where(sa.column("id") <= last)
    seals: dict[int, str] = {}
    for row in connection.execute(query):
        previous = seals[row.id] = entry_hash(previous, row._asdict())
    table = cast(sa.Table, AuditEntry.__table__)  # a declarative class maps one Table
    connection.execute(
        table.update()
        .where(table.c.id == sa.bindparam("entry_id"))
        .values(hash=sa.bindparam("seal")),
        [{"entry_id": entry_id, "seal": seal} for entry_id, seal in seals.items()],
    )
    return seals


def reseal_from(session: Session, first_id: int) -> int:
    """Seal again every entry from `first_id` on, from the values as stored: after personal
    values were taken out of older entries (law 09-08, `core/privacy`), on a chain the caller
    verified whole in the same transaction. Returns how many entries were sealed again."""
    session.flush()
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_CHAIN_LOCK_KEY)))
    return len(_seal(connection, first_id))


sa.event.listen(Session, "before_flush", _lock_chain)
sa.event.listen(Session, "after_flush", _seal_new_entries)


@dataclass(frozen=True)
class ChainBreak:
    """The first broken link of the audit chain."""

    entry_id: int  # the first row whose seal does not match
    kind: str  # "altered", "missing" (rows deleted before it) or "altered_or_missing"
    missing_after: int | None = None  # the id of the intact row before the gap

    @property
    def message(self) -> str:
        if self.kind == "missing":
            return _(
                "The audit log is incomplete: entries were deleted just before entry {id} "
                "(after entry {previous})."
            ).format(id=self.entry_id, previous=self.missing_after or 0)
        if self.kind == "altered_or_missing":
            return _(
                "The audit log was tampered with at entry {id}: it was altered, or entries "
                "before it were deleted."
            ).format(id=self.entry_id)
        return _(
            "The audit log was tampered with: entry {id} was altered after it was written."
        ).format(id=self.entry_id)


def verify_audit_chain(bind: sa.Connection | Session) -> ChainBreak | None:
    """Recompute every seal in id order; the first row whose seal differs is the broken link.

    Rows are read as stored (no type conversion), so a value another program wrote in the
    wrong form counts as an alteration instead of stopping the check. On SQLite the ids of an
    append-only table have no gaps, so a gap before the broken row means deleted rows; a
    PostgreSQL sequence leaves gaps on rollback, so there the two cannot be told apart.
    """
    connection = bind.connection() if isinstance(bind, Session) else bind
    gaps_mean_deletion = connection.dialect.name == "sqlite"
    previous_hash, previous_id = GENESIS_HASH, 0
    for row in connection.execute(_stored_rows()):
        values = row._asdict()
        try:
            expected: str | None = entry_hash(previous_hash, values)
        except (TypeError, ValueError):  # an instant or a value no writer of ours produces
            expected = None
        if expected is None or values["hash"] != expected:
            gap = isinstance(values["id"], int) and values["id"] > previous_id + 1
            if not gap:
                return ChainBreak(entry_id=values["id"], kind="altered")
            if gaps_mean_deletion:
                return ChainBreak(entry_id=values["id"], kind="missing", missing_after=previous_id)
            return ChainBreak(entry_id=values["id"], kind="altered_or_missing")
        previous_hash, previous_id = values["hash"], values["id"]
    return None


def _conversion(kind: type) -> Callable[[Any], Any] | None:
    """How a value of type `kind` is written in the log (None: as it is)."""
    if issubclass(kind, dt.date | dt.datetime | dt.time):
        return lambda value: value.isoformat()
    if issubclass(kind, Decimal):
        return str
    if issubclass(kind, enum.Enum):
        return lambda value: value.value
    if issubclass(kind, bytes):
        return lambda value: f"<{len(value)} bytes>"
    return None


# Each type's conversion, found once (a snapshot converts thousands of dates and enums).
_CONVERSIONS: dict[type, Callable[[Any], Any] | None] = dict.fromkeys(
    (str, int, bool, float, type(None))
)


def _jsonable(value: Any) -> Any:
    kind = type(value)
    try:
        convert = _CONVERSIONS[kind]
    except KeyError:
        convert = _CONVERSIONS[kind] = _conversion(kind)
    return value if convert is None else convert(value)


@functools.lru_cache(maxsize=256)  # a table's columns never change; listing them is slow
def _snapshot_columns(table: sa.Table) -> tuple[str, ...]:
    return tuple(
        column.key
        for column in table.columns
        if column.key not in _SECRET_COLUMNS and column.key not in _DERIVED_COLUMNS
    )


def snapshot(obj: Any) -> dict[str, Any]:
    """The column values of an entity, JSON-ready."""
    table = sa.inspect(obj).mapper.local_table
    return {key: _jsonable(getattr(obj, key, None)) for key in _snapshot_columns(table)}


def snapshot_values(table: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """What `snapshot` gives for a row of `table` with these column values (a batch service
    writes rows, not entities; a column missing from `values` is None)."""
    return {key: _jsonable(values.get(key)) for key in _snapshot_columns(table)}


@dataclass(frozen=True, slots=True)
class AuditItem:
    """One entry of `record_many`: the arguments of `record` but the session and actor."""

    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


def _entry_values(
    actor: Actor,
    at: dt.datetime,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> tuple[Any, ...]:
    """An entry's values in the order of `_ENTRY_COLUMNS` (the computer last); an update keeps
    only what changed."""
    if before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)} - {"updated_at", "version"}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    return (
        at,
        actor.user_id,
        actor.login,
        entity,
        entity_id,
        action,
        _VALUES_JSON(before) if before is not None else None,
        _VALUES_JSON(after) if after is not None else None,
        this_computer(),
    )


_ENTRY_COLUMNS = (
    "at",
    "user_id",
    "login",
    "entity",
    "entity_id",
    "action",
    "before",
    "after",
    COMPUTER_COLUMN,
)


@functools.cache
def this_computer() -> str | None:
    """This computer's network name, as the audit log records it (None when it has none)."""
    return socket.gethostname().strip()[:255] or None


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append to the audit log inside the caller's transaction (sealed when it is flushed)."""
    values = _entry_values(actor, utcnow(), action, entity, entity_id, before, after)
    session.add(AuditEntry(**dict(zip(_ENTRY_COLUMNS, values, strict=True))))


def log_write(
    session: Session,
    actor: Actor,
    action: str,
    row: Entity,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    snapshot: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """The tail every write service shares: flush `row` (a new one gets its id, a changed one
    its new version) and log `action` on it under its table's name, with the values before
    and after; `snapshot(row)`, taken after the flush, gives the values after."""
    session.flush()
    if snapshot is not None:
        after = snapshot(row)
    record(session, actor, action, row.__tablename__, row.id, before, after)


def record_many(session: Session, actor: Actor, items: Iterable[AuditItem]) -> int:
    """Append many entries at once, as `record` would one by one, and seal them in one pass
    over the chain: a batch service's audit. `items` are taken a chunk at a time (a generator
    is never held whole). Returns how many were written."""
    at = utcnow()
    chunks = (
        [
            _entry_values(actor, at, i.action, i.entity, i.entity_id, i.before, i.after)
            for i in chunk
        ]
        for chunk in in_chunks(items, BulkInsert.ROWS_PER_CHUNK)
    )
    first = next(chunks, None)
    if first is None:
        return 0
    session.flush()  # entries already added go first, sealed in their order
    connection = session.connection()
    table = AuditEntry.__table__
    count = 0
    if connection.dialect.name == "sqlite":
        # The write lock is held since BEGIN IMMEDIATE and our rows take the ids after the
        # last one: each row's id, and so its seal, is known before it is written. The seal
        # hashes the values as SQLite will store them (an instant reads back as the same
        # `canonical_at`), which verify_audit_chain checks.
        last = connection.execute(
            sa.select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
        ).first()
        entry_id, previous = (0, GENESIS_HASH) if last is None else (last.id, last.hash or "")
        at_text = canonical_at(at)  # the same instant for the whole batch
        writer = BulkInsert(session, table, ("id", *_ENTRY_COLUMNS, "hash"), now=at)
        for rows in itertools.chain([first], chunks):
            sealed = []
            for values in rows:
                entry_id += 1
                content = [entry_id, at_text, *values[1:-1]]
                if values[-1] is not None:  # the computer, sealed when known (entry_hash)
                    content.append(values[-1])
                previous = _seal_of(previous, content)
                sealed.append((entry_id, *values, previous))
            count += writer.insert(sealed)
        return count
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_CHAIN_LOCK_KEY)))
    last_id = connection.execute(sa.select(sa.func.max(AuditEntry.id))).scalar()
    writer = BulkInsert(session, table, _ENTRY_COLUMNS, now=at)
    for rows in itertools.chain([first], chunks):
        count += writer.insert(rows)
    _seal(connection, (last_id or 0) + 1)  # every row above the last one is ours
    return count
