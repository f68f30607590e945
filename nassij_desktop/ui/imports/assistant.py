"""The import assistant (File ▸ Import…, and "Import…" on the members page), in three steps:

1. the file (CSV or XLSX), what it holds (members or dues), the sheet of a workbook with
   several, a saved mapping; how the file was read (encoding, separator, header line);
2. the mapping: each column of the file with the field it goes to (the headers' guesses
   preselected, a name column written in Arabic to the Arabic name), the first rows as they
   will be imported, "Save this mapping as…";
3. the check (a dry run on a worker): "N members will be imported", or every bad row by line,
   field and reason (saved as CSV if asked); Import only when no row is refused — the whole
   file, or nothing, as `core/imports` does it.

Reading the file, the check and the write run off the GUI thread (`Operation`); the write
announces its change set, so the members page refreshes and shows its new count.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError, NotFound, ValidationError
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.imports.dues import check_dues_import, import_dues
from nassij_desktop.core.imports.mapping import (
    FIELDS,
    IGNORE,
    ColumnMapping,
    apply_saved,
    propose_mapping,
    save_mapping,
    saved_mapping,
    saved_mapping_names,
)
from nassij_desktop.core.imports.members import check_import, import_members
from nassij_desktop.core.imports.preview import (
    Preview,
    importable_kinds,
    preview_rows,
    require_import,
    sheet_names,
    write_problems_csv,
)
from nassij_desktop.core.imports.reading import Table, read_table
from nassij_desktop.core.imports.report import ImportRefused, ImportReport
from nassij_desktop.i18n import N_, _, ngettext
from nassij_desktop.i18n.formatting import bidi_text, format_number, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path, ask_save_path
from nassij_desktop.ui.common.form_errors import error_label
from nassij_desktop.ui.common.operations import (
    Operation,
    in_read_session,
    in_transaction,
)
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction

FILE, MAPPING, CHECK = range(3)
STEPS = (N_("The file"), N_("The columns"), N_("The check"))
KIND_LABELS = {"members": N_("Members"), "dues": N_("Dues payments")}
SEPARATORS = {";": N_("semicolon"), ",": N_("comma"), "\t": N_("tab")}
CHANGES = {"members": {Change.MEMBERS}, "dues": {Change.DUES, Change.BOOKS}}
SAMPLE_ROWS = 50  # where a column's example value is looked for


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def _line_item(line: int) -> QTableWidgetItem:
    item = _item(str(line))
    item.setData(Qt.ItemDataRole.UserRole, line)
    return item


def _table(parent: QWidget, name: str) -> QTableWidget:
    view = QTableWidget(parent)
    view.setObjectName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    scroll_with_direction(view)
    # A name in Arabic or in French, each cut at its own end (the preview's Arabic cells).
    view.setItemDelegate(ScriptDelegate(view))
    return view


class ImportAssistant(BaseDialog):
    """Import members or dues from a file, checked first, written whole or not at all."""

    GUIDE_CHAPTER = "08-imports-exports"  # F1 (BaseDialog)

    imported = Signal(object)  # the ImportReport of a file written

    def __init__(
        self, context: AppContext, kind: str = "members", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("import-assistant")
        self.context = context
        self.kinds = importable_kinds(context.actor)
        if not self.kinds:
            require_import(context.actor, kind)  # says, in the role's words, why not
        if kind not in self.kinds:
            kind = self.kinds[0]  # a treasurer imports dues only
        self.path: Path | None = None
        self.table: Table | None = None
        self.mapping: ColumnMapping | None = None
        self.report: ImportReport[Any] | None = None
        self.written: ImportReport[Any] | None = None
        self.operation: Operation[Any] | None = None
        self._offered: str | None = None  # a saved mapping chosen for the file by itself
        self._build(kind)
        self.retranslate()
        self._update_buttons()

    # --- widgets ---------------------------------------------------------------------------

    def _build(self, kind: str) -> None:
        self.step_label = QLabel(self)
        self.step_label.setObjectName("import-step")
        bold = QFont(self.step_label.font())
        bold.setBold(True)
        self.step_label.setFont(bold)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._file_step())
        self.stack.addWidget(self._mapping_step())
        self.stack.addWidget(self._check_step())
        self.error = error_label(self)
        self.error.setObjectName("import-error")

        self.buttons = QDialogButtonBox(self)
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("import-back")
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("import-next")
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("import-write")
        self.close_button = QPushButton(self)
        self.close_button.setObjectName("import-close")
        role = QDialogButtonBox.ButtonRole
        self.buttons.addButton(self.back_button, role.ActionRole)
        self.buttons.addButton(self.next_button, role.ActionRole)
        self.buttons.addButton(self.import_button, role.AcceptRole)
        self.buttons.addButton(self.close_button, role.RejectRole)
        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.reject)
        for button in (self.back_button, self.import_button, self.close_button):
            button.setAutoDefault(False)
        self.next_button.setDefault(True)  # Enter goes on to the next step

        layout = QVBoxLayout(self)
        layout.addWidget(self.step_label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(900, 600)
        index = self.kind_combo.findData(kind)
        self.kind_combo.setCurrentIndex(max(index, 0))
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self._fill_saved()

    def _file_step(self) -> QWidget:
        page = QWidget(self)
        self.file_edit = QLineEdit(page)
        self.file_edit.setObjectName("import-file")
        self.file_edit.setReadOnly(True)
        self.file_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a path
        self.choose_button = QPushButton(page)
        self.choose_button.setObjectName("import-choose")
        self.choose_button.clicked.connect(self.choose_file)
        self.choose_button.setAutoDefault(False)  # Enter goes on, once a file is read
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(self.choose_button)
        self.kind_combo = QComboBox(page)
        self.kind_combo.setObjectName("import-kind")
        for kind in self.kinds:
            self.kind_combo.addItem("", kind)
        self.sheet_combo = QComboBox(page)
        self.sheet_combo.setObjectName("import-sheet")
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.saved_combo = QComboBox(page)
        self.saved_combo.setObjectName("import-saved")
        self.saved_combo.activated.connect(self._saved_chosen)
        self.how_label = QLabel(page)
        self.how_label.setObjectName("import-how")
        self.how_label.setWordWrap(True)
        self.form = QFormLayout(page)
        self.file_label = QLabel(page)
        self.kind_label = QLabel(page)
        self.sheet_label = QLabel(page)
        self.saved_label = QLabel(page)
        self.form.addRow(self.file_label, row)
        self.form.addRow(self.kind_label, self.kind_combo)
        self.form.addRow(self.sheet_label, self.sheet_combo)
        self.form.addRow(self.saved_label, self.saved_combo)
        self.form.addRow(self.how_label)
        self.form.setRowVisible(self.sheet_combo, False)
        return page

    def _mapping_step(self) -> QWidget:
        page = QWidget(self)
        self.columns_table = _table(page, "import-columns")
        self.columns_table.setColumnCount(3)
        self.columns_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.columns_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.preview_label = QLabel(page)
        self.preview_label.setObjectName("import-preview-label")
        self.preview_table = _table(page, "import-preview")
        self.save_mapping_button = QPushButton(page)
        self.save_mapping_button.setObjectName("import-save-mapping")
        self.save_mapping_button.setAutoDefault(False)
        self.save_mapping_button.clicked.connect(self._save_mapping_clicked)
        self.saved_message = QLabel(page)
        self.saved_message.setObjectName("import-saved-message")
        row = QHBoxLayout()
        row.addWidget(self.save_mapping_button)
        row.addWidget(self.saved_message, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.columns_table, 1)
        layout.addLayout(row)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview_table, 1)
        return page

    def _check_step(self) -> QWidget:
        page = QWidget(self)
        self.result_label = QLabel(page)
        self.result_label.setObjectName("import-result")
        self.result_label.setWordWrap(True)
        # At the top, also when no table of problems takes the room under it.
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        self.problems_table = _table(page, "import-problems")
        self.problems_table.setColumnCount(4)
        header = self.problems_table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.save_report_button = QPushButton(page)
        self.save_report_button.setObjectName("import-save-report")
        self.save_report_button.setAutoDefault(False)
        self.save_report_button.clicked.connect(self._save_report_clicked)
        self.report_message = QLabel(page)
        self.report_message.setObjectName("import-report-message")
        row = QHBoxLayout()
        row.addWidget(self.save_report_button)
        row.addWidget(self.report_message, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.result_label)
        layout.addWidget(self.problems_table, 1)
        layout.addLayout(row)
        return page

    # --- words -----------------------------------------------------------------------------

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())

    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Import"))
        self.step_label.setText(
            _("Step {number} of {count}: {title}").format(
                number=self.step + 1, count=len(STEPS), title=_(STEPS[self.step])
            )
        )
        self.back_button.setText(_("Back"))
        self.next_button.setText(_("Check") if self.step == MAPPING else _("Next"))
        self.import_button.setText(_("Import"))
        self.close_button.setText(_("Close"))
        self.file_label.setText(_("File:"))
        self.choose_button.setText(_("Choose…"))
        self.file_edit.setPlaceholderText(_("A CSV or XLSX file"))
        self.kind_label.setText(_("It holds:"))
        for index in range(self.kind_combo.count()):
            kind = str(self.kind_combo.itemData(index))
            self.kind_combo.setItemText(index, _(KIND_LABELS[kind]))
        self.sheet_label.setText(_("Sheet:"))
        self.saved_label.setText(_("Saved mapping:"))
        if self.saved_combo.count():
            self.saved_combo.setItemText(0, _("None: from the headers"))
        self.save_mapping_button.setText(_("Save this mapping as…"))
        self.save_report_button.setText(_("Save the report as CSV…"))
        self.columns_table.setHorizontalHeaderLabels(
            [_("Column of the file"), _("Imported as"), _("Example")]
        )
        self.problems_table.setHorizontalHeaderLabels(
            [_("Line"), _("Field"), _("Column"), _("Reason")]
        )
        for row in range(self.columns_table.rowCount()):
            combo = self.columns_table.cellWidget(row, 1)
            if isinstance(combo, QComboBox):
                self._label_fields(combo)
        self._show_how()
        self._show_preview()
        self._show_report()

    def _label_fields(self, combo: QComboBox) -> None:
        labels = FIELDS[self.kind]
        for index in range(combo.count()):
            field = str(combo.itemData(index))
            combo.setItemText(index, _("Not imported") if field == IGNORE else _(labels[field]))

    def _show_how(self) -> None:
        table = self.table
        if table is None:
            self.how_label.setText(_("Choose the file to import: a CSV text or an XLSX workbook."))
            return
        if table.kind == "xlsx":
            how = _("Excel workbook, sheet {sheet}").format(sheet=isolate(table.sheet or ""))
        else:
            how = _("CSV text in {encoding}, separated by {separator}").format(
                encoding=isolate(table.encoding or "", "ltr"),
                separator=_(SEPARATORS.get(table.delimiter or ";", SEPARATORS[";"])),
            )
        rows = ngettext(
            "Read as {how}; header on line {line}; {count} row under it.",
            "Read as {how}; header on line {line}; {count} rows under it.",
            len(table.rows),
        ).format(how=how, line=table.header_line, count=format_number(len(table.rows)))
        if self._offered:
            rows += " " + _("The saved mapping “{name}” fits its columns: it is chosen.").format(
                name=isolate(self._offered)
            )
        self.how_label.setText(bidi_text(rows))

    # --- step 1: the file ------------------------------------------------------------------

    def choose_file(self) -> None:
        path = ask_open_path(self, FileKind.IMPORTS, _("Choose the file to import"))
        if path is not None:
            self.load(path)

    def load(self, path: Path, sheet: str | None = None) -> Operation[Any] | None:
        """Read `path` (its `sheet`) on a worker; the columns and their mapping follow."""
        self.error.clear()
        self.path = Path(path)
        self.file_edit.setText(str(path))

        def work(progress: Progress) -> tuple[Table, list[str]]:
            progress.step(0, None, _("Reading the file…"))
            return read_table(path, sheet=sheet), sheet_names(path)

        operation: Operation[tuple[Table, list[str]]] = Operation(
            self, work, label=_("Reading the file…")
        )
        operation.success(self._loaded)
        operation.failure(self._failed)
        operation.always(self._update_buttons)
        return self._start(operation)

    def _start(self, operation: Operation[Any]) -> Operation[Any] | None:
        self.operation = operation
        self._update_buttons()
        if not operation.run_in_background():
            self.operation = None
            self._update_buttons()
            return None
        return operation

    def _failed(self, error: NassijError) -> None:
        self.error.setText(bidi_text(str(error)))

    def _loaded(self, result: tuple[Table, list[str]]) -> None:
        table, sheets = result
        self.table = table
        self.report = None
        self.sheet_combo.clear()
        for name in sheets:
            self.sheet_combo.addItem(name, name)
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(table.sheet), 0))
        self.form.setRowVisible(self.sheet_combo, len(sheets) > 1)
        self._offered = self._fitting_saved()
        if self._offered:
            self.saved_combo.setCurrentIndex(self.saved_combo.findData(self._offered))
        self._remap()
        self._show_how()
        self.next_button.setFocus()

    def _sheet_chosen(self) -> None:
        sheet = self.sheet_combo.currentData()
        if self.path is not None and self.table is not None and sheet != self.table.sheet:
            self.load(self.path, sheet)

    def _kind_changed(self) -> None:
        self._fill_saved()
        self.report = None
        if self.table is not None:
            self._offered = self._fitting_saved()
            if self._offered:
                self.saved_combo.setCurrentIndex(self.saved_combo.findData(self._offered))
            self._remap()
            self._show_how()
        self._update_buttons()

    def _fill_saved(self) -> None:
        self.saved_combo.clear()
        self.saved_combo.addItem(_("None: from the headers"), None)
        for name in saved_mapping_names(self.kind):
            self.saved_combo.addItem(name, name)
        self.saved_combo.setEnabled(self.saved_combo.count() > 1)

    def saved_names(self) -> list[str]:
        return [str(self.saved_combo.itemData(i)) for i in range(1, self.saved_combo.count())]

    def _fitting_saved(self) -> str | None:
        """A saved mapping of this kind made for a file with exactly these columns."""
        if self.table is None:
            return None
        columns = set(self.table.columns)
        for name in saved_mapping_names(self.kind):
            if set(saved_mapping(name, self.kind)) == columns:
                return name
        return None

    def _saved_chosen(self) -> None:
        self._offered = None
        self._remap()
        self._show_how()

    def choose_saved(self, name: str | None) -> None:
        self.saved_combo.setCurrentIndex(max(self.saved_combo.findData(name), 0))
        self._saved_chosen()

    # --- step 2: the columns ---------------------------------------------------------------

    def _remap(self) -> None:
        """The mapping proposed for the file (or the saved one chosen), shown in the combos."""
        table = self.table
        if table is None:
            return
        name = self.saved_combo.currentData()
        try:
            if name:
                self.mapping = apply_saved(table, saved_mapping(str(name), self.kind), self.kind)
            else:
                self.mapping = propose_mapping(table, self.kind)
        except (ValidationError, NotFound) as error:
            self.mapping = propose_mapping(table, self.kind)
            self.error.setText(bidi_text(str(error)))
        self._fill_columns(table, self.mapping)
        self._show_preview()

    def _fill_columns(self, table: Table, mapping: ColumnMapping) -> None:
        chosen = mapping.as_dict()
        self.columns_table.setRowCount(len(table.columns))
        for row, column in enumerate(table.columns):
            self.columns_table.setItem(row, 0, _item(column))
            combo = QComboBox(self.columns_table)
            combo.setObjectName(f"import-field-{row}")
            combo.addItem("", IGNORE)
            for field in FIELDS[self.kind]:
                combo.addItem("", field)
            self._label_fields(combo)
            combo.setCurrentIndex(max(combo.findData(chosen.get(column, IGNORE)), 0))
            combo.currentIndexChanged.connect(self._field_chosen)
            self.columns_table.setCellWidget(row, 1, combo)
            example = next((r.cells[row] for r in table.rows[:SAMPLE_ROWS] if r.cells[row]), "")
            self.columns_table.setItem(row, 2, _item(example))

    def field_combo(self, column: str) -> QComboBox:
        assert self.table is not None
        combo = self.columns_table.cellWidget(self.table.columns.index(column), 1)
        assert isinstance(combo, QComboBox)
        return combo

    def choose_field(self, column: str, field: str) -> None:
        combo = self.field_combo(column)
        combo.setCurrentIndex(combo.findData(field))

    def _field_chosen(self) -> None:
        table = self.table
        if table is None:
            return
        given = {}
        for row, column in enumerate(table.columns):
            combo = self.columns_table.cellWidget(row, 1)
            if isinstance(combo, QComboBox):
                given[column] = str(combo.currentData())
        self.report = None
        self.saved_message.clear()
        try:
            self.mapping = propose_mapping(table, self.kind, given=given)
        except ValidationError as error:
            self.mapping = None
            self.error.setText(bidi_text(str(error)))
        else:
            self.error.clear()
        self._show_preview()
        self._update_buttons()

    def _show_preview(self) -> None:
        view = self.preview_table
        if self.table is None or self.mapping is None:
            view.setRowCount(0)
            view.setColumnCount(0)
            self.preview_label.clear()
            return
        preview: Preview = preview_rows(self.context.actor, self.table, self.mapping)
        view.setColumnCount(len(preview.fields) + 1)
        view.setHorizontalHeaderLabels([_("Line"), *preview.labels()])
        view.setRowCount(len(preview.rows))
        for row, (line, cells) in enumerate(preview.rows):
            view.setItem(row, 0, _line_item(line))
            for column, text in enumerate(cells, start=1):
                view.setItem(row, column, _item(text))
        view.resizeColumnsToContents()
        self.preview_label.setText(
            ngettext(
                "The first row of {total}, as it will be imported:",
                "The first {count} rows of {total}, as they will be imported:",
                len(preview.rows),
            ).format(count=len(preview.rows), total=format_number(preview.total))
        )

    def _save_mapping_clicked(self) -> None:
        name, ok = QInputDialog.getText(
            self, _("Save this mapping as…"), _("Name of the mapping:"), text=self._file_stem()
        )
        if ok:
            self.save_mapping_as(name)

    def _file_stem(self) -> str:
        return self.path.stem if self.path is not None else ""

    def save_mapping_as(self, name: str) -> bool:
        if self.table is None or self.mapping is None:
            return False
        try:
            save_mapping(name, self.mapping, self.table)
        except (ValidationError, OSError) as error:
            message = str(error) if isinstance(error, ValidationError) else str(error.strerror)
            self.error.setText(bidi_text(message))
            return False
        self._fill_saved()
        self.saved_combo.setCurrentIndex(self.saved_combo.findData(name.strip()))
        self.saved_message.setText(
            bidi_text(_("Saved as “{name}”.").format(name=isolate(name.strip())))
        )
        return True

    # --- step 3: the check and the import --------------------------------------------------

    def go_next(self) -> None:
        if self.step == FILE and self.table is not None:
            self._go(MAPPING)
        elif self.step == MAPPING and self.mapping is not None:
            self.run_check()

    def go_back(self) -> None:
        if self.step > FILE and self.written is None:
            self._go(self.step - 1)

    def _go(self, step: int) -> None:
        self.stack.setCurrentIndex(step)
        self.error.clear()
        self.retranslate()
        self._update_buttons()

    def run_check(self) -> Operation[Any] | None:
        """The dry run, on a worker: what the import would write, or why not."""
        table, mapping, actor = self.table, self.mapping, self.context.actor
        if table is None or mapping is None:
            return None
        check = check_import if mapping.kind == "members" else check_dues_import

        def work(session: Session, progress: Progress) -> ImportReport[Any]:
            progress.step(0, None, _("Checking the file…"))
            return check(session, actor, table, mapping)

        operation: Operation[ImportReport[Any]] = Operation(
            self, in_read_session(self.context.database, work), label=_("Checking the file…")
        )
        operation.success(self._checked)
        operation.failure(self._failed)
        operation.always(self._update_buttons)
        return self._start(operation)

    def _checked(self, report: ImportReport[Any]) -> None:
        self.report = report
        self.report_message.clear()
        self._go(CHECK)

    def run_import(self) -> Operation[Any] | None:
        """The whole file in one transaction, or nothing (a refused row: its report)."""
        table, mapping, actor = self.table, self.mapping, self.context.actor
        if table is None or mapping is None or self.report is None or not self.report.ok:
            return None
        write = import_members if mapping.kind == "members" else import_dues

        def work(session: Session, progress: Progress) -> ImportReport[Any]:
            progress.step(0, None, _("Importing the file…"))
            return write(session, actor, table, mapping)

        operation: Operation[ImportReport[Any]] = Operation(
            self, in_transaction(self.context.database, work), label=_("Importing the file…")
        )
        operation.success(self._imported)
        operation.failure(self._refused)
        operation.always(self._update_buttons)
        operation.announce(self.context, CHANGES[mapping.kind])
        return self._start(operation)

    def _imported(self, report: ImportReport[Any]) -> None:
        self.written = report
        self._show_report()
        self.imported.emit(report)

    def _refused(self, error: NassijError) -> None:
        if isinstance(error, ImportRefused):
            self.report = error.report
            self._show_report()
        else:
            self._failed(error)

    def _show_report(self) -> None:
        report = self.written or self.report
        view = self.problems_table
        if report is None:
            self.result_label.clear()
            view.setRowCount(0)
            return
        self.result_label.setText(bidi_text(self._result_text(report)))
        view.setRowCount(len(report.problems))
        for row, item in enumerate(report.problems):
            view.setItem(row, 0, _line_item(item.line))
            view.setItem(row, 1, _item(item.field_label(report.kind)))
            view.setItem(row, 2, _item(item.column or ""))
            view.setItem(row, 3, _item(item.message))
        view.setVisible(bool(report.problems))
        self.save_report_button.setVisible(bool(report.problems))

    def _result_text(self, report: ImportReport[Any]) -> str:
        count = len(report.accepted)
        if report is self.written and report.kind == "members":
            return ngettext(
                "Imported {count} member, numbers {first} to {last}.",
                "Imported {count} members, numbers {first} to {last}.",
                count,
            ).format(
                count=format_number(count),
                first=isolate(report.created[0], "ltr"),
                last=isolate(report.created[-1], "ltr"),
            )
        if report is self.written:
            return ngettext(
                "Imported {count} payment of dues, receipts {first} to {last}.",
                "Imported {count} payments of dues, receipts {first} to {last}.",
                count,
            ).format(
                count=format_number(count),
                first=isolate(report.created[0], "ltr"),
                last=isolate(report.created[-1], "ltr"),
            )
        if report.problems:
            lines = len(report.bad_lines)
            return ngettext(
                "The file cannot be imported: {count} line has a problem. Correct the file "
                "(or the columns), then check it again; nothing will be written until then.",
                "The file cannot be imported: {count} lines have a problem. Correct the file "
                "(or the columns), then check it again; nothing will be written until then.",
                lines,
            ).format(count=format_number(lines))
        if not count:
            return _("The file has no row to import under its header.")
        if report.kind == "members":
            return ngettext(
                "{count} member will be imported. Nothing is written until you press Import.",
                "{count} members will be imported. Nothing is written until you press Import.",
                count,
            ).format(count=format_number(count))
        return ngettext(
            "{count} payment of dues will be recorded. Nothing is written until you press Import.",
            "{count} payments of dues will be recorded. Nothing is written until you press Import.",
            count,
        ).format(count=format_number(count))

    def _save_report_clicked(self) -> None:
        name = (self._file_stem() or "import") + "-" + _("problems") + ".csv"
        path = ask_save_path(self, FileKind.IMPORT_REPORTS, _("Save the report as CSV…"), name)
        if path is not None:
            self.save_report(path)

    def save_report(self, path: Path) -> bool:
        if self.report is None:
            return False
        try:
            count = write_problems_csv(self.report, path)
        except NassijError as error:
            self._failed(error)
            return False
        self.report_message.setText(
            bidi_text(
                ngettext(
                    "{count} problem saved to {path}.",
                    "{count} problems saved to {path}.",
                    count,
                ).format(count=format_number(count), path=isolate(str(path), "ltr"))
            )
        )
        return True

    # --- buttons ---------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        running = self.operation is not None and self.operation.running
        step = self.step
        done = self.written is not None
        self.back_button.setEnabled(step > FILE and not running and not done)
        self.next_button.setVisible(step < CHECK)
        self.next_button.setEnabled(
            not running
            and self.table is not None
            and (step == FILE or (step == MAPPING and self.mapping is not None))
        )
        ready = self.report is not None and self.report.ok and bool(self.report.accepted)
        self.import_button.setVisible(step == CHECK)
        self.import_button.setEnabled(ready and not running and not done)
        if step == CHECK and ready and not done:
            self.import_button.setDefault(True)
        else:
            self.next_button.setDefault(True)
        self.choose_button.setEnabled(not running and not done)
        self.kind_combo.setEnabled(not running and not done and len(self.kinds) > 1)
