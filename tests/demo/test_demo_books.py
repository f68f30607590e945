"""The demo's books: the previous year closed through the closing service (its opening entry
in the current year) once its bank was reconciled, no drafts, a bank with its opening balance
and its statements matched, budgets for the year and each funded project, tagged public-aid
lines; the current year closes cleanly (its bank reconciled too, no waiver), the trial
balance sums to zero and the CPC's result is the change in the association's funds."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.closing import (
    CheckName,
    CheckStatus,
    close_after_checks,
    close_checks,
)
from nassij_desktop.core.books.layouts import StatementModel
from nassij_desktop.core.books.models import (
    Budget,
    EntryState,
    FiscalYear,
    FiscalYearStatus,
    Journal,
    JournalEntry,
    JournalLine,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.books.statements import balance_sheet, income_statement, trial_balance
from nassij_desktop.core.books.years import account_balances, year_row
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.demo.builder import build_demo
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database, open_database
from tests.shared_files import copy_of, shared_demo

TODAY = dt.date(2026, 11, 24)
# The CPC's result line and the bilan's line of the year's result, per statement model.
RESULT_LINES = {
    StatementModel.NORMAL: ("XIII", "PF6"),
    StatementModel.SIMPLIFIED: ("XI", "P3"),
    StatementModel.SUPER_SIMPLIFIED: ("RES", "P2"),
}


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = shared_demo(tmp_path_factory, members=60, seed=5, today=TODAY, language="fr")
    return copy_of(template, tmp_path_factory.mktemp("demo-books"))


@pytest.fixture
def demo(demo_path: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_path, path)
    database = open_database(path)
    yield database
    database.close()


def _funds_opening(session: Session, year: int) -> Decimal:
    """The association's funds (1111) as the year's opening entries state them (credit)."""
    balances = account_balances(session, year_row(session, year))
    return -balances["1111"][1]


def test_the_previous_year_is_closed_by_the_closing_and_opens_the_current_one(
    demo: Database,
) -> None:
    with demo.session() as session:
        years = session.execute(
            sa.select(FiscalYear.label, FiscalYear.status).order_by(FiscalYear.starts_on)
        ).all()
        assert years == [("2025", FiscalYearStatus.CLOSED), ("2026", FiscalYearStatus.OPEN)]
        openings = session.execute(
            sa.select(JournalEntry.reference, JournalEntry.entry_date)
            .join(Journal, Journal.id == JournalEntry.journal_id)
            .where(Journal.code == "AN")
            .order_by(JournalEntry.entry_date)
        ).all()
        # The first year's opening balances, then the one the closing of 2025 wrote.
        assert [day for _ref, day in openings] == [dt.date(2025, 1, 1), dt.date(2026, 1, 1)]
        assert openings[1][0] == "AN-2025"
        drafts = session.scalar(
            sa.select(sa.func.count()).where(JournalEntry.state == EntryState.DRAFT)
        )
        assert drafts == 0
        # Reconciled first: closed without a waiver.
        waivers = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "close-without-reconciliation")
        ).all()
        assert waivers == []


def test_the_bank_budgets_and_public_aid_lines_are_there(demo: Database) -> None:
    with demo.session() as session:
        bank = session.scalars(
            sa.select(TreasuryAccount).where(TreasuryAccount.kind == TreasuryKind.BANK)
        ).one()
        first_opening = session.scalar(
            sa.select(JournalLine.debit)
            .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
            .where(
                JournalEntry.entry_date == dt.date(2025, 1, 1),
                JournalLine.account_id == bank.account_id,
            )
        )
        assert first_opening is not None and first_opening > 0
        budgets = session.execute(sa.select(Budget.name, Budget.analytic_tag_id)).all()
        assert any(tag is None for _name, tag in budgets)
        assert any(tag is not None for _name, tag in budgets)
        tagged = session.execute(
            sa.select(
                JournalLine.funder_id,
                JournalLine.aid_kind,
                JournalLine.agreement_number,
                JournalLine.agreement_date,
            ).where(JournalLine.funder_id.is_not(None))
        ).all()
        assert tagged and all(kind and number and day for _f, kind, number, day in tagged)


def test_the_current_year_closes_cleanly(demo: Database) -> None:
    after = dt.date(2027, 1, 15)  # a year is closed once it is over
    with demo.transaction() as session:
        review = close_checks(session, CLI_ACTOR, 2026, today=after)
        assert review.ready
        assert [c.status for c in review.checks] == [CheckStatus.PASSED] * len(CheckName)
        total = trial_balance(session, CLI_ACTOR, 2026).total
        assert total.opening_debit == total.opening_credit
        assert total.debit == total.credit
        assert total.closing_debit == total.closing_credit
        cpc = income_statement(session, CLI_ACTOR, 2026)
        bilan = balance_sheet(session, CLI_ACTOR, 2026)
        result_line, bilan_line = RESULT_LINES[cpc.model]
        assert cpc.line(result_line).current == review.result
        assert bilan.line(bilan_line).current == review.result
        assert bilan.line("TA").current == bilan.line("TP").current
        # Every statement has the previous year beside it, from real books.
        assert cpc.line(result_line).previous not in (None, Decimal(0))
        # 2025's result is the change in the funds from its opening to 2026's.
        assert cpc.line(result_line).previous == _funds_opening(session, 2026) - _funds_opening(
            session, 2025
        )
        close_after_checks(session, CLI_ACTOR, 2026, today=after)
        assert _funds_opening(session, 2027) - _funds_opening(session, 2026) == review.result


def test_the_same_seed_gives_the_same_books(demo_path: Path, tmp_path: Path) -> None:
    def books(path: Path) -> list[tuple[object, ...]]:
        database = open_database(path)
        with database.session() as session:
            rows = session.execute(
                sa.select(
                    Journal.code,
                    JournalEntry.number,
                    JournalEntry.entry_date,
                    JournalEntry.label,
                    sa.func.sum(JournalLine.debit),
                )
                .join(Journal, Journal.id == JournalEntry.journal_id)
                .join(JournalLine, JournalLine.entry_id == JournalEntry.id)
                .group_by(JournalEntry.id)
                .order_by(JournalEntry.id)
            ).all()
        database.close()
        return [tuple(row) for row in rows]

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("NASSIJ_DATA_DIR", str(tmp_path / "data"))
        set_language("fr")
        database = open_database(tmp_path / "again.sqlite")
        build_demo(database, members=60, seed=5, today=TODAY)
        database.close()
        set_language("en")
    assert books(tmp_path / "again.sqlite") == books(demo_path)
