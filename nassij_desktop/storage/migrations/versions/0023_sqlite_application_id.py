"""the association file's application id

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-07 09:00:00

An association file is an SQLite database, and the desktop could only recognise it by its
name (`*.sqlite`, which every SQLite database may carry). SQLite keeps a 32-bit number for the
application that owns a file in its header (`PRAGMA application_id`, bytes 68-71, big-endian):
this migration writes Nassij's there (schema_reference.SQLITE_APPLICATION_ID, "NSJD" in
ASCII), so the shared-mime-info type (packaging/linux/nassij-desktop-mime.xml) matches the
file by its content. Every file is created through the migrations, so new files get it too;
a backup (SQLite's backup API) and a protected copy (`sqlcipher_export`) carry it along.
The header only: no table changes. Nothing on PostgreSQL (no file).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# schema_reference.SQLITE_APPLICATION_ID, written out: a revision does not change when the
# code does (a test keeps the two equal).
APPLICATION_ID = 0x4E534A44


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA application_id = 0")
