"""Opening a file that cannot be opened says why, in a dialog, and never raises."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from nassij_desktop.core.common import clock
from nassij_desktop.storage import lockfile
from nassij_desktop.storage.lockfile import LockOwner
from nassij_desktop.ui.shell.opening import open_association_file

pytestmark = [pytest.mark.gui]


def test_a_missing_file_is_reported_by_name(qtbot, modal, tmp_path: Path) -> None:
    missing = tmp_path / "gone.sqlite"
    assert open_association_file(missing) is None
    [(title, text)] = modal.seen
    assert title == "File not found"
    assert "gone.sqlite" in text and "does not exist" in text
    assert not lockfile.lock_path(missing).exists()


def test_a_file_that_is_not_a_database_is_refused(qtbot, modal, tmp_path: Path) -> None:
    corrupt = tmp_path / "notes.sqlite"
    corrupt.write_bytes(b"Minutes of the general assembly\n" * 40)
    assert open_association_file(corrupt) is None
    [(title, text)] = modal.seen
    assert title == "Not an association file"
    assert "not an association file" in text
    assert not lockfile.lock_path(corrupt).exists()  # the lock went with the failure


def test_a_database_of_another_program_is_refused(qtbot, modal, tmp_path: Path) -> None:
    other = tmp_path / "contacts.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contact (id INTEGER PRIMARY KEY, name TEXT)")
    assert open_association_file(other) is None
    assert modal.seen[0][0] == "Not an association file"


def test_a_file_from_a_newer_version_is_refused(
    qtbot, modal, make_association: Callable[..., Path]
) -> None:
    path = make_association()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    assert open_association_file(path) is None
    [(title, text)] = modal.seen
    assert title == "File from a newer version"
    assert "newer version of Nassij Desktop" in text


def test_a_file_open_in_another_running_program_cannot_be_opened_twice(
    qtbot, modal, make_association: Callable[..., Path]
) -> None:
    path = make_association()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        owner = LockOwner(lockfile._host(), other.pid, "youssef", clock.now().astimezone())
        lockfile.lock_path(path).write_text(owner.to_json(), encoding="utf-8")
        assert open_association_file(path) is None
    finally:
        other.kill()
        other.wait()
    [(title, text)] = modal.seen
    assert title == "File in use"
    assert "youssef" in text and "Close Nassij Desktop there" in text


def test_a_stale_lock_asks_and_opens_anyway_when_told(
    qtbot, modal, make_association: Callable[..., Path]
) -> None:
    path = make_association()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    owner = LockOwner(lockfile._host(), dead.pid, "youssef", clock.now().astimezone())
    lockfile.lock_path(path).write_text(owner.to_json(), encoding="utf-8")

    modal.press("Open anyway")
    opened = open_association_file(path)
    assert opened is not None
    assert modal.seen[0][0] == "File in use" and "not closed properly" in modal.seen[0][1]
    held = lockfile.read_owner(path)
    assert held is not None and held.is_this_process
    opened.close()
    assert lockfile.read_owner(path) is None


def test_a_lock_from_another_computer_is_kept_when_the_user_cancels(
    qtbot, modal, make_association: Callable[..., Path]
) -> None:
    path = make_association()
    owner = LockOwner("bureau-pc", 4242, "youssef", clock.now().astimezone())
    lockfile.lock_path(path).write_text(owner.to_json(), encoding="utf-8")
    modal.press("Cancel")
    assert open_association_file(path) is None
    assert "Open anyway" in modal.buttons() and "bureau-pc" in modal.seen[0][1]
    assert lockfile.read_owner(path) == owner


def test_a_good_file_opens_and_is_locked_while_open(
    qtbot, modal, make_association: Callable[..., Path]
) -> None:
    path = make_association()
    opened = open_association_file(path)
    assert opened is not None and modal.seen == []
    owner = lockfile.read_owner(path)
    assert owner is not None and owner.is_this_process
    opened.close()
    assert not lockfile.lock_path(path).exists()
