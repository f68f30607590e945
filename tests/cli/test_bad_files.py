"""Every kind of bad file, under every command that opens one: a sentence, never a trace, and
the file left as it was.

A file is bad in the ways laptops and USB sticks make it so: empty after a crash, missing, cut
short by a copy, a damaged page, another program's file, a file tampered with. The commands
run in this process (`nassij_desktop.cli.main`, fast) and once per kind through the module's
entry point (`python -m nassij_desktop`: its exit status), one kind of them in a real process.
Read-only files and folders are tried as an unprivileged user, a full disk on a small tmpfs in
a private mount namespace, and a restore against a file another process holds open, with that
process writing all along.

Contract for a refusal: exit 1, one line on stderr (`check` may instead list its problems on
stdout), no "unexpected error", no traceback, and the file byte for byte as it was. A command
whose purpose is to write the file (`init`, `restore`) may succeed only when nothing is lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import pwd
import random
import runpy
import select
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fault_kit import NAMESPACE_DRIVER

from nassij_desktop.cli import main
from tests.shared_files import copy_of, shared_demo

DEMO_PASSWORD = "demo-password"  # the demo generator's public password (core/demo/builder.py)
KINDS = (
    "zero_bytes",
    "missing",
    "truncated_50",
    "truncated_100",
    "truncated_4096",
    "truncated_half",
    "damaged_page",
    "random_bytes",
    "foreign_sqlite",
    "two_versions",
)
COMMANDS = ("check", "members list", "members add", "backup", "restore", "report")
# A damaged page may lie where a command never reads: adding one member or copying the pages
# (SQLite's backup API copies pages without reading them as records) can then succeed.
MAY_SUCCEED = {("damaged_page", "members add"), ("damaged_page", "backup")}
SUBPROCESS_TIMEOUT = 180


# --- running the command ------------------------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]


def nassij(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Result:
    capsys.readouterr()
    try:
        code = main(["--lang", "en", "--db", str(db), *args])
    except SystemExit as exc:  # argparse: usage errors
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "NASSIJ_DATA_DIR": str(data_dir),
        "NASSIJ_LANG": "en",
        "LANG": "C.UTF-8",
        "NASSIJ_USER": "admin",
        "NASSIJ_USER_PASSWORD": DEMO_PASSWORD,
        **extra,
    }


def nassij_process(
    db: Path, *args: str, env: dict[str, str], prefix: tuple[str, ...] = (), cwd: Path | None = None
) -> Result:
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "nassij_desktop", "--lang", "en", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def assert_no_crash(result: Result) -> None:
    for text in (result.out, result.err):
        assert "unexpected error" not in text.lower(), text
        assert "Traceback" not in text, text


def assert_refused(result: Result, *, command: str = "") -> None:
    assert_no_crash(result)
    assert result.code == 1, (result.code, result.out, result.err)
    if command == "check" and not result.err_lines:
        assert "PROBLEM" in result.out, result.out  # problems found by reading the file
    else:
        assert len(result.err_lines) == 1, result.err


# --- files --------------------------------------------------------------------------------


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def sqlite_dump(path: Path) -> list[str] | None:
    uri = f"file:{path}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
            return list(conn.iterdump())
    except sqlite3.Error:
        return None


def fingerprint(path: Path) -> tuple[str, int]:
    uri = f"file:{path}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as conn:
        (name,) = conn.execute("SELECT name_fr FROM association").fetchone()
        (members,) = conn.execute("SELECT count(*) FROM member").fetchone()
    return name, members


def page_of_member_table(path: Path, near: int) -> int:
    """A page of the member table at or after SQLite page `near` (1-based), so that the damage
    lies where `members list` and the register must read."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        try:
            pages = [
                row[0]
                for row in conn.execute(
                    "SELECT pageno FROM dbstat WHERE name = 'member' AND pageno >= ? "
                    "ORDER BY pageno LIMIT 1",
                    (near,),
                )
            ]
        except sqlite3.OperationalError:  # SQLite built without dbstat: the review's page
            return near
    assert pages, "the demo file has no member page after page {near}"
    return pages[0]


