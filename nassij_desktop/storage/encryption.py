"""A password-protected association file: SQLCipher with one random key, wrapped per user.

The file is a SQLCipher database keyed with a random 256-bit key (a raw key: SQLCipher's own
password derivation is skipped, `PRAGMA key = "x'…'"`). That key is never typed: each account
holds it wrapped by its own password in the sidecar `FILE.keys` (JSON), so every user opens the
file with their own password, and a password change or an administrator's reset re-wraps the
key without re-encrypting a page.

Why a sidecar: SQLCipher encrypts the file from its first byte (the first 16 bytes are the page
salt), so no plain header can hold the wrapped keys inside the file, and they must be read
before the database can be. The keys file names the accounts (not their passwords); without it
the file cannot be opened by anyone, and it is copied with every backup.

The wrap uses what the project already depends on: argon2id (`argon2-cffi`, the password
hashes' library: memory-hard, unlike PBKDF2) derives 64 bytes from the password and a fresh
16-byte salt; the first 32 are a one-time pad for the key (HMAC-SHA256 of a label, never reused
since every wrap has its own salt), the last 32 authenticate the result (HMAC-SHA256 over the
login and the wrapped key), so a wrong password is told apart from a damaged file. No AES:
`cryptography` is not a dependency, and a 32-byte key needs no block cipher.

Keys unwrapped in this process are remembered by the keys file's `file_id` (a backup's keys
file carries the same id), so that backups, their checks and a restore read an encrypted copy
without asking for the password again.

`sqlcipher3` (the `sqlcipher3-wheels` binding, SQLCipher 4 with SQLite 3.51 built in) is
imported only when an encrypted file is met: a plain file never loads it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.file_keys import (
    KDF,
    KEY_BYTES,
    SALT_BYTES,
    KeysFile,
    derive,
    foreign_header,
    is_encrypted,
    key_pragma,
    keys_path,
    load_keys,
    raw,
    unwrap,
    url_password,
    wrap,
    write_keys,
)
from nassij_desktop.file_keys import (
    connect as _connect,
)
from nassij_desktop.i18n import _
from nassij_desktop.storage import errors
from nassij_desktop.storage.inspect import shown

if TYPE_CHECKING:
    from nassij_desktop.storage.database import Database

# The key's own parts (no SQLAlchemy) live in file_keys.py; named here for the storage layer.
__all__ = [
    "KeysFile",
    "is_encrypted",
    "key_pragma",
    "keys_path",
    "raw",
    "unwrap",
    "url_password",
    "wrap",
    "write_keys",
]

_KEYS_BY_FILE_ID: dict[str, bytes] = {}


class PasswordRequired(errors.DatabaseOpenError):
    """An encrypted file opened without a user name and password."""


class WrongPassword(errors.DatabaseOpenError):
    """No account of the keys file opens the key with the password given."""


class KeysMissing(errors.DatabaseOpenError):
    """An encrypted file whose keys file is missing or unreadable."""


def sqlcipher() -> ModuleType:
    """The SQLCipher binding, imported on first use."""
    try:
        import sqlcipher3
    except ImportError as exc:  # pragma: no cover - a dependency; an installation fault
        raise errors.DatabaseOpenError(
            _(
                "This file is protected by a password, but the encryption library "
                "(sqlcipher3-wheels) is not installed. Reinstall Nassij Desktop."
            )
        ) from exc
    module: ModuleType = sqlcipher3
    global _quiet
    if not _quiet:
        # A page that fails its authentication (a damaged file) is an error raised, and told
        # in a sentence: not lines SQLCipher prints on the terminal. Its log level is global.
        with contextlib.closing(module.connect(":memory:")) as connection:
            connection.execute("PRAGMA cipher_log_level = NONE")
        _quiet = True
    return module


_quiet = False  # SQLCipher's own log, silenced once (sqlcipher())


# --- the keys file ------------------------------------------------------------------------------


def read_keys(path: Path) -> KeysFile:
    """The keys file of the association file `path`, or KeysMissing with a sentence."""
    sidecar = keys_path(path)
    try:
        return load_keys(path)
    except FileNotFoundError:
        raise KeysMissing(missing_keys_message(path)) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeysMissing(
            _(
                "The keys file {keys} of the protected file {path} is damaged: the file cannot "
                "be opened. Restore both from a backup."
            ).format(keys=shown(sidecar), path=shown(path))
        ) from exc


def missing_keys_message(path: Path) -> str:
    return _(
        "{path} is protected by a password, but its keys file {keys} is missing: it cannot be "
        "opened without it. Put the keys file back beside it (backups keep one beside each "
        "copy)."
    ).format(path=shown(path), keys=shown(keys_path(path)))


def copy_keys(source: Path, target: Path) -> None:
    """The keys file of `source` beside `target` (a backup, a restored file)."""
    write_keys(target, read_keys(source))


def unlock(path: Path, login: str | None, password: str | None) -> bytes:
    """The key of the encrypted file `path`, unwrapped with this account's password.

    One sentence for a wrong user name and a wrong password alike (as signing in); an account
    with no key yet is told to have its password reset by an administrator."""
    keys = read_keys(path)
    if not login or password is None:
        raise PasswordRequired(password_required_message(path))
    login = login.strip().lower()  # as signing in reads it (core.users.services.find_account)
    entry = keys.users.get(login)
    if entry is None:
        derive(password, secrets.token_bytes(SALT_BYTES), KDF)  # the same time either way
        raise WrongPassword(
            _(
                "Wrong user name or password for the protected file {path}. An account created "
                "before the file was protected opens it once an administrator has reset its "
                "password."
            ).format(path=shown(path))
        )
    key = unwrap(entry, login, password)
    if key is None:
        raise WrongPassword(
            _("Wrong user name or password for the protected file {path}.").format(path=shown(path))
        )
    remember(keys.file_id, key)
    return key


def password_required_message(path: Path) -> str:
    return _(
        "{path} is protected by a password: sign in with your user name and password to open it."
    ).format(path=shown(path))


def remember(file_id: str, key: bytes) -> None:
    _KEYS_BY_FILE_ID[file_id] = key


def forget_keys() -> None:
    """Forget every key unwrapped in this process (the next open asks for a password)."""
    _KEYS_BY_FILE_ID.clear()


def known_key(path: Path) -> bytes | None:
    """The key of an encrypted file (or backup) already unwrapped in this process."""
    try:
        return _KEYS_BY_FILE_ID.get(read_keys(path).file_id)
    except KeysMissing:
        return None


def set_password(path: Path, key: bytes, login: str, password: str) -> None:
    """Wrap the key for `login` with `password` (a new account, a change, a reset)."""
    keys = read_keys(path)
    users = dict(keys.users)
    users[login] = wrap(key, login, password)
    write_keys(path, KeysFile(keys.file_id, users))


# --- connections ---------------------------------------------------------------------------------


def connect(path: Path | str, key: bytes, *, uri: bool = False, **kwargs: Any) -> Any:
    """A SQLCipher connection keyed with `key` whose errors are the stdlib's `sqlite3` ones
    (file_keys.connect), or a sentence when the binding is not installed."""
    sqlcipher()
    return _connect(path, key, uri=uri, **kwargs)


def file_key(path: Path) -> bytes | None:
    """The key of a protected file already unwrapped in this process; None for a plain file
    (or a protected one nobody has unlocked yet: opening it then fails as a damaged one would,
    so callers that need it check `is_encrypted` first)."""
    return known_key(path) if is_encrypted(path) else None


def connect_path(
    path: Path | str, key: bytes | None = None, *, uri: bool = False, **kwargs: Any
) -> sqlite3.Connection:
    """A DB-API connection to `path` (or a `file:` URI with `uri`): SQLCipher keyed with `key`
    (errors translated to `sqlite3`'s), the stdlib's when `key` is None. The one place the
    damage reader, the recovery and the light `members list` open a possibly protected file."""
    if key is None:
        plain: sqlite3.Connection = sqlite3.connect(path, uri=uri, **kwargs)
        return plain
    return cast(sqlite3.Connection, connect(path, key, uri=uri, **kwargs))


def connect_any(path: Path, **kwargs: Any) -> sqlite3.Connection:
    """A read-write connection to `path`: keyed when it is a protected file whose key this
    process holds, the stdlib's otherwise."""
    key = known_key(path) if is_encrypted(path) else None
    if key is None:
        plain: sqlite3.Connection = sqlite3.connect(path, **kwargs)
        return plain
    return cast(sqlite3.Connection, connect(path, key, **kwargs))


def connect_like(source: Path, target: Path) -> sqlite3.Connection:
    """A connection to a new copy `target` of `source`: encrypted with the same key when
    `source` is (its keys file is copied beside it), plain otherwise."""
    key = known_key(source) if foreign_header(source) else None
    if key is None:
        return sqlite3.connect(target)
    copy_keys(source, target)
    return cast(sqlite3.Connection, connect(target, key))


def driver_errors() -> tuple[type[BaseException], ...]:
    """sqlite3.Error, and SQLCipher's when it is loaded (an engine's own connection)."""
    import sys

    module = sys.modules.get("sqlcipher3")
    return (sqlite3.Error,) if module is None else (sqlite3.Error, module.Error)


def database_error_types() -> tuple[type[BaseException], ...]:
    """The DatabaseError classes of both drivers (a keyed connection raises SQLCipher's)."""
    try:
        import sqlcipher3
    except ImportError:  # pragma: no cover
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


# --- converting a file ---------------------------------------------------------------------------


def logins(database: Database) -> list[str]:
    """The accounts of an open file, by login."""
    import sqlalchemy as sa

    with database.session() as session:
        return list(session.scalars(sa.text("SELECT login FROM user_account ORDER BY login")))


def encrypt_file(path: Path, actor: Actor, login: str, password: str) -> bytes:
    """Encrypt the plain association file `path` in place (closed, its lock file held): a new
    random key, wrapped for `login` (the signed-in administrator `actor`); returns the key. The
    encrypted copy is made beside it with `sqlcipher_export`, checked, then moved over the
    plain file once its keys file is written."""
    actor.require(Permission.DATA_ADMIN)
    key = secrets.token_bytes(KEY_BYTES)
    file_id = secrets.token_hex(16)
    staged = path.with_name(f".{path.name}.encrypting")
    _remove(staged)
    try:
        with contextlib.closing(sqlcipher().connect(str(path))) as plain:
            plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            plain.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"", (str(staged),))
            # One sync of the finished copy (below), not one per table: 3.5 s → 0.1 s here.
            plain.execute("PRAGMA encrypted.synchronous=OFF")
            plain.execute("SELECT sqlcipher_export('encrypted')")
            _copy_application_id(plain, "encrypted")
            plain.execute("DETACH DATABASE encrypted")
        _check_copy(staged, key)
        write_keys(path, KeysFile(file_id, {login: wrap(key, login, password)}))
        _move_over(staged, path)
    except BaseException:
        _remove(staged)
        raise
    remember(file_id, key)
    return key


