"""`open_database(url)`: the one way into an association's data.

A SQLite file is looked at read-only first (storage/inspect.py), so that a file that is refused
is left as it was. Then foreign keys, WAL, synchronous=FULL and a busy timeout; reads begin a
deferred transaction (a WAL snapshot, no lock), writes take the write lock at BEGIN. An older
file is migrated after an automatic backup (and put back as it was if the migration fails); a
read-only file or folder is opened read-only and every write refused with a sentence.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from nassij_desktop import paths
from nassij_desktop.core import models as _all_models  # noqa: F401 - every table known before use
from nassij_desktop.core.common.conflicts import GENERIC
from nassij_desktop.core.common.errors import NassijError, StaleVersion
from nassij_desktop.core.users.passwords import PASSWORDS_SET
from nassij_desktop.i18n import _
from nassij_desktop.storage import compiled_statements, errors, migrate, server
from nassij_desktop.storage.inspect import FileFacts, inspect_file, shown

if TYPE_CHECKING:
    from nassij_desktop.storage.changes import ChangeWatcher

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10_000


@dataclass
class Database:
    url: sa.URL
    engine: Engine
    path: Path | None  # the SQLite file; None for a server database
    read_only: bool = False  # a read-only file or folder: reads work, writes are refused
    last_backup: Path | None = None  # made before a migration on this open
    # The SQLCipher key of a password-protected file (storage/encryption.py), else None.
    key: bytes | None = field(default=None, repr=False)
    # Called before every write: the CLI takes the application's lock file there, so that no
    # command can write without it.
    before_write: Callable[[], None] | None = None
    # The window's poll of what others changed (storage/changes.py, `watch_changes`): told of
    # each write's own bumps of the change counters, so that it does not report them.
    watcher: ChangeWatcher | None = field(default=None, repr=False)
    _sessions: sessionmaker[Session] = field(init=False, repr=False)
    _write_sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # Writes take SQLite's write lock at BEGIN (see _sqlite_begin); reads never do.
        writer = self.engine.execution_options(**{WRITE_OPTION: True})
        self._write_sessions = sessionmaker(writer, expire_on_commit=False)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        """A session for reading: a deferred transaction on a WAL snapshot, no write lock."""
        return self._sessions()

    def refuse_if_read_only(self) -> None:
        if self.read_only:
            raise errors.DatabaseReadOnly(read_only_message(self.path))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed as a whole, or rolled back as a whole."""
        self.refuse_if_read_only()
        if self.before_write is not None:
            self.before_write()
        passwords: list[tuple[str, str]] = []
        watcher = self.watcher
        bumps: dict[str, int] = {}
        try:
            with self._write_sessions.begin() as session:
                start = watcher.start(session) if watcher is not None else None
                if self.key is not None:
                    # A password set in this transaction (core.users) re-wraps the file's key
                    # once it is committed (storage/encryption.py): nothing is re-encrypted.
                    session.info[PASSWORDS_SET] = passwords
                try:
                    yield session
                    if watcher is not None:
                        session.flush()
                        bumps = watcher.own_bumps(session, start)
                        watcher.noted(bumps, +1)  # before the commit: see storage/changes.py
                finally:
                    session.info.pop(PASSWORDS_SET, None)
        except BaseException as exc:
            if watcher is not None and bumps:
                watcher.noted(bumps, -1)  # the commit failed: they were not written
            if isinstance(exc, StaleDataError):
                # An UPDATE found the row's version changed under it (a service that did not
                # lock the row, on PostgreSQL): the refusal of core/common/conflicts.
                raise StaleVersion(_(GENERIC)) from exc
            raise
        if passwords and self.key is not None and self.path is not None:
            from nassij_desktop.storage.encryption import set_password

            for login, password in passwords:
                set_password(self.path, self.key, login, password)

    def watch_changes(self) -> ChangeWatcher:
        """The poll of what other computers or processes change (storage/changes.py), made
        once; this database's own writes are left out of what it reports."""
        if self.watcher is None:
            from nassij_desktop.storage.changes import ChangeWatcher

            self.watcher = ChangeWatcher(self)
        return self.watcher

    def close(self) -> None:
        """Close every connection, leaving the file whole without its -wal.

        A deleted or damaged -wal silently loses the transactions it holds; copying the WAL
        into the file at close makes a closed file self-contained (SQLite does so by itself
        only when the last connection of every process closes). The checkpoint never waits:
        while another process reads (a long report), it copies what it can and that
        process's own close finishes the work, so a short command never waits on a report.
        """
        if self.watcher is not None:
            self.watcher.close()
        if self.is_sqlite and not self.read_only:
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA busy_timeout=0")
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            except sa.exc.DBAPIError:
                log.warning("could not checkpoint %s at close", self.path)
        self.engine.dispose()


