"""Backups through SQLite's online backup API: consistent even while the file is in use."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.output_files import (
    SQLITE_COMPANION_SUFFIXES,
    atomic_output,
    check_output_path,
    output_write_error,
    protected_paths,
)
from nassij_desktop.core.common.progress import NO_PROGRESS, Progress
from nassij_desktop.i18n import _

if TYPE_CHECKING:
    from nassij_desktop.storage.database import Database


def _finish_copy(destination: sqlite3.Connection) -> None:
    # A backup is one self-contained file (no -wal beside it), ready for a USB stick.
    destination.execute("PRAGMA journal_mode=DELETE")
    destination.commit()


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a database file page by page into `target` (replaced atomically when new)."""
    from nassij_desktop.storage.encryption import connect_like, raw
    from nassij_desktop.storage.inspect import connect_readonly

    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(connect_readonly(source)) as src,
        contextlib.closing(connect_like(source, target)) as dst,
    ):
        raw(src).backup(raw(dst))
        _finish_copy(dst)


# Pages copied per step of SQLite's backup (4 MiB of 4 KiB pages): a step is the unit of
# progress and of cancellation.
PAGES_PER_STEP = 1024


def backup(database: Database, target: Path | str, progress: Progress | None = None) -> Path:
    """Write a consistent copy of an open SQLite database to `target` (symlinks followed).

    The target may not be the database, its working files or its lock file, a folder or a
    device; the copy is written beside it and moved into place once complete. `progress`
    counts the pages copied; cancelling it stops the copy and leaves no file.
    """
    progress = progress or NO_PROGRESS
    if not database.is_sqlite or database.path is None:
        raise NassijError(
            _("Backups of a server database are made with the server's own tools (pg_dump).")
        )
    target = check_output_path(target, protected=protected_paths(database.path), field="file")
    from nassij_desktop.storage import encryption

    raw = database.engine.raw_connection()
    try:
        with atomic_output(target) as partial:
            try:
                # A password-protected file's copy is encrypted with the same key (SQLite's
                # backup API between two SQLCipher connections keyed alike), its keys file
                # beside it.
                connection = (
                    encryption.connect(partial, database.key)
                    if database.key is not None
                    else sqlite3.connect(partial)
                )
                with contextlib.closing(connection) as dst:
                    raw.driver_connection.backup(  # type: ignore[union-attr]
                        encryption.raw(dst), pages=PAGES_PER_STEP, progress=_pages_copied(progress)
                    )
                    progress.check()  # cancelled during the last step: not kept
                    _finish_copy(dst)
            except encryption.driver_errors() as exc:
                if getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
                    disk_full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                    raise output_write_error(disk_full, target) from exc
                raise NassijError(
                    _("The backup could not be written to {path}: {reason}").format(
                        path=target, reason=exc
                    )
                ) from exc
            finally:
                # A failed write (a full disk) can leave SQLite's journal of the copy behind.
                for suffix in SQLITE_COMPANION_SUFFIXES:
                    Path(f"{partial}{suffix}").unlink(missing_ok=True)
        if database.key is not None:
            encryption.copy_keys(database.path, target)
    finally:
        raw.close()
    return target


def _pages_copied(progress: Progress) -> Callable[[int, int, int], None]:
    # Raising from SQLite's callback aborts the copy: Cancelled goes up through atomic_output,
    # which removes the unfinished file.
    def report(_status: int, remaining: int, total: int) -> None:
        progress.step(total - remaining, total)

    return report
