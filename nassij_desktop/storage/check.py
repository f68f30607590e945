"""`check()`: is the file sound? Storage integrity, references, schema version, balanced books."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import sqlalchemy as sa

from nassij_desktop.core.books.models import JournalEntry, JournalLine
from nassij_desktop.i18n import _
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
    report = CheckReport()
    with database.engine.connect() as connection:
        if database.is_sqlite:
            result = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            if result != ["ok"]:
                report.problems.append(
                    _("The file is damaged: {details}").format(details="; ".join(result[:5]))
                )
            report.checked.append(_("storage integrity"))
            orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            for table, rowid, parent, _fk in orphans[:20]:
                report.problems.append(
                    _("Row {rowid} of {table} points to a missing row of {parent}.").format(
                        rowid=rowid, table=table, parent=parent
                    )
                )
            report.checked.append(_("references between records"))
            try:
                connection.exec_driver_sql(
                    "INSERT INTO member_fts(member_fts, rank) VALUES('integrity-check', 1)"
                )
            except sa.exc.DatabaseError:
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

        totals = (
            sa.select(
                JournalEntry.id,
                JournalEntry.number,
                JournalEntry.entry_date,
                sa.func.coalesce(sa.func.sum(JournalLine.debit), 0).label("debit"),
                sa.func.coalesce(sa.func.sum(JournalLine.credit), 0).label("credit"),
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
                    number=row.number, date=row.entry_date
                )
            )
        report.checked.append(_("every journal entry balanced"))
    return report
