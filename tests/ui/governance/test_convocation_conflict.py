"""The convene dialog over a convocation someone else saved meanwhile: the conflict dialog
shows what differs; reloading puts the stored convocation in the form, overwriting (confirmed)
saves the form's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    update_assembly,
)
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.convene_dialog import ConveneDialog

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
OTHER = Actor(user_id=None, login="hassan", role=Role.ADMIN)
TODAY = clock.today()
DATA = AssemblyData(
    held_on=TODAY + dt.timedelta(days=15),
    starts_at=dt.time(16, 0),
    place="Maison des jeunes",
    convened_on=TODAY,
    agenda=["Moral report"],
)


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


def _opened(qtbot, database: Database) -> ConveneDialog:  # type: ignore[no-untyped-def]
    with database.transaction() as session:
        assembly_id = convene_assembly(session, SECRETARY, DATA).id
    with database.session() as session:
        detail = get_assembly(session, SECRETARY, assembly_id, attendance=False)
    dialog = ConveneDialog(AppContext(database, SECRETARY), detail)
    qtbot.addWidget(dialog)
    dialog.show()
    # Someone else, on another computer, saves first: another place and one more item.
    with database.transaction() as session:
        theirs = replace(DATA, place="Salle municipale", agenda=["Moral report", "Budget"])
        update_assembly(session, OTHER, assembly_id, None, theirs)
    return dialog


def test_a_convocation_saved_meanwhile_shows_the_conflict_and_reloads_theirs(
    qtbot, database: Database, modal
) -> None:
    dialog = _opened(qtbot, database)
    dialog.place.fr.setText("Dar Chabab")
    shown: list[tuple[str, str, str]] = []

    def reload_theirs(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        assert widget.message.startswith("Someone else changed this general assembly")
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.reload_button.click()

    modal.then(reload_theirs)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown == [
        ("Place", "Dar Chabab", "Salle municipale"),
        ("Agenda", "Moral report", "Moral report · Budget"),
    ]
    assert dialog.isVisible()  # still open, with their values to go on from
    assert dialog.place.fr.text() == "Salle municipale"
    assert [title.text("fr") for title in dialog.titles()] == ["Moral report", "Budget"]
    assert dialog.detail is not None and dialog.save()  # their version: saved without conflict


def test_a_convocation_saved_meanwhile_can_be_overwritten_once_confirmed(
    qtbot, database: Database, modal
) -> None:
    dialog = _opened(qtbot, database)
    dialog.place.fr.setText("Dar Chabab")
    assembly_id = dialog.detail.summary.id if dialog.detail else 0

    def overwrite(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        QTimer.singleShot(0, widget.overwrite_button.click)  # the confirmation is modal too

    modal.then(overwrite).press("Overwrite with mine")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with database.session() as session:
        stored = get_assembly(session, SECRETARY, assembly_id, attendance=False)
    assert stored.summary.place.text("fr") == "Dar Chabab"
    assert [item.title.text("fr") for item in stored.agenda] == ["Moral report"]


def test_a_place_changed_in_the_other_language_only_is_shown_in_both(
    qtbot, database: Database, modal
) -> None:
    dialog = _opened(qtbot, database)
    assert dialog.detail is not None
    with database.transaction() as session:  # the other adds the Arabic name of the place
        theirs = replace(
            DATA,
            place=Bilingual("دار الشباب", "Salle municipale"),
            agenda=["Moral report", "Budget"],
        )
        update_assembly(session, OTHER, dialog.detail.summary.id, None, theirs)
    dialog.place.fr.setText("Salle municipale")
    dialog.agenda.clear()
    for title in ("Moral report", "Budget"):
        dialog.item_text.fr.setText(title)
        dialog.add_item()
    shown: list[tuple[str, str, str]] = []

    def cancel(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.cancel_button.click()

    modal.then(cancel)
    assert not dialog.save()
    assert shown == [("Place", "Salle municipale", "دار الشباب / Salle municipale")]
