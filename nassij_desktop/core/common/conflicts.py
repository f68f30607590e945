"""Optimistic locking: a save over someone else's newer save is refused with what they saved.

Every table has a `version` counter that SQLAlchemy checks on each UPDATE (`version_id_col`,
core/common/base.py). An editor keeps the version it opened and passes it to the update service
as `expected_version`; the service loads the row with `locked` (SELECT … FOR UPDATE on
PostgreSQL, so that of two simultaneous saves the second waits for the first and then sees its
version; SQLite's writers are already one at a time) and calls `check_version`, which raises a
`ConflictError` holding the stored values and who saved them last (from the audit log). The
user may then save over them knowingly: `overwrite=True`, logged as "overwrite".
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, object_session

from nassij_desktop.core.common.base import Entity
from nassij_desktop.core.common.errors import ConflictError, NotFound
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_date, isolate

E = TypeVar("E", bound=Entity)

# The sentence for each kind of record (table name) an editor saves; others get GENERIC.
MESSAGES: dict[str, str] = {
    "member": N_("Someone else changed this member while you were editing it."),
    "funder": N_("Someone else changed this funder while you were editing it."),
    "funding_request": N_("Someone else changed this funding request while you were editing it."),
    "activity": N_("Someone else changed this activity while you were editing it."),
    "general_assembly": N_("Someone else changed this general assembly while you were editing it."),
    "association": N_("Someone else changed the association's profile while you were editing it."),
    "account": N_("Someone else changed this account while you were editing it."),
    "budget": N_("Someone else changed this budget while you were editing it."),
    "programme": N_("Someone else changed this programme while you were editing it."),
    "journal_entry": N_("Someone else changed this draft entry while you were editing it."),
    "authority_declaration": N_("Someone else changed this declaration while you were editing it."),
    "user_account": N_("Someone else changed this user account while you were editing it."),
}
GENERIC = N_("Someone else changed this record while you were editing it.")

# The audit log's columns read here (core/common/audit.py imports core/common/service.py, which
# calls into this module: named, not imported).
_AUDIT = sa.table(
    "audit_log",
    sa.column("id"),
    sa.column("at", sa.DateTime()),
    sa.column("login"),
    sa.column("entity"),
    sa.column("entity_id"),
    sa.column("computer"),
)

# The audit log's name of a table whose writes it logs under another (accounts: "user").
AUDIT_ENTITY = {"user_account": "user"}

OVERWRITE_ACTION = "overwrite"  # the audit log's action for a save over a newer version


def locked(session: Session, entity: type[E], entity_id: int, what: str) -> E:
    """The row, locked until the end of the transaction on PostgreSQL (SQLite: its writers are
    one at a time already); `what` is the translated noun for a missing row."""
    # OF the row's own table: not the rows an eager join brings along (nor their NULL side)
    lock = {"of": entity.__table__}
    row = session.get(entity, entity_id, with_for_update=lock, populate_existing=True)
    if row is None:  # as service.missing says it (service.py calls into this module)
        raise NotFound(_("No {what} has the number {id}.").format(what=what, id=entity_id))
    return row


def check_version(row: Entity, expected_version: int | None, *, overwrite: bool = False) -> bool:
    """Refuse to save over a change made since the record was opened (on this PC or another),
    unless `overwrite`. True when the save goes over a newer version (to log it as such)."""
    if expected_version is None or row.version == expected_version:
        return False
    if overwrite:
        return True
    raise conflict(row)


def stored_values(row: Entity) -> dict[str, Any]:
    """The row's column values as stored (attribute name → value)."""
    mapper = sa.inspect(row).mapper
    return {attr.key: getattr(row, attr.key) for attr in mapper.column_attrs}


def conflict(row: Entity) -> ConflictError:
    """The refusal to save over `row` as it is now stored."""
    table = row.__tablename__
    session = object_session(row)
    last = None
    if session is not None:
        last = session.execute(
            sa.select(_AUDIT.c.login, _AUDIT.c.at, _AUDIT.c.computer)
            .where(_AUDIT.c.entity == AUDIT_ENTITY.get(table, table), _AUDIT.c.entity_id == row.id)
            .order_by(_AUDIT.c.id.desc())
            .limit(1)
        ).first()
    user, at, computer = (last.login, last.at, last.computer) if last else (None, None, None)
    message = _(MESSAGES.get(table, GENERIC))
    if user is not None and at is not None:
        message += " " + last_change(user, at, computer)
    return ConflictError(
        message,
        entity=table,
        entity_id=row.id,
        version=row.version,
        current=stored_values(row),
        user=user,
        at=at,
        computer=computer,
    )


def last_change(user: str, at: dt.datetime, computer: str | None) -> str:
    """ "Saved by … on … at …" (`at`: naive UTC, shown in this computer's time)."""
    local = at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    values = {
        "user": isolate(user),
        "date": isolate(format_date(local.date()), "ltr"),
        "time": isolate(f"{local:%H:%M}", "ltr"),
    }
    if computer:
        return _("Saved by {user} on {date} at {time}, on the computer {computer}.").format(
            computer=isolate(computer), **values
        )
    return _("Saved by {user} on {date} at {time}.").format(**values)


__all__ = [
    "GENERIC",
    "MESSAGES",
    "OVERWRITE_ACTION",
    "check_version",
    "conflict",
    "last_change",
    "locked",
    "stored_values",
]
