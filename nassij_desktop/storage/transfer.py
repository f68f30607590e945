"""`copy_association(source, target)`: move an association between a SQLite file and a
PostgreSQL database (the shared mode), either way, and prove the copy is the same.

Everything lives in the database: photos, scanned documents, logos and a request's files are
blobs (`blob`, `attachment`), so copying the tables carries them; nothing sits in a folder
beside the file (a protected file's `.keys` is about the file's encryption, which a copy on a
server does not keep).

The target must be new: an EMPTY PostgreSQL database (no table), or a file that does not exist
yet. Its structure is made by the migrations (stamped at head), then every table is copied in
the order of its references, in batches, in ONE transaction on the target. Before that
transaction is committed, each table's rows are read back and compared with the source's:
their number and a sha256 over the rows in id order, each value written the same way on both
sides (dates, times, booleans, amounts, bytes); then the audit log's and the books' hash chains
are recomputed on the target. Any difference rolls everything back, and the sentence names the
table. On PostgreSQL the migrations run in that same transaction (its DDL is transactional), so
a failure leaves the database as empty as it was; a new file is written beside its name and
moved into place only once it is complete and checked. After the commit, `check()` runs on the
target; a problem there empties the database (or removes the file) again.

The source is read in one transaction (a SQLite snapshot, PostgreSQL REPEATABLE READ): a copy
is consistent even while others read. The PostgreSQL sequences are set past each table's
largest id; the `counter` table (the numbering of receipts, members, entries) is copied as is.

`progress` is the core's `Progress` (core/common/progress.py): the screen that runs the copy in
a worker thread reads its state and may cancel it between two batches (nothing is kept).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.output_files import (
    SQLITE_COMPANION_SUFFIXES,
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.progress import NO_PROGRESS, Progress
from nassij_desktop.core.models import metadata
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import migrate, server
from nassij_desktop.storage.database import (
    WRITE_OPTION,
    Database,
    create_engine_for,
    first_line,
    open_database,
    to_url,
)
from nassij_desktop.storage.inspect import shown

log = logging.getLogger(__name__)

BATCH_ROWS = 500
BATCH_ROWS_WITH_BYTES = 20  # scans and photos: a few megabytes each
_NULL = "\x00"  # never a stored text (the text guard refuses control characters)


class TransferRefused(NassijError):
    """The copy cannot start (target not empty or existing, source locked…): nothing written."""


class TransferFailed(NassijError):
    """The copy failed or differs from the source: the target was emptied or removed."""


@dataclass(frozen=True)
class TableCopy:
    name: str
    rows: int
    checksum: str  # sha256 of the rows, the same on both sides


@dataclass(frozen=True)
class TransferReport:
    source: str  # as shown (a server's password hidden)
    target: str
    tables: tuple[TableCopy, ...]

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)


def shown_location(url: sa.URL) -> str:
    """A file's path, or a server URL without its password."""
    if url.get_backend_name() == "sqlite":
        return shown(url.database or "?")
    return shown(url.render_as_string(hide_password=True))


def _place(url: sa.URL) -> str:
    """Where, for a sentence: a file's path, or "server X / db" (not an address with its
    options, which broke across the lines of a refusal in the window)."""
    if url.get_backend_name() == "sqlite":
        return shown_location(url)
    from nassij_desktop.storage.server import place_text

    return place_text(url)


def copied_tables() -> list[sa.Table]:
    """Every table of the models, parents before the tables that refer to them."""
    return list(metadata.sorted_tables)


def copy_association(
    source: Database | str | Path,
    target: str | Path | sa.URL,
    progress: Progress | None = None,
    *,
    actor: Actor,
    key: bytes | None = None,
) -> TransferReport:
    """Copy the association at `source` (an open database, a file or a URL) into `target`, a
    new file or an empty PostgreSQL database, and verify the copy (see the module's text).
    `key`: a protected source file's key, when it is not already unlocked in this process."""
    actor.require(Permission.DATA_ADMIN)
    progress = progress or NO_PROGRESS
    with _opened_source(source, key) as database:
        target_url = to_url(target)
        _refuse_same(database, target_url)
        if target_url.get_backend_name() == "sqlite":
            tables = _copy_to_file(database, target_url, progress)
        else:
            tables = _copy_to_server(database, target_url, progress)
        return TransferReport(
            shown_location(database.url), shown_location(target_url), tuple(tables)
        )


