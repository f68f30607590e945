"""The year-closing assistant: the checks (what is wrong, how to fix it), the result carried
to the association's funds, the next year's opening entry, then the close; afterwards the
lock, and the reopening (administrators, with a reason).

Everything shown comes from `close_checks`, read again after each step that changes it; the
writes go through `run_write` (close_after_checks, lock_year, reopen_year).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.books.closing import (
    CheckName,
    CheckStatus,
    ClosingReview,
    close_after_checks,
    close_checks,
    require_reason,
)
from nassij_desktop.core.books.models import FiscalYearStatus
from nassij_desktop.core.books.years import (
    YEAR_STATUS_LABELS,
    YearRecord,
    list_years,
    lock_year,
    reopen_year,
)
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import bidi_text, format_date, format_money, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import ScriptDelegate

STEPS = (N_("Checks"), N_("Result"), N_("Opening entry"), N_("Closing"))
CHECK_TITLES = {
    CheckName.ENDED: N_("The year is over"),
    CheckName.DRAFTS: N_("No draft entries"),
    CheckName.BALANCED: N_("Every entry balanced"),
    CheckName.BANKS: N_("Bank accounts reconciled"),
}
STATUS_MARKS = {
    CheckStatus.PASSED: ("✔", "#1b7f3b"),
    CheckStatus.FAILED: ("✘", "#b3261e"),
    CheckStatus.WAIVED: ("!", "#9a6700"),
}
STATUS_TEXTS = {
    CheckStatus.PASSED: N_("passed"),
    CheckStatus.FAILED: N_("to put right"),
    CheckStatus.WAIVED: N_("waived"),
}


class CheckView(QFrame):
    """One check: its mark and title, what is wrong, the entries or accounts, the remedy."""

    def __init__(self, name: CheckName, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.setObjectName(f"check_{name.value}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(self)
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.problem = QLabel(self)
        self.items = QLabel(self)
        self.advice = QLabel(self)
        for label in (self.problem, self.items, self.advice):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        for label in (self.title, self.problem, self.items, self.advice):
            layout.addWidget(label)
        self.status = CheckStatus.PASSED

    def show_check(
        self, status: CheckStatus, problem: str, items: tuple[str, ...], advice: str
    ) -> None:
        self.status = status
        mark, color = STATUS_MARKS[status]
        self.title.setText(f"{mark} {_(CHECK_TITLES[self.name])} — {_(STATUS_TEXTS[status])}")
        self.title.setStyleSheet(f"color: {color};")
        self.problem.setText(bidi_text(problem))
        # Each line reads in the interface's direction, a Latin account name isolated.
        self.items.setText("\n".join(bidi_text(f"• {item}") for item in items))
        self.advice.setText(bidi_text(advice))
        for label in (self.problem, self.items, self.advice):
            label.setVisible(bool(label.text()))


class ClosingAssistant(BaseDialog):
    def __init__(
        self, context: AppContext, year: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("closing_assistant")
        self.context = context
        self.review: ClosingReview | None = None
        self.years: list[YearRecord] = []
        self.setMinimumSize(640, 520)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        # Reopening has its own reason field: the service names it "reason" too.
        self.reopen_errors = FieldErrors(self.general_error)
        self._build()
        self._load_years(year)
        self.retranslate()

    # --- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.year_label = QLabel(self)
        self.year_box = QComboBox(self)
        self.year_box.setObjectName("closing_year")
        self.year_label.setBuddy(self.year_box)
        self.year_box.currentIndexChanged.connect(self._year_changed)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("closing_status")
        top = QHBoxLayout()
        top.addWidget(self.year_label)
        top.addWidget(self.year_box)
        top.addWidget(self.status_label, 1)

        self.step_labels = [QLabel(self) for _step in STEPS]
        steps = QHBoxLayout()
        for label in self.step_labels:
            steps.addWidget(label)
        steps.addStretch(1)

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._checks_step())
        self.stack.addWidget(self._result_step())
        self.stack.addWidget(self._opening_step())
        self.stack.addWidget(self._close_step())
        self.stack.currentChanged.connect(self._step_changed)

        self.back_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("closing_next")
        self.done_button = QPushButton(self)
        self.back_button.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.stack.currentIndex() + 1))
        self.done_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(steps)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)

    def _checks_step(self) -> QWidget:
        page = QWidget(self)
        self.checks_intro = QLabel(page)
        self.checks_intro.setWordWrap(True)
        self.check_views = {name: CheckView(name, page) for name in CheckName}
        self.waiver = QCheckBox(page)
        self.waiver.setObjectName("closing_waiver")
        self.waiver.toggled.connect(self._waiver_toggled)
        self.reason_label = QLabel(page)
        self.reason = QLineEdit(page)
        self.reason.setObjectName("closing_reason")
        self.reason_label.setBuddy(self.reason)
        inner = QWidget(page)
        column = QVBoxLayout(inner)
        column.addWidget(self.checks_intro)
        for view in self.check_views.values():
            column.addWidget(view)
        column.addWidget(self.waiver)
        form = QFormLayout()
        # Shown and hidden whole (field and error line), so its layout follows.
        self.reason_box = self.errors.wrap("reason", self.reason)
        form.addRow(self.reason_label, self.reason_box)
        column.addLayout(form)
        column.addStretch(1)
        scroll = QScrollArea(page)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        return page

    def _result_step(self) -> QWidget:
        page = QWidget(self)
        self.income_label, self.expenses_label, self.result_name = (
            QLabel(page),
            QLabel(page),
            QLabel(page),
        )
        self.income = QLabel(page)
        self.expenses = QLabel(page)
        self.result_amount = QLabel(page)
        self.result_amount.setObjectName("closing_result")
        bold = QFont(self.result_amount.font())
        bold.setBold(True)
        self.result_amount.setFont(bold)
        self.result_name.setFont(bold)
        self.carried = QLabel(page)
        self.carried.setObjectName("closing_carried")
        self.carried.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.income_label, self.income)
        form.addRow(self.expenses_label, self.expenses)
        form.addRow(self.result_name, self.result_amount)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(self.carried)
        layout.addStretch(1)
        return page

    def _opening_step(self) -> QWidget:
        page = QWidget(self)
        self.opening_intro = QLabel(page)
        self.opening_intro.setWordWrap(True)
        self.opening = QTableWidget(0, 4, page)
        self.opening.setItemDelegate(ScriptDelegate(self.opening))
        self.opening.setObjectName("closing_opening")
        self.opening.verticalHeader().hide()
        self.opening.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.opening.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.opening.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(page)
        layout.addWidget(self.opening_intro)
        layout.addWidget(self.opening, 1)
        return page

    def _close_step(self) -> QWidget:
        page = QWidget(self)
        self.close_summary = QLabel(page)
        self.close_summary.setObjectName("closing_summary")
        self.close_summary.setWordWrap(True)
        self.close_button = QPushButton(page)
        self.close_button.setObjectName("closing_close")
        self.close_button.clicked.connect(self.close_year)
        self.lock_button = QPushButton(page)
        self.lock_button.setObjectName("closing_lock")
        self.lock_button.clicked.connect(self.lock_year)
        self.reopen_label = QLabel(page)
        self.reopen_reason = QLineEdit(page)
        self.reopen_reason.setObjectName("closing_reopen_reason")
        self.reopen_label.setBuddy(self.reopen_reason)
        self.reopen_button = QPushButton(page)
        self.reopen_button.setObjectName("closing_reopen")
        self.reopen_button.clicked.connect(self.reopen_year)
        reopen = QFormLayout()
        self.reopen_box = self.reopen_errors.wrap("reason", self.reopen_reason)
        reopen.addRow(self.reopen_label, self.reopen_box)
        layout = QVBoxLayout(page)
        layout.addWidget(self.close_summary)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(self.lock_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addLayout(reopen)
        layout.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addStretch(1)
        return page

    def retranslate(self) -> None:
        self.setWindowTitle(_("Year closing"))
        self.year_label.setText(_("Fiscal year"))
        self.checks_intro.setText(_("Before the year is closed, its books must pass these checks."))
        self.waiver.setText(_("Close without bank reconciliation"))
        self.reason_label.setText(_("Reason"))
        self.income_label.setText(_("Income (class 7)"))
        self.expenses_label.setText(_("Expenses (class 6)"))
        self.back_button.setText(_("Back"))
        self.next_button.setText(_("Next"))
        self.done_button.setText(_("Done"))
        self.close_button.setText(_("Close the fiscal year"))
        self.lock_button.setText(_("Lock the fiscal year"))
        self.reopen_label.setText(_("Reason for reopening"))
        self.reopen_button.setText(_("Reopen the fiscal year"))
        self.opening.setHorizontalHeaderLabels([_("Account"), _("Label"), _("Debit"), _("Credit")])
        self._show_review()

    # --- reading ---------------------------------------------------------------------------

    def _load_years(self, year: int | None) -> None:
        with self.context.database.session() as session:
            self.years = list_years(session, self.context.actor)
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for record in self.years:
            self.year_box.addItem(record.label, record.starts_on.year)
        # The year asked for, else the oldest open one (the one to close next).
        wanted = year
        if wanted is None:
            open_years = [y for y in self.years if y.status is FiscalYearStatus.OPEN]
            chosen = open_years[0] if open_years else (self.years[-1] if self.years else None)
            wanted = chosen.starts_on.year if chosen else None
        index = self.year_box.findData(wanted)
        self.year_box.setCurrentIndex(max(index, 0))
        self.year_box.blockSignals(False)
        self.reload()

    def selected_year(self) -> int | None:
        data = self.year_box.currentData()
        return int(data) if data is not None else None

    def reload(self) -> None:
        year = self.selected_year()
        self.review = None
        if year is not None:
            try:
                with self.context.database.session() as session:
                    self.review = close_checks(
                        session,
                        self.context.actor,
                        year,
                        without_reconciliation=self.waiver.isChecked(),
                    )
            except NassijError as error:
                self.errors.show_general(str(error))
        self._show_review()

    def _year_changed(self) -> None:
        self.errors.clear()
        self.reload()
        self.go(0 if self.review and self.review.status is FiscalYearStatus.OPEN else 3)

    def _waiver_toggled(self) -> None:
        self.reload()

    def _show_review(self) -> None:
        review = self.review
        lang = current_language()
        writable = self.context.can(Permission.BOOKS_WRITE)
        admin = self.context.can(Permission.BOOKS_REOPEN)
        if review is None:
            self.status_label.setText(_("There is no fiscal year in the books yet."))
            for widget in (self.stack, self.next_button, self.back_button):
                widget.setEnabled(False)
            return
        self.status_label.setText(
            _("{start} – {end}: {status}").format(
                start=format_date(review.starts_on),
                end=format_date(review.ends_on),
                status=_(YEAR_STATUS_LABELS[review.status]),
            )
        )
        for check in review.checks:
            self.check_views[check.name].show_check(
                check.status, check.problem, check.items, check.advice
            )
        banks = next(c for c in review.checks if c.name is CheckName.BANKS)
        waivable = banks.status is not CheckStatus.PASSED and review.status is FiscalYearStatus.OPEN
        self.waiver.setVisible(waivable and writable)
        self.reason_label.setVisible(self.waiver.isVisible() and self.waiver.isChecked())
        self.reason_box.setVisible(self.reason_label.isVisible())

        self.income.setText(format_money(review.income))
        self.expenses.setText(format_money(review.expenses))
        if review.result >= ZERO:
            self.result_name.setText(_("Surplus"))
            carried = _(
                "The surplus of {amount} is credited to the association's funds (account "
                "{account}) in the opening entry of {year}."
            )
        else:
            self.result_name.setText(_("Deficit"))
            carried = _(
                "The deficit of {amount} is debited to the association's funds (account "
                "{account}) in the opening entry of {year}."
            )
        self.result_amount.setText(format_money(abs(review.result)))
        self.carried.setText(
            carried.format(
                amount=format_money(abs(review.result)),
                account=isolate(review.funds_account, "ltr"),
                year=isolate(review.next_label, "ltr"),
            )
        )

        self.opening_intro.setText(
            _(
                "Closing writes this entry on the first day of {year} (journal AN): the "
                "balance-sheet accounts carried over, the result in the funds."
            ).format(year=isolate(review.next_label, "ltr"))
        )
        self.opening.setRowCount(len(review.opening) + 1)
        total_debit = sum((ln.debit for ln in review.opening), ZERO)
        total_credit = sum((ln.credit for ln in review.opening), ZERO)
        rows = [(ln.account, ln.label(lang), ln.debit, ln.credit) for ln in review.opening] + [
            ("", _("Total"), total_debit, total_credit)
        ]
        end = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
        for row, (account, label, debit, credit) in enumerate(rows):
            cells = (
                account,
                label,
                format_money(debit) if debit else "",
                format_money(credit) if credit else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(end)
                if row == len(rows) - 1:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.opening.setItem(row, column, item)

        opened = review.status is FiscalYearStatus.OPEN
        closed = review.status is FiscalYearStatus.CLOSED
        if opened and review.ready:
            summary = _(
                "The checks pass. Closing {year} writes the opening entry of {next} and forbids "
                "any new entry in {year}; an administrator can reopen it, with a reason."
            )
        elif opened:
            summary = _("The year cannot be closed yet: put right the checks marked ✘.")
        elif closed:
            summary = _(
                "{year} is closed. Lock it once the general assembly has approved its accounts: "
                "a locked year is never reopened."
            )
        else:
            summary = _("{year} is locked: its books are final.")
        self.close_summary.setText(
            summary.format(
                year=isolate(review.label, "ltr"), next=isolate(review.next_label, "ltr")
            )
        )
        self.close_button.setVisible(opened and writable)
        self.close_button.setEnabled(review.ready)
        self.lock_button.setVisible(closed and admin)
        for reopening in (self.reopen_label, self.reopen_box, self.reopen_button):
            reopening.setVisible(closed and admin)
        self.stack.setEnabled(True)
        self._step_changed()

    # --- steps -----------------------------------------------------------------------------

    def go(self, step: int) -> None:
        self.stack.setCurrentIndex(max(0, min(step, self.stack.count() - 1)))
        self._step_changed()

    def _step_changed(self, *_args: int) -> None:
        current = self.stack.currentIndex()
        for index, (label, text) in enumerate(zip(self.step_labels, STEPS, strict=True)):
            label.setText(f"{isolate(f'{index + 1}.', 'ltr')} {_(text)}")
            # All bold (a label's width follows its text, not a later change of font); the
            # steps not on show are greyed.
            font = QFont(label.font())
            font.setBold(True)
            label.setFont(font)
            label.setEnabled(index == current)
        self.back_button.setEnabled(current > 0)
        self.next_button.setEnabled(self.review is not None and current < self.stack.count() - 1)

    # --- writing ---------------------------------------------------------------------------

    def close_year(self) -> bool:
        review, year = self.review, self.selected_year()
        if review is None or year is None:
            return False
        self.errors.clear()
        waived = any(c.status is CheckStatus.WAIVED for c in review.checks)
        reason = self.reason.text()
        done = run_write(
            self.context,
            lambda session: close_after_checks(
                session,
                self.context.actor,
                year,
                without_reconciliation=waived,
                reason=require_reason(reason) if waived else None,
            ),
            changes={Change.BOOKS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            if self.errors.messages().get("reason"):
                self.go(0)
            return False
        self.waiver.setChecked(False)
        self._load_years(year)
        self.go(3)  # what follows a close: the lock (or the reopening)
        return True

    def lock_year(self) -> bool:
        year = self.selected_year()
        if year is None:
            return False
        self.errors.clear()
        done = run_write(
            self.context,
            lambda session: lock_year(session, self.context.actor, year),
            changes={Change.BOOKS},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self._load_years(year)
        return True

    def reopen_year(self) -> bool:
        year = self.selected_year()
        if year is None:
            return False
        self.errors.clear()
        self.reopen_errors.clear()
        reason = self.reopen_reason.text()
        done = run_write(
            self.context,
            lambda session: reopen_year(session, self.context.actor, year, reason),
            changes={Change.BOOKS},
            errors=self.reopen_errors,
            initiator=self,
        )
        if done is None:
            return False
        self.reopen_reason.clear()
        self._load_years(year)
        self.go(0)
        return True


__all__ = ["ClosingAssistant"]
