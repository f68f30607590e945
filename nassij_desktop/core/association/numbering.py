"""Gap-free document numbers (receipts, member numbers) drawn inside the caller's transaction."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.models import Counter


def next_numbers(session: Session, series: str, count: int, year: int = 0) -> range:
    """The next `count` values of a series, in order (a batch draws them at once); rolled back
    with the transaction, so no gap is left."""
    counter = session.scalar(
        sa.select(Counter).where(Counter.series == series, Counter.year == year).with_for_update()
    )
    if counter is None:
        counter = Counter(series=series, year=year, last_value=0)
        session.add(counter)
    first = counter.last_value + 1
    counter.last_value += count
    session.flush()
    return range(first, first + count)


def next_number(session: Session, series: str, year: int = 0) -> int:
    """The next value of a series; rolled back with the transaction, so no gap is left."""
    return next_numbers(session, series, 1, year)[0]
