"""Fiscal years: at most two open, nothing written into a closed or locked one, closing
carries the result to the association's funds in the next year's opening entry, reopening is
an administrator's, with a reason, and undoes that opening entry."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.entries import (
    delete_draft,
    record_entry,
    reverse_entry,
    validate_entry,
)
from nassij_desktop.core.books.models import FiscalYear, FiscalYearStatus
from nassij_desktop.core.books.years import (
    account_balances,
    close_year,
    list_years,
    lock_year,
    open_year,
    reopen_year,
)
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.storage import Database, check
from tests.core.books.ledger_support import ADMIN, TREASURER, form


def _year_of_books(session: Session) -> None:
    """2025: a 5000 subsidy into the bank, 1200 of supplies paid, 300 of dues in cash."""
    day = dt.date(2025, 6, 1)
    record_entry(
        session,
        TREASURER,
        form("5000.00", day=day, debit_account="5141", credit_account="7161", reference="CONV-7"),
    )
    record_entry(session, TREASURER, form("1200.00", day=day))
    record_entry(
        session,
        TREASURER,
        form(
            "300.00",
            day=day,
            journal="CA",
            debit_account="5161",
            credit_account="7186",
            reference="2025-00001",
        ),
    )


def test_at_most_two_years_are_open_at_once(database: Database) -> None:
    with database.transaction() as session:
        open_year(session, TREASURER, 2025)
        open_year(session, TREASURER, 2026)
        with pytest.raises(Conflict, match="at most two may be open"):
            open_year(session, TREASURER, 2027)
        # Posting into a third year would open it: refused the same way.
        with pytest.raises(Conflict, match="at most two"):
            record_entry(session, TREASURER, form(day=dt.date(2027, 2, 1)))
        with pytest.raises(Conflict, match="already exists"):
            open_year(session, TREASURER, 2025)
        assert [(y.label, y.status) for y in list_years(session, TREASURER)] == [
            ("2025", FiscalYearStatus.OPEN),
            ("2026", FiscalYearStatus.OPEN),
        ]


def test_closing_carries_the_result_to_the_funds_in_the_next_years_opening_entry(
    database: Database,
) -> None:
    with database.transaction() as session:
        _year_of_books(session)
        closed = close_year(session, TREASURER, 2025)
        assert closed.status is FiscalYearStatus.CLOSED
        years = {y.label: y for y in list_years(session, TREASURER)}
        assert years["2026"].status is FiscalYearStatus.OPEN and years["2026"].entries == 1
        following = session.scalar(sa.select(FiscalYear).where(FiscalYear.label == "2026"))
        balances = {n: b for n, (_c, b) in account_balances(session, following).items()}
    # Bank 5000 − 1200, cash 300; the surplus 5000 + 300 − 1200 = 4100 credited to 1111.
    assert balances == {
        "1111": Decimal("-4100.00"),
        "5141": Decimal("3800.00"),
        "5161": Decimal("300.00"),
    }
    assert check(database).ok


def test_nothing_is_written_into_a_closed_year_and_only_an_admin_reopens_it(
    database: Database,
) -> None:
    with database.transaction() as session:
        _year_of_books(session)
        entry = record_entry(session, TREASURER, form(day=dt.date(2025, 7, 1)))
        draft = record_entry(session, TREASURER, form(day=dt.date(2025, 7, 1)), draft=True)
        with pytest.raises(Conflict, match="1 draft entry: validate or delete it"):
            close_year(session, TREASURER, 2025)
        delete_draft(session, TREASURER, draft.id)
        close_year(session, TREASURER, 2025)
        with pytest.raises(Conflict, match="2025 is closed"):
            record_entry(session, TREASURER, form(day=dt.date(2025, 8, 1)))
        with pytest.raises(Conflict, match="2025 is closed"):
            reverse_entry(session, TREASURER, entry.id, dt.date(2025, 12, 31))
        with pytest.raises(PermissionDenied):
            reopen_year(session, TREASURER, 2025, "Facture oubliée")
        with pytest.raises(ValidationError, match="reason"):
            reopen_year(session, ADMIN, 2025, "  ")
        reopened = reopen_year(session, ADMIN, 2025, "Facture oubliée du 30/12")
        assert reopened.status is FiscalYearStatus.OPEN
        audit = session.scalars(
            sa.select(AuditEntry.after).where(AuditEntry.action == "reopen")
        ).one()
        assert json.loads(audit or "{}")["reason"] == "Facture oubliée du 30/12"
        following = session.scalar(sa.select(FiscalYear).where(FiscalYear.label == "2026"))
        # The opening entry was reversed: the next year starts from nothing again.
        assert all(b == 0 for _c, b in account_balances(session, following).values())
        record_entry(session, TREASURER, form("50.00", day=dt.date(2025, 12, 30)))
        close_year(session, TREASURER, 2025)
        balances = {n: b for n, (_c, b) in account_balances(session, following).items()}
        assert balances["1111"] == Decimal("-2850.00")  # 4100 − 1200 − 50
        lock_year(session, ADMIN, 2025)
        with pytest.raises(Conflict, match="locked"):
            reopen_year(session, ADMIN, 2025, "encore")
        with pytest.raises(Conflict, match="2025 is locked"):
            record_entry(session, TREASURER, form(day=dt.date(2025, 8, 1)))
    assert check(database).ok


def test_a_draft_of_a_closed_year_cannot_be_validated(database: Database) -> None:
    with database.transaction() as session:
        draft = record_entry(session, TREASURER, form(day=dt.date(2025, 3, 1)), draft=True)
        year = session.scalar(sa.select(FiscalYear).where(FiscalYear.label == "2025"))
        assert year is not None
        year.status = FiscalYearStatus.CLOSED  # as a year closed before drafts existed
        session.flush()
        with pytest.raises(Conflict, match="closed"):
            validate_entry(session, TREASURER, draft.id)
