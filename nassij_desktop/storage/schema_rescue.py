"""Rebuilding a readable list of tables for a SQLite file whose own list is damaged.

SQLite keeps the list of tables (sqlite_master) in a b-tree rooted at page 1. When page 1 is
zeroed, or a page of that list is damaged or cut off, SQLite refuses the whole file although
the tables' pages are still there. The schema records still whole are parsed here from the
pages (SQLite file format: https://www.sqlite.org/fileformat2.html), checked by SQLite itself
in memory, completed where needed from the list the migrations make (a table's root page is
accepted only when that page holds rows of its shape), and written into a fresh page 1 of a
temporary copy. Only the copy is ever written.
"""

from __future__ import annotations

import contextlib
import mmap
import shutil
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from nassij_desktop.storage.inspect import SQLITE_MAGIC


@dataclass(frozen=True)
class SchemaEntry:
    type: str
    name: str
    tbl_name: str
    rootpage: int
    sql: str | None


def read_schema(conn: sqlite3.Connection) -> list[SchemaEntry]:
    """The file's list of tables and indexes as SQLite reads it (raises when it cannot)."""
    rows = conn.execute("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master").fetchall()
    return [SchemaEntry(*row) for row in rows]


_PAGE_SIZES = (4096, 1024, 2048, 8192, 16384, 32768, 65536, 512)
_LEAF_TABLE, _INTERIOR_TABLE = 0x0D, 0x05
_SCHEMA_TYPES = ("table", "index", "view", "trigger")


class _Corrupt(Exception):
    """A page or cell that cannot be parsed."""


