"""`restore()`: put a backup in place of the association file, never under another program.

The review found that restoring while the application had the file open corrupted it: the old
code deleted the other process's -wal and -shm. Now: the backup is inspected read-only, the
lock file must be ours or free, SQLite must grant an exclusive lock (nobody else has the file
open), the current file is copied aside, and the restored copy is built beside the target and
renamed over it in one step, so a crash leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from nassij_desktop import paths
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _
from nassij_desktop.storage import errors, lockfile
from nassij_desktop.storage.encryption import connect_any, connect_like, keys_path, raw
from nassij_desktop.storage.inspect import connect_readonly, inspect_file, is_writable, shown

WORKING_SUFFIXES = ("-wal", "-shm", "-journal")


def restore(
    source: Path,
    target: Path,
    *,
    actor: Actor,
    backup_dir: Path | None = None,
) -> Path | None:
    """Replace the file `target` by the backup `source`; returns the safety copy of the file
    as it was (None when there was no file). `actor` is whoever is signed in on `target`."""
    from nassij_desktop.storage.database import open_database

    actor.require(Permission.DATA_ADMIN)
    source = Path(source).expanduser().resolve()
    target = Path(target).expanduser().resolve()
    companions = {Path(f"{target}{suffix}") for suffix in (*WORKING_SUFFIXES, ".lock")}
    if source == target or source in companions:
        raise NassijError(_("A file cannot be restored onto itself."))
    # Read-only: a backup is never switched to WAL or otherwise touched by looking at it.
    inspect_file(source, create=False)
    _refuse_damaged_backup(source)
    if not is_writable(target):
        raise errors.DatabaseReadOnly(
            _(
                "{path} is read-only (the file or its folder cannot be written): it cannot be "
                "replaced by a backup."
            ).format(path=shown(target))
        )
    lock = _hold_lock(target)
    try:
        # A damaged or truncated file is never handed to SQLite (it would "repair" its header):
        # its bytes are kept as they are.
        sound = _is_association_file(target)
        _refuse_foreign_target(target)
        if sound:
            _refuse_if_open_elsewhere(target)
        safety = (
            _safety_copy(target, backup_dir, sound=sound, source=source)
            if _has_content(target)
            else None
        )
        staged = target.with_name(f".{target.name}.restoring")
        staged.unlink(missing_ok=True)
        try:
            _copy_pages(source, staged)
            _remove_working_files(target)
            # A protected backup brings its keys file (the passwords as they were then).
            staged_keys, target_keys = keys_path(staged), keys_path(target)
            if staged_keys.exists():
                os.replace(staged_keys, target_keys)
            else:
                target_keys.unlink(missing_ok=True)
            os.replace(staged, target)
        finally:
            staged.unlink(missing_ok=True)
            keys_path(staged).unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        open_database(target, create=False, backup_dir=backup_dir).close()  # migrate if older
        return safety
    finally:
        if lock is not None:
            lock.release()


def _hold_lock(target: Path) -> lockfile.FileLock | None:
    """The lock file: already ours (the app or the CLI holds it) or taken now."""
    holder = lockfile.read_owner(target)
    if holder is not None and holder.is_this_process:
        return None
    if holder is not None and not holder.is_stale:
        raise lockfile.FileLocked(
            _("{reason} Close Nassij Desktop there, then restore again.").format(
                reason=lockfile.describe(holder)
            ),
            holder,
            can_override=False,
        )
    return lockfile.acquire(target, force=holder is not None)


def _has_content(target: Path) -> bool:
    return target.exists() and target.stat().st_size > 0


def _refuse_if_open_elsewhere(target: Path) -> None:
    """SQLite's exclusive lock is granted only when no other connection has the file open;
    once granted, the WAL is copied into the file so that nothing is left in the -wal."""
    if not _has_content(target):
        return
    try:
        with contextlib.closing(connect_any(target, timeout=0, isolation_level=None)) as conn:
            conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise errors.DatabaseLocked(
                _(
                    "{path} is open in another program; restoring now would damage it. Close "
                    "that program, then restore again."
                ).format(path=shown(target))
            ) from exc
        raise


def _refuse_damaged_backup(source: Path) -> None:
    """Every page of the backup is read before anything is replaced by it."""
    try:
        with contextlib.closing(connect_readonly(source)) as conn:
            result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError:
        result = ["unreadable"]
    if result != ["ok"]:
        raise errors.DatabaseDamaged(
            _(
                "The backup {path} is damaged: it was not restored, and nothing was changed. "
                "Restore another backup; `nassij --db {path} recover --out NEW.sqlite` saves "
                "what it still holds."
            ).format(path=shown(source))
        )


def _refuse_foreign_target(target: Path) -> None:
    """Another program's database, or one from a newer version, is never replaced; a damaged
    or empty association file is (that is what a backup is for)."""
    try:
        inspect_file(target, create=True)
    except (errors.NotAnAssociationFile, errors.DatabaseTooNew) as exc:
        raise type(exc)(
            _("{reason} It was not replaced by the backup.").format(reason=str(exc))
        ) from exc
    except errors.DatabaseOpenError:
        pass


def _is_association_file(target: Path) -> bool:
    try:
        return inspect_file(target, create=False) is not None
    except errors.DatabaseOpenError:
        return False


def _safety_copy(target: Path, backup_dir: Path | None, *, sound: bool, source: Path) -> Path:
    folder = backup_dir or paths.backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if sound:
        # Consistent, -wal included, verified and rotated with the file's other backups.
        from nassij_desktop.storage.backups import backup_file

        with contextlib.suppress(errors.DatabaseDamaged):  # then its bytes, as below
            return backup_file(target, "before-restore", folder=folder, spare=source).path
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    safety = folder / f"{target.stem}-before-restore-{stamp}{target.suffix}"
    # Damaged or not a database: its bytes as they are (and its -wal), for a specialist.
    for suffix in ("", "-wal"):
        original = Path(f"{target}{suffix}")
        if original.exists():
            partial = safety.with_name(f"{safety.name}{suffix}.partial")
            try:
                shutil.copyfile(original, partial)
                os.replace(partial, Path(f"{safety}{suffix}"))
            finally:
                partial.unlink(missing_ok=True)
    return safety


def _copy_pages(source: Path, target: Path) -> None:
    """A consistent, self-contained copy (no -wal) made with SQLite's backup API."""
    target.unlink(missing_ok=True)
    try:
        with (
            contextlib.closing(connect_readonly(source)) as src,
            contextlib.closing(connect_like(source, target)) as dst,
        ):
            raw(src).backup(raw(dst))
            dst.execute("PRAGMA journal_mode=DELETE")
            dst.commit()
            with open(target, "rb+") as f:
                os.fsync(f.fileno())
    except BaseException:
        for leftover in (
            target,
            keys_path(target),
            *(Path(f"{target}{suffix}") for suffix in WORKING_SUFFIXES),
        ):
            leftover.unlink(missing_ok=True)
        raise


def _remove_working_files(target: Path) -> None:
    for suffix in WORKING_SUFFIXES:
        Path(f"{target}{suffix}").unlink(missing_ok=True)
