"""The statements on screen, on the hand-computed books of statement_books: each statement
with the previous year beside, the drill-down from a line to its ledger and from there to
the entries list, in French and in Arabic (mirrored, amounts in Latin digits)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.statements import StatementKind
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.i18n.formatting import format_amount, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.page import BooksPage
from nassij_desktop.ui.books.statements_view import StatementsView, StatementsWindow
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from tests.core.books.statement_books import D, post_two_years

VIEWER = Actor(user_id=None, login="auditeur", role=Role.VIEWER)
SHOTS = Path(os.environ.get("NASSIJ_SHOTS", "/tmp/shots/exports"))


@pytest.fixture
def books(database: Database) -> Database:
    with database.transaction() as session:
        post_two_years(session)
    return database


@pytest.fixture(params=["fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


@pytest.fixture
def page(books: Database, qtbot: QtBot) -> BooksPage:
    page = BooksPage(AppContext(books, VIEWER))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    return page


def _window(page: BooksPage, qtbot: QtBot) -> StatementsWindow:
    qtbot.mouseClick(page.statements_button, Qt.MouseButton.LeftButton)
    window = page.dialog
    assert isinstance(window, StatementsWindow)
    qtbot.waitExposed(window)
    return window


def _row(view: StatementsView, code: str, label: str | None = None) -> int:
    model = view.model
    for row in range(model.rowCount()):
        if model.text(row, 0) == code and (label is None or model.text(row, 1) == label):
            return row
    raise AssertionError(f"no row {code} {label or ''}")


def _cells(view: StatementsView, row: int) -> list[str]:
    return [view.model.text(row, c) for c in range(view.model.columnCount())]


def _shot(view: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert view.grab().save(str(SHOTS / f"{name}.png"))


def test_statements_with_the_previous_year_and_drill_down(
    page: BooksPage, qtbot: QtBot, language: str
) -> None:
    window = _window(page, qtbot)
    view = window.view
    window.resize(1200, 640)
    assert window.isRightToLeft() == (language == "ar")
    # The latest year, its trial balance first.
    assert (view.year, view.kind) == ("2025", StatementKind.TRIAL_BALANCE)
    assert "2024" in view.heading.text()
    bank = _cells(view, _row(view, "5141"))
    amounts = [format_amount(D(a)) for a in ("17200", "0", "5050", "150", "22100", "0", "17200")]
    assert bank[2:9] == amounts
    # Latin digits in Arabic too: 22.100,00 (ar) / 22 100,00 (fr).
    assert bank[6] == ("22.100,00" if language == "ar" else "22\u202f100,00")
    _shot(window, f"trial_balance_{language}")

    view.choose("2025", StatementKind.CPC)
    assert view.back_button.isHidden()
    other_charges = _row(view, "II3")  # other external charges: 6133 and 6147, 6131 before
    assert _cells(view, other_charges)[2:4] == [format_amount(D("550")), format_amount(D("4800"))]
    _shot(window, f"cpc_{language}")
    # A CPC line → the ledger of its accounts, by double-click (a view takes a double
    # click on the cell it was pressed on).
    where = view.table.visualRect(view.model.index(other_charges, 1)).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.drilled == ("6131", "6133", "6147")
    rent = _row(view, "6131")  # 2024 only: said so, the year before is that year's ledger
    assert _cells(view, rent + 1)[1] == (
        "Aucune écriture dans cet exercice"
        if language == "fr"
        else "لا توجد قيود في هذه السنة المالية"
    )
    assert view.back_button.isVisible()
    repairs = next(
        r
        for r in range(view.model.rowCount())
        if _cells(view, r)[:1] + _cells(view, r)[3:4] == ["6133", "OD-1"]
    )
    assert _cells(view, repairs)[5] == format_amount(D("400"))
    _shot(window, f"ledger_drilled_{language}")

    # A ledger line → the Treasury page's list, that account over that year.
    with qtbot.waitSignal(view.entries_requested) as signal:
        view.drill(repairs)
    wanted = signal.args[0]
    assert (wanted.account, wanted.date_from.isoformat(), wanted.date_to.isoformat()) == (
        "6133",
        "2025-01-01",
        "2025-12-31",
    )
    assert page.model.rowCount() == 1
    shown = page.model.row(0)
    assert shown is not None and shown.label == "Repairs, unpaid"
    assert page.filters.account.text() == "6133"
    assert page.current_row() == shown  # its lines shown beside the list
    _shot(page, f"treasury_drilled_{language}")

    view.back()
    assert view.drilled == () and view.kind is StatementKind.CPC


def test_bilan_ledger_and_the_previous_year(page: BooksPage, qtbot: QtBot) -> None:
    view = _window(page, qtbot).view
    view.choose("2024", StatementKind.BILAN)
    assert view.model.columnCount() == 6  # code, label, gross, amortisation, net, previous
    assert view.model.rowCount() > 0
    view.choose("2024", StatementKind.LEDGER)
    opening = _cells(view, _row(view, "5141") + 1)
    assert opening[7] == format_amount(D("8000"))  # the opening entry of 2024
    # From the trial balance, an account leads to its ledger.
    view.choose("2024", StatementKind.TRIAL_BALANCE)
    view.drill(_row(view, "7161"))
    assert view.drilled == ("7161",)
    total = _cells(view, view.model.rowCount() - 1)
    assert total[5:8] == [format_amount(D("0")), format_amount(D("20000")), "-20,000.00"]
    view.drill(0)  # the account's heading: the entries list too
    assert page.filters.account.text() == "7161"
    assert page.model.rowCount() == 1


def test_books_without_a_year_say_so(database: Database, qtbot: QtBot) -> None:
    view = StatementsView(AppContext(database, VIEWER))
    qtbot.addWidget(view)
    view.show()
    assert view.year is None and view.model.rowCount() == 0
    assert plain_text(view.message.text()) == "The books have no fiscal year yet."
    view.drill(0)  # nothing to drill into: nothing happens
    assert view.drilled == ()
