"""A draft entry someone else saved meanwhile: the conflict dialog shows what differs (the
lines as amounts, whatever way they were typed); reloading puts their draft in the form."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.books.entries import get_entry, record_entry, update_draft
from nassij_desktop.core.books.quick_entries import quick_entry_choices
from nassij_desktop.storage import Database
from nassij_desktop.ui.books.general_entry_dialog import GeneralEntryDialog
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from tests.core.books.ledger_support import TREASURER, form

pytestmark = [pytest.mark.gui]


def test_a_draft_saved_meanwhile_shows_the_conflict_and_reloads_theirs(
    qtbot, database: Database, modal
) -> None:
    with database.transaction() as session:
        draft = record_entry(session, TREASURER, form("100.00"), draft=True)
    with database.session() as session:
        choices = quick_entry_choices(session, TREASURER)
    dialog = GeneralEntryDialog(AppContext(database, TREASURER), choices, draft=draft)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.label.setText("Atelier de couture")
    with database.transaction() as session:  # someone else, on another computer, first
        update_draft(session, TREASURER, draft.id, form("150.00"))
    shown: list[tuple[str, str, str]] = []

    def reload_theirs(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.reload_button.click()

    modal.then(reload_theirs)
    assert not dialog.save_draft()
    assert shown == [
        ("Label", "Atelier de couture", "Fournitures de l'atelier"),
        ("Lines", "6125: 100.00 / 0 · 5141: 0 / 100.00", "6125: 150.00 / 0 · 5141: 0 / 150.00"),
    ]
    assert dialog.label.text() == "Fournitures de l'atelier"
    assert dialog.totals()[0] == "150.00"
    assert dialog.save_draft()  # their version now: saved without a conflict
    with database.session() as session:
        assert get_entry(session, TREASURER, draft.id).label == "Fournitures de l'atelier"
