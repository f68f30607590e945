"""SIGKILL at random moments: a write loop, `backup`, `restore` and a migration leave the file
whole. A killed process is what a power cut or a frozen laptop does to the application.

Each child is a real process (the `nassij` command, or a small Python script that writes
through the services). It is killed at a moment drawn from a seeded RNG inside the window where
the work happens: the window starts at something the test can see (rows written, a file
appearing) and its length is measured on one uninterrupted run first. Afterwards the file is
opened as the application opens it, and must be sound and hold either the state before the
work or the state after it, never a part of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from fault_kit import DUES_LOOP, Run, new_entries_in, run_and_kill

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import MemberData, create_member, record_dues
from nassij_desktop.storage import check, migrate, open_database
from tests.shared_files import copy_of, shared_demo

TRIALS = 3
CHILD_TIMEOUT = 120.0  # seconds a child may take to reach the watched moment (a loaded CI box)
DEMO_PASSWORD = "demo-password"  # the demo generator's public password (core/demo/builder.py)


# --- running and killing children ---------------------------------------------------------


def _env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NASSIJ_DATA_DIR": str(data_dir),
        "NASSIJ_LANG": "en",
        "LANG": "C.UTF-8",
        # Demo files have accounts; files without accounts ignore these.
        "NASSIJ_USER": "admin",
        "NASSIJ_USER_PASSWORD": DEMO_PASSWORD,
    }


def _nassij(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "nassij_desktop", "--lang", "en", "--db", str(db), *args]


def _calibrated_window(run: Run) -> float:
    """How long the work lasts from the watched start to its end, measured on an
    uninterrupted run, with a margin; kills are drawn inside it (after it, nothing is left to
    interrupt but the interpreter's exit)."""
    assert run.returncode == 0 and not run.killed, run.stderr
    assert run.until_done is not None, "the end of the work was never seen"
    return max(run.until_done * 1.2, 0.02)


# --- looking at files ---------------------------------------------------------------------


def _schema(path: Path) -> set[tuple[str, str, str]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return set(conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"))


def _revision(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]


def _replaced(path: Path, before: os.stat_result) -> bool:
    """The name holds another file, or the file was rewritten to another size. Only stat():
    opening the file would hold a lock that a restore rightly refuses to work under."""
    try:
        now = path.stat()
    except FileNotFoundError:
        return False
    return (now.st_ino, now.st_size) != (before.st_ino, before.st_size)


def _fingerprint(path: Path) -> tuple[str, int, int]:
    """Which association this is: its name, its members and the sum of their numbers."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        (name,) = conn.execute("SELECT name_fr FROM association").fetchone()
        count, total = conn.execute(
            "SELECT count(*), coalesce(sum(CAST(number AS INTEGER)), 0) FROM member"
        ).fetchone()
    return name, count, total


def _assert_sound(path: Path, data_dir: Path) -> None:
    database = open_database(path, create=False, backup_dir=data_dir)
    try:
        report = check(database)
    finally:
        database.close()
    assert report.ok, report.problems


# --- files to work on -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo association (with accounts), once for the module: the recovery and bad-files
    tests' 3 000 members, so that the run builds it once."""
    template = shared_demo(tmp_path_factory, members=3000, seed=1, today=dt.date(2026, 11, 24))
    return copy_of(template, tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def members_file(
    association_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[int]]:
    """The template association with 60 members, none of whom has paid yet."""
    path = tmp_path_factory.mktemp("members") / "association.sqlite"
    shutil.copyfile(association_template, path)
    database = open_database(path, backup_dir=path.parent)
    ids: list[int] = []
    try:
        with database.transaction() as session:
            for i in range(60):
                member = create_member(
                    session,
                    CLI_ACTOR,
                    MemberData(first_name_lat=f"Member{i}", last_name_lat="Tiznit"),
                )
                ids.append(member.id)
    finally:
        database.close()
    return path, ids


# --- the write loop -------------------------------------------------------------------------


def _dues_count(conn: sqlite3.Connection) -> int:
    try:
        return int(conn.execute("SELECT count(*) FROM dues_payment").fetchone()[0])
    except sqlite3.OperationalError:  # busy during the writer's WAL recovery: ask again
        return 0


def _assert_dues_all_or_nothing(path: Path, data_dir: Path) -> int:
    """Every payment has its receipt number (gap-free), its balanced journal entry and its
    audit row; no entry or audit row without its payment. Returns the number of payments."""
    _assert_sound(path, data_dir)
    year = clock.today().year
    with contextlib.closing(sqlite3.connect(path)) as conn:
        payments = conn.execute(
            "SELECT receipt_number, journal_entry_id, amount FROM dues_payment ORDER BY id"
        ).fetchall()
        entries = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT e.id, e.reference, e.number, sum(l.debit), sum(l.credit), count(l.id) "
                "FROM journal_entry e JOIN journal_line l ON l.entry_id = e.id GROUP BY e.id"
            )
        }
        audited = conn.execute(
            "SELECT count(*) FROM audit_log WHERE entity = 'dues_payment' AND action = 'create'"
        ).fetchone()[0]
    n = len(payments)
    assert [receipt for receipt, _, _ in payments] == [
        f"{year}-{i:05d}" for i in range(1, n + 1)
    ], "receipt numbers are not gap-free from 1"
    assert len(entries) == n, "journal entries without their payment (or the reverse)"
    for receipt, entry_id, amount in payments:
        reference, _number, debit, credit, lines = entries[entry_id]
        assert reference == receipt
        assert debit == credit == amount and lines >= 2
    assert sorted(number for _, number, *_ in entries.values()) == list(range(1, n + 1))
    assert audited == n, "audit rows do not match the payments"
    return n


def test_a_dues_write_loop_killed_at_random_keeps_every_payment_whole(
    members_file: tuple[Path, list[int]], tmp_path: Path
) -> None:
    template, member_ids = members_file
    rng = random.Random(9)
    kills = 0
    for trial in range(TRIALS):
        path = tmp_path / f"loop-{trial}.sqlite"
        shutil.copyfile(template, path)
        data_dir = tmp_path / f"data-{trial}"
        rows = rng.randint(1, 25)
        with contextlib.closing(sqlite3.connect(path, timeout=10)) as watcher:
            run = run_and_kill(
                [sys.executable, "-c", DUES_LOOP, str(path), ",".join(map(str, member_ids))],
                _env(data_dir),
                started=lambda watcher=watcher, rows=rows: _dues_count(watcher) >= rows,
                delay=rng.uniform(0.0, 0.05),  # lands anywhere inside the next payments
                child_timeout=CHILD_TIMEOUT,
            )
        assert run.killed, f"trial {trial}: the loop ended before the kill: {run.stderr}"
        kills += 1
        n = _assert_dues_all_or_nothing(path, data_dir)
        assert n >= rows, f"trial {trial}: committed payments were lost"
        # The numbering goes on where it stopped: the next receipt is n + 1.
        database = open_database(path, create=False, backup_dir=data_dir)
        try:
            with database.transaction() as session:
                today = clock.today()
                payment = record_dues(
                    session,
                    CLI_ACTOR,
                    member_ids[-1],
                    today.year,
                    Decimal("50.00"),
                    today,
                    PaymentMethod.CASH,
                )
        finally:
            database.close()
        assert payment.receipt_number == f"{clock.today().year}-{n + 1:05d}"
        assert _assert_dues_all_or_nothing(path, data_dir) == n + 1
    assert kills == TRIALS


# --- backup ---------------------------------------------------------------------------------


def _assert_complete_copy(copy: Path, source_fingerprint: tuple[str, int, int]) -> None:
    uri = f"file:{copy}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert _fingerprint(copy) == source_fingerprint


def test_a_backup_killed_at_random_leaves_no_half_file_and_the_source_unharmed(
    demo_file: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source" / "demo.sqlite"
    source.parent.mkdir()
    shutil.copyfile(demo_file, source)
    expected = _fingerprint(source)
    original = source.read_bytes()
    data_dir = tmp_path / "data"

    def attempt(target_dir: Path, delay: float | None) -> Run:
        target_dir.mkdir()
        target = target_dir / "copy.sqlite"
        return run_and_kill(
            _nassij(source, "backup", str(target)),
            _env(data_dir),
            started=new_entries_in(target_dir),
            delay=delay,
            child_timeout=CHILD_TIMEOUT,
            done=target.exists,
        )

    window = _calibrated_window(attempt(tmp_path / "calibration", None))
    rng = random.Random(11)
    for trial in range(TRIALS):
        target_dir = tmp_path / f"backup-{trial}"
        run = attempt(target_dir, rng.uniform(0.0, window))
        target = target_dir / "copy.sqlite"
        if target.exists():
            _assert_complete_copy(target, expected)
        else:
            assert run.killed, f"trial {trial}: no backup and no kill: {run.stderr}"
        assert source.read_bytes() == original, f"trial {trial}: the source file changed"
    # Whatever a killed backup left behind does not stop the next backup to the same name.
    retry = subprocess.run(
        _nassij(source, "backup", str(target)),
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    assert retry.returncode == 0, retry.stderr
    _assert_complete_copy(target, expected)
    _assert_sound(source, data_dir)


# --- restore --------------------------------------------------------------------------------


def test_a_restore_killed_at_random_leaves_the_old_file_or_the_new_one(
    demo_file: Path, members_file: tuple[Path, list[int]], tmp_path: Path
) -> None:
    old_file, _ids = members_file
    backup_file = tmp_path / "backups-kept" / "demo.sqlite"
    backup_file.parent.mkdir()
    shutil.copyfile(demo_file, backup_file)
    old, new = _fingerprint(old_file), _fingerprint(backup_file)
    assert old != new

    def attempt(folder: Path, delay: float | None) -> tuple[Path, Path, Run]:
        folder.mkdir()
        path, data_dir = folder / "association.sqlite", folder / "data"
        shutil.copyfile(old_file, path)
        before = path.stat()
        run = run_and_kill(
            _nassij(path, "restore", str(backup_file)),
            _env(data_dir),
            started=new_entries_in(folder, data_dir / "backups"),
            delay=delay,
            child_timeout=CHILD_TIMEOUT,
            # The work ends when the file under the name is another one (or was rewritten).
            done=lambda: _replaced(path, before),
        )
        return path, data_dir, run

    path, data_dir, calibration = attempt(tmp_path / "calibration", None)
    window = _calibrated_window(calibration)
    assert _fingerprint(path) == new
    rng = random.Random(13)
    for trial in range(TRIALS):
        path, data_dir, run = attempt(tmp_path / f"restore-{trial}", rng.uniform(0.0, window))
        _assert_sound(path, data_dir)
        found = _fingerprint(path)
        assert found in (old, new), f"trial {trial}: neither the old file nor the backup"
        if not run.killed:
            assert found == new, run.stderr
        # The backup itself is never touched by restoring from it.
        assert _fingerprint(backup_file) == new
    assert backup_file.read_bytes() == demo_file.read_bytes()


# --- migration ------------------------------------------------------------------------------

MIGRATION_MEMBERS = 6_000


@pytest.fixture(scope="module")
def file_at_0004(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file left by the version whose newest migration was 0004, with a large register (so
    that the upgrade lasts long enough to be interrupted) and an audit log."""
    path = tmp_path_factory.mktemp("old") / "old.sqlite"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0004")
    now = dt.datetime(2025, 1, 5, 10, 0)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO association (id, name_ar, name_fr, public_utility, "
                "fiscal_year_start_month, default_language, created_at, updated_at, version) "
                "VALUES (1, 'جمعية قديمة', 'Association ancienne', 0, 1, 'ar', :t, :t, 1)"
            ),
            {"t": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO member_category (id, code, label_ar, label_fr, label_en, "
                "default_dues, votes, position, active, created_at, updated_at, version) "
                "VALUES (1, 'active', 'عضو نشيط', 'Actif', 'Active', 10000, 1, 1, 1, :t, :t, 1)"
            ),
            {"t": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO member (id, number, last_name_ar, first_name_ar, gender, "
                "nationality, id_document, join_date, status, status_since, category_id, "
                "search_text, created_at, updated_at, version) VALUES (:id, :number, "
                "'الناصري', 'سعاد', :gender, 'MA', 'cin', '2020-01-01', 'active', "
                "'2020-01-01', 1, :search, :t, :t, 1)"
            ),
            [
                {
                    "id": i,
                    "number": f"{i:06d}",
                    "gender": "fm"[i % 2],
                    "search": f"سعاد الناصري {i:06d}",
                    "t": now,
                }
                for i in range(1, MIGRATION_MEMBERS + 1)
            ],
        )
        connection.execute(
            sa.text(
                "INSERT INTO audit_log (at, login, entity, entity_id, action, after) "
                "VALUES (:t, 'admin', 'member', :id, 'create', :after)"
            ),
            [
                {"t": now, "id": i, "after": f'{{"number": "{i:06d}"}}'}
                for i in range(1, MIGRATION_MEMBERS + 1)
            ],
        )
    engine.dispose()
    return path


def _committed_revision(path: Path) -> str | None:
    """The stamp as another reader sees it (only what is committed)."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    except (sqlite3.Error, TypeError):
        return None


def _members_digest(path: Path) -> tuple[int, int, int]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "SELECT count(*), sum(id), sum(CAST(number AS INTEGER)) FROM member"
        ).fetchone()


@contextlib.contextmanager
def _copy_of(source: Path, folder: Path) -> Iterator[Path]:
    folder.mkdir()
    path = folder / source.name
    shutil.copyfile(source, path)
    yield path


def test_a_migration_killed_at_random_leaves_the_old_revision_or_the_new_one(
    file_at_0004: Path, tmp_path: Path
) -> None:
    old_schema = _schema(file_at_0004)
    members = _members_digest(file_at_0004)
    head = migrate.head_revision()
    assert _revision(file_at_0004) == ["0004"] != [head]

    def attempt(folder: Path, delay: float | None) -> tuple[Path, Path, Run]:
        data_dir = folder / "data"
        with _copy_of(file_at_0004, folder) as path:
            run = run_and_kill(
                _nassij(path, "members", "list", "--limit", "1"),
                _env(data_dir),
                # The command locks the file and backs it up before migrating.
                started=new_entries_in(folder, data_dir / "backups"),
                delay=delay,
                child_timeout=CHILD_TIMEOUT,
                done=lambda: _committed_revision(path) == head,
            )
        return path, data_dir, run

    path, data_dir, calibration = attempt(tmp_path / "calibration", None)
    window = _calibrated_window(calibration)
    assert _revision(path) == [head]
    new_schema = _schema(path)
    rng = random.Random(17)
    for trial in range(TRIALS):
        path, data_dir, run = attempt(tmp_path / f"migrate-{trial}", rng.uniform(0.0, window))
        revision = _revision(path)
        schema = _schema(path)
        if revision == ["0004"]:
            assert schema == old_schema, f"trial {trial}: a 0004 file with part of the upgrade"
            assert run.killed, run.stderr
        else:
            assert revision == [head], f"trial {trial}: stamped {revision}"
            assert schema == new_schema, f"trial {trial}: stamped {head}, not its structure"
        assert _members_digest(path) == members, f"trial {trial}: members lost or changed"
        # Opening it again (which finishes the upgrade if it was interrupted) gives a sound file.
        _assert_sound(path, data_dir)
        assert _revision(path) == [head] and _members_digest(path) == members
