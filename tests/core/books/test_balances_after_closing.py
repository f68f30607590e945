"""After a year is closed, its opening entry restates the bank and cash balances: the Treasury
page's balances and the reconciliation's book balance count them once, as the trial balance
does (they counted the closed year twice)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nassij_desktop.core.books.entries import validate_entry
from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.reconciliation import reconciliation_statement
from nassij_desktop.core.books.services import LineSpec, create_treasury_account, post_entry
from nassij_desktop.core.books.statements import StatementKind, statement_rows
from nassij_desktop.core.books.treasury import treasury_balances
from nassij_desktop.core.books.years import close_year, reopen_year
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database


def _move(session, day: dt.date, amount: str, debit: str, credit: str) -> None:
    post_entry(
        session,
        CLI_ACTOR,
        journal="BQ",
        entry_date=day,
        label="mouvement",
        reference=f"P-{day.isoformat()}",
        lines=[LineSpec(debit, debit=Decimal(amount)), LineSpec(credit, credit=Decimal(amount))],
    )


def _bank(database: Database, as_of: dt.date | None) -> Decimal:
    with database.session() as session:
        (bank,) = [b for b in treasury_balances(session, CLI_ACTOR, as_of) if b.account == "5141"]
        return bank.balance


def test_a_closed_year_is_counted_once_in_balances_and_the_reconciliation(
    database: Database,
) -> None:
    with database.transaction() as session:
        bank = create_treasury_account(session, CLI_ACTOR, "Banque", TreasuryKind.BANK, "5141")
        _move(session, dt.date(2025, 3, 1), "1000", "5141", "71611")
        _move(session, dt.date(2025, 6, 1), "200", "6125", "5141")
    assert _bank(database, None) == Decimal("800.00")
    with database.transaction() as session:
        close_year(session, CLI_ACTOR, 2025)
        _move(session, dt.date(2026, 2, 1), "50", "5141", "71611")
    assert _bank(database, None) == Decimal("850.00")
    assert _bank(database, dt.date(2026, 1, 31)) == Decimal("800.00")
    assert _bank(database, dt.date(2025, 12, 31)) == Decimal("800.00")
    with database.session() as session:
        trial = statement_rows(session, CLI_ACTOR, StatementKind.TRIAL_BALANCE, 2026)
        row = next(r for r in trial.rows if r.code == "5141")
        closing = dict(zip((c.key for c in trial.columns), row.values, strict=True))
        assert closing["closing_debit"] == Decimal("850.00")
        statement = reconciliation_statement(session, CLI_ACTOR, bank.id, dt.date(2026, 12, 31))
        assert statement.book_balance == Decimal("850.00")
        # The carried balance is no movement the bank will show; the 2026 receipt is, and so
        # are the lines of 2025 the bank never showed (they are inside the carried balance).
        assert [(line.amount, line.carried) for line in statement.uncleared] == [
            (Decimal("1000.00"), True),
            (Decimal("-200.00"), True),
            (Decimal("50.00"), False),
        ]
    # Reopening 2025 reverses its opening entry: the history counts again, once.
    with database.transaction() as session:
        reopen_year(session, CLI_ACTOR, 2025, "Correction d'une pièce")
    assert _bank(database, None) == Decimal("850.00")


def test_a_draft_moves_no_balance_until_it_is_validated(database: Database) -> None:
    """The page showed the bank at −125,50 with only a draft written: balances count what the
    statements count, the validated entries."""
    with database.transaction() as session:
        create_treasury_account(session, CLI_ACTOR, "Banque", TreasuryKind.BANK, "5141")
        _move(session, dt.date(2026, 1, 10), "1000", "5141", "71611")
        draft = post_entry(
            session,
            CLI_ACTOR,
            journal="BQ",
            entry_date=dt.date(2026, 2, 1),
            label="Fournitures (brouillon)",
            reference="FAC-7",
            lines=[
                LineSpec("6125", debit=Decimal("125.50")),
                LineSpec("5141", credit=Decimal("125.50")),
            ],
            draft=True,
        )
    for as_of in (None, dt.date(2026, 1, 31), dt.date(2026, 12, 31)):
        assert _bank(database, as_of) == Decimal("1000.00"), as_of
    with database.transaction() as session:
        validate_entry(session, CLI_ACTOR, draft.id)
    assert _bank(database, None) == Decimal("874.50")
    assert _bank(database, dt.date(2026, 1, 31)) == Decimal("1000.00")