WRITE_OPTION = "nassij_write"


def read_only_message(path: Path | None) -> str:
    return _(
        "{path} is read-only (the file or its folder cannot be written): it was opened for "
        "reading, and changes cannot be saved. Copy it to a folder where you can write."
    ).format(path=shown(path or "?"))


PAGE_CACHE_KIB = 32 * 1024


def _sqlite_pragmas(read_only: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling is replaced by explicit BEGIN (see _sqlite_begin)
        # so that SAVEPOINTs and the WAL pragma behave.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # SQLite's default page cache (2 MB) holds a fiftieth of a 100 000-member file: a
        # search then rereads the members it sorts from the system on every keystroke. The
        # cache grows only as pages are read, so a small file costs no more.
        cursor.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
        if read_only:
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    return on_connect


def _sqlite_begin(connection: sa.Connection) -> None:
    # A write takes the lock at BEGIN (IMMEDIATE): two writers wait for each other instead of
    # failing half-way with "database is locked". A read begins DEFERRED: it reads a WAL
    # snapshot and never blocks a writer, however long it lasts.
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def to_url(target: str | Path | sa.URL) -> sa.URL:
    if isinstance(target, sa.URL):
        return target
    text = str(target)
    if "://" in text:
        return make_url(text)
    return sa.URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().resolve()))


def create_engine_for(url: sa.URL, *, read_only: bool = False, key: bytes | None = None) -> Engine:
    # hide_parameters: an error's text (logged, shown) never carries the values of a row,
    # which may be a password hash or a person's name.
    if url.get_backend_name() == "sqlite":
        connect_args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000}
        options: dict[str, Any] = {}
        if key is not None:
            # SQLAlchemy's SQLCipher dialect sends `PRAGMA key` first on each connection; the
            # pool stays the file's usual one (the dialect's default is one per thread).
            from nassij_desktop.storage.encryption import sqlcipher, url_password

            sqlcipher()  # the sentence when the library is missing
            url = url.set(drivername="sqlite+pysqlcipher", password=url_password(key))
            options["poolclass"] = sa.pool.QueuePool
            connect_args["check_same_thread"] = False
        if read_only and url.database not in (None, "", ":memory:"):
            path = Path(url.database or "")
            query = {"mode": "ro", "uri": "true"}
            if _needs_immutable(path):
                query["immutable"] = "1"
            url = url.set(database=f"file:{quote(str(path))}", query=query)
        engine = sa.create_engine(
            url,
            connect_args=connect_args,
            hide_parameters=True,
            query_cache_size=compiled_statements.CACHE_SIZE,
            **options,
        )
        event.listen(engine, "connect", _sqlite_pragmas(read_only))
        event.listen(engine, "begin", _sqlite_begin)
        return compiled_statements.share_compiled_statements(engine)
    connect_args = (
        {"connect_timeout": server.CONNECT_TIMEOUT_S} if server.is_server_url(url) else {}
    )
    if url.get_backend_name() == "postgresql":
        # The ledgers, journals and exports read their rows through a server-side cursor
        # (`yield_per`), and read them all: planned for the first 10 % (PostgreSQL's default
        # for a cursor), the general ledger of the busiest account took 4 s where its query
        # alone takes 0.3 s.
        connect_args["options"] = "-c cursor_tuple_fraction=1"
    engine = sa.create_engine(
        url,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args=connect_args,
        query_cache_size=compiled_statements.CACHE_SIZE,
    )
    return compiled_statements.share_compiled_statements(engine)


