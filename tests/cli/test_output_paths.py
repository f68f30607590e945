"""`report --out` and `backup` never write over the association file, its working files, its
lock file, a folder or a device: one sentence, exit 1, and every byte of the file kept.

The association file is held open by this test with a committed member still in its WAL, as
while the application runs: losing the -wal would lose that member.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nassij_desktop.cli import main
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, create_member, get_member
from nassij_desktop.storage import Database, lockfile, open_database


@dataclass
class HeldFile:
    path: Path
    member_id: int
    out: Path  # an empty folder for the targets that are not the database's

    def companion(self, suffix: str) -> Path:
        return self.path.with_name(self.path.name + suffix)


@pytest.fixture
def held(database: Database, tmp_path: Path) -> Iterator[HeldFile]:
    with database.transaction() as session:
        member_id = create_member(
            session, CLI_ACTOR, MemberData(first_name_ar="خديجة", last_name_ar="العلوي")
        ).id
    assert database.path is not None
    held = HeldFile(database.path, member_id, tmp_path / "out")
    held.out.mkdir()
    assert held.companion("-wal").stat().st_size > 0  # the member is in the WAL only
    lock = lockfile.acquire(database.path)  # as the application holds it
    yield held
    lock.release()


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def report(db: Path, target: str) -> list[str]:
    return ["--db", str(db), "report", "member-card", "--lang", "fr", "--out", target]


def backup(db: Path, target: str) -> list[str]:
    return ["--db", str(db), "backup", target]


COMMANDS: dict[str, Callable[[Path, str], list[str]]] = {"report": report, "backup": backup}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dump(path: Path) -> str:
    """Every record of the file, as SQL, WAL included (read through SQLite, not the bytes)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def assert_refused(code: int, err: str, *named: Path | str) -> None:
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "unexpected" not in err and "Traceback" not in err
    for path in named:
        assert str(path) in err, err


def assert_sound(capsys: pytest.CaptureFixture[str], held: HeldFile) -> None:
    code, out, err = cli(capsys, "--db", str(held.path), "check")
    assert code == 0, err
    assert "The file is sound." in out
    fresh = open_database(held.path, create=False)
    try:
        with fresh.session() as session:
            assert get_member(session, CLI_ACTOR, held.member_id).first_name_ar == "خديجة"
    finally:
        fresh.close()


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("target", ["database", "-wal", "-shm", ".lock", "link to it"])
def test_the_file_and_its_companions_are_never_written_over(
    held: HeldFile, capsys: pytest.CaptureFixture[str], command: str, target: str
) -> None:
    if target == "database":
        path = held.path
    elif target == "link to it":
        path = held.out / "copy.sqlite"
        path.symlink_to(held.path)
    else:
        path = held.companion(target)
    files = [held.path, *(held.companion(s) for s in ("-wal", "-shm", ".lock"))]
    inodes = {p: p.stat().st_ino for p in files}
    lock, content = digest(held.companion(".lock")), dump(held.path)

    code, _out, err = cli(capsys, *COMMANDS[command](held.path, str(path)))

    assert_refused(code, err, path)
    assert "association file" in err
    # A command checkpoints the WAL into the file when it closes (bytes move, content stays):
    # the same files, the same records, and the lock file to the byte.
    assert {p: p.stat().st_ino for p in files} == inodes
    assert dump(held.path) == content
    assert digest(held.companion(".lock")) == lock
    assert held.path.read_bytes().startswith(b"SQLite format 3\x00")
    assert_sound(capsys, held)


BAD_TARGETS = ["folder", "folder/", "missing/x.pdf", "missing/", "file/x.pdf", "fifo", "/dev/null"]


def bad_target(out: Path, kind: str) -> tuple[str, Path]:
    """The target as typed, and the path its refusal must name."""
    if kind.startswith("folder"):
        (out / "folder").mkdir()
        return f"{out}/{kind}", out / "folder"  # f-string: Path() would drop the slash
    if kind.startswith("missing"):
        return f"{out}/{kind}", out / "missing"
    if kind == "file/x.pdf":
        (out / "file").write_text("not a folder")
        return str(out / kind), out / kind
    if kind == "fifo":
        os.mkfifo(out / "fifo")
        return str(out / "fifo"), out / "fifo"
    return kind, Path(kind)


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", BAD_TARGETS)
def test_folders_missing_folders_and_devices_are_one_sentence(
    held: HeldFile, capsys: pytest.CaptureFixture[str], command: str, kind: str
) -> None:
    typed, named = bad_target(held.out, kind)
    before = sorted(p.name for p in held.out.rglob("*"))

    code, _out, err = cli(capsys, *COMMANDS[command](held.path, typed))

    assert_refused(code, err, named)
    assert sorted(p.name for p in held.out.rglob("*")) == before
    if kind == "fifo":
        assert stat.S_ISFIFO((held.out / "fifo").stat().st_mode)
    if kind == "/dev/null":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert_sound(capsys, held)


