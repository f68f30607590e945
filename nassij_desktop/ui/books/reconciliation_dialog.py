"""The bank reconciliation, reached from the Treasury page: the bank's statement lines beside
the books' lines of the bank account, the suggested matches, and the balances at a day.

Everything goes through `core/books/reconciliation.py` (the CLI's and the PDF's services).
The keyboard does it all: Tab between the two lists, Ctrl+M matches the two current lines,
Ctrl+Shift+M accepts every suggestion, Ctrl+U unmatches, Ctrl+L clears a book line, Ctrl+B
books the current statement line against the chosen account, Ctrl+I imports a file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.quick_entries import AccountChoice
from nassij_desktop.core.books.reconciliation import (
    BankLine,
    BookLine,
    MatchSuggestion,
    ReconciliationStatement,
    accept_suggestions,
    bank_lines,
    book_lines,
    book_missing_line,
    clear_line,
    import_bank_statement,
    match_lines,
    reconciliation_statement,
    suggest_matches,
    unclear_line,
    unmatch_line,
)
from nassij_desktop.core.books.treasury import TreasuryBalance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import N_, _, ngettext
from nassij_desktop.i18n.formatting import format_amount, format_date, isolate
from nassij_desktop.ui.books.choices import AccountBox
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import ScriptDelegate

_NUMBER = Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
_SUGGESTED = QColor(255, 244, 204)  # a pale yellow: proposed, not yet accepted
_MATCHED = QColor(221, 238, 221)  # a pale green: matched or cleared
_ID = Qt.ItemDataRole.UserRole

BANK_COLUMNS = (N_("Date"), N_("Bank label"), N_("Amount"), N_("In the books"))
BOOK_COLUMNS = (N_("Date"), N_("Entry"), N_("Label"), N_("Amount"), N_("Cleared"))
SUMMARY = (
    N_("Book balance"),
    N_("Book lines not yet on the statement, taken out"),
    N_("Statement lines not yet in the books, added"),
    N_("Expected bank balance"),
    N_("Bank balance per statement"),
    N_("Difference"),
)


def _table(parent: QWidget, name: str, columns: int, stretch: int) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab goes on to the next list, not the next cell
    table.verticalHeader().hide()
    table.setItemDelegate(ScriptDelegate(table))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _item(
    text: str, line_id: int | None = None, *, number: bool = False, ltr: bool = False
) -> QTableWidgetItem:
    # An amount's sign and an entry code's dashes keep their order in an Arabic table.
    item = QTableWidgetItem(isolate(text, "ltr") if text and (number or ltr) else text)
    if line_id is not None:
        item.setData(_ID, line_id)
    if number:
        item.setTextAlignment(_NUMBER)
    return item


class ReconciliationDialog(BaseDialog):
    def __init__(
        self,
        context: AppContext,
        banks: Sequence[TreasuryBalance],
        accounts: Sequence[AccountChoice],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reconciliation_dialog")
        self.context = context
        self.banks = list(banks)
        self.bank_rows: list[BankLine] = []
        self.book_rows: list[BookLine] = []
        self.suggestions: list[MatchSuggestion] = []
        self.statement: ReconciliationStatement | None = None
        self.setMinimumSize(1000, 620)
        writable = context.can(Permission.BOOKS_WRITE)

        self.bank_box = QComboBox(self)
        for bank in self.banks:
            self.bank_box.addItem(f"{bank.name} ({bank.account})", bank.id)
        self.bank_box.setObjectName("reconcile_bank")
        self.as_of = DateEdit(self, clock.today())
        self.as_of.setObjectName("reconcile_date")
        self.bank_label = QLabel(self)
        self.date_label = QLabel(self)
        self.bank_label.setBuddy(self.bank_box)
        self.date_label.setBuddy(self.as_of)
        self.show_button = QPushButton(self)
        self.import_button = QPushButton(self)

        self.bank_heading = QLabel(self)
        self.book_heading = QLabel(self)
        for heading in (self.bank_heading, self.book_heading):
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
        self.bank_table = _table(self, "bank_lines", len(BANK_COLUMNS), 1)
        self.book_table = _table(self, "book_lines", len(BOOK_COLUMNS), 2)
        self.bank_heading.setBuddy(self.bank_table)
        self.book_heading.setBuddy(self.book_table)
        self.bank_table.currentCellChanged.connect(self._bank_line_changed)

        self.accept_button = QPushButton(self)
        self.accept_button.setObjectName("accept_suggestions")
        self.match_button = QPushButton(self)
        self.unmatch_button = QPushButton(self)
        self.clear_button = QPushButton(self)
        self.book_button = QPushButton(self)
        self.book_account = AccountBox(self)
        self.book_account.setObjectName("book_account")
        self.book_account.set_accounts([a for a in accounts if a.account_class in (6, 7)])
        self.book_account.set_account("6147")  # bank services: the usual line the books lack
        self.voucher = QLineEdit(self)
        self.voucher.setObjectName("book_voucher")
        self.account_label = QLabel(self)
        self.voucher_label = QLabel(self)
        self.account_label.setBuddy(self.book_account)
        self.voucher_label.setBuddy(self.voucher)

        self._buttons: tuple[tuple[QPushButton, str, str, Callable[[], object]], ...] = (
            (self.show_button, N_("Show"), "", self.reload),
            (self.import_button, N_("Import a statement…"), "Ctrl+I", self.choose_file),
            (self.accept_button, N_("Accept the suggestions"), "Ctrl+Shift+M", self.accept_all),
            (self.match_button, N_("Match"), "Ctrl+M", self.match_current),
            (self.unmatch_button, N_("Unmatch"), "Ctrl+U", self.unmatch_current),
            (self.clear_button, N_("Cleared / not cleared"), "Ctrl+L", self.toggle_cleared),
            (self.book_button, N_("Book the statement line"), "Ctrl+B", self.book_current),
        )
        for button, _text, _shortcut, slot in self._buttons:
            button.clicked.connect(slot)
            button.setAutoDefault(False)
            if button is not self.show_button:
                button.setVisible(writable)
        for widget in (self.book_account, self.voucher, self.account_label, self.voucher_label):
            widget.setVisible(writable)

        self.summary_labels = [QLabel(self) for _text in SUMMARY]
        self.summary_values = [QLabel(self) for _text in SUMMARY]
        for index, value in enumerate(self.summary_values):
            value.setObjectName(f"summary_{index}")
            value.setAlignment(_NUMBER)
        self.status = QLabel(self)
        self.status.setObjectName("reconcile_status")
        self.message = Feedback(self, "reconcile_message")

        top = QHBoxLayout()
        top.addWidget(self.bank_label)
        top.addWidget(self.bank_box, 1)
        top.addWidget(self.date_label)
        top.addWidget(self.as_of)
        top.addWidget(self.show_button)
        top.addStretch(1)
        top.addWidget(self.import_button)

        bank_side = QVBoxLayout()
        bank_side.addWidget(self.bank_heading)
        bank_side.addWidget(self.bank_table, 1)
        book_side = QVBoxLayout()
        book_side.addWidget(self.book_heading)
        book_side.addWidget(self.book_table, 1)
        lists = QHBoxLayout()
        lists.addLayout(bank_side, 1)
        lists.addLayout(book_side, 1)

        actions = QHBoxLayout()
        for button in (self.accept_button, self.match_button, self.unmatch_button):
            actions.addWidget(button)
        actions.addWidget(self.clear_button)
        actions.addStretch(1)
        booking = QFormLayout()
        booking.addRow(self.account_label, self.book_account)
        booking.addRow(self.voucher_label, self.voucher)
        actions.addLayout(booking)
        actions.addWidget(self.book_button)

        summary = QGridLayout()
        for row, (label, value) in enumerate(
            zip(self.summary_labels, self.summary_values, strict=True)
        ):
            summary.addWidget(label, row, 0)
            summary.addWidget(value, row, 1)
        summary.setColumnStretch(2, 1)
        summary.addWidget(self.status, len(SUMMARY), 0, 1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(lists, 1)
        layout.addLayout(actions)
        layout.addLayout(summary)
        self.retranslate()
        self.reload()
        self.bank_table.setFocus()

    # --- texts -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(_("Bank reconciliation"))
        self.bank_label.setText(_("Bank account"))
        self.date_label.setText(_("At"))
        self.bank_heading.setText(_("Bank statement"))
        self.book_heading.setText(_("Books"))
        self.account_label.setText(_("Account"))
        self.voucher_label.setText(_("Voucher"))
        self.bank_table.setHorizontalHeaderLabels([_(c) for c in BANK_COLUMNS])
        self.book_table.setHorizontalHeaderLabels([_(c) for c in BOOK_COLUMNS])
        for button, text, shortcut, _slot in self._buttons:
            button.setText(_(text))  # which drops the shortcut (a mnemonic may replace it)
            if shortcut:
                button.setShortcut(shortcut)
                button.setToolTip(f"{_(text)} ({shortcut})")
        for label, text in zip(self.summary_labels, SUMMARY, strict=True):
            label.setText(_(text))
        self.book_account.retranslate()
        if self.statement is not None:
            self._show()

    # --- reading ---------------------------------------------------------------------------

    def treasury_id(self) -> int | None:
        value = self.bank_box.currentData()
        return value if isinstance(value, int) else None

    def reload(self) -> None:
        treasury = self.treasury_id()
        if treasury is None:
            self.message.fail(_("The books have no bank account to reconcile."))
            return
        try:
            day = self.as_of.date(required=True)
            with self.context.database.session() as session:
                actor = self.context.actor
                self.statement = reconciliation_statement(session, actor, treasury, day)
                self.bank_rows = bank_lines(session, actor, treasury, as_of=day)
                self.book_rows = book_lines(session, actor, treasury, as_of=day)
                self.suggestions = [
                    s
                    for s in suggest_matches(session, actor, treasury)
                    if s.bank_line.day <= day and s.book_line.day <= day
                ]
        except NassijError as error:
            self.message.fail(str(error))
            return
        self._show()

    def _show(self) -> None:
        suggested_bank = {s.bank_line.id: s for s in self.suggestions}
        suggested_book = {s.book_line.id for s in self.suggestions}
        entries = {b.id: b.entry for b in self.book_rows}
        self.bank_table.setRowCount(len(self.bank_rows))
        for row, line in enumerate(self.bank_rows):
            suggestion = suggested_bank.get(line.id)
            if line.journal_line_id is not None:
                where = isolate(entries.get(line.journal_line_id, "✓"), "ltr")
            elif suggestion is not None:
                where = _("suggested: {entry}").format(
                    entry=isolate(suggestion.book_line.entry, "ltr")
                )
            else:
                where = ""
            cells: tuple[QTableWidgetItem, ...] = (
                _item(format_date(line.day), line.id),
                _item(line.label),
                _item(format_amount(line.amount), number=True),
                _item(where),
            )
            for column, item in enumerate(cells):
                if line.journal_line_id is not None:
                    item.setBackground(_MATCHED)
                elif suggestion is not None:
                    item.setBackground(_SUGGESTED)
                self.bank_table.setItem(row, column, item)
        self.book_table.setRowCount(len(self.book_rows))
        for row, book in enumerate(self.book_rows):
            cleared = book.cleared_on is not None and book.cleared_on <= self._day()
            cells = (
                _item(format_date(book.day), book.id),
                _item(book.entry, ltr=True),
                _item(book.label),
                _item(format_amount(book.amount), number=True),
                _item(format_date(book.cleared_on) if cleared and book.cleared_on else ""),
            )
            for column, item in enumerate(cells):
                if cleared:
                    item.setBackground(_MATCHED)
                elif book.id in suggested_book:
                    item.setBackground(_SUGGESTED)
                self.book_table.setItem(row, column, item)
        self._show_summary()

    def _day(self) -> dt.date:
        return self.statement.as_of if self.statement is not None else clock.today()

    def _show_summary(self) -> None:
        s = self.statement
        if s is None:
            return
        unknown = _("unknown")
        values: list[Decimal | None] = [
            s.book_balance,
            -s.uncleared_total,
            s.unmatched_total,
            s.expected_bank_balance,
            s.bank_balance,
            s.difference,
        ]
        for label, value in zip(self.summary_values, values, strict=True):
            label.setText(unknown if value is None else isolate(format_amount(value), "ltr"))
        if s.reconciled:
            self.status.setText(_("The bank account is reconciled."))
        else:
            self.status.setText(
                _("The bank account is not reconciled.")
                + " "
                + ngettext(
                    "{count} suggested match.", "{count} suggested matches.", len(self.suggestions)
                ).format(count=len(self.suggestions))
            )

    def _current(self, table: QTableWidget) -> int | None:
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        value = item.data(_ID) if item is not None else None
        return value if isinstance(value, int) else None

    def _bank_line_changed(self, row: int, *_args: int) -> None:
        """The suggested book line of the current statement line becomes the current one."""
        if not 0 <= row < len(self.bank_rows):
            return
        line = self.bank_rows[row]
        wanted = line.journal_line_id or next(
            (s.book_line.id for s in self.suggestions if s.bank_line.id == line.id), None
        )
        for index, book in enumerate(self.book_rows):
            if book.id == wanted:
                self.book_table.setCurrentCell(index, 0)
                break

    # --- writing ---------------------------------------------------------------------------

    def _write(self, fn: Callable[[Session, int], object], done: Callable[[object], str]) -> bool:
        treasury = self.treasury_id()
        if treasury is None:
            return False
        written = run_write(
            self.context,
            lambda session: fn(session, treasury),
            changes={Change.BOOKS},
            failure=lambda error: self.message.fail(str(error)),
            initiator=self,
        )
        if written is None:
            return False
        value = written.value
        self.reload()
        self.message.say(lambda: done(value))
        return True

    def choose_file(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Bank statement"), "", _("Bank statements (*.csv *.txt *.xlsx)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> bool:
        try:
            content = path.read_bytes()
        except OSError as error:
            self.message.fail(
                _("The file {file} cannot be read ({error}).").format(
                    file=path.name, error=error.strerror
                )
            )
            return False
        return self._write(
            lambda session, treasury: (
                import_bank_statement(
                    session, self.context.actor, treasury, path.name, content
                ).lines
            ),
            lambda count: (
                ngettext(
                    "{count} statement line imported.", "{count} statement lines imported.", count
                ).format(count=count)
                if isinstance(count, int)
                else ""
            ),
        )

    def accept_all(self) -> bool:
        return self._write(
            lambda session, treasury: accept_suggestions(session, self.context.actor, treasury),
            lambda count: (
                ngettext("{count} line matched.", "{count} lines matched.", count).format(
                    count=count
                )
                if isinstance(count, int)
                else ""
            ),
        )

    def match_current(self) -> bool:
        bank, book = self._current(self.bank_table), self._current(self.book_table)
        if bank is None or book is None:
            self.message.fail(_("Choose a statement line and a book line."))
            return False
        return self._write(
            lambda session, treasury: match_lines(
                session, self.context.actor, treasury, [(bank, book)]
            ),
            lambda _count: _("The lines are matched."),
        )

    def unmatch_current(self) -> bool:
        bank = self._current(self.bank_table)
        if bank is None:
            self.message.fail(_("Choose a statement line."))
            return False
        return self._write(
            lambda session, treasury: unmatch_line(session, self.context.actor, treasury, bank),
            lambda _none: _("The statement line is unmatched."),
        )

    def toggle_cleared(self) -> bool:
        book = self._current(self.book_table)
        line = next((b for b in self.book_rows if b.id == book), None)
        if line is None:
            self.message.fail(_("Choose a book line."))
            return False
        if line.cleared_on is not None:
            return self._write(
                lambda session, treasury: unclear_line(
                    session, self.context.actor, treasury, line.id
                ),
                lambda _none: _("The line is no longer cleared."),
            )
        day = self._day()
        return self._write(
            lambda session, treasury: clear_line(
                session, self.context.actor, treasury, line.id, day
            ),
            lambda _none: _("The line is cleared."),
        )

    def book_current(self) -> bool:
        bank = self._current(self.bank_table)
        if bank is None:
            self.message.fail(_("Choose a statement line."))
            return False
        account, voucher = self.book_account.account(), self.voucher.text()
        return self._write(
            lambda session, treasury: book_missing_line(
                session, self.context.actor, treasury, bank, account=account, voucher=voucher
            ),
            lambda _entry: _("The statement line is booked and matched."),
        )


__all__ = ["ReconciliationDialog"]
