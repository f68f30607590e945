"""The audit log: who changed what, when, with the values before and after."""

from __future__ import annotations

import datetime as dt
import enum
import json
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from nassij_desktop.core.common.base import Base, utcnow
from nassij_desktop.core.common.permissions import Actor

# Never copied into the log: secrets and file contents.
_SECRET_COLUMNS = frozenset({"password_hash", "data"})


class AuditEntry(Base):
    """Append-only, so it has no version counter."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    login: Mapped[str] = mapped_column(sa.String(64))
    entity: Mapped[str] = mapped_column(sa.String(64))
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(sa.String(32))
    before: Mapped[str | None] = mapped_column(sa.Text)
    after: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (sa.Index("ix_audit_log_entity_entity_id", "entity", "entity_id"),)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The column values of an entity, JSON-ready."""
    table = sa.inspect(obj).mapper.local_table
    return {
        column.key: _jsonable(getattr(obj, column.key, None))
        for column in table.columns
        if column.key not in _SECRET_COLUMNS and column.key not in {"search_text"}
    }


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append to the audit log inside the caller's transaction."""
    if before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)} - {"updated_at", "version"}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    session.add(
        AuditEntry(
            user_id=actor.user_id,
            login=actor.login,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=json.dumps(before, ensure_ascii=False) if before is not None else None,
            after=json.dumps(after, ensure_ascii=False) if after is not None else None,
        )
    )
