"""Every validated entry is sealed in a chain: `check` names the first entry whose stored
content was changed with another program (journal, year and number), or deleted."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from nassij_desktop.core.books.chain import GENESIS_HASH
from nassij_desktop.core.books.entries import record_entry, validate_entry
from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.storage import Database, check
from tests.core.books.ledger_support import TREASURER, form


def _three_entries(database: Database) -> list[int]:
    with database.transaction() as session:
        first = record_entry(session, TREASURER, form("100.00"))
        draft = record_entry(session, TREASURER, form("200.00"), draft=True)
        second = record_entry(
            session, TREASURER, form("300.00", journal="CA", credit_account="5161")
        )
        validate_entry(session, TREASURER, draft.id)
        return [first.id, second.id, draft.id]


EDITED_WITH_SQLITE3 = (
    "edits the file with sqlite3 from outside; on a server: "
    "tests/storage/test_entry_chain_postgresql.py"
)


def _sql(database: Database, entry_id: int, *statements: str) -> None:
    """Run `statements` on the entry's rows with sqlite3, as someone outside the app would."""
    path = database.path
    assert isinstance(path, Path)
    database.close()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement, (entry_id,))
        connection.commit()


def test_the_chain_follows_the_order_of_validation(database: Database) -> None:
    first, second, third = _three_entries(database)
    with database.session() as session:
        rows = [session.get(JournalEntry, i) for i in (first, second, third)]
        assert [(e.chain_index, e.number) for e in rows if e] == [(1, 1), (2, 1), (3, 2)]
        assert rows[0] and rows[0].previous_hash == GENESIS_HASH
        assert rows[1] and rows[2] and rows[2].previous_hash == rows[1].content_hash
    report = check(database)
    assert report.ok, report.problems
    assert "validated entries unaltered (hash chain)" in report.checked


@pytest.mark.sqlite_only(EDITED_WITH_SQLITE3)
def test_an_amount_edited_with_sqlite_is_named_by_its_entry(database: Database) -> None:
    _first, _second, third = _three_entries(database)
    path = database.path
    # 200.00 → 201.00 on both sides: still balanced, so only the seal tells.
    _sql(
        database,
        third,
        "UPDATE journal_line SET debit = 20100 WHERE entry_id = ? AND debit > 0",
        "UPDATE journal_line SET credit = 20100 WHERE entry_id = ? AND credit > 0",
    )
    from nassij_desktop.storage import open_database

    reopened = open_database(path)
    try:
        report = check(reopened)
    finally:
        reopened.close()
    assert any(
        "entry BQ-2026-2 no longer matches its seal" in problem for problem in report.problems
    ), report.problems


@pytest.mark.sqlite_only(EDITED_WITH_SQLITE3)
def test_a_date_or_label_edited_and_a_deleted_entry_are_seen(database: Database) -> None:
    first, second, _third = _three_entries(database)
    path = database.path
    _sql(database, first, "UPDATE journal_entry SET entry_date = '2026-01-01' WHERE id = ?")
    from nassij_desktop.storage import open_database

    reopened = open_database(path)
    try:
        assert any("BQ-2026-1 no longer matches" in p for p in check(reopened).problems)
    finally:
        reopened.close()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "UPDATE journal_entry SET entry_date = ? WHERE id = ?",
            (dt.date(2026, 3, 14).isoformat(), first),
        )
        connection.execute("DELETE FROM journal_line WHERE entry_id = ?", (second,))
        connection.execute("DELETE FROM journal_entry WHERE id = ?", (second,))
        connection.commit()
    reopened = open_database(path)
    try:
        problems = check(reopened).problems
    finally:
        reopened.close()
    assert any("deleted just before entry BQ-2026-2" in p for p in problems), problems


@pytest.mark.sqlite_only(EDITED_WITH_SQLITE3)
def test_a_line_label_or_the_third_party_edited_with_sqlite_is_named(database: Database) -> None:
    first, _second, third = _three_entries(database)
    path = database.path
    _sql(database, third, "UPDATE journal_line SET label = 'autre chose' WHERE entry_id = ?")
    from nassij_desktop.storage import open_database

    reopened = open_database(path)
    try:
        assert any("BQ-2026-2 no longer matches" in p for p in check(reopened).problems)
    finally:
        reopened.close()
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE journal_line SET label = NULL WHERE entry_id = ?", (third,))
        connection.execute("UPDATE journal_entry SET third_party = 'X' WHERE id = ?", (first,))
        connection.commit()
    reopened = open_database(path)
    try:
        problems = check(reopened).problems
    finally:
        reopened.close()
    # The label put back, the third party is what no longer matches (the first break named).
    assert any("BQ-2026-1 no longer matches" in p for p in problems), problems
