"""`check()`: is the file sound? Storage integrity, references, schema version, balanced books."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from nassij_desktop.core.books.chain import verify_entry_chain
from nassij_desktop.core.books.models import JournalEntry, JournalLine
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import migrate

if TYPE_CHECKING:
    from nassij_desktop.storage.database import Database


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(database: Database) -> CheckReport:
    """Every check, in sentences. A damaged file is reported in a sentence (what can still be
    read, and the command that saves it into a new file), never raised."""
    from nassij_desktop.storage.damage import is_damage_error, tell_damage

    report = CheckReport()
    try:
        _run_checks(database, report)
    except sa.exc.DBAPIError as exc:
        if not is_damage_error(exc):
            raise
        tell_damage(report.problems, database.path, certain=True)
    else:
        if report.problems and database.is_sqlite:  # a damaged record can pass as a problem
            tell_damage(report.problems, database.path, certain=False)
    return report


def _run_checks(database: Database, report: CheckReport) -> None:
    with database.engine.connect() as connection:
        if database.is_sqlite:
            if database.key is not None and _tell_undecryptable(database, connection, report):
                return
            result = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            if result != ["ok"]:
                lines = [x for row in result for x in str(row).splitlines() if x[:3] != "***"]
                details = "; ".join(lines[:5]) + ("; …" if len(lines) > 5 else "")
                report.problems.append(_("The file is damaged: {details}").format(details=details))
                from nassij_desktop.storage.damage import tell_damage

                tell_damage(report.problems, database.path, certain=True)
            report.checked.append(_("storage integrity"))
            orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            for table, rowid, parent, _fk in orphans[:20]:
                report.problems.append(
                    _("Row {rowid} of {table} points to a missing row of {parent}.").format(
                        rowid=rowid, table=table, parent=parent
                    )
                )
            report.checked.append(_("references between records"))
            if not _search_indexes_sound(database, connection):
                report.problems.append(_("The member search index is out of date."))
            report.checked.append(_("member search index"))

        state = migrate.schema_state(connection)
        if state.current != state.head:
            report.problems.append(
                _("The file's structure is at version {current}, expected {head}.").format(
                    current=state.current, head=state.head
                )
            )
        report.checked.append(_("file structure version"))

        from nassij_desktop.storage.tamper_checks import add_tamper_checks  # issue 9

        add_tamper_checks(connection, report)

        totals = (
            sa.select(
                JournalEntry.id,
                JournalEntry.number,
                # As stored, and no amounts read: a date or an amount another program wrote
                # must not stop the check (the stored-values check names it).
                sa.type_coerce(JournalEntry.entry_date, sa.String).label("entry_date"),
                sa.func.count(JournalLine.id).label("lines"),
            )
            .outerjoin(JournalLine, JournalLine.entry_id == JournalEntry.id)
            .group_by(JournalEntry.id, JournalEntry.number, JournalEntry.entry_date)
            .having(
                sa.or_(
                    sa.func.coalesce(sa.func.sum(JournalLine.debit), 0)
                    != sa.func.coalesce(sa.func.sum(JournalLine.credit), 0),
                    sa.func.count(JournalLine.id) < 2,
                )
            )
        )
        for row in connection.execute(totals).all()[:50]:
            report.problems.append(
                _("Journal entry {number} of {date} is not balanced.").format(
                    # A draft has no number yet: it is named by its id.
                    number=row.number if row.number is not None else f"#{row.id}",
                    date=row.entry_date,
                )
            )
        report.checked.append(_("every journal entry balanced"))

        try:
            broken = verify_entry_chain(connection)
        except sa.exc.DBAPIError:
            report.problems.append(
                _("This check could not read its part of the file: {item}.").format(
                    item=_("validated entries unaltered (hash chain)")
                )
            )
        else:
            if broken is not None:
                report.problems.append(broken.message)
        report.checked.append(_("validated entries unaltered (hash chain)"))


def _tell_undecryptable(database: Database, connection: sa.Connection, report: CheckReport) -> bool:
    """A protected file's pages that fail their authentication (damaged, or altered), told
    with what can still be read; True when there are any. SQLCipher answers every later read
    of the connection that meets one with an error (as if out of memory), and its own
    integrity check stops at the first: its page check runs first, and the other checks are
    left for the recovered file."""
    from nassij_desktop.storage.damage import tell_damage

    failures = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA cipher_integrity_check")]
    if not failures:
        return False
    pages = [int(m.group(1)) for m in map(_PAGE_NUMBER.search, failures) if m is not None]
    # Page numbers as SQLite counts them (no digit grouping), a list kept left to right.
    shown = isolate(", ".join(str(n) for n in pages[:5]) + (", …" if len(pages) > 5 else ""), "ltr")
    details = (
        ngettext(
            "page {pages} cannot be decrypted",
            "pages {pages} cannot be decrypted",
            len(pages),
        ).format(pages=shown)
        if pages
        else _("a page cannot be decrypted")
    )
    report.problems.append(_("The file is damaged: {details}").format(details=details))
    report.checked.append(_("storage integrity"))
    tell_damage(report.problems, database.path, certain=True)
    return True


_PAGE_NUMBER = re.compile(r"page (\d+)")
_SEARCH_INDEXES = ("member_fts", "member_fts_prefix")


def _search_indexes_sound(database: Database, connection: sa.Connection) -> bool:
    """FTS5's integrity check is written as an INSERT: a read-only file is checked on a copy
    in memory, or the check would report a sound index as out of date."""
    if database.read_only and database.path is not None:
        import contextlib
        import sqlite3

        from nassij_desktop.storage.inspect import connect_readonly

        with (
            contextlib.closing(connect_readonly(database.path)) as source,
            contextlib.closing(sqlite3.connect(":memory:")) as copy,
        ):
            source.backup(copy)
            try:
                for index in _SEARCH_INDEXES:
                    copy.execute(f"INSERT INTO {index}({index}, rank) VALUES('integrity-check', 1)")
            except sqlite3.DatabaseError:
                return False
        return True
    try:
        for index in _SEARCH_INDEXES:
            connection.exec_driver_sql(
                f"INSERT INTO {index}({index}, rank) VALUES('integrity-check', 1)"
            )
    except sa.exc.DatabaseError:
        return False
    return True
