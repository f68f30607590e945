"""The Treasury page: quick entries, the entries list, the treasury accounts and one entry.

The list is a `LazyTableModel` over `EntrySource`: only the rows on screen are read, so the
page opens as fast over ten years of books as over one. Writers (treasurer, administrator)
see the quick-entry buttons; readers (viewer) see the same page without them.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.books.entries import get_entry
from nassij_desktop.core.books.entry_list import (
    EntryFilter,
    EntryRow,
    entry_detail,
    journal_codes,
)
from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.quick_entries import (
    QuickEntryChoices,
    QuickEntryRecord,
    quick_entry_choices,
)
from nassij_desktop.core.books.treasury import TreasuryBalance, treasury_balances
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_money, format_number, isolate
from nassij_desktop.ui.books.balances import TreasuryPanel
from nassij_desktop.ui.books.budgets_dialog import BudgetsDialog
from nassij_desktop.ui.books.chart_dialog import ChartDialog
from nassij_desktop.ui.books.closing_dialog import ClosingAssistant
from nassij_desktop.ui.books.columns import EntryTableModel, entry_columns, entry_number
from nassij_desktop.ui.books.detail import EntryDetailPanel
from nassij_desktop.ui.books.draft_actions import DraftActions
from nassij_desktop.ui.books.export_dialog import ExportDialog
from nassij_desktop.ui.books.filters import EntryFilters
from nassij_desktop.ui.books.general_entry_dialog import GeneralEntryDialog
from nassij_desktop.ui.books.quick_dialogs import (
    ExpenseDialog,
    QuickDialog,
    ReceiptDialog,
    SalaryDialog,
    SubsidyDialog,
    TransferDialog,
)
from nassij_desktop.ui.books.reconciliation_dialog import ReconciliationDialog
from nassij_desktop.ui.books.reversal_dialog import ReversalDialog
from nassij_desktop.ui.books.source import EntrySource
from nassij_desktop.ui.books.statements_view import StatementsWindow
from nassij_desktop.ui.books.treasury_accounts_dialog import (
    NewTreasuryAccountDialog,
    TreasuryAccountsDialog,
)
from nassij_desktop.ui.books.treasury_dialog import TreasuryAccountDialog
from nassij_desktop.ui.common import tables
from nassij_desktop.ui.common.context import AppContext, concerns
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.filter_bar import action_row
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.tables import lazy_table_view

# Entries come from the books' own forms, and from dues, donations and grants posting there.
CONCERNS = frozenset({Change.BOOKS, Change.DUES, Change.DONATIONS, Change.FUNDING})


class BooksPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.choices = QuickEntryChoices((), (), ())
        self.balances: list[TreasuryBalance] = []
        self.source = EntrySource(context.database, context.actor)
        self.model = EntryTableModel(self.source, entry_columns(), parent=self)
        self._build()
        self._load_reference()
        self.retranslate()
        self.model.reload()
        self._update_count()
        context.signals.data_changed.connect(self._data_changed)

    # --- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.receipt_button = QPushButton(self)
        self.expense_button = QPushButton(self)
        self.transfer_button = QPushButton(self)
        # The entries a treasurer types less often wait in a menu, so that the toolbar fits
        # the default window in either language.
        self.more_button = QPushButton(self)
        self.more_button.setObjectName("more_entries_button")
        self.more_menu = QMenu(self.more_button)
        self.more_button.setMenu(self.more_menu)
        self.subsidy_action = self.more_menu.addAction("", self.new_subsidy)
        self.salary_action = self.more_menu.addAction("", self.new_salary)
        self.more_menu.addSeparator()
        self.account_action = self.more_menu.addAction("", self.new_treasury_account)
        # The accountant's multi-line entry heads the menu.
        self.general_action = self.more_menu.addAction("", self.new_general_entry)
        self.more_menu.insertAction(self.subsidy_action, self.general_action)
        self.statements_button = QPushButton(self)
        self.statements_button.setObjectName("statements_button")
        self.statements_button.clicked.connect(self.show_statements)
        self._actions = (
            (self.receipt_button, N_("Receipt"), "Ctrl+R", self.new_receipt),
            (self.expense_button, N_("Expense"), "Ctrl+E", self.new_expense),
            (self.transfer_button, N_("Transfer"), "Ctrl+T", self.new_transfer),
        )
        writable = self.context.can(Permission.BOOKS_WRITE)
        for button, _text, _shortcut, slot in self._actions:
            button.clicked.connect(slot)
            button.setVisible(writable)
        self.more_button.setVisible(writable)
        self.receipt_button.setObjectName("receipt_button")
        self._build_books_menu()
        self.message = Feedback(self, "books_message")

        self.filters = EntryFilters(self)
        self.filters.changed.connect(self.apply_filters)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("entry_count")

        self.table = lazy_table_view(self, self.model, "entry_table")
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._current_changed)

        self.treasury = TreasuryPanel(self)
        self.detail = EntryDetailPanel(self, self.context)
        # A validated entry is corrected by its reversal, from here (writers only).
        self.reverse_button = QPushButton(self)
        self.reverse_button.setObjectName("reverse_button")
        self.reverse_button.clicked.connect(self.reverse_current)
        self.reverse_button.setVisible(self.context.can(Permission.BOOKS_WRITE))
        self.reverse_button.setEnabled(False)
        self.draft_actions = DraftActions(self.context, self.message, self)
        self.draft_actions.edit_button.clicked.connect(self.edit_current_draft)

        actions = action_row(
            (*(button for button, *_rest in self._actions), self.more_button),
            trailing=(self.statements_button, self.books_button),  # readers too
        )

        entries = QWidget(self)
        left = QVBoxLayout(entries)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.filters)
        left.addWidget(self.table, 1)
        left.addWidget(self.count_label)
        side = QWidget(self)
        right = QVBoxLayout(side)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.treasury)
        right.addWidget(self.detail, 1)
        right.addWidget(self.reverse_button, 0, Qt.AlignmentFlag.AlignLeading)
        right.addWidget(self.draft_actions)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(entries)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 400])  # in proportion: the lines and balances readable

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

    def title(self) -> str:
        return _("Treasury")

    def retranslate(self) -> None:
        for button, text, shortcut, _slot in self._actions:
            button.setText(_(text))
            if shortcut:
                # After the text: QAbstractButton.setText replaces the shortcut by the text's
                # mnemonic (none), so a shortcut set before it would be lost.
                button.setShortcut(shortcut)
                button.setToolTip(f"{_(text)} ({shortcut})")
        self.more_button.setText(_("Other entries"))
        self.subsidy_action.setText(_("Subsidy tranche"))
        self.salary_action.setText(_("Salary"))
        self.account_action.setText(_("New treasury account"))
        self.general_action.setText(_("General entry (several lines)…"))
        self.statements_button.setText(_("Statements"))
        self.reverse_button.setText(_("Reverse this entry…"))
        self._retranslate_books_menu()
        self.filters.retranslate()
        self.treasury.retranslate()
        self.detail.retranslate()
        self.model.retranslate()
        self._update_count()

    def refresh(self) -> None:
        self._load_reference()
        self.model.invalidate()
        self._update_count()
        self._current_changed()

    # --- reading ---------------------------------------------------------------------------

    def _load_reference(self) -> None:
        today = clock.today()
        with self.context.database.session() as session:
            self.choices = quick_entry_choices(session, self.context.actor)
            self.balances = treasury_balances(session, self.context.actor, today)
            journals = journal_codes(session, self.context.actor)
        self.treasury.show_balances(self.balances, today)
        self.filters.set_references(journals, self.choices.projects, self.choices.funders)

    def apply_filters(self) -> None:
        try:
            self.source.filter = self.filters.entry_filter()
        except ValidationError as error:
            self.message.fail(str(error))
            return
        self.message.clear_message()
        self.model.reload()
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(
            _("Entries: {count}").format(count=format_number(self.model.rowCount()))
        )

    def select_row(self, row: int) -> None:
        tables.select_row(self.table, row)

    def current_row(self) -> EntryRow | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def _current_changed(self, *_args: QModelIndex | QPersistentModelIndex) -> None:
        row = self.current_row()
        if row is None:
            self.detail.show_entry(None)
        else:
            try:
                with self.context.database.session() as session:
                    self.detail.show_entry(entry_detail(session, self.context.actor, row.id))
            except NassijError as error:
                self.detail.show_entry(None)
                self.message.fail(str(error))
        shown = self.detail.detail
        self.reverse_button.setEnabled(shown is not None and shown.reversible)
        self.draft_actions.show_for(shown)

    def reverse_current(self) -> ReversalDialog | None:
        """The reversal of the entry on show, once the treasurer confirms its date."""
        shown = self.detail.detail
        if shown is None or not shown.reversible:
            return None
        dialog = ReversalDialog(self.context, shown, self)
        dialog.accepted.connect(lambda: self._reversed(dialog))
        self._show(dialog)
        return dialog

    def _reversed(self, dialog: ReversalDialog) -> None:
        if dialog.record is not None and dialog.record.code is not None:
            code = dialog.record.code
            self.message.say(lambda: _("Entry {entry} recorded").format(entry=isolate(code, "ltr")))

    def show_statements(self) -> StatementsWindow:
        """The statements in a window of their own; a ledger line leads back to this list."""
        window = StatementsWindow(self.context, self)
        window.view.entries_requested.connect(self.show_entries)
        self._show(window)
        return window

    def show_entries(self, wanted: EntryFilter) -> None:
        """The list filtered to `wanted`'s dates and account only (from a statement's line)."""
        self.filters.blockSignals(True)
        self.filters.clear()
        self.filters.date_from.set_date(wanted.date_from)
        self.filters.date_to.set_date(wanted.date_to)
        self.filters.account.setText(wanted.account or "")
        self.filters.blockSignals(False)
        self.apply_filters()
        if self.model.rowCount():
            self.select_row(0)  # its lines beside the list
        self.window().activateWindow()

    # --- writing ---------------------------------------------------------------------------

    def new_receipt(self) -> QuickDialog:
        return self._quick(ReceiptDialog(self.context, self.choices, self.balances, self))

    def new_expense(self) -> QuickDialog:
        return self._quick(ExpenseDialog(self.context, self.choices, self.balances, self))

    def new_transfer(self) -> QuickDialog:
        return self._quick(TransferDialog(self.context, self.choices, self.balances, self))

    def new_subsidy(self) -> QuickDialog:
        return self._quick(SubsidyDialog(self.context, self.choices, self.balances, self))

    def new_salary(self) -> QuickDialog:
        return self._quick(SalaryDialog(self.context, self.choices, self.balances, self))

    def new_treasury_account(self) -> TreasuryAccountDialog:
        # With its opening balance, as from the treasury accounts' list.
        dialog = NewTreasuryAccountDialog(self.context, self.choices.accounts, self)
        dialog.accepted.connect(lambda: self._account_added(dialog))
        self._show(dialog)
        return dialog

    def open_closing(self) -> ClosingAssistant:
        """The year-closing assistant: readers see the checks, writers close."""
        dialog = ClosingAssistant(self.context, parent=self)
        self._show(dialog)
        return dialog

    def open_reconciliation(self) -> ReconciliationDialog:
        banks = [b for b in self.balances if b.kind is TreasuryKind.BANK and b.active]
        dialog = ReconciliationDialog(self.context, banks, self.choices.accounts, self)
        self._show(dialog)
        return dialog

    # --- the books menu: chart, treasury accounts, budgets, exports (readers see them too;
    # their writing buttons follow the role) -------------------------------------------------

    def _build_books_menu(self) -> None:
        self.books_button = QPushButton(self)
        self.books_button.setObjectName("books_menu_button")
        self.books_menu = QMenu(self.books_button)
        self.books_button.setMenu(self.books_menu)
        # The month's and the year's tasks, then the set-up: one menu keeps the toolbar within
        # a small laptop's width in French. Readers see the reconciliation and the closing
        # checks too (their figures); their writing buttons follow the role.
        self.reconcile_action = self.books_menu.addAction("", self.open_reconciliation)
        self.closing_action = self.books_menu.addAction("", self.open_closing)
        self.books_menu.addSeparator()
        self.chart_action = self.books_menu.addAction("", self.open_chart)
        self.treasury_accounts_action = self.books_menu.addAction("", self.open_treasury_accounts)
        self.budgets_action = self.books_menu.addAction("", self.open_budgets)
        self.books_menu.addSeparator()
        self.export_action = self.books_menu.addAction("", self.open_export)
        self.books_button.setVisible(self.context.can(Permission.BOOKS_READ))

    def _retranslate_books_menu(self) -> None:
        self.books_button.setText(_("Books"))
        self.reconcile_action.setText(_("Bank reconciliation…"))
        self.closing_action.setText(_("Year closing…"))
        self.chart_action.setText(_("Chart of accounts"))
        self.treasury_accounts_action.setText(_("Treasury accounts"))
        self.budgets_action.setText(_("Budgets"))
        self.export_action.setText(_("Export for the accountant…"))

    def open_chart(self) -> ChartDialog:
        dialog = ChartDialog(self.context, self)
        self._show(dialog)
        return dialog

    def open_treasury_accounts(self) -> TreasuryAccountsDialog:
        dialog = TreasuryAccountsDialog(self.context, self)
        self._show(dialog)
        return dialog

    def open_budgets(self) -> BudgetsDialog:
        dialog = BudgetsDialog(self.context, self)
        self._show(dialog)
        return dialog

    def open_export(self) -> ExportDialog:
        dialog = ExportDialog(self.context, self)
        self._show(dialog)
        return dialog

    def _quick(self, dialog: QuickDialog) -> QuickDialog:
        dialog.accepted.connect(lambda: self._recorded(dialog.record))
        self._show(dialog)
        return dialog

    def _recorded(self, record: QuickEntryRecord | None) -> None:
        if record is None:
            return
        self.message.say(
            lambda: _("Entry {number} recorded: {amount}.").format(
                number=entry_number(record.journal, record.number),
                amount=format_money(record.amount),
            )
        )
        # The new entry heads the list (newest first) when the filters show it.
        for row in range(min(self.model.rowCount(), self.model.page_size)):
            shown = self.model.row(row)
            if shown is not None and shown.id == record.entry_id:
                self.select_row(row)
                break

    def new_general_entry(self) -> GeneralEntryDialog:
        dialog = GeneralEntryDialog(self.context, self.choices, self)
        dialog.accepted.connect(lambda: self._general_saved(dialog))
        self._show(dialog)
        return dialog

    def edit_current_draft(self) -> GeneralEntryDialog | None:
        """The draft on show in the general entry dialog, with its lines."""
        shown = self.detail.detail
        if shown is None or shown.validated:
            return None
        try:
            with self.context.database.session() as session:
                draft = get_entry(session, self.context.actor, shown.id)
        except NassijError as error:
            self.message.fail(str(error))
            return None
        dialog = GeneralEntryDialog(self.context, self.choices, self, draft=draft)
        dialog.accepted.connect(lambda: self._general_saved(dialog))
        self._show(dialog)
        return dialog

    def _general_saved(self, dialog: GeneralEntryDialog) -> None:
        record = dialog.record
        if record is None:
            return
        code = record.code
        if code is None:
            self.message.say(lambda: _("Draft saved."))
        else:
            self.message.say(lambda: _("Entry {entry} recorded").format(entry=isolate(code, "ltr")))
        self.select_entry(record.id)

    def select_entry(self, entry_id: int) -> bool:
        """Select the entry `entry_id` when the first page of the list shows it."""
        for row in range(min(self.model.rowCount(), self.model.page_size)):
            shown = self.model.row(row)
            if shown is not None and shown.id == entry_id:
                self.select_row(row)
                return True
        return False

    def _account_added(self, dialog: TreasuryAccountDialog) -> None:
        record = dialog.record
        if record is not None:
            self.message.say(lambda: _("Treasury account “{name}” added.").format(name=record.name))

    def _data_changed(self, changed: Changes) -> None:
        if concerns(changed, CONCERNS):
            self.refresh()


__all__ = ["BooksPage"]
