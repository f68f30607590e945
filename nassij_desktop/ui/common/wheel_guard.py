"""A scrolling form whose fields do not take the mouse wheel meant for the page.

Qt gives a wheel turn to the spin box or list under the pointer, focused or not: scrolling
down the Settings page changed the Hijri correction or the lock delay the pointer happened to
pass over, with nothing to say so. `guard_fields_from_the_wheel(area)` makes every spin box,
date box and list inside `area` take the wheel only once the user has clicked into it (or
tabbed to it); otherwise the turn scrolls the page, as it would anywhere else."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QScrollArea, QWidget

_FIELDS = (QAbstractSpinBox, QComboBox)


class _WheelGuard(QObject):
    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self._area = area

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (
            event.type() == QEvent.Type.Wheel
            and isinstance(watched, QWidget)
            and not watched.hasFocus()
        ):
            # The page scrolls instead, as the user meant.
            QCoreApplication.sendEvent(self._area.verticalScrollBar(), event)
            return True
        return False


def guard_fields_from_the_wheel(area: QScrollArea) -> None:
    """Fields inside `area` (made so far) take the wheel only when they have the focus."""
    guard = _WheelGuard(area)
    content = area.widget()
    if content is None:
        return
    for kind in _FIELDS:
        for field in content.findChildren(kind):
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel turn does not focus it
            field.installEventFilter(guard)