def _needs_immutable(path: Path) -> bool:
    # Without a writable folder SQLite cannot make the -shm a WAL file needs; with no -wal
    # beside it the main file is all there is, and it may be read as immutable.
    return not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists()


def open_database(
    target: str | Path | sa.URL,
    *,
    create: bool = True,
    upgrade: bool = True,
    backup_dir: Path | None = None,
    read_only: bool | None = None,
    verify_schema: bool = True,
    key: bytes | None = None,
) -> Database:
    """Open (creating and migrating as needed) the database at a path or SQLAlchemy URL.

    `create=False` refuses a missing or empty file, and a server's database without a table.
    `read_only=None` opens a file read-only when it or its folder cannot be written.
    `verify_schema=False` lets `check` open a file whose structure was tampered with, to
    report it. A password-protected file opens with its `key` (storage/encryption.py
    `unlock`), or one already unwrapped in this process; without it, a PasswordRequired
    sentence.
    """
    url = to_url(target)
    if server.is_server_url(url):  # the password from the URL, NASSIJ_DB_PASSWORD or the keyring
        url = server.with_password(url)
    path: Path | None = None
    facts: FileFacts | None = None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        key = _file_key(path, key)
        facts = inspect_file(path, create=create)
        if facts is None:
            _refuse_unwritable_folder(path)
        elif read_only is None:
            read_only = not facts.writable
    read_only = bool(read_only)
    if read_only and facts is not None and facts.revision != migrate.head_revision():
        raise errors.DatabaseReadOnly(
            _(
                "{path} was saved by an older version and must be updated before use, but it is "
                "read-only. Copy it to a folder where you can write, then open the copy."
            ).format(path=shown(path or "?"))
        )
    engine = create_engine_for(url, read_only=read_only, key=key)
    database = Database(url=url, engine=engine, path=path, read_only=read_only, key=key)
    creating = path is not None and facts is None
    was_empty = creating and path is not None and path.exists()
    try:
        # A foreign trigger must not run during a migration: the structure is checked before
        # (an older file by names, a file at head object by object) and after migrating.
        if verify_schema and facts is not None:
            _verify_schema(database)
        _prepare(database, upgrade=upgrade and not read_only, backup_dir=backup_dir, create=create)
        if verify_schema and (facts is None or facts.revision != migrate.head_revision()):
            _verify_schema(database)
    except NassijError as exc:
        engine.dispose()
        if not creating:
            raise
        raise _not_created(path, exc, was_empty=was_empty) from exc
    except sa.exc.DBAPIError as exc:
        engine.dispose()
        error = _operational_error(exc, path, url)
        if not creating:
            raise error from exc
        raise _not_created(path, error, was_empty=was_empty) from exc
    return database


def _file_key(path: Path, key: bytes | None) -> bytes | None:
    """The key of a password-protected file (None for a plain one); a key given is kept for
    the file's backups (storage/encryption.py remembers it by the keys file's id)."""
    from nassij_desktop.storage import encryption

    if not encryption.is_encrypted(path):
        return None
    if key is None:
        return encryption.known_key(path)  # None: inspect_file says a password is needed
    encryption.remember(encryption.read_keys(path).file_id, key)
    return key


def _not_created(path: Path | None, exc: NassijError, *, was_empty: bool) -> NassijError:
    """A file that could not be made is removed (left empty if it was an empty file)."""
    assert path is not None
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        if was_empty:
            os.truncate(path, 0)
        else:
            path.unlink()
    reason = exc.__cause__ if isinstance(exc, errors.MigrationFailed) else None
    from nassij_desktop.storage.failures import describe_failure

    described = describe_failure(reason) if reason is not None else exc
    return errors.DatabaseOpenError(
        _("The file {path} could not be created: {reason}").format(
            path=shown(path), reason=described or first_line(reason)
        )
    )


def _refuse_unwritable_folder(path: Path) -> None:
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise errors.DatabaseReadOnly(
            _("The folder {folder} is read-only: no file can be created in it.").format(
                folder=shown(path.parent)
            )
        )


