"""Backups through SQLite's online backup API: consistent even while the file is in use."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _
from nassij_desktop.storage import errors

if TYPE_CHECKING:
    from nassij_desktop.storage.database import Database


def _finish_copy(destination: sqlite3.Connection) -> None:
    # A backup is one self-contained file (no -wal beside it), ready for a USB stick.
    destination.execute("PRAGMA journal_mode=DELETE")
    destination.commit()


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a database file page by page into `target` (replaced atomically when new)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
        _finish_copy(dst)


def backup(database: Database, target: Path) -> Path:
    """Write a consistent copy of an open SQLite database to `target`."""
    if not database.is_sqlite or database.path is None:
        raise NassijError(
            _("Backups of a server database are made with the server's own tools (pg_dump).")
        )
    target = Path(target).expanduser().resolve()
    if target == database.path:
        raise NassijError(_("The backup cannot overwrite the file it copies."))
    if not target.parent.is_dir():
        raise NassijError(_("The folder {folder} does not exist.").format(folder=target.parent))
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    raw = database.engine.raw_connection()
    try:
        with contextlib.closing(sqlite3.connect(partial)) as dst:
            raw.driver_connection.backup(dst)  # type: ignore[union-attr]
            _finish_copy(dst)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise NassijError(
            _("The backup could not be written to {path}: {reason}").format(path=target, reason=exc)
        ) from exc
    finally:
        raw.close()
    os.replace(partial, target)
    return target


def restore(source: Path, target: Path, *, backup_dir: Path | None = None) -> Path | None:
    """Replace the file `target` by the backup `source`, after checking that `source` is an
    association file this version can open. The file being replaced is itself backed up
    first; that safety copy's path is returned. `target` must not be open elsewhere.
    """
    from nassij_desktop.storage.database import open_database

    source = Path(source).expanduser().resolve()
    target = Path(target).expanduser().resolve()
    if not source.exists():
        raise errors.DatabaseMissing(_("The file {path} does not exist.").format(path=source))
    if source == target:
        raise NassijError(_("A file cannot be restored onto itself."))
    # Opening without upgrading checks that it is ours and not newer than this app.
    open_database(source, create=False, upgrade=False).close()
    safety: Path | None = None
    if target.exists():
        current = open_database(target, create=False, upgrade=False, backup_dir=backup_dir)
        try:
            import datetime as dt

            from nassij_desktop import paths

            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            folder = backup_dir or paths.backup_dir()
            safety = backup(
                current, folder / f"{target.stem}-before-restore-{stamp}{target.suffix}"
            )
        finally:
            current.close()
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    copy_sqlite(source, target)
    open_database(target, create=False, backup_dir=backup_dir).close()  # migrate if older
    return safety
