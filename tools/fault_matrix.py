"""The fault table: every fault class tried N times on fresh files with the real `nassij`.

    .venv/bin/python tools/fault_matrix.py [--tries 5] [--kill-tries 10] [--jobs 2] [--only TEXT]

Each class breaks something the way a laptop, a USB stick or a person does (a killed process,
a file cut short, a full disk, an output path onto the association file, a file held open by
the application, a tampered file…), runs the command a user would run, and looks at the result
from outside: the exit code and what was printed, and the file itself (opened afterwards as the
application opens it, or compared byte for byte). It prints a Markdown table:

    survived       the data is intact: committed data all there, the file sound (or, for a file
                   that was bad from the start, left exactly as it was)
    clear message  the user got a sentence: exit 1 and one line on stderr (`check` may list its
                   problems on stdout) — or, where the right answer is to succeed, success.
                   "—" for killed processes, which say nothing.
    unexpected     "unexpected error", a traceback, or a process killed by a signal it was not
                   sent (should be 0)
    data lost      committed data gone, or a file changed that must not change (should be 0)

Everything happens in a temporary folder (kept with --keep). The /dev/full cases use a device
node made in that folder (the same device), so that a regression can only replace that copy.
Exit status 1 when anything was unexpected or lost. Not a test: the tests are
tests/storage/test_crash_kill.py and tests/cli/test_bad_files.py.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import random
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a clean clone: the package beside this folder
sys.path.insert(0, str(ROOT / "tests"))  # fault_kit: what the fault tests share with this run

import sqlalchemy as sa  # noqa: E402
from alembic import command  # noqa: E402
from fault_kit import DUES_LOOP, NAMESPACE_DRIVER, Run, new_entries_in, run_and_kill  # noqa: E402

from nassij_desktop.core.common import clock  # noqa: E402
from nassij_desktop.core.common.permissions import CLI_ACTOR  # noqa: E402
from nassij_desktop.core.members.services import MemberData, create_member  # noqa: E402
from nassij_desktop.demo.builder import build_demo  # noqa: E402
from nassij_desktop.i18n import set_language  # noqa: E402
from nassij_desktop.storage import check, migrate, open_database  # noqa: E402

DEMO_PASSWORD = "demo-password"  # the demo generator's public password
CHILD_TIMEOUT = 300.0
MEMORY_LIMIT = 1 << 30  # crafted settings once took 723 MB: a regression must not eat the box
# Opening a file in this process (checks after a fault) runs Alembic, whose context is global.
IN_PROCESS = threading.Lock()


# --- results ------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]

    @property
    def crashed(self) -> bool:
        text = self.out + self.err
        return "unexpected error" in text.lower() or "Traceback" in text or self.code < 0

    def refused_clearly(self, *, problems_on_stdout: bool = False) -> bool:
        if self.crashed or self.code != 1:
            return False
        if problems_on_stdout and not self.err_lines and "PROBLEM" in self.out:
            return True
        return len(self.err_lines) == 1

    def brief(self) -> str:
        """The line that says most: a problem `check` found, else the error, else the end."""
        problems = [line for line in self.out.splitlines() if line.startswith("PROBLEM")]
        errors = [line for line in self.err_lines if "note:" not in line]
        line = (problems or errors or self.err_lines or [self.out.strip()[-160:]])[0]
        return f"exit {self.code}: {line[:200]}"


@dataclasses.dataclass
class Trial:
    survived: bool
    clear: bool | None  # None: nothing is to be said (a killed process)
    unexpected: bool
    note: str = ""
    harness: bool = False  # this script failed to set the trial up: not counted

    @property
    def lost(self) -> bool:
        return not self.survived


@dataclasses.dataclass
class FaultClass:
    name: str
    tries: int
    run: Callable[[Lab, int], Trial]
    trials: list[Trial] = dataclasses.field(default_factory=list)


# --- the laboratory: fresh files, the CLI, looking at files -------------------------------


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)


def fingerprint(path: Path) -> tuple[str, int] | None:
    try:
        with contextlib.closing(ro(path)) as conn:
            (name,) = conn.execute("SELECT name_fr FROM association").fetchone()
            (members,) = conn.execute("SELECT count(*) FROM member").fetchone()
        return str(name), int(members)
    except (sqlite3.Error, TypeError):
        return None


def count(path: Path, sql: str) -> int | None:
    try:
        with contextlib.closing(ro(path)) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except (sqlite3.Error, TypeError):
        return None


def schema(path: Path) -> set[tuple[str, str, str]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return set(conn.execute("SELECT type, name, coalesce(sql, '') FROM sqlite_master"))


class Lab:
    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.seed = seed
        self.backups = root / "safety-copies"
        self.backups.mkdir()
        self._counter = 0
        self._lock = threading.Lock()
        self._calibrations: dict[str, float] = {}
        self._calibration_locks: dict[str, threading.Lock] = {}
        self.probes: dict[str, Any] = {}  # what this machine allows, found out once

    # folders and environment
    def folder(self, name: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)
        with self._lock:
            self._counter += 1
            path = self.root / f"{self._counter:04d}-{safe}"
        path.mkdir()
        return path

    def env(self, folder: Path, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "NASSIJ_DATA_DIR": str(folder / "data"),
            "NASSIJ_LANG": "en",
            "LANG": "C.UTF-8",
            "NASSIJ_USER": "admin",  # demo files have accounts; other files ignore it
            "NASSIJ_USER_PASSWORD": DEMO_PASSWORD,
            # Children find the package of this clone even where it is not installed.
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            **extra,
        }

    def rng(self, name: str, attempt: int) -> random.Random:
        return random.Random(f"{self.seed}-{name}-{attempt}")

    # the command
    def cli(
        self,
        db: Path,
        *args: str,
        folder: Path,
        prefix: Sequence[str] = (),
        memory_limit: int | None = None,
        env: dict[str, str] | None = None,
    ) -> Result:
        argv = nassij_argv(db, *args)
        if memory_limit:  # set in the child itself: preexec_fn is unsafe beside threads
            argv = [sys.executable, "-c", LIMITED, str(memory_limit), *argv]
        done = subprocess.run(
            [*prefix, *argv],
            capture_output=True,
            text=True,
            env=env or self.env(folder),
            cwd=folder,
            timeout=CHILD_TIMEOUT,
            check=False,
        )
        return Result(done.returncode, done.stdout, done.stderr)

    # looking at files
    def sound(self, path: Path) -> tuple[bool, str]:
        """Opened as the application opens it (finishing an interrupted upgrade), `check`."""
        with IN_PROCESS:
            try:
                database = open_database(path, create=False, backup_dir=self.backups)
            except Exception as exc:  # any refusal means "not sound"
                return False, f"does not open: {exc}"
            try:
                report = check(database)
            except Exception as exc:
                return False, f"check failed: {type(exc).__name__}: {exc}"
            finally:
                database.close()
        return report.ok, "; ".join(report.problems)[:300]

    def calibrated(self, name: str, measure: Callable[[], float]) -> float:
        with self._lock:
            lock = self._calibration_locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._calibrations:
                self._calibrations[name] = max(measure() * 1.2, 0.02)
            return self._calibrations[name]


LIMITED = (
    "import os, resource, sys; n = int(sys.argv[1]); "
    "resource.setrlimit(resource.RLIMIT_AS, (n, n)); os.execv(sys.argv[2], sys.argv[2:])"
)


def nassij_argv(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "nassij_desktop", "--lang", "en", "--db", str(db), *args]


# --- shared files, built once -------------------------------------------------------------


class Files:
    """The files every trial copies: built once, never touched afterwards."""

    def __init__(self, lab: Lab) -> None:
        base = lab.folder("originals")
        self.members = base / "members.sqlite"  # an association with 60 members, no accounts
        self.other = base / "other.sqlite"  # another association (for restores)
        self.demo = base / "demo.sqlite"  # a demo of 1 000 members, with accounts
        self.at_0004 = base / "at-0004.sqlite"  # left by the version whose newest step was 0004
        self.member_ids = self._association(self.members, "Association Al Amal", 60)
        self._association(self.other, "Association Annour", 5)
        with IN_PROCESS:
            database = open_database(self.demo, backup_dir=lab.backups)
            try:
                build_demo(database, members=1000, seed=lab.seed)
            finally:
                database.close()
        self._file_at_0004(self.at_0004, 6000)
        self.demo_fingerprint = fingerprint(self.demo)
        self.demo_digest = digest(self.demo)

    @staticmethod
    def _association(path: Path, name: str, members: int) -> list[int]:
        from nassij_desktop.core.association.services import AssociationProfile
        from nassij_desktop.core.association_file import create_association

        ids = []
        with IN_PROCESS:
            database = open_database(path, backup_dir=path.parent)
            try:
                with database.transaction() as session:
                    create_association(
                        session,
                        CLI_ACTOR,
                        AssociationProfile(name_ar="جمعية", name_fr=name, city="Tiznit"),
                    )
                with database.transaction() as session:
                    for i in range(members):
                        data = MemberData(first_name_lat=f"Member{i}", last_name_lat="Tiznit")
                        ids.append(create_member(session, CLI_ACTOR, data).id)
            finally:
                database.close()
        return ids

    @staticmethod
    def _file_at_0004(path: Path, members: int) -> None:
        engine = sa.create_engine(f"sqlite:///{path}")
        with IN_PROCESS, engine.begin() as connection:
            command.upgrade(migrate.alembic_config(connection), "0004")
        now = dt.datetime(2025, 1, 5, 10, 0)
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO association (id, name_ar, name_fr, public_utility, "
                    "fiscal_year_start_month, default_language, created_at, updated_at, "
                    "version) VALUES (1, 'جمعية', 'Ancienne', 0, 1, 'ar', :t, :t, 1)"
                ),
                {"t": now},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO member_category (id, code, label_ar, label_fr, label_en, "
                    "default_dues, votes, position, active, created_at, updated_at, version) "
                    "VALUES (1, 'active', 'عضو نشيط', 'Actif', 'Active', 10000, 1, 1, 1, "
                    ":t, :t, 1)"
                ),
                {"t": now},
            )
            connection.execute(
                sa.text(
                    "INSERT INTO member (id, number, last_name_ar, first_name_ar, gender, "
                    "nationality, id_document, join_date, status, status_since, category_id, "
                    "search_text, created_at, updated_at, version) VALUES (:id, :number, "
                    "'الناصري', 'سعاد', 'f', 'MA', 'cin', '2020-01-01', 'active', "
                    "'2020-01-01', 1, :search, :t, :t, 1)"
                ),
                [
                    {"id": i, "number": f"{i:06d}", "search": f"سعاد {i:06d}", "t": now}
                    for i in range(1, members + 1)
                ],
            )
            connection.execute(
                sa.text(
                    "INSERT INTO audit_log (at, login, entity, entity_id, action, after) "
                    "VALUES (:t, 'admin', 'member', :id, 'create', '{}')"
                ),
                [{"t": now, "id": i} for i in range(1, members + 1)],
            )
        engine.dispose()


def copy_into(folder: Path, source: Path, name: str = "association.sqlite") -> Path:
    path = folder / name
    shutil.copyfile(source, path)
    return path


# --- killing at random moments --------------------------------------------------------------


def kill_trial(
    lab: Lab,
    name: str,
    attempt: int,
    setup: Callable[[Path], tuple[list[str], Callable[[], bool], Callable[[], bool]]],
    verify: Callable[[Path, Run], Trial],
) -> Trial:
    """Calibrate once (how long the work lasts after its visible start), then kill inside."""

    def measure() -> float:
        folder = lab.folder(f"{name}-calibration")
        argv, started, done = setup(folder)
        run = run_and_kill(
            argv,
            lab.env(folder),
            started=started,
            delay=None,
            child_timeout=CHILD_TIMEOUT,
            done=done,
        )
        if run.returncode != 0 or run.until_done is None:
            raise RuntimeError(f"calibration of {name} failed: {run.stderr.strip()[-300:]}")
        return run.until_done

    window = lab.calibrated(name, measure)
    folder = lab.folder(name)
    argv, started, _done = setup(folder)
    delay = lab.rng(name, attempt).uniform(0.0, window)
    run = run_and_kill(
        argv, lab.env(folder), started=started, delay=delay, child_timeout=CHILD_TIMEOUT
    )
    trial = verify(folder, run)
    trial.unexpected = trial.unexpected or (
        not run.killed and (run.returncode < 0 or "unexpected error" in run.stderr.lower())
    )
    return trial


# --- the fault classes ----------------------------------------------------------------------


def kill_write_loop(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("kill-dues")
    db = copy_into(folder, files.members)
    rng = lab.rng("dues", attempt)
    rows = rng.randint(1, 30)

    def written(conn: sqlite3.Connection) -> int:
        try:
            return int(conn.execute("SELECT count(*) FROM dues_payment").fetchone()[0])
        except sqlite3.OperationalError:
            return 0

    with contextlib.closing(sqlite3.connect(db, timeout=10)) as watcher:
        run = run_and_kill(
            [sys.executable, "-c", DUES_LOOP, str(db), ",".join(map(str, files.member_ids))],
            lab.env(folder),
            started=lambda: written(watcher) >= rows,
            delay=rng.uniform(0.0, 0.05),
            child_timeout=CHILD_TIMEOUT,
        )
    ok, why = lab.sound(db)
    if not ok:
        return Trial(False, None, False, why)
    year = clock.today().year
    with contextlib.closing(ro(db)) as conn:
        receipts = [r[0] for r in conn.execute("SELECT receipt_number FROM dues_payment")]
        unbalanced = conn.execute(
            "SELECT count(*) FROM dues_payment p LEFT JOIN (SELECT entry_id, sum(debit) d, "
            "sum(credit) c FROM journal_line GROUP BY entry_id) l ON l.entry_id = "
            "p.journal_entry_id WHERE l.d IS NULL OR l.d != l.c OR l.d != p.amount"
        ).fetchone()[0]
        entries = conn.execute("SELECT count(*) FROM journal_entry").fetchone()[0]
    n = len(receipts)
    intact = (
        n >= rows
        and sorted(receipts) == [f"{year}-{i:05d}" for i in range(1, n + 1)]
        and unbalanced == 0
        and entries == n
    )
    note = "" if intact else f"{n} payments, {entries} entries, {unbalanced} unbalanced"
    # The loop always outlives the kill: ending first means it failed.
    return Trial(intact, None, not run.killed and run.returncode != 0, note or run.stderr[-200:])


def kill_backup(lab: Lab, files: Files, attempt: int) -> Trial:
    def setup(folder: Path) -> tuple[list[str], Callable[[], bool], Callable[[], bool]]:
        db = copy_into(folder, files.demo)
        out = folder / "usb"
        out.mkdir()
        target = out / "copy.sqlite"
        return nassij_argv(db, "backup", str(target)), new_entries_in(out), target.exists

    def verify(folder: Path, run: Run) -> Trial:
        db, target = folder / "association.sqlite", folder / "usb" / "copy.sqlite"
        intact = digest(db) == digest(files.demo)
        note = "" if intact else "the source changed"
        if target.exists():
            with contextlib.closing(ro(target)) as conn:
                whole = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            if not whole or fingerprint(target) != files.demo_fingerprint:
                intact, note = False, "a half backup under the final name"
        if digest(files.demo) != files.demo_digest:
            intact, note = False, "the original changed"
        return Trial(intact, None, False, note)

    return kill_trial(lab, "kill-backup", attempt, setup, verify)


def kill_restore(lab: Lab, files: Files, attempt: int) -> Trial:
    old, new = fingerprint(files.members), files.demo_fingerprint

    def setup(folder: Path) -> tuple[list[str], Callable[[], bool], Callable[[], bool]]:
        db = copy_into(folder, files.members)
        before = db.stat()

        def replaced() -> bool:
            now = db.stat()
            return (now.st_ino, now.st_size) != (before.st_ino, before.st_size)

        started = new_entries_in(folder, folder / "data" / "backups")
        return nassij_argv(db, "restore", str(files.demo)), started, replaced

    def verify(folder: Path, run: Run) -> Trial:
        db = folder / "association.sqlite"
        ok, why = lab.sound(db)
        found = fingerprint(db)
        if not ok or found not in (old, new) or (not run.killed and found != new):
            return Trial(False, None, False, why or f"holds {found}")
        if digest(files.demo) != files.demo_digest:
            return Trial(False, None, False, "the backup restored from was changed")
        return Trial(True, None, False)

    return kill_trial(lab, "kill-restore", attempt, setup, verify)


def kill_migration(lab: Lab, files: Files, attempt: int) -> Trial:
    head = migrate.head_revision()

    def committed(db: Path) -> str | None:
        try:
            with contextlib.closing(ro(db)) as conn:
                return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
        except (sqlite3.Error, TypeError):
            return None

    def setup(folder: Path) -> tuple[list[str], Callable[[], bool], Callable[[], bool]]:
        db = copy_into(folder, files.at_0004)
        started = new_entries_in(folder, folder / "data" / "backups")
        argv = nassij_argv(db, "members", "list", "--limit", "1")
        return argv, started, lambda: committed(db) == head

    old_schema = schema(files.at_0004)
    members = count(files.at_0004, "SELECT count(*) FROM member")

    def verify(folder: Path, run: Run) -> Trial:
        db = folder / "association.sqlite"
        with contextlib.closing(sqlite3.connect(db)) as conn:
            stamps = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        if stamps == ["0004"] and schema(db) != old_schema:
            return Trial(False, None, False, "stamped 0004 with part of the upgrade")
        if stamps not in (["0004"], [head]):
            return Trial(False, None, False, f"stamped {stamps}")
        ok, why = lab.sound(db)
        intact = ok and count(db, "SELECT count(*) FROM member") == members
        return Trial(intact, None, False, why)

    return kill_trial(lab, "kill-migration", attempt, setup, verify)


def kill_demo(lab: Lab, files: Files, attempt: int) -> Trial:
    def setup(folder: Path) -> tuple[list[str], Callable[[], bool], Callable[[], bool]]:
        db = folder / "association.sqlite"
        argv = nassij_argv(db, "demo", "--members", "300", "--seed", str(attempt))
        return argv, new_entries_in(folder), lambda: bool(count(db, "SELECT count(*) FROM member"))

    def verify(folder: Path, run: Run) -> Trial:
        db = folder / "association.sqlite"
        members = count(db, "SELECT count(*) FROM member") if db.exists() else 0
        if members == 300:
            ok, why = lab.sound(db)
            return Trial(ok, None, False, why)
        if members not in (0, None):
            return Trial(False, None, False, f"half a demo: {members} members")
        # Nothing of the demo: running it again must work (no half-made file in the way).
        again = lab.cli(db, "demo", "--members", "300", folder=folder)
        ok, why = lab.sound(db) if again.code == 0 else (False, again.brief())
        return Trial(ok, None, again.crashed, why)

    return kill_trial(lab, "kill-demo", attempt, setup, verify)


def _device_full(folder: Path) -> Path:
    """A /dev/full of our own (same device numbers), so a regression replaces only it."""
    if os.geteuid() != 0:
        return Path("/dev/full")  # not root: the real one cannot be replaced
    node = folder / "full"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    return node


def _foreign_wal(path: Path) -> bool:
    """A -wal that SQLite would not recognise (it would silently drop it, with any commit)."""
    try:
        head = path.read_bytes()[:4]
    except FileNotFoundError:
        return False
    return bool(head) and head not in (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def output_onto(kind: str, target_name: str) -> Callable[[Lab, Files, int], Trial]:
    """`report --out X` or `backup X` onto a path that must not be written."""

    def run(lab: Lab, files: Files, attempt: int) -> Trial:
        folder = lab.folder(f"{kind}-{target_name}")
        db = copy_into(folder, files.members)
        target = {
            "the db": db,
            "its -wal": Path(f"{db}-wal"),
            "its lock": Path(f"{db}.lock"),
            "a folder": folder / "documents",
            "a missing folder": folder / "nowhere" / "out.pdf",
            "/dev/full": _device_full(folder),
        }[target_name]
        if target_name == "a folder":
            target.mkdir()
        before = digest(db)
        args = (
            ("report", "member-register", "--lang", "fr", "--out", str(target))
            if kind == "report"
            else ("backup", str(target))
        )
        result = lab.cli(db, *args, folder=folder)
        intact = digest(db) == before
        notes = [] if intact else ["the association file changed"]
        if target_name == "/dev/full" and not stat.S_ISCHR(os.stat(target).st_mode):
            intact = False
            notes.append("the device node was replaced")
        if target_name == "a folder" and os.listdir(target):
            notes.append("wrote into the folder")
        if target_name == "a missing folder" and target.parent.exists():
            notes.append("created the missing folder")
        if _foreign_wal(Path(f"{db}-wal")):
            intact = False
            notes.append("something that is not a WAL was written as the file's -wal")
        ok, why = lab.sound(db)
        intact = intact and ok
        clear = result.refused_clearly() and not notes
        return Trial(intact, clear, result.crashed, "; ".join([*notes, why, result.brief()]))

    return run


def restore_zero_byte(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("restore-zero")
    db = copy_into(folder, files.members)
    empty = folder / "empty-backup.sqlite"
    empty.write_bytes(b"")
    before = digest(db)
    result = lab.cli(db, "restore", str(empty), folder=folder)
    ok, why = lab.sound(db)
    intact = ok and digest(db) == before and empty.stat().st_size == 0
    return Trial(intact, result.refused_clearly(), result.crashed, why or result.brief())


def check_zero_byte(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("check-zero")
    db = folder / "association.sqlite"
    db.write_bytes(b"")
    result = lab.cli(db, "check", folder=folder)
    intact = db.stat().st_size == 0
    note = "" if intact else "check turned the empty file into a database"
    clear = result.refused_clearly(problems_on_stdout=True)
    return Trial(intact, clear, result.crashed, note or result.brief())


def truncated(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("truncated")
    data = files.demo.read_bytes()
    sizes = [50, 100, 4096, len(data) // 2, len(data) * 3 // 4, len(data) - 4096]
    db = folder / "association.sqlite"
    db.write_bytes(data[: sizes[attempt % len(sizes)]])
    before = digest(db)
    result = lab.cli(db, "check", folder=folder)
    clear = result.refused_clearly(problems_on_stdout=True)
    return Trial(digest(db) == before, clear, result.crashed, result.brief())


def damaged_page(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("damaged")
    db = copy_into(folder, files.demo)
    rng = lab.rng("damaged", attempt)
    with contextlib.closing(ro(files.demo)) as conn:
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        (pages,) = conn.execute("PRAGMA page_count").fetchone()
    page = min(300, pages // 2) + rng.randrange(0, 50)  # counted from 0, as the review did
    with db.open("r+b") as f:
        f.seek(page * page_size)
        f.write(rng.randbytes(200))
    before = digest(db)
    result = lab.cli(db, "check", folder=folder)
    clear = result.refused_clearly(problems_on_stdout=True)
    return Trial(digest(db) == before, clear, result.crashed, result.brief())


def _nobody(lab: Lab) -> tuple[str, ...] | None:
    """How to run as an unprivileged user (root ignores file permissions); None: cannot."""
    if "nobody" in lab.probes:
        return lab.probes["nobody"]  # type: ignore[no-any-return]
    found: tuple[str, ...] | None = None
    if os.geteuid() != 0:
        found = ()
    elif shutil.which("setpriv"):
        base = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")
        # The interpreter may live under root's home (pyenv): the capability lets the user read
        # it, and nothing else; writing is still checked as that user.
        caps = (*base, "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search")
        for prefix in (base, caps):
            probe = subprocess.run(
                [*prefix, sys.executable, "-c", "import nassij_desktop"],
                capture_output=True,
                text=True,
                cwd="/",
                check=False,
            )
            if probe.returncode == 0:
                found = prefix
                break
            lab.probes["nobody-why"] = (probe.stderr.strip().splitlines() or ["?"])[-1]
    lab.probes["nobody"] = found
    return found


@contextlib.contextmanager
def traversable_folder() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="nassij-faults-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def read_only(layout: str) -> Callable[[Lab, Files, int], Trial]:
    def run(lab: Lab, files: Files, attempt: int) -> Trial:
        prefix = _nobody(lab)
        if prefix is None:
            why = lab.probes.get("nobody-why", "not root, cannot switch user")
            raise Skip(f"no unprivileged user can run the virtual environment ({why})")
        uid = 65534
        own = (lambda p: os.chown(p, uid, uid)) if os.geteuid() == 0 else (lambda p: None)
        with traversable_folder() as base:
            data = base / "data"
            data.mkdir()
            own(data)
            folder = base / "files"
            folder.mkdir()
            db = copy_into(folder, files.members)
            own(db)
            if layout == "file":
                own(folder)
                db.chmod(0o444)
            else:
                folder.chmod(0o555)
            before = digest(db)
            env = lab.env(base, HOME=str(data))
            add = ("members", "add", "--first-name-lat", "Hafsa", "--last-name-lat", "Alaoui")
            write = lab.cli(db, *add, folder=base, prefix=prefix, env=env)
            read = lab.cli(db, "check", folder=base, prefix=prefix, env=env)
            clear = (
                write.refused_clearly()
                and "read-only" in write.err.lower()
                and read.code == 0
                and "The file is sound." in read.out
            )
            wrote_clearly = write.refused_clearly() and "read-only" in write.err.lower()
            note = f"write {write.brief()}" if not wrote_clearly else f"read {read.brief()}"
            intact = digest(db) == before
            return Trial(intact, clear, write.crashed or read.crashed, note)

    return run


UNSHARE = ("unshare", "-m", "--propagation", "private")


def _tmpfs(lab: Lab) -> bool:
    if "tmpfs" not in lab.probes:
        ok = os.geteuid() == 0 and shutil.which("unshare") is not None
        if ok:
            probe_dir = lab.folder("tmpfs-probe")
            probe = subprocess.run(
                [*UNSHARE, "mount", "-t", "tmpfs", "tmpfs", str(probe_dir)],
                capture_output=True,
                check=False,
            )
            ok = probe.returncode == 0
        lab.probes["tmpfs"] = ok
    return bool(lab.probes["tmpfs"])


def disk_full(lab: Lab, files: Files, attempt: int) -> Trial:
    if not _tmpfs(lab):
        raise Skip("needs root and a private mount namespace (unshare -m) for a small tmpfs")
    scenario = ["demo", "donations record", "restore", "backup"][attempt % 4]
    folder = lab.folder(f"disk-full-{scenario.replace(' ', '-')}")
    mount = folder / "small-disk"
    mount.mkdir()
    db = mount / "association.sqlite"
    steps: list[list[Any]]
    if scenario == "demo":
        steps = [["run", nassij_argv(db, "demo", "--members", "3000")], ["list"]]
        steps += [["run", nassij_argv(db, "check")]]
    elif scenario == "donations record":
        steps = [
            ["copy", str(files.members), str(db)],
            ["fill", 12],  # room to open the file, not to write the transaction
            ["run", nassij_argv(db, "donations", "record", "--donor", "X", "--amount", "500")],
            ["unfill"],
            ["run", nassij_argv(db, "check")],
            ["run", nassij_argv(db, "donations", "list", "--format", "json")],
        ]
    elif scenario == "restore":
        steps = [
            ["copy", str(files.members), str(db)],
            ["sha256", str(db)],
            ["run", nassij_argv(db, "restore", str(files.demo))],
            ["sha256", str(db)],
            ["run", nassij_argv(db, "check")],
        ]
    else:
        source = copy_into(folder, files.demo)
        steps = [["run", nassij_argv(source, "backup", str(mount / "copy.sqlite"))], ["list"]]
    spec = json.dumps({"mount": str(mount), "size": "2m", "steps": steps})
    done = subprocess.run(
        [*UNSHARE, sys.executable, "-c", NAMESPACE_DRIVER, spec],
        capture_output=True,
        text=True,
        env=lab.env(folder),
        timeout=CHILD_TIMEOUT * 3,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-300:])
    found = json.loads(done.stdout)
    runs = [Result(r["code"], r["out"], r["err"]) for r in found if isinstance(r, dict)]
    first = runs[0]
    clear = first.refused_clearly() and "disk is full" in first.err.lower()
    crashed = any(r.crashed for r in runs)
    if scenario == "demo":
        intact = "association.sqlite" not in found[1] or runs[1].code == 0
    elif scenario == "donations record":
        intact = runs[1].code == 0 and runs[2].code == 0 and json.loads(runs[2].out or "0") == []
    elif scenario == "restore":
        intact = found[0] == found[2] and runs[1].code == 0
    else:
        intact = found[1] == [] and digest(folder / "association.sqlite") == digest(files.demo)
    later = next((r for r in runs[1:] if r.code != 0), None)
    note = f"{scenario}: {first.brief()}" + (f"; then {later.brief()}" if later else "")
    return Trial(intact, clear, crashed, note)


HOLDER = r"""
import select, sys
from pathlib import Path
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import lockfile, open_database

