"""activity partners and cost

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 17:00:00

An activity's partners (`activity.partners`: the names of the bodies that worked with the
association on it, as typed — a school, a commune, another association, a funder; a funder
that paid for it is already linked through `funding_request_id`, so the partners stay free
text, one line) and what it cost the association (`activity.cost`, integer centimes like
every amount, NULL when not told). Plain ADD COLUMN: rows already in the file keep their
values, with no partners and no cost.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("activity", sa.Column("partners", sa.String(length=500), nullable=True))
    op.add_column("activity", sa.Column("cost", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("activity", "cost")
    op.drop_column("activity", "partners")
