"""`nassij members list` on an SQLite file, read without SQLAlchemy: the light read path.

A search from a script should cost about what Python's start-up costs: loading SQLAlchemy and
the models alone takes several times the search. So a `members list` without a filter, printed
as JSON or CSV, on a file that is exactly as the migrations build it at head, is read here with
the stdlib `sqlite3` through a read-only connection (no write lock, and no lock file: a read
takes none on the normal path either), signed in as the normal path signs in (the account's
row, argon2, the role's permissions), searched with the service's own SQL
(`core.members.search_sql`) and printed by the same function. Anything else returns None and
takes the normal path, which says what is wrong in its own words: a server URL, a filter, the
table format, a file at another revision, altered, damaged, read-only or cut short, a sign-in
that needs a prompt or a message of its own, any SQLite error. A test compares both paths'
output and errors byte for byte.

A password-protected file is read here too: its key is unwrapped from the keys file beside it
with the account's password (`file_keys`, argon2id, no SQLAlchemy) and the file is opened with
SQLCipher, read-only. A missing or damaged keys file, a wrong password or an account without a
key take the normal path, which says so.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sqlite3
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from nassij_desktop import file_keys, paths
from nassij_desktop.cli.output import print_rows
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.names import join_names
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Permission, Role
from nassij_desktop.core.common.textnorm import normalise_query
from nassij_desktop.core.members import search_sql
from nassij_desktop.core.users.passwords import hash_matches
from nassij_desktop.i18n import _
from nassij_desktop.schema_reference import SCHEMA_OBJECTS_SQL, exactly_at_head, head_revision

# Read here rather than from cli.context, which loads the storage layer (and SQLAlchemy).
USER_VARIABLE = "NASSIJ_USER"
PASSWORD_VARIABLE = "NASSIJ_USER_PASSWORD"

_SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


class _NormalPath(Exception):
    """Leave the command to the normal path."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]  # raises, never exits
        raise _NormalPath(message)


def _list_options(rest: Sequence[str]) -> argparse.Namespace:
    """The options of `members list` this path serves; anything else is the normal path's
    (which also answers usage errors and --help)."""
    # No abbreviations: `--s` is ambiguous on the normal path (--search, --status), not here.
    parser = _Parser(prog="nassij members list", add_help=False, allow_abbrev=False)
    parser.add_argument("action", choices=["list"])
    parser.add_argument("--search", default="")
    parser.add_argument("--order", choices=[o.value for o in search_sql.MemberOrder])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--format", choices=["csv", "json"], required=True)
    options = parser.parse_args(list(rest))
    options.order = options.order or search_sql.MemberOrder.NAME_LAT.value
    return options


