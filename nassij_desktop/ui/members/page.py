"""The member register: search as you type, filters, a lazy table, and the member dialogs.

The table reads only the rows on screen (`LazyTableModel` over `MemberSource`), so the page
opens and answers each keystroke as fast with 100 000 members as with 100.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change, Changes
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.exports.members import ExportFormat, export_members
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.search import MemberOrder, member_cities, name_order
from nassij_desktop.core.members.services import CategoryRecord, list_categories, update_member
from nassij_desktop.core.privacy.records import AnonymisedMember
from nassij_desktop.i18n import N_, _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_number, isolate
from nassij_desktop.reports.request import ReportResult
from nassij_desktop.ui.common import dialogs, tables
from nassij_desktop.ui.common.context import AppContext, Request, concerns
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path
from nassij_desktop.ui.common.filter_bar import Count, FilterBar, Search, action_row
from nassij_desktop.ui.common.lazy_model import LazyTableModel
from nassij_desktop.ui.common.operations import Operation, in_read_session, run_write
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.preferences import app_settings
from nassij_desktop.ui.common.tables import lazy_table_view, refit
from nassij_desktop.ui.members.arrears_dialog import ArrearsDialog
from nassij_desktop.ui.members.bulk_dues_dialog import BulkDuesDialog
from nassij_desktop.ui.members.columns import member_columns
from nassij_desktop.ui.members.dues_dialog import DuesDialog
from nassij_desktop.ui.members.filters import MemberFilters
from nassij_desktop.ui.members.member_form import MemberFormDialog
from nassij_desktop.ui.members.printing import preview
from nassij_desktop.ui.members.privacy import (
    AnonymiseDialog,
    RetentionDialog,
    anonymised_message,
    export_json,
    export_pdf,
)
from nassij_desktop.ui.members.source import MemberSource
from nassij_desktop.ui.members.status_dialog import StatusDialog

SEARCH_DELAY_MS = 150
SEARCH_HINT = N_("Search by name (Arabic or Latin letters), number, phone…  (Ctrl+F)")
MAX_CARDS = 500  # one print run; a larger one is a register, not cards
MAX_SELECTED = 5000  # members chosen by hand for bulk dues; more: by category or all
# The register, and the dues of the year its filters and columns show.
CONCERNS = frozenset({Change.MEMBERS, Change.DUES})


class MembersPage(Page):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.categories: list[CategoryRecord] = []
        self._category_labels: dict[str, str] = {}
        self._undo: tuple[int, int, dict[str, Any]] | None = None  # member, version, values
        self.source = MemberSource(context.database, context.actor)
        identity = context.can(Permission.MEMBERS_IDENTITY)
        self.model: LazyTableModel[MemberRecord] = LazyTableModel(
            self.source, member_columns(identity, self._category_label), parent=self
        )
        self._build()
        self._load_reference()
        self._restore_header()
        self.retranslate()
        # Turning sorting on sorts by the header's indicator: that is the first load.
        self.table.setSortingEnabled(True)
        self._update_count()
        context.signals.data_changed.connect(self._data_changed)

    # --- widgets ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.bar = FilterBar(
            self,
            [Search("member_search", SEARCH_HINT, delay_ms=SEARCH_DELAY_MS)],
            count=Count(None, lambda n: _("Members found: {count}").format(count=format_number(n))),
        )
        self.bar.changed.connect(self.apply_search)
        # Down in the search box: on to the results, as in a browser's address bar.
        self.bar.down_pressed.connect(self._down_to_results)
        self.search = self.bar.search_edit()
        self.count_label = self.bar.count_label
        self.message = Feedback(self, "member_message")

        self.add_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.status_button = QPushButton(self)
        self.dues_button = QPushButton(self)
        self.bulk_dues_button = QPushButton(self)
        self.bulk_dues_button.setObjectName("bulk_dues_button")
        self.arrears_button = QPushButton(self)
        self.arrears_button.setObjectName("arrears_button")
        self.card_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("export_button")
        self.export_button.clicked.connect(self._export_clicked)
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("import_button")
        self.import_button.clicked.connect(self.open_import)
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_selected)
        self.status_button.clicked.connect(self.change_status)
        self.dues_button.clicked.connect(self.record_dues)
        self.bulk_dues_button.clicked.connect(self.record_bulk_dues)
        self.arrears_button.clicked.connect(self.show_arrears)
        self.card_button.clicked.connect(self.print_cards)
        writable = self.context.can(Permission.MEMBERS_WRITE)
        self.add_button.setVisible(writable)
        self.import_button.setVisible(writable)  # the right `import_members` checks
        self.status_button.setVisible(writable)
        self.dues_button.setVisible(self.context.can(Permission.DUES_WRITE))
        self.bulk_dues_button.setVisible(self.context.can(Permission.DUES_WRITE))
        # Arrears are finances: whoever records dues or reads the books (require_dues_read).
        self.arrears_button.setVisible(
            self.context.can(Permission.DUES_WRITE) or self.context.can(Permission.BOOKS_READ)
        )
        # Personal data (law 09-08): the consent forms for whoever reads the register; the
        # exports, the anonymisation and the retention for the administrators only. The menu
        # is shown when at least one of its items is.
        self.privacy_button = QPushButton(self)
        self.privacy_button.setObjectName("privacy_button")
        self.privacy_menu = QMenu(self.privacy_button)
        self.privacy_menu.setObjectName("privacy_menu")
        self.consent_action = QAction(self.privacy_menu)
        self.pdf_action = QAction(self.privacy_menu)
        self.json_action = QAction(self.privacy_menu)
        self.anonymise_action = QAction(self.privacy_menu)
        self.retention_action = QAction(self.privacy_menu)
        self.privacy_menu.addAction(self.consent_action)
        managed: list[QAction] = []
        for group in ((self.pdf_action, self.json_action), (self.anonymise_action,)):
            managed.append(self.privacy_menu.addSeparator())
            managed.extend(group)
            self.privacy_menu.addActions(list(group))
        managed.append(self.privacy_menu.addSeparator())
        managed.append(self.retention_action)
        self.privacy_menu.addAction(self.retention_action)
        self._managed = tuple(managed)
        self.privacy_button.setMenu(self.privacy_menu)
        self.consent_action.triggered.connect(self.print_consent_forms)
        self.pdf_action.triggered.connect(self.export_personal_pdf)
        self.json_action.triggered.connect(lambda: self.export_personal_json())
        self.anonymise_action.triggered.connect(self.anonymise_selected)
        self.retention_action.triggered.connect(lambda: self.show_retention())
        self.consent_action.setVisible(self.context.can(Permission.MEMBERS_READ))
        for action in self._managed:
            action.setVisible(self.context.can(Permission.PRIVACY_MANAGE))
        self.privacy_button.setVisible(
            any(action.isVisible() for action in self.privacy_menu.actions())
        )

        self.filters = MemberFilters(self)
        self.filters.changed.connect(self.apply_search)

        self.table = lazy_table_view(self, self.model, "member_table", several=True)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.sortIndicatorChanged.connect(self._sort_clicked)
        header.sectionResized.connect(self._header_changed)
        header.sectionMoved.connect(self._header_changed)
        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(400)
        self._header_timer.timeout.connect(self._save_header)
        # `activated`: Enter, and a double click (or a single one where the desktop says so).
        self.table.activated.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)

        top = QHBoxLayout()
        top.addWidget(self.bar, 2)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)  # beside the count: it writes what is counted
        top.addWidget(self.privacy_button)  # the action row is full at 1366 pixels
        actions = action_row(
            (
                self.add_button,
                self.edit_button,
                self.status_button,
                self.dues_button,
                self.bulk_dues_button,
                self.arrears_button,
                self.card_button,
            ),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addLayout(actions)
        # Its own line: the action row is full at 1366 pixels, and a message beside it
        # (an export's path) was squeezed into a corner, broken at every slash.
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)

        # Ctrl+F belongs to the main window, which calls `focus_search()`: a second shortcut
        # here would make the key ambiguous and do nothing.
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.undo_last_edit)
        self._selection_changed()

    def title(self) -> str:
        return _("Members")

    def retranslate(self) -> None:
        self._load_category_labels()
        self.bar.retranslate()
        self.add_button.setText(_("Add a member"))
        self.edit_button.setText(_("Open"))
        self.status_button.setText(_("Change the status"))
        self.dues_button.setText(_("Record dues"))
        self.bulk_dues_button.setText(_("Dues for several…"))
        self.bulk_dues_button.setToolTip(
            _("Record the year's dues for the selected members, a category or all")
        )
        self.arrears_button.setText(_("Arrears…"))
        self.arrears_button.setToolTip(_("Members in arrears and their unpaid years"))
        self.card_button.setText(_("Print card"))
        self.card_button.setToolTip(_("Membership cards of the selected members"))
        self.import_button.setText(_("Import…"))
        self.import_button.setToolTip(_("Import members from a CSV or XLSX file, checked first"))
        self.export_button.setText(_("Export…"))
        self.privacy_button.setText(_("Personal data"))
        if self.context.can(Permission.PRIVACY_MANAGE):
            self.privacy_button.setToolTip(
                _(
                    "Consent forms; the chosen member's data exported or anonymised "
                    "(law 09-08), and the retention"
                )
            )
        else:
            self.privacy_button.setToolTip(_("Consent forms of the chosen members (law 09-08)"))
        self.consent_action.setText(_("Consent form (PDF)…"))
        self.consent_action.setToolTip(_("One consent form to sign for each chosen member"))
        self.pdf_action.setText(_("Export everything held (PDF)…"))
        self.json_action.setText(_("Export everything held (JSON)…"))
        self.anonymise_action.setText(_("Anonymise…"))
        self.retention_action.setText(_("Retention…"))
        self.export_button.setToolTip(
            _("Save the list as shown (search, filters, order) as an XLSX workbook")
        )
        self.filters.set_categories(self.categories)
        self.filters.retranslate()
        self.model.retranslate()
        self._update_count()

    def refresh(self) -> None:
        self._load_reference()
        self.model.invalidate()
        self._update_count()

    # --- search ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _down_to_results(self) -> None:
        if self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.selectionModel().hasSelection():
                self.select_row(0)

    def apply_search(self) -> None:
        """Show the members matching the search box and the filters (first page loaded)."""
        self.bar.timer.stop()
        self.source.query = self.search.text()
        self.source.filter = self.filters.member_filter()
        self.model.reload()
        self._update_count()

    def _update_count(self) -> None:
        self.bar.set_count(self.model.rowCount())

    # --- table -----------------------------------------------------------------------------

    def _category_label(self, code: str) -> str:
        return self._category_labels.get(code, code)

    def _load_category_labels(self) -> None:
        lang = current_language()
        self._category_labels = {c.code: c.label(lang) for c in self.categories}

    def _load_reference(self) -> None:
        with self.context.database.session() as session:
            self.categories = list_categories(session, self.context.actor)
            cities = member_cities(session, self.context.actor)
        self._load_category_labels()
        self.filters.blockSignals(True)
        self.filters.set_categories(self.categories)
        self.filters.set_cities(cities)
        self.filters.blockSignals(False)

    def _settings_key(self) -> str:
        # "columns": the widths saved before the name columns stretched are not restored.
        return "members/columns/" + "-".join(c.key for c in self.model.columns)

    def _restore_header(self) -> None:
        header = self.table.horizontalHeader()
        state = app_settings().value(self._settings_key())
        if isinstance(state, QByteArray | bytes):
            header.restoreState(QByteArray(state))
            refit(self.table)
        column = header.sortIndicatorSection()
        sortable = 0 <= column < len(self.model.columns) and self.model.columns[column].sort
        if state is None or not sortable:
            default = name_order(current_language())
            header.setSortIndicator(self.model.column_of(default), Qt.SortOrder.AscendingOrder)

    def _header_changed(self) -> None:
        self._header_timer.start()

    def _save_header(self) -> None:
        settings = app_settings()
        settings.setValue(self._settings_key(), self.table.horizontalHeader().saveState())
        settings.sync()

    def _sort_clicked(self, column: int, order: Qt.SortOrder) -> None:
        if not self.model.columns[column].sort:
            # Not a sortable column: put the arrow back where the order really is.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            current = self.model.column_of(self.model.sort_key or "")
            header.setSortIndicator(
                current,
                Qt.SortOrder.DescendingOrder
                if self.model.descending
                else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        self._header_changed()

    def selected_records(self) -> list[MemberRecord]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        records = (self.model.row(row) for row in rows[: MAX_CARDS + 1])
        return [record for record in records if record is not None]

    def current_record(self) -> MemberRecord | None:
        records = self.selected_records()
        return records[0] if len(records) == 1 else None

    def select_row(self, row: int) -> None:
        tables.select_row(self.table, row)

    def _selection_changed(self, *_args: object) -> None:
        count = len(self.table.selectionModel().selectedRows()) if self.model.rowCount() else 0
        for button in (self.edit_button, self.status_button, self.dues_button):
            button.setEnabled(count == 1)
        self.card_button.setEnabled(count >= 1)
        self.consent_action.setEnabled(count >= 1)
        for action in (self.pdf_action, self.json_action, self.anonymise_action):
            action.setEnabled(count == 1)

    def _open_index(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.select_row(index.row())
            self.edit_selected()

    # --- dialogs ---------------------------------------------------------------------------

    def fulfil(self, request: Request, target_id: int | None = None) -> None:
        if request is Request.ADD_MEMBER and self.context.can(Permission.MEMBERS_WRITE):
            self.add_member()

    def add_member(self) -> MemberFormDialog:
        dialog = MemberFormDialog(self.context, None, self.categories, self)
        dialog.saved.connect(self._member_added)
        self._show(dialog)
        return dialog

    def edit_selected(self) -> MemberFormDialog | None:
        record = self.current_record()
        if record is None:
            return None
        dialog = MemberFormDialog(self.context, record, self.categories, self)
        dialog.saved.connect(lambda saved: self._member_edited(dialog, saved))
        self._show(dialog)
        return dialog

    def change_status(self) -> StatusDialog | None:
        record = self.current_record()
        if record is None:
            return None
        dialog = StatusDialog(self.context, record, self)
        dialog.saved.connect(
            lambda saved: self._changed(N_("Status of member {number} changed."), saved)
        )
        self._show(dialog)
        return dialog

    def record_dues(self) -> DuesDialog | None:
        record = self.current_record()
        if record is None:
            return None
        try:
            dialog = DuesDialog(self.context, record, self.categories, self)
        except NassijError as error:
            dialogs.show_warning(self, str(error), _("Record dues"))
            return None
        self._show(dialog)
        return dialog

    def selected_ids(self) -> list[int] | None:
        """The ids of the selected members; None when more than a bulk run takes by hand."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        if len(rows) > MAX_SELECTED:
            return None
        records = (self.model.row(row) for row in rows)
        return [record.id for record in records if record is not None]

    def record_bulk_dues(self) -> BulkDuesDialog | None:
        ids = self.selected_ids()
        if ids is None:
            dialogs.show_info(
                self,
                ngettext(
                    "Select at most {count} member, or record the dues of a category.",
                    "Select at most {count} members, or record the dues of a category.",
                    MAX_SELECTED,
                ).format(count=format_number(MAX_SELECTED)),
                _("Record dues for several members"),
            )
            return None
        dialog = BulkDuesDialog(
            self.context, ids, self.categories, self.filters.member_filter().category_code, self
        )
        self._show(dialog)
        return dialog

    def show_arrears(self) -> ArrearsDialog:
        year = self.filters.member_filter().dues_year or clock.today().year
        dialog = ArrearsDialog(self.context, self.categories, year, self)
        self._show(dialog)
        return dialog

    def print_cards(self) -> Operation[ReportResult] | None:
        """The selected members' cards, produced on a worker, then shown in the preview."""
        return self._print_run("member-card", "card", "cards", _("Print card"))

    def print_consent_forms(self) -> Operation[ReportResult] | None:
        """A consent form for each selected member (one page each), produced on a worker,
        then shown in the preview, as the cards are."""
        return self._print_run("consent-form", "consent-form", "consent-forms", _("Consent form"))

    def _print_run(
        self, kind: str, one: str, several: str, title: str
    ) -> Operation[ReportResult] | None:
        """The document `kind` for the selected members, in the preview; the file is named
        `one-<number>.pdf` for one member, `several.pdf` for more."""
        records = self.selected_records()
        if not records:
            return None
        if len(records) > MAX_CARDS:
            dialogs.show_info(
                self,
                ngettext(
                    "Select at most {count} member for one print run.",
                    "Select at most {count} members for one print run.",
                    MAX_CARDS,
                ).format(count=format_number(MAX_CARDS)),
                title,
            )
            return None
        name = f"{one}-{records[0].number}.pdf" if len(records) == 1 else f"{several}.pdf"
        return preview(self, self.context, kind, name, member_ids=tuple(r.id for r in records))

    def open_import(self) -> QDialog:
        """The import assistant, for members; the page refreshes on its change set."""
        from nassij_desktop.ui.imports.assistant import ImportAssistant

        dialog = ImportAssistant(self.context, "members", self)
        dialog.imported.connect(self._imported)
        self._show(dialog)
        return dialog

    def _imported(self, report: Any) -> None:
        count = len(report.accepted)
        self.message.say(
            lambda: ngettext("{count} member imported.", "{count} members imported.", count).format(
                count=format_number(count)
            )
        )

    # --- personal data (law 09-08) ---------------------------------------------------------

    def export_personal_pdf(self) -> Operation[ReportResult] | None:
        record = self.current_record()
        if record is None:
            return None
        return export_pdf(self, self.context, record)

    def export_personal_json(self, path: Path | None = None) -> Operation[Path] | None:
        """Everything held about the chosen member written as JSON to `path` (asked when
        None), on a worker; said in the page's feedback."""
        record = self.current_record()
        if record is None:
            return None
        if path is None:
            path = ask_save_path(
                self,
                FileKind.PERSONAL_DATA,
                _("Export everything held"),
                f"personal-data-{record.number}.json",
            )
            if path is None:
                return None
        try:
            operation = export_json(self, self.context, record, path)
        except ValidationError as error:
            self.message.fail(str(error))
            return None
        if operation is not None:
            operation.success(
                lambda target: self.message.say(
                    lambda: _("{path}: written.").format(path=isolate(str(target), "ltr"))
                )
            )
            operation.failure(lambda error: self.message.fail(str(error)))
        return operation

    def anonymise_selected(self) -> AnonymiseDialog | None:
        record = self.current_record()
        if record is None:
            return None
        dialog = AnonymiseDialog(self.context, record, self)
        dialog.anonymised.connect(self._anonymised)
        self._show(dialog)
        return dialog

    def _anonymised(self, done: AnonymisedMember) -> None:
        self.message.say(lambda: anonymised_message(done))

    def show_retention(self, today: dt.date | None = None) -> RetentionDialog:
        dialog = RetentionDialog(self.context, self, today=today)
        dialog.applied.connect(self._retention_applied)
        self._show(dialog)
        return dialog

    def _retention_applied(self, done: list[AnonymisedMember]) -> None:
        count = len(done)
        self.message.say(
            lambda: ngettext(
                "{count} member anonymised.", "{count} members anonymised.", count
            ).format(count=format_number(count))
        )

    def _export_clicked(self) -> None:
        self.export_list()

    def export_list(self, path: Path | None = None) -> Operation[int] | None:
        """Write the list as shown (the search, the filters, the order) to a workbook at
        `path` (asked when None), on a worker; the headers in the interface's language."""
        if path is None:
            path = ask_save_path(
                self, FileKind.WORKBOOKS, _("Export the members list"), _("members-list") + ".xlsx"
            )
            if path is None:
                return None
        database = self.context.database
        try:
            target = check_output_path(
                path, protected=protected_paths(database.path) if database.path else ()
            )
        except ValidationError as error:
            self.message.fail(str(error))
            return None
        actor, query, flt = self.context.actor, self.source.query, self.source.filter
        sort = self.model.sort_key
        order = MemberOrder(sort) if sort else name_order(current_language())
        descending = self.model.descending
        lang = "ar" if current_language() == "ar" else "fr"

        def work(session: Session, progress: Progress) -> int:
            progress.step(0, None, _("Exporting the members list…"))
            with atomic_output(target) as temporary:
                return export_members(
                    session,
                    actor,
                    query,
                    flt,
                    order,
                    temporary,
                    ExportFormat.XLSX,
                    lang=lang,
                    descending=descending,
                )

        operation = Operation(
            self,
            in_read_session(database, work),
            label=_("Exporting the members list…"),
            cancellable=True,
        )
        operation.success(lambda count: self._exported(target, count))
        operation.failure(lambda error: self.message.fail(str(error)))
        if not operation.run_in_background():
            return None
        return operation

    def _exported(self, target: Path, count: int) -> None:
        self.message.say(
            lambda: ngettext(
                "{count} member exported to {path}", "{count} members exported to {path}", count
            ).format(count=format_number(count), path=isolate(str(target), "ltr"))
        )

    # --- after a write ---------------------------------------------------------------------

    def _data_changed(self, changed: Changes) -> None:
        if concerns(changed, CONCERNS):
            self.refresh()

    def _member_added(self, record: MemberRecord) -> None:
        self._changed(N_("Member {number} added."), record)

    def _member_edited(self, dialog: MemberFormDialog, record: MemberRecord) -> None:
        self._undo = (record.id, record.version, dict(dialog.previous)) if dialog.previous else None
        if self._undo:
            self._changed(N_("Member {number} saved. Ctrl+Z undoes the change."), record)
        else:
            self._changed(N_("Member {number} saved."), record)

    def _changed(self, message: str, record: MemberRecord) -> None:
        """`message`: an N_() text with {number}. The write has announced itself (the table
        refreshed then): say what was done, in whatever language is chosen meanwhile."""
        number = isolate(record.number, "ltr")
        self.message.say(lambda: _(message).format(number=number))

    def undo_last_edit(self) -> bool:
        """Put back the values the last edit replaced (refused if the member changed since)."""
        if self._undo is None:
            return False
        member_id, version, previous = self._undo
        self._undo = None
        done = run_write(
            self.context,
            lambda session: update_member(
                session, self.context.actor, member_id, version, **previous
            ),
            changes={Change.MEMBERS},
            failure=lambda error: self.message.fail(str(error)),
            initiator=self,
        )
        if done is None:
            return False
        self._changed(N_("Change to member {number} undone."), done.value)
        return True
