"""The member register as the lazy table reads it: the current search, filter and order."""

from __future__ import annotations

from collections.abc import Sequence

from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.search import (
    MemberFilter,
    MemberOrder,
    count_members,
    member_rows,
    search_member_ids,
)
from nassij_desktop.storage import Database


class MemberSource:
    """Each call opens a short session: a long one would keep reading an old snapshot of the
    file (WAL) and miss what was saved since."""

    def __init__(self, database: Database, actor: Actor) -> None:
        self.database = database
        self.actor = actor
        self.query = ""
        self.filter = MemberFilter()
        self._total: int | None = None

    def count(self) -> int:
        with self.database.session() as session:
            self._total = count_members(session, self.actor, self.query, self.filter)
        return self._total

    def rows(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> Sequence[MemberRecord]:
        order = MemberOrder(sort) if sort else MemberOrder.NAME_LAT
        with self.database.session() as session:
            # The count read by `count` above tells the search which plan reads a page fastest.
            ids = search_member_ids(
                session,
                self.actor,
                self.query,
                self.filter,
                order=order,
                descending=descending,
                limit=limit,
                offset=offset,
                total=self._total,
            )
            return member_rows(session, self.actor, ids)
