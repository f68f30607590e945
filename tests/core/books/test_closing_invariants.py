"""Closing a year, then reopening it, gives the books back as they were: whatever was posted,
the trial balances of both years read the same figures after the round trip, and while the
year is closed the balance-sheet accounts (classes 2 to 5) of the next year keep theirs."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from nassij_desktop.core.books.statements import trial_balance
from nassij_desktop.core.books.statements.trial_balance import BalanceFigures
from nassij_desktop.core.books.years import close_year, reopen_year
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database
from tests.core.books.test_statements_invariants import Rollback, _post

# Balance-sheet and income accounts, none of the results' own (116/118/119), which the
# closing writes itself.
ACCOUNTS = [
    "1111", "1311", "2355", "3451", "4411", "4491", "5141", "5161",
    "6125", "6131", "6311", "7161", "7186", "7187", "7381",
]  # fmt: skip

ENTRY = st.tuples(
    st.sampled_from([2025, 2026]),
    st.integers(0, 364),
    st.sampled_from(["CA", "BQ", "OD"]),
    st.lists(
        st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS), st.integers(1, 10**7)),
        min_size=1,
        max_size=3,
    ),
)
Entries = list[tuple[int, int, str, list[tuple[str, str, int]]]]


def _figures(session: Session, year: int) -> dict[str, BalanceFigures]:
    empty = BalanceFigures()
    return {
        row.account: row.current
        for row in trial_balance(session, CLI_ACTOR, year).rows
        if row.current != empty
    }


def _closing(figures: dict[str, BalanceFigures], classes: str) -> dict[str, Decimal]:
    return {
        account: f.closing_debit - f.closing_credit
        for account, f in figures.items()
        if account[0] in classes and f.closing_debit != f.closing_credit
    }


def _round_trip(database: Database, entries: Entries) -> None:
    # Both years exist whatever was drawn: dues received in each.
    both = [(2025, 0, "CA", [("5161", "7186", 10000)]), (2026, 0, "CA", [("5161", "7186", 10000)])]
    with database.transaction() as session:
        _post(session, both + entries)
        before = {year: _figures(session, year) for year in (2025, 2026)}
        close_year(session, CLI_ACTOR, 2025)
        closed = _figures(session, 2026)
        # Closed, 2025's balance-sheet accounts open 2026: the money, stocks, fixed assets and
        # debts stand where they stood.
        assert _closing(closed, "2345") == _closing(before[2026], "2345")
        total = trial_balance(session, CLI_ACTOR, 2026).total
        assert total.closing_debit == total.closing_credit
        reopen_year(session, CLI_ACTOR, 2025, "Une pièce oubliée")
        assert {year: _figures(session, year) for year in (2025, 2026)} == before
        raise Rollback


@pytest.mark.slow
def test_closing_then_reopening_gives_the_books_back(database: Database) -> None:
    # The logic is the same on both backends: the server runs fewer random books, enough to
    # meet its own SQL (each statement is a round trip there, where SQLite is in-process).
    @settings(
        max_examples=25 if database.is_sqlite else 8,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(entries=st.lists(ENTRY, min_size=1, max_size=10))
    def keep(entries: Entries) -> None:
        with pytest.raises(Rollback):
            _round_trip(database, entries)

    keep()
