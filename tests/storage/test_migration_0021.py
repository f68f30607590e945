"""Migration 0021 on a file at 0020 holding audit entries: the entries keep their seals (a
NULL computer is left out of the hashed content), a new entry records this computer and is
sealed with it, and the chain verifies whole; clearing a new entry's computer with another
program breaks the chain at that entry."""

from __future__ import annotations

import importlib
import socket
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.common.audit import (
    GENESIS_HASH,
    record,
    verify_audit_chain,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import check, migrate, open_database

frozen_0006 = importlib.import_module(
    "nassij_desktop.storage.migrations.versions.0006_audit_hash_chain"
)


def _at_0019(path: Path) -> None:
    """A file made at head with entries naming this computer, taken down to 0019: the chain,
    sound, is sealed again in the older form (checked against 0006's frozen formula)."""
    database = open_database(path)
    with database.transaction() as session:
        record(session, CLI_ACTOR, "create", "member", 1, after={"last_name_lat": "Tazi"})
        record(session, CLI_ACTOR, "update", "member", 1, {"city": None}, {"city": "Fès"})
    database.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0020")
        previous = GENESIS_HASH
        for row in connection.execute(sa.text("SELECT * FROM audit_log ORDER BY id")):
            previous = frozen_0006._entry_hash(previous, row._asdict())
            assert row.hash == previous
    engine.dispose()


def test_going_down_leaves_a_broken_chain_broken(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    database = open_database(path)
    with database.transaction() as session:
        record(session, CLI_ACTOR, "create", "member", 1, after={"city": "Tiznit"})
        record(session, CLI_ACTOR, "update", "member", 1, {"city": "Tiznit"}, {"city": "Fès"})
    database.close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE audit_log SET after = '{}' WHERE id = 1"))
        command.downgrade(migrate.alembic_config(connection), "0020")
        first = connection.execute(sa.text("SELECT * FROM audit_log WHERE id = 1")).one()
        assert first.hash != frozen_0006._entry_hash(GENESIS_HASH, first._asdict())
    engine.dispose()


def test_old_entries_keep_their_seals_and_new_ones_name_the_computer(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0019(path)
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.session() as session:
            assert verify_audit_chain(session) is None
            old = session.execute(sa.text("SELECT computer FROM audit_log")).scalars().all()
        assert old and set(old) == {None}
        with database.transaction() as session:
            record(session, CLI_ACTOR, "create", "member", 2, after={"last_name_lat": "Alami"})
        with database.session() as session:
            newest = session.execute(
                sa.text("SELECT id, computer FROM audit_log ORDER BY id DESC LIMIT 1")
            ).one()
            assert newest.computer == socket.gethostname()
            assert verify_audit_chain(session) is None
        assert check(database).ok, check(database).problems
        with database.transaction() as session:
            session.execute(
                sa.text("UPDATE audit_log SET computer = NULL WHERE id = :id"), {"id": newest.id}
            )
        with database.session() as session:
            broken = verify_audit_chain(session)
        assert broken is not None and broken.entry_id == newest.id
    finally:
        database.close()
