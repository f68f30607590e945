"""File ▸ Export the association…: the whole association as an XLSX workbook (a sheet per
entity) or a folder of CSV files, or its profile for the national portal as JSON or CSV
(`core/exports/association.py::export_association`, the service `nassij export` calls too).

Only what the role may read is offered: the sheets it may read are named, the profile needs
the board and the funding. The headers are in the language chosen (the interface's at first);
the profile may go through a field mapping file. The destination is chosen with the app's file
dialogs (a folder for the CSV files). The file is written on a worker thread (`Operation`, a
read session of its own), beside its name and moved into place once whole; the service's
refusals show under the field they concern (the destination, the mapping). Then the dialog
says what was written, sheet by sheet, and offers to open the folder.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QTextOption
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.output_files import protected_paths
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.exports.association import (
    SHEETS,
    AssociationExport,
    ExportKind,
    export_association,
    exportable_kinds,
)
from nassij_desktop.i18n import N_, _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_number, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import (
    FileKind,
    ask_folder,
    ask_open_path,
    ask_save_path,
    start_folder,
)
from nassij_desktop.ui.common.form_errors import FieldErrors, WrappedLabel, error_label
from nassij_desktop.ui.common.operations import Operation, in_read_session
from nassij_desktop.ui.common.preferences import save_last_folder

LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français"}  # each in its own language
KIND_LABELS = {
    ExportKind.XLSX: N_("The whole association: a workbook, a sheet per entity (XLSX)"),
    ExportKind.CSV_FOLDER: N_("The whole association: a folder of CSV files, one per entity"),
    ExportKind.PROFILE_JSON: N_("The association's profile for the portal (JSON)"),
    ExportKind.PROFILE_CSV: N_("The association's profile for the portal (CSV)"),
}
OUTCOME_LINES = 12  # the outcome box's height at most, in lines (a sheet a line)
FILE_KINDS = {
    ExportKind.XLSX: FileKind.ASSOCIATION_EXPORTS,
    ExportKind.PROFILE_JSON: FileKind.PROFILES,
    ExportKind.PROFILE_CSV: FileKind.PROFILE_TABLES,
}


def suggested_name(kind: ExportKind, day: dt.date | None = None) -> str:
    stamp = (day or clock.today()).isoformat()
    if kind is ExportKind.XLSX:
        return _("association-{date}").format(date=stamp) + ".xlsx"
    if kind is ExportKind.CSV_FOLDER:
        return _("association-{date}").format(date=stamp)
    suffix = ".json" if kind is ExportKind.PROFILE_JSON else ".csv"
    return _("association-profile-{date}").format(date=stamp) + suffix


class AssociationExportDialog(BaseDialog):
    GUIDE_CHAPTER = "08-imports-exports"  # F1 (BaseDialog)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("association_export_dialog")
        self.context = context
        self.kinds = exportable_kinds(context.actor)
        self.sheets = [sheet for sheet in SHEETS if sheet.may(context.actor)]
        self.running: Operation[AssociationExport] | None = None
        self.exported: AssociationExport | None = None
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)

        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[ExportKind, QRadioButton] = {}
        kinds = QVBoxLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        for kind in ExportKind:
            button = QRadioButton(self)
            button.setObjectName(f"export_{kind.value}")
            button.setVisible(kind in self.kinds)  # a role sees only what it may export
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        if self.kinds:
            self.kind_buttons[self.kinds[0]].setChecked(True)
        self.kind_group.buttonToggled.connect(self._toggled)
        kinds_box = QWidget(self)
        kinds_box.setLayout(kinds)

        self.sheet_names = WrappedLabel(self)
        self.sheet_names.setObjectName("export_sheets")
        self.sheet_names.setWordWrap(True)
        self.language = QComboBox(self)
        self.language.setObjectName("export_language")
        for lang, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, lang)
        reader = current_language() if current_language() in LANGUAGE_NAMES else "fr"
        self.language.setCurrentIndex(self.language.findData(reader))

        self.mapping = QLineEdit(self)
        self.mapping.setObjectName("export_mapping")
        self.mapping.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a path
        self.mapping.setClearButtonEnabled(True)
        self.mapping_button = QPushButton(self)
        self.mapping_button.setObjectName("export_mapping_choose")
        self.mapping_button.clicked.connect(self._choose_mapping)
        mapping_row = QHBoxLayout()
        mapping_row.setContentsMargins(0, 0, 0, 0)
        mapping_row.addWidget(self.mapping, 1)
        mapping_row.addWidget(self.mapping_button)
        self.mapping_box = QWidget(self)
        self.mapping_box.setLayout(mapping_row)

        self.target = QLineEdit(self)
        self.target.setObjectName("export_target")
        self.target.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # a path
        self.target_button = QPushButton(self)
        self.target_button.setObjectName("export_target_choose")
        self.target_button.clicked.connect(self._choose_target)
        target_row = QHBoxLayout()
        target_row.setContentsMargins(0, 0, 0, 0)
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.target_button)
        target_box = QWidget(self)
        target_box.setLayout(target_row)

        self.kind_label, self.sheets_label, self.language_label = (QLabel(self) for _i in range(3))
        self.mapping_label, self.target_label = QLabel(self), QLabel(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.addRow(self.kind_label, kinds_box)
        self.form.addRow(self.sheets_label, self.sheet_names)
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.mapping_label, self.errors.wrap("mapping", self.mapping_box))
        self.form.addRow(self.target_label, self.errors.wrap("target", target_box))

        # What was written: a line per sheet, and a path that may be longer than the dialog is
        # wide (broken anywhere rather than cut; selectable, to be copied).
        self.outcome = QPlainTextEdit(self)
        self.outcome.setObjectName("export_outcome")
        self.outcome.setReadOnly(True)
        self.outcome.setFrameShape(QFrame.Shape.NoFrame)
        self.outcome.viewport().setAutoFillBackground(False)
        self.outcome.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.open_folder_button = QPushButton(self)
        self.open_folder_button.setObjectName("export_open_folder")
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_folder_button.hide()
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("export_button")
        self.export_button.setDefault(True)
        self.export_button.setEnabled(bool(self.kinds))
        self.export_button.clicked.connect(lambda: self.export())
        self.close_button = QPushButton(self)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.outcome, 1)
        layout.addWidget(self.general_error)
        layout.addLayout(buttons)
        self.setMinimumWidth(680)
        self.retranslate()
        self._kind_changed()

    # --- what is chosen ----------------------------------------------------------------------

    def kind(self) -> ExportKind | None:
        return next((k for k, b in self.kind_buttons.items() if b.isChecked()), None)

    def choose(self, kind: ExportKind) -> None:
        self.kind_buttons[kind].setChecked(True)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Export the association"))
        self.kind_label.setText(_("What to export"))
        self.sheets_label.setText(_("Sheets"))
        self.language_label.setText(_("Language of the headers"))
        self.mapping_label.setText(_("Field mapping"))
        self.target_label.setText(_("Destination"))
        for kind, button in self.kind_buttons.items():
            button.setText(_(KIND_LABELS[kind]))
        # The sheets this role may read, in the interface's words.
        separator = "، " if current_language() == "ar" else ", "
        self.sheet_names.setText(separator.join(_(sheet.name) for sheet in self.sheets))
        self.mapping.setPlaceholderText(_("Optional: each field under its own name"))
        self.mapping_button.setText(_("Choose…"))
        self.target_button.setText(_("Choose…"))
        self.open_folder_button.setText(_("Open the folder"))
        self.export_button.setText(_("Export"))
        self.close_button.setText(_("Close"))
        if not self.kinds:
            self.errors.show_general(_("Your role does not allow you to read any of this data."))
        self._show_outcome()

    def _toggled(self, _button: QRadioButton, on: bool) -> None:
        if on:
            self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind()
        profile = kind is not None and kind.is_profile
        self.form.setRowVisible(self.mapping_label, profile)
        self.form.setRowVisible(self.sheets_label, not profile)
        # A JSON profile has no headers; a CSV one says Yes and No in the language.
        self.form.setRowVisible(self.language_label, kind is not ExportKind.PROFILE_JSON)
        folder = kind is ExportKind.CSV_FOLDER
        self.target.setPlaceholderText(
            _("The folder where the CSV files go") if folder else _("The file to write")
        )
        self.target.clear()  # a name chosen for another kind of file would mislead
        self.errors.clear()

    def _choose_mapping(self) -> None:
        path = ask_open_path(self, FileKind.PROFILE_MAPPINGS, _("Choose the field mapping file"))
        if path is not None:
            self.mapping.setText(os.fspath(path))

    def _choose_target(self) -> Path | None:
        kind = self.kind()
        if kind is None:
            return None
        if kind is ExportKind.CSV_FOLDER:
            path = ask_folder(
                self,
                _("Choose the folder for the CSV files"),
                start_folder(FileKind.ASSOCIATION_EXPORTS),
            )
            if path is not None:
                save_last_folder(FileKind.ASSOCIATION_EXPORTS.value, path)
        else:
            path = ask_save_path(
                self, FILE_KINDS[kind], _("Export the association"), suggested_name(kind)
            )
        if path is not None:
            self.target.setText(os.fspath(path))
        return path

    # --- the export --------------------------------------------------------------------------

    def export(self) -> Operation[AssociationExport] | None:
        """Write what is chosen to the destination (asked first when empty), on a worker."""
        self.errors.clear()
        self.exported = None
        self._show_outcome()
        kind = self.kind()
        if kind is None:
            return None
        if not self.target.text().strip() and self._choose_target() is None:
            return None
        target = Path(self.target.text().strip()).expanduser()
        mapping_text = self.mapping.text().strip() if kind.is_profile else ""
        mapping = Path(mapping_text).expanduser() if mapping_text else None
        database = self.context.database
        protected = protected_paths(database.path) if database.path else set()
        actor, lang = self.context.actor, str(self.language.currentData())

        def work(session: Session, progress: Progress) -> AssociationExport:
            progress.step(0, None, _("Exporting the association…"))
            return export_association(
                session,
                actor,
                target,
                kind,
                lang=lang,
                mapping=mapping,
                protected=protected,
                progress=progress,
            )

        operation = Operation(
            self,
            in_read_session(database, work),
            label=_("Exporting the association…"),
            cancellable=True,
        )
        operation.success(self._done).failure(self._failed)
        self.export_button.setEnabled(False)
        operation.always(lambda: self.export_button.setEnabled(True))
        if not operation.run_in_background():
            self.export_button.setEnabled(True)
            return None
        self.running = operation
        return operation

    def _failed(self, error: NassijError) -> None:
        if isinstance(error, ValidationError):
            self.errors.show(error)  # under the destination or the mapping
        else:
            self.errors.show_general(str(error))

    def _done(self, exported: AssociationExport) -> None:
        self.exported = exported
        self._show_outcome()

    def _show_outcome(self) -> None:
        done = self.exported
        self.open_folder_button.setVisible(done is not None)
        self.outcome.setVisible(done is not None)
        if done is None:
            self.outcome.clear()
            return
        where = isolate(os.fspath(done.path), "ltr")
        if done.kind.is_profile:
            self._say(_("The association's profile was written to {path}.").format(path=where))
            return
        if done.kind is ExportKind.CSV_FOLDER:
            count = len(done.files)
            heading = ngettext(
                "{count} CSV file written in the folder {path}:",
                "{count} CSV files written in the folder {path}:",
                count,
            ).format(count=format_number(count), path=where)
        else:
            heading = _("Workbook written to {path}:").format(path=where)
        lines = [
            ngettext("{sheet}: {count} row", "{sheet}: {count} rows", sheet.rows).format(
                sheet=_(sheet.name), count=format_number(sheet.rows)
            )
            for sheet in done.sheets
        ]
        self._say("\n".join([heading, *(f"• {line}" for line in lines)]))

    def _say(self, text: str) -> None:
        """`text` in the outcome box, as tall as its lines (up to OUTCOME_LINES, then it
        scrolls); a long path takes a line more."""
        self.outcome.setPlainText(text)
        lines = min(OUTCOME_LINES, text.count("\n") + 2)
        margins = 2 * int(self.outcome.document().documentMargin()) + 4
        self.outcome.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + margins)

    def folder(self) -> Path | None:
        """The folder holding what was written (the CSV folder itself)."""
        done = self.exported
        if done is None:
            return None
        return done.path if done.kind is ExportKind.CSV_FOLDER else done.path.parent

    def open_folder(self) -> bool:
        folder = self.folder()
        if folder is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(os.fspath(folder)))


__all__ = ["AssociationExportDialog", "suggested_name"]
