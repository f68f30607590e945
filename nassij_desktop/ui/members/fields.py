"""Small editors the member dialogs share: a date typed day/month/year, a choice list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from nassij_desktop.core.common.validators import parse_date
from nassij_desktop.i18n import _

DATE_FORMAT = "%d/%m/%Y"


class DateLine(QLineEdit):
    """A date typed as 15/03/2024 (the way Moroccan forms write it), checked by the same
    parser as imports, so the messages match. Empty means no date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(10)
        # Digits and slashes read left to right in both languages.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(_("dd/mm/yyyy"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(value.strftime(DATE_FORMAT) if value else "")

    def date(self, field: str) -> dt.date | None:
        """The date, or None when empty; raises ValidationError(field, …) when not a date."""
        if not self.text().strip():
            return None
        return parse_date(self.text(), field=field)


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
