"""member search index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 16:05:00

An FTS5 trigram index over member.search_text (SQLite only), kept in step by triggers, and
filled from the members already in the file. Other databases search the normalised column.
A later migration that rebuilds the member table (batch mode) drops these triggers with it
and must create them again.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MEMBER_FTS_DDL = (
    "CREATE VIRTUAL TABLE member_fts USING fts5("
    "search_text, content='member', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER member_fts_ai AFTER INSERT ON member BEGIN "
    "INSERT INTO member_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER member_fts_ad AFTER DELETE ON member BEGIN "
    "INSERT INTO member_fts(member_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER member_fts_au AFTER UPDATE OF search_text ON member BEGIN "
    "INSERT INTO member_fts(member_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO member_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO member_fts(member_fts) VALUES ('rebuild')",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in MEMBER_FTS_DDL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("member_fts_ai", "member_fts_ad", "member_fts_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS member_fts")
