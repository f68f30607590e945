"""The funder dialog over a funder someone else saved meanwhile: the conflict dialog shows
what differs, and reloading puts the stored values in the form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.services import (
    FunderData,
    RequestData,
    create_funder,
    create_funding_request,
    get_funder,
    get_funding_request,
    update_funder,
    update_funding_request,
)
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.funding.funder_dialog import FunderDialog
from nassij_desktop.ui.funding.request_dialog import RequestDialog

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


def test_a_request_saved_meanwhile_can_be_overwritten_once_confirmed(
    qtbot, database: Database, modal
) -> None:
    with database.transaction() as session:
        funder = create_funder(session, ADMIN, FunderData(name_fr="Fondation Atlas"))
        request = create_funding_request(
            session, ADMIN, RequestData(funder.id, "Alphabétisation", Decimal("12000"))
        )
    dialog = RequestDialog(AppContext(database, ADMIN), [funder], [], record=request)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("Alphabétisation des femmes")
    with database.transaction() as session:  # someone else, on another PC, saves first
        update_funding_request(session, OTHER, request.id, None, amount_requested=Decimal("9000"))
    shown: list[tuple[str, str, str]] = []

    def overwrite(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        QTimer.singleShot(0, widget.overwrite_button.click)  # the confirmation is modal too

    modal.then(overwrite).press("Overwrite with mine")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown == [
        ("Title", "Alphabétisation des femmes", "Alphabétisation"),
        ("Amount requested", "12,000.00", "9,000.00"),
    ]
    with database.session() as session:
        saved = get_funding_request(session, ADMIN, request.id)
    assert (saved.title, saved.amount_requested) == ("Alphabétisation des femmes", 12000)
