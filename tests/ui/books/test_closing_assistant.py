"""The year-closing assistant, reached from the Treasury page: the checks say what is wrong,
the bank waiver asks its reason, the result and the opening entry are shown, then the close;
an administrator locks or reopens with a reason; a reader sees the checks, never the buttons.
In French and in Arabic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.closing import CheckName, CheckStatus
from nassij_desktop.core.books.models import (
    FiscalYear,
    FiscalYearStatus,
    JournalEntry,
    TreasuryKind,
)
from nassij_desktop.core.books.services import (
    EntryData,
    LineSpec,
    create_treasury_account,
    post_entries,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.i18n.formatting import format_money, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.closing_dialog import ClosingAssistant
from nassij_desktop.ui.books.page import BooksPage
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language

TREASURER = Actor(user_id=None, login="khadija", role=Role.TREASURER)
ADMIN = Actor(user_id=None, login="admin", role=Role.ADMIN)
VIEWER = Actor(user_id=None, login="auditeur", role=Role.VIEWER)
DAY = dt.date(2025, 6, 1)


@pytest.fixture
def books(database: Database) -> Database:
    """2025: a 5000 subsidy into the bank, 1200 of supplies paid from it, 300 of dues in
    cash; a surplus of 4100."""
    with database.transaction() as session:
        create_treasury_account(session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141")
        create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
        post_entries(
            session,
            CLI_ACTOR,
            [
                EntryData(
                    "BQ",
                    DAY,
                    "Subvention",
                    [LineSpec("5141", debit=Decimal(5000)), LineSpec("7161", credit=Decimal(5000))],
                    reference="CONV-7",
                ),
                EntryData(
                    "BQ",
                    DAY,
                    "Fournitures",
                    [LineSpec("6125", debit=Decimal(1200)), LineSpec("5141", credit=Decimal(1200))],
                    reference="FAC-1",
                ),
                EntryData(
                    "CA",
                    DAY,
                    "Cotisations",
                    [LineSpec("5161", debit=Decimal(300)), LineSpec("7186", credit=Decimal(300))],
                    reference="R-1",
                ),
            ],
        )
    return database


@pytest.fixture(params=["fr", "ar"])
def lang(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


def _assistant(qtbot: QtBot, database: Database, actor: Actor) -> ClosingAssistant:
    page = BooksPage(AppContext(database, actor))
    qtbot.addWidget(page)
    dialog = page.open_closing()
    assert page.dialog is dialog
    dialog.resize(760, 600)
    qtbot.waitExposed(dialog)
    return dialog


def _status(database: Database) -> FiscalYearStatus:
    with database.session() as session:
        return session.scalars(sa.select(FiscalYear.status).where(FiscalYear.label == "2025")).one()


def test_the_treasurer_closes_the_year_with_the_bank_waiver_and_its_reason(
    qtbot: QtBot, books: Database, lang: str
) -> None:
    dialog = _assistant(qtbot, books, TREASURER)
    assert dialog.selected_year() == 2025 and dialog.stack.currentIndex() == 0
    banks = dialog.check_views[CheckName.BANKS]
    assert banks.status is CheckStatus.FAILED and "Banque Populaire" in banks.items.text()
    assert dialog.check_views[CheckName.DRAFTS].status is CheckStatus.PASSED
    dialog.grab().save(f"/tmp/shots/closing/checks-{lang}.png")
    # The result step: the surplus carried to the funds.
    dialog.next_button.click()
    assert dialog.result_amount.text() == format_money(Decimal("4100.00"))
    assert dialog.expenses.text() == format_money(Decimal("1200.00"))
    assert "1111" in plain_text(dialog.carried.text())
    dialog.grab().save(f"/tmp/shots/closing/result-{lang}.png")
    dialog.next_button.click()
    assert dialog.opening.rowCount() == 4  # 1111, 5141, 5161 and the total
    cells = [dialog.opening.item(r, 0) for r in range(3)]
    assert [c.text() if c else "" for c in cells] == ["1111", "5141", "5161"]
    dialog.grab().save(f"/tmp/shots/closing/opening-{lang}.png")
    dialog.next_button.click()
    assert dialog.close_button.isVisible() and not dialog.close_button.isEnabled()
    # Waive the reconciliation: the reason is asked for, and refused when empty.
    dialog.go(0)
    dialog.waiver.setChecked(True)
    waived = dialog.check_views[CheckName.BANKS].status  # read again: the view was redrawn
    assert waived is CheckStatus.WAIVED and dialog.reason.isVisible()
    dialog.go(3)
    assert dialog.close_button.isEnabled()
    assert not dialog.close_year()
    assert dialog.stack.currentIndex() == 0 and dialog.errors.messages().get("reason")
    assert _status(books) is FiscalYearStatus.OPEN
    dialog.reason.setText("Relevé de décembre attendu")
    dialog.go(3)
    dialog.close_button.click()
    assert _status(books) is FiscalYearStatus.CLOSED
    assert not dialog.close_button.isVisible() and not dialog.lock_button.isVisible()
    dialog.grab().save(f"/tmp/shots/closing/closed-{lang}.png")
    with books.session() as session:
        opening = session.scalars(
            sa.select(JournalEntry).where(JournalEntry.reference == "AN-2025")
        ).one()
        assert opening.entry_date == dt.date(2026, 1, 1)


def test_an_administrator_locks_or_reopens_with_a_reason(qtbot: QtBot, books: Database) -> None:
    dialog = _assistant(qtbot, books, ADMIN)
    dialog.waiver.setChecked(True)
    dialog.reason.setText("Banque fermée")
    assert dialog.close_year()
    assert dialog.stack.currentIndex() == 3
    assert dialog.reopen_button.isVisible() and dialog.lock_button.isVisible()
    dialog.grab().save("/tmp/shots/closing/admin-closed.png")
    assert not dialog.reopen_year()  # no reason
    assert dialog.reopen_errors.messages().get("reason")
    dialog.reopen_reason.setText("Une facture de décembre oubliée")
    assert dialog.reopen_year()
    assert _status(books) is FiscalYearStatus.OPEN and dialog.stack.currentIndex() == 0
    dialog.waiver.setChecked(True)
    dialog.reason.setText("Banque fermée")
    assert dialog.close_year()
    dialog.lock_button.click()
    assert _status(books) is FiscalYearStatus.LOCKED
    assert not dialog.lock_button.isVisible() and not dialog.reopen_button.isVisible()


def test_a_reader_sees_the_checks_without_the_buttons(qtbot: QtBot, books: Database) -> None:
    dialog = _assistant(qtbot, books, VIEWER)
    assert dialog.check_views[CheckName.BANKS].status is CheckStatus.FAILED
    assert not dialog.waiver.isVisible()
    dialog.go(3)
    assert not dialog.close_button.isVisible() and not dialog.reopen_button.isVisible()
