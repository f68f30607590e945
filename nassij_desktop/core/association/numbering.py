"""Gap-free document numbers (receipts, member numbers) drawn inside the caller's transaction.

Several writers at once (the shared mode on PostgreSQL): the series' counter row is locked
(`SELECT … FOR UPDATE`) until the drawing transaction ends, so a second writer waits for the
first to commit or roll back, then reads the value it left. The row of a new series (the first
receipt of a year) is created with `INSERT … ON CONFLICT DO NOTHING` before it is locked: two
writers drawing the first number of a year at once cannot both insert it (the second would fail
on the unique constraint). On SQLite the write transaction (BEGIN IMMEDIATE) already serialises
writers; the same statements serve. Measured by tests/storage/test_concurrent_numbers.py and
benchmarks/concurrency_benchmark.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from nassij_desktop.core.association.models import Counter

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql


def _ensure_counter(session: Session, series: str, year: int) -> None:
    """Create the series' row if it is missing, without failing when another writer does
    so at the same moment (the row is then theirs, and waited for by the lock that follows)."""
    dialect = session.get_bind().dialect.name
    if dialect not in ("postgresql", "sqlite"):
        if (
            session.scalar(
                sa.select(Counter.id).where(Counter.series == series, Counter.year == year)
            )
            is None
        ):
            session.add(Counter(series=series, year=year, last_value=0))
            session.flush()
        return
    statement: sqlite.Insert | postgresql.Insert
    if dialect == "postgresql":
        # Imported here: the dialect's package (and its four drivers' modules) costs every
        # command tens of milliseconds, and a file on this computer never needs it.
        from sqlalchemy.dialects import postgresql

        statement = postgresql.insert(Counter)
    else:
        statement = sqlite.insert(Counter)
    session.execute(
        statement.values(series=series, year=year, last_value=0).on_conflict_do_nothing(
            index_elements=["series", "year"]
        )
    )


def next_numbers(session: Session, series: str, count: int, year: int = 0) -> range:
    """The next `count` values of a series, in order (a batch draws them at once); rolled back
    with the transaction, so no gap is left."""
    # populate_existing: the row as locked, even if this session read it before another
    # writer changed it.
    query = (
        sa.select(Counter)
        .where(Counter.series == series, Counter.year == year)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    counter = session.scalar(query)
    if counter is None:
        _ensure_counter(session, series, year)
        counter = session.scalar(query)
        assert counter is not None  # just created, by this writer or another
    first = counter.last_value + 1
    counter.last_value += count
    session.flush()
    return range(first, first + count)


def next_number(session: Session, series: str, year: int = 0) -> int:
    """The next value of a series; rolled back with the transaction, so no gap is left."""
    return next_numbers(session, series, 1, year)[0]
