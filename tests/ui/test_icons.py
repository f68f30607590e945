"""The icons: one set, each drawn (no blank), in the palette's colour, pointing the right way."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QImage, QPalette
from PySide6.QtWidgets import QApplication

from nassij_desktop.paths import resource
from nassij_desktop.ui.common.icons import GLYPHS, IconName, glyph_name, icon

pytestmark = [pytest.mark.gui]


def _ink(image: QImage) -> list[QColor]:
    """The colours of the pixels that are drawn (not transparent)."""
    return [
        image.pixelColor(x, y)
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255  # not the antialiased edges
    ]


def test_every_icon_has_its_glyph_in_the_shipped_font(qapp: QApplication) -> None:
    codes = json.loads(resource("icons", "icons.json").read_text())
    assert set(GLYPHS) == set(IconName)
    for name in IconName:
        assert GLYPHS[name] in codes, name
        image = icon(name).pixmap(32, 32).toImage()
        assert len(_ink(image)) > 20, f"{name}: nothing drawn"


def test_icons_take_the_text_colour_of_the_palette(qapp: QApplication) -> None:
    original = QGuiApplication.palette()
    try:
        for text in ("#111111", "#f0f0f0"):  # light and dark palettes
            palette = QPalette(original)
            palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
            QApplication.setPalette(palette)
            ink = _ink(icon(IconName.MEMBERS).pixmap(32, 32).toImage())
            assert ink and all(c.name() == text for c in ink), text
        disabled = icon(IconName.MEMBERS).pixmap(32, 32, QIcon.Mode.Disabled).toImage()
        shade = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        assert {c.name() for c in _ink(disabled)} == {shade.name()}
    finally:
        QApplication.setPalette(original)


def test_back_points_to_the_start_side(qapp: QApplication) -> None:
    try:
        QGuiApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        assert glyph_name(IconName.BACK) == "arrow-left"
        QGuiApplication.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        assert glyph_name(IconName.BACK) == "arrow-right"
        assert glyph_name(IconName.FORWARD) == "arrow-left"
    finally:
        QGuiApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
