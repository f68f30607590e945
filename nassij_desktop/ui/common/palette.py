"""Fusion style with a palette that follows the system's light or dark scheme.

Fusion draws the same on Windows and Linux and honours the palette fully (the native Windows
style ignores parts of it), so the dark scheme is readable everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_Role = QPalette.ColorRole
_Group = QPalette.ColorGroup


def is_dark_scheme() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        _Role.Window: "#2b2d30",
        _Role.WindowText: "#e6e6e6",
        _Role.Base: "#1f2023",
        _Role.AlternateBase: "#2f3135",
        _Role.ToolTipBase: "#3c3f41",
        _Role.ToolTipText: "#e6e6e6",
        _Role.PlaceholderText: "#8c8c8c",
        _Role.Text: "#e6e6e6",
        _Role.Button: "#35373b",
        _Role.ButtonText: "#e6e6e6",
        _Role.BrightText: "#ff6b6b",
        _Role.Link: "#6cb4ff",
        _Role.Highlight: "#2f6fb3",
        _Role.HighlightedText: "#ffffff",
        _Role.Light: "#45484d",
        _Role.Midlight: "#3c3f44",
        _Role.Mid: "#2a2c2f",
        _Role.Dark: "#1b1c1e",
        _Role.Shadow: "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (_Role.WindowText, _Role.Text, _Role.ButtonText):
        palette.setColor(_Group.Disabled, role, QColor("#7a7a7a"))
    return palette


def apply_palette(app: QApplication) -> None:
    app.setPalette(dark_palette() if is_dark_scheme() else app.style().standardPalette())


def apply_style(app: QApplication) -> None:
    """Fusion, with the palette of the current scheme, updated when the system switches."""
    app.setStyle("Fusion")
    apply_palette(app)
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_palette(app))
