"""The association file survives what other programs and ordinary commands do around it:
the application's lock is honoured by the command line, a restore never touches a file another
process has open, a closed file is whole without its -wal, a failed migration is one sentence,
and the logs are private and hold no values of a row."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from nassij_desktop import paths
from nassij_desktop.cli import main
from nassij_desktop.storage import lockfile, migrate, open_database
from tests.shared_files import copy_of
from tests.support import private_environment

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import sqlalchemy as sa
    from nassij_desktop.storage import lockfile, open_database

    path, take_lock, mode = Path(sys.argv[1]), sys.argv[2] == "lock", sys.argv[3]
    lock = lockfile.acquire(path) if take_lock else None
    database = open_database(path, create=False)
    with database.session() as session:  # a connection in the pool, as the app keeps one
        session.execute(sa.text("SELECT 1")).all()
    print("ready", flush=True)
    writes = 0
    while not Path(sys.argv[4]).exists():
        if mode == "write":
            with database.transaction() as session:
                session.execute(sa.text("UPDATE setting SET value = value WHERE id = 1"))
            writes += 1
        else:
            time.sleep(0.01)
    database.close()
    if lock is not None:
        lock.release()
    print("writes", writes, flush=True)
    """
)


class Holder:
    """Another process with the file open, as the application has it."""

    def __init__(self, path: Path, *, lock: bool, mode: str, stop: Path) -> None:
        self.stop = stop
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path), "lock" if lock else "none", mode, str(stop)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready", self.process.stderr

    def finish(self) -> int:
        self.stop.touch()
        out, err = self.process.communicate(timeout=60)
        assert self.process.returncode == 0, err
        return int(out.split()[-1])


