"""The filters over the entries list: period, journal, account, project, funder, amount, state
(draft or validated), reconciled or not, and the text of the label or voucher."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from nassij_desktop.core.books.entry_list import EntryFilter, Reconciled
from nassij_desktop.core.books.models import EntryState
from nassij_desktop.core.books.quick_entries import NamedChoice
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.ui.books.choices import LabelledBox, named_choices, none_choice, translated
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction

TYPING_DELAY_MS = 250


class EntryFilters(Retranslating, QWidget):
    """Emits `changed` when a filter changes; `entry_filter()` reads them (a date or an amount
    that cannot be read raises its ValidationError, named by its field)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("entry_search")
        self.search.setClearButtonEnabled(True)
        self.date_from = DateEdit(self)
        self.date_from.setObjectName("date_from")
        self.date_to = DateEdit(self)
        self.date_to.setObjectName("date_to")
        self.journal = LabelledBox(self)
        self.journal.setObjectName("journal_filter")
        self.account = set_field_direction(QLineEdit(self), "amount")
        self.account.setObjectName("account_filter")
        self.account.setMaxLength(12)
        self.project = LabelledBox(self)
        self.project.setObjectName("project_filter")
        self.funder = LabelledBox(self)
        self.funder.setObjectName("funder_filter")
        self.amount = set_field_direction(QLineEdit(self), "amount")
        self.amount.setObjectName("amount_filter")
        self.state = LabelledBox(self)
        self.state.setObjectName("state_filter")
        self.state.set_choices(
            [
                none_choice(N_("All")),
                (EntryState.DRAFT, translated(N_("Drafts"))),
                (EntryState.VALIDATED, translated(N_("Validated"))),
            ]
        )
        self.reconciled = LabelledBox(self)
        self.reconciled.setObjectName("reconciled_filter")
        self.reconciled.set_choices(
            [
                none_choice(N_("All")),
                (Reconciled.YES, translated(N_("Reconciled"))),
                (Reconciled.NO, translated(N_("Not reconciled"))),
            ]
        )
        for box in (self.journal, self.project, self.funder):
            box.set_choices([none_choice(N_("All"))])
        for box in self._boxes():
            box.setMinimumContentsLength(10)
            box.currentIndexChanged.connect(self.changed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_DELAY_MS)
        self._timer.timeout.connect(self.changed)
        for line in (self.search, self.account, self.amount):
            line.textChanged.connect(self._timer.start)
        for date in (self.date_from, self.date_to):
            date.editingFinished.connect(self.changed)
        self._labels = [QLabel(self) for _i in range(9)]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        # Three filters a row, the search across: the page fits beside the navigation of a
        # 1 180-pixel window in French, the widest of its languages.
        editors: tuple[tuple[QWidget, QWidget, QWidget], ...] = (
            (self.date_from, self.date_to, self.journal),
            (self.account, self.project, self.funder),
            (self.amount, self.state, self.reconciled),
        )
        labels = iter(self._labels)
        for row, in_row in enumerate(editors):
            for position, editor in enumerate(in_row):
                label = next(labels)
                label.setBuddy(editor)
                grid.addWidget(label, row, 2 * position)
                grid.addWidget(editor, row, 2 * position + 1)
        grid.addWidget(self.search, len(editors), 0, 1, 6)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)
        self.retranslate()

    def _boxes(self) -> tuple[LabelledBox, ...]:
        return (self.journal, self.project, self.funder, self.state, self.reconciled)

    def set_references(
        self,
        journals: Sequence[tuple[str, str, str]],
        projects: Sequence[NamedChoice],
        funders: Sequence[NamedChoice],
    ) -> None:
        self.blockSignals(True)
        self.journal.set_choices(
            [none_choice(N_("All"))]
            + [(code, _journal_label(code, ar, fr)) for code, ar, fr in journals]
        )
        self.project.set_choices([none_choice(N_("All")), *named_choices(projects)])
        self.funder.set_choices([none_choice(N_("All")), *named_choices(funders)])
        self.blockSignals(False)

    def retranslate(self) -> None:
        texts = (
            N_("From"),
            N_("To"),
            N_("Journal"),
            N_("Account"),
            N_("Project"),
            N_("Funder"),
            N_("Amount"),
            N_("State"),
            N_("Reconciliation"),
        )
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(_(text))
        self.search.setPlaceholderText(_("Search the label, the voucher or the third party…"))
        self.account.setPlaceholderText("6125")
        for box in self._boxes():
            box.retranslate()

    def clear(self) -> None:
        """Every filter back to showing everything."""
        for line in (self.search, self.account, self.amount):
            line.clear()
        for date in (self.date_from, self.date_to):
            date.set_date(None)
        for box in self._boxes():
            box.setCurrentIndex(0)

    def entry_filter(self) -> EntryFilter:
        amount_text = self.amount.text().strip()
        amount: Decimal | None = parse_money(amount_text, field="amount") if amount_text else None
        project = self.project.currentData()
        funder = self.funder.currentData()
        state, reconciled = self.state.currentData(), self.reconciled.currentData()
        return EntryFilter(
            date_from=self.date_from.date("date_from"),
            date_to=self.date_to.date("date_to"),
            journal=self.journal.currentData() or None,
            account=self.account.text().strip() or None,
            analytic_tag_id=project if isinstance(project, int) else None,
            funder_id=funder if isinstance(funder, int) else None,
            text=self.search.text().strip() or None,
            amount=amount,
            # The combo box may give the enum's text back: read as the enum again.
            state=EntryState(state) if state else None,
            reconciled=Reconciled(reconciled) if reconciled else None,
        )


def _journal_label(code: str, name_ar: str, name_fr: str) -> Callable[[], str]:
    return lambda: f"{code} — {name_ar if current_language() == 'ar' else name_fr}"


__all__ = ["EntryFilters"]
