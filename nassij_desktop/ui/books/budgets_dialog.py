"""Budgets: a fiscal year and a project (or the whole association), its amount per account
typed in, and the budget against the year's validated entries, with the variance in amount
and percent — red where charges ran over or income fell short, green otherwise.

A budget has tens of lines: plain table widgets. Readers see both tabs; the editing is
disabled for them with a tooltip.

The budget saves over the version it was loaded with (`YearBudget.version`, counting every
change of its amounts; 0: none yet): one saved meanwhile by someone else meets the conflict
dialog, a row per account whose amount differs (reload theirs, or overwrite knowingly).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.budgets import (
    BudgetComparison,
    BudgetProject,
    BudgetSection,
    YearBudget,
    budget_projects,
    budget_vs_actual,
    set_budget,
    year_budgets,
)
from nassij_desktop.core.books.quick_entries import AccountChoice, quick_entry_choices
from nassij_desktop.core.books.years import YearRecord, list_years
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, NassijError, ValidationError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_amount, format_percent, isolate
from nassij_desktop.ui.books.choices import AccountBox
from nassij_desktop.ui.books.treasury_accounts_dialog import READ_ONLY
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    KeepsConflict,
    ask,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import ScriptDelegate

_NUMBER = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_TEXT = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
OVER = QColor("#b3261e")  # charges over budget, income under it
WITHIN = QColor("#1b6e34")
# Budget lines: account, name, amount. Comparison: account, name, budget, actual, variance, %.
AMOUNT_COLUMN = 2
COMPARISON_COLUMNS = 6


def _cell(text: str, align: Qt.AlignmentFlag, *, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(align)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
    return item


def _table(parent: QWidget, columns: int, name: str) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setItemDelegate(ScriptDelegate(table))
    table.setObjectName(name)
    table.verticalHeader().hide()
    table.setWordWrap(False)
    table.setAlternatingRowColors(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = table.horizontalHeader()
    for column in range(columns):
        mode = (
            QHeaderView.ResizeMode.Stretch
            if column == 1
            else QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(column, mode)
    return table


def signed(amount: Decimal) -> str:
    return figure(("+" if amount > 0 else "") + format_amount(amount))


def figure(text: str) -> str:
    """A figure kept left to right in an Arabic table: its sign stays before its digits."""
    return isolate(text, "ltr") if text else text


def overrun(section: BudgetSection | None, variance: Decimal) -> bool:
    """Whether a variance is unfavourable: charges above, income (or the result) below."""
    return variance > 0 if section is BudgetSection.CHARGES else variance < 0


class BudgetsDialog(KeepsConflict, BaseDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("budgets_dialog")
        self.context = context
        self.writable = context.can(Permission.BOOKS_WRITE)
        self.years: list[YearRecord] = []
        self.projects: list[BudgetProject] = []
        self.accounts: tuple[AccountChoice, ...] = ()
        self.labels: dict[str, tuple[str, str]] = {}
        self.opened_version = 0  # the version of the budget on show (0: none saved yet)
        self.comparison: BudgetComparison | None = None
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)

        self.year_label, self.project_label = QLabel(self), QLabel(self)
        self.year = QComboBox(self)
        self.year.setObjectName("budget_year")
        self.project = QComboBox(self)
        self.project.setObjectName("budget_project")
        self.project.setMinimumContentsLength(24)
        self.year_label.setBuddy(self.year)
        self.project_label.setBuddy(self.project)
        self.year.activated.connect(self.load)
        self.project.activated.connect(self.load)

        self.tabs = QTabWidget(self)
        editing = QWidget(self.tabs)
        self.lines = _table(editing, 3, "budget_lines")
        self.lines.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.account = AccountBox(editing)
        self.account.setObjectName("budget_account")
        self.amount = QLineEdit(editing)
        self.amount.setObjectName("budget_amount")
        self.amount.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.amount.setPlaceholderText("12 000,00")
        self.amount.returnPressed.connect(self.add_line)
        self.add_button = QPushButton(editing)
        self.add_button.setObjectName("add_budget_line")
        self.add_button.clicked.connect(self.add_line)
        self.remove_button = QPushButton(editing)
        self.remove_button.setObjectName("remove_budget_line")
        self.remove_button.clicked.connect(self.remove_line)
        self.save_button = QPushButton(editing)
        self.save_button.setObjectName("save_budget")
        self.save_button.clicked.connect(self.save)
        adding = QHBoxLayout()
        adding.addWidget(self.errors.wrap("account", self.account), 3)
        adding.addWidget(self.errors.wrap("amounts", self.amount), 1)
        adding.addWidget(self.add_button)
        saving = QHBoxLayout()
        saving.addWidget(self.remove_button)
        saving.addStretch(1)
        saving.addWidget(self.save_button)
        edit_layout = QVBoxLayout(editing)
        edit_layout.addWidget(self.lines, 1)
        edit_layout.addLayout(adding)
        edit_layout.addWidget(self.general_error)
        edit_layout.addLayout(saving)
        for widget in (self.account, self.amount, self.add_button, self.remove_button):
            widget.setEnabled(self.writable)
        self.save_button.setEnabled(self.writable)
        if not self.writable:
            self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.table = _table(self.tabs, COMPARISON_COLUMNS, "budget_comparison")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabs.addTab(editing, "")
        self.tabs.addTab(self.table, "")

        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year)
        top.addSpacing(16)
        top.addWidget(self.project_label)
        top.addWidget(self.project, 1)
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.resize(900, 600)
        self._load_reference()
        self.retranslate()
        self.load()

    # --- reading ---------------------------------------------------------------------------

    def _load_reference(self) -> None:
        try:
            with self.context.database.session() as session:
                self.years = list_years(session, self.context.actor)
                self.projects = budget_projects(session, self.context.actor)
                self.accounts = tuple(
                    a
                    for a in quick_entry_choices(session, self.context.actor).accounts
                    if a.account_class in (2, 6, 7)
                )
        except NassijError as error:
            self.errors.show_general(str(error))
        self.labels = {a.number: (a.label_ar, a.label_fr) for a in self.accounts}
        self.account.set_accounts(self.accounts)
        self.year.clear()
        for record in self.years:
            self.year.addItem(record.label, record.label)
        # The latest open year first in view: the one a treasurer plans.
        open_years = [i for i, y in enumerate(self.years) if y.status.value == "open"]
        self.year.setCurrentIndex(open_years[-1] if open_years else len(self.years) - 1)

    def year_label_chosen(self) -> str | None:
        value = self.year.currentData()
        return str(value) if value is not None else None

    def project_chosen(self) -> str | None:
        value = self.project.currentData()
        return str(value) if value else None

    def choose(self, year: str, project: str | None = None) -> None:
        self.year.setCurrentIndex(max(0, self.year.findData(year)))
        self.project.setCurrentIndex(max(0, self.project.findData(project or "")))
        self.load()

    def load(self) -> None:
        """The chosen year's and project's budget lines and its comparison with the actual."""
        self.errors.clear()
        year, project = self.year_label_chosen(), self.project_chosen()
        self.lines.setRowCount(0)
        self.table.setRowCount(0)
        self.comparison = None
        if year is None:
            self.errors.show_general(_("No fiscal year yet: open one or record an entry first."))
            return
        try:
            with self.context.database.session() as session:
                budgets = year_budgets(session, self.context.actor, year)
                self.comparison = budget_vs_actual(session, self.context.actor, year, project)
        except NassijError as error:
            self.errors.show_general(str(error))
            return
        budget = next((b for b in budgets if b.project == project), None)
        self.opened_version = budget.version if budget is not None else 0
        self._fill_lines(budget)
        self._fill_comparison()

    def _fill_lines(self, budget: YearBudget | None) -> None:
        lines = budget.lines if budget is not None else ()
        for line in lines:
            self.labels.setdefault(line.account, (line.label_ar, line.label_fr))
            self._put_line(line.account, line.amount)

    def _put_line(self, number: str, amount: Decimal) -> None:
        for row in range(self.lines.rowCount()):
            cell = self.lines.item(row, 0)
            if cell is not None and cell.text() == number:
                self.lines.setItem(
                    row,
                    AMOUNT_COLUMN,
                    _cell(format_amount(amount), _NUMBER, editable=self.writable),
                )
                return
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        label_ar, label_fr = self.labels.get(number, ("", ""))
        self.lines.setItem(row, 0, _cell(number, Qt.AlignmentFlag.AlignCenter))
        self.lines.setItem(
            row, 1, _cell(label_ar if current_language() == "ar" else label_fr, _TEXT)
        )
        self.lines.setItem(
            row, AMOUNT_COLUMN, _cell(format_amount(amount), _NUMBER, editable=self.writable)
        )

    def _fill_comparison(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        lang = current_language()
        bold = QFont(self.font())
        bold.setBold(True)
        rows: list[
            tuple[str, str, BudgetSection | None, Decimal, Decimal, Decimal, Decimal | None, bool]
        ] = []
        for section in BudgetSection:
            for line in comparison.lines:
                if line.section is section:
                    rows.append(
                        (
                            line.account,
                            line.label(lang),
                            section,
                            line.budget,
                            line.actual,
                            line.variance,
                            line.percent,
                            False,
                        )
                    )
            total = next(t for t in comparison.totals if t.section is section)
            rows.append(
                (
                    "",
                    total.label(lang),
                    section,
                    total.budget,
                    total.actual,
                    total.variance,
                    total.percent,
                    True,
                )
            )
        result = comparison.totals[-1]
        rows.append(
            (
                "",
                result.label(lang),
                None,
                result.budget,
                result.actual,
                result.variance,
                result.percent,
                True,
            )
        )
        self.table.setRowCount(len(rows))
        for row, (code, label, part, budget, actual, variance, percent, is_total) in enumerate(
            rows
        ):
            cells = (
                (code, Qt.AlignmentFlag.AlignCenter),
                (label, _TEXT),
                (figure(format_amount(budget)), _NUMBER),
                (figure(format_amount(actual)), _NUMBER),
                (signed(variance), _NUMBER),
                (
                    ""
                    if percent is None
                    else figure(
                        ("+" if percent > 0 else "") + format_percent(float(percent) / 100)
                    ),
                    _NUMBER,
                ),
            )
            for column, (text, align) in enumerate(cells):
                item = _cell(text, align)
                if is_total:
                    item.setFont(bold)
                if column >= 4 and variance and budget:
                    item.setForeground(QBrush(OVER if overrun(part, variance) else WITHIN))
                self.table.setItem(row, column, item)

    def comparison_row(self, account: str) -> list[str]:
        """The texts of the comparison's row for `account` (tests read what a person reads)."""
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is not None and cell.text() == account:
                return [self._text(self.table, row, c) for c in range(COMPARISON_COLUMNS)]
        return []

    @staticmethod
    def _text(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    def retranslate(self) -> None:
        self.setWindowTitle(_("Budgets"))
        self.year_label.setText(_("Fiscal year"))
        self.project_label.setText(_("Budget of"))
        chosen = self.project.currentData()
        self.project.clear()
        self.project.addItem(_("The whole association"), "")
        for project in self.projects:
            self.project.addItem(
                f"{project.code} — {project.label(current_language())}", project.code
            )
        self.project.setCurrentIndex(max(0, self.project.findData(chosen)))
        self.tabs.setTabText(0, _("Budget by account"))
        self.tabs.setTabText(1, _("Budget vs actual"))
        self.lines.setHorizontalHeaderLabels([_("Account"), _("Name"), _("Budget")])
        self.table.setHorizontalHeaderLabels(
            [_("Account"), _("Name"), _("Budget"), _("Actual"), _("Variance"), _("Variance %")]
        )
        self.add_button.setText(_("Add the line"))
        self.remove_button.setText(_("Remove the line"))
        self.save_button.setText(_("Save the budget"))
        self.close_button.setText(_("Close"))
        self.account.retranslate()
        tip = "" if self.writable else _(READ_ONLY)
        for widget in (
            self.account,
            self.amount,
            self.add_button,
            self.remove_button,
            self.save_button,
        ):
            widget.setToolTip(tip)
        lang = current_language()
        for row in range(self.lines.rowCount()):
            label_ar, label_fr = self.labels.get(self._text(self.lines, row, 0), ("", ""))
            cell = self.lines.item(row, 1)
            if cell is not None:
                cell.setText(label_ar if lang == "ar" else label_fr)
        self._fill_comparison()

    # --- writing ---------------------------------------------------------------------------

    def add_line(self) -> bool:
        """The account and amount typed below the lines, added (or its amount replaced)."""
        self.errors.clear()
        number = self.account.account()
        if number not in self.labels:
            self.errors.show_message(
                "account", _("Choose an account of classes 2, 6 or 7 in the list.")
            )
            return False
        try:
            amount = parse_money(self.amount.text(), field="amounts")
        except ValidationError as error:
            self.errors.show(error)
            return False
        self._put_line(number, amount)
        self.account.set_account("")
        self.amount.clear()
        self.account.setFocus()
        return True

    def remove_line(self) -> None:
        rows = sorted({i.row() for i in self.lines.selectedIndexes()}, reverse=True)
        for row in rows:
            self.lines.removeRow(row)

    def typed_amounts(self) -> dict[str, str]:
        """The lines as typed: account → amount text (parsed when saved)."""
        return {
            self._text(self.lines, row, 0): self._text(self.lines, row, AMOUNT_COLUMN)
            for row in range(self.lines.rowCount())
        }

    def save(self) -> bool:
        self.errors.clear()
        year, project = self.year_label_chosen(), self.project_chosen()
        if year is None:
            return False
        actor = self.context.actor
        typed = self.typed_amounts()
        version = self.opened_version

        def write(session: Session, *, overwrite: bool = False) -> YearBudget:
            amounts = {n: parse_money(text, field="amounts") for n, text in typed.items()}
            return set_budget(
                session, actor, year, amounts, project=project, replace=True,
                expected_version=version, overwrite=overwrite,
            )  # fmt: skip

        def attempt(*, overwrite: bool = False) -> bool:
            self._conflict = None
            return (
                run_write(
                    self.context,
                    partial(write, overwrite=overwrite),
                    changes={Change.BOOKS},
                    errors=self.errors,
                    failure=self._refused,
                    initiator=self,
                )
                is not None
            )

        if not attempt():
            conflict = self.take_conflict()  # answered here, once run_write is over
            if conflict is None or not self._resolve(conflict, attempt):
                return False
        self.load()
        self.tabs.setCurrentIndex(1)
        return True

    def _resolve(self, conflict: ConflictError, attempt: Callable[..., bool]) -> bool:
        """Someone else saved this budget since it was loaded here: the accounts whose amount
        differs, then reload theirs, save over it (confirmed) or keep editing."""
        year, project = self.year_label_chosen(), self.project_chosen()
        assert year is not None
        with self.context.database.session() as session:
            budgets = year_budgets(session, self.context.actor, year)
        stored = next((b for b in budgets if b.project == project), None)
        theirs = (
            {line.account: format_amount(line.amount) for line in stored.lines} if stored else {}
        )
        mine = {n: text for n, text in self.typed_amounts().items() if n}
        differences = []
        lang = current_language()
        for number in sorted(set(mine) | set(theirs)):
            mine_text, their_text = mine.get(number, ""), theirs.get(number, "")
            if _amount_of(mine_text) != _amount_of(their_text):
                label_ar, label_fr = self.labels.get(number, ("", ""))
                name = label_ar if lang == "ar" else label_fr
                differences.append(
                    Difference(number, f"{number} {name}".strip(), mine_text, their_text)
                )
        if not differences:  # they typed the same amounts: nothing of theirs is lost
            self.opened_version = stored.version if stored is not None else 0
            return attempt()
        choice = ask(self, ConflictDialog(str(conflict), differences, self))
        if choice == RELOAD:
            self.load()
            return False
        if choice == OVERWRITE:
            return attempt(overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved this budget meanwhile."))
        return False


def _amount_of(text: str) -> Decimal | None:
    """An amount as typed or shown, to compare (a text that is no amount: as it is)."""
    if not text.strip():
        return None
    try:
        return parse_money(text, field="amounts")
    except ValidationError:
        return None


__all__ = ["BudgetsDialog", "overrun", "signed"]
