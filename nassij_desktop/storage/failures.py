"""Failures of the operating system and of SQLite, told as sentences.

The CLI and the application call `describe_failure` on anything that escapes a service: a disk
that fills up, a read-only USB stick, a damaged page are what happens to volunteers' laptops,
not bugs, so they get a translated sentence (the traceback still goes to the log).
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.storage import errors
from nassij_desktop.storage.inspect import shown


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, sa.exc.DBAPIError):
            todo.append(current.orig)
        todo.extend([current.__cause__, current.__context__])


def _where(exc: BaseException, path: Path | None) -> str:
    name = getattr(exc, "filename", None) or path
    return shown(name) if name else _("the file")


def describe_failure(exc: BaseException, path: Path | None = None) -> NassijError | None:
    """A translated error for a failure the user can act on, or None for a bug."""
    for cause in _chain(exc):
        if isinstance(cause, NassijError):
            return cause
        found = _describe_one(cause, path)
        if found is not None:
            return found
    return None


def _describe_one(exc: BaseException, path: Path | None) -> NassijError | None:
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        return _os_error(exc, path)
    if isinstance(exc, MemoryError):
        return errors.StorageFailure(
            _("There is not enough memory to finish this; nothing was saved of it.")
        )
    if isinstance(exc, sqlite3.Error):
        return _sqlite_error(exc, path)
    from nassij_desktop.core.common import stored_values

    message = stored_values.describe_invalid_stored_value(exc)
    return errors.StorageFailure(message) if message else None


def _os_error(exc: OSError, path: Path | None) -> NassijError | None:
    where = _where(exc, path)
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return errors.DiskFull(disk_full_message())
    if code in (errno.EACCES, errno.EPERM):
        return errors.StorageFailure(_("No permission to write or read {path}.").format(path=where))
    if code == errno.EROFS:
        return errors.DatabaseReadOnly(
            _("{path} is on a read-only disk: nothing can be written there.").format(path=where)
        )
    if code == errno.ENOENT:
        return errors.StorageFailure(_("{path} does not exist.").format(path=where))
    if code == errno.EISDIR:
        return errors.StorageFailure(_("{path} is a folder; give a file name.").format(path=where))
    if code == errno.ENOTDIR:
        return errors.StorageFailure(
            _("A part of {path} is a file, not a folder.").format(path=where)
        )
    if code == errno.ENAMETOOLONG:
        return errors.StorageFailure(_("The name {path} is too long.").format(path=where))
    if code == errno.EIO:
        return errors.StorageFailure(io_error_message(where))
    return None


def disk_full_message() -> str:
    return _(
        "The disk is full: nothing was saved of this step. Free some space (or choose another "
        "disk), then try again."
    )


def io_error_message(where: str) -> str:
    return _(
        "The disk could not read or write {path} (an input/output error: a removed USB stick "
        "or a failing disk). Nothing was saved of this step; copy your file elsewhere."
    ).format(path=where)


def _sqlite_error(exc: sqlite3.Error, path: Path | None) -> NassijError | None:
    text = str(exc).lower()
    where = shown(path) if path else _("the file")
    if "database or disk is full" in text or "disk is full" in text:
        return errors.DiskFull(disk_full_message())
    if "readonly" in text or "read-only" in text:
        return errors.DatabaseReadOnly(
            _("{path} cannot be written to (read-only file or folder).").format(path=where)
        )
    if "locked" in text or "busy" in text:
        return errors.DatabaseLocked(
            _("{path} is in use by another program. Close it and try again.").format(path=where)
        )
    if "unable to open" in text:
        return errors.StorageFailure(
            _("{path} cannot be opened: check that it exists and that you may use it.").format(
                path=where
            )
        )
    if "disk i/o error" in text:
        return errors.StorageFailure(io_error_message(where))
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return errors.DatabaseDamaged(
            _(
                "{path} is damaged: SQLite cannot read part of it. `nassij check` tells what can "
                "still be read, and `nassij recover` saves it into a new file."
            ).format(path=where)
        )
    return None