def make_bad_file(kind: str, path: Path, demo: Path, template: Path) -> None:
    rng = random.Random(kind)
    if kind == "zero_bytes":
        path.write_bytes(b"")
    elif kind == "missing":
        pass
    elif kind.startswith("truncated_"):
        data = demo.read_bytes()
        size = len(data) // 2 if kind == "truncated_half" else int(kind.split("_")[1])
        path.write_bytes(data[:size])
    elif kind == "damaged_page":
        shutil.copyfile(demo, path)
        with contextlib.closing(sqlite3.connect(f"file:{demo}?mode=ro", uri=True)) as conn:
            (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        # "Page 300" counted from 0, as the review did: SQLite numbers it 301.
        page = page_of_member_table(demo, 301)
        with path.open("r+b") as f:
            f.seek((page - 1) * page_size)
            f.write(rng.randbytes(200))
    elif kind == "random_bytes":
        path.write_bytes(rng.randbytes(20_000))
    elif kind == "foreign_sqlite":
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("CREATE TABLE recipe (id INTEGER PRIMARY KEY, name TEXT)")
            conn.executemany("INSERT INTO recipe (name) VALUES (?)", [("harira",), ("msemen",)])
            conn.commit()
    elif kind == "two_versions":
        shutil.copyfile(template, path)
        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("INSERT INTO alembic_version (version_num) VALUES ('0004')")
            conn.commit()
    else:
        raise AssertionError(kind)


def command_args(command: str, work: Path, good_backup: Path) -> list[str]:
    return {
        "check": ["check"],
        "members list": ["members", "list"],
        "members add": ["members", "add", "--first-name-ar", "سعاد", "--last-name-ar", "الناصري"],
        "backup": ["backup", str(work / "copy.sqlite")],
        "restore": ["restore", str(good_backup)],
        "report": ["report", "member-register", "--lang", "fr", "--out", str(work / "reg.pdf")],
    }[command]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo association of 3 000 members (with accounts), this module's own copy of the
    run's shared one: the one tests/storage/test_recover.py damages, built once for both."""
    template = shared_demo(tmp_path_factory, members=3000, seed=1, today=dt.date(2026, 11, 24))
    return copy_of(template, tmp_path_factory.mktemp("demo"))


@pytest.fixture
def good_backup(association_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "kept" / "backup.sqlite"
    path.parent.mkdir()
    shutil.copyfile(association_template, path)
    return path


@pytest.fixture(autouse=True)
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    # Files made from the demo have accounts; a file without accounts ignores these.
    monkeypatch.setenv("NASSIJ_USER", "admin")
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", DEMO_PASSWORD)


# --- every kind under every command ---------------------------------------------------------


def _content_kept_somewhere(original: bytes, dump: list[str] | None, root: Path) -> bool:
    """A safety copy of the replaced file exists: the same pages (a page-by-page copy rewrites
    only the 100-byte file header), or, for a readable database, the same records."""
    for candidate in root.rglob("*"):
        if not candidate.is_file():
            continue
        if candidate.stat().st_size == len(original):
            data = candidate.read_bytes()
            if data[100:] == original[100:] and data[:16] == original[:16]:
                return True
        if dump is not None and sqlite_dump(candidate) == dump:
            return True
    return False


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_file_is_refused_in_a_sentence_and_left_as_it_was(
    kind: str,
    command: str,
    demo_file: Path,
    association_template: Path,
    good_backup: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    db = work / "association.sqlite"
    make_bad_file(kind, db, demo_file, association_template)
    before = digest(db)
    original = db.read_bytes() if db.exists() else b""
    dump = sqlite_dump(db) if kind == "two_versions" else None

    result = nassij(capsys, db, *command_args(command, work, good_backup))

    assert_no_crash(result)
    if command == "restore" and result.code == 0:
        # Restoring over a bad file is what a backup is for, if nothing of it is lost.
        assert kind != "foreign_sqlite", "another program's database was replaced"
        assert fingerprint(db) == fingerprint(good_backup)
        assert nassij(capsys, db, "check").code == 0
        if original:
            assert _content_kept_somewhere(original, dump, tmp_path / "nassij-data"), (
                "the replaced file was not kept"
            )
        return
    if (kind, command) in MAY_SUCCEED and result.code == 0:
        assert not result.err_lines, result.err
        return
    assert_refused(result, command=command)
    assert digest(db) == before, "the file was changed"
    assert not (work / "copy.sqlite").exists() and not (work / "reg.pdf").exists()
    if kind == "missing":
        assert sorted(os.listdir(work)) == [], "a refused command left files behind"
    if kind == "foreign_sqlite":
        assert db.read_bytes()[18:20] == b"\x01\x01", "switched to WAL"
        assert sorted(os.listdir(work)) == [db.name], "files were left beside it"


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_backup_is_not_restored_and_nothing_changes(
    kind: str,
    demo_file: Path,
    association_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "association.sqlite"
    shutil.copyfile(association_template, db)
    bad = tmp_path / "from-usb" / "backup.sqlite"
    bad.parent.mkdir()
    make_bad_file(kind, bad, demo_file, association_template)
    before_db, before_bad = digest(db), digest(bad)

    result = nassij(capsys, db, "restore", str(bad))

    assert_refused(result)
    assert digest(db) == before_db
    assert digest(bad) == before_bad
    assert nassij(capsys, db, "check").code == 0


def nassij_entry_point(
    capsys: pytest.CaptureFixture[str], db: Path, *args: str, env: dict[str, str]
) -> Result:
    """`python -m nassij_desktop …` run in this process: the module's own `SystemExit`, with
    `env` as the process's environment. One kind still starts a real process (a process costs
    most of a second: KINDS of them were 10 % of this module)."""
    capsys.readouterr()
    argv = ["nassij", "--lang", "en", "--db", str(db), *args]
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        patch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as exit_info:
            runpy.run_module("nassij_desktop", run_name="__main__", alter_sys=False)
    captured = capsys.readouterr()
    code = exit_info.value.code
    return Result(
        code if isinstance(code, int) else int(code is not None), captured.out, captured.err
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_real_process_exits_1_with_one_line(
    kind: str,
    demo_file: Path,
    association_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "association.sqlite"
    make_bad_file(kind, db, demo_file, association_template)
    before = digest(db)
    env = cli_env(tmp_path / "data")
    if kind == "damaged_page":
        result = nassij_process(db, "members", "list", env=env)
    else:
        result = nassij_entry_point(capsys, db, "members", "list", env=env)
    assert_refused(result)
    assert digest(db) == before


def test_init_may_create_into_an_empty_file_but_check_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "association.sqlite"
    db.write_bytes(b"")
    assert_refused(nassij(capsys, db, "check"), command="check")
    assert db.stat().st_size == 0
    created = nassij(capsys, db, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal")
    assert created.code == 0, created.err
    assert nassij(capsys, db, "check").code == 0
    assert fingerprint(db) == ("Al Amal", 0)


@pytest.mark.parametrize("kind", ["random_bytes", "foreign_sqlite", "two_versions"])
def test_init_does_not_write_over_a_file_that_holds_something(
    kind: str,
    demo_file: Path,
    association_template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "association.sqlite"
    make_bad_file(kind, db, demo_file, association_template)
    before = digest(db)
    result = nassij(capsys, db, "init", "--name-ar", "جمعية", "--name-fr", "Asso")
    assert_refused(result)
    assert digest(db) == before


# --- read-only file, read-only folder ------------------------------------------------------

NOBODY = 65534


def _nobody_uid() -> int:
    try:
        return pwd.getpwnam("nobody").pw_uid
    except KeyError:
        return NOBODY


def _unprivileged_prefix() -> tuple[str, ...]:
    """How to run the CLI as a user whom file permissions apply to (root ignores them)."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot drop to an unprivileged user")
    uid = _nobody_uid()
    base = ("setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups")
    probe = [sys.executable, "-c", "import nassij_desktop"]
    for prefix in (
        base,
        # The interpreter may live under root's home (pyenv): then the user is given the right
        # to read and traverse, and nothing else; writing is still checked as that user.
        (*base, "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search"),
    ):
        done = subprocess.run(
            [*prefix, *probe], capture_output=True, text=True, cwd="/", check=False, timeout=60
        )
        if done.returncode == 0:
            return prefix
    pytest.skip(f"the virtual environment cannot be run by uid {uid}: {done.stderr.strip()}")


@contextlib.contextmanager
def traversable_folder() -> Iterator[Path]:
    # tmp_path lives under /tmp/pytest-of-root (0700): another user could not reach it.
    folder = Path(tempfile.mkdtemp(prefix="nassij-readonly-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


def _give(path: Path, uid: int) -> None:
    if os.geteuid() == 0:
        os.chown(path, uid, uid)


@pytest.fixture
def file_with_members(
    association_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    db = tmp_path / "source" / "association.sqlite"
    db.parent.mkdir()
    shutil.copyfile(association_template, db)
    for first, last in (("Souad", "Naciri"), ("Driss", "Abbadi"), ("Nadia", "Berrada")):
        added = nassij(
            capsys, db, "members", "add", "--first-name-lat", first, "--last-name-lat", last
        )
        assert added.code == 0, added.err
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file alone holds everything
    return db


@pytest.mark.parametrize("layout", ["read-only file", "read-only folder"])
def test_a_read_only_file_or_folder_is_read_and_writes_are_refused(
    layout: str, file_with_members: Path
) -> None:
    prefix = _unprivileged_prefix()
    uid = _nobody_uid()
    with traversable_folder() as base:
        data = base / "data"
        data.mkdir()
        _give(data, uid)
        folder = base / "files"
        folder.mkdir()
        db = folder / "association.sqlite"
        shutil.copyfile(file_with_members, db)
        backup = data / "backup.sqlite"
        shutil.copyfile(file_with_members, backup)
        _give(backup, uid)
        if layout == "read-only file":
            _give(folder, uid)  # the user may write in the folder, not the file
            _give(db, uid)
            db.chmod(0o444)
        else:
            _give(db, uid)  # the user owns the file, but may not write in its folder
            folder.chmod(0o555)
        before = digest(db)
        env = cli_env(data, HOME=str(data))

        def run(*args: str) -> Result:
            result = nassij_process(db, *args, env=env, prefix=prefix, cwd=base)
            assert_no_crash(result)
            return result

        checked = run("check")
        assert checked.code == 0, checked.out + checked.err
        assert "The file is sound." in checked.out
        assert "PROBLEM" not in checked.out  # e.g. no false "search index out of date"
        listed = run("members", "list")
        assert listed.code == 0, listed.err
        assert all(name in listed.out for name in ("Naciri", "Abbadi", "Berrada"))
        for args in (
            ("members", "add", "--first-name-lat", "Hafsa", "--last-name-lat", "Alaoui"),
            ("restore", str(backup)),
        ):
            refused = run(*args)
            assert_refused(refused)
            assert "read-only" in refused.err.lower(), refused.err
        assert digest(db) == before


# --- a full disk ----------------------------------------------------------------------------


def _namespace_available(mount: Path) -> str | None:
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    if shutil.which("unshare") is None:
        return "unshare is not installed"
    probe = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "mount", "-t", "tmpfs", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return None if probe.returncode == 0 else f"no private tmpfs here: {probe.stderr.strip()}"


def on_small_disk(mount: Path, size: str, steps: list[list[Any]], env: dict[str, str]) -> list[Any]:
    spec = json.dumps({"mount": str(mount), "size": size, "steps": steps})
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", sys.executable, "-c", NAMESPACE_DRIVER, spec],
        capture_output=True,
        text=True,
        env=env,
        timeout=SUBPROCESS_TIMEOUT * 3,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout))


def _cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "nassij_desktop", "--lang", "en", "--db", str(db), *args]


def assert_disk_full(found: dict[str, Any]) -> None:
    result = Result(int(found["code"]), str(found["out"]), str(found["err"]))
    assert_refused(result)
    assert "disk is full" in result.err.lower(), result.err


@pytest.mark.parametrize("command", ["demo", "donations record", "restore", "backup"])
def test_a_full_disk_is_said_in_a_sentence_and_the_file_stays_sound(
    command: str, demo_file: Path, association_template: Path, tmp_path: Path
) -> None:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    reason = _namespace_available(mount)
    if reason:
        pytest.skip(reason)
    env = cli_env(tmp_path / "data")
    db = mount / "association.sqlite"
    if command == "demo":
        # 300 members make a file of 3.4 MB, more than the 2 MB disk holds: the disk fills all
        # the same, after a tenth of the work of 3 000.
        found = on_small_disk(
            mount,
            "2m",
            [["run", _cli(db, "demo", "--members", "300")], ["list"], ["run", _cli(db, "check")]],
            env,
        )
        assert_disk_full(found[0])
        # The file is either not there, or a sound file (the demo is all or nothing).
        if "association.sqlite" in found[1]:
            assert found[2]["code"] == 0, found[2]
    elif command == "donations record":
        found = on_small_disk(
            mount,
            "2m",
            [
                ["copy", str(association_template), str(db)],
                ["sha256", str(db)],
                ["fill", 12],  # room to open the file, not to write a transaction
                ["run", _cli(db, "donations", "record", "--donor", "Moulins", "--amount", "500")],
                ["unfill"],
                ["run", _cli(db, "check")],
                ["run", _cli(db, "donations", "list", "--format", "json")],
            ],
            env,
        )
        assert_disk_full(found[1])
        assert found[2]["code"] == 0, found[2]
        assert json.loads(found[3]["out"]) == [], "half a donation was kept"
    elif command == "restore":
        found = on_small_disk(
            mount,
            "2m",
            [
                ["copy", str(association_template), str(db)],
                ["sha256", str(db)],
                ["run", _cli(db, "restore", str(demo_file))],
                ["sha256", str(db)],
                ["list"],
                ["run", _cli(db, "check")],
            ],
            env,
        )
        assert_disk_full(found[1])
        assert found[2] == found[0], "the file was changed"
        assert not [n for n in found[3] if n.startswith(".")], f"left behind: {found[3]}"
        assert found[4]["code"] == 0, found[4]
    else:
        copy = mount / "copy.sqlite"
        found = on_small_disk(
            mount, "1m", [["run", _cli(demo_file, "backup", str(copy))], ["list"]], env
        )
        assert_disk_full(found[0])
        assert found[1] == [], f"left behind on the full disk: {found[1]}"


# --- restore while another process has the file open ------------------------------------------

HOLDER = r"""
import select, sys
from pathlib import Path
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import lockfile, open_database

path = Path(sys.argv[1])
database = open_database(path, create=False)
lock = lockfile.acquire(path)
written = 0
# One member every 20 ms until the test closes our stdin: an application in use.
while not select.select([sys.stdin], [], [], 0.02)[0]:
    with database.transaction() as session:
        create_member(session, CLI_ACTOR, MemberData(first_name_lat=f"Held{written}",
                                                     last_name_lat="Holder"))
    written += 1
database.close()
lock.release()
print(written)
"""


def _count_members(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as c:
        return int(c.execute("SELECT count(*) FROM member").fetchone()[0])


def _wait_until(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        select.select([], [], [], 0.01)


def test_restore_is_refused_while_another_process_holds_the_file_and_its_writes_go_on(
    association_template: Path,
    good_backup: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "association.sqlite"
    shutil.copyfile(association_template, db)
    env = cli_env(tmp_path / "data")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until(lambda: _count_members(db) >= 3, "the holder's first writes")
        result = nassij_process(db, "restore", str(good_backup), env=env)
        assert_refused(result)
        assert socket.gethostname() in result.err, "the message does not say who holds the file"
        after_refusal = _count_members(db)
        _wait_until(lambda: _count_members(db) > after_refusal + 2, "the holder's next writes")
        out, err = holder.communicate(timeout=60)  # closing its stdin tells it to stop
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    assert holder.returncode == 0, err
    written = int(out.strip())
    assert _count_members(db) == written, "writes of the holder were lost"
    checked = nassij(capsys, db, "check")
    assert checked.code == 0, checked.out + checked.err
    assert fingerprint(db)[0] == fingerprint(association_template)[0]
