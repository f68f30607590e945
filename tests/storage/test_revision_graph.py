"""Opening a file reads the migrations' revisions without Alembic (start-up time): the light
reading must agree with Alembic's own, or a file could be taken for newer or older than it is."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from nassij_desktop.storage import migrate


def test_the_light_revision_reading_agrees_with_alembic() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == scripts.get_current_head()
    assert migrate.known_revisions() == {rev.revision for rev in scripts.walk_revisions()}
