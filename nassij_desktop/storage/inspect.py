"""A read-only look at a file before anything is decided about it.

Nothing here writes: a foreign SQLite file, a backup about to be restored or a damaged file
stays byte for byte as it was (opening it through the engine would switch it to WAL first).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import errors

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100


@dataclass(frozen=True)
class FileFacts:
    path: Path
    revision: str | None  # the Alembic stamp, None when the file has none
    tables: frozenset[str]
    writable: bool  # the file and its folder accept writes (the -wal, -shm and lock live there)


def shown(path: Path | str) -> str:
    """A path inside a sentence: isolated so that Arabic text around it keeps its order."""
    return isolate(str(path), "ltr")


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    uri = f"file:{quote(str(path))}?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def is_writable(path: Path) -> bool:
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot write and leaves nothing beside the file.

    With no -wal beside it, the main file is all there is: it is read as immutable, so SQLite
    creates no -wal or -shm (a read-only folder, a backup on a USB stick, a damaged file kept
    as it is). With a -wal (another program has the file open), it is read with it. A
    password-protected file whose key this process has unwrapped is read through SQLCipher
    (storage/encryption.py); its errors are sqlite3.DatabaseError's too.
    """
    immutable = not Path(f"{path}-wal").exists()
    uri = readonly_uri(path, immutable=immutable)
    from nassij_desktop.storage import encryption

    if encryption.is_encrypted(path):
        key = encryption.known_key(path)
        if key is not None:
            return encryption.connect(uri, key, uri=True)  # type: ignore[no-any-return]
    return sqlite3.connect(uri, uri=True)


def _header_problem(path: Path, header: bytes, size: int) -> str | None:
    if len(header) < HEADER_SIZE:
        return _(
            "{path} is incomplete: it ends after {size} bytes. Restore it from a backup."
        ).format(path=shown(path), size=size)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    # The page count in the header is valid only when its "valid-for" number matches the
    # change counter (SQLite file format, section 1.3.7).
    if header[92:96] == header[24:28] and page_size and size < page_size * page_count:
        return _(
            "{path} is incomplete: it ends after {size} bytes where {expected} were expected "
            "(the copy was cut short). Restore it from a backup, or recover what it holds "
            "with `nassij recover`."
        ).format(path=shown(path), size=size, expected=page_size * page_count)
    return None


def inspect_file(path: Path, *, create: bool) -> FileFacts | None:
    """What the file at `path` is, or None when a new association may be created there.

    Raises a DatabaseOpenError with a sentence for everything that is not an association file
    this version can open: missing, empty, a folder or device, truncated, damaged, foreign,
    newer, or with a broken structure stamp.
    """
    from nassij_desktop.storage import migrate

    try:
        info = path.stat()
    except FileNotFoundError:
        if not create:
            raise errors.DatabaseMissing(
                _("The file {path} does not exist.").format(path=shown(path))
            ) from None
        if not path.parent.is_dir():
            raise errors.DatabaseMissing(
                _("The folder {folder} does not exist.").format(folder=shown(path.parent))
            ) from None
        return None
    except PermissionError as exc:
        raise errors.DatabaseOpenError(
            _("{path} cannot be read: permission denied.").format(path=shown(path))
        ) from exc
    if stat.S_ISDIR(info.st_mode):
        raise errors.NotADatabase(
            _("{path} is a folder, not an association file.").format(path=shown(path))
        )
    if not stat.S_ISREG(info.st_mode):
        raise errors.NotADatabase(
            _("{path} is not a regular file (a device or a pipe).").format(path=shown(path))
        )
    if info.st_size == 0:
        if create:
            return None
        raise errors.DatabaseEmpty(
            _(
                "{path} is empty: it holds no association. Create one with `nassij init` "
                "or the assistant, or restore a backup."
            ).format(path=shown(path))
        )
    try:
        with path.open("rb") as f:
            header = f.read(HEADER_SIZE)
    except PermissionError as exc:
        raise errors.DatabaseOpenError(
            _("{path} cannot be read: permission denied.").format(path=shown(path))
        ) from exc
    encrypted = len(header) >= len(SQLITE_MAGIC) and not header.startswith(SQLITE_MAGIC)
    if encrypted:
        _refuse_locked_file(path)
    elif not header.startswith(SQLITE_MAGIC[: len(header)]) or len(header) < len(SQLITE_MAGIC):
        if header.startswith(SQLITE_MAGIC[: len(header)]):
            raise errors.NotADatabase(
                _(
                    "{path} is incomplete: it ends after {size} bytes. Restore it from a backup."
                ).format(path=shown(path), size=info.st_size)
            )
        raise errors.NotADatabase(
            _("{path} is not an association file (it is not a database).").format(path=shown(path))
        )
    # With a non-empty -wal the file is the main file plus the WAL's pages: the header's page
    # count may exceed the main file (a checkpoint cut short by a full disk) without damage.
    wal = Path(f"{path}-wal")
    problem = (
        None
        if encrypted or (wal.exists() and wal.stat().st_size > 0)
        else (_header_problem(path, header, info.st_size))
    )
    if problem:
        raise errors.DatabaseDamaged(problem)
    try:
        with contextlib.closing(connect_readonly(path)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
            tables = frozenset(
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            )
            stamps: list[str] = []
            if "alembic_version" in tables:
                stamps = [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]
    except _database_errors() as exc:
        raise errors.DatabaseDamaged(
            _(
                "{path} is damaged: SQLite cannot read it ({reason}). `nassij check` tells "
                "what can still be read, and `nassij recover` saves it into a new file."
            ).format(path=shown(path), reason=str(exc))
        ) from exc
    if len(stamps) > 1:
        raise errors.NotAnAssociationFile(
            _(
                "{path} records {count} structure versions instead of one: it was altered by "
                "another program. Restore it from a backup."
            ).format(path=shown(path), count=len(stamps))
        )
    revision = stamps[0] if stamps else None
    if revision is None and tables - migrate.UNMODELLED_TABLES:
        raise errors.NotAnAssociationFile(
            _("This database was not created by Nassij Desktop; it cannot be opened.")
        )
    if revision is not None and revision not in migrate.known_revisions():
        raise errors.DatabaseTooNew(
            _(
                "This file was saved by a newer version of Nassij Desktop. "
                "Install the latest version to open it."
            )
        )
    return FileFacts(path=path, revision=revision, tables=tables, writable=is_writable(path))


def not_a_database_message(path: Path) -> str:
    """A file that does not start as SQLite's and has no keys file beside it."""
    from nassij_desktop.storage import encryption

    return _(
        "{path} is not an association file: it is not a database, or it is a "
        "password-protected file whose keys file {keys} is missing (put it back beside "
        "the file)."
    ).format(path=shown(path), keys=shown(encryption.keys_path(path)))


def _refuse_locked_file(path: Path) -> None:
    """A file that does not start as SQLite's: a password-protected file (SQLCipher), opened
    with its key once unwrapped, or something that is not a database at all."""
    from nassij_desktop.storage import encryption

    if not encryption.keys_path(path).exists():
        raise errors.NotADatabase(not_a_database_message(path))
    if encryption.known_key(path) is None:
        encryption.read_keys(path)  # a damaged keys file is told as such
        raise encryption.PasswordRequired(encryption.password_required_message(path))


def _database_errors() -> tuple[type[BaseException], ...]:
    import sys

    if "sqlcipher3" not in sys.modules:  # a plain file never loads it
        return (sqlite3.DatabaseError,)
    from nassij_desktop.storage.encryption import database_error_types

    return database_error_types()
