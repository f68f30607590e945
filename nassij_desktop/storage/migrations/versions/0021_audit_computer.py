"""the computer of each audit entry

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 21:45:00

In the shared mode (several computers on one PostgreSQL database) the audit log says which
computer made each change, beside the user: audit_log.computer, the computer's network name
(socket.gethostname()), nullable. The entries already in the file keep NULL: nobody knows which
computer wrote them, and their seals (core/common/audit.py) stay as they were, since a NULL
computer is left out of the hashed content.

Going down, the computers are lost; a chain that verifies whole is sealed again in the older
form (without them: a frozen copy of the formula), so the older version verifies it; a chain
already broken is left as it is, so that going down never hides a tampering.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("computer", sa.String(length=255), nullable=True))


GENESIS_HASH = hashlib.sha256(b"nassij-desktop audit log").hexdigest()
HASHED_COLUMNS = (
    "id",
    "at",
    "user_id",
    "login",
    "entity",
    "entity_id",
    "action",
    "before",
    "after",
)
CHUNK = 2000


def _seal(previous: str, values: dict[str, Any], *, with_computer: bool) -> str:
    at = values["at"]
    at = dt.datetime.fromisoformat(at) if isinstance(at, str) else at
    content = [
        at.isoformat(sep=" ", timespec="microseconds") if k == "at" else values[k]
        for k in HASHED_COLUMNS
    ]
    if with_computer and values["computer"] is not None:
        content.append(values["computer"])
    payload = json.dumps([previous, *content], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def downgrade() -> None:
    bind = op.get_bind()
    columns: list[sa.ColumnClause[Any]] = [
        sa.column(name) for name in (*HASHED_COLUMNS, "computer", "hash")
    ]
    rows = bind.execute(
        sa.select(*columns).select_from(sa.table("audit_log")).order_by(sa.column("id"))
    ).all()
    previous, older, sound = GENESIS_HASH, GENESIS_HASH, True
    seals: list[dict[str, Any]] = []
    for row in rows:
        values = row._asdict()
        try:
            previous = _seal(previous, values, with_computer=True)
            older = _seal(older, values, with_computer=False)
        except (TypeError, ValueError):
            sound = False
            break
        if values["hash"] != previous:
            sound = False
            break
        if older != previous:
            seals.append({"entry_id": values["id"], "seal": older})
    if sound and seals:
        table = sa.table("audit_log", sa.column("id"), sa.column("hash"))
        for start in range(0, len(seals), CHUNK):
            bind.execute(
                table.update()
                .where(table.c.id == sa.bindparam("entry_id"))
                .values(hash=sa.bindparam("seal")),
                seals[start : start + CHUNK],
            )
    op.drop_column("audit_log", "computer")
