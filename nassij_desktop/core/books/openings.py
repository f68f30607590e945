"""Where a balance-sheet account's balance starts: the opening entries.

Closing a year writes the next year's opening entry (journal of kind `opening`, "AN"), which
restates every balance-sheet account as it stood. From then on a balance is the sum of the
lines from that year's first day: adding the earlier years' lines as well would count them
twice. The statements follow the same rule (`statements/selection.py`).
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from nassij_desktop.core.books.models import (
    EntryState,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalKind,
)


def balance_start(session: Session, as_of: dt.date | None = None) -> dt.date | None:
    """The first day of the latest fiscal year (starting no later than `as_of`) that has a
    validated opening entry still in force (neither a reversal nor reversed, as reopening a
    year leaves it); None when there is none: a balance then sums every line."""
    # Year by year (ten at most), each year's opening entries found through the unique index
    # (fiscal year, journal, number): joined the other way, SQLite walks every entry through
    # the index of `reverses_id` (NULL for almost all of them), 200 ms over ten years.
    opening = (
        sa.select(sa.literal(1))
        .where(
            JournalEntry.fiscal_year_id == FiscalYear.id,
            JournalEntry.journal_id.in_(
                sa.select(Journal.id).where(Journal.kind == JournalKind.OPENING)
            ),
            JournalEntry.state == EntryState.VALIDATED,
            in_force(),
        )
        .correlate(FiscalYear)
    )
    query = sa.select(sa.func.max(FiscalYear.starts_on)).where(opening.exists())
    if as_of is not None:
        query = query.where(FiscalYear.starts_on <= as_of)
    return session.scalar(query)


# Made once: a new alias per call built the proxies of every column of journal_entry again,
# 1.4 ms of CPU each time a balance or a statement asked `in_force()`. Two queries using it
# each read it in their own EXISTS: one alias serves them all.
_REVERSAL = aliased(JournalEntry)


def in_force() -> sa.ColumnElement[bool]:
    """An entry neither reversing another nor reversed: what reopening a year leaves of its
    opening entry (the entry and its reversal) restates nothing."""
    return sa.and_(
        JournalEntry.reverses_id.is_(None),
        ~sa.exists().where(_REVERSAL.reverses_id == JournalEntry.id),
    )


def opening_journal_ids(session: Session) -> set[int]:
    """The journals of kind `opening` ("AN"): their entries restate balances."""
    return set(session.scalars(sa.select(Journal.id).where(Journal.kind == JournalKind.OPENING)))
