"""Combo boxes of the books' forms: accounts typed by number or label, treasury accounts, and
lists whose labels follow the language."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.quick_entries import AccountChoice, NamedChoice
from nassij_desktop.core.books.treasury import TreasuryBalance
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import plain_text

_LEADING_NUMBER = re.compile(r"^\s*(\d+)")
TREASURY_KIND_LABELS = {TreasuryKind.BANK: N_("Bank"), TreasuryKind.CASH: N_("Cash box")}


class LabelledBox(QComboBox):
    """A combo box of (value, label function): the labels follow the language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[Callable[[], str]] = []
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)

    def set_choices(self, choices: Sequence[tuple[Any, Callable[[], str]]]) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self._labels = [label for _value, label in choices]
        for value, label in choices:
            self.addItem(label(), value)
        self.select(current)
        self.blockSignals(False)

    def retranslate(self) -> None:
        for index, label in enumerate(self._labels):
            self.setItemText(index, label())

    def select(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


def none_choice(text: str = N_("(none)")) -> tuple[None, Callable[[], str]]:
    return None, lambda: _(text)


def translated(message: str) -> Callable[[], str]:
    """The label function of an N_-marked message."""
    return lambda: _(message)


def named_choices(items: Sequence[NamedChoice]) -> list[tuple[Any, Callable[[], str]]]:
    return [(item.id, _named(item)) for item in items]


def _named(item: NamedChoice) -> Callable[[], str]:
    return lambda: item.name(current_language())


def treasury_choices(items: Sequence[TreasuryBalance]) -> list[tuple[Any, Callable[[], str]]]:
    return [(item.id, _treasury_label(item)) for item in items]


def _treasury_label(item: TreasuryBalance) -> Callable[[], str]:
    # The name says it (a bank's name, "Caisse"); the kind beside it repeated the name.
    return lambda: item.name


class AccountBox(QComboBox):
    """An account of the chart, typed by its number ("7161") or found by a word of its label
    in the list that opens as one types."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        self._accounts: list[AccountChoice] = []
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        if line is not None:
            line.setObjectName("account_text")

    def set_accounts(self, accounts: Sequence[AccountChoice]) -> None:
        current = self.account()
        self._accounts = list(accounts)
        self.blockSignals(True)
        self.clear()
        for account in self._accounts:
            self.addItem(self._text(account), account.number)
        self.setCurrentIndex(-1)
        self.set_account(current)
        self.blockSignals(False)

    def retranslate(self) -> None:
        current = self.account()
        for index, account in enumerate(self._accounts):
            self.setItemText(index, self._text(account))
        self.set_account(current)

    def set_account(self, number: str) -> None:
        index = self.findData(number) if number else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText(number)

    def account(self) -> str:
        """The number typed or chosen ("" when nothing): the digits it starts with, else the
        account whose label was typed whole."""
        text = plain_text(self.currentText()).strip()
        match = _LEADING_NUMBER.match(text)
        if match:
            return match.group(1)
        for account in self._accounts:
            if text and text.casefold() in (
                account.label_ar.casefold(),
                account.label_fr.casefold(),
            ):
                return account.number
        return text

    @staticmethod
    def _text(account: AccountChoice) -> str:
        return f"{account.number} — {account.label(current_language())}"


__all__ = [
    "TREASURY_KIND_LABELS",
    "AccountBox",
    "LabelledBox",
    "named_choices",
    "none_choice",
    "translated",
    "treasury_choices",
]
