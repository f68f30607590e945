"""The About box promises only what this version does, and names every licence."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nassij_desktop import __version__
from nassij_desktop.i18n import set_language
from nassij_desktop.licences import bundled_distributions
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
    assert __version__ in text


def _texts(dialog: AboutDialog) -> dict[str, tuple[str, str, str]]:
    """Each line of the Licences list: its key → (work, version, licence)."""
    tree = dialog.licence_list
    from PySide6.QtCore import Qt

    rows = {}
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        rows[item.data(0, Qt.ItemDataRole.UserRole)] = (item.text(0), item.text(1), item.text(2))
    return rows


def test_the_licences_tab_names_the_app_qt_the_fonts_the_icons_and_every_library(
    qtbot: QtBot,
) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert dialog.licence_list.topLevelItemCount() == 0  # nothing read before it is asked for
    dialog.show_licences()
    rows = _texts(dialog)
    assert rows["app"] == ("Nassij Desktop", __version__, "GPL-3.0-or-later")
    for dist in bundled_distributions()[1:]:
        work, version, licence = rows[f"lib:{dist.name}"]
        assert version == dist.version and licence, work

    def shown(key: str) -> str:
        row = list(rows).index(key)
        dialog.licence_list.setCurrentItem(dialog.licence_list.topLevelItem(row))
        return dialog.licence_text.toPlainText()

    assert "GNU GENERAL PUBLIC LICENSE" in shown("app")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in shown("qt")
    assert "SIL OPEN FONT LICENSE" in shown("fonts-amiri")
    assert "Noto" in shown("fonts-noto") and "SIL OPEN FONT LICENSE" in shown("fonts-noto")
    assert "Apache License" in shown("icons")
    # Qt's wheels carry no licence file: their licence's text is the one shipped with the app.
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in shown("lib:PySide6_Essentials")
    assert "Permission is hereby granted" in shown("lib:SQLAlchemy")


def test_in_arabic_the_dialog_is_mirrored_and_the_licence_texts_are_not(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from nassij_desktop.ui.common.language import apply_language

    apply_language("ar")
    try:
        dialog = AboutDialog()
        qtbot.addWidget(dialog)
        dialog.show_licences()
        assert dialog.tabs.tabText(1) != "Licences"  # translated
        assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert dialog.licence_text.layoutDirection() == Qt.LayoutDirection.LeftToRight
    finally:
        apply_language("en", QApplication.instance())
