"""The books' budget and the chart's deactivation over a change someone else saved meanwhile:
the conflict dialog shows what differs, reloading shows theirs, overwriting is logged."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.accounts import list_accounts, rename_account, set_account_active
from nassij_desktop.core.books.budgets import set_budget, year_budgets
from nassij_desktop.core.books.entries import record_entry
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.conflicts import OVERWRITE_ACTION
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.i18n.formatting import format_amount
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.budgets_dialog import BudgetsDialog
from nassij_desktop.ui.books.chart_dialog import ChartDialog
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from tests.core.books.ledger_support import form

pytestmark = [pytest.mark.gui]

TREASURER = Actor(user_id=None, login="khadija", role=Role.TREASURER)
OTHER = Actor(user_id=None, login="hassan", role=Role.ADMIN)


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


def _last_action(database: Database, entity: str) -> str:
    with database.session() as session:
        return session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == entity)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()


def _overwrite(widget: QWidget) -> None:
    assert isinstance(widget, ConflictDialog)
    QTimer.singleShot(0, widget.overwrite_button.click)  # the confirmation is modal too


def test_a_budget_saved_meanwhile_shows_its_amounts_then_is_overwritten(
    qtbot: QtBot, database: Database, modal
) -> None:
    with database.transaction() as session:
        record_entry(session, TREASURER, form("100.00"))  # the year 2026 opened
        set_budget(session, TREASURER, 2026, {"6125": "1000"})
    dialog = BudgetsDialog(AppContext(database, TREASURER))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose("2026")
    with database.transaction() as session:  # someone else, elsewhere, changes one amount
        set_budget(session, OTHER, 2026, {"6125": "800"})
    dialog.account.set_account("6125")
    dialog.amount.setText("1 500")
    assert dialog.add_line()
    shown: list[tuple[str, str, str]] = []

    def reload_theirs(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        assert widget.message.startswith("Someone else changed this budget")
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.reload_button.click()

    modal.then(reload_theirs)
    assert not dialog.save()
    [(account, mine, theirs)] = shown
    assert account.startswith("6125") and (mine, theirs) == (
        format_amount(Decimal(1500)),
        format_amount(Decimal(800)),
    )
    assert dialog.typed_amounts() == {"6125": format_amount(Decimal(800))}  # theirs, reloaded
    dialog.account.set_account("6125")
    dialog.amount.setText("1 500")
    assert dialog.add_line()
    with database.transaction() as session:  # and again, meanwhile
        set_budget(session, OTHER, 2026, {"6125": "900"})
    modal.then(_overwrite).press("Overwrite with mine")
    assert dialog.save()
    with database.session() as session:
        [stored] = year_budgets(session, TREASURER, 2026)
    assert [(line.account, line.amount) for line in stored.lines] == [("6125", Decimal(1500))]
    assert _last_action(database, "budget") == OVERWRITE_ACTION


def test_an_account_deactivated_meanwhile_needs_no_question(
    qtbot: QtBot, database: Database, modal
) -> None:
    chart = ChartDialog(AppContext(database, TREASURER))
    qtbot.addWidget(chart)
    chart.show()
    chart.select("6125")
    with database.transaction() as session:  # someone else deactivates it first
        set_account_active(session, OTHER, "6125", False)
    assert chart.toggle_active()  # what was wanted is done: nothing to choose
    assert chart.items["6125"].text(3) == "inactive"
    assert modal.seen == []


def test_an_account_renamed_meanwhile_is_deactivated_over_it_once_confirmed(
    qtbot: QtBot, database: Database, modal
) -> None:
    chart = ChartDialog(AppContext(database, TREASURER))
    qtbot.addWidget(chart)
    chart.show()
    chart.select("6125")
    with database.transaction() as session:
        [account] = [
            a for a in list_accounts(session, OTHER, account_class=6) if a.number == "6125"
        ]
        rename_account(session, OTHER, "6125", account.label_ar, "Achats divers")
    shown: list[tuple[str, str, str]] = []

    def overwrite(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        _overwrite(widget)

    modal.then(overwrite).press("Overwrite with mine")
    assert chart.toggle_active()
    assert shown == [("Status", "inactive", "active")]
    assert chart.items["6125"].text(3) == "inactive"
    assert _last_action(database, "account") == OVERWRITE_ACTION
