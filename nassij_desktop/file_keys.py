"""A protected file's key without the storage layer: the keys file, the argon2id wrap, and a
SQLCipher connection keyed with the key.

`storage/encryption.py` explains the scheme and says what went wrong in the user's words; this
module holds the parts that need neither SQLAlchemy nor a sentence, so that the command line's
light read path (`cli/members_light.py`) opens a protected file as cheaply as a plain one. It
imports nothing of the project (a leaf): its failures are the stdlib's (`FileNotFoundError`,
`ValueError`, `ImportError`, `sqlite3.Error`), worded by its callers.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

KEYS_SUFFIX = ".keys"
FORMAT = "nassij-file-keys"
VERSION = 1
KEY_BYTES = 32
SALT_BYTES = 16
# The password hashes' argon2id costs (core/users/passwords.py): about 0.05 s per unwrap.
KDF = {"name": "argon2id", "time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
SQLITE_MAGIC = b"SQLite format 3\x00"


def keys_path(path: Path) -> Path:
    return Path(f"{path}{KEYS_SUFFIX}")


def foreign_header(path: Path) -> bool:
    """A file of at least 16 bytes that does not start as SQLite's do."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return len(head) == len(SQLITE_MAGIC) and head != SQLITE_MAGIC


def is_encrypted(path: Path) -> bool:
    """A non-empty file whose header is not SQLite's, with a keys file beside it."""
    return foreign_header(path) and keys_path(path).exists()


def key_pragma(key: bytes) -> str:
    return f"PRAGMA key = \"x'{key.hex()}'\""


def url_password(key: bytes) -> str:
    """The raw key as SQLAlchemy's pysqlcipher dialect passes it to `PRAGMA key`."""
    return f"x'{key.hex()}'"


# --- the keys file ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeysFile:
    file_id: str
    users: dict[str, dict[str, Any]]


def load_keys(path: Path) -> KeysFile:
    """The keys file of the association file `path`. FileNotFoundError: there is none;
    OSError, ValueError, KeyError or TypeError: it cannot be read as one."""
    data = json.loads(keys_path(path).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT or not isinstance(data.get("users"), dict):
        raise ValueError("not a keys file")
    return KeysFile(str(data["file_id"]), dict(data["users"]))


def write_keys(path: Path, keys: KeysFile) -> None:
    """Written beside, flushed, then moved into place: a crash leaves the old or the new."""
    sidecar = keys_path(path)
    data = {"format": FORMAT, "version": VERSION, "file_id": keys.file_id, "users": keys.users}
    temporary = sidecar.with_name(f".{sidecar.name}.{secrets.token_hex(4)}.partial")
    try:
        with temporary.open("w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, sort_keys=True)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, sidecar)
    finally:
        temporary.unlink(missing_ok=True)


def derive(password: str, salt: bytes, kdf: dict[str, Any]) -> tuple[bytes, bytes]:
    from argon2.low_level import Type, hash_secret_raw

    if kdf.get("name") != "argon2id":
        raise ValueError("unknown key derivation")
    material = hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=int(kdf["time_cost"]),
        memory_cost=int(kdf["memory_cost"]),
        parallelism=int(kdf["parallelism"]),
        hash_len=64,
        type=Type.ID,
    )
    return material[:32], material[32:]


def _pad(secret: bytes) -> bytes:
    return hmac.new(secret, b"nassij file key wrap v1", hashlib.sha256).digest()


def _tag(secret: bytes, login: str, wrapped: bytes) -> bytes:
    message = b"nassij file key tag v1\x00" + login.encode("utf-8") + b"\x00" + wrapped
    return hmac.new(secret, message, hashlib.sha256).digest()


def wrap(key: bytes, login: str, password: str) -> dict[str, Any]:
    salt = secrets.token_bytes(SALT_BYTES)
    pad_secret, tag_secret = derive(password, salt, KDF)
    wrapped = bytes(a ^ b for a, b in zip(key, _pad(pad_secret), strict=True))
    encode = base64.b64encode
    return {
        "salt": encode(salt).decode(),
        "kdf": dict(KDF),
        "wrapped": encode(wrapped).decode(),
        "tag": encode(_tag(tag_secret, login, wrapped)).decode(),
    }


def unwrap(entry: dict[str, Any], login: str, password: str) -> bytes | None:
    """The key, or None when the password is not the one it was wrapped with."""
    try:
        salt = base64.b64decode(entry["salt"])
        wrapped = base64.b64decode(entry["wrapped"])
        tag = base64.b64decode(entry["tag"])
        pad_secret, tag_secret = derive(password, salt, entry["kdf"])
    except (KeyError, ValueError, TypeError):
        return None
    if len(wrapped) != KEY_BYTES or not hmac.compare_digest(tag, _tag(tag_secret, login, wrapped)):
        return None
    return bytes(a ^ b for a, b in zip(wrapped, _pad(pad_secret), strict=True))


# --- connections ---------------------------------------------------------------------------------


def sqlcipher_module() -> Any:
    """The SQLCipher binding (`sqlcipher3-wheels`), imported on first use; ImportError when
    it is not installed."""
    import sqlcipher3

    return sqlcipher3


def connect(path: Path | str, key: bytes, *, uri: bool = False, **kwargs: Any) -> Any:
    """A SQLCipher connection keyed with `key` (the key is the first statement), whose errors
    are the stdlib's `sqlite3` ones: the code that reads plain files catches them unchanged."""
    module = sqlcipher_module()
    try:
        connection = module.connect(str(path), uri=uri, **kwargs)
        connection.execute(key_pragma(key))
    except module.Error as exc:
        raise translated(exc) from exc
    return Translating(connection)


def translated(exc: BaseException) -> sqlite3.Error:
    name = type(exc).__name__
    kind = getattr(sqlite3, name, sqlite3.DatabaseError)
    error = kind(*exc.args) if isinstance(kind, type) else sqlite3.DatabaseError(*exc.args)
    with contextlib.suppress(AttributeError):
        error.sqlite_errorcode = exc.sqlite_errorcode  # type: ignore[attr-defined]
    return cast(sqlite3.Error, error)


class Translating:
    """A SQLCipher connection or cursor raising `sqlite3` errors (see `connect`)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if not callable(attribute):
            return attribute
        error = sqlcipher_module().Error

        def call(*args: Any, **kwargs: Any) -> Any:
            args = tuple(a._inner if isinstance(a, Translating) else a for a in args)
            kwargs = {k: v._inner if isinstance(v, Translating) else v for k, v in kwargs.items()}
            try:
                result = attribute(*args, **kwargs)
            except error as exc:
                raise translated(exc) from exc
            if type(result).__module__.startswith("sqlcipher3"):
                return Translating(result)
            return result

        return call

    def __iter__(self) -> Any:
        return iter(self._inner)


def raw(connection: Any) -> Any:
    """The driver's own connection behind `connect`'s (SQLite's backup API needs it)."""
    return connection._inner if isinstance(connection, Translating) else connection