def _association_file(db: str | None) -> tuple[Path, bool]:
    """The SQLite file the command names, if it is one this path can read as it is, and
    whether it is protected by a password (SQLCipher: its header is not readable)."""
    target = db or str(paths.default_database())
    if "://" in target or target.startswith("sqlite:"):
        raise _NormalPath("a URL")  # a server database, or a URL's own options
    path = Path(target)
    info = path.stat()  # missing: the normal path says so
    # Read-only file or folder: the normal path opens it read-only and adds its note.
    if not stat.S_ISREG(info.st_mode) or not os.access(path, os.W_OK):
        raise _NormalPath("not a writable file")
    if not os.access(path.parent, os.W_OK):
        raise _NormalPath("not a writable folder")
    if file_keys.is_encrypted(path):
        return path, True
    with path.open("rb") as f:
        header = f.read(_HEADER_SIZE)
    if len(header) < _HEADER_SIZE or not header.startswith(_SQLITE_MAGIC):
        raise _NormalPath("not a whole SQLite header")
    # A file shorter than its header's page count was cut short (unless its -wal holds the
    # rest): the normal path tells how to recover it.
    wal = Path(f"{path}-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        page_count = int.from_bytes(header[28:32], "big")
        if header[92:96] == header[24:28] and info.st_size < page_size * page_count:
            raise _NormalPath("cut short")
    return path, False


def _open_protected(path: Path, login: str | None) -> sqlite3.Connection:
    """A read-only SQLCipher connection to the protected file `path`, keyed with the key the
    account's password unwraps (as `storage.encryption.unlock`, which the normal path runs)."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if not login or password is None:
        raise _NormalPath("the sign-in asks or explains")
    try:
        keys = file_keys.load_keys(path)
    except (OSError, ValueError, KeyError, TypeError):
        raise _NormalPath("no readable keys file") from None
    login = login.strip().lower()
    entry = keys.users.get(login)
    key = None if entry is None else file_keys.unwrap(entry, login, password)
    if key is None:
        raise _NormalPath("a wrong password, or an account without a key")
    from urllib.parse import quote

    connection: sqlite3.Connection = file_keys.connect(
        f"file:{quote(str(path))}?mode=ro", key, uri=True
    )
    return connection


def _check_structure(connection: sqlite3.Connection) -> None:
    """At head, exactly: an older file is upgraded (and a newer or altered one refused) by
    the normal path."""
    stamps = [row[0] for row in connection.execute("SELECT version_num FROM alembic_version")]
    if stamps != [head_revision()]:
        raise _NormalPath("not at head")
    if not exactly_at_head(connection.execute(SCHEMA_OBJECTS_SQL).fetchall()):
        raise _NormalPath("altered")


def _sign_in(connection: sqlite3.Connection, login: str | None) -> Actor:
    """As `CommandContext._sign_in` and `core.users.services.sign_in(record=False)`: a file
    without accounts runs as its owner; the check only reads."""
    if connection.execute("SELECT id FROM user_account LIMIT 1").fetchone() is None:
        return CLI_ACTOR
    password = os.environ.get(PASSWORD_VARIABLE)
    if not login or password is None:
        raise _NormalPath("the sign-in asks or explains")
    row = connection.execute(
        "SELECT id, login, role, active, password_hash FROM user_account WHERE login = ?",
        (login.strip().lower(),),
    ).fetchone()
    matched = hash_matches(None if row is None else row[4], password)
    if row is None or not matched:
        raise NassijError(_("Wrong login or password."))
    user_id, account_login, role, active, _hash = row
    if not active:
        raise NassijError(_("This account is disabled. Ask an administrator."))
    return Actor(user_id=user_id, login=account_login, role=Role(role))


def _lines(
    connection: sqlite3.Connection, actor: Actor, options: argparse.Namespace
) -> list[list[str | None]]:
    actor.require(Permission.MEMBERS_READ)
    tokens = tuple(normalise_query(options.search))
    identity = None
    if search_sql.looks_like_identity_number(tokens) and actor.can(Permission.MEMBERS_IDENTITY):
        identity = tokens[0].upper()
    _total, ids = search_sql.search_page(
        connection,
        search_sql.Search(tokens, identity),
        search_sql.MemberOrder(options.order),
        limit=options.limit,
    )
    return [
        [
            m.number,
            join_names(m.first_name_ar, m.last_name_ar),
            join_names(m.first_name_lat, m.last_name_lat),
            m.status,
            m.category_code,
            m.city,
            m.phone,
        ]
        for m in search_sql.listed_members(connection, ids)
    ]


def read_members_list(
    db: str | None, user: str | None, rest: Sequence[str]
) -> Callable[[], None] | None:
    """Read `members list` (`rest`: what follows `members`) and return what prints it, or
    None when the normal path must run it. Raises NassijError for a refused sign-in or
    permission, worded as the normal path words it."""
    login = user or os.environ.get(USER_VARIABLE) or None
    try:
        options = _list_options(rest)
        path, protected = _association_file(db)
        if protected:
            connection = _open_protected(path, login)
        else:
            connection = search_sql.open_read_only(str(path))
    except (_NormalPath, OSError, ImportError, sqlite3.Error):
        return None
    try:
        with contextlib.closing(connection):
            # One snapshot for every read, as the normal path's read session.
            connection.execute("BEGIN")
            _check_structure(connection)
            actor = _sign_in(connection, login)
            lines = _lines(connection, actor, options)
    except (_NormalPath, sqlite3.Error):
        return None
    return functools.partial(print_rows, search_sql.LIST_HEADERS, lines, options.format)