@contextlib.contextmanager
def _opened_source(source: Database | str | Path, key: bytes | None) -> Iterator[Database]:
    if isinstance(source, Database):
        yield source
        return
    url = to_url(source)
    if url.get_backend_name() == "sqlite" and url.database:
        from nassij_desktop.storage import encryption

        path = Path(url.database)
        if encryption.is_encrypted(path) and key is None and encryption.known_key(path) is None:
            raise TransferRefused(locked_source_message(path))
    database = open_database(source, create=False, key=key)
    try:
        yield database
    finally:
        database.close()


def locked_source_message(path: Path) -> str:
    return _(
        "{path} is protected by a password: unlock it first by signing in with an "
        "administrator's account (in the window, or `nassij --user NAME migrate-to …` with the "
        "password at the prompt). The copy is not protected by that password: on a server, "
        "the server's accounts and its disk protect it."
    ).format(path=shown(path))


def _refuse_same(database: Database, target: sa.URL) -> None:
    source = database.url
    if target.get_backend_name() == "sqlite":
        if database.path is not None:
            check_output_path(
                Path(target.database or ""), protected=protected_paths(database.path), field="file"
            )
        return
    if source.get_backend_name() != "sqlite" and _server_key(source) == _server_key(target):
        raise TransferRefused(
            _("{url} is the database being copied: choose another, empty database.").format(
                url=shown_location(target)
            )
        )


def _server_key(url: sa.URL) -> tuple[object, ...]:
    query = dict(url.query)
    return (url.host or query.get("host"), url.port or query.get("port"), url.database)


# --- into a new file ---------------------------------------------------------------------


def _copy_to_file(source: Database, target_url: sa.URL, progress: Progress) -> list[TableCopy]:
    path = Path(target_url.database or "").expanduser()
    if path.exists() or path.is_symlink():
        raise TransferRefused(
            _(
                "{path} already exists: the association is copied only into a new file. "
                "Choose another name."
            ).format(path=shown(path))
        )
    path = check_output_path(path, protected=set(), field="file")
    with atomic_output(path) as partial:
        try:
            database = open_database(partial, create=True)
            try:
                with _source_reading(source) as reading:
                    writer = database.engine.execution_options(**{WRITE_OPTION: True})
                    with writer.connect() as connection, connection.begin():
                        tables = _copy_tables(reading, connection, progress)
                _check_target(database, path)
            finally:
                database.close()
        finally:
            for suffix in SQLITE_COMPANION_SUFFIXES:
                Path(f"{partial}{suffix}").unlink(missing_ok=True)
    return tables


# --- into an empty server database ---------------------------------------------------------


def _copy_to_server(source: Database, target_url: sa.URL, progress: Progress) -> list[TableCopy]:
    engine = create_engine_for(target_url)
    try:
        try:
            connection = engine.connect()
        except sa.exc.DBAPIError as exc:
            raise TransferRefused(
                _("{url}: the database could not be reached: {reason}").format(
                    url=_place(target_url), reason=first_line(exc.orig)
                )
            ) from exc
        with connection, _source_reading(source) as reading, connection.begin():
            existing = sa.inspect(connection).get_table_names()
            if existing:
                raise TransferRefused(
                    _(
                        "{url}: the database is not empty (it already has tables, such as "
                        "{table}); the association is copied only into an empty database."
                    ).format(
                        url=_place(target_url),
                        table=isolate(sorted(existing)[0], "ltr"),
                    )
                )
            # A role that may not create the tables: one sentence naming the owner's role.
            server.refuse_without_rights(connection, creating=True)
            # The migrations and the rows in one transaction: a failure leaves it empty.
            _run_migrations(connection)
            tables = _copy_tables(reading, connection, progress)
            _set_sequences(connection)
        try:
            database = open_database(target_url, create=False)  # a URL: a socket folder survives
            try:
                _check_target(database, None)
            finally:
                database.close()
        except BaseException:
            _empty_server_database(engine)  # committed, but not checked: not kept
            raise
        return tables
    finally:
        engine.dispose()


