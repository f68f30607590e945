"""Inline validation: a service's `ValidationError(field, message)` shown under that field.

A form wraps each editor with `FieldErrors.wrap(field, editor)` and puts the returned widget in
its layout; `show(error)` writes the message under the field the error names (or in the
form's general message line when no field of the form has that name) and focuses the field.
Every error label comes from `error_label` (one colour; wrapped at the width of its field, so a
long message never runs past the form's edge); a message reads in the interface's direction,
its paths, numbers and Latin or Arabic names isolated (`i18n.formatting.bidi_text`).
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.i18n.formatting import bidi_text

ERROR_COLOR = "#b3261e"  # the one colour of an error, a refusal, an overdue line
OK_COLOR = "#1b6e20"  # its opposite where a verdict is shown (a quorum reached)
ERROR_STYLE = f"color: {ERROR_COLOR};"
WARNING_COLOR = "#8a5a00"  # a value kept but worth a second look (amber, readable on white)
WARNING_STYLE = f"color: {WARNING_COLOR};"


class WrappedLabel(QLabel):
    """A label as tall as its lines at the width it was given. A form does not grow a dialog
    for a wrapped label's height on its own (height-for-width stops at the top-level
    window), so the label asks for that height as its minimum, and the dialog grows. (Any
    long wrapped text in a form, not only an error: call `setWordWrap(True)`.)"""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        super().setText(text)
        # Measured at the width the form gave it; a label not laid out yet has no such width
        # (its first resize measures it), and a guess there would leave the dialog too tall.
        self.setMinimumHeight(self.heightForWidth(self.width()) if self.isVisible() else 0)


def error_label(parent: QWidget | None = None) -> QLabel:
    """The one error label: wrapped at the width its form gives it (a long message never asks
    for more, which would push the form past the window's edge), as tall as its lines."""
    label = WrappedLabel(parent)
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
    label.hide()
    return label


class FieldErrors:
    def __init__(self, general: QLabel) -> None:
        self.general = general
        self._labels: dict[str, QLabel] = {}
        self._editors: dict[str, QWidget] = {}
        self._messages: dict[QLabel, str] = {}  # as said, before bidi_text

    def wrap(self, field: str, editor: QWidget, *aliases: str) -> QWidget:
        """The editor with its (hidden) message line under it. `aliases` are other field names
        a service may use for the same editor."""
        box = QWidget(editor.parentWidget())
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        label = error_label(box)
        label.setObjectName(f"error_{field}")
        layout.addWidget(label)
        for name in (field, *aliases):
            self._labels[name] = label
            self._editors[name] = editor
        return box

    def label(self, field: str) -> QLabel | None:
        return self._labels.get(field)

    def clear(self) -> None:
        self._messages.clear()
        for label in self._labels.values():
            label.clear()
            label.setStyleSheet(ERROR_STYLE)
            label.hide()
        self.general.clear()
        self.general.hide()

    def show(self, error: ValidationError) -> None:
        self.show_message(error.field, error.message)

    def show_message(self, field: str | None, message: str) -> None:
        label = self._labels.get(field or "")
        if label is None:
            self.show_general(message)
            return
        label.setStyleSheet(ERROR_STYLE)
        self._set(label, message)
        label.show()
        editor = self._editors[field or ""]
        if editor.isVisible() and editor.isEnabled():
            editor.setFocus()

    def warn(self, field: str, message: str | None) -> None:
        """A hint under `field` that does not stop the save ("" or None takes it away); an
        error shown there stays."""
        label = self._labels.get(field)
        if label is None or (
            not label.isHidden() and label.styleSheet() == ERROR_STYLE and label.text()
        ):
            return
        label.setStyleSheet(WARNING_STYLE)
        self._set(label, message or "")
        label.setVisible(bool(message))

    def show_general(self, message: str) -> None:
        self._set(self.general, message)
        self.general.show()

    def _set(self, label: QLabel, message: str) -> None:
        self._messages[label] = message
        label.setText(bidi_text(message))

    def _said(self, label: QLabel) -> str:
        return self._messages.get(label, label.text()) if label.text() else ""

    def messages(self) -> dict[str, str]:
        """The messages on show, by field, as said (for tests and for screen readers)."""
        shown = {name: self._said(label) for name, label in self._labels.items() if label.text()}
        if self.general.text():
            shown[""] = self._said(self.general)
        return shown
