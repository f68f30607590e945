"""The audit log as the lazy table reads it: the current filter, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence

from nassij_desktop.core.audit_log import AuditFilter, AuditRow, audit_rows, count_audit
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.storage import Database


class AuditSource:
    """Each call opens a short session, so a page read later sees what was saved since."""

    def __init__(self, database: Database, actor: Actor) -> None:
        self.database = database
        self.actor = actor
        self.filter = AuditFilter()

    def count(self) -> int:
        with self.database.session() as session:
            return count_audit(session, self.actor, self.filter)

    def rows(
        self, offset: int, limit: int, sort: str | None, descending: bool
    ) -> Sequence[AuditRow]:
        # One order, the newest first, along the primary key.
        with self.database.session() as session:
            return audit_rows(session, self.actor, self.filter, limit=limit, offset=offset)
