"""A long read (a register being printed, a search) never holds the write lock: another process
records a dues payment meanwhile. Before, every session began with BEGIN IMMEDIATE, so a CLI
search waited 11.7 s and failed while the 100 000-member register was being written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import DuesPayment, Member
from nassij_desktop.storage import open_database
from tests.postgres import fresh_database
from tests.support import add_members

MEMBERS = 2_000


def nassij(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nassij_desktop", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _association_with(target: str, members: int) -> None:
    """A new association (its chart, categories and dues settings) in `target`, a file or a
    database already migrated, and `members` members registered by the batch service: what a
    dues payment needs, without a demo's minutes."""
    database = open_database(target, create=False)
    try:
        with database.transaction() as session:
            create_association(
                session,
                CLI_ACTOR,
                AssociationProfile(
                    name_ar="جمعية الأمل", name_fr="Association Al Amal", city="Tiznit"
                ),
            )
    finally:
        database.close()
    add_members(target, members)


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("large") / "assoc.sqlite"
    open_database(path).close()  # a new file, every table and no association
    # In WAL a read is a snapshot: the size does not matter, the open read does (a read begun
    # with the write lock, as before, makes the payment fail at any size). Half of the
    # register is still unread when the payment is made.
    _association_with(str(path), MEMBERS)
    return path


def _record_dues_elsewhere(target: str, number: str) -> subprocess.CompletedProcess[str]:
    return nassij("--db", target, "dues", "record", number, "--year", "2027", "--amount", "100")


def _read_half_of_the_register_then_write_elsewhere(target: str, members: int) -> None:
    database = open_database(target, create=False)
    try:
        with database.session() as session:
            rows = session.execute(sa.select(Member.id, Member.number).order_by(Member.id))
            first = rows.fetchmany(members // 2)  # the read transaction is open, mid-register
            number = first[0].number
            # Were this read holding the write lock, the payment would wait for it (the busy
            # timeout) and fail, since the read only ends after the payment returns.
            paid = _record_dues_elsewhere(target, number)
            assert paid.returncode == 0, paid.stderr
            rest = rows.fetchall()
        assert len(first) + len(rest) == members
        with database.session() as session:  # a new read sees the payment
            assert session.scalar(sa.select(sa.func.count()).where(DuesPayment.year == 2027)) == 1
    finally:
        database.close()


def test_a_long_read_does_not_hold_the_write_lock_on_sqlite(large_file: Path) -> None:
    _read_half_of_the_register_then_write_elsewhere(str(large_file), MEMBERS)


def test_a_long_read_does_not_block_a_writer_on_postgresql(postgres_url: str) -> None:
    """The same on the shared server, in a database of its own on the test server."""
    # MVCC: the size does not matter here, the code path does. The database is a copy of one
    # already migrated (the migrations are not what is tested here).
    with fresh_database(postgres_url, "nassij_reads", at_head=True) as target:
        _association_with(target, MEMBERS)
        _read_half_of_the_register_then_write_elsewhere(target, MEMBERS)
