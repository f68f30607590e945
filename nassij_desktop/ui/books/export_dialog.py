"""Exports for the accountant: a fiscal year's entries as an FEC file (columns, separator,
decimal mark and language of the labels chosen as `exports.FecOptions` allows), or its
journal, general ledger and trial balance as an XLSX workbook.

The file is written on a worker thread (`Operation`, in a read session of its own: the
others go on saving), into a temporary file moved into place when whole (`atomic_output`);
the progress dialog counts the FEC's lines and Cancel stops it. Readers may export too:
it writes nothing in the books.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.books.exports import (
    FEC_COLUMNS,
    FecOptions,
    FecSummary,
    write_fec,
    write_xlsx,
)
from nassij_desktop.core.books.years import YearRecord, list_years
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import N_, _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_amount, format_number, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Operation, in_read_session

SEPARATOR_LABELS = {
    "tab": N_("Tab"),
    "pipe": N_("Vertical bar |"),
    "semicolon": N_("Semicolon ;"),
}
DECIMAL_LABELS = {"comma": N_("Comma (1234,50)"), "point": N_("Point (1234.50)")}
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية"}  # each in its own language
STEP = 500  # FEC lines between two reports of the progress


@dataclass(frozen=True)
class Exported:
    path: Path
    fec: FecSummary | None = None
    sheets: tuple[str, ...] = ()


class _CountingStream:
    """The FEC's stream, counting its lines for the progress dialog (and Cancel)."""

    def __init__(self, stream: TextIO, progress: Progress) -> None:
        self.stream = stream
        self.progress = progress
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += 1
        if self.lines % STEP == 0:
            self.progress.step(
                self.lines,
                None,
                _("Writing the FEC file: {lines} lines…").format(lines=format_number(self.lines)),
            )
        return self.stream.write(text)


