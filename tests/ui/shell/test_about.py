"""The About box promises only what this version does."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nassij_desktop.i18n import set_language
from nassij_desktop.ui.common.page import PlaceholderPage
from nassij_desktop.ui.shell.about import AboutDialog
from nassij_desktop.ui.shell.navigation import PAGES

pytestmark = [pytest.mark.gui]

# The words the About box would use for each page's capability.
CAPABILITY_WORDS = {
    "activities": ("activities",),
    "funding": ("funding",),
    "books": ("books", "accounting", "treasury"),
}


def test_the_about_box_promises_what_the_window_has_and_no_more(qtbot: QtBot) -> None:
    set_language("en")
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.body.text().lower()
    placeholders = {spec.key for spec in PAGES if issubclass(spec.page_class(), PlaceholderPage)}
    for key, words in CAPABILITY_WORDS.items():
        said = any(word in text for word in words)
        assert said == (key not in placeholders), (key, "said" if said else "not said")
    assert "members" in text and "documents" in text
