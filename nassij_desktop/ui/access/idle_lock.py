"""Automatic lock after inactivity (being written)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow

from nassij_desktop.ui.common.context import AppContext


class IdleLock(QObject):
    """Locks `window` after the file's configured minutes without input; re-asks the password."""

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
