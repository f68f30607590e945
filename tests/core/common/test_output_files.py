"""Where a document or a backup may be written, and how it is written: real files only."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
from pathlib import Path

import pytest

from nassij_desktop.core.common.output_files import (
    OutputPathRefused,
    OutputWriteError,
    atomic_output,
    check_output_path,
    output_write_error,
    protected_paths,
)
from nassij_desktop.storage import lockfile


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "association.sqlite"
    path.write_bytes(b"SQLite format 3\x00")
    return path


def refusal(target: Path | str, protected: set[Path] | None = None) -> str:
    with pytest.raises(OutputPathRefused) as caught:
        check_output_path(target, protected=protected or set())
    message = str(caught.value)
    assert caught.value.field == "out"
    assert "\n" not in message
    return message


def leftovers(folder: Path, *expected: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


def test_the_database_its_working_files_and_its_lock_are_protected(db: Path) -> None:
    protected = protected_paths(db)
    for name in ("", "-wal", "-shm", "-journal"):
        assert db.with_name(db.name + name).resolve() in protected
    # The same lock file as the application's (the suffix is repeated in core).
    assert lockfile.lock_path(db).resolve() in protected


def test_a_database_opened_through_a_link_protects_both_names(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.sqlite"
    link.symlink_to(db)
    protected = protected_paths(link)
    assert db.resolve() in protected
    assert Path(f"{db}-wal").resolve() in protected
    assert Path(f"{link}.lock").resolve() in protected  # the lock sits beside the opened name


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal", ".lock"])
def test_a_protected_path_is_refused_by_name(db: Path, suffix: str) -> None:
    target = db.with_name(db.name + suffix)
    message = refusal(target, protected_paths(db))
    assert str(target) in message
    assert "association file" in message


def test_a_link_or_a_hard_link_to_the_database_is_refused(db: Path, tmp_path: Path) -> None:
    link, hard = tmp_path / "copy.pdf", tmp_path / "hard.pdf"
    link.symlink_to(db)
    os.link(db, hard)
    for target in (link, hard):
        assert str(target) in refusal(target, protected_paths(db))


def test_a_folder_is_refused_with_or_without_its_slash(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    assert str(folder) in refusal(folder)
    assert str(folder) in refusal(f"{folder}/")
    assert str(tmp_path / "later") in refusal(f"{tmp_path / 'later'}/")
    assert leftovers(tmp_path, "documents") == []


def test_a_missing_folder_and_a_file_as_folder_are_refused(tmp_path: Path) -> None:
    assert str(tmp_path / "nowhere") in refusal(tmp_path / "nowhere" / "x.pdf")
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    message = refusal(plain / "x.pdf")
    assert str(plain / "x.pdf") in message and str(plain) in message


def test_devices_pipes_and_sockets_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert str(fifo) in refusal(fifo)
    assert "/dev/null" in refusal("/dev/null")
    with contextlib.closing(socket.socket(socket.AF_UNIX)) as sock:
        address = tmp_path / "s"
        sock.bind(str(address))
        assert str(address) in refusal(address)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # left as it was


def test_a_name_the_system_rejects_is_refused(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".pdf")
    assert "too long" in refusal(target)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_a_folder_without_write_permission_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "closed"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert str(folder) in refusal(folder / "x.pdf")
    finally:
        folder.chmod(0o755)


def test_a_new_or_ordinary_file_is_accepted_and_links_are_followed(
    db: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new.pdf"
    assert check_output_path(new, protected=protected_paths(db)) == new.resolve()
    old = tmp_path / "old.pdf"
    old.write_bytes(b"%PDF-old")
    link = tmp_path / "latest.pdf"
    link.symlink_to(old)
    assert check_output_path(link, protected=protected_paths(db)) == old.resolve()
    assert not new.exists()


def test_atomic_output_writes_beside_and_replaces_at_the_end(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous")
    with atomic_output(target) as temporary:
        assert temporary.parent == target.parent
        assert temporary.name.startswith(".") and temporary.exists()
        temporary.write_bytes(b"new")
        assert target.read_bytes() == b"previous"  # untouched until the end
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path, "report.pdf") == []


def test_a_failure_inside_leaves_the_target_and_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous")

    def stop_half_way() -> None:
        with atomic_output(target) as temporary:
            temporary.write_bytes(b"half a docu")
            raise LookupError("no such record")

    with pytest.raises(LookupError):
        stop_half_way()
    assert target.read_bytes() == b"previous"
    assert leftovers(tmp_path, "report.pdf") == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_sentence_and_the_target_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"previous")

    def write_on_a_full_disk() -> None:
        with atomic_output(target) as temporary:
            temporary.write_bytes(b"start")
            with open("/dev/full", "wb") as full:  # a real ENOSPC from the kernel
                full.write(b"x" * 4096)
                full.flush()

    with pytest.raises(OutputWriteError) as caught:
        write_on_a_full_disk()
    assert "disk is full" in str(caught.value) and str(target) in str(caught.value)
    assert isinstance(caught.value.__cause__, OSError)
    assert caught.value.__cause__.errno == errno.ENOSPC
    assert target.read_bytes() == b"previous"
    assert leftovers(tmp_path, "report.pdf") == []


def test_an_error_about_another_file_is_not_blamed_on_the_target(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    with pytest.raises(FileNotFoundError), atomic_output(target):
        (tmp_path / "missing-font.ttf").read_bytes()
    assert leftovers(tmp_path) == []


def test_a_folder_that_vanished_is_a_write_error_naming_the_target(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "report.pdf"
    with pytest.raises(OutputWriteError) as caught, atomic_output(target):
        pass
    assert str(target) in str(caught.value)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "disk is full"),
        (errno.EACCES, "No permission"),
        (errno.EPERM, "No permission"),
        (errno.EROFS, "read-only"),
        (errno.ENAMETOOLONG, "too long"),
        (errno.EIO, os.strerror(errno.EIO)),
    ],
)
def test_each_write_failure_has_its_sentence(tmp_path: Path, code: int, words: str) -> None:
    target = tmp_path / "report.pdf"
    message = str(output_write_error(OSError(code, os.strerror(code)), target))
    assert words in message and str(target) in message
