"""The budget of a draft edited by keyboard in its dialog, saved, its totals on the request's
file; a tranche's reports submitted part by part, then validated, from the request's file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common import clock
from nassij_desktop.core.funding.services import (
    BudgetLineData,
    add_tranche,
    receive_tranche,
    request_budget,
    set_request_budget,
)
from nassij_desktop.core.funding.tranche_reports import ReportPart, get_tranche_report
from nassij_desktop.i18n.formatting import format_amount, format_money, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.funding.budget_dialog import AMOUNT, LABEL, BudgetDialog
from nassij_desktop.ui.funding.page import FundingPage
from nassij_desktop.ui.funding.tranche_report_dialogs import (
    ReportSubmittedDialog,
    ReportValidatedDialog,
)
from tests.ui.funding.test_funding_page import ADMIN, SECRETARY, S, _request, open_page

pytestmark = [pytest.mark.gui]
__all__ = ["open_page"]  # the fixture, used by name
TODAY = clock.today()
CTRL = Qt.KeyboardModifier.ControlModifier


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type(qtbot: QtBot, text: str) -> None:
    """Type into the cell under the cursor, as a person does: F2, select all, the text, Tab."""
    qtbot.keyClick(_focus(), Qt.Key.Key_F2)
    qtbot.keyClick(_focus(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(_focus(), text)
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)


def test_a_budget_is_edited_by_keyboard_and_its_totals_shown(
    qtbot: QtBot, database: Database, open_page: Callable[..., FundingPage]
) -> None:
    request_id = _request(database, S.DRAFT)
    with database.transaction() as session:
        set_request_budget(
            session,
            SECRETARY,
            request_id,
            [BudgetLineData("Formatrices", Decimal(3000), 10, account="6171")],
        )
    page = open_page(database)
    tab = page.requests
    assert tab.select_request(request_id)
    assert tab.budget_button.isEnabled()
    dialog = tab.edit_budget()
    assert isinstance(dialog, BudgetDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.table)
    # A new line under the first, typed cell by cell: label, account, quantity, unit, share.
    qtbot.keyClick(dialog.table, Qt.Key.Key_Insert)
    assert dialog.table.rowCount() == 2 and dialog.table.currentRow() == 1
    qtbot.keyClicks(_focus(), "Location de la salle")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
    _type(qtbot, "6131")
    _type(qtbot, "12")
    _type(qtbot, "1 500,00")
    qtbot.keyClick(_focus(), Qt.Key.Key_Tab)  # over the amount, computed
    _type(qtbot, "9000")
    amount = dialog.table.item(1, AMOUNT)
    assert amount is not None and amount.text() == format_amount(Decimal(18000))
    assert dialog.totals_figures() == (Decimal(48000), Decimal(39000))
    assert plain_text(format_money(Decimal(9000))) in plain_text(dialog.totals.text())
    # Moved to the top with Ctrl+Up; a third line added then removed with Ctrl+Delete.
    dialog.table.setFocus()
    dialog.table.setCurrentCell(1, LABEL)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up, CTRL)
    assert dialog.table.item(0, LABEL).text() == "Location de la salle"  # type: ignore[union-attr]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Insert)
    assert dialog.table.rowCount() == 3
    qtbot.keyClick(_focus(), Qt.Key.Key_Escape)  # leave the label's editor
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete, CTRL)
    assert dialog.table.rowCount() == 2
    qtbot.keyClick(dialog.table, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with database.session() as session:
        lines = request_budget(session, SECRETARY, request_id)
    assert [(b.label, b.quantity, b.amount, b.funded_by_request, b.account) for b in lines] == [
        ("Location de la salle", 12, Decimal(18000), Decimal(9000), "6131"),
        ("Formatrices", 10, Decimal(30000), Decimal(30000), "6171"),
    ]
    values = tab.detail.values
    qtbot.waitUntil(
        lambda: plain_text(values["requested"].text()) == plain_text(format_money(Decimal(39000)))
    )
    assert plain_text(values["total_cost"].text()) == plain_text(format_money(Decimal(48000)))
    assert plain_text(values["co_funding"].text()) == plain_text(format_money(Decimal(9000)))


def test_a_figure_that_cannot_be_read_is_refused_naming_its_row(
    database: Database, open_page: Callable[..., FundingPage]
) -> None:
    request_id = _request(database, S.DRAFT)
    page = open_page(database)  # kept: the tab lives in it
    tab = page.requests
    assert tab.select_request(request_id)
    dialog = tab.edit_budget()
    assert isinstance(dialog, BudgetDialog)
    dialog.add_row("Transport", "", 2, "abc")
    assert not dialog.save()
    assert "1" in " ".join(dialog.errors.messages().values())
    assert dialog.isVisible()


def test_a_tranche_report_is_submitted_in_parts_then_validated(
    qtbot: QtBot, database: Database, open_page: Callable[..., FundingPage]
) -> None:
    request_id = _request(database, S.GRANTED)
    with database.transaction() as session:
        tranche = add_tranche(session, SECRETARY, request_id, Decimal(30000), TODAY)
        add_tranche(session, SECRETARY, request_id, Decimal(30000), TODAY + dt.timedelta(days=60))
        receive_tranche(session, ADMIN, tranche.id, TODAY, Decimal(30000))
    page = open_page(database)  # kept: the tab lives in it
    tab = page.requests
    assert tab.select_request(request_id)
    assert tab.detail.tranches.select_where(lambda t: t.id == tranche.id)
    column = [c.key for c in tab.detail._tranche_columns()].index("report")
    model = tab.detail.tranches.table_model

    def status() -> str:
        return plain_text(str(model.data(model.index(0, column))))

    assert status().startswith("Due on")
    assert tab.submitted_button.isEnabled() and not tab.validated_button.isEnabled()
    dialog = tab.report_submitted()
    assert isinstance(dialog, ReportSubmittedDialog)
    dialog.parts[ReportPart.FINANCIAL].setChecked(False)
    assert dialog.save()
    qtbot.waitUntil(lambda: status().startswith("Partly submitted"))
    assert tab.detail.tranches.select_where(lambda t: t.id == tranche.id)
    assert not tab.validated_button.isEnabled()
    again = tab.report_submitted()
    assert isinstance(again, ReportSubmittedDialog)
    assert not again.parts[ReportPart.NARRATIVE].isEnabled()  # sent: its date stays
    assert again.chosen_parts() == (ReportPart.FINANCIAL,)
    assert again.save()
    qtbot.waitUntil(lambda: status().startswith("Submitted on"))
    assert tab.detail.tranches.select_where(lambda t: t.id == tranche.id)
    assert tab.validated_button.isEnabled() and not tab.submitted_button.isEnabled()
    validated = tab.report_validated()
    assert isinstance(validated, ReportValidatedDialog)
    assert not validated.save()  # who validated is required
    assert "validated_by" in validated.errors.messages()
    validated.validated_by.setText("Mme Bennani, INDH Fès")
    assert validated.save()
    qtbot.waitUntil(lambda: status().startswith("Validated by Mme Bennani"))
    with database.session() as session:
        report = get_tranche_report(session, SECRETARY, tranche.id)
    assert report.validated_on == TODAY and report.narrative_submitted_on == TODAY
