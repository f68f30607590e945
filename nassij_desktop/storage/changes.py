"""What someone else changed since the last look: `ChangeWatcher.poll()`.

Two computers on one PostgreSQL database, or two windows (a window and a `nassij` command) on
one SQLite file: a page must learn that another one changed what it shows. Migration 0020
keeps a counter per domain of the data (`change_counter`: members, dues, books… the values of
`core.common.changes.Change`), bumped by triggers inside the writing transaction, so a counter
moves exactly when the change is committed.

`poll()` answers which domains moved since the previous poll, leaving out this process's own
writes (the window has refreshed for those already):

- SQLite: `PRAGMA data_version` on a connection of the watcher's own tells, for a few
  microseconds, whether any other connection committed; only then are the counters read.
- PostgreSQL: the counters (ten rows) are read, one round trip. Polling a table rather than
  LISTEN/NOTIFY: nothing is lost while a connection drops or a laptop sleeps (a counter is a
  state, a notification an event), no connection is held open for listening, and the same
  code and triggers serve both databases.

Own writes: while a watcher is attached, `Database.transaction()` tells it (`WriteObserver`)
how many bumps each committed transaction made to each domain — on SQLite the counters read
at its start and end (writers take turns: nothing else moves them meanwhile), on PostgreSQL
the transaction's own tally kept by the trigger. The count is noted before the commit (and
withdrawn if the commit fails), so a poll never takes an own change for another's; at worst
another's change that lands in that instant is reported one poll later.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from nassij_desktop.core.common.changes import Change, Changes

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from nassij_desktop.storage.database import Database

log = logging.getLogger(__name__)

COUNTERS = sa.text("SELECT domain, counter FROM change_counter")
_TALLY = "nassij_changes."
_PG_TALLIES = sa.text(
    "SELECT " + ", ".join(f"current_setting('{_TALLY}{change.value}', true)" for change in Change)
)

Counters = dict[str, int]


def read_counters(connection: Session | sa.Connection) -> Counters:
    """Each domain's counter (a domain never written yet has none: 0)."""
    return {str(domain): int(counter) for domain, counter in connection.execute(COUNTERS)}


class ChangeWatcher:
    """Polls the change counters of one open database; attach it for own writes to be left
    out (`Database.watch_changes`). Thread-safe: the window polls on a worker thread."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._lock = threading.Lock()
        self._poll_lock = threading.Lock()
        self._known: Counters | None = None
        self._pending: dict[str, int] = {}  # own bumps not yet seen by a poll
        self._connection: Any = None  # SQLite: the DBAPI connection data_version is read on
        self._data_version: int | None = None
        self._closed = False  # closed with its database: never opens a connection again

    # --- the poll ----------------------------------------------------------------------------

    def poll(self) -> Changes:
        """The domains someone else changed since the previous poll (the first poll only
        takes the state as it is, and answers nothing)."""
        with self._poll_lock:
            if self._closed:
                return frozenset()
            counters = self._read()
            if counters is None:
                return frozenset()
            with self._lock:
                if self._known is None:
                    self._known = counters
                    self._pending.clear()
                    return frozenset()
                changed: set[Change] = set()
                for domain, value in counters.items():
                    seen = value - self._known.get(domain, 0)
                    if seen <= 0:
                        continue
                    own = min(seen, max(0, self._pending.get(domain, 0)))
                    if own:
                        self._pending[domain] -= own
                    if seen > own:
                        with contextlib.suppress(ValueError):  # a domain of a later version
                            changed.add(Change(domain))
                self._known = counters
                return frozenset(changed)

    def _read(self) -> Counters | None:
        """The counters, or None when nothing was committed since the last read (SQLite)."""
        if not self.database.is_sqlite:
            with self.database.engine.connect() as connection:
                return read_counters(connection)
        if self._connection is None:
            # A connection of its own, kept: data_version compares commits with the last
            # reading on the same connection. It holds no transaction between polls.
            self._connection = self.database.engine.raw_connection()
        cursor = self._connection.cursor()
        try:
            version = int(cursor.execute("PRAGMA data_version").fetchone()[0])
            if version == self._data_version and self._known is not None:
                return None
            self._data_version = version
            return {str(d): int(c) for d, c in cursor.execute(COUNTERS.text).fetchall()}
        finally:
            cursor.close()

    def close(self) -> None:
        """With the database (`Database.close`): a poll still asked for answers nothing, and
        opens no connection (a file being replaced or moved is never created again)."""
        with self._poll_lock:
            self._closed = True
            if self._connection is not None:
                with contextlib.suppress(Exception):  # closing with the database itself
                    self._connection.close()
                self._connection = None

    # --- own writes (WriteObserver) -------------------------------------------------------------

    def start(self, session: Session) -> Counters | None:
        """At the start of a write transaction: on SQLite, the counters before it."""
        return read_counters(session) if self.database.is_sqlite else None

    def own_bumps(self, session: Session, start: Counters | None) -> dict[str, int]:
        """At the end of a write transaction (flushed), before its commit: how many times it
        bumped each domain's counter."""
        if start is not None:
            end = read_counters(session)
            return {d: n - start.get(d, 0) for d, n in end.items() if n != start.get(d, 0)}
        row = session.execute(_PG_TALLIES).one()
        return {
            change.value: int(tally)
            for change, tally in zip(Change, row, strict=True)
            if tally not in (None, "", "0")
        }

    def noted(self, bumps: dict[str, int], sign: int) -> None:
        """Note (+1) an own transaction's bumps just before its commit, or withdraw them (-1)
        when the commit failed."""
        with self._lock:
            for domain, count in bumps.items():
                self._pending[domain] = self._pending.get(domain, 0) + sign * count


__all__ = ["ChangeWatcher", "Counters", "read_counters"]
