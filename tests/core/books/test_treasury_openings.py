"""The opening balance of a bank account or cash box: an opening entry against the funds that
the balances and the trial balance's opening columns show; refused after other entries of the
account in the year, into a closed year, while an earlier year is open, and to a reader."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.association_terms import association_funds_account
from nassij_desktop.core.books.entries import record_entry
from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.books.statements import trial_balance
from nassij_desktop.core.books.treasury import treasury_balances
from nassij_desktop.core.books.treasury_openings import set_opening_balance
from nassij_desktop.core.books.years import close_year
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.storage import Database
from tests.core.books.ledger_support import ADMIN, TREASURER, VIEWER, form

START = dt.date(2026, 1, 1)


def _bank(database: Database, name: str = "CIH Bank", account: str = "5141") -> int:
    with database.transaction() as session:
        return create_treasury_account(
            session, TREASURER, name, TreasuryKind.BANK, account, bank_name="CIH"
        ).id


def test_the_opening_balance_shows_in_the_balance_and_the_trial_balance(
    database: Database,
) -> None:
    bank = _bank(database)
    with database.transaction() as session:
        record = set_opening_balance(session, TREASURER, bank, "25000.50", START)
        funds = association_funds_account(session)
    assert (record.account, record.journal, record.number) == ("5141", "AN", 1)
    assert record.amount == Decimal("25000.50")
    with database.session() as session:
        (balance,) = treasury_balances(session, VIEWER, dt.date(2026, 6, 30))
        rows = {r.account: r.current for r in trial_balance(session, VIEWER, 2026).rows}
        audited = session.scalars(
            sa.select(AuditEntry.action).where(AuditEntry.entity == "treasury_account")
        ).all()
    assert balance.balance == Decimal("25000.50")
    assert (rows["5141"].opening_debit, rows["5141"].debit) == (Decimal("25000.50"), 0)
    assert rows[funds].opening_credit == Decimal("25000.50")
    assert "opening_balance" in audited


def test_an_overdraft_credits_the_bank(database: Database) -> None:
    bank = _bank(database)
    with database.transaction() as session:
        set_opening_balance(session, TREASURER, bank, Decimal("-1200.00"), START)
    with database.session() as session:
        (balance,) = treasury_balances(session, VIEWER)
    assert balance.balance == Decimal("-1200.00")


def test_refused_once_the_account_has_other_entries_in_the_year(database: Database) -> None:
    bank = _bank(database)
    cash = _bank(database, "Caisse", "5161")
    with database.transaction() as session:
        record_entry(session, TREASURER, form("300.00"))  # 6125 against 5141, in March 2026
    with database.transaction() as session, pytest.raises(Conflict, match="already has entries"):
        set_opening_balance(session, TREASURER, bank, Decimal("1000"), START)
    with database.transaction() as session:
        set_opening_balance(session, TREASURER, cash, Decimal("1000"), START)
    with database.transaction() as session, pytest.raises(Conflict, match="already has entries"):
        set_opening_balance(session, TREASURER, cash, Decimal("1000"), START)


def test_refused_into_a_closed_year_and_while_an_earlier_year_is_open(
    database: Database,
) -> None:
    bank = _bank(database)
    cash = _bank(database, "Caisse", "5161")
    with database.transaction() as session:
        record_entry(session, TREASURER, form("300.00", day=dt.date(2025, 5, 2)))
    with database.transaction() as session, pytest.raises(Conflict, match="2025 has entries"):
        set_opening_balance(session, TREASURER, cash, Decimal("500"), START)
    with database.transaction() as session:
        close_year(session, ADMIN, 2025)
    with database.transaction() as session, pytest.raises(Conflict, match="closed"):
        set_opening_balance(session, TREASURER, bank, Decimal("500"), dt.date(2025, 1, 1))
    with database.transaction() as session:
        set_opening_balance(session, TREASURER, cash, Decimal("500"), START)


def test_the_amount_and_the_role_are_checked(database: Database) -> None:
    bank = _bank(database)
    with database.transaction() as session:
        for wrong in ("0", "12,5", "1.234"):
            with pytest.raises(ValidationError) as refused:
                set_opening_balance(session, TREASURER, bank, wrong, START)
            assert refused.value.field == "opening_balance"
        with pytest.raises(PermissionDenied):
            set_opening_balance(session, VIEWER, bank, Decimal("10"), START)
