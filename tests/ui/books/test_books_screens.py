"""The books' own screens, in French and in Arabic: the chart of accounts (a sub-account added
and posted to, a used account refused deletion with the service's message), a budget against a
known actual, a bank added with its opening balance, the FEC exported from its dialog; and who
may write there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.accounts import list_accounts
from nassij_desktop.core.books.entries import record_entry
from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.books.statements import trial_balance
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.i18n.formatting import format_amount, format_percent, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.budgets_dialog import OVER, BudgetsDialog
from nassij_desktop.ui.books.chart_dialog import AccountForm, ChartDialog
from nassij_desktop.ui.books.export_dialog import ExportDialog
from nassij_desktop.ui.books.page import BooksPage
from nassij_desktop.ui.books.treasury_accounts_dialog import (
    NewTreasuryAccountDialog,
    TreasuryAccountsDialog,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from tests.core.books.ledger_support import form

TREASURER = Actor(user_id=None, login="khadija", role=Role.TREASURER)
SECRETARY = Actor(user_id=None, login="salma", role=Role.SECRETARY)
DAY = dt.date(2026, 3, 14)


@pytest.fixture(params=["fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


def _shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)


def test_a_sub_account_is_added_then_posted_to(
    qtbot: QtBot, database: Database, language: str, screens_dir: Path
) -> None:
    chart = ChartDialog(AppContext(database, TREASURER))
    _shown(qtbot, chart)
    chart.select("6125")
    form_dialog = chart.add_sub_account()
    assert isinstance(form_dialog, AccountForm)
    qtbot.waitExposed(form_dialog)
    assert form_dialog.number.text() == "6125"
    form_dialog.number.setText("7125")  # not under its parent: refused beside the number
    assert not form_dialog.save()
    assert list(form_dialog.errors.messages()) == ["number"]
    form_dialog.number.setText("61251")
    form_dialog.labels.set_value(Bilingual("لوازم الورشات", ""))
    assert not form_dialog.save()  # both names are required: the service says so
    assert form_dialog.errors.messages()
    form_dialog.labels.set_value(Bilingual("لوازم الورشات", "Fournitures des ateliers"))
    form_dialog.grab().save(str(screens_dir / f"books-account-form-{language}.png"))
    assert form_dialog.save()
    qtbot.waitUntil(lambda: chart.dialog is None)
    assert chart.current() is not None and chart.current().number == "61251"
    item = chart.items["61251"]
    label = "لوازم الورشات" if language == "ar" else "Fournitures des ateliers"
    assert (item.text(1), item.parent()) == (label, chart.items["6125"])
    assert item.text(2)  # marked as the association's own account
    chart.search.setText("ورشات" if language == "ar" else "ateliers")
    assert chart.visible_numbers()[-1] == "61251" and "7161" not in chart.visible_numbers()
    chart.grab().save(str(screens_dir / f"books-chart-{language}.png"))
    with database.transaction() as session:
        record_entry(session, TREASURER, form("300.00", debit_account="61251"))
    with database.session() as session:
        added = {a.number: a for a in list_accounts(session, TREASURER)}["61251"]
    assert added.used and added.parent == "6125"


def test_a_used_account_is_never_deleted_and_a_deactivated_one_is_greyed(
    qtbot: QtBot, database: Database
) -> None:
    with database.transaction() as session:
        record_entry(session, TREASURER, form("300.00"))  # 6125 against 5141
    chart = ChartDialog(AppContext(database, TREASURER))
    _shown(qtbot, chart)
    chart.select("6125")
    assert not chart.delete()
    assert "cannot be deleted" in chart.message.text()
    assert "6125" in {a.number for a in chart.accounts}
    assert chart.toggle_active()
    assert chart.items["6125"].text(3) == "inactive"
    assert chart.active_button.text() == "Activate again"
    assert chart.toggle_active()
    assert chart.items["6125"].text(3) == ""
    assert chart.set_model("simplified")
    assert chart.model_box.currentData() == "simplified"


def test_a_budget_shows_the_variance_of_a_known_actual(
    qtbot: QtBot, database: Database, language: str, screens_dir: Path
) -> None:
    with database.transaction() as session:
        record_entry(session, TREASURER, form("1200.00"))  # 6125: 1 200 spent in 2026
    dialog = BudgetsDialog(AppContext(database, TREASURER))
    _shown(qtbot, dialog)
    dialog.choose("2026")
    dialog.account.set_account("6125")
    dialog.amount.setText("1 000,00")
    assert dialog.add_line()
    dialog.account.set_account("71862")
    dialog.amount.setText("5 000")
    assert dialog.add_line()
    dialog.account.set_account("5141")  # a bank is not budgeted
    dialog.amount.setText("10")
    assert not dialog.add_line()
    assert list(dialog.errors.messages()) == ["account"]
    assert dialog.save()
    assert dialog.tabs.currentIndex() == 1
    row = dialog.comparison_row("6125")
    assert [plain_text(t) for t in row[2:]] == [
        plain_text(format_amount(Decimal("1000"))),
        plain_text(format_amount(Decimal("1200"))),
        "+" + plain_text(format_amount(Decimal("200"))),
        "+" + plain_text(format_percent(0.2)),
    ]
    over = dialog.table.item(
        next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == "6125"),
        4,
    )
    assert over is not None and over.foreground().color() == OVER
    income = dialog.comparison_row("71862")
    assert plain_text(income[4]) == plain_text(format_amount(Decimal("-5000")))
    dialog.grab().save(str(screens_dir / f"books-budget-{language}.png"))
    # Reopened, the budget is there to edit.
    again = BudgetsDialog(AppContext(database, SECRETARY))
    _shown(qtbot, again)
    again.choose("2026")
    assert again.typed_amounts().keys() == {"6125", "71862"}
    assert not again.save_button.isEnabled() and again.save_button.toolTip()


def test_a_bank_added_with_its_opening_balance(
    qtbot: QtBot, database: Database, language: str, screens_dir: Path
) -> None:
    dialog = TreasuryAccountsDialog(AppContext(database, TREASURER))
    _shown(qtbot, dialog)
    assert dialog.table.rowCount() == 0
    new = dialog.add_account()
    assert isinstance(new, NewTreasuryAccountDialog)
    qtbot.waitExposed(new)
    new.name.setText("CIH Bank")
    new.bank_name.setText("CIH")
    new.opening_balance.setText("25 000,50")
    new.opening_date.set_date(dt.date(2026, 1, 1))
    new.grab().save(str(screens_dir / f"books-new-bank-{language}.png"))
    assert new.save()
    qtbot.waitUntil(lambda: dialog.dialog is None)
    assert new.opening is not None and new.opening.journal == "AN"
    assert dialog.balance_of("CIH Bank") == format_amount(Decimal("25000.50"))
    dialog.grab().save(str(screens_dir / f"books-treasury-accounts-{language}.png"))
    with database.session() as session:
        rows = {r.account: r.current for r in trial_balance(session, TREASURER, 2026).rows}
    assert rows["5141"].opening_debit == Decimal("25000.50")
    # A second opening balance for the same account is refused, in the form.
    dialog.select("CIH Bank")
    opening = dialog.set_opening()
    assert opening is not None
    opening.amount.setText("100")
    opening.day.set_date(dt.date(2026, 1, 1))
    assert not opening.save()
    assert "5141" in opening.general_error.text()
    opening.reject()


def test_the_fec_is_exported_from_the_dialog(
    qtbot: QtBot, database: Database, tmp_path: Path, language: str, screens_dir: Path
) -> None:
    with database.transaction() as session:
        create_treasury_account(session, TREASURER, "Banque", TreasuryKind.BANK, "5141")
        record_entry(session, TREASURER, form("1200.50"))
    dialog = ExportDialog(AppContext(database, SECRETARY))  # a reader may export
    _shown(qtbot, dialog)
    assert dialog.year.currentData() == "2026"
    dialog.separator.setCurrentIndex(dialog.separator.findData("semicolon"))
    for row in range(dialog.columns.count()):
        item = dialog.columns.item(row)
        if item.text() not in {"JournalCode", "EcritureNum", "CompteNum", "Debit", "Credit"}:
            item.setCheckState(Qt.CheckState.Unchecked)
    dialog.grab().save(str(screens_dir / f"books-export-{language}.png"))
    assert database.path is not None
    assert dialog.export(database.path) is None  # never over the association file
    assert dialog.general_error.text() and dialog.exported is None
    target = tmp_path / "FEC-2026.txt"
    operation = dialog.export(target)
    assert operation is not None
    qtbot.waitUntil(lambda: dialog.exported is not None)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines == [
        "JournalCode;EcritureNum;CompteNum;Debit;Credit",
        "BQ;1;6125;1200,50;0,00",
        "BQ;1;5141;0,00;1200,50",
    ]
    assert "FEC-2026.txt" in dialog.outcome.text()
    workbook = tmp_path / "books.xlsx"
    dialog.xlsx_choice.setChecked(True)
    assert not dialog.fec_box.isVisibleTo(dialog)
    assert dialog.export(workbook) is not None
    qtbot.waitUntil(lambda: dialog.exported is not None and dialog.exported.path == workbook)
    assert workbook.stat().st_size > 0 and len(dialog.exported.sheets) == 3


def test_readers_see_the_books_screens_without_writing(qtbot: QtBot, database: Database) -> None:
    page = BooksPage(AppContext(database, SECRETARY))
    _shown(qtbot, page)
    assert page.books_button.isVisible()
    assert [a.text() for a in page.books_menu.actions() if a.text()] == [
        "Bank reconciliation…",
        "Year closing…",
        "Chart of accounts",
        "Treasury accounts",
        "Budgets",
        "Export for the accountant…",
    ]
    chart = page.open_chart()
    chart.select("6125")
    assert not chart.add_button.isEnabled()
    assert chart.add_button.toolTip() and chart.add_sub_account() is None
    accounts = page.open_treasury_accounts()
    assert not accounts.add_button.isEnabled() and accounts.add_button.toolTip()


def test_the_toolbar_with_the_books_menu_fits_the_default_window(
    qtbot: QtBot, database: Database, language: str, screens_dir: Path
) -> None:
    page = BooksPage(AppContext(database, TREASURER))
    qtbot.addWidget(page)
    page.resize(1180 - 190, 700)  # the window's default width less the navigation
    page.show()
    qtbot.waitExposed(page)
    buttons = (page.receipt_button, page.more_button, page.statements_button, page.books_button)
    for button in buttons:
        assert button.isVisible()
        left = button.mapTo(page, button.rect().topLeft()).x()
        assert left >= 0 and left + button.width() <= page.width()
        assert button.width() >= button.sizeHint().width()  # its text whole
    page.grab().save(str(screens_dir / f"books-page-{language}.png"))