def test_the_command_exits_1_with_one_line_as_a_process(held: HeldFile) -> None:
    before, inode = dump(held.path), held.path.stat().st_ino
    command = [sys.executable, "-m", "nassij_desktop", "--lang", "en"]
    result = subprocess.run(
        [*command, *report(held.path, str(held.path))],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )
    assert_refused(result.returncode, result.stderr, held.path)
    assert (dump(held.path), held.path.stat().st_ino) == (before, inode)


@pytest.mark.parametrize("previous", [b"%PDF-1.4 the minutes printed last week", None])
def test_a_document_that_fails_leaves_no_partial_file_and_the_old_one_intact(
    held: HeldFile, capsys: pytest.CaptureFixture[str], previous: bytes | None
) -> None:
    target = held.out / "minutes.pdf"
    if previous is not None:
        target.write_bytes(previous)
    # No such assembly: refused while the document is being built, after its file was begun.
    args = ["--db", str(held.path), "report", "assembly-minutes", "--id", "999999"]

    code, _out, err = cli(capsys, *args, "--out", str(target))

    assert_refused(code, err)
    assert sorted(p.name for p in held.out.iterdir()) == (["minutes.pdf"] if previous else [])
    if previous is not None:
        assert target.read_bytes() == previous


def test_a_document_goes_through_a_link_and_replaces_the_old_file(
    held: HeldFile, capsys: pytest.CaptureFixture[str]
) -> None:
    old = held.out / "cards-2025.pdf"
    old.write_bytes(b"%PDF-1.4 last year's cards")
    link = held.out / "cards.pdf"
    link.symlink_to(old.name)

    code, out, err = cli(capsys, *report(held.path, str(link)))

    assert code == 0, err
    assert str(old.resolve()) in out
    assert link.is_symlink() and old.read_bytes().startswith(b"%PDF-")
    assert old.read_bytes() != b"%PDF-1.4 last year's cards"
    assert sorted(p.name for p in held.out.iterdir()) == ["cards-2025.pdf", "cards.pdf"]


def test_a_backup_replaces_an_older_backup_whole(
    held: HeldFile, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = held.out / "copy.sqlite"
    copy.write_bytes(b"an older backup, damaged")

    code, _out, err = cli(capsys, *backup(held.path, str(copy)))

    assert code == 0, err
    assert sorted(p.name for p in held.out.iterdir()) == ["copy.sqlite"]
    restored = open_database(copy, create=False, upgrade=False)
    try:
        with restored.session() as session:
            assert get_member(session, CLI_ACTOR, held.member_id).first_name_ar == "خديجة"
    finally:
        restored.close()


# Runs inside its own mount namespace: a tiny tmpfs, a previous PDF on it, the rest filled.
SMALL_DISK = r"""
import json, os, subprocess, sys
spec = json.loads(sys.argv[1])
mount = spec["mount"]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount], check=True)
with open(os.path.join(mount, "cards.pdf"), "wb") as f:
    f.write(b"%PDF-1.4 last year's cards")
with open(os.path.join(mount, "filler"), "wb") as f:
    f.write(b"\0" * (48 * 1024))
done = subprocess.run(spec["command"], capture_output=True, text=True, timeout=300)
with open(os.path.join(mount, "cards.pdf"), "rb") as f:
    previous = f.read().decode()
print(json.dumps({"code": done.returncode, "err": done.stderr, "files": sorted(os.listdir(mount)),
                  "previous": previous}))
"""


def _small_disk_reason(mount: Path) -> str | None:
    if os.name != "posix" or os.geteuid() != 0:
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


def test_a_document_on_a_full_disk_is_one_sentence_and_the_old_file_stays(
    held: HeldFile, tmp_path: Path
) -> None:
    mount = tmp_path / "small-disk"
    mount.mkdir()
    reason = _small_disk_reason(mount)
    if reason:
        pytest.skip(reason)
    command = [sys.executable, "-m", "nassij_desktop", "--lang", "en"]
    command += report(held.path, str(mount / "cards.pdf"))
    spec = json.dumps({"mount": str(mount), "command": command})
    done = subprocess.run(
        ["unshare", "-m", "--propagation", "private", sys.executable, "-c", SMALL_DISK, spec],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert_refused(found["code"], found["err"], mount / "cards.pdf")
    assert "disk is full" in found["err"]
    assert found["previous"] == "%PDF-1.4 last year's cards"
    assert found["files"] == ["cards.pdf", "filler"]
