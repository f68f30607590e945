"""The lock file that keeps two copies of the application from working on one file."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nassij_desktop.core.common import clock
from nassij_desktop.storage import lockfile
from nassij_desktop.storage.lockfile import FileLocked, LockOwner


def _write_lock(database: Path, owner: LockOwner) -> None:
    lockfile.lock_path(database).write_text(owner.to_json(), encoding="utf-8")


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_acquire_writes_who_holds_the_file_and_release_removes_it(tmp_path: Path) -> None:
    database = tmp_path / "association.sqlite"
    lock = lockfile.acquire(database)
    owner = lockfile.read_owner(database)
    assert owner is not None
    assert owner.pid == os.getpid() and owner.is_this_process and not owner.is_stale
    assert lockfile.lock_path(database).name == "association.sqlite.lock"
    lock.release()
    assert lockfile.read_owner(database) is None


def test_a_live_process_on_this_host_cannot_be_overridden(tmp_path: Path) -> None:
    database = tmp_path / "association.sqlite"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _write_lock(database, LockOwner(lockfile._host(), other.pid, "amina", clock.now()))
        with pytest.raises(FileLocked) as caught:
            lockfile.acquire(database)
        assert not caught.value.can_override
        assert "amina" in str(caught.value)
    finally:
        other.kill()
        other.wait()


def test_a_lock_left_by_a_dead_process_is_stale_and_may_be_taken_over(tmp_path: Path) -> None:
    database = tmp_path / "association.sqlite"
    _write_lock(database, LockOwner(lockfile._host(), _dead_pid(), "amina", clock.now()))
    with pytest.raises(FileLocked) as caught:
        lockfile.acquire(database)
    assert caught.value.can_override and caught.value.owner and caught.value.owner.is_stale
    assert "not closed properly" in str(caught.value)
    lock = lockfile.acquire(database, force=True)
    assert lockfile.read_owner(database) == lock.owner


def test_a_lock_from_another_computer_asks_before_being_overridden(tmp_path: Path) -> None:
    database = tmp_path / "association.sqlite"
    since = dt.datetime(2026, 3, 2, 9, 30).astimezone()
    _write_lock(database, LockOwner("bureau-pc", 4242, "youssef", since))
    with pytest.raises(FileLocked) as caught:
        lockfile.acquire(database)
    assert caught.value.can_override
    assert "bureau-pc" in str(caught.value) and "02/03/2026 09:30" in str(caught.value)


def test_the_same_process_may_reopen_its_own_file(tmp_path: Path) -> None:
    database = tmp_path / "association.sqlite"
    first = lockfile.acquire(database)
    second = lockfile.acquire(database)
    assert second.owner.pid == first.owner.pid


def test_a_garbled_lock_counts_as_stale(tmp_path: Path) -> None:
    database = tmp_path / "association.sqlite"
    lockfile.lock_path(database).write_text("not json", encoding="utf-8")
    with pytest.raises(FileLocked) as caught:
        lockfile.acquire(database)
    assert caught.value.can_override
