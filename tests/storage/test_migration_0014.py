"""Migration 0014 on a file at the previous head: the entries gain a third party and a payment
(empty for the old ones), the old seals stay as they were and still verify (seal version 1),
new entries are sealed with version 2, which covers the line labels and the third party; the
dues setting moves from the parent 7186 to its sub-account 71862 (which 0012 added), the
donations setting stays at 7187 where the file has no 71871; going down drops the columns."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path

import sqlalchemy as sa
from alembic import command

from nassij_desktop.core.books.entries import record_entry
from nassij_desktop.core.books.models import PaymentMethod
from nassij_desktop.core.books.services import EntryParties
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import check, migrate, open_database
from tests.core.books.ledger_support import form
from tests.storage.test_migration_0013 import _at_0012

NEW_COLUMNS = {
    "third_party",
    "third_party_code",
    "payment_method",
    "payment_reference",
    "seal_version",
}
NOW = dt.datetime(2025, 6, 1, 10, 0)


def _at_0013(path: Path) -> None:
    """A file of the previous wave: three sealed entries, and the posting settings as a new
    file of that time stored them."""
    _at_0012(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0013")
        for key, value in (
            ("posting.dues_income", '"7186"'),
            ("posting.donations_income", '"7187"'),
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO setting (key, value, created_at, updated_at, version) "
                    "VALUES (:k, :v, :t, :t, 1)"
                ),
                {"k": key, "v": value, "t": NOW},
            )
    engine.dispose()


def _columns(connection: sa.Connection) -> set[str]:
    return {c["name"] for c in sa.inspect(connection).get_columns("journal_entry")}


def _problems(path: Path, tmp_path: Path) -> list[str]:
    database = open_database(path, backup_dir=tmp_path)
    try:
        return check(database).problems
    finally:
        database.close()


def test_old_seals_still_verify_and_new_entries_seal_their_third_party(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0013(path)
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        seals_before = connection.execute(
            sa.text("SELECT id, content_hash FROM journal_entry ORDER BY id")
        ).all()
        assert not NEW_COLUMNS & _columns(connection)
    engine.dispose()

    database = open_database(path, backup_dir=tmp_path)  # migrates, then checks the schema
    try:
        with database.engine.connect() as connection:
            assert migrate.schema_state(connection).current == migrate.head_revision()
            assert _columns(connection) >= NEW_COLUMNS
            old = connection.execute(
                sa.text(
                    "SELECT id, content_hash, seal_version, third_party, payment_method "
                    "FROM journal_entry ORDER BY id"
                )
            ).all()
            settings = dict(connection.execute(sa.text("SELECT key, value FROM setting")).all())
        assert [(r.id, r.content_hash) for r in old] == seals_before
        assert {(r.seal_version, r.third_party, r.payment_method) for r in old} == {(1, None, None)}
        assert settings["posting.dues_income"] == '"71862"'
        assert settings["posting.donations_income"] == '"7187"'  # no 71871 in this file
        assert check(database).ok, check(database).problems
        with database.transaction() as session:
            parties = EntryParties("Librairie Atlas", None, PaymentMethod.CHEQUE, "4471203")
            added = record_entry(
                session, CLI_ACTOR, replace(form("10.00", day=dt.date(2025, 4, 1)), parties=parties)
            )
        assert added.parties == parties
        assert check(database).ok
    finally:
        database.close()

    with contextlib.closing(sqlite3.connect(path)) as connection:
        version = connection.execute(
            "SELECT seal_version FROM journal_entry WHERE id = ?", (added.id,)
        ).fetchone()
        assert version == (2,)
        connection.execute(
            "UPDATE journal_entry SET third_party = 'Quelqu''un d''autre' WHERE id = ?",
            (added.id,),
        )
        connection.commit()
    expected = (
        "The books were altered outside Nassij Desktop: entry BQ-2025-3 no longer matches its seal."
    )
    assert _problems(path, tmp_path) == [expected]
    # Put back, then claim the old seal version to escape the labels' seal: caught too.
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "UPDATE journal_entry SET third_party = 'Librairie Atlas' WHERE id = ?", (added.id,)
        )
        connection.commit()
    assert _problems(path, tmp_path) == []
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE journal_entry SET seal_version = 1 WHERE id = ?", (added.id,))
        connection.commit()
    assert _problems(path, tmp_path) == [expected]


def test_going_down_drops_the_columns_and_puts_the_setting_back(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    _at_0013(path)
    open_database(path, backup_dir=tmp_path).close()
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0013")
    with engine.connect() as connection:
        assert not NEW_COLUMNS & _columns(connection)
        assert connection.execute(sa.text("SELECT count(*) FROM journal_entry")).scalar_one() == 3
        assert (
            connection.execute(
                sa.text("SELECT value FROM setting WHERE key = 'posting.dues_income'")
            ).scalar_one()
            == '"7186"'
        )
    engine.dispose()


def _down_and_up(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "0013")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "head")
    engine.dispose()


def test_going_down_seals_a_sound_chain_in_the_older_form_and_leaves_a_broken_one(
    tmp_path: Path,
) -> None:
    """Down to 0013 (a rescue copies rows into the structure they were written with), the
    version-2 seals are written again in version 1, which the older code verifies; an entry
    altered before is not blessed on the way."""
    path = tmp_path / "old.sqlite"
    _at_0013(path)
    database = open_database(path, backup_dir=tmp_path)
    try:
        with database.transaction() as session:
            parties = EntryParties("Librairie Atlas", None, PaymentMethod.CHEQUE, "4471203")
            record_entry(
                session, CLI_ACTOR, replace(form("10.00", day=dt.date(2025, 4, 1)), parties=parties)
            )
    finally:
        database.close()
    _down_and_up(path)
    assert _problems(path, tmp_path) == []

    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE journal_entry SET label = 'Autre chose' WHERE number = 1")
        connection.commit()
    altered = _problems(path, tmp_path)
    assert len(altered) == 1 and "no longer matches its seal" in altered[0]
    _down_and_up(path)
    assert _problems(path, tmp_path) == altered
