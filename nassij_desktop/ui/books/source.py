"""The entries as the lazy table reads them: the current filters, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from nassij_desktop.core.books.entry_list import EntryFilter, EntryRow, count_entries, entry_page
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.storage import Database


class EntrySource:
    """Each call opens a short session, so a page read later sees what was saved since."""

    def __init__(self, database: Database, actor: Actor) -> None:
        self.database = database
        self.actor = actor
        self.filter = EntryFilter()

    def count(self) -> int:
        with self.database.session() as session:
            return count_entries(session, self.actor, self.filter)

    def rows(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> Sequence[EntryRow]:
        # One order only (newest first): the books are read as a journal.
        with self.database.session() as session:
            return entry_page(session, self.actor, self.filter, offset, limit)
