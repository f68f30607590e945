"""Two writers on one association (two windows, or a window and a script): the write
transaction (BEGIN IMMEDIATE on a file, the numbering's row lock on a server) serialises them,
so numbers stay gap-free and the chain stays one line."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from nassij_desktop.core.books.entries import record_entry
from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.storage import Database, check, open_database
from tests.core.books.ledger_support import TREASURER, form

PER_WRITER = 8


def test_two_writers_number_and_chain_without_gaps(database: Database) -> None:
    url = database.url  # the same file, or the same database on the server
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def write(amount: str) -> None:
        other = open_database(url)
        try:
            start.wait()
            for _ in range(PER_WRITER):
                with other.transaction() as session:
                    record_entry(session, TREASURER, form(amount))
        except BaseException as exc:  # reported by the test below
            failures.append(exc)
        finally:
            other.close()

    writers = [threading.Thread(target=write, args=(a,)) for a in ("10.00", "20.00")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert failures == []
    with database.session() as session:
        rows = session.execute(
            sa.select(JournalEntry.number, JournalEntry.chain_index).order_by(JournalEntry.id)
        ).all()
    assert sorted(r.number for r in rows) == list(range(1, 2 * PER_WRITER + 1))
    assert sorted(r.chain_index for r in rows) == list(range(1, 2 * PER_WRITER + 1))
    report = check(database)
    assert report.ok, report.problems
