"""The window `make run` opens: the real default database, a readable error otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from nassij_desktop import paths
from nassij_desktop.core.association.services import AssociationProfile, create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import open_database
from nassij_desktop.ui.launcher import PlaceholderWindow

pytestmark = pytest.mark.gui


def test_the_window_opens_the_default_file_and_shows_the_association(qtbot, data_dir: Path) -> None:
    database = open_database(paths.default_database())
    assert paths.default_database().is_relative_to(data_dir)
    window = PlaceholderWindow(database)
    qtbot.addWidget(window)
    assert "no association" in window.details.text()
    with database.transaction() as session:
        create_association(
            session,
            CLI_ACTOR,
            AssociationProfile(name_ar="جمعية الأمل", name_fr="Association Al Amal"),
        )
    window.refresh()
    assert window.title.text() == "جمعية الأمل"
    assert window.details.text() == "Association Al Amal"
    database.close()


def test_the_window_speaks_arabic(qtbot, data_dir: Path) -> None:
    set_language("ar")
    database = open_database(paths.default_database())
    window = PlaceholderWindow(database)
    qtbot.addWidget(window)
    arabic = [c for c in window.details.text() if "\u0600" <= c <= "\u06ff"]
    assert len(arabic) > 10, window.details.text()
    assert window.title.text() and window.title.alignment() & Qt.AlignmentFlag.AlignCenter
    database.close()