path = Path(sys.argv[1])
database = open_database(path, create=False)
lock = lockfile.acquire(path)
print("ready", flush=True)
written = 0
while not select.select([sys.stdin], [], [], 0.02)[0]:
    with database.transaction() as session:
        create_member(session, CLI_ACTOR, MemberData(first_name_lat=f"H{written}",
                                                     last_name_lat="Holder"))
    written += 1
database.close()
lock.release()
print(written)
"""


def restore_while_held(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("restore-held")
    db = copy_into(folder, files.members)
    base = count(db, "SELECT count(*) FROM member") or 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        env=lab.env(folder),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        if holder.stdout.readline().strip() != "ready":
            raise RuntimeError("the holder did not start")
        result = lab.cli(db, "restore", str(files.other), folder=folder)
        during = count(db, "SELECT count(*) FROM member") or 0
        deadline = time.monotonic() + 60
        while (count(db, "SELECT count(*) FROM member") or 0) <= during + 2:
            if holder.poll() is not None or time.monotonic() > deadline:
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                holder.wait(timeout=0.01)
        out, err = holder.communicate(timeout=60)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    written = int(out.strip().splitlines()[-1]) if holder.returncode == 0 else -1
    ok, why = lab.sound(db)
    intact = ok and count(db, "SELECT count(*) FROM member") == base + written and written > 0
    clear = result.refused_clearly() and socket.gethostname() in result.err
    note = why or (err.strip()[-200:] if holder.returncode else result.brief())
    return Trial(intact, clear, result.crashed, note)


def _each_command(lab: Lab, files: Files, folder: Path, db: Path, attempt: int) -> Result:
    commands: list[tuple[str, ...]] = [
        ("check",),
        ("members", "list"),
        ("members", "add", "--first-name-lat", "Hafsa", "--last-name-lat", "Alaoui"),
        ("backup", str(folder / "copy.sqlite")),
        ("restore", str(files.other)),
        ("init", "--name-ar", "جمعية", "--name-fr", "Asso"),
    ]
    return lab.cli(db, *commands[attempt % len(commands)], folder=folder)


def foreign_sqlite(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("foreign")
    db = folder / "association.sqlite"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("INSERT INTO recipe (name) VALUES ('harira')")
        conn.commit()
    before = digest(db)
    result = _each_command(lab, files, folder, db, attempt)
    leftovers = sorted(set(os.listdir(folder)) - {db.name, "data"})
    intact = digest(db) == before and not leftovers
    clear = result.refused_clearly(problems_on_stdout=True)
    note = f"left {leftovers}" if leftovers else result.brief()
    return Trial(intact, clear, result.crashed, note)


def two_versions(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("two-versions")
    db = copy_into(folder, files.members)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("INSERT INTO alembic_version (version_num) VALUES ('0004')")
        conn.commit()
    before = digest(db)
    with contextlib.closing(ro(db)) as conn:
        records = list(conn.iterdump())
    result = _each_command(lab, files, folder, db, attempt)
    clear = result.refused_clearly(problems_on_stdout=True)
    if attempt % 6 == 4 and result.code == 0:  # restore over it: fine if it was kept aside
        kept = any(_dump(p) == records for p in (folder / "data").rglob("*.sqlite"))
        return Trial(kept, True, result.crashed, "" if kept else "replaced, and not kept")
    return Trial(digest(db) == before, clear, result.crashed, result.brief())


def _dump(path: Path) -> list[str] | None:
    try:
        with contextlib.closing(ro(path)) as conn:
            return list(conn.iterdump())
    except sqlite3.Error:
        return None


SEARCH_WITH_NUL = r"""
import sys
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.search import MemberFilter, search_member_ids
from nassij_desktop.storage import open_database

