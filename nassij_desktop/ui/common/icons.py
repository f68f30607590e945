"""Icons from the style's own set, so that none has to be shipped or licensed.

Qt resolves the pointing icons (back, forward) for the layout direction at the moment the icon
is made: build icons after a language switch (on `QEvent.LanguageChange`), never cache them.
"""

from __future__ import annotations

import enum

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

SP = QStyle.StandardPixmap


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


_STANDARD: dict[IconName, QStyle.StandardPixmap] = {
    IconName.DASHBOARD: SP.SP_DesktopIcon,
    IconName.MEMBERS: SP.SP_DirHomeIcon,
    IconName.GOVERNANCE: SP.SP_FileDialogDetailedView,
    IconName.ACTIVITIES: SP.SP_MediaPlay,
    IconName.FUNDING: SP.SP_DialogApplyButton,
    IconName.BOOKS: SP.SP_DriveHDIcon,
    IconName.DOCUMENTS: SP.SP_FileIcon,
    IconName.SETTINGS: SP.SP_FileDialogInfoView,
    IconName.USERS: SP.SP_FileDialogContentsView,
    IconName.NEW: SP.SP_FileDialogNewFolder,
    IconName.OPEN: SP.SP_DialogOpenButton,
    IconName.SAVE_COPY: SP.SP_DialogSaveButton,
    IconName.RESTORE: SP.SP_BrowserReload,
    IconName.QUIT: SP.SP_DialogCloseButton,
    IconName.ABOUT: SP.SP_MessageBoxInformation,
    IconName.BACK: SP.SP_ArrowBack,
    IconName.FORWARD: SP.SP_ArrowForward,
    IconName.WARNING: SP.SP_MessageBoxWarning,
}

DIRECTIONAL = frozenset({IconName.BACK, IconName.FORWARD})


def icon(name: IconName) -> QIcon:
    """The icon for the application's current layout direction."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.style().standardIcon(_STANDARD[name])
