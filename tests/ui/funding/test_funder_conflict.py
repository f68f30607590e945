"""The funder dialog over a funder someone else saved meanwhile: the conflict dialog shows
what differs, and reloading puts the stored values in the form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.services import (
    FunderData,
    create_funder,
    get_funder,
    update_funder,
)
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.funding.funder_dialog import FunderDialog

pytestmark = [pytest.mark.gui]
ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
OTHER = Actor(user_id=None, login="hassan", role=Role.ADMIN)


def test_a_funder_saved_meanwhile_opens_the_conflict_and_reloads_theirs(
    qtbot, database: Database, modal
) -> None:
    with database.transaction() as session:
        funder = create_funder(session, ADMIN, FunderData(name_fr="Fondation Atlas"))
    dialog = FunderDialog(AppContext(database, ADMIN), funder)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.acronym.setText("FA")
    with database.transaction() as session:  # someone else, on another PC, saves first
        update_funder(session, OTHER, funder.id, None, contact_name="Karim Alaoui")
    shown: list[tuple[str, str, str]] = []

    def reload_theirs(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.reload_button.click()

    modal.then(reload_theirs)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown == [("Acronym", "FA", "—"), ("Contact person", "—", "Karim Alaoui")]
    assert dialog.isVisible()
    assert (dialog.acronym.text(), dialog.contact_name.text()) == ("", "Karim Alaoui")
    with database.session() as session:
        assert get_funder(session, ADMIN, funder.id).acronym is None
