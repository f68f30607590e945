"""the computer of each audit entry

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 21:45:00

In the shared mode (several computers on one PostgreSQL database) the audit log says which
computer made each change, beside the user: audit_log.computer, the computer's network name
(socket.gethostname()), nullable. The entries already in the file keep NULL: nobody knows which
computer wrote them, and their seals (core/common/audit.py) stay as they were, since a NULL
computer is left out of the hashed content.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("computer", sa.String(length=255), nullable=True))


def downgrade() -> None:
    # The computers are lost going down; the seals of the entries that had one then no longer
    # match (the older version's hash does not cover it): `check` says the chain was altered.
    op.drop_column("audit_log", "computer")
