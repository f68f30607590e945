"""The application's icons: one coherent set, drawn in the palette's text colour.

Glyphs of Material Design Icons (Apache 2.0; resources/icons, built by tools/icon_font.py),
painted when Qt asks, in the colour of the palette at that moment, so an icon follows the
light or dark palette and is greyed when its action is disabled. The pointing icons (back,
forward) point for the layout direction at the moment the icon is made: build icons after a
language switch (on `QEvent.LanguageChange`), never cache them.
"""

from __future__ import annotations

import enum
import json
from functools import cache

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)

from nassij_desktop.paths import resource


class IconName(enum.StrEnum):
    DASHBOARD = "dashboard"
    MEMBERS = "members"
    GOVERNANCE = "governance"
    ACTIVITIES = "activities"
    FUNDING = "funding"
    BOOKS = "books"
    DOCUMENTS = "documents"
    SETTINGS = "settings"
    USERS = "users"
    NEW = "new"
    OPEN = "open"
    SAVE_COPY = "save-copy"
    RESTORE = "restore"
    QUIT = "quit"
    ABOUT = "about"
    BACK = "back"  # points to the start side: ← in French, → in Arabic
    FORWARD = "forward"
    WARNING = "warning"
    AUDIT = "audit"


GLYPHS: dict[IconName, str] = {
    IconName.DASHBOARD: "view-dashboard-outline",
    IconName.MEMBERS: "account-group-outline",
    IconName.GOVERNANCE: "account-tie-outline",  # the board
    IconName.ACTIVITIES: "hand-heart-outline",  # what volunteers do
    IconName.FUNDING: "hand-coin-outline",
    IconName.BOOKS: "book-open-variant",
    IconName.DOCUMENTS: "file-document-multiple-outline",
    IconName.SETTINGS: "cog-outline",
    IconName.USERS: "account-key-outline",
    IconName.NEW: "file-plus-outline",
    IconName.OPEN: "folder-open-outline",
    IconName.SAVE_COPY: "content-save-all-outline",
    IconName.RESTORE: "backup-restore",
    IconName.QUIT: "exit-to-app",
    IconName.ABOUT: "information-outline",
    IconName.BACK: "arrow-left",
    IconName.FORWARD: "arrow-right",
    IconName.WARNING: "alert-outline",
    IconName.AUDIT: "history",  # the audit log: what was done, and when
}

# In a right-to-left window the start side is on the right.
MIRRORED = {"arrow-left": "arrow-right", "arrow-right": "arrow-left"}


@cache
def _font() -> tuple[str, dict[str, int]]:
    """The icon font's family, loaded on the first icon, and its code points by glyph name."""
    folder = resource("icons")
    font_id = QFontDatabase.addApplicationFont(str(folder / "icons.ttf"))
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        raise RuntimeError(f"the icon font in {folder} could not be loaded")
    codes = json.loads((folder / "icons.json").read_text(encoding="utf-8"))
    return families[0], {name: int(code) for name, code in codes.items()}


class _GlyphEngine(QIconEngine):
    def __init__(self, character: str) -> None:
        super().__init__()
        self.character = character

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        palette = QGuiApplication.palette()
        if mode is QIcon.Mode.Disabled:
            color = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
        elif mode is QIcon.Mode.Selected:
            color = palette.color(QPalette.ColorRole.HighlightedText)
        else:
            color = palette.color(QPalette.ColorRole.WindowText)
        font = QFont(_font()[0])
        font.setPixelSize(max(1, round(min(rect.width(), rect.height()) * 0.9)))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(font)
        painter.setPen(color)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.character)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphEngine(self.character)


def glyph_name(name: IconName) -> str:
    """The glyph drawn for `name` in the application's current layout direction."""
    glyph = GLYPHS[name]
    if QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        return MIRRORED.get(glyph, glyph)
    return glyph


def icon(name: IconName) -> QIcon:
    """The icon for the application's current layout direction."""
    codes = _font()[1]
    return QIcon(_GlyphEngine(chr(codes[glyph_name(name)])))


def lock_pixmap(size: int) -> QPixmap:
    """A closed padlock in the text's colour, drawn (the icon font holds none, and no system
    font is sure to hold the lock's character): the mark of a password-protected file."""
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color)
    pen.setWidthF(max(1.5, size / 9))
    painter.setPen(pen)
    # The shackle: an arch over the body.
    shackle = QRectF(size * 0.28, size * 0.08, size * 0.44, size * 0.5)
    painter.drawArc(shackle, 0, 180 * 16)
    painter.drawLine(QPointF(shackle.left(), size * 0.33), QPointF(shackle.left(), size * 0.48))
    painter.drawLine(QPointF(shackle.right(), size * 0.33), QPointF(shackle.right(), size * 0.48))
    # The body, filled.
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawRoundedRect(QRectF(size * 0.16, size * 0.45, size * 0.68, size * 0.5), 2, 2)
    painter.end()
    return pixmap
