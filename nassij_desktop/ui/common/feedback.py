"""`Feedback`: the line under a page's actions that says what was just done, or what failed.

A message that a page says ("Member 000004 added.") is kept as the function that builds it, so
a language switch says it again in the new language; it goes away by itself after a while, or
at the next message. An error is already a sentence (a service's translated message): it
stays until the next action, and a language switch removes it rather than leave it in the
language it was said in. Every message reads in the interface's direction with its paths,
numbers and names of the other script isolated (`i18n.formatting.bidi_text`); a value whose
direction only the caller knows (a path with an Arabic folder name) is isolated by the caller
(`i18n.formatting.isolate`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from nassij_desktop.i18n.formatting import bidi_text
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.form_errors import ERROR_STYLE

Message = Callable[[], str]  # builds the text in the current language


class Feedback(Retranslating, QLabel):
    #: how long a message stays (an error stays until the next action)
    SHOWN_MS = 12_000

    def __init__(self, parent: QWidget, object_name: str) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._message: Message | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear_message)
        self.hide()

    def say(self, message: Message) -> None:
        """Say what was done, for a while, in the current language (and the next one)."""
        self._message = message
        self.setStyleSheet("")
        self._show(message())
        self._timer.start(self.SHOWN_MS)

    def fail(self, error: str) -> None:
        """Say what failed; it stays until the next message or action."""
        self._message = None
        self._timer.stop()
        self.setStyleSheet(ERROR_STYLE)
        self._show(error)

    def clear_message(self) -> None:
        self._message = None
        self._timer.stop()
        self.clear()
        self.hide()

    def retranslate(self) -> None:
        if self._message is not None:
            self.setText(bidi_text(self._message()))
        elif self.text():
            self.clear_message()  # an error said in the other language

    def _show(self, text: str) -> None:
        self.setText(bidi_text(text))
        self.setVisible(bool(text))


__all__ = ["Feedback", "Message"]
