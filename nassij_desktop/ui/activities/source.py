"""The activities as the lazy table reads them: the current filter, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence

from nassij_desktop.core.activities.activity_list import (
    ActivityFilter,
    ActivityRow,
    activity_rows,
    count_activities,
)
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.storage import Database


class ActivitySource:
    """Each call opens a short session, so a page read later sees what was saved since."""

    def __init__(self, database: Database, actor: Actor) -> None:
        self.database = database
        self.actor = actor
        self.filter = ActivityFilter()

    def count(self) -> int:
        with self.database.session() as session:
            return count_activities(session, self.actor, self.filter)

    def rows(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> Sequence[ActivityRow]:
        # One order, the latest first: the list is a diary.
        with self.database.session() as session:
            return activity_rows(session, self.actor, self.filter, offset=offset, limit=limit)
