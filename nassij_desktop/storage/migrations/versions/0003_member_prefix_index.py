"""member word-prefix index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 17:40:00

Search-as-you-type starts with one or two letters, below the trigram index's reach: this
FTS5 index of whole words (unicode61, prefix lengths 1 and 2) answers those at once, matching
the start of a name ("mo" → Mohamed). SQLite only, kept in step by triggers, filled from the
members already in the file.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DDL = (
    "CREATE VIRTUAL TABLE member_fts_prefix USING fts5("
    "search_text, content='member', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='1 2')",
    "CREATE TRIGGER member_fts_prefix_ai AFTER INSERT ON member BEGIN "
    "INSERT INTO member_fts_prefix(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER member_fts_prefix_ad AFTER DELETE ON member BEGIN "
    "INSERT INTO member_fts_prefix(member_fts_prefix, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER member_fts_prefix_au AFTER UPDATE OF search_text ON member BEGIN "
    "INSERT INTO member_fts_prefix(member_fts_prefix, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO member_fts_prefix(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO member_fts_prefix(member_fts_prefix) VALUES ('rebuild')",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in DDL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in ("member_fts_prefix_ai", "member_fts_prefix_ad", "member_fts_prefix_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS member_fts_prefix")
