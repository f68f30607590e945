"""Invariants of the books under any sequence of writes (hypothesis), on SQLite and on
PostgreSQL: every entry balanced, a reversal nets its entry to zero, validated entries numbered
without gaps per journal and year, drafts unnumbered, the trial balance at zero, and the chain
sound."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nassij_desktop.core.books.entries import (
    EntryForm,
    delete_draft,
    record_entry,
    reverse_entry,
    validate_entry,
)
from nassij_desktop.core.books.models import EntryState, JournalEntry
from nassij_desktop.core.books.services import LineSpec
from nassij_desktop.storage import Database, check
from tests.core.books.ledger_support import TREASURER
from tests.core.conftest import bare_association

ACCOUNTS = ("5141", "5161", "6125", "6131", "7161", "7186", "4411")
JOURNALS = ("BQ", "CA", "OD")

amounts = st.integers(min_value=1, max_value=5_000_000).map(lambda c: Decimal(c) / 100)


@st.composite
def balanced_lines(draw: st.DrawFn) -> list[LineSpec]:
    """Debits on some accounts, credits on others, the two sides summing alike."""
    debits = draw(st.lists(amounts, min_size=1, max_size=3))
    total = sum(debits, Decimal("0.00"))
    cut = draw(st.integers(min_value=0, max_value=min(2, int(total * 100) - 1)))
    credits = [total] if cut == 0 else [Decimal(cut) / 100, total - Decimal(cut) / 100]
    account = st.sampled_from(ACCOUNTS)
    return [LineSpec(account=draw(account), debit=d) for d in debits] + [
        LineSpec(account=draw(account), credit=c) for c in credits
    ]


operation = st.one_of(
    st.tuples(
        st.just("post"),
        st.sampled_from(JOURNALS),
        st.integers(min_value=0, max_value=364),
        balanced_lines(),
        st.booleans(),
    ),
    st.tuples(st.just("validate"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=50)),
    st.tuples(st.just("delete"), st.integers(min_value=0, max_value=50)),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=14))
def test_any_sequence_of_writes_keeps_the_books_sound(
    backend: str,
    association_template: Path,
    request: pytest.FixtureRequest,
    operations: list[tuple[Any, ...]],
) -> None:
    # Each example starts from the bare association (a fresh copy, or the server's put back).
    with tempfile.TemporaryDirectory() as folder:
        database = bare_association(backend, association_template, Path(folder), request)
        try:
            _run(database, operations)
            _assert_sound(database)
        finally:
            database.close()


def _run(database: Database, operations: list[tuple[Any, ...]]) -> None:
    start = dt.date(2026, 1, 1)
    with database.transaction() as session:
        drafts: list[int] = []
        validated: list[int] = []
        for op in operations:
            if op[0] == "post":
                _kind, journal, day, lines, draft = op
                record = record_entry(
                    session,
                    TREASURER,
                    EntryForm(
                        str(journal),
                        start + dt.timedelta(days=int(day)),
                        "Écriture",
                        "P-1",
                        list(lines),
                    ),
                    draft=bool(draft),
                )
                (drafts if draft else validated).append(record.id)
            elif op[0] == "validate" and drafts:
                entry_id = drafts.pop(op[1] % len(drafts))
                validated.append(validate_entry(session, TREASURER, entry_id).id)
            elif op[0] == "delete" and drafts:
                delete_draft(session, TREASURER, drafts.pop(op[1] % len(drafts)))
            elif op[0] == "reverse" and validated:
                entry_id = validated.pop(op[1] % len(validated))
                original = session.get(JournalEntry, entry_id)
                assert original is not None
                # Reversed the day it was posted; a reversed entry is not drawn again.
                reverse_entry(session, TREASURER, entry_id, original.entry_date)


def _assert_sound(database: Database) -> None:
    report = check(database)
    assert report.ok, report.problems
    with database.session() as session:
        entries = session.scalars(sa.select(JournalEntry)).unique().all()
        numbers: dict[tuple[int, int], list[int]] = defaultdict(list)
        trial = Decimal("0.00")
        by_id = {e.id: e for e in entries}
        for entry in entries:
            debit = sum((ln.debit for ln in entry.lines), Decimal("0.00"))
            credit = sum((ln.credit for ln in entry.lines), Decimal("0.00"))
            assert debit == credit > 0
            if entry.state is EntryState.VALIDATED:
                assert entry.number is not None
                numbers[(entry.fiscal_year_id, entry.journal_id)].append(entry.number)
                trial += debit - credit
            else:
                assert entry.number is None and entry.chain_index is None
            if entry.reverses_id is not None:
                net: dict[str, Decimal] = defaultdict(lambda: Decimal("0.00"))
                for ln in [*entry.lines, *by_id[entry.reverses_id].lines]:
                    net[ln.account.number] += ln.debit - ln.credit
                assert set(net.values()) == {Decimal("0.00")}
        for values in numbers.values():
            assert sorted(values) == list(range(1, len(values) + 1))
        assert trial == 0
        chain = sorted(e.chain_index for e in entries if e.chain_index is not None)
        assert chain == list(range(1, len(chain) + 1))