class _Pages:
    def __init__(self, data: mmap.mmap | bytes, page_size: int, reserved: int) -> None:
        self.data = data
        self.size = page_size
        self.usable = page_size - reserved
        self.count = len(data) // page_size

    def page(self, number: int) -> bytes:
        if not 1 <= number <= self.count:
            raise _Corrupt(number)
        return self.data[(number - 1) * self.size : number * self.size]


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        if pos + i >= len(buf):
            raise _Corrupt("varint")
        byte = buf[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    if pos + 8 >= len(buf):
        raise _Corrupt("varint")
    return (value << 8) | buf[pos + 8], pos + 9


def _payload(pages: _Pages, page: bytes, offset: int) -> bytes:
    """The whole payload of a table-leaf cell, following its overflow pages."""
    size, pos = _varint(page, offset)
    _rowid, pos = _varint(page, pos)
    usable = pages.usable
    max_local = usable - 35
    if size <= max_local:
        if pos + size > usable:
            raise _Corrupt("cell")
        return page[pos : pos + size]
    min_local = (usable - 12) * 32 // 255 - 23
    local = min_local + (size - min_local) % (usable - 4)
    local = local if local <= max_local else min_local
    data = bytearray(page[pos : pos + local])
    following = int.from_bytes(page[pos + local : pos + local + 4], "big")
    seen: set[int] = set()
    while len(data) < size:
        if following in seen:
            raise _Corrupt("overflow loop")
        seen.add(following)
        overflow = pages.page(following)
        following = int.from_bytes(overflow[:4], "big")
        data += overflow[4:usable][: size - len(data)]
    return bytes(data)


def _record(payload: bytes) -> list[object]:
    header_size, pos = _varint(payload, 0)
    types = []
    while pos < header_size:
        serial, pos = _varint(payload, pos)
        types.append(serial)
    values: list[object] = []
    at = header_size
    for serial in types:
        if serial in (0, 8, 9):
            values.append(None if serial == 0 else serial - 8)
            continue
        if 1 <= serial <= 6:
            length = (1, 2, 3, 4, 6, 8)[serial - 1]
        elif serial == 7:
            length = 8
        elif serial >= 12:
            length = (serial - 12) // 2
        else:
            raise _Corrupt("serial type")
        raw = payload[at : at + length]
        if len(raw) != length:
            raise _Corrupt("record")
        at += length
        if serial <= 6:
            values.append(int.from_bytes(raw, "big", signed=True))
        elif serial == 7:
            values.append(struct.unpack(">d", raw)[0])
        elif serial % 2:
            try:
                values.append(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise _Corrupt("text") from exc
        else:
            values.append(bytes(raw))
    return values


def _schema_leaf(
    pages: _Pages, number: int, *, searching: bool = False
) -> tuple[list[SchemaEntry], int] | None:
    """The schema records on a table-leaf page and how many of its cells were not records.
    `searching` any page: a page whose first cells are not schema records is not one."""
    page = pages.page(number)
    head = 100 if number == 1 else 0
    if page[head] != _LEAF_TABLE:
        return None
    cells = int.from_bytes(page[head + 3 : head + 5], "big")
    if not 0 < cells <= pages.usable // 4:
        return None
    found: list[SchemaEntry] = []
    bad = 0
    for i in range(cells):
        pointer = head + 8 + 2 * i
        offset = int.from_bytes(page[pointer : pointer + 2], "big")
        try:
            if offset < head + 8 + 2 * cells or offset >= pages.usable:
                raise _Corrupt("pointer")
            values = _record(_payload(pages, page, offset))
        except (_Corrupt, IndexError):
            bad += 1
            if searching and bad >= 2 and not found:
                return None
            continue
        entry = _as_schema_entry(values)
        if entry is None:
            bad += 1
        else:
            found.append(entry)
        if searching and bad >= 2 and not found:
            return None  # rows of some other table: not worth parsing further
    return found, bad


def _as_schema_entry(values: list[object]) -> SchemaEntry | None:
    if len(values) != 5:
        return None
    kind, name, table, root, sql = values
    if kind not in _SCHEMA_TYPES or not isinstance(name, str) or not isinstance(table, str):
        return None
    if not isinstance(root, int) or not (sql is None or isinstance(sql, str)):
        return None
    return SchemaEntry(str(kind), name, table, root, sql)


def _walk_schema(pages: _Pages) -> tuple[list[SchemaEntry], bool]:
    """The schema records reached from page 1, and whether every page on the way was whole."""
    found: list[SchemaEntry] = []
    whole = True
    todo, seen = [1], set()
    while todo:
        number = todo.pop()
        if number in seen:
            whole = False
            continue
        seen.add(number)
        try:
            page = pages.page(number)
            head = 100 if number == 1 else 0
            if page[head] == _INTERIOR_TABLE:
                cells = int.from_bytes(page[head + 3 : head + 5], "big")
                for i in range(cells):
                    pointer = head + 12 + 2 * i
                    offset = int.from_bytes(page[pointer : pointer + 2], "big")
                    todo.append(int.from_bytes(page[offset : offset + 4], "big"))
                todo.append(int.from_bytes(page[head + 8 : head + 12], "big"))
                continue
            leaf = _schema_leaf(pages, number)
        except (_Corrupt, IndexError):
            whole = False
            continue
        if leaf is None:
            whole = False
            continue
        records, bad = leaf
        found.extend(records)
        whole = whole and bad == 0
    return found, whole


def _scan_schema(pages: _Pages) -> list[SchemaEntry]:
    """Schema records on any page that looks like a leaf of the list of tables."""
    found: list[SchemaEntry] = []
    for number in range(1, pages.count + 1):
        head = 100 if number == 1 else 0
        if pages.data[(number - 1) * pages.size + head] != _LEAF_TABLE:
            continue
        try:
            leaf = _schema_leaf(pages, number, searching=True)
        except (_Corrupt, IndexError):
            continue
        if leaf is not None and leaf[0] and len(leaf[0]) >= leaf[1]:
            found.extend(leaf[0])
    return found


def _find_schema(data: mmap.mmap) -> tuple[_Pages, list[SchemaEntry]] | None:
    header_ok = data[:16] == SQLITE_MAGIC and len(data) >= 100
    if header_ok:
        size = int.from_bytes(data[16:18], "big")
        sizes: tuple[int, ...] = (65536 if size == 1 else size,)
        reserved = data[20]
    else:
        sizes, reserved = _PAGE_SIZES, 0
    best: tuple[_Pages, list[SchemaEntry]] | None = None
    for size in sizes:
        if size < 512 or size > 65536 or size & (size - 1) or len(data) < size:
            continue
        pages = _Pages(data, size, reserved)
        records, whole = _walk_schema(pages) if header_ok else ([], False)
        if not whole:
            known = {r.name for r in records}
            records += [r for r in _scan_schema(pages) if r.name not in known]
        if best is None or len(records) > len(best[1]):
            best = (pages, records)
    return best if best and best[1] else None


def _table_shape(memory: sqlite3.Connection, table: str) -> tuple[int, bool]:
    """How many columns a table has, and whether its first is the rowid (stored as NULL)."""
    columns = memory.execute(f'PRAGMA table_info("{table.replace(chr(34), chr(34) * 2)}")')
    info = columns.fetchall()
    first_is_rowid = bool(info) and info[0][5] == 1 and info[0][2].upper() == "INTEGER"
    first_is_rowid = first_is_rowid and sum(1 for row in info if row[5]) == 1
    return len(info), first_is_rowid


def _holds_rows_like(pages: _Pages, number: int, shape: tuple[int, bool]) -> bool:
    """Whether page `number` is the root of a table b-tree whose rows have this shape: the
    test a root page taken from the migrations' list must pass before it is trusted."""
    columns, first_is_rowid = shape
    for _depth in range(8):
        try:
            page = pages.page(number)
            if number == 1:
                return False
            if page[0] == _INTERIOR_TABLE:
                offset = int.from_bytes(page[12:14], "big")  # the leftmost child
                number = int.from_bytes(page[offset : offset + 4], "big")
                continue
            if page[0] != _LEAF_TABLE:
                return False
            cells = int.from_bytes(page[3:5], "big")
            if cells == 0:
                return True
            values = _record(_payload(pages, page, int.from_bytes(page[8:10], "big")))
        except (_Corrupt, IndexError):
            return False
        if first_is_rowid and values and values[0] is not None:
            return False
        return 1 <= len(values) <= columns
    return False


def _usable_entries(
    pages: _Pages, records: list[SchemaEntry], expected: list[SchemaEntry]
) -> list[SchemaEntry]:
    """Tables SQLite can parse, with their automatic indexes; nothing else is needed to read
    rows by rowid (other indexes, triggers and the full-text tables are left out).

    A table missing from `records` is taken from `expected` (the list the migrations make)
    when its root page there holds rows of its shape and is no other table's root."""
    memory = sqlite3.connect(":memory:")
    tables: dict[str, SchemaEntry] = {}

    def declare(entry: SchemaEntry) -> bool:
        if (
            entry.type != "table"
            or entry.name in tables
            or entry.name.startswith("sqlite_")
            or not 2 <= entry.rootpage <= pages.count
            or not (entry.sql or "").upper().startswith("CREATE TABLE")
        ):
            return False
        try:
            memory.execute(entry.sql or "")
        except sqlite3.Error:
            return False
        tables[entry.name] = entry
        return True

    for entry in records:
        declare(entry)
    roots = {e.rootpage for e in tables.values()}
    for entry in expected:
        if entry.type != "table" or entry.name in tables or entry.rootpage in roots:
            continue
        if declare(entry):
            if _holds_rows_like(pages, entry.rootpage, _table_shape(memory, entry.name)):
                roots.add(entry.rootpage)
            else:
                del tables[entry.name]
                memory.execute(f'DROP TABLE "{entry.name}"')
    automatic = {
        row[0] for row in memory.execute("SELECT name FROM sqlite_master WHERE type='index'")
    }
    memory.close()
    indexes: dict[str, SchemaEntry] = {}
    for entry in [*records, *expected]:
        if (
            entry.type == "index"
            and entry.sql is None
            and entry.name in automatic
            and entry.name not in indexes
            and entry.tbl_name in tables
        ):
            indexes[entry.name] = entry
    # A table cannot be declared without the entries of its automatic indexes (they are
    # not read: rows are read by rowid).
    for name in automatic - set(indexes):
        tables.pop(name.removeprefix("sqlite_autoindex_").rsplit("_", 1)[0], None)
    return [*tables.values(), *(e for e in indexes.values() if e.tbl_name in tables)]


def _fresh_first_page(page_size: int, page_count: int) -> bytes:
    """Page 1 of an empty database (SQLite file format, section 1.3) claiming `page_count`
    pages, so that the pages of the copy after it are kept as they are."""
    header = bytearray(100)
    header[0:16] = SQLITE_MAGIC
    header[16:18] = (1 if page_size == 65536 else page_size).to_bytes(2, "big")
    header[18], header[19] = 1, 1  # rollback journal: the copy needs no -wal
    header[21], header[22], header[23] = 64, 32, 32
    header[24:28] = (1).to_bytes(4, "big")  # change counter
    header[28:32] = page_count.to_bytes(4, "big")
    header[40:44] = (1).to_bytes(4, "big")  # schema cookie
    header[44:48] = (4).to_bytes(4, "big")  # schema format
    header[56:60] = (1).to_bytes(4, "big")  # UTF-8
    header[92:96] = (1).to_bytes(4, "big")  # valid-for: the page count above is to be trusted
    major, minor, patch = sqlite3.sqlite_version_info
    header[96:100] = (major * 1_000_000 + minor * 1000 + patch).to_bytes(4, "big")
    # An empty leaf page for the list of tables.
    page = bytearray(page_size)
    page[:100] = header
    page[100] = _LEAF_TABLE
    page[105:107] = (page_size % 65536).to_bytes(2, "big")  # cell content starts at the end
    return bytes(page)


def rebuild_schema_copy(
    path: Path, folder: Path, expected: list[SchemaEntry] | None = None
) -> Path | None:
    """A copy of `path` in `folder` whose list of tables is rebuilt from the schema records
    still whole in its pages (completed from `expected`), or None when no table was found.
    Only the copy is written."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size < 512:
        return None
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        found = _find_schema(data)
        if found is None:
            return None
        pages, records = found
        entries = _usable_entries(pages, records, expected or [])
        page_size, page_count = pages.size, pages.count
    if not entries:
        return None
    copy = folder / "readable-copy.sqlite"
    shutil.copyfile(path, copy)
    with copy.open("r+b") as out:
        out.truncate(page_count * page_size)  # a partial last page is no page
        out.seek(0)
        out.write(_fresh_first_page(page_size, page_count))
    with contextlib.closing(sqlite3.connect(copy, isolation_level=None)) as conn:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES (?,?,?,?,?)",
            [(e.type, e.name, e.tbl_name, e.rootpage, e.sql) for e in entries],
        )
        conn.execute("COMMIT")
    return copy


def looks_like_sqlite(path: Path) -> bool:
    """Whether a file starts like a SQLite file, or, its first page overwritten, still holds
    pages of a list of tables."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
        if head == SQLITE_MAGIC:
            return True
        size = path.stat().st_size
        if size < 1024 or size % 512:
            return False
        with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return _find_schema(data) is not None
    except (OSError, ValueError):
        return False
