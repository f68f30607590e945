"""Board and assemblies: the current board and past terms, the assemblies and the workflow of
one assembly (convene, attendance and quorum, resolutions, election, closing, documents)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS, DeclarationKind
from nassij_desktop.core.governance.records import (
    STATE_LABELS,
    AssemblyState,
    AssemblySummary,
    TermRecord,
)
from nassij_desktop.core.governance.services import (
    ElectionResult,
    close_assembly,
    current_board,
    list_assemblies,
    list_terms,
    open_session,
)
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.ui.common.context import AppContext, Request, concerns
from nassij_desktop.ui.common.dialogs import confirm
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction
from nassij_desktop.ui.governance.assembly_panel import AssemblyPanel
from nassij_desktop.ui.governance.convene_dialog import ConveneDialog
from nassij_desktop.ui.governance.documents_dialog import DocumentsDialog
from nassij_desktop.ui.governance.elect_dialog import ElectDialog
from nassij_desktop.ui.governance.widgets import person_name

# The board and the assemblies; the register too (the names, the voting members of a sheet).
CONCERNS = frozenset({Change.GOVERNANCE, Change.MEMBERS})


class GovernancePage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dialog: QDialog | None = None  # the dialog on show (tests drive it)
        self._stale = False  # a change was announced since the assembly on show was read
        self.assemblies: list[AssemblySummary] = []
        self.board: TermRecord | None = None
        self.terms: list[TermRecord] = []
        self.tabs = QTabWidget(self)

        # Board tab: the board on show today, then every term.
        board_box = QWidget(self)
        self.board_title = QLabel(board_box)
        self.board_title.setWordWrap(True)
        self.board_title.setObjectName("board_title")
        self.board_table = QTableWidget(0, 3, board_box)
        self.board_table.setObjectName("board_table")
        self.board_table.verticalHeader().hide()
        scroll_with_direction(self.board_table)
        self.board_table.setItemDelegate(ScriptDelegate(self.board_table))
        self.board_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.board_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.board_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.terms_title = QLabel(board_box)
        self.terms_tree = QTreeWidget(board_box)
        self.terms_tree.setItemDelegate(ScriptDelegate(self.terms_tree))
        self.terms_tree.setObjectName("terms_tree")
        self.terms_tree.setColumnCount(3)
        self.terms_tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        board_layout = QVBoxLayout(board_box)
        board_layout.addWidget(self.board_title)
        board_layout.addWidget(self.board_table, 3)
        board_layout.addWidget(self.terms_title)
        board_layout.addWidget(self.terms_tree, 2)

        # Assemblies tab: the list and the chosen assembly.
        assemblies_box = QWidget(self)
        self.convene_button = QPushButton(assemblies_box)
        self.convene_button.setObjectName("convene_button")
        self.convene_button.clicked.connect(self.convene)
        self.convene_button.setVisible(context.can(Permission.GOVERNANCE_WRITE))
        self.assembly_table = QTableWidget(0, 3, assemblies_box)
        self.assembly_table.setObjectName("assembly_table")
        self.assembly_table.verticalHeader().hide()
        scroll_with_direction(self.assembly_table)
        self.assembly_table.setItemDelegate(ScriptDelegate(self.assembly_table))
        self.assembly_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.assembly_table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.assembly_table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            self.assembly_table.horizontalHeader().setSectionResizeMode(column, mode)
        self.assembly_table.itemSelectionChanged.connect(self._assembly_selected)
        self.panel = AssemblyPanel(context, assemblies_box)
        self.panel.edit_requested.connect(self.edit_convocation)
        self.panel.open_requested.connect(self.open_session)
        self.panel.elect_requested.connect(self.elect)
        self.panel.close_requested.connect(self.close_assembly)
        self.panel.documents_requested.connect(self.documents)
        self.panel.changed.connect(self._written)
        left = QWidget(assemblies_box)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.convene_button)
        top.addStretch(1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.assembly_table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, assemblies_box)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([420, 900])
        assemblies_layout = QVBoxLayout(assemblies_box)
        assemblies_layout.addWidget(splitter)

        self.tabs.addTab(board_box, "")
        self.tabs.addTab(assemblies_box, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        context.signals.data_changed.connect(self._data_changed)
        self._set_texts()
        self.refresh(reread=True)  # shows what it reads in the current language

    # --- text ------------------------------------------------------------------------------

    def title(self) -> str:
        return _("Board and assemblies")

    def retranslate(self) -> None:
        self._set_texts()
        self._show_board()
        self._show_terms()
        self._show_assemblies()
        # The rows were made again: the assembly on show is selected again.
        self._select_row(self.panel.detail.summary.id if self.panel.detail else None)
        self.panel.retranslate()

    def _set_texts(self) -> None:
        self.tabs.setTabText(0, _("Board"))
        self.tabs.setTabText(1, _("General assemblies"))
        self.board_table.setHorizontalHeaderLabels([_("Role"), _("Name"), _("Since")])
        self.terms_title.setText(_("Board terms"))
        self.terms_tree.setHeaderLabels([_("Term"), _("Name"), _("Dates")])
        self.convene_button.setText(_("Convene an assembly…"))
        self.assembly_table.setHorizontalHeaderLabels([_("Date"), _("Kind"), _("Status")])

    # --- loading ---------------------------------------------------------------------------

    def refresh(self, select: int | None = None, *, reread: bool = False) -> None:
        """Reload the board, the terms and the assemblies, and show assembly `select` (by
        default the one on show, else the latest).

        The main window calls this each time the page is shown: the assembly on show (a sheet
        of thousands of lines, a quorum counted over the register) is read again only when
        `reread`, when a change was announced since it was read, or when its own record
        changed (another version or state in the list just read)."""
        with self.context.database.session() as session:
            actor = self.context.actor
            self.board = current_board(session, actor, clock.today())
            self.terms = list_terms(session, actor)
            self.assemblies = list_assemblies(session, actor)
        self._show_board()
        self._show_terms()
        if select is None and self.panel.detail is not None:
            select = self.panel.detail.summary.id
        self._show_assemblies()
        if select not in {a.id for a in self.assemblies}:
            select = self.assemblies[0].id if self.assemblies else None
        shown = self.panel.detail.summary if self.panel.detail is not None else None
        summary = next((a for a in self.assemblies if a.id == select), None)
        if reread or self._stale or shown is None or shown != summary:
            self.select_assembly(select)
        else:
            self._select_row(select)  # the table was refilled: its selection too

    def _data_changed(self, changed: Changes) -> None:
        # A page out of sight only notes the change: the main window refreshes a page each
        # time it is shown, and an assembly of thousands of members is read again then, once,
        # not for each member edited meanwhile. Its own writes (its dialogs, the sheet) it
        # reloads itself, only what they changed (`_written`).
        if concerns(changed, CONCERNS) and not self.context.initiated_within(self):
            self._stale = True
            if self.isVisible():
                self.refresh()

    def _written(self, *, reload: bool = False, select: int | None = None) -> None:
        """After a write of this page (announced by it to the others): reload only what the
        write changed, so an attendance sheet being filled is not rebuilt at each line."""
        if reload:
            self.refresh(select, reread=True)

    def _upcoming(self) -> TermRecord | None:
        """A term elected but not yet in office (its assembly dated after today)."""
        today = clock.today()
        later = [t for t in self.terms if t.starts_on > today]
        return min(later, key=lambda t: t.starts_on) if later else None

    def _show_board(self) -> None:
        lang = current_language()
        board, upcoming = self.board, self._upcoming()
        if board is None and upcoming is None:
            self.board_title.setText(
                _(
                    "No board has been recorded yet. A board is elected at a general "
                    "assembly: convene one on the General assemblies tab."
                )
            )
            self.board_table.setRowCount(0)
            return
        if board is None:
            assert upcoming is not None
            board = upcoming
            self.board_title.setText(
                _("Board elected on {date}, in office from {start}").format(
                    date=format_date(board.elected_on or board.starts_on, lang, "long"),
                    start=format_date(board.starts_on, lang, "long"),
                )
            )
        else:
            self.board_title.setText(
                _("Current board, elected on {date}").format(
                    date=format_date(board.elected_on or board.starts_on, lang, "long")
                )
            )
        self.board_table.setRowCount(len(board.seats))
        for row, seat in enumerate(board.seats):
            for column, text in enumerate(
                (seat.title(lang), person_name(seat.member), format_date(seat.starts_on, lang))
            ):
                self.board_table.setItem(row, column, QTableWidgetItem(text))

    def _show_terms(self) -> None:
        lang = current_language()
        self.terms_tree.clear()
        for term in self.terms:
            dates = (
                format_date(term.starts_on, lang)
                + " – "
                + (
                    format_date(term.ends_on, lang)
                    if term.ends_on
                    else _("upcoming")
                    if term.starts_on > clock.today()
                    else _("running")
                )
            )
            parent = QTreeWidgetItem(
                [_("Term from {date}").format(date=format_date(term.starts_on, lang)), "", dates]
            )
            for seat in term.seats:
                seat_dates = (
                    format_date(seat.starts_on, lang)
                    + " – "
                    + (format_date(seat.ends_on, lang) if seat.ends_on else "")
                )
                parent.addChild(
                    QTreeWidgetItem([seat.title(lang), person_name(seat.member), seat_dates])
                )
            self.terms_tree.addTopLevelItem(parent)
        self.terms_tree.resizeColumnToContents(0)  # "Term from 15/03/2025" whole

    def _show_assemblies(self) -> None:
        lang = current_language()
        table = self.assembly_table
        table.blockSignals(True)
        table.setRowCount(len(self.assemblies))
        for row, a in enumerate(self.assemblies):
            cells = (
                format_date(a.held_on, lang),
                _(ASSEMBLY_KIND_LABELS[a.kind]),
                _(STATE_LABELS[a.state]),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                table.setItem(row, column, item)
        table.blockSignals(False)

    def may_leave(self) -> bool:
        return self.panel.may_leave()

    def _leaving_assembly(self, assembly_id: int | None) -> bool:
        """True when another assembly may be shown instead of the one on show (its typed
        minutes saved or discarded); else the one on show stays selected."""
        shown = self.panel.detail.summary.id if self.panel.detail is not None else None
        if shown is None or shown == assembly_id or self.panel.may_leave():
            return True
        self._select_row(shown)
        # again once the click that chose another row is over (else its selection would win)
        QTimer.singleShot(0, self, lambda: self._select_row(shown))
        return False

    def select_assembly(self, assembly_id: int | None) -> None:
        if not self._leaving_assembly(assembly_id):
            return
        row = self._select_row(assembly_id)
        self._stale = False
        self.panel.load(assembly_id if row is not None else None)

    def _select_row(self, assembly_id: int | None) -> int | None:
        row = next((i for i, a in enumerate(self.assemblies) if a.id == assembly_id), None)
        # Quietly: the selection signal would load the assembly a first time.
        self.assembly_table.blockSignals(True)
        try:
            if row is None:
                self.assembly_table.clearSelection()
            else:
                # Through the selection model: `selectRow` selects nothing in a right-to-left
                # table whose header is not laid out yet (the page being built in Arabic).
                table = self.assembly_table
                index = table.model().index(row, 0)
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                table.selectionModel().setCurrentIndex(index, flags)
        finally:
            self.assembly_table.blockSignals(False)
        return row

    def _assembly_selected(self) -> None:
        rows = self.assembly_table.selectionModel().selectedRows()
        if rows:
            assembly_id = self.assemblies[rows[0].row()].id
            if not self._leaving_assembly(assembly_id):
                return
            self._stale = False
            self.panel.load(assembly_id)

    # --- workflow --------------------------------------------------------------------------

    def _show_dialog(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def convene(self) -> ConveneDialog:
        dialog = ConveneDialog(self.context, parent=self)
        dialog.saved.connect(self._convened)
        self._show_dialog(dialog)
        return dialog

    def fulfil(self, request: Request, target_id: int | None = None) -> None:
        if request is Request.SHOW_ASSEMBLY:
            self.tabs.setCurrentIndex(1)
            if target_id is not None:
                self.refresh(target_id)

    def _convened(self, assembly_id: int) -> None:
        self.tabs.setCurrentIndex(1)
        self._written(reload=True, select=assembly_id)

    def edit_convocation(self) -> ConveneDialog | None:
        if self.panel.detail is None:
            return None
        dialog = ConveneDialog(self.context, self.panel.detail, parent=self)
        dialog.saved.connect(lambda _id: self._written(reload=True))
        self._show_dialog(dialog)
        return dialog

    def _run(self, action: Callable[[Session], object]) -> bool:
        done = run_write(
            self.context, action, changes={Change.GOVERNANCE}, parent=self, initiator=self
        )
        if done is None:
            return False
        self._written(reload=True)
        return True

    def open_session(self) -> None:
        detail = self.panel.detail
        if detail is not None:
            self._run(lambda s: open_session(s, self.context.actor, detail.summary.id))

    def close_assembly(self) -> bool:
        detail = self.panel.detail
        if detail is None:
            return False
        if not confirm(
            self,
            _("Close the assembly"),
            _("Once closed, the attendance and the resolutions can no longer change."),
            _("Close the assembly"),
        ):
            return False
        return self._run(lambda s: close_assembly(s, self.context.actor, detail.summary.id))

    def elect(self) -> ElectDialog | None:
        detail = self.panel.detail
        if detail is None:
            return None
        dialog = ElectDialog(self.context, detail.summary, parent=self)
        dialog.elected.connect(self._elected)
        self._show_dialog(dialog)
        return dialog

    def _elected(self, result: ElectionResult) -> None:
        self._written(reload=True)
        assert self.panel.detail is not None
        self._show_dialog(
            DocumentsDialog(
                self.context,
                self.panel.detail.summary.id,
                result.term.id,
                result.declaration_due_on,
                parent=self,
            )
        )

    def documents(self) -> DocumentsDialog | None:
        detail = self.panel.detail
        if detail is None:
            return None
        declaration = detail.declaration
        due = declaration.due_on if declaration and declaration.filed_on is None else None
        state = detail.summary.state
        dialog = DocumentsDialog(
            self.context,
            detail.summary.id,
            detail.elected_term_id,
            due,
            parent=self,
            held=state in (AssemblyState.IN_SESSION, AssemblyState.CLOSED),
            statutes=declaration is not None
            and declaration.kind is DeclarationKind.STATUTES_CHANGE,
        )
        self._show_dialog(dialog)
        return dialog
