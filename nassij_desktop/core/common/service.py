"""Helpers every service shares: loading a row or failing in the user's words, version checks."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from nassij_desktop.core.common.base import Entity
from nassij_desktop.core.common.errors import NotFound, StaleVersion
from nassij_desktop.i18n import _

E = TypeVar("E", bound=Entity)


def get_or_fail(session: Session, entity: type[E], entity_id: int, what: str) -> E:
    """`what` is an already translated noun ("member", "user") for the message."""
    row = session.get(entity, entity_id)
    if row is None:
        raise NotFound(_("No {what} has the number {id}.").format(what=what, id=entity_id))
    return row


def check_version(row: Entity, expected_version: int | None) -> None:
    """Refuse to save over a change made since the record was opened (on this PC or another)."""
    if expected_version is not None and row.version != expected_version:
        raise StaleVersion(
            _(
                "This record was changed by someone else after you opened it. "
                "Reopen it to see their changes, then make yours again."
            )
        )
