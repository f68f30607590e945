"""`BaseDialog`: what every dialog of the window does the same way.

- Its strings are set in `retranslate()`, called by the subclass at the end of its
  constructor and again on each `QEvent.LanguageChange` (sent by `language.apply_language`),
  so a dialog left open follows a language switch. `Retranslating` gives the same to any
  other widget (a page, an editor).
- F1 opens the user guide at the dialog's chapter, `GUIDE_CHAPTER` (the server dialog: the
  shared mode; the backups: backups), or when it has none (`None`: a page's dialog) at the
  chapter of the page behind it (`open_guide`). Every dialog of `ui/` says which
  (`tests/ui/help/test_dialog_chapters.py`); those that are no BaseDialog (the first-run
  assistant, the lock screen, the progress dialog, the file dialogs) get F1 from
  `add_guide_key`.
- Its size is remembered on this computer (`preferences.app_settings`, beside the main
  window's geometry), under its object name: the next opening has the size the user gave it.
  Only the size: a dialog opens over its window, wherever the window now is.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QDialog, QWidget

from nassij_desktop.ui.common.preferences import app_settings

SETTINGS_GROUP = "dialogs"
TITLE_BAR = 40  # pixels a window manager's frame adds above the dialog


class Retranslating:
    """Mixin before a QWidget class: `changeEvent` → `retranslate()` on a language switch."""

    def retranslate(self) -> None:
        """Set every visible string; called again after a language switch."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]


def open_guide(widget: QWidget, chapter: str | None = None) -> None:
    """F1 in `widget` (a dialog, or anything in one): the guide at `chapter`, else at the
    chapter of the first dialog up its parents that names one, else at the page on show in
    the main window behind it, else (no main window yet: start-up) at the first steps."""
    owner = widget.parentWidget() if isinstance(widget, QDialog) else widget
    while owner is not None and not hasattr(owner, "guide_chapter"):
        if chapter is None:
            chapter = getattr(owner, "GUIDE_CHAPTER", None)
        owner = owner.parentWidget()
    if owner is not None:
        owner.show_guide(widget, chapter)  # type: ignore[attr-defined] # MainWindow.show_guide
        return
    from nassij_desktop.ui.help.guide_window import DEFAULT_CHAPTER, show_guide

    show_guide(chapter or DEFAULT_CHAPTER, widget)


def add_guide_key(dialog: QDialog, chapter: str | None = None) -> QShortcut:
    """F1 in `dialog` opens the guide (`open_guide`) at `chapter` or at the page behind."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), dialog)
    shortcut.activated.connect(lambda: open_guide(dialog, chapter))
    return shortcut


class BaseDialog(Retranslating, QDialog):
    """A dialog that follows the language and remembers its size (set `setObjectName`)."""

    # The chapter of the user guide F1 opens (docs/guide/<lang>/<key>.md); None: the chapter
    # of the page behind the dialog (a dialog of the members page: the members' chapter).
    GUIDE_CHAPTER: ClassVar[str | None] = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size_restored = False
        help_key = QKeySequence(QKeySequence.StandardKey.HelpContents)
        QShortcut(help_key, self).activated.connect(self.show_guide)

    def show_guide(self) -> None:
        """F1: the guide at `GUIDE_CHAPTER`, else at the page behind the dialog."""
        open_guide(self, self.GUIDE_CHAPTER)

    def settings_key(self) -> str:
        """Where the size is kept: the object name, else the class name."""
        return f"{SETTINGS_GROUP}/{self.objectName() or type(self).__name__}/size"

    def saved_size(self) -> QSize | None:
        value = app_settings().value(self.settings_key())
        return value if isinstance(value, QSize) and value.isValid() else None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if not self._size_restored:
            self._size_restored = True
            size = self.saved_size()
            if size is not None:
                # Never smaller than the layout needs in this language.
                self.resize(size.expandedTo(self.minimumSizeHint()))
            self._fit_screen()
        super().showEvent(event)

    def _fit_screen(self) -> None:
        """No taller or wider than the screen it opens on (an old laptop's 768 pixels): its
        buttons stay reachable; the window frame's title bar is left room."""
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry().size() - QSize(0, TITLE_BAR)
        if self.width() > room.width() or self.height() > room.height():
            self.resize(self.size().boundedTo(room).expandedTo(self.minimumSizeHint()))

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        if self._size_restored and not event.spontaneous():
            settings = app_settings()
            settings.setValue(self.settings_key(), self.size())
            settings.sync()
        super().hideEvent(event)


__all__ = ["BaseDialog", "Retranslating"]