@contextlib.contextmanager
def _without_change_triggers(connection: sa.Connection) -> Iterator[None]:
    """The tables' own triggers (the change counters other computers poll, migration 0020)
    off while the rows are copied. Each row goes as a statement of its own, and each bumped
    the same counter row again in this one transaction: PostgreSQL keeps every version of
    that row until the commit and walks them all at each bump, so the copy slowed down as it
    went (200 000 entry lines took over half an hour). No other computer can be reading a
    database that is still being filled."""
    if connection.dialect.name != "postgresql":
        yield
        return
    # Each table's trigger is named change_<table> (migration 0020); any other trigger on the
    # server still runs, and what it changes the verification sees.
    found = connection.execute(
        sa.text(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgname = 'change_' || tgrelid::regclass::text"
        )
    ).all()
    for table, trigger in found:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" DISABLE TRIGGER "{trigger}"')
    yield
    for table, trigger in found:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" ENABLE TRIGGER "{trigger}"')


def _run_migrations(connection: sa.Connection) -> None:
    from alembic import command

    command.upgrade(migrate.alembic_config(connection), "head")


def _set_sequences(connection: sa.Connection) -> None:
    """Each table's id sequence past its largest id (an empty table starts at 1)."""
    for table in copied_tables():
        if "id" not in table.c:
            continue
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence(:table, 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
            ),
            {"table": table.name},
        )


def _empty_server_database(engine: sa.Engine) -> None:
    """Drop what the copy made (the database was empty before it)."""
    with engine.begin() as connection:
        for name in sa.inspect(connection).get_table_names():
            connection.execute(sa.text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))


# --- the copy itself -----------------------------------------------------------------------


@contextlib.contextmanager
def _source_reading(source: Database) -> Iterator[sa.Connection]:
    """One read transaction on the source: every table read from the same state."""
    engine = source.engine
    if not source.is_sqlite:
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with engine.connect() as connection, connection.begin():
        yield connection


def _copy_tables(
    source: sa.Connection, target: sa.Connection, progress: Progress
) -> list[TableCopy]:
    state = migrate.schema_state(source)
    if state.current != state.head:
        raise TransferRefused(
            _(
                "The database being copied is at structure version {current}, expected {head}: "
                "open it once with this version of Nassij Desktop, then copy it."
            ).format(current=state.current, head=state.head)
        )
    tables = copied_tables()
    total = sum(_count(source, table) for table in tables)
    # Rows a migration may have seeded: the source's own rows replace them.
    for table in reversed(tables):
        target.execute(table.delete())
    done = 0
    copied = []
    with _without_change_triggers(target):
        for table in tables:
            progress.step(
                done, total, _("Copying {table}…").format(table=isolate(table.name, "ltr"))
            )
            try:
                rows, checksum = _copy_table(source, target, table, progress, done, total)
            except sa.exc.DBAPIError as exc:
                raise TransferFailed(
                    _("The table {table} could not be copied: {reason}").format(
                        table=isolate(table.name, "ltr"), reason=first_line(exc.orig)
                    )
                ) from exc
            copied.append(TableCopy(table.name, rows, checksum))
            done += rows
    progress.step(done, total, _("Verifying the copy…"))
    _verify(target, copied)
    return copied