class ExportDialog(BaseDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("books_export_dialog")
        self.context = context
        self.years: list[YearRecord] = []
        self.running: Operation[Exported] | None = None
        self.exported: Exported | None = None
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)

        self.year = QComboBox(self)
        self.year.setObjectName("export_year")
        self.fec_choice = QRadioButton(self)
        self.fec_choice.setObjectName("export_fec")
        self.xlsx_choice = QRadioButton(self)
        self.xlsx_choice.setObjectName("export_xlsx")
        self.fec_choice.setChecked(True)
        self.kind = QButtonGroup(self)
        self.kind.addButton(self.fec_choice)
        self.kind.addButton(self.xlsx_choice)
        self.kind.buttonToggled.connect(self._kind_changed)
        self.language = QComboBox(self)
        self.language.setObjectName("export_language")
        for lang, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, lang)

        self.fec_box = QGroupBox(self)
        self.separator = QComboBox(self.fec_box)
        self.separator.setObjectName("export_separator")
        self.decimal = QComboBox(self.fec_box)
        self.decimal.setObjectName("export_decimal")
        self.columns = QListWidget(self.fec_box)
        self.columns.setObjectName("export_columns")
        self.columns.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # the FEC's own names
        for name in FEC_COLUMNS:
            item = QListWidgetItem(name, self.columns)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.columns.setMinimumHeight(160)
        self.separator_label, self.decimal_label = QLabel(self), QLabel(self)
        self.columns_label = QLabel(self)
        fec_form = QFormLayout(self.fec_box)
        fec_form.addRow(self.separator_label, self.errors.wrap("separator", self.separator))
        fec_form.addRow(self.decimal_label, self.errors.wrap("decimal", self.decimal))
        fec_form.addRow(self.columns_label, self.errors.wrap("columns", self.columns))

        self.year_label, self.kind_label, self.language_label = (QLabel(self) for _i in range(3))
        kinds = QVBoxLayout()
        kinds.addWidget(self.fec_choice)
        kinds.addWidget(self.xlsx_choice)
        form = QFormLayout()
        form.addRow(self.year_label, self.errors.wrap("year", self.year))
        form.addRow(self.kind_label, kinds)
        form.addRow(self.language_label, self.language)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("export_outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("export_button")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(lambda: self.export())
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.fec_box, 1)
        layout.addWidget(self.outcome)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self._load_years()
        self.retranslate()
        self._kind_changed()
        self.export_button.setEnabled(context.can(Permission.BOOKS_READ) and bool(self.years))

    def _load_years(self) -> None:
        try:
            with self.context.database.session() as session:
                self.years = list_years(session, self.context.actor)
        except NassijError as error:
            self.errors.show_general(str(error))
        for record in self.years:
            self.year.addItem(record.label, record.label)
        # The latest year that is no longer open is what the accountant usually asks for.
        closed = [i for i, y in enumerate(self.years) if y.status.value != "open"]
        self.year.setCurrentIndex(closed[-1] if closed else len(self.years) - 1)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export for the accountant"))
        self.year_label.setText(_("Fiscal year"))
        self.kind_label.setText(_("File"))
        self.language_label.setText(_("Language of the labels"))
        self.fec_choice.setText(_("FEC file of the entries (text)"))
        self.xlsx_choice.setText(_("Journal, general ledger and trial balance (XLSX)"))
        self.fec_box.setTitle(_("FEC file"))
        self.separator_label.setText(_("Separator"))
        self.decimal_label.setText(_("Decimal mark"))
        self.columns_label.setText(_("Columns"))
        for combo, labels in ((self.separator, SEPARATOR_LABELS), (self.decimal, DECIMAL_LABELS)):
            chosen = combo.currentData()
            combo.clear()
            for key, label in labels.items():
                combo.addItem(_(label), key)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        self.export_button.setText(_("Export…"))
        self.close_button.setText(_("Close"))
        if not self.years:
            self.errors.show_general(_("No fiscal year yet: there is nothing to export."))
        self._show_outcome()

    def _kind_changed(self) -> None:
        fec = self.fec_choice.isChecked()
        self.fec_box.setVisible(fec)
        # The FEC is a French layout: French labels unless asked; a workbook follows the reader.
        reader = current_language() if current_language() in LANGUAGE_NAMES else "fr"
        self.language.setCurrentIndex(self.language.findData("fr" if fec else reader))

    def options(self) -> FecOptions:
        columns = tuple(
            self.columns.item(i).text()
            for i in range(self.columns.count())
            if self.columns.item(i).checkState() is Qt.CheckState.Checked
        )
        if not columns:
            raise ValidationError("columns", _("Choose at least one column."))
        return FecOptions(
            columns=columns,
            separator=str(self.separator.currentData()),
            decimal=str(self.decimal.currentData()),
            lang=str(self.language.currentData()),
        )

    def suggested_name(self) -> str:
        year = str(self.year.currentData() or clock.today().year)
        return f"FEC-{year}.txt" if self.fec_choice.isChecked() else f"comptabilite-{year}.xlsx"

    def export(self, path: Path | None = None) -> Operation[Exported] | None:
        """Write the chosen file to `path` (asked when None) on a worker thread."""
        self.errors.clear()
        self.exported = None
        self._show_outcome()
        year = self.year.currentData()
        if year is None:
            return None
        fec = self.fec_choice.isChecked()
        try:
            options = self.options() if fec else None
        except ValidationError as error:
            self.errors.show(error)
            return None
        if path is None:
            kind = FileKind.ACCOUNTING_TEXT if fec else FileKind.WORKBOOKS
            path = ask_save_path(self, kind, _("Save the export"), self.suggested_name())
            if path is None:
                return None
        database = self.context.database
        try:
            target = check_output_path(
                path, protected=protected_paths(database.path) if database.path else ()
            )
        except ValidationError as error:
            self.errors.show_general(str(error))
            return None
        actor, lang = self.context.actor, str(self.language.currentData())
        label = str(year)

        def work(session: Session, progress: Progress) -> Exported:
            progress.step(0, None, _("Exporting the fiscal year {year}…").format(year=label))
            with atomic_output(target) as temporary:
                if options is not None:
                    with open(temporary, "w", encoding="utf-8", newline="") as stream:
                        counted = _CountingStream(stream, progress)
                        summary = write_fec(session, actor, label, cast(TextIO, counted), options)
                    return Exported(target, fec=summary)
                sheets = write_xlsx(session, actor, label, temporary, lang=lang)
            return Exported(target, sheets=sheets)

        operation = Operation(
            self,
            in_read_session(database, work),
            label=_("Exporting the fiscal year {year}…").format(year=label),
            cancellable=True,
        )
        operation.success(self._done).failure(lambda error: self.errors.show_general(str(error)))
        self.export_button.setEnabled(False)
        operation.always(lambda: self.export_button.setEnabled(True))
        if not operation.run_in_background():
            self.export_button.setEnabled(True)
            return None
        self.running = operation
        return operation

    def _done(self, exported: Exported) -> None:
        self.exported = exported
        self._show_outcome()

    def _show_outcome(self) -> None:
        done = self.exported
        if done is None:
            self.outcome.clear()
            return
        where = isolate(os.fspath(done.path), "ltr")
        if done.fec is not None:
            text = ngettext(
                "Saved to {path}: {lines} entry line, debit {debit}, credit {credit}.",
                "Saved to {path}: {lines} entry lines, debit {debit}, credit {credit}.",
                done.fec.lines,
            ).format(
                path=where,
                lines=format_number(done.fec.lines),
                debit=format_amount(done.fec.debit),
                credit=format_amount(done.fec.credit),
            )
        else:
            text = _("Saved to {path}: sheets {sheets}.").format(
                path=where, sheets=", ".join(f"“{s}”" for s in done.sheets)
            )
        self.outcome.setText(text)


__all__ = ["ExportDialog", "Exported"]
