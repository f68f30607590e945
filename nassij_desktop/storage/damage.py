"""What can still be read of a damaged association file, found without ever writing to it.

SQLite refuses a whole query as soon as it meets a damaged page ("database disk image is
malformed"). The reader here walks each table in rowid order, in chunks; where a chunk fails it
goes row by row up to the unreadable one, then probes forward (doubling the step, then halving
back) for the next rowid that reads, and reads the ids of a small gap one by one, so that every
row SQLite can still read is found and each unreadable range is known.

When the list of tables itself is damaged (page 1 zeroed, a schema page lost or cut off), the
schema records still whole are parsed from the file's pages and written into a fresh page 1 of
a temporary copy, which SQLite then reads like any file. The damaged file is opened read-only
(immutable when it has no -wal beside it, so not even a -shm is created next to it).

`diagnose_damage(path)` is the quick scan that `check` reports; `storage.recover` copies what
the same reader finds into a new file.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import format_number
from nassij_desktop.storage import encryption, migrate
from nassij_desktop.storage.inspect import readonly_uri
from nassij_desktop.storage.migrate import UNMODELLED_PREFIXES
from nassij_desktop.storage.schema_rescue import SchemaEntry, read_schema, rebuild_schema_copy

MIN_ROWID, MAX_ROWID = -(2**63), 2**63 - 1
CHUNK_ROWS = 500
# A gap of at most this many rowids is read id by id: rows on whole pages between two damaged
# ones are saved too. Wider gaps (a lost interior page) are only probed.
POINT_READ_LIMIT = 20_000
# Ids read one by one past an unreadable end of table before deciding nothing follows.
END_MISSES = 5_000
MEMBER_TABLE = "member"
VERSION_TABLE = "alembic_version"
# FTS5 keeps its index in these tables; they are rebuilt from the member table, never copied.
FTS_SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")
DAMAGE_WORDS = (
    "malformed",
    "not a database",
    "corrupt",
    "disk i/o error",
    "encrypted",
    "could not decode",  # text that is not UTF-8: a damaged record
)


def is_damage_error(exc: BaseException) -> bool:
    """Whether an error (SQLite's, or SQLAlchemy's wrapping it) says the file is damaged."""
    orig = getattr(exc, "orig", None) or exc
    if not isinstance(orig, sqlite3.DatabaseError):
        return False
    text = str(orig).lower()
    return any(word in text for word in DAMAGE_WORDS)


def _readable_error(exc: sqlite3.Error) -> bool:
    """A read failed because of the file (not because of our own SQL)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(
        exc, sqlite3.ProgrammingError | sqlite3.InterfaceError | sqlite3.IntegrityError
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _GarbledText(str):
    """Text no writer of ours produces: NUL characters (a page cut short reads as zeros) or
    bytes that were not UTF-8 (replacement characters stand for them)."""


def _lenient_text(raw: bytes) -> str:
    # Bytes that are not UTF-8 fail the whole query with SQLite's default text factory; read
    # them marked instead, so that only that row is set aside (see _garbled). Marked here, as
    # each text is read, rather than by looking at every value of every row again.
    if b"\x00" in raw:
        return _GarbledText(raw.decode("utf-8", errors="replace"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _GarbledText(raw.decode("utf-8", errors="replace"))


def connect_source(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """A connection that cannot change the damaged file.

    Immutable when no -wal is beside it (SQLite then creates no -wal or -shm next to it);
    otherwise read-only, reading the -wal's committed pages. `writable_schema` makes SQLite
    read a file shorter than its header says, and skip schema entries it cannot parse; it
    writes nothing on a read-only connection. A password-protected file is read through
    SQLCipher with its `key` (storage/encryption.py), page by page as a plain one.
    """
    immutable = not Path(f"{path}-wal").exists()
    uri = readonly_uri(path, immutable=immutable)

    def open_() -> sqlite3.Connection:
        conn = encryption.connect_path(uri, key, uri=True, isolation_level=None)
        try:
            conn.text_factory = _lenient_text
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA writable_schema=ON")
        except BaseException:
            conn.close()
            raise
        return conn

    if key is None:
        return open_()
    return cast(sqlite3.Connection, _Reopening(open_))


class _Rows:
    """The rows of a statement, all read (see _Reopening)."""

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def fetchall(self) -> list[Any]:
        return self._rows

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class _Reopening:
    """A protected file read through SQLCipher, opened again after each read a damaged page
    stops. SQLite refuses only the statements that meet a damaged page; SQLCipher, once a
    page fails its authentication (HMAC), refuses every later read on the same connection
    (as if out of memory). Each statement's rows are read in full inside `execute`, so that
    the failure is met here whichever row it comes at; the reader then goes on as on a plain
    file, on a fresh connection."""

    def __init__(self, open_: Callable[[], sqlite3.Connection]) -> None:
        self._open = open_
        self._conn = open_()
        self.reopened = 0

    def execute(self, sql: str, parameters: Sequence[object] = ()) -> _Rows:
        try:
            return _Rows(self._conn.execute(sql, parameters).fetchall())
        except sqlite3.Error as exc:
            if not _readable_error(exc):
                raise
            self._reopen()
            raise
        except MemoryError as exc:  # SQLCipher's answer after a failed page: not memory
            self._reopen()
            raise sqlite3.DatabaseError("database disk image is malformed") from exc

    def _reopen(self) -> None:
        self._conn.close()
        self._conn = self._open()
        self.reopened += 1

    def close(self) -> None:
        self._conn.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


# --- reading the rows of one table ------------------------------------------------------------


@dataclass
class Gap:
    """A run of rowids that could not be read: from `first` up to `last` (None: to the end)."""

    first: int
    last: int | None
    lost: int | None  # estimated rows lost (rowids not read in the range); None: unknown


@dataclass
class TableScan:
    name: str
    rows: int = 0
    gaps: list[Gap] = field(default_factory=list)
    found: bool = True  # False: the table is missing from the file's (damaged) list of tables
    garbled: int = 0  # rows read with values no writer of ours produces: not kept

    @property
    def complete(self) -> bool:
        return self.found and not self.gaps and not self.garbled

    @property
    def lost(self) -> int | None:
        """Estimated rows lost, None when a gap runs to an unknown end."""
        total = 0
        for gap in self.gaps:
            if gap.lost is None:
                return None
            total += gap.lost
        return total


Row = tuple[object, ...]


def _garbled(row: Row) -> bool:
    """Whether the row holds a `_GarbledText` (types compared in C: recovering a register of
    thousands of rows looked at each of their values in Python)."""
    return _GarbledText in set(map(type, row))


def _kept(scan: TableScan, rows: list[Row]) -> list[Row]:
    kept = [row for row in rows if not _garbled(row)]
    scan.rows += len(kept)
    scan.garbled += len(rows) - len(kept)
    return kept


class _Reader:
    def __init__(self, conn: sqlite3.Connection, table: str, columns: list[str]) -> None:
        names = ", ".join(_quote(c) for c in columns)
        source = _quote(table)
        self._conn = conn
        self._range = f"SELECT rowid, {names} FROM {source} WHERE rowid >= ? ORDER BY rowid LIMIT ?"
        self._point = f"SELECT rowid, {names} FROM {source} WHERE rowid = ?"
        self._max = f"SELECT max(rowid) FROM {source}"

    def _query(self, sql: str, parameters: tuple[int, ...]) -> list[Row] | None:
        try:
            return self._conn.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            if _readable_error(exc):
                return None
            raise

    def range(self, start: int, limit: int) -> list[Row] | None:
        """Up to `limit` rows from rowid `start` on; None when SQLite cannot read them, or
        hands back rows that cannot be right (out of order: cells read from a damaged page)."""
        rows = self._query(self._range, (start, limit))
        if not rows:
            return rows
        previous = start - 1
        for row in rows:
            if not isinstance(row[0], int) or row[0] <= previous:
                return None
            previous = row[0]
        # A garbage cell can carry any rowid; a row read again by its rowid is the real one.
        if self.point(previous) != rows[-1]:
            return None
        return rows

    def point(self, rowid: int) -> Row | None:
        rows = self._query(self._point, (rowid,))
        return rows[0] if rows else None

    def max_rowid(self) -> int | None:
        rows = self._query(self._max, ())
        value = rows[0][0] if rows else None
        return value if isinstance(value, int) else None

    def next_readable(self, start: int) -> int | None:
        """The smallest s > start from which a read succeeds (a row, or the end), or None."""
        step, failed = 1, start
        while True:
            probe = min(start + step, MAX_ROWID)
            if self.range(probe, 1) is not None:
                break
            if probe == MAX_ROWID:
                return None
            failed, step = probe, step * 2
        low, high = failed, probe  # reading from `low` fails, from `high` works
        while high - low > 1:
            middle = (low + high) // 2
            if self.range(middle, 1) is None:
                low = middle
            else:
                high = middle
        return high


def read_rows(
    conn: sqlite3.Connection,
    table: str,
    columns: list[str],
    scan: TableScan,
    chunk: int = CHUNK_ROWS,
) -> Iterator[list[Row]]:
    """Every readable row of `table` as (rowid, *columns), in chunks, in rowid order; the
    unreadable ranges and the count are recorded in `scan`."""
    reader = _Reader(conn, table, columns)
    start = MIN_ROWID
    while True:
        rows = reader.range(start, chunk)
        if rows is None:
            # One of the next rows cannot be read: go one by one up to it. A read from a rowid
            # can also step over damaged cells without failing: ids skipped in this stretch
            # are counted as lost (our ids have no holes but deleted rows).
            rows = []
            expected = start if start > MIN_ROWID else 1
            while len(rows) < chunk:
                one = reader.range(start, 1)
                if not one:
                    break
                rowid = int(one[0][0])  # type: ignore[call-overload]
                if rowid > expected:
                    scan.gaps.append(Gap(expected, rowid - 1, rowid - expected))
                rows.append(one[0])
                start = expected = rowid + 1
                if start > MAX_ROWID:
                    break
            if one is None:
                if rows:
                    yield _kept(scan, rows)
                resume = yield from _skip_gap(reader, start, scan)
                if resume is None:
                    return
                start = resume
                continue
        if not rows:
            return
        yield _kept(scan, rows)
        start = int(rows[-1][0]) + 1  # type: ignore[call-overload]
        if start > MAX_ROWID:
            return


def _skip_gap(
    reader: _Reader, start: int, scan: TableScan
) -> Generator[list[Row], None, int | None]:
    """Past the unreadable rows from `start`: yield the rows that still read by their id in a
    small gap, record the gap, and return where reading resumes (None: nothing after)."""
    resume = reader.next_readable(start)
    after = reader.range(resume, 1) if resume is not None else None
    next_row = int(after[0][0]) if after else None  # type: ignore[call-overload]
    last = next_row - 1 if next_row is not None else reader.max_rowid()
    # Our ids start at 1: a gap from the very first row is counted from there.
    first = start if start > MIN_ROWID or (last is not None and last < 1) else 1
    if last is not None and last < first:
        last = None if next_row is None else first - 1
    islands: list[Row] = []
    if last is not None and last - first < POINT_READ_LIMIT:
        for rowid in range(first, last + 1):
            row = reader.point(rowid)
            if row is not None and row[0] == rowid:
                islands.append(row)
    elif last is None and next_row is None:
        # The end of the table cannot be read (a file cut short loses the right edge of the
        # tree), yet leaves after the break may still answer a read by id: read on until a
        # long run of ids finds nothing.
        rowid, misses = max(first, 1), 0
        while misses < END_MISSES and rowid <= MAX_ROWID:
            row = reader.point(rowid)
            if row is not None and row[0] == rowid:
                islands.append(row)
                misses = 0
            else:
                misses += 1
            rowid += 1
    if islands:
        yield _kept(scan, islands)
    lost = None if last is None or first == MIN_ROWID else last - first + 1 - len(islands)
    if lost != 0:  # a failed read over ids that held no row loses nothing
        scan.gaps.append(Gap(first, last, lost))
    return next_row


# --- the list of tables -----------------------------------------------------------------------


def data_tables(entries: list[SchemaEntry]) -> list[str]:
    """The ordinary tables whose rows are the association's records, in the file's order
    (not the full-text index, whose tables are rebuilt from the members)."""
    virtual = [e.name for e in entries if (e.sql or "").upper().startswith("CREATE VIRTUAL")]
    shadows = {f"{v}{suffix}" for v in virtual for suffix in FTS_SHADOW_SUFFIXES}
    return [
        e.name
        for e in entries
        if e.type == "table"
        and e.name not in shadows
        and e.name not in virtual
        and not e.name.startswith(("sqlite_", *UNMODELLED_PREFIXES))
    ]


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({_quote(table)})")]


def read_revision(conn: sqlite3.Connection) -> str | None:
    """The file's Alembic revision, None when it cannot be read."""
    try:
        row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row and isinstance(row[0], str) else None


# --- a readable view of the damaged file ------------------------------------------------------


@dataclass
class Source:
    """The damaged file opened for reading: directly, or through a copy with a rebuilt list
    of tables (`schema_rebuilt`)."""

    conn: sqlite3.Connection
    entries: list[SchemaEntry]
    schema_rebuilt: bool = False

    @property
    def tables(self) -> list[str]:
        return data_tables(self.entries)


@functools.lru_cache(maxsize=4)
def expected_schema(revision: str | None) -> tuple[SchemaEntry, ...]:
    """The list of tables the migrations make in a new file at `revision` (the current one
    when None or unknown): a table's root page there is where a file created at that version
    has it."""
    from nassij_desktop.storage.database import create_engine_for, to_url

    target = revision if revision in migrate.known_revisions() else "head"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "expected.sqlite"
        engine = create_engine_for(to_url(path))
        try:
            migrate.upgrade(engine, target or "head")
        finally:
            engine.dispose()
        with contextlib.closing(sqlite3.connect(path)) as conn:
            return tuple(read_schema(conn))


def _open_rebuilt(path: Path, folder: Path, expected: list[SchemaEntry]) -> Source | None:
    copy = rebuild_schema_copy(path, folder, expected)
    if copy is None:
        return None
    conn = sqlite3.connect(readonly_uri(copy, immutable=True), uri=True, isolation_level=None)
    try:
        conn.text_factory = _lenient_text
        conn.execute("PRAGMA writable_schema=ON")
        return Source(conn, read_schema(conn), schema_rebuilt=True)
    except sqlite3.DatabaseError:
        conn.close()
        return None


@contextlib.contextmanager
def open_source(path: Path, folder: Path | None = None) -> Iterator[Source | None]:
    """The damaged file ready to read, or None when not even a list of tables is left.

    `folder` receives the temporary copy when the list of tables must be rebuilt (a
    temporary folder when not given); the copy is removed on leaving."""
    conn: sqlite3.Connection | None = None
    key = encryption.file_key(path)
    try:
        conn = connect_source(path, key)
        entries = read_schema(conn)
        if not data_tables(entries):
            raise sqlite3.DatabaseError("no tables")
    except sqlite3.DatabaseError:
        if conn is not None:
            conn.close()
            conn = None
    if conn is not None:
        with contextlib.closing(conn):
            yield Source(conn, entries)
        return
    if encryption.is_encrypted(path):
        # Its pages are encrypted: a list of tables cannot be parsed from the bytes (and one
        # whose key is not known cannot be read at all).
        yield None
        return
    with tempfile.TemporaryDirectory(dir=folder) as work:
        source = _open_rebuilt(path, Path(work), [])
        if source is not None:
            # Tables whose entries were lost are looked for where the migrations put them.
            expected = list(expected_schema(read_revision(source.conn)))
            if any(name not in source.tables for name in data_tables(expected)):
                source.conn.close()
                source = _open_rebuilt(path, Path(work), expected)
        if source is None:
            yield None
            return
        with contextlib.closing(source.conn):
            yield source


# --- the diagnosis ----------------------------------------------------------------------------


@dataclass
class DamageReport:
    path: Path
    readable: bool  # at least a list of tables could be read (perhaps rebuilt)
    schema_rebuilt: bool = False
    revision: str | None = None
    tables: list[TableScan] = field(default_factory=list)

    def table(self, name: str) -> TableScan | None:
        return next((t for t in self.tables if t.name == name), None)

    @property
    def damaged(self) -> bool:
        """Some rows (or tables) cannot be read, or the list of tables had to be rebuilt."""
        return not self.readable or self.schema_rebuilt or any(not t.complete for t in self.tables)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    def summary(self) -> str:
        """What can still be read, in sentences."""
        if not self.recoverable:
            return _(
                "The file is damaged and none of its records can be read any more: keep it "
                "as it is (a specialist may still save something) and restore a backup."
            )
        complete = sum(1 for t in self.tables if t.complete)
        if complete == len(self.tables) and not self.schema_rebuilt:
            first = _(
                "The file is damaged, but every record in it can still be read (the damage is "
                "in its indexes or its free space)."
            )
        else:
            first = _(
                "The file is damaged: {complete} of {total} tables can still be read completely."
            ).format(complete=format_number(complete), total=format_number(len(self.tables)))
        parts = [first]
        if self.schema_rebuilt:
            parts.append(
                _("Its list of tables was damaged too and was rebuilt from what is left of it.")
            )
        parts.append(members_sentence(self.table(MEMBER_TABLE)))
        return " ".join(parts)

    @property
    def recoverable(self) -> bool:
        """Some records can be read: a recovery has something to save."""
        return self.readable and self.rows > 0

    def check_problem(self) -> str:
        """The sentence `check` reports: what can be read, and the command that saves it."""
        if not self.recoverable:
            return self.summary()
        source, new = _shell_word(self.path), _shell_word(suggested_recovery_path(self.path))
        command = f"nassij --db {source} recover --out {new}"
        return " ".join(
            [
                self.summary(),
                _(
                    "Run `{command}` to save what can be saved into a new file; the damaged "
                    "file is left as it is."
                ).format(command=command),  # no bidi marks: it is copied into a terminal
            ]
        )


def _shell_word(path: Path) -> str:
    """A path as typed in a terminal: quoted when it holds spaces or other special signs."""
    text = str(path)
    return text if all(c.isalnum() or c in "/._-+:\\" for c in text) else f'"{text}"'


def members_sentence(scan: TableScan | None) -> str:
    if scan is None or not scan.found:
        return _("The member register could not be found in it.")
    if scan.complete:
        return ngettext(
            "Its {count} member is readable.", "All {count} members are readable.", scan.rows
        ).format(count=format_number(scan.rows))
    if not scan.rows:
        return _("None of the members can be read any more.")
    lost = scan.lost
    if lost is None:
        return ngettext(
            "{readable} member is readable; how many were lost cannot be told.",
            "{readable} members are readable; how many were lost cannot be told.",
            scan.rows,
        ).format(readable=format_number(scan.rows))
    total = scan.rows + lost + scan.garbled
    return ngettext(
        "{readable} of {total} member is readable.",
        "{readable} of {total} members are readable.",
        total,
    ).format(readable=format_number(scan.rows), total=format_number(total))


def suggested_recovery_path(path: Path) -> Path:
    """`<name>-recovered.sqlite` beside the damaged file (numbered when that name is taken)."""
    suffix = path.suffix or ".sqlite"
    candidate = path.with_name(f"{path.stem}-recovered{suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-recovered-{number}{suffix}")
        number += 1
    return candidate


def scan_tables(
    source: Source,
    tables: list[str],
    progress: Callable[[str, int, int], None] | None = None,
) -> Iterator[tuple[TableScan, list[str], Iterator[list[tuple[object, ...]]]]]:
    """For each table: its scan record, its columns and its rows (to be consumed in turn)."""
    for index, name in enumerate(tables):
        if progress is not None:
            progress(name, index, len(tables))
        scan = TableScan(name)
        if name not in source.tables:
            scan.found = False
            yield scan, [], iter(())
            continue
        try:
            columns = table_columns(source.conn, name)
        except sqlite3.DatabaseError:
            columns = []
        if not columns:
            scan.found = False
            yield scan, [], iter(())
            continue
        yield scan, columns, read_rows(source.conn, name, columns, scan)


def diagnose_damage(
    path: Path, progress: Callable[[str, int, int], None] | None = None
) -> DamageReport:
    """Read every table of a (damaged) association file, without writing to it, and tell what
    can still be read. Works from the path alone, whatever state the file is in."""
    path = Path(path).expanduser().absolute()
    with open_source(path) as source:
        if source is None:
            return DamageReport(path, readable=False)
        report = DamageReport(
            path,
            readable=True,
            schema_rebuilt=source.schema_rebuilt,
            revision=read_revision(source.conn),
        )
        for scan, _columns, rows in scan_tables(source, source.tables, progress):
            for _chunk in rows:
                pass
            report.tables.append(scan)
    return report


def _stamp(path: Path) -> tuple[int, ...]:
    """What changes when the file (or its -wal) is written: a diagnosis is kept until then."""
    stamp: list[int] = []
    for name in (path, Path(f"{path}-wal")):
        try:
            info = name.stat()
        except OSError:
            stamp += [-1, -1]
        else:
            stamp += [info.st_mtime_ns, info.st_size]
    return tuple(stamp)


@functools.lru_cache(maxsize=4)
def _diagnosis(path: Path, _stamp: tuple[int, ...]) -> DamageReport:
    return diagnose_damage(path)


def tell_damage(problems: list[str], path: Path | None, *, certain: bool) -> None:
    """Add to a check's problems what can still be read and how to save it: always when the
    check met damage (`certain`), otherwise only when a scan finds rows that cannot be read."""
    if path is None:
        problem = _("The database is damaged: repair it with its server's own tools.")
        if certain and problem not in problems:
            problems.append(problem)
        return
    path = Path(path).expanduser().absolute()
    diagnosis = _diagnosis(path, _stamp(path))
    if certain or diagnosis.damaged:
        problem = diagnosis.check_problem()
        if problem not in problems:
            problems.append(problem)
