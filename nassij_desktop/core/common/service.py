"""Helpers every service shares: loading a row or failing in the user's words, version checks,
the refusal of one row of a batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from sqlalchemy.orm import Session

from nassij_desktop.core.common.base import Entity
from nassij_desktop.core.common.errors import NassijError, NotFound, ValidationError
from nassij_desktop.i18n import _

E = TypeVar("E", bound=Entity)
T = TypeVar("T")


def get_or_fail(session: Session, entity: type[E], entity_id: int, what: str) -> E:
    """`what` is an already translated noun ("member", "user") for the message."""
    row = session.get(entity, entity_id)
    if row is None:
        raise missing(what, entity_id)
    return row


def missing(what: str, entity_id: int) -> NotFound:
    """No `what` (an already translated noun) has this id: the refusal, to raise."""
    return NotFound(_("No {what} has the number {id}.").format(what=what, id=entity_id))


def in_chunks(values: Iterable[T], size: int = 500) -> Iterator[list[T]]:
    """`values` in lists of at most `size`: the ids of an `IN (…)` query, a statement each."""
    chunk: list[T] = []
    for value in values:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def check_version(row: Entity, expected_version: int | None) -> None:
    """Refuse to save over a change made since the record was opened (on this PC or another):
    a `ConflictError` (a `StaleVersion`) with the stored values (core/common/conflicts.py)."""
    if expected_version is not None and row.version != expected_version:
        from nassij_desktop.core.common.conflicts import conflict  # audit imports this module

        raise conflict(row)


def row_error(error: NassijError, row: int) -> NassijError:
    """The refusal of one row of a batch, naming the row (1 for the first) in its message and,
    for a value refused, in `row` with the same `field`: raise it instead of `error`."""
    message = _("Row {row}: {message}").format(row=row, message=error.message)
    if isinstance(error, ValidationError):
        return ValidationError(error.field, message, row=row)
    return type(error)(message)
