"""Writes that the database refused only because of another writer, and may simply be run again.

On PostgreSQL (the shared mode) transactions run at READ COMMITTED: gap-free numbers wait on
their counter row's lock, the books and the audit log on their chains' advisory locks, always
taken in that order (counter, books chain, audit chain), so writers queue rather than deadlock
(tests/storage/test_concurrent_numbers.py). Should the server still break a deadlock (40P01)
or refuse a serialisation (40001), or SQLite's busy timeout run out under a long writer, the
whole transaction was rolled back and can be run again as it was: `write_with_retry`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from nassij_desktop.storage.database import Database

T = TypeVar("T")
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01", "55P03"})  # serialisation, deadlock, lock
ATTEMPTS = 5


def is_retryable(exc: BaseException) -> bool:
    """Whether a database error only says that another writer was in the way."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    state = getattr(exc.orig, "sqlstate", None)
    if state is not None:
        return state in RETRYABLE_SQLSTATES
    message = str(exc.orig).lower()
    return isinstance(exc, sa.exc.OperationalError) and (
        "database is locked" in message or "database is busy" in message
    )


def write_with_retry(
    database: Database,
    write: Callable[[Session], T],
    attempts: int = ATTEMPTS,
    on_retry: Callable[[BaseException], None] | None = None,
) -> T:
    """Run `write` in a write transaction; run it again (a new transaction) when the database
    refused it for another writer, up to `attempts` times in all (`on_retry` is told of each
    refusal). `write` must do nothing outside the transaction it is given, since a refused
    attempt is rolled back."""
    for attempt in range(1, attempts + 1):
        try:
            with database.transaction() as session:
                return write(session)
        except sa.exc.DBAPIError as exc:
            if attempt == attempts or not is_retryable(exc):
                raise
            if on_retry is not None:
                on_retry(exc)
    raise AssertionError("unreachable")  # pragma: no cover
