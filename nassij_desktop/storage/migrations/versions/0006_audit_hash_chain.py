"""audit hash chain

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 09:00:00

Seals the audit log: a `hash` column, each row's SHA-256 over its own content and the previous
row's hash (core/common/audit.py), filled here for the rows already in the file, in id order.

The hash function is a frozen copy of core's, not an import: a migration must keep meaning what
it meant when it was written, even if a later version seals rows differently (that version
would re-seal in its own migration). tests/storage/test_migration_0006.py checks that this copy
and core's verifier agree.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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


def _canonical_at(value: Any) -> str:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not an instant: {value!r}")
    return value.isoformat(sep=" ", timespec="microseconds")


def _entry_hash(previous: str, values: dict[str, Any]) -> str:
    content = [_canonical_at(values[k]) if k == "at" else values[k] for k in HASHED_COLUMNS]
    payload = json.dumps([previous, *content], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hash", sa.String(length=64), nullable=True))

    bind = op.get_bind()
    # Read as stored (untyped columns), as the verifier reads them.
    columns: list[sa.ColumnClause[Any]] = [sa.column(name) for name in HASHED_COLUMNS]
    rows = bind.execute(
        sa.select(*columns)
        .select_from(sa.table("audit_log"))
        .order_by(sa.column("id"))
    )
    previous = GENESIS_HASH
    seals = []
    for row in rows:
        try:
            previous = _entry_hash(previous, row._asdict())
        except (TypeError, ValueError):
            # A row no writer of ours produced stays unsealed: `check` names it, and the
            # upgrade of everything else goes on.
            previous = ""
            continue
        seals.append({"entry_id": row.id, "seal": previous})
    if seals:
        audit_log = sa.table("audit_log", sa.column("id"), sa.column("hash"))
        bind.execute(
            audit_log.update()
            .where(audit_log.c.id == sa.bindparam("entry_id"))
            .values(hash=sa.bindparam("seal")),
            seals,
        )


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("hash")
