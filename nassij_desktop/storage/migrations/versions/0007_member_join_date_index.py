"""member join date index, merged search indexes

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 21:00:00

An index on member.join_date: the member list ordered by join date is then read a page at a
time along this index, like the other orders, instead of sorting every match
(core/members/search.py). On SQLite, the two search indexes are also merged into one b-tree
each (FTS5 'optimize'): a file filled in one go (a demo, an import) leaves them in pieces,
which makes looking up one member in them up to 40 times slower. Merging changes no data.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain CREATE INDEX: batch mode would rebuild the member table and drop the search
    # index's triggers with it.
    op.create_index("ix_member_join_date", "member", ["join_date"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for index in ("member_fts", "member_fts_prefix"):
            op.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")


def downgrade() -> None:
    op.drop_index("ix_member_join_date", table_name="member")
