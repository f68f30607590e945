"""member search trigram index on PostgreSQL

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 21:45:00

SQLite searches members through its FTS5 indexes (0002: trigrams, anywhere in a name; 0003:
word prefixes). PostgreSQL (the shared mode) searches the same normalised `member.search_text`
with LIKE and a regular expression (core/members/search.py); without an index each keystroke
reads every member. This migration gives it a GIN index of the `pg_trgm` extension's
trigrams over that column, which answers both (`LIKE '%ahmed%'` and the word-prefix regular
expression of one- and two-letter tokens).

`CREATE EXTENSION` needs the right to create it in the database (its owner, or a superuser
before PostgreSQL 13 for a non-"trusted" setup; pg_trgm is trusted since 13, so the database's
owner may). When the extension cannot be created (the right is missing, or the server lacks
the contrib package), the migration logs a warning and goes on without the index: searches
give the same members, only slower on a large register; an administrator can later run
`CREATE EXTENSION pg_trgm;` then `CREATE INDEX ix_member_search_trgm ON member USING gin
(search_text gin_trgm_ops);`. Nothing on SQLite.
"""

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)
INDEX = "ix_member_search_trgm"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = bind.scalar(
        sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'")
    )
    if not available:
        log.warning("pg_trgm is not installed on the server: member search without its index")
        return
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as exc:
        savepoint.rollback()
        log.warning("pg_trgm could not be created (%s): member search without its index", exc.orig)
        return
    savepoint.commit()
    bind.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON member USING gin (search_text gin_trgm_ops)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")  # the extension stays: others may use it
