"""`Page`: one entry of the main window's navigation.

A page builds its widgets once and sets every visible string in `retranslate()`, which runs
at construction and again on each `QEvent.LanguageChange` (sent by `language.apply_language`),
so a language switch needs no restart. `refresh()` reloads data when the page is shown or
the data changed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from nassij_desktop.i18n import _
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.context import AppContext, Request


class Page(Retranslating, QWidget):
    """A page of the main window; who may see it is declared with its entry in
    ui/shell/navigation.py."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: QDialog | None = None  # the dialog on show (tests drive it)

    def _show(self, dialog: QDialog) -> QDialog:
        """Show `dialog` (window-modal, deleted on close), held as `self.dialog` till then."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def title(self) -> str:
        """The translated name shown in the navigation."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Set every visible string; called again after a language switch."""

    def refresh(self) -> None:
        """Reload what the page shows from the database."""

    def may_leave(self) -> bool:
        """Before another page is shown or the window closes: False keeps this page on show
        (text typed and not saved that the user chose to stay with; a page that holds some
        asks save / discard / cancel here)."""
        return True

    def fulfil(self, request: Request, target_id: int | None = None) -> None:
        """Open the task another page asked for (the page has just been shown), about the
        record `target_id` when a `Visit` named one; a page named by a `Request` overrides
        this."""


class PlaceholderPage(Page):
    """A page of a later issue: says so plainly instead of showing an empty screen."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._label = QLabel(self)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setWordWrap(True)
        QVBoxLayout(self).addWidget(self._label)
        self.retranslate()

    def retranslate(self) -> None:
        self._label.setText(
            _("“{page}” comes in a later version of Nassij Desktop.").format(page=self.title())
        )
