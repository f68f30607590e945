"""Files written on the user's behalf (documents, backups): where they may go, and how.

A path typed by a user can name the association file itself, one of SQLite's working files
beside it, a folder, a device or a pipe. `check_output_path` refuses those with a sentence
before anything is written; `atomic_output` then writes beside the target and moves the
finished file into place, so that a failure never leaves half a file or harms an older one.

Depends on: i18n and errors only (no storage: the lock suffix is repeated here).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.i18n import _

# SQLite's companions of a database file: losing them loses committed transactions.
SQLITE_COMPANION_SUFFIXES = ("-wal", "-shm", "-journal")
# The same value as storage.lockfile.LOCK_SUFFIX (core may not import storage; a test checks).
LOCK_SUFFIX = ".lock"

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}


class OutputPathRefused(ValidationError):
    """The chosen path cannot receive the file; nothing was written."""


class OutputWriteError(NassijError):
    """Writing the file failed (disk full, no permission…); the target is as it was."""


def protected_paths(database_path: Path) -> set[Path]:
    """The association file, its SQLite working files and its lock file, symlinks followed.

    The names are taken beside both the path as given and the file it leads to: SQLite
    keeps its journal beside the real file, a lock file sits beside the name that was opened.
    """
    given = Path(database_path).expanduser().absolute()
    bases = {given, _resolve(given)}
    protected: set[Path] = set()
    for base in bases:
        protected.add(_resolve(base))
        for suffix in (*SQLITE_COMPANION_SUFFIXES, LOCK_SUFFIX):
            protected.add(_resolve(base.with_name(base.name + suffix)))
    return protected


def check_output_path(
    target: Path | str, *, protected: Iterable[Path] = (), field: str = "out"
) -> Path:
    """The resolved path where a new file may be written in place of `target`, or
    OutputPathRefused (a ValidationError on `field`) with a sentence naming the path."""
    text = os.fspath(target)
    given = Path(text).expanduser()
    try:
        resolved = given.resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError up to Python 3.12)
        raise OutputPathRefused(
            field, _("{path} cannot be used: {reason}").format(path=given, reason=exc)
        ) from exc
    guarded = {_resolve(Path(p)) for p in protected}
    if resolved in guarded:
        raise OutputPathRefused(field, _protected_message(given))
    target_stat = _stat(resolved, field, given)
    if target_stat is not None:
        if any(_same_file(target_stat, path) for path in guarded):  # a hard link to it
            raise OutputPathRefused(field, _protected_message(given))
        if stat.S_ISDIR(target_stat.st_mode):
            raise OutputPathRefused(
                field, _("{path} is a folder: choose a file name inside it.").format(path=given)
            )
        if not stat.S_ISREG(target_stat.st_mode):
            raise OutputPathRefused(
                field,
                _(
                    "{path} is not an ordinary file (it is a device, a pipe or a socket): "
                    "choose another name."
                ).format(path=given),
            )
    if text.endswith(("/", os.sep)):  # "out/" names a folder, even one not there yet
        raise OutputPathRefused(
            field, _("The folder {folder} does not exist.").format(folder=given)
        )
    folder = resolved.parent
    folder_stat = _stat(folder, field, given)
    if folder_stat is None:
        raise OutputPathRefused(
            field, _("The folder {folder} does not exist.").format(folder=folder)
        )
    if not stat.S_ISDIR(folder_stat.st_mode):
        raise OutputPathRefused(
            field,
            _("{path} cannot be written: {folder} is a file, not a folder.").format(
                path=given, folder=folder
            ),
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputPathRefused(
            field, _("No permission to write in the folder {folder}.").format(folder=folder)
        )
    return resolved


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """Yield a new, empty, hidden file beside `target`; when the block ends without an
    exception, it is flushed to disk and moved onto `target` in one step. On any exception
    it is removed and `target` is left as it was. Write failures become OutputWriteError."""
    target = Path(target)
    # A short hidden name in the same folder: os.replace is atomic only within one filesystem.
    temporary = target.with_name(f".{target.name[:40]}.{secrets.token_hex(6)}.partial")
    try:
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise output_write_error(exc, target) from exc
    try:
        yield temporary
        _flush_to_disk(temporary)
        os.replace(temporary, target)
        _flush_folder(target.parent)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        if _about(exc, (temporary, target, target.parent)):
            raise output_write_error(exc, target) from exc
        raise  # about another file (a font, a resource): not the user's target
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def output_write_error(exc: OSError, path: Path) -> OutputWriteError:
    """The sentence for a failed write of `path` (chain the OSError for the log)."""
    code = exc.errno
    if code in _DISK_FULL:
        message = _(
            "The disk is full: {path} could not be written. Free some space or choose another disk."
        )
    elif code in _NO_PERMISSION:
        message = _("No permission to write {path} (or the file is open in another program).")
    elif code == errno.EROFS:
        message = _("{path} is on a read-only disk or folder: it could not be written.")
    elif code == errno.ENAMETOOLONG:
        message = _("The name {path} is too long for this disk.")
    else:
        reason = exc.strerror or str(exc)
        return OutputWriteError(
            _("{path} could not be written: {reason}").format(path=path, reason=reason)
        )
    return OutputWriteError(message.format(path=path))


def _protected_message(path: Path) -> str:
    return _(
        "{path} is the association file or one of its working files: writing there would "
        "destroy it. Choose another name."
    ).format(path=path)


def _resolve(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):
        return path.expanduser().absolute()


def _stat(path: Path, field: str, given: Path) -> os.stat_result | None:
    """`os.stat(path)`, None when nothing is there; a refusal for a name the system rejects."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise OutputPathRefused(field, str(output_write_error(exc, given))) from exc


def _about(exc: OSError, paths: tuple[Path, ...]) -> bool:
    """Whether a failure concerns the file being written (a bare write error names none)."""
    if exc.filename is None:
        return True
    if isinstance(exc.filename, int):
        return False
    return Path(os.fsdecode(exc.filename)) in paths


def _same_file(target_stat: os.stat_result, path: Path) -> bool:
    try:
        other = os.stat(path)
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (target_stat.st_dev, target_stat.st_ino)


def _flush_to_disk(path: Path) -> None:
    # Read-write: Windows refuses to flush a handle opened for reading only.
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); some filesystems cannot, which is no error."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