def decrypt_file(path: Path, actor: Actor, key: bytes, output: Path) -> None:
    """Write a plain copy of the encrypted file `path` to `output` (a new file), checked."""
    actor.require(Permission.DATA_ADMIN)
    staged = output.with_name(f".{output.name}.decrypting")
    _remove(staged)
    try:
        with contextlib.closing(connect(path, key)) as encrypted:
            encrypted.execute("ATTACH DATABASE ? AS plain KEY ''", (str(staged),))
            encrypted.execute("PRAGMA plain.synchronous=OFF")
            encrypted.execute("SELECT sqlcipher_export('plain')")
            _copy_application_id(encrypted, "plain")
            encrypted.execute("DETACH DATABASE plain")
        _check_copy(staged, None)
        os.replace(staged, output)
    except BaseException:
        _remove(staged)
        raise


def remove_protection(path: Path, actor: Actor, key: bytes) -> None:
    """Make the encrypted association file `path` plain again, in place (closed, its lock
    file held): a plain copy is made beside it, checked, then moved over it, and its keys file
    is deleted. Backups made while it was protected keep their own keys files."""
    actor.require(Permission.DATA_ADMIN)
    with contextlib.closing(connect(path, key)) as encrypted:
        encrypted.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    staged = path.with_name(f".{path.name}.plain")
    _remove(staged)
    try:
        decrypt_file(path, actor, key, staged)
        _move_over(staged, path)
    except BaseException:
        _remove(staged)
        raise
    keys_path(path).unlink(missing_ok=True)


def _copy_application_id(connection: Any, target: str) -> None:
    """`sqlcipher_export` copies the tables and `user_version`, not the header's application
    id (migration 0023) by which the desktop recognises an association file: copy it."""
    number = int(connection.execute("PRAGMA main.application_id").fetchone()[0])
    connection.execute(f"PRAGMA {target}.application_id = {number}")


def _move_over(staged: Path, path: Path) -> None:
    """Put the checked copy `staged` in the place of the closed file `path` (its journal,
    checkpointed into it before the copy, goes with it)."""
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, path)


def _check_copy(copy: Path, key: bytes | None) -> None:
    connection = connect(copy, key) if key is not None else sqlite3.connect(copy)
    with contextlib.closing(connection):
        result = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise NassijError(
            _(
                "The converted copy {path} failed its check ({problem}); nothing was changed."
            ).format(path=shown(copy), problem=result[0])
        )
    with copy.open("rb+") as f:
        os.fsync(f.fileno())


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
