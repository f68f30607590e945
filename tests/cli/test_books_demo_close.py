"""A fresh demo's current year closes without the waiver: the demo imports the bank's
statements and matches them, so its bank is reconciled (done-when of the books' issue). It
closes once it is over: before, the command line refuses, saying until when it runs."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from nassij_desktop.core.books.closing import CheckStatus, close_after_checks, close_checks
from nassij_desktop.core.books.models import (
    BankStatementLine,
    FiscalYear,
    FiscalYearStatus,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.books.reconciliation import reconciliation_statement
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.demo.builder import DEMO_PASSWORD
from nassij_desktop.storage import open_database
from tests.conftest import Nassij
from tests.support import DemoFile

TODAY = dt.date(2026, 11, 24)
ADMIN = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": DEMO_PASSWORD}


def test_the_demo_year_closes_cleanly_without_the_waiver(
    nassij: Nassij, demo_file: DemoFile
) -> None:
    # The demo the recovery tests and the screenshots read (built once per run): any demo's
    # year closes cleanly, and a demo of its own was most of this test's time.
    path = demo_file(members=300, seed=2, today=TODAY)
    database = open_database(path)
    with database.session() as session:
        bank = session.scalars(
            sa.select(TreasuryAccount).where(TreasuryAccount.kind == TreasuryKind.BANK)
        ).one()
        statement = reconciliation_statement(session, CLI_ACTOR, bank.id, TODAY)
        assert statement.reconciled and statement.bank_balance is not None
        matched = session.scalar(
            sa.select(sa.func.count()).where(BankStatementLine.journal_line_id.is_not(None))
        )
        unmatched = session.scalar(
            sa.select(sa.func.count()).where(BankStatementLine.journal_line_id.is_(None))
        )
        assert matched and matched > 50 and unmatched == 0
    database.close()

    # The demo's "today" is in November: 2026 is not over, and the command says so.
    refused = nassij("--db", str(path), "books", "close", "--year", "2026", env=ADMIN)
    assert refused.returncode != 0 and "runs until 31/12/2026" in refused.stderr

    after = dt.date(2027, 1, 8)
    database = open_database(path)
    with database.transaction() as session:
        review = close_checks(session, CLI_ACTOR, 2026, today=after)
        assert review.ready and all(c.status is CheckStatus.PASSED for c in review.checks)
        close_after_checks(session, CLI_ACTOR, 2026, today=after)
    with database.session() as session:
        status = session.scalar(sa.select(FiscalYear.status).where(FiscalYear.label == "2026"))
        assert status is FiscalYearStatus.CLOSED
        waivers = session.scalar(
            sa.select(sa.func.count()).where(AuditEntry.action == "close-without-reconciliation")
        )
        assert waivers == 0
    database.close()