database = open_database(sys.argv[1], create=False)
with database.session() as session:
    for query in ("Memb\x00er1", "\x00", "\x00\x01\x1b[31m", "Member1\x00"):
        search_member_ids(session, CLI_ACTOR, query, MemberFilter())
database.close()
print("searched")
"""


def nul_in_search(lab: Lab, files: Files, attempt: int) -> Trial:
    """A NUL cannot travel in a command line: the search box's path (the service) in a child,
    and the command with the other control characters."""
    folder = lab.folder("nul-search")
    db = copy_into(folder, files.members)
    before = digest(db)
    child = subprocess.run(
        [sys.executable, "-c", SEARCH_WITH_NUL, str(db)],
        capture_output=True,
        text=True,
        env=lab.env(folder),
        timeout=CHILD_TIMEOUT,
        check=False,
    )
    cli = lab.cli(db, "members", "list", "--search", "\x1b[31mMember1\x07", folder=folder)
    service_ok = child.returncode == 0 and "searched" in child.stdout
    clear = service_ok and cli.code == 0 and "\x1b" not in cli.out
    note = "" if service_ok else (child.stderr.strip().splitlines() or ["?"])[-1]
    crashed = not service_ok or cli.crashed
    return Trial(digest(db) == before, clear, crashed, note or cli.brief())


def crafted_settings(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("crafted-settings")
    db = copy_into(folder, files.members)
    value = ["50000000", "'not json", '"twelve"', "-3", "1e400"][attempt % 5]
    now = clock.now().isoformat(sep=" ")
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute(
            "INSERT INTO setting (key, value, created_at, updated_at, version) "
            "VALUES ('members.number_width', ?, ?, ?, 1) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (value, now, now),
        )
        conn.commit()
    members = count(db, "SELECT count(*) FROM member")
    size = db.stat().st_size
    add = ("members", "add", "--first-name-lat", "Hafsa", "--last-name-lat", "Alaoui")
    result = lab.cli(db, *add, folder=folder, memory_limit=MEMORY_LIMIT)
    checked = lab.cli(db, "check", folder=folder, memory_limit=MEMORY_LIMIT)
    intact = count(db, "SELECT count(*) FROM member") == members and db.stat().st_size < size * 4
    clear = (
        result.refused_clearly()
        and checked.code == 1
        and "number_width" in checked.out + checked.err
    )
    note = f"width {value}: {result.brief()}; check {checked.brief()}"
    return Trial(intact, clear, result.crashed or checked.crashed, note)


def tampered_audit(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("tampered-audit")
    db = copy_into(folder, files.members)
    rng = lab.rng("audit", attempt)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM audit_log ORDER BY id")]
        # Not the last row: deleting only the last rows cannot be seen from the file alone.
        victim = ids[rng.randrange(len(ids) - 1)]
        if attempt % 2:
            conn.execute("DELETE FROM audit_log WHERE id = ?", (victim,))
        else:
            conn.execute("UPDATE audit_log SET login = 'someone' WHERE id = ?", (victim,))
        conn.commit()
    before = digest(db)
    result = lab.cli(db, "check", folder=folder)
    found = result.code == 1 and "audit" in (result.out + result.err).lower()
    clear = found and not result.crashed
    return Trial(digest(db) == before, clear, result.crashed, result.brief())


def foreign_trigger(lab: Lab, files: Files, attempt: int) -> Trial:
    folder = lab.folder("foreign-trigger")
    db = copy_into(folder, files.members)
    with contextlib.closing(sqlite3.connect(db)) as conn:
        if attempt % 2:
            conn.execute(
                "CREATE TRIGGER t_hide AFTER INSERT ON audit_log "
                "BEGIN DELETE FROM audit_log WHERE id = new.id; END"
            )
        else:
            conn.execute(
                "CREATE TRIGGER t_phone AFTER INSERT ON dues_payment BEGIN UPDATE member "
                "SET phone = '+212600000000' WHERE id = new.member_id; END"
            )
        conn.commit()
    audit = count(db, "SELECT count(*) FROM audit_log")
    args = (
        ("members", "add", "--first-name-lat", "Hafsa", "--last-name-lat", "Alaoui")
        if attempt % 2
        else ("dues", "record", "000001", "--year", str(clock.today().year), "--amount", "100")
    )
    result = lab.cli(db, *args, folder=folder)
    phones = count(db, "SELECT count(*) FROM member WHERE phone = '+212600000000'")
    intact = count(db, "SELECT count(*) FROM audit_log") == audit and not phones
    return Trial(intact, result.refused_clearly(), result.crashed, result.brief())


def deleted_wal(lab: Lab, files: Files, attempt: int) -> Trial:
    """Updates through the command, then the -wal deleted (a copy made of the file alone, an
    over-eager cleaner): every update must already be in the file, checkpointed at close."""
    folder = lab.folder("deleted-wal")
    db = copy_into(folder, files.other)
    before = count(db, "SELECT count(*) FROM member") or 0
    updates = 10
    results = [
        lab.cli(
            db,
            "members",
            "add",
            "--first-name-lat",
            f"W{i}",
            "--last-name-lat",
            "Wal",
            folder=folder,
        )
        if i % 2 == 0
        else lab.cli(db, "members", "status", f"{i:06d}", "resigned", folder=folder)
        for i in range(1, updates + 1)
    ]
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    added = count(db, "SELECT count(*) FROM member") == before + updates // 2
    resigned = count(db, "SELECT count(*) FROM member WHERE status = 'resigned'")
    ok, why = lab.sound(db)
    failed = [r for r in results if r.code != 0]
    intact = ok and added and resigned == updates // 2
    note = why or (failed[0].brief() if failed else f"{resigned} of {updates // 2} resigned")
    return Trial(intact and not failed, None, any(r.crashed for r in results), note)


class Skip(Exception):
    """A class that cannot run on this machine, with the reason."""


def fault_classes(lab: Lab, files: Files, tries: int, kill_tries: int) -> list[FaultClass]:
    def bound(
        function: Callable[[Lab, Files, int], Trial],
    ) -> Callable[[Lab, int], Trial]:
        return lambda lab, attempt: function(lab, files, attempt)

    classes = [
        ("SIGKILL: dues write loop", kill_tries, kill_write_loop),
        ("SIGKILL: backup", kill_tries, kill_backup),
        ("SIGKILL: restore", kill_tries, kill_restore),
        ("SIGKILL: migration 0004 → head", kill_tries, kill_migration),
        ("SIGKILL: demo generation", kill_tries, kill_demo),
    ]
    for target in ("the db", "its -wal", "its lock", "a folder", "a missing folder", "/dev/full"):
        classes.append((f"report --out onto {target}", tries, output_onto("report", target)))
    for target in ("its -wal", "/dev/full", "a folder"):
        classes.append((f"backup onto {target}", tries, output_onto("backup", target)))
    classes += [
        ("restore of a zero-byte file", tries, restore_zero_byte),
        ("check on a zero-byte file", tries, check_zero_byte),
        ("truncated file (50 B … all but a page)", tries, truncated),
        ("damaged page (200 random bytes)", tries, damaged_page),
        ("read-only file (unprivileged user)", tries, read_only("file")),
        ("read-only folder (unprivileged user)", tries, read_only("folder")),
        ("disk full (small tmpfs)", tries, disk_full),
        ("restore while the file is held open", tries, restore_while_held),
        ("another program's SQLite file", tries, foreign_sqlite),
        ("two alembic_version rows", tries, two_versions),
        ("NUL and control characters in a search", tries, nul_in_search),
        ("crafted setting (members.number_width)", tries, crafted_settings),
        ("tampered audit row", tries, tampered_audit),
        ("foreign trigger", tries, foreign_trigger),
        ("-wal deleted after close (10 updates per try)", tries, deleted_wal),
    ]
    return [FaultClass(name, n, bound(function)) for name, n, function in classes]


# --- running and reporting ------------------------------------------------------------------


def run_one(lab: Lab, fault: FaultClass, attempt: int, skipped: dict[str, str]) -> None:
    if fault.name in skipped:
        return
    try:
        trial = fault.run(lab, attempt)
    except Skip as reason:
        skipped[fault.name] = str(reason)
        return
    except Exception as exc:  # the harness failing is reported, not hidden
        trial = Trial(False, None, False, f"not run: {type(exc).__name__}: {exc}", harness=True)
    fault.trials.append(trial)
    mark = "ok" if trial.survived and not trial.unexpected and trial.clear is not False else "!!"
    print(f"  {mark} {fault.name} #{attempt + 1}: {trial.note[:160]}", file=sys.stderr)


def table(faults: list[FaultClass], skipped: dict[str, str]) -> str:
    lines = [
        "| fault / bad-input class | tried | survived (data intact) | clear message "
        "| unexpected error (should be 0) | data lost (should be 0) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for fault in faults:
        if fault.name in skipped:
            reason = skipped[fault.name]
            lines.append(f"| {fault.name} | 0 | — | — | — | — (skipped: {reason}) |")
            continue
        trials = [t for t in fault.trials if not t.harness]
        clear = [t.clear for t in trials if t.clear is not None]
        lines.append(
            f"| {fault.name} | {len(trials)} | {sum(t.survived for t in trials)} | "
            f"{sum(clear) if clear else '—'} | {sum(t.unexpected for t in trials)} | "
            f"{sum(t.lost for t in trials)} |"
        )
    return "\n".join(lines)


def _general(note: str) -> str:
    """A note without its paths, so that the same failure on two files reads the same."""
    note = re.sub(r"[\u2066-\u2069]", "", note)
    return re.sub(r"/\S*", "…", note)


def details(faults: list[FaultClass]) -> str:
    out = []
    for fault in faults:
        seen: set[str] = set()
        for trial in fault.trials:
            bad = trial.harness or trial.lost or trial.unexpected or trial.clear is False
            note = _general(trial.note)
            if bad and note not in seen:
                seen.add(note)
                out.append(f"- {fault.name}: {note}")
    return "\n".join(out)


def package_state() -> dict[str, int]:
    """The package's source files and their times: the children import the package afresh,
    so an edit during the run (a new migration…) would mix two versions in one table."""
    package = ROOT / "nassij_desktop"
    return {str(p.relative_to(package)): p.stat().st_mtime_ns for p in package.rglob("*.py")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=5, help="tries per class (default 5)")
    parser.add_argument("--kill-tries", type=int, default=10, help="tries per SIGKILL class")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--only", default="", help="run only classes whose name contains this")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    set_language("en")
    started = time.monotonic()
    package_before = package_state()
    root = Path(tempfile.mkdtemp(prefix="nassij-faults-"))
    os.environ["NASSIJ_DATA_DIR"] = str(root / "data")  # this process's own safety copies
    try:
        lab = Lab(root, args.seed)
        print(f"building the files in {root} …", file=sys.stderr)
        files = Files(lab)
        faults = [
            f
            for f in fault_classes(lab, files, args.tries, args.kill_tries)
            if args.only.lower() in f.name.lower()
        ]
        skipped: dict[str, str] = {}
        work = [(fault, attempt) for fault in faults for attempt in range(fault.tries)]
        # Interleave the classes, so that two slow ones do not end up alone at the end.
        random.Random(args.seed).shuffle(work)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            for future in [pool.submit(run_one, lab, f, a, skipped) for f, a in work]:
                future.result()
        print(table(faults, skipped))
        problems = details(faults)
        if problems:
            print("\nWhat went wrong (first of each kind):\n" + problems)
        changed = sorted(set(package_state().items()) ^ set(package_before.items()))
        if changed:
            names = ", ".join(sorted({name for name, _ in changed})[:5])
            print(f"\nWARNING: the package changed during the run ({names}): run it again.")
        elapsed = time.monotonic() - started
        print(f"\n{len(work)} trials in {elapsed:.0f} s (seed {args.seed}).", file=sys.stderr)
        bad = any((t.lost or t.unexpected) and not t.harness for f in faults for t in f.trials)
        return 1 if bad or changed else 0
    finally:
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