def _count(connection: sa.Connection, table: sa.Table) -> int:
    return int(connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _ordered(table: sa.Table) -> sa.Select[Any]:
    return sa.select(table).order_by(*table.primary_key.columns)


def _batch_size(table: sa.Table) -> int:
    has_bytes = any(isinstance(column.type, sa.LargeBinary) for column in table.columns)
    return BATCH_ROWS_WITH_BYTES if has_bytes else BATCH_ROWS


def _copy_table(
    source: sa.Connection,
    target: sa.Connection,
    table: sa.Table,
    progress: Progress,
    done: int,
    total: int,
) -> tuple[int, str]:
    names = [column.name for column in table.columns]
    # A reference to a row of the same table (an account's parent, the entry a reversal
    # reverses) may point to a later id: it is set once that row is there.
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    seen: set[object] = set()
    later: list[tuple[object, dict[str, object]]] = []
    digest = hashlib.sha256()
    rows = 0
    size = _batch_size(table)
    result = source.execution_options(yield_per=size).execute(_ordered(table))
    for batch in result.partitions(size):
        values = []
        for row in batch:
            record = dict(zip(names, row, strict=True))
            digest.update(row_text(row))
            if own:
                pending = {
                    name: record[name]
                    for name in own
                    if record[name] is not None and record[name] not in seen
                }
                if pending:
                    later.append((record["id"], pending))
                    record.update(dict.fromkeys(pending))
                seen.add(record["id"])
            values.append(record)
        target.execute(table.insert(), values)
        rows += len(values)
        progress.step(done + rows, total)
    for row_id, pending in later:
        target.execute(table.update().where(table.c.id == row_id).values(**pending))
    return rows, digest.hexdigest()


def _verify(target: sa.Connection, copied: Sequence[TableCopy]) -> None:
    """Each table read back from the target: its number of rows and its checksum."""
    for expected in copied:
        table = metadata.tables[expected.name]
        rows, checksum = table_checksum(target, table)
        if rows != expected.rows:
            raise TransferFailed(
                _(
                    "The copy differs from the source in the table {table}: {copied} rows "
                    "instead of {rows}. Nothing was kept of the copy."
                ).format(table=isolate(expected.name, "ltr"), copied=rows, rows=expected.rows)
            )
        if checksum != expected.checksum:
            raise TransferFailed(
                _(
                    "The copy differs from the source in the table {table}: some values were "
                    "changed on the way (the database may have a trigger or a conversion of "
                    "its own). Nothing was kept of the copy."
                ).format(table=isolate(expected.name, "ltr"))
            )
    from nassij_desktop.core.books.chain import verify_entry_chain
    from nassij_desktop.core.common.audit import verify_audit_chain

    for broken in (verify_audit_chain(target), verify_entry_chain(target)):
        if broken is not None:
            raise TransferFailed(
                _("The copy does not pass its own verification: {problem}").format(
                    problem=broken.message
                )
            )


def table_checksum(connection: sa.Connection, table: sa.Table) -> tuple[int, str]:
    """(rows, sha256) of a table's rows in id order, each value written as `value_text`
    does: the same on SQLite and PostgreSQL for the same data."""
    digest = hashlib.sha256()
    rows = 0
    size = _batch_size(table)
    result = connection.execution_options(yield_per=size).execute(_ordered(table))
    for batch in result.partitions(size):
        for row in batch:
            digest.update(row_text(row))
            rows += 1
    return rows, digest.hexdigest()


def row_text(values: Iterable[object]) -> bytes:
    return (json.dumps([value_text(value) for value in values]) + "\n").encode()


def value_text(value: object) -> str:
    """One value written the same way whichever database it was read from."""
    if value is None:
        return _NULL
    if isinstance(value, bool):  # before int: True is an int
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return value_text(value.value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _check_target(database: Database, path: Path | None) -> None:
    """`check()` on the copy: its structure, references, books and both hash chains."""
    from nassij_desktop.storage.check import check

    report = check(database)
    if not report.ok:
        where = shown(path) if path is not None else shown_location(database.url)
        raise TransferFailed(
            _("The copy in {target} did not pass the check: {problem}").format(
                target=where, problem=report.problems[0]
            )
        )
