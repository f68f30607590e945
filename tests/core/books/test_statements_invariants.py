"""Invariants of the statements on random balanced books of two years (hypothesis)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from nassij_desktop.core.books.layouts import StatementModel
from nassij_desktop.core.books.services import LineSpec, post_entry
from nassij_desktop.core.books.statements import balance_sheet, income_statement, trial_balance
from nassij_desktop.core.books.statements.trial_balance import BalanceFigures
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database

# Every class of the bilan and of the CPC, contra accounts and a bank overdraft included;
# none of 116/118/119, so that the earlier years' results are all in @prior_result.
ACCOUNTS = [
    "1111", "1311", "1319", "1481", "2355", "2835", "3451", "3491", "4411", "4491",
    "5141", "5161", "5541", "6125", "6131", "6193", "6311", "6561", "6701", "7161",
    "7186", "7187", "7381", "7513", "7586",
]  # fmt: skip

ENTRY = st.tuples(
    st.sampled_from([2024, 2025]),
    st.integers(0, 364),
    st.sampled_from(["CA", "BQ", "OD", "OD", "AN"]),
    st.lists(
        st.tuples(st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS), st.integers(1, 10**7)),
        min_size=1,
        max_size=3,
    ),
)


class Rollback(Exception):
    """Raised to leave the books as they were for the next example."""


def _post(
    session: Session, entries: list[tuple[int, int, str, list[tuple[str, str, int]]]]
) -> None:
    for year, day, journal, pairs in entries:
        lines = []
        for debit, credit, centimes in pairs:
            amount = Decimal(centimes).scaleb(-2)
            lines += [LineSpec(debit, debit=amount), LineSpec(credit, credit=amount)]
        post_entry(
            session,
            CLI_ACTOR,
            journal=journal,
            entry_date=dt.date(year, 1, 1) + dt.timedelta(days=day),
            label="random",
            lines=lines,
        )


def _check(session: Session, an_in_2025: bool) -> None:
    for model in StatementModel:
        result_line = {
            StatementModel.NORMAL: ("XIII", "PF6", "PF5"),
            StatementModel.SIMPLIFIED: ("XI", "P3", "P2"),
            StatementModel.SUPER_SIMPLIFIED: ("RES", "P2", "P1"),
        }[model]
        statements = {
            year: (
                income_statement(session, CLI_ACTOR, year, model),
                balance_sheet(session, CLI_ACTOR, year, model),
            )
            for year in (2024, 2025)
        }
        for cpc, bilan in statements.values():
            assert bilan.line("TA").current == bilan.line("TP").current
            assert bilan.line("TA").previous == bilan.line("TP").previous
            assert cpc.line(result_line[0]).current == bilan.line(result_line[1]).current
            assert cpc.unmapped == bilan.unmapped == ()
        (cpc_before, bilan_before), (cpc_now, bilan_now) = statements[2024], statements[2025]
        assert [ln.previous for ln in cpc_now.lines] == [ln.current for ln in cpc_before.lines]
        assert [ln.previous for ln in bilan_now.lines] == [ln.current for ln in bilan_before.lines]
        if model is StatementModel.NORMAL and not an_in_2025:
            # The year's result is the change in the funds' results: what 2024 earned is
            # 2025's result not yet allocated.
            before = bilan_before.line("PF5").current or Decimal(0)
            earned = cpc_before.line("XIII").current or Decimal(0)
            assert bilan_now.line("PF5").current == before + earned
    for year in (2024, 2025):
        total = trial_balance(session, CLI_ACTOR, year).total
        assert total.opening_debit == total.opening_credit
        assert total.debit == total.credit
        assert total.closing_debit == total.closing_credit
    now, before = trial_balance(session, CLI_ACTOR, 2025), trial_balance(session, CLI_ACTOR, 2024)
    empty = BalanceFigures()
    assert {r.account: r.previous for r in now.rows if r.previous != empty} == {
        r.account: r.current for r in before.rows if r.current != empty
    }


def _check_then_roll_back(
    database: Database, entries: list[tuple[int, int, str, list[tuple[str, str, int]]]]
) -> None:
    # Both years exist whatever was drawn: an entry of dues in each.
    books = [(2024, 0, "CA", [("5161", "7186", 10000)]), (2025, 0, "CA", [("5161", "7186", 10000)])]
    with database.transaction() as session:
        _post(session, books + entries)
        _check(session, any(e[0] == 2025 and e[2] == "AN" for e in entries))
        raise Rollback


@pytest.mark.slow
def test_random_books_keep_the_invariants(database: Database) -> None:
    # The logic is the same on both backends: the server runs fewer random books, enough to
    # meet its own SQL (each statement is a round trip there, where SQLite is in-process).
    @settings(
        max_examples=40 if database.is_sqlite else 12,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(entries=st.lists(ENTRY, min_size=1, max_size=12))
    def keep(entries: list[tuple[int, int, str, list[tuple[str, str, int]]]]) -> None:
        with pytest.raises(Rollback):
            _check_then_roll_back(database, entries)

    keep()
