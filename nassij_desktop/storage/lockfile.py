"""A lock file beside an association file: who has it open, so that a second copy of the
application (on this PC, or on another one over a shared folder) does not write to it too.

SQLite's own locks protect each transaction, not a whole working session: two windows on one
file would silently overwrite each other's screens. The lock holds the host, the process id,
the user and the time; it is stale when its process is gone on this same host (a crash, a
power cut). A stale lock, or one from another host (whose process cannot be checked from
here), may be overridden by an explicit "open anyway" from the user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

from nassij_desktop.core.common import clock
from nassij_desktop.i18n import _
from nassij_desktop.storage.errors import DatabaseLocked

LOCK_SUFFIX = ".lock"


@dataclass(frozen=True)
class LockOwner:
    host: str
    pid: int
    user: str
    since: dt.datetime

    @classmethod
    def current(cls) -> LockOwner:
        return cls(host=_host(), pid=os.getpid(), user=_user(), since=clock.now().astimezone())

    @property
    def on_this_host(self) -> bool:
        return self.host.lower() == _host().lower()

    @property
    def is_this_process(self) -> bool:
        return self.on_this_host and self.pid == os.getpid()

    @property
    def is_stale(self) -> bool:
        """Left behind by a process that no longer runs (only knowable on the same host)."""
        return self.on_this_host and not pid_alive(self.pid)

    def to_json(self) -> str:
        return json.dumps(
            {"host": self.host, "pid": self.pid, "user": self.user, "since": self.since.isoformat()}
        )

    @classmethod
    def from_json(cls, text: str) -> LockOwner:
        data = json.loads(text)
        return cls(
            host=str(data["host"]),
            pid=int(data["pid"]),
            user=str(data.get("user", "")),
            since=dt.datetime.fromisoformat(str(data["since"])),
        )


class FileLocked(DatabaseLocked):
    """The file is held by another process. `can_override`: stale, or held from another host."""

    def __init__(self, message: str, owner: LockOwner | None, *, can_override: bool) -> None:
        super().__init__(message)
        self.owner = owner
        self.can_override = can_override


def _host() -> str:
    return socket.gethostname() or "localhost"


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: existence check only (never on Windows: it would kill)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except OSError:
        return False
    return True


def _windows_pid_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    query_limited_information, still_active = 0x1000, 259
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)


def lock_path(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + LOCK_SUFFIX)


def read_owner(database_path: Path) -> LockOwner | None:
    """Who holds the file, or None if nobody does. An unreadable lock counts as stale."""
    path = lock_path(database_path)
    try:
        return LockOwner.from_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return LockOwner(host=_host(), pid=0, user="", since=clock.now().astimezone())


def describe(owner: LockOwner) -> str:
    since = owner.since.astimezone().strftime("%d/%m/%Y %H:%M")
    if owner.is_stale:
        return _(
            "The file was not closed properly (last opened by {user} on {host}, {since}). "
            "This usually follows a crash or a power cut."
        ).format(user=owner.user or "?", host=owner.host, since=since)
    return _("The file is open on the computer {host} by {user} since {since}.").format(
        host=owner.host, user=owner.user or "?", since=since
    )


@dataclass
class FileLock:
    """A held lock; `release()` removes it (only if it is still ours)."""

    database_path: Path
    owner: LockOwner

    @property
    def path(self) -> Path:
        return lock_path(self.database_path)

    def release(self) -> None:
        current = read_owner(self.database_path)
        if (
            current is not None
            and current.host == self.owner.host
            and current.pid == self.owner.pid
        ):
            with contextlib.suppress(OSError):
                self.path.unlink()


def acquire(database_path: Path, *, force: bool = False) -> FileLock:
    """Take the lock for this process; FileLocked if another process holds it.

    `force` takes over a lock that `FileLocked.can_override` allowed the user to override.
    """
    database_path = Path(database_path).resolve()
    owner = LockOwner.current()
    path = lock_path(database_path)
    try:
        # O_EXCL: of two programs starting together, exactly one creates the file.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        holder = read_owner(database_path)
        if holder is not None and not holder.is_this_process and not force:
            can_override = holder.is_stale or not holder.on_this_host
            raise FileLocked(describe(holder), holder, can_override=can_override) from None
        path.write_text(owner.to_json(), encoding="utf-8")
        return FileLock(database_path, owner)
    except OSError:
        # A read-only folder: no lock can be kept; SQLite will refuse writes on its own.
        return FileLock(database_path, owner)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(owner.to_json())
    return FileLock(database_path, owner)
