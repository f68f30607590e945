"""The budget and checklist dialogs of a request over a budget or checklist someone else saved
meanwhile: a row per line that differs in the conflict dialog; reloading shows theirs,
overwriting (confirmed) saves the dialog's and is logged."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.conflicts import OVERWRITE_ACTION
from nassij_desktop.core.funding.services import (
    BudgetLineData,
    DocumentData,
    get_funding_request,
    request_budget,
    request_checklist,
    set_request_budget,
    set_request_checklist,
)
from nassij_desktop.i18n.formatting import format_amount
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.funding.budget_dialog import LABEL, BudgetDialog
from nassij_desktop.ui.funding.checklist_dialog import ChecklistDialog
from tests.ui.funding.test_funding_page import ADMIN, SECRETARY, _request

pytestmark = [pytest.mark.gui]


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


def _last_action(database: Database) -> str:
    with database.session() as session:
        return session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "funding_request")
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()


def _budget_dialog(qtbot: QtBot, database: Database) -> BudgetDialog:
    request_id = _request(database)
    with database.session() as session:
        record = get_funding_request(session, SECRETARY, request_id)
        lines = request_budget(session, SECRETARY, request_id)
    dialog = BudgetDialog(AppContext(database, SECRETARY), record, lines)
    qtbot.addWidget(dialog)
    dialog.show()
    with database.transaction() as session:  # someone else, elsewhere, saves a budget first
        set_request_budget(session, ADMIN, request_id, [BudgetLineData("Manuels", Decimal(25), 40)])
    dialog.add_row("Formatrice", "", 1, "3000")
    return dialog


def test_a_budget_saved_meanwhile_shows_its_lines_and_reloads_theirs(
    qtbot: QtBot, database: Database, modal
) -> None:
    dialog = _budget_dialog(qtbot, database)
    shown: list[tuple[str, str, str]] = []

    def reload_theirs(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        assert widget.message.startswith("Someone else changed this funding request")
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.reload_button.click()

    modal.then(reload_theirs)
    assert not dialog.save()
    three_thousand, twenty_five, thousand = (format_amount(Decimal(v)) for v in (3000, 25, 1000))
    assert shown == [
        (
            "Line 1",
            f"Formatrice · 1 × {three_thousand} → {three_thousand}",
            f"Manuels · 40 × {twenty_five} → {thousand}",
        )
    ]
    assert dialog.isVisible() and dialog.table.rowCount() == 1
    assert dialog.table.item(0, LABEL).text() == "Manuels"  # type: ignore[union-attr]
    assert dialog.save()  # over their version now: no conflict


def test_a_budget_saved_meanwhile_is_overwritten_once_confirmed(
    qtbot: QtBot, database: Database, modal
) -> None:
    dialog = _budget_dialog(qtbot, database)

    def overwrite(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        QTimer.singleShot(0, widget.overwrite_button.click)  # the confirmation is modal too

    modal.then(overwrite).press("Overwrite with mine")
    assert dialog.save()
    with database.session() as session:
        lines = request_budget(session, SECRETARY, dialog.request.id)
    assert [line.label for line in lines] == ["Formatrice"]
    assert _last_action(database) == OVERWRITE_ACTION


def test_a_checklist_saved_meanwhile_shows_the_conflict_then_is_overwritten(
    qtbot: QtBot, database: Database, modal
) -> None:
    request_id = _request(database)
    with database.transaction() as session:
        set_request_checklist(session, SECRETARY, request_id, [DocumentData("Statuts")])
    with database.session() as session:
        record = get_funding_request(session, SECRETARY, request_id)
        documents = request_checklist(session, SECRETARY, request_id)
    dialog = ChecklistDialog(AppContext(database, SECRETARY), record, documents)
    qtbot.addWidget(dialog)
    dialog.show()
    with database.transaction() as session:  # the other ticks the statutes as provided
        set_request_checklist(
            session, ADMIN, request_id, [DocumentData("Statuts", provided=True, id=documents[0].id)]
        )
    dialog.add_row("Récépissé de dépôt", True, False)
    shown: list[tuple[str, str, str]] = []

    def cancel(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.cancel_button.click()

    modal.then(cancel)
    assert not dialog.save()
    assert shown == [
        ("Line 1", "Statuts · required", "Statuts · required · provided"),
        ("Line 2", "Récépissé de dépôt · required", "—"),
    ]
    assert "someone else saved this request" in dialog.general_error.text()

    def overwrite(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        QTimer.singleShot(0, widget.overwrite_button.click)

    modal.then(overwrite).press("Overwrite with mine")
    assert dialog.save()
    with database.session() as session:
        saved = request_checklist(session, SECRETARY, request_id)
    assert [(d.label, d.provided) for d in saved] == [
        ("Statuts", False),
        ("Récépissé de dépôt", False),
    ]
    assert _last_action(database) == OVERWRITE_ACTION