@pytest.fixture
def holder_factory(tmp_path: Path) -> Iterator[type[Holder]]:
    started: list[Holder] = []

    class Tracked(Holder):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started.append(self)

    yield Tracked
    for holder in started:
        if holder.process.poll() is None:
            holder.process.kill()
            holder.process.wait()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def assoc_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The association the commands make (`init`, then two members added), made once for the
    module in a data folder of its own: a test works on its copy (`assoc`)."""
    folder = tmp_path_factory.mktemp("assoc")
    path = folder / "assoc.sqlite"
    with private_environment(folder / "nassij-data"):
        commands = [["init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal"]] + [
            ["members", "add", "--first-name-lat", name, "--last-name-lat", "Tazi"]
            for name in ("Omar", "Salma")
        ]
        for argv in commands:
            assert main(["--db", str(path), *argv]) == 0, argv
    assert sorted(p.name for p in folder.glob("assoc.sqlite*")) == [path.name]  # closed, whole
    return path


@pytest.fixture
def assoc(assoc_template: Path, tmp_path: Path) -> Path:
    return copy_of(assoc_template, tmp_path, "assoc.sqlite")


def member_count(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM member").fetchone()[0])


def test_a_command_that_writes_is_refused_while_the_application_has_the_file(
    assoc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], holder_factory: type[Holder]
) -> None:
    holder = holder_factory(assoc, lock=True, mode="idle", stop=tmp_path / "stop")
    code, _out, err = run(
        capsys, "--db", str(assoc), "members", "add", "--first-name-lat", "Nadia",
        "--last-name-lat", "Alaoui",
    )  # fmt: skip
    assert code == 1
    assert "is open on the computer" in err and len(err.strip().splitlines()) == 1
    # Reading is fine meanwhile: the application keeps working, so does the reader.
    code, out, err = run(capsys, "--db", str(assoc), "members", "list", "--format", "csv")
    assert code == 0, err
    assert "Salma Tazi" in out
    holder.finish()
    assert member_count(assoc) == 2
    code, _out, err = run(
        capsys, "--db", str(assoc), "members", "add", "--first-name-lat", "Nadia",
        "--last-name-lat", "Alaoui",
    )  # fmt: skip
    assert code == 0, err
    assert not lockfile.lock_path(assoc).exists()  # released when the command ends


def test_a_lock_left_by_a_crashed_process_is_taken_over(
    assoc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crashed = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True, check=True)  # fmt: skip
    owner = lockfile.LockOwner.current()
    dead = lockfile.LockOwner(owner.host, int(crashed.stdout), owner.user, owner.since)
    lockfile.lock_path(assoc).write_text(dead.to_json(), encoding="utf-8")
    code, _out, err = run(
        capsys, "--db", str(assoc), "members", "add", "--first-name-lat", "Nadia",
        "--last-name-lat", "Alaoui",
    )  # fmt: skip
    assert code == 0, err
    assert member_count(assoc) == 3


@pytest.mark.parametrize("take_lock", [True, False], ids=["with-lock-file", "without-lock-file"])
def test_restore_never_touches_a_file_another_process_has_open(
    assoc: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    holder_factory: type[Holder],
    take_lock: bool,
) -> None:
    backup = tmp_path / "backup.sqlite"
    assert run(capsys, "--db", str(assoc), "backup", str(backup))[0] == 0
    wal = Path(f"{assoc}-wal")
    holder = holder_factory(assoc, lock=take_lock, mode="write", stop=tmp_path / "stop")
    code, _out, err = run(capsys, "--db", str(assoc), "restore", str(backup))
    assert code == 1
    assert ("is open on the computer" if take_lock else "open in another program") in err
    assert wal.exists()  # the other process's -wal was left alone
    writes = holder.finish()
    assert writes > 0  # and it went on writing
    code, out, err = run(capsys, "--db", str(assoc), "check")
    assert code == 0, out + err
    # Once it is closed, the restore goes through.
    code, out, err = run(capsys, "--db", str(assoc), "restore", str(backup))
    assert code == 0, err
    assert "before-restore" in out


def test_a_restore_onto_a_file_keeps_what_it_replaced(
    assoc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "backup.sqlite"
    assert run(capsys, "--db", str(assoc), "backup", str(backup))[0] == 0
    backup_bytes = backup.read_bytes()
    run(capsys, "--db", str(assoc), "members", "add", "--first-name-lat", "Late",
        "--last-name-lat", "Comer")  # fmt: skip
    code, _out, err = run(capsys, "--db", str(assoc), "restore", str(backup))
    assert code == 0, err
    assert member_count(assoc) == 2
    assert backup.read_bytes() == backup_bytes  # the backup was only read
    safety = next(paths.backup_dir().glob("assoc-before-restore-*.sqlite"))
    assert member_count(safety) == 3


def test_an_empty_file_is_never_restored_nor_taken_for_an_association(
    assoc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    code, _out, err = run(capsys, "--db", str(assoc), "restore", str(empty))
    assert code == 1 and "is empty" in err
    assert member_count(assoc) == 2
    for argv in (["check"], ["members", "list"], ["backup", str(tmp_path / "b.sqlite")]):
        code, out, err = run(capsys, "--db", str(empty), *argv)
        assert (code, out) == (1, ""), argv
        assert "is empty" in err
    assert empty.stat().st_size == 0
    code, _out, err = run(
        capsys, "--db", str(empty), "init", "--name-ar", "جمعية", "--name-fr", "Asso"
    )
    assert code == 0, err


def test_a_closed_file_is_whole_without_its_wal(tmp_path: Path, assoc: Path) -> None:
    """Committed transactions live in the -wal until a checkpoint; a closed file must not need
    it, even while another program still has the file open (SQLite then keeps the -wal)."""
    reader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(
            """
            import sqlite3, sys, time
            conn = sqlite3.connect(sys.argv[1])
            conn.execute("SELECT count(*) FROM member").fetchone()
            print("ready", flush=True)
            time.sleep(600)
            """
        ), str(assoc)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
        database = open_database(assoc, create=False)
        for number in range(50):
            with database.transaction() as session:
                session.execute(
                    sa.text("UPDATE member SET notes = :n WHERE id = 1"), {"n": f"update {number}"}
                )
        database.close()
    finally:
        reader.send_signal(signal.SIGKILL)
        reader.wait()
    Path(f"{assoc}-wal").unlink(missing_ok=True)  # what a careless copy or a cleaner does
    Path(f"{assoc}-shm").unlink(missing_ok=True)
    with sqlite3.connect(assoc) as conn:
        assert conn.execute("SELECT notes FROM member WHERE id = 1").fetchone() == ("update 49",)


def _file_at_0004_with_a_clashing_index(path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(migrate.alembic_config(connection), "0004")
        # Migration 0005 creates this index: its CREATE fails, the upgrade must roll back.
        connection.exec_driver_sql("CREATE INDEX ix_member_gender ON member (gender)")
    engine.dispose()


def test_a_failed_migration_is_one_sentence_and_leaves_the_file_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.sqlite"
    _file_at_0004_with_a_clashing_index(path)
    code, out, err = run(capsys, "--db", str(path), "members", "list")
    assert (code, out) == (1, "")
    assert "Updating the file failed; it was left as it was." in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and "[SQL" not in err
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0004",)]


def test_logs_are_private_and_errors_carry_no_values_of_a_row(
    assoc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", str(assoc), "members", "list")
    log = paths.log_dir() / "nassij-cli-errors.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.log_dir().stat().st_mode) == 0o700
    database = open_database(assoc, create=False)
    secret = "$argon2id$v=19$secret-hash-value"
    try:
        with pytest.raises(sa.exc.IntegrityError) as raised, database.transaction() as session:
            session.execute(
                sa.text("INSERT INTO user_account (id, login, password_hash) VALUES (:i, :l, :p)"),
                {"i": None, "l": None, "p": secret},
            )
    finally:
        database.close()
    assert secret not in str(raised.value)


def test_a_process_killed_while_holding_the_lock_does_not_block_the_next_command(
    assoc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], holder_factory: type[Holder]
) -> None:
    holder = holder_factory(assoc, lock=True, mode="write", stop=tmp_path / "stop")
    os.kill(holder.process.pid, signal.SIGKILL)
    holder.process.wait()
    left = lockfile.read_owner(assoc)
    assert left is not None and left.is_stale  # the crash left its lock behind
    code, out, err = run(capsys, "--db", str(assoc), "check")
    assert code == 0, out + err
    code, _out, err = run(
        capsys, "--db", str(assoc), "members", "add", "--first-name-lat", "After",
        "--last-name-lat", "Crash",
    )  # fmt: skip
    assert code == 0, err