def _verify_schema(database: Database) -> None:
    """Refuse a file carrying triggers, views or tables that the migrations did not make."""
    if not database.is_sqlite:
        return
    from nassij_desktop.storage.schema_guard import unexpected_objects

    with database.engine.connect() as connection:
        problems = unexpected_objects(connection)
    if problems:
        raise errors.NotAnAssociationFile(
            _(
                "{path} holds structure that Nassij Desktop did not create ({problem}); it may "
                "have been tampered with. Run `nassij check` for the details, or restore a backup."
            ).format(path=shown(database.path or "?"), problem=problems[0])
        )


def _operational_error(
    exc: sa.exc.DBAPIError, path: Path | None, url: sa.URL | None = None
) -> NassijError:
    from nassij_desktop.storage.failures import describe_failure

    described = describe_failure(exc, path)
    if described is not None:
        return described
    if path is None and url is not None and server.is_server_url(url):
        return server.connection_error(url, exc)
    where = shown(path) if path else _("the database server")
    return errors.DatabaseOpenError(
        _("{path} could not be opened: {reason}").format(path=where, reason=first_line(exc.orig))
    )


def first_line(exc: BaseException | None) -> str:
    """An error's first line: never the SQL statement or the parameters SQLAlchemy appends."""
    text = str(exc).strip() if exc is not None else ""
    return text.splitlines()[0] if text else ""


def _prepare(database: Database, *, upgrade: bool, backup_dir: Path | None, create: bool) -> None:
    with database.engine.connect() as connection:
        state = migrate.schema_state(connection)
        if not create and database.path is None and state.current is None and not state.foreign:
            # A server's database without a table, as an empty file: nothing is made in it
            # unless the association is being created there (`init`, the assistant).
            raise errors.DatabaseEmpty(server.empty_database_message(database.url))
        if upgrade and not state.newer and not state.foreign and state.current != state.head:
            # A role that may not make or alter the tables: one sentence, before any pg_dump.
            server.refuse_without_rights(connection, creating=state.current is None)
    if state.newer:
        raise errors.DatabaseTooNew(server.too_new_message(server=database.path is None))
    if state.foreign:
        raise errors.NotAnAssociationFile(
            _("This database was not created by Nassij Desktop; it cannot be opened.")
        )
    if state.current == state.head or not upgrade:
        return
    if state.current is not None and database.path is not None:
        database.last_backup = _backup_before_migration(database, backup_dir)
    elif state.current is not None and not database.is_sqlite:
        # A server's copy is pg_dump's; a failed restore is the administrator's to run
        # (pg_restore), since the migration runs in one transaction that PostgreSQL rolls back.
        database.last_backup = server.dump_before_upgrade(
            database.url, backup_dir or paths.backup_dir(), state.current
        )
    writer = database.engine.execution_options(**{WRITE_OPTION: True})
    try:
        if state.empty:
            migrate.new_schema(writer)  # a new file: no migration to run
        else:
            migrate.upgrade(writer)
    except Exception as exc:
        log.exception("migration failed")  # the traceback goes to the log file, not the screen
        if database.last_backup is not None:
            from nassij_desktop.storage.backup import copy_sqlite

            database.engine.dispose()
            copy_sqlite(database.last_backup, database.path)  # type: ignore[arg-type]
        from nassij_desktop.storage.failures import describe_failure

        described = describe_failure(exc, database.path)
        reason = str(described) if described else first_line(getattr(exc, "orig", None) or exc)
        raise errors.MigrationFailed(
            _("Updating the file failed; it was left as it was. Details: {reason}").format(
                reason=reason
            )
        ) from exc


def _backup_before_migration(database: Database, backup_dir: Path | None) -> Path:
    """A verified copy in the file's backup set (storage/backups.py), before it is migrated."""
    from nassij_desktop.storage.backups import automatic_backup

    assert database.path is not None
    info = automatic_backup(database, "before-upgrade", folder=backup_dir or paths.backup_dir())
    assert info is not None  # a reason other than "auto" always writes
    log.info("backed up %s to %s before migrating", database.path, info.path)
    return info.path
