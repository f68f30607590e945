"""The bank reconciliation from the Treasury page: the statement beside the books, the
suggested matches accepted and the bank's fees booked with the keyboard only, in French and
in Arabic (mirrored); a reader sees the figures and no writing button."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.books.reconciliation import import_bank_statement
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.i18n.formatting import format_amount, plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.page import BooksPage
from nassij_desktop.ui.books.reconciliation_dialog import ReconciliationDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from tests.core.books.reconciliation_books import FILES, bank_with_march

TREASURER = Actor(user_id=None, login="khadija", role=Role.TREASURER)
VIEWER = Actor(user_id=None, login="auditeur", role=Role.VIEWER)


@pytest.fixture
def books(database: Database) -> Database:
    with database.transaction() as session:
        bank = bank_with_march(session)["bank"]
        import_bank_statement(
            session,
            CLI_ACTOR,
            bank,
            "releve.csv",
            (FILES / "utf8_bom_semicolon.csv").read_bytes(),
        )
    return database


@pytest.fixture(params=["fr", "ar"])
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    apply_language(request.param, qapp)
    yield request.param
    apply_language("en", qapp)


def _open(qtbot: QtBot, database: Database, actor: Actor) -> tuple[BooksPage, ReconciliationDialog]:
    page = BooksPage(AppContext(database, actor))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    page.reconcile_action.trigger()  # Books ▸ Bank reconciliation…
    dialog = page.dialog
    assert isinstance(dialog, ReconciliationDialog)
    dialog.resize(1200, 720)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: _focused().window() is dialog)
    return page, dialog


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _cells(dialog: ReconciliationDialog, table: str, column: int) -> list[str]:
    widget = dialog.bank_table if table == "bank" else dialog.book_table
    return [plain_text(widget.item(row, column).text()) for row in range(widget.rowCount())]


def _summary(dialog: ReconciliationDialog) -> list[str]:
    return [plain_text(label.text()) for label in dialog.summary_values]


def test_matches_accepted_and_fees_booked_with_the_keyboard(
    qtbot: QtBot, books: Database, language: str, screens_dir: Path
) -> None:
    _page, dialog = _open(qtbot, books, TREASURER)
    direction = (
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    assert dialog.layoutDirection() == direction
    assert _cells(dialog, "bank", 1) == [
        "VIREMENT RECU COMMUNE TRANCHE 1",
        "CHEQUE 0004512",
        "FRAIS TENUE DE COMPTE",
    ]
    assert _cells(dialog, "book", 1) == ["BQ-2025-1", "BQ-2025-2", "BQ-2025-3"]
    assert len(dialog.suggestions) == 2
    assert _summary(dialog) == [
        plain_text(format_amount(v))
        for v in (
            Decimal(s)
            for s in ("10265.50", "-10265.50", "10720.50", "10720.50", "10720.50", "0.00")
        )
    ]
    dialog.grab().save(str(screens_dir / f"reconcile-{language}-1-suggested.png"))
    assert _focused() is dialog.bank_table
    # Moving down the statement makes its suggested book line the current one beside it.
    QTest.keyClick(_focused(), Qt.Key.Key_Down)
    assert dialog.book_table.currentRow() == 1
    QTest.keyClick(
        _focused(),
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    # A button's shortcut clicks it as the mouse would, a moment later.
    qtbot.waitUntil(lambda: dialog.suggestions == [])
    assert _cells(dialog, "bank", 3)[:2] == ["BQ-2025-1", "BQ-2025-2"]
    # The fees: the last statement line, booked on bank services (6147) with a voucher.
    dialog.bank_table.setFocus()
    QTest.keyClick(_focused(), Qt.Key.Key_Down)
    assert dialog.bank_table.currentRow() == 2
    dialog.voucher.setFocus()
    QTest.keyClicks(_focused(), "RELEVE-03")
    QTest.keyClick(_focused(), Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.statement is not None and not dialog.statement.unmatched)
    assert _cells(dialog, "bank", 3) == ["BQ-2025-1", "BQ-2025-2", "BQ-2025-4"]
    assert dialog.statement is not None and dialog.statement.reconciled
    assert _summary(dialog)[-1] == plain_text(format_amount(Decimal(0)))
    dialog.grab().save(str(screens_dir / f"reconcile-{language}-2-reconciled.png"))


def test_a_wrong_voucher_is_refused_on_the_dialog(qtbot: QtBot, books: Database) -> None:
    _page, dialog = _open(qtbot, books, TREASURER)
    dialog.bank_table.setCurrentCell(2, 0)
    assert not dialog.book_current()  # no voucher
    assert "voucher" in plain_text(dialog.message.text()).lower()
    assert dialog.statement is not None and len(dialog.statement.unmatched) == 3


def test_a_reader_sees_the_figures_without_the_writing_buttons(
    qtbot: QtBot, books: Database
) -> None:
    _page, dialog = _open(qtbot, books, VIEWER)
    assert dialog.bank_table.rowCount() == 3
    assert not dialog.accept_button.isVisible()
    assert not dialog.import_button.isVisible()
    assert dialog.show_button.isVisible()
