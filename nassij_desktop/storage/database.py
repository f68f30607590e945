"""`open_database(url)`: the one way into an association's data.

SQLite files get foreign keys, WAL, synchronous=FULL and a busy timeout; an older file is
migrated after an automatic backup (and put back as it was if the migration fails); a newer
file, a file that is not a database, or a database that is not ours is refused with a message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from nassij_desktop import paths
from nassij_desktop.core import models as _all_models  # noqa: F401 - every table known before use
from nassij_desktop.i18n import _
from nassij_desktop.storage import errors, migrate

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 10_000


@dataclass
class Database:
    url: sa.URL
    engine: Engine
    path: Path | None  # the SQLite file; None for a server database
    last_backup: Path | None = None  # made before a migration on this open
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self) -> Session:
        """A session for reading; writes go through `transaction()`."""
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed as a whole, or rolled back as a whole."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling is replaced by explicit BEGIN (see _sqlite_begin)
    # so that SAVEPOINTs and the WAL pragma behave.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    # IMMEDIATE takes the write lock at BEGIN: two writers wait for each other instead of
    # failing half-way with "database is locked".
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def to_url(target: str | Path) -> sa.URL:
    text = str(target)
    if "://" in text:
        return make_url(text)
    return sa.URL.create("sqlite+pysqlite", database=str(Path(text).expanduser().resolve()))


def _probe_sqlite_file(path: Path) -> None:
    """Refuse early, with a clear message, what SQLite would refuse with an exception."""
    if path.is_dir():
        raise errors.NotADatabase(
            _("{path} is a folder, not an association file.").format(path=path)
        )
    with path.open("rb") as f:
        header = f.read(16)
    if header and header != b"SQLite format 3\x00":
        raise errors.NotADatabase(
            _("{path} is not an association file (it is not a database).").format(path=path)
        )
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise errors.NotADatabase(
            _("{path} is damaged or is not an association file.").format(path=path)
        ) from exc


def create_engine_for(url: sa.URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def open_database(
    target: str | Path,
    *,
    create: bool = True,
    upgrade: bool = True,
    backup_dir: Path | None = None,
) -> Database:
    """Open (creating and migrating as needed) the database at a path or SQLAlchemy URL."""
    url = to_url(target)
    path: Path | None = None
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        if path.exists():
            _probe_sqlite_file(path)
        elif not create:
            raise errors.DatabaseMissing(_("The file {path} does not exist.").format(path=path))
        elif not path.parent.exists():
            raise errors.DatabaseMissing(
                _("The folder {folder} does not exist.").format(folder=path.parent)
            )
    engine = create_engine_for(url)
    database = Database(url=url, engine=engine, path=path)
    try:
        _prepare(database, upgrade=upgrade, backup_dir=backup_dir)
    except errors.DatabaseOpenError:
        engine.dispose()
        raise
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise _operational_error(exc, path) from exc
    return database


def _operational_error(exc: sa.exc.OperationalError, path: Path | None) -> errors.DatabaseOpenError:
    text = str(exc.orig).lower()
    where = str(path) if path else _("the database server")
    if "locked" in text or "busy" in text:
        return errors.DatabaseLocked(
            _("{path} is in use by another program. Close it and try again.").format(path=where)
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return errors.DatabaseReadOnly(
            _("{path} cannot be written to (read-only file or folder).").format(path=where)
        )
    return errors.DatabaseOpenError(
        _("{path} could not be opened: {reason}").format(path=where, reason=exc.orig)
    )


def _prepare(database: Database, *, upgrade: bool, backup_dir: Path | None) -> None:
    with database.engine.connect() as connection:
        state = migrate.schema_state(connection)
    if state.newer:
        raise errors.DatabaseTooNew(
            _(
                "This file was saved by a newer version of Nassij Desktop. "
                "Install the latest version to open it."
            )
        )
    if state.foreign:
        raise errors.NotAnAssociationFile(
            _("This database was not created by Nassij Desktop; it cannot be opened.")
        )
    if state.current == state.head or not upgrade:
        return
    if state.current is not None and database.path is not None:
        database.last_backup = _backup_before_migration(database, backup_dir)
    try:
        migrate.upgrade(database.engine)
    except Exception as exc:
        log.exception("migration failed")
        if database.last_backup is not None:
            from nassij_desktop.storage.backup import copy_sqlite

            database.engine.dispose()
            copy_sqlite(database.last_backup, database.path)  # type: ignore[arg-type]
        raise errors.MigrationFailed(
            _("Updating the file failed; it was left as it was. Details: {reason}").format(
                reason=exc
            )
        ) from exc


def _backup_before_migration(database: Database, backup_dir: Path | None) -> Path:
    from nassij_desktop.storage.backup import backup

    assert database.path is not None
    folder = backup_dir or paths.backup_dir()
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{database.path.stem}-before-upgrade-{stamp}{database.path.suffix}"
    backup(database, target)
    log.info("backed up %s to %s before migrating", database.path, target)
    return target
