"""The bundled fonts, so that Arabic looks the same on a bare Windows PC as on Linux.

Noto Sans draws the Latin text; Arabic letters, which it lacks, fall back to Amiri (both under
the SIL Open Font License, in resources/fonts).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from nassij_desktop import paths

log = logging.getLogger(__name__)

FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "Amiri-Regular.ttf",
    "Amiri-Bold.ttf",
    "NotoSansTifinagh-Regular.ttf",
)
LATIN_FAMILY = "Noto Sans"
ARABIC_FAMILY = "Amiri"
TIFINAGH_FAMILY = "Noto Sans Tifinagh"
UI_POINT_SIZE = 10

_registered: set[str] = set()


def register_fonts() -> set[str]:
    """Add the bundled fonts to Qt's database (once); the families that were registered."""
    if not _registered:
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(paths.resource("fonts", name)))
            if font_id < 0:
                log.warning("could not load the font %s", name)
                continue
            _registered.update(QFontDatabase.applicationFontFamilies(font_id))
    return set(_registered)


def ui_font(point_size: int = UI_POINT_SIZE) -> QFont:
    font = QFont()
    font.setFamilies([LATIN_FAMILY, ARABIC_FAMILY, TIFINAGH_FAMILY])
    font.setPointSize(point_size)
    return font


def apply_application_font(app: QApplication) -> None:
    register_fonts()
    app.setFont(ui_font())
