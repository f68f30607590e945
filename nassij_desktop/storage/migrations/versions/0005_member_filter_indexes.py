"""member filter indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 19:45:00

Indexes on member.category_id and member.gender: the members page counts the search matches
of a category or gender filter from them instead of reading all members (core/members/search).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index("ix_member_category_id", ["category_id"], unique=False)
        batch_op.create_index("ix_member_gender", ["gender"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index("ix_member_gender")
        batch_op.drop_index("ix_member_category_id")
