"""`recover(source, target)`: save what can still be read of a damaged association file into a
new one, the way SQLite's `.recover` would, without needing the `sqlite3` program.

The damaged file is only read (storage/damage.py opens it read-only and never changes it: it
stays as it was, for a specialist). The new file is built by the migrations at the damaged
file's own structure version, so its columns are the ones the rows were written with; the rows
are copied table by table with foreign keys off, each table in rowid order, stepping over what
cannot be read. The full-text index is rebuilt rather than copied. Rows whose parent record
was lost are left out, or their reference emptied when it may be empty, and counted in the
report (they are still in the damaged file). The new file is then brought to the current
version, checked, and moved into place in one step: it appears complete or not at all.

A password-protected file (storage/encryption.py) is read with its key, unwrapped beforehand
(the CLI does it with the user's password), and recovered into a file encrypted with the same
key, with a copy of its keys file: it opens with the same passwords, and no plain copy of the
rows is ever written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import format_date, format_number
from nassij_desktop.storage import encryption, migrate
from nassij_desktop.storage.check import CheckReport, check
from nassij_desktop.storage.damage import (
    VERSION_TABLE,
    Gap,
    Source,
    TableScan,
    data_tables,
    open_source,
    read_revision,
    read_schema,
    scan_tables,
    table_columns,
)
from nassij_desktop.storage.inspect import not_a_database_message, shown
from nassij_desktop.storage.schema_rescue import looks_like_sqlite

Progress = Callable[[str, int, int], None]  # (table, tables done, tables in all)
# Rows whose parent is gone can leave other rows without a parent in turn.
SET_ASIDE_ROUNDS = 10
GAPS_SHOWN = 3
ENTRIES_SHOWN = 10


class RecoveryRefused(NassijError):
    """The recovery cannot start (target taken, nothing readable…); nothing was written."""


@dataclass
class SetAside:
    """Rows of `table` whose `parent` record could not be saved."""

    table: str
    parent: str
    left_out: int = 0  # rows not kept: their reference cannot be empty
    cleared: int = 0  # rows kept with the reference emptied


@dataclass
class RecoveryReport:
    source: Path
    target: Path
    revision: str | None  # the damaged file's structure version; None: it could not be read
    head: str
    schema_rebuilt: bool = False
    tables: list[TableScan] = field(default_factory=list)
    rejected: dict[str, int] = field(default_factory=dict)  # read, but refused by the new file
    set_aside: list[SetAside] = field(default_factory=list)
    not_copied: list[str] = field(default_factory=list)  # tables the structure does not know
    # Journal entries left out because lines of theirs were lost: (number, date) to re-enter.
    unbalanced: list[tuple[object, object]] = field(default_factory=list)
    check: CheckReport = field(default_factory=CheckReport)

    @property
    def ok(self) -> bool:
        """The new file is sound (it may still hold less than the damaged one did)."""
        return self.check.ok

    @property
    def complete(self) -> bool:
        """Every row of the damaged file was saved."""
        return (
            all(t.complete for t in self.tables)
            and not any(self.rejected.values())
            and not self.set_aside
            and not self.unbalanced
            and not self.schema_rebuilt
        )

    def left_out(self, table: str) -> int:
        """Rows read from the damaged file but not kept, to keep the new one consistent."""
        unbalanced = len(self.unbalanced) if table == "journal_entry" else 0
        return unbalanced + sum(s.left_out for s in self.set_aside if s.table == table)

    def saved(self, table: str) -> int:
        scan = next(t for t in self.tables if t.name == table)
        return scan.rows - self.rejected.get(table, 0) - self.left_out(table)

    def lines(self) -> list[str]:
        """The report in sentences, most important first."""
        lines = [
            _("What could be read of {source} was saved into {target}.").format(
                source=shown(self.source), target=shown(self.target)
            )
        ]
        if self.schema_rebuilt:
            lines.append(
                _(
                    "The damaged file's list of tables was damaged too; it was rebuilt from what "
                    "is left of it."
                )
            )
        if self.revision is None:
            lines.append(
                _(
                    "The damaged file's structure version could not be read: the rows were "
                    "copied into the current structure."
                )
            )
        elif self.revision != self.head:
            lines.append(
                _("The new file was updated from structure version {old} to {new}.").format(
                    old=self.revision, new=self.head
                )
            )
        lines += [self._table_line(scan) for scan in self.tables]
        if self.unbalanced:
            shown_entries = ", ".join(
                _("{number} of {date}").format(number=number, date=_date_text(date))
                for number, date in self.unbalanced[:ENTRIES_SHOWN]
            )
            if len(self.unbalanced) > ENTRIES_SHOWN:
                shown_entries += ", …"
            lines.append(
                ngettext(
                    "{count} journal entry was left out: some of its lines could not be read, "
                    "so it no longer balances. Enter it again from its voucher: {entries}.",
                    "{count} journal entries were left out: some of their lines could not be "
                    "read, so they no longer balance. Enter them again from their vouchers: "
                    "{entries}.",
                    len(self.unbalanced),
                ).format(count=format_number(len(self.unbalanced)), entries=shown_entries)
            )
        for item in self.set_aside:
            if item.left_out:
                lines.append(
                    ngettext(
                        "{table}: {count} row was left out: the {parent} record it belongs to "
                        "was lost (it is still in the damaged file).",
                        "{table}: {count} rows were left out: the {parent} records they belong "
                        "to were lost (they are still in the damaged file).",
                        item.left_out,
                    ).format(
                        table=item.table, count=format_number(item.left_out), parent=item.parent
                    )
                )
            if item.cleared:
                lines.append(
                    ngettext(
                        "{table}: {count} row pointed to a lost {parent} record; that "
                        "reference was emptied.",
                        "{table}: {count} rows pointed to lost {parent} records; those "
                        "references were emptied.",
                        item.cleared,
                    ).format(
                        table=item.table, count=format_number(item.cleared), parent=item.parent
                    )
                )
        if self.not_copied:
            lines.append(
                _("Tables that Nassij Desktop does not know were not copied: {tables}.").format(
                    tables=", ".join(self.not_copied)
                )
            )
        if self.check.ok:
            lines.append(_("The new file is sound."))
        else:
            lines.append(_("The new file still has problems:"))
            lines += [f"- {problem}" for problem in self.check.problems]
        lines.append(_("The damaged file was left exactly as it was."))
        return lines

    def _table_line(self, scan: TableScan) -> str:
        if not scan.found:
            return _(
                "{table}: not found in the damaged file; the new file has this table empty."
            ).format(table=scan.name)
        saved = self.saved(scan.name)
        parts = [
            ngettext("{table}: {count} row saved.", "{table}: {count} rows saved.", saved).format(
                table=scan.name, count=format_number(saved)
            )
        ]
        if scan.gaps:
            ranges = ", ".join(_gap_text(gap) for gap in scan.gaps[:GAPS_SHOWN])
            if len(scan.gaps) > GAPS_SHOWN:
                ranges += ", …"
            lost = scan.lost
            if lost is None:
                parts.append(
                    _("Unreadable rows (ids {ranges}); how many cannot be told.").format(
                        ranges=ranges
                    )
                )
            else:
                parts.append(
                    ngettext(
                        "About {count} row could not be read (ids {ranges}).",
                        "About {count} rows could not be read (ids {ranges}).",
                        lost,
                    ).format(count=format_number(lost), ranges=ranges)
                )
        rejected = self.rejected.get(scan.name, 0) + scan.garbled
        if rejected:
            parts.append(
                ngettext(
                    "{count} row was read garbled and could not be kept.",
                    "{count} rows were read garbled and could not be kept.",
                    rejected,
                ).format(count=format_number(rejected))
            )
        return " ".join(parts)


def _date_text(value: object) -> str:
    try:
        return format_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)  # as stored: it is shown to be found again, not read


def _gap_text(gap: Gap) -> str:
    if gap.last is None:
        return _("{first} and after").format(first=gap.first)
    if gap.last == gap.first:
        return str(gap.first)
    return _("{first} to {last}").format(first=gap.first, last=gap.last)


def check_recovery_target(source: Path, target: Path | str) -> Path:
    """The resolved path of a new file for the recovery, or RecoveryRefused/OutputPathRefused
    with a sentence: never the damaged file, its working files, or any existing file."""
    resolved = check_output_path(target, protected=protected_paths(source), field="out")
    if resolved.exists():
        raise RecoveryRefused(
            _(
                "{path} already exists: choose a new file name (a recovery never writes over "
                "a file)."
            ).format(path=shown(resolved))
        )
    return resolved


def recover(
    source: Path | str, target: Path | str, progress: Progress | None = None
) -> RecoveryReport:
    """Save what can be read of the association file `source` into the new file `target`."""
    source = Path(source).expanduser().absolute()
    if not source.is_file():
        raise RecoveryRefused(_("The file {path} does not exist.").format(path=shown(source)))
    target = check_recovery_target(source, target)
    key = encryption.file_key(source)
    if key is None and encryption.is_encrypted(source):
        raise RecoveryRefused(encryption.password_required_message(source))
    head = migrate.head_revision()
    try:
        return _recover(source, target, key, head, progress)
    except BaseException:
        if key is not None:
            encryption.keys_path(target).unlink(missing_ok=True)
        raise


def _recover(
    source: Path, target: Path, key: bytes | None, head: str, progress: Progress | None
) -> RecoveryReport:
    with (
        open_source(source, folder=target.parent) as readable,
        atomic_output(target) as building,
    ):
        if readable is None:
            if (
                encryption.foreign_header(source)
                and not encryption.keys_path(source).exists()
                and not looks_like_sqlite(source)
            ):
                # Perhaps a protected file whose keys file is missing: said as `check` says it.
                raise RecoveryRefused(not_a_database_message(source))
            raise RecoveryRefused(
                _(
                    "Nothing of {path} can be read any more, not even its list of tables: "
                    "nothing was written. Keep the file as it is for a specialist, and restore "
                    "a backup."
                ).format(path=shown(source))
            )
        revision = read_revision(readable.conn)
        if revision is not None and revision not in migrate.known_revisions():
            raise RecoveryRefused(
                _(
                    "{path} was saved by a newer version of Nassij Desktop: install the latest "
                    "version to recover it."
                ).format(path=shown(source))
            )
        report = RecoveryReport(
            source=source,
            target=target,
            revision=revision,
            head=head,
            schema_rebuilt=readable.schema_rebuilt,
        )
        if key is not None:  # the new file is keyed from its first page
            encryption.copy_keys(source, building)
        try:
            report.check = _build(readable, building, key, revision, head, report, progress)
        finally:
            encryption.keys_path(building).unlink(missing_ok=True)
        if key is not None:  # beside the target before the file appears there
            encryption.copy_keys(source, target)
    return report


def _build(
    readable: Source,
    building: Path,
    key: bytes | None,
    revision: str | None,
    head: str,
    report: RecoveryReport,
    progress: Progress | None,
) -> CheckReport:
    _run_migrations(building, revision or head, key, new=True)
    with contextlib.closing(encryption.connect_path(building, key, isolation_level=None)) as new:
        # A self-contained file (no -wal beside the name it is built under); synchronous
        # off while building: it is flushed to disk once, before it is moved into place.
        new.execute("PRAGMA journal_mode=DELETE")
        new.execute("PRAGMA synchronous=OFF")
        new.execute("PRAGMA foreign_keys=OFF")
        _copy_rows(readable, new, report, progress)
        _set_aside_unbalanced(new, report)
        _set_aside_orphans(new, report)
    if revision is not None and revision != head:
        _run_migrations(building, head, key)
    return _check_file(building, key)


def _run_migrations(path: Path, revision: str, key: bytes | None, *, new: bool = False) -> None:
    """`path` brought to `revision`; `new`: an empty file given that revision's schema (at
    head, from the migrations' snapshot, as a new file gets it)."""
    from nassij_desktop.storage.database import create_engine_for, to_url

    engine = create_engine_for(to_url(path), key=key)
    try:
        (migrate.new_schema if new else migrate.upgrade)(engine, revision)
    finally:
        engine.dispose()
    # The engine turns WAL on; the recovered file is one self-contained file.
    with contextlib.closing(encryption.connect_path(path, key, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")


def _copy_rows(
    source: Source, new: sqlite3.Connection, report: RecoveryReport, progress: Progress | None
) -> None:
    entries = read_schema(new)
    # The triggers keep the full-text index in step row by row: off while copying, and the
    # index rebuilt once at the end.
    triggers = [e for e in entries if e.type == "trigger" and e.sql]
    virtual = [e.name for e in entries if (e.sql or "").upper().startswith("CREATE VIRTUAL")]
    tables = [name for name in data_tables(entries) if name != VERSION_TABLE]
    known = set(tables) | {VERSION_TABLE}
    report.not_copied = [name for name in source.tables if name not in known]
    new.execute("BEGIN")
    for trigger in triggers:
        new.execute(f'DROP TRIGGER "{trigger.name}"')
    for scan, columns, rows in scan_tables(source, tables, progress):
        report.tables.append(scan)
        if not columns:
            continue
        wanted = [c for c in table_columns(new, scan.name) if c in columns]
        positions = [columns.index(c) + 1 for c in wanted]  # each row starts with its rowid
        names = ", ".join(f'"{c}"' for c in wanted)
        insert = f'INSERT INTO "{scan.name}" ({names}) VALUES ({", ".join("?" * len(wanted))})'
        for chunk in rows:
            values = [tuple(row[p] for p in positions) for row in chunk]
            refused = _insert(new, insert, values)
            report.rejected[scan.name] = report.rejected.get(scan.name, 0) + refused
    if progress is not None:
        progress("", len(tables), len(tables))
    for trigger in triggers:
        new.execute(trigger.sql or "")
    for name in virtual:
        new.execute(f'INSERT INTO "{name}"("{name}") VALUES(\'rebuild\')')
    new.execute("COMMIT")


def _insert(new: sqlite3.Connection, insert: str, values: list[tuple[object, ...]]) -> int:
    """Insert the rows; those the new file refuses (garbled values breaking a constraint) are
    counted and skipped."""
    new.execute("SAVEPOINT chunk")
    try:
        new.executemany(insert, values)
    except sqlite3.Error:
        new.execute("ROLLBACK TO chunk")
    else:
        new.execute("RELEASE chunk")
        return 0
    new.execute("RELEASE chunk")
    refused = 0
    for row in values:
        try:
            new.execute(insert, row)
        except sqlite3.Error:
            refused += 1
    return refused


def _set_aside_unbalanced(new: sqlite3.Connection, report: RecoveryReport) -> None:
    """Journal entries that lost lines no longer balance: they are left out with their
    remaining lines (the books stay double-entry) and listed to be entered again."""
    tables = {row[0] for row in new.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"journal_entry", "journal_line"} <= tables:
        return
    new.execute("BEGIN")
    entries = new.execute(
        "SELECT e.id, e.number, e.entry_date FROM journal_entry e "
        "LEFT JOIN journal_line l ON l.entry_id = e.id GROUP BY e.id "
        "HAVING coalesce(sum(l.debit), 0) != coalesce(sum(l.credit), 0) OR count(l.id) < 2 "
        "ORDER BY e.entry_date, e.number"
    ).fetchall()
    lines = SetAside("journal_line", "journal_entry")
    for entry_id, number, date in entries:
        lines.left_out += new.execute(
            "DELETE FROM journal_line WHERE entry_id = ?", (entry_id,)
        ).rowcount
        new.execute("DELETE FROM journal_entry WHERE id = ?", (entry_id,))
        report.unbalanced.append((number, date))
    new.execute("COMMIT")
    if lines.left_out:
        report.set_aside.append(lines)


def _set_aside_orphans(new: sqlite3.Connection, report: RecoveryReport) -> None:
    """Rows pointing to a record that was lost: the reference is emptied when it may be empty,
    otherwise the row is left out of the new file. Everything is counted in the report."""
    found: dict[tuple[str, str], SetAside] = {}
    new.execute("BEGIN")
    for _round in range(SET_ASIDE_ROUNDS):
        orphans = new.execute("PRAGMA foreign_key_check").fetchall()
        if not orphans:
            break
        for table, rowid, parent, key in orphans:
            item = found.setdefault((table, parent), SetAside(table, parent))
            columns = [
                row[3]
                for row in new.execute(f'PRAGMA foreign_key_list("{table}")')
                if row[0] == key
            ]
            nullable = {
                row[1] for row in new.execute(f'PRAGMA table_info("{table}")') if not row[3]
            }
            if rowid is None:
                continue
            if columns and set(columns) <= nullable:
                assignments = ", ".join(f'"{c}" = NULL' for c in columns)
                try:
                    new.execute(f'UPDATE "{table}" SET {assignments} WHERE rowid = ?', (rowid,))
                except sqlite3.IntegrityError:
                    pass  # a rule of the table needs the reference (a proxy's holder…)
                else:
                    item.cleared += 1
                    continue
            new.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
            item.left_out += 1
    new.execute("COMMIT")
    for item in found.values():
        same = next(
            (s for s in report.set_aside if (s.table, s.parent) == (item.table, item.parent)), None
        )
        if same is None:
            report.set_aside.append(item)
        else:
            same.left_out += item.left_out
            same.cleared += item.cleared


def _check_file(path: Path, key: bytes | None) -> CheckReport:
    from nassij_desktop.storage.database import open_database

    database = open_database(path, create=False, upgrade=False, key=key)
    try:
        return check(database)
    finally:
        database.close()
        with contextlib.closing(encryption.connect_path(path, key, isolation_level=None)) as conn:
            conn.execute("PRAGMA journal_mode=DELETE")
