"""Alembic environment: always given a live connection by nassij_desktop.storage.migrate."""

from alembic import context

from nassij_desktop.core.models import metadata
from nassij_desktop.storage.migrate import include_object

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through nassij_desktop.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
