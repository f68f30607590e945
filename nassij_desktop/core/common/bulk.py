"""Many rows into one table, many rows per statement: how the batch services write fast.

Used only by services that have already checked every row (permission, validation) in the
caller's transaction; the rows it writes are audited by them (`audit.record_many`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.service import in_chunks

_STAMPS = ("created_at", "updated_at", "version")

#: The first generation's threshold while a batch runs (Python's default: 700 allocations).
BATCH_GC_THRESHOLD = 50_000
_gc_lock = threading.Lock()
_gc_batches = 0
_gc_saved: tuple[int, ...] = ()


@contextlib.contextmanager
def fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector run less often while a batch builds many objects
    that live until it ends (rows read, checked values, audit entries): at its default
    threshold it goes over them again and again, about a tenth of a 10 000-member import's
    time. Cycles are still collected, later; the thresholds there were are put back when the
    last batch running (in any thread) ends."""
    global _gc_batches, _gc_saved
    with _gc_lock:
        if _gc_batches == 0:
            _gc_saved = gc.get_threshold()
            gc.set_threshold(max(BATCH_GC_THRESHOLD, _gc_saved[0]), *_gc_saved[1:])
        _gc_batches += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_batches -= 1
            if _gc_batches == 0:
                gc.set_threshold(*_gc_saved)


_MEMO_SIZE = 50_000


def _memoised(proc: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """A bind processor applied once per distinct value (dates, enums, amounts repeat); the
    memo is kept with the plan, so it is emptied when it grows large."""
    if proc is None:
        return None
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            if len(seen) >= _MEMO_SIZE:
                seen.clear()
            result = seen[value] = proc(value)
            return result
        except TypeError:  # an unhashable value: converted each time
            return proc(value)

    return convert


@dataclass(frozen=True)
class _Plan:
    """How rows go into one table's columns with one dialect: made once, then reused."""

    columns: tuple[str, ...]
    stamps: tuple[str, ...]
    converters: tuple[Callable[[Any], Any] | None, ...]
    per_statement: int
    single: str
    multiple: str
    statement: Any


@functools.lru_cache(maxsize=128)
def _plan(table: Any, columns: tuple[str, ...], dialect: sa.Dialect) -> _Plan:
    stamps = tuple(c for c in _STAMPS if c in table.c and c not in columns)
    every = (*columns, *stamps)
    converters = tuple(
        _memoised(table.c[c].type.dialect_impl(dialect).bind_processor(dialect)) for c in every
    )
    light = sa.table(table.name, *(sa.column(c) for c in every))
    compiled = sa.insert(light).compile(dialect=dialect)
    if (
        dialect.paramstyle in {"qmark", "format"}
        and compiled.positiontup is not None
        and list(compiled.positiontup) == list(every)
    ):
        head, values, group = compiled.string.rpartition(" VALUES ")
        limit = getattr(dialect, "insertmanyvalues_max_parameters", 999)
        per = max(1, min(BulkInsert.ROWS_PER_STATEMENT, limit // len(every)))
        multiple = f"{head}{values}{', '.join([group] * per)}"
        return _Plan(every, stamps, converters, per, compiled.string, multiple, None)
    returning = sa.table(table.name, sa.column("id"), *(sa.column(c) for c in every))
    statement = sa.insert(returning).returning(returning.c.id)
    return _Plan(every, stamps, converters, 0, "", "", statement)


class BulkInsert:
    """INSERT of many rows into one table, many rows per statement.

    Values go through each column type's own bind processor for the connection's dialect
    (dates, enums, money in centimes), memoised since they repeat. SQLAlchemy compiles the
    single-row INSERT once (per table, columns and dialect); where the driver's placeholders
    are positional (SQLite's "?", "%s"), its VALUES group is repeated to send up to
    `ROWS_PER_STATEMENT` rows per statement, and the last rows go as one `executemany`.
    Elsewhere SQLAlchemy's own "insertmanyvalues" (an INSERT … RETURNING with a list of rows)
    does the batching, more slowly.

    Many rows per statement matter: per-row parameter handling in SQLAlchemy costs more than
    SQLite's work for these tables, and the member table's search-index trigger makes SQLite
    flush the full-text index after every statement. On a table of entities, `created_at`,
    `updated_at` (both `now`) and `version` (1) are filled here, as the ORM defaults would.
    """

    ROWS_PER_STATEMENT = 500
    ROWS_PER_CHUNK = 10_000

    def __init__(
        self,
        session: Session,
        table: Any,
        columns: Sequence[str],
        *,
        now: dt.datetime | None = None,
        keep_ids: bool = False,
    ) -> None:
        self.session = session
        self.keep_ids = keep_ids  # for `ids()`: one more query, before the first row
        self.table = table
        self.now = now or utcnow()
        self._below: int | None = None  # the largest id before this writer's first row
        plan = self.plan = _plan(table, tuple(columns), session.get_bind().dialect)
        defaults = {"created_at": self.now, "updated_at": self.now, "version": 1}
        count = len(columns)
        self.stamps = tuple(
            c(defaults[name]) if c else defaults[name]
            for c, name in zip(plan.converters[count:], plan.stamps, strict=True)
        )
        self.convert = tuple((i, c) for i, c in enumerate(plan.converters[:count]) if c)

    def _converted(self, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        convert, stamps = self.convert, self.stamps
        out = []
        for row in rows:
            values = list(row)
            for index, converter in convert:
                values[index] = converter(values[index])
            values.extend(stamps)
            out.append(tuple(values))
        return out

    def insert(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert `rows`, tuples of values in the order of `columns`; returns how many. They
        are taken a chunk at a time, so that a generator of rows is never held whole."""
        count = 0
        for chunk in in_chunks(rows, self.ROWS_PER_CHUNK):
            if self.keep_ids and self._below is None:
                self._below = self.session.scalar(sa.select(sa.func.max(self.table.c.id))) or 0
            self._insert(self._converted(chunk))
            count += len(chunk)
        return count

    def _insert(self, converted: list[tuple[Any, ...]]) -> None:
        plan = self.plan
        if not plan.per_statement:
            params = [dict(zip(plan.columns, row, strict=True)) for row in converted]
            self.session.execute(plan.statement, params).close()
            return
        connection = self.session.connection()
        per = plan.per_statement
        full = len(converted) - len(converted) % per
        for start in range(0, full, per):
            flat = tuple(itertools.chain.from_iterable(converted[start : start + per]))
            connection.exec_driver_sql(plan.multiple, flat)
        if full < len(converted):
            connection.exec_driver_sql(plan.single, converted[full:])

    def ids(self, *key: str) -> dict[Any, int]:
        """The ids of the rows written, by the value of their unique `key` (a tuple of values
        for a key of several columns): one query over the rows above the largest id there
        was, instead of a look-up per row. Ids grow, so each of ours is above it; a row
        another writer committed meanwhile is found too, under a key that is not ours."""
        if self._below is None:
            raise ValueError("ids() needs keep_ids=True and rows inserted")
        columns = [self.table.c[k] for k in key]
        rows = self.session.execute(
            sa.select(*columns, self.table.c.id).where(self.table.c.id > self._below)
        )
        if len(key) == 1:
            return {row[0]: row[1] for row in rows}
        return {tuple(row[:-1]): row[-1] for row in rows}
