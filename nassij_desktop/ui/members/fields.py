"""Small editors the member dialogs share: a choice list whose labels follow the language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from nassij_desktop.i18n import _

__all__ = ["ChoiceBox", "fixed", "translated"]


class ChoiceBox(QComboBox):
    """A combo box whose items are (value, label function) so labels follow the language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[Callable[[], str]] = []
        # As wide as its longest label in the current language ("Toutes les catégories").
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def set_choices(self, choices: Sequence[tuple[Any, Callable[[], str]]]) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self._labels = [label for _value, label in choices]
        for value, label in choices:
            self.addItem(label(), value)
        index = self.findData(current)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)

    def retranslate(self) -> None:
        for index, label in enumerate(self._labels):
            self.setItemText(index, label())

    def select(self, value: Any) -> None:
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)


def translated(message: str) -> Callable[[], str]:
    """A label function for an N_-marked message."""
    return lambda: _(message)


def fixed(text: str) -> Callable[[], str]:
    return lambda: text
