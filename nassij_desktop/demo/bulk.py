"""Many rows into one table, many rows per statement: how the demo writes its members and
dues receipts fast."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.base import utcnow

_STAMPS = ("created_at", "updated_at", "version")


def _memoised(proc: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """A bind processor applied once per distinct value (dates, enums, amounts repeat)."""
    if proc is None:
        return None
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            result = seen[value] = proc(value)
            return result

    return convert


class BulkInsert:
    """INSERT of many rows into one table, many rows per statement.

    Values go through each column type's own bind processor for the connection's dialect
    (dates, enums, money in centimes), memoised since they repeat. SQLAlchemy compiles the
    single-row INSERT once; where the driver's placeholders are positional (SQLite's "?",
    "%s"), its VALUES group is repeated to send up to `ROWS_PER_STATEMENT` rows per statement,
    and the last rows go as one `executemany`. Elsewhere SQLAlchemy's own "insertmanyvalues"
    (an INSERT … RETURNING with a list of rows) does the batching, more slowly.

    Many rows per statement matter: per-row parameter handling in SQLAlchemy costs more than
    SQLite's work for these tables, and the member table's search-index trigger makes SQLite
    flush the full-text index after every statement. `created_at`, `updated_at` and `version`
    are filled here, as the ORM defaults would.
    """

    ROWS_PER_STATEMENT = 500

    def __init__(self, session: Session, table: Any, columns: Sequence[str]) -> None:
        dialect = session.get_bind().dialect
        self.session = session
        self.columns = (*columns, *_STAMPS)
        self.converters = tuple(
            _memoised(table.c[c].type.dialect_impl(dialect).bind_processor(dialect))
            for c in self.columns
        )
        now = utcnow()
        count = len(columns)
        self.stamps = tuple(
            c(v) if c else v for c, v in zip(self.converters[count:], (now, now, 1), strict=True)
        )
        self.convert = tuple((i, c) for i, c in enumerate(self.converters[:count]) if c)
        light = sa.table(table.name, *(sa.column(c) for c in self.columns))
        compiled = sa.insert(light).compile(dialect=dialect)
        self.per_statement = 0
        if (
            dialect.paramstyle in {"qmark", "format"}
            and compiled.positiontup is not None
            and list(compiled.positiontup) == list(self.columns)
        ):
            head, values, group = compiled.string.rpartition(" VALUES ")
            limit = getattr(dialect, "insertmanyvalues_max_parameters", 999)
            self.per_statement = max(1, min(self.ROWS_PER_STATEMENT, limit // len(self.columns)))
            self.single = compiled.string
            self.multiple = f"{head}{values}{', '.join([group] * self.per_statement)}"
        else:
            returning = sa.table(table.name, sa.column("id"), *(sa.column(c) for c in self.columns))
            self.statement = sa.insert(returning).returning(returning.c.id)

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
        """Insert `rows`, tuples of values in the order of `columns`; returns how many."""
        converted = self._converted(rows)
        if not converted:
            return 0
        if not self.per_statement:
            params = [dict(zip(self.columns, row, strict=True)) for row in converted]
            self.session.execute(self.statement, params).close()
            return len(converted)
        connection = self.session.connection()
        per = self.per_statement
        full = len(converted) - len(converted) % per
        for start in range(0, full, per):
            flat = tuple(itertools.chain.from_iterable(converted[start : start + per]))
            connection.exec_driver_sql(self.multiple, flat)
        if full < len(converted):
            connection.exec_driver_sql(self.single, converted[full:])
        return len(converted)
