"""The closing assistant's services: each check says what is wrong and how to fix it, the
result and the next year's opening entry are previewed as closing writes them, and the
checked close refuses until the checks pass (the bank waiver recorded with its reason)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.closing import (
    CheckName,
    CheckStatus,
    close_after_checks,
    close_checks,
    require_reason,
)
from nassij_desktop.core.books.entries import record_entry, validate_entry
from nassij_desktop.core.books.models import (
    FiscalYearStatus,
    JournalEntry,
    JournalLine,
    TreasuryKind,
)
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.books.years import account_balances, year_row
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.storage import Database
from tests.core.books.ledger_support import TREASURER, VIEWER, form

DAY = dt.date(2025, 6, 1)


def _books(session: Session, *, bank: bool = False) -> None:
    """2025: a 5000 subsidy into the bank, 1200 of supplies paid, 300 of dues in cash."""
    if bank:
        create_treasury_account(session, TREASURER, "Banque Populaire", TreasuryKind.BANK, "5141")
    record_entry(
        session,
        TREASURER,
        form("5000.00", day=DAY, credit_account="7161", debit_account="5141", reference="CONV-7"),
    )
    record_entry(session, TREASURER, form("1200.00", day=DAY))
    record_entry(
        session,
        TREASURER,
        form("300.00", day=DAY, journal="CA", debit_account="5161", credit_account="7186"),
    )


def _statuses(session: Session, **options: bool) -> dict[CheckName, CheckStatus]:
    review = close_checks(session, VIEWER, 2025, **options)
    return {check.name: check.status for check in review.checks}


def test_a_clean_year_passes_and_previews_its_result_and_opening_entry(
    database: Database,
) -> None:
    with database.transaction() as session:
        _books(session)
        review = close_checks(session, VIEWER, 2025)
        assert review.ready and review.label == "2025" and review.next_label == "2026"
        assert all(c.status is CheckStatus.PASSED and not c.items for c in review.checks)
        assert (review.income, review.expenses, review.result) == (
            Decimal("5300.00"),
            Decimal("1200.00"),
            Decimal("4100.00"),
        )
        assert review.funds_account == "1111"
        assert [(ln.account, ln.debit, ln.credit) for ln in review.opening] == [
            ("1111", Decimal("0.00"), Decimal("4100.00")),
            ("5141", Decimal("3800.00"), Decimal("0.00")),
            ("5161", Decimal("300.00"), Decimal("0.00")),
        ]
        assert review.opening[1].label("fr") and review.opening[1].label("ar")
        # Closing writes the opening entry previewed.
        close_after_checks(session, TREASURER, 2025)
        following = account_balances(session, year_row(session, 2026))
        assert {n: b for n, (_c, b) in following.items()} == {
            "1111": Decimal("-4100.00"),
            "5141": Decimal("3800.00"),
            "5161": Decimal("300.00"),
        }
        assert close_checks(session, VIEWER, 2025).status is FiscalYearStatus.CLOSED
        assert not close_checks(session, VIEWER, 2025).ready


def test_drafts_are_listed_and_block_the_close(database: Database) -> None:
    with database.transaction() as session:
        _books(session)
        draft = record_entry(
            session, TREASURER, form("80.00", day=DAY, label="Timbres"), draft=True
        )
        review = close_checks(session, VIEWER, 2025)
        drafts = next(c for c in review.checks if c.name is CheckName.DRAFTS)
        assert drafts.blocks and not review.ready
        assert drafts.items == ("BQ 2025-06-01 Timbres",)
        assert "1 draft entry" in drafts.problem and "Validate" in drafts.advice
        with pytest.raises(Conflict, match="cannot be closed: 1 draft entry"):
            close_after_checks(session, TREASURER, 2025)
        validate_entry(session, TREASURER, draft.id)
        assert _statuses(session)[CheckName.DRAFTS] is CheckStatus.PASSED


def test_a_year_not_yet_over_cannot_be_closed(database: Database) -> None:
    # In December the checks of the current year all pass; closed then, its last weeks'
    # receipts would have had no open year left to go to.
    today = clock.today()
    with database.transaction() as session:
        _books(session)
        record_entry(session, TREASURER, form("40.00", day=today))
        review = close_checks(session, VIEWER, today.year)
        ended = next(c for c in review.checks if c.name is CheckName.ENDED)
        assert ended.blocks and not review.ready
        assert f"runs until 31/12/{today.year}" in ended.problem and "after" in ended.advice
        with pytest.raises(Conflict, match=f"cannot be closed: The fiscal year {today.year} runs"):
            close_after_checks(session, TREASURER, today.year)
        assert year_row(session, today.year).status is FiscalYearStatus.OPEN
        assert _statuses(session)[CheckName.ENDED] is CheckStatus.PASSED  # 2025 is over


def test_an_entry_edited_out_of_balance_is_named(database: Database) -> None:
    with database.transaction() as session:
        _books(session)
        entry_id = session.scalar(
            sa.select(JournalEntry.id).where(JournalEntry.reference == "CONV-7")
        )
        session.execute(
            sa.update(JournalLine)
            .where(JournalLine.entry_id == entry_id, JournalLine.debit > 0)
            .values(debit=Decimal("5001.00"))
        )
        review = close_checks(session, VIEWER, 2025)
        balanced = next(c for c in review.checks if c.name is CheckName.BALANCED)
        assert balanced.blocks and balanced.items == ("BQ-2025-1",)
        with pytest.raises(Conflict, match="not balanced"):
            close_after_checks(session, TREASURER, 2025)


def test_a_bank_not_reconciled_needs_the_waiver_recorded_with_its_reason(
    database: Database,
) -> None:
    with database.transaction() as session:
        _books(session, bank=True)
        review = close_checks(session, VIEWER, 2025)
        banks = next(c for c in review.checks if c.name is CheckName.BANKS)
        assert banks.blocks and banks.items == ("Banque Populaire: 2 lines not reconciled",)
        assert _statuses(session, without_reconciliation=True)[CheckName.BANKS] is (
            CheckStatus.WAIVED
        )
        with pytest.raises(Conflict, match="not reconciled"):
            close_after_checks(session, TREASURER, 2025)
        with pytest.raises(ValidationError):
            require_reason("  ")
        close_after_checks(
            session,
            TREASURER,
            2025,
            without_reconciliation=True,
            reason=require_reason("Relevés de décembre pas encore reçus"),
        )
        assert year_row(session, 2025).status is FiscalYearStatus.CLOSED
        waiver = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "close-without-reconciliation")
        ).one()
        assert json.loads(waiver.after or "{}") == {
            "reason": "Relevés de décembre pas encore reçus"
        }


def test_only_writers_close_and_readers_see_the_checks(database: Database) -> None:
    with database.transaction() as session:
        _books(session)
        assert close_checks(session, VIEWER, 2025).ready
        with pytest.raises(PermissionDenied):
            close_after_checks(session, VIEWER, 2025)


def test_closing_a_closed_year_again_says_it_is_closed_before_any_check(
    database: Database,
) -> None:
    with database.transaction() as session:
        _books(session, bank=True)
        close_after_checks(session, TREASURER, 2025, without_reconciliation=True, reason="Démo")
    with database.transaction() as session, pytest.raises(Conflict) as refused:
        close_after_checks(session, TREASURER, 2025)
    assert str(refused.value) == "The fiscal year 2025 is already closed."
