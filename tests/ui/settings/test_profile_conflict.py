"""The profile over a profile someone else saved meanwhile: the conflict dialog shows what
differs and reloading puts the stored profile in the form; Cancel keeps the form as typed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.association.services import get_association, update_association
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.settings.page import SettingsPage
from nassij_desktop.ui.settings.profile import ProfileSection

pytestmark = [pytest.mark.gui]
OWNER = Actor(user_id=None, login="owner", role=Role.ADMIN)
OTHER = Actor(user_id=None, login="hassan", role=Role.ADMIN)


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> object:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


def _profile(qtbot: QtBot, database: Database) -> tuple[SettingsPage, ProfileSection]:
    page = SettingsPage(AppContext(database, OWNER))
    qtbot.addWidget(page)
    page.show()
    profile = page.findChild(ProfileSection)
    assert profile is not None
    acronym = profile.findChild(QLineEdit, "acronym")
    assert acronym is not None
    acronym.setText("AMAL")
    with database.transaction() as session:  # someone else, on another computer, saves first
        update_association(session, OTHER, None, city="Agadir")
    return page, profile  # the page held: the section is its child


def test_a_profile_saved_meanwhile_shows_the_conflict_and_reloads_theirs(
    qtbot: QtBot, database: Database, modal
) -> None:
    _page, profile = _profile(qtbot, database)
    shown: list[tuple[str, str, str]] = []

    def reload_theirs(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        assert widget.message.startswith("Someone else changed the association's profile")
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        widget.reload_button.click()

    modal.then(reload_theirs)
    qtbot.mouseClick(profile.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("Acronym", "AMAL", "—"), ("City", "Tiznit", "Agadir")]
    assert (profile.edits["acronym"].text(), profile.edits["city"].text()) == ("", "Agadir")
    with database.session() as session:
        assert get_association(session).acronym is None


def test_cancel_keeps_the_form_as_typed_and_saves_nothing(
    qtbot: QtBot, database: Database, modal
) -> None:
    _page, profile = _profile(qtbot, database)

    def cancel(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        widget.cancel_button.click()

    modal.then(cancel)
    assert not profile.save()
    assert profile.edits["acronym"].text() == "AMAL"
    assert "someone else saved the profile" in profile.general_error.text()
    with database.session() as session:
        assert (get_association(session).acronym, get_association(session).city) == (
            None,
            "Agadir",
        )
