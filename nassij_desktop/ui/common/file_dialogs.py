"""Every file dialog of the window: where to save, or which file to open, for a kind of file.

`ask_save_path(parent, kind, title, name)` and `ask_open_path(parent, kind, title)` are the
only callers of QFileDialog. A dialog opens in the folder where the user last saved or found
that kind of file (backups, documents, logos, association files, vouchers: remembered on this
computer, `preferences.last_folder`), else in the user's Documents folder (`documents_folder`),
never in the program's working directory. A full path given as `name` is proposed as it is
(the recovery of a damaged file proposes a name beside it).

Qt's own dialog (used where the system offers none, e.g. Linux without a desktop theme) is in
the interface's language through Qt's translations (`language.apply_language`), and its
"Date Modified" column reads as the app writes dates (05/07/2026 14:30, left to right):
Qt formats it in the system's locale, which reads "14:30 2026 07 5" inside an Arabic window.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QIdentityProxyModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QStandardPaths,
    Qt,
)
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QTreeView, QWidget

from nassij_desktop.core.association.services import logo_file_patterns
from nassij_desktop.core.attachments.file_types import IMAGE_TYPES, PDF_TYPES, file_patterns
from nassij_desktop.core.books.vouchers import voucher_file_patterns
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_date, isolate
from nassij_desktop.ui.common.base_dialog import add_guide_key
from nassij_desktop.ui.common.preferences import last_folder, save_last_folder

SIZE_COLUMN, DATE_COLUMN = 1, 3  # QFileSystemModel: name, size, type, date modified


class FileKind(enum.Enum):
    """The kinds of file whose folder is remembered apart (the value is the settings key)."""

    BACKUPS = "backups"
    DOCUMENTS = "documents"
    LOGOS = "logos"
    ASSOCIATION = "association"
    ACCOUNTING_TEXT = "accounting_text"  # the FEC file for the accountant
    WORKBOOKS = "workbooks"
    VOUCHERS = "vouchers"
    PHOTOS = "photos"  # an activity's photos
    ATTENDANCE_SHEETS = "attendance_sheets"  # an activity's signed sheets, scanned
    FUNDING_DOCUMENTS = "funding_documents"  # the files of a funding request's checklist
    AUDIT_EXPORTS = "audit_exports"  # the audit log's entries, XLSX or CSV
    IMPORTS = "imports"  # a register kept elsewhere, CSV or XLSX, to import
    IMPORT_REPORTS = "import_reports"  # the bad rows of an import, as CSV
    PERSONAL_DATA = "personal_data"  # what the file holds about a person, JSON (law 09-08)
    ASSOCIATION_EXPORTS = "association_exports"  # the whole association: workbook, CSV folder
    PROFILES = "profiles"  # the association's profile for a portal, JSON
    PROFILE_TABLES = "profile_tables"  # the same as CSV
    PROFILE_MAPPINGS = "profile_mappings"  # a portal's field names for the profile, JSON


@dataclass(frozen=True)
class _Kind:
    save_filter: Callable[[], str]  # the first filter when opening too
    open_filters: Callable[[], str]
    suffix: str | None  # added to a saved name that lacks it


def _association_files() -> str:
    return _("Association files (*.sqlite)")


def _association_or_any() -> str:
    return _("Association files (*.sqlite);;All files (*)")


def _pdf() -> str:
    return _("PDF documents (*.pdf)")


def _images() -> str:
    return _("Images ({patterns})").format(patterns=logo_file_patterns())


def _text_files() -> str:
    return _("Text files (*.txt);;All files (*)")


def _workbooks() -> str:
    return _("Excel workbooks (*.xlsx)")


def _tables() -> str:
    return _("Excel workbooks (*.xlsx);;CSV files (*.csv)")


def _import_files() -> str:
    return _("CSV or Excel files (*.csv *.xlsx);;All files (*)")


def _csv_files() -> str:
    return _("CSV files (*.csv)")


def _json() -> str:
    return _("JSON files (*.json)")


def _vouchers() -> str:
    return _("Vouchers: PDF or images ({patterns})").format(patterns=voucher_file_patterns())


def _photos() -> str:
    return _("Photos ({patterns})").format(patterns=file_patterns(IMAGE_TYPES))


def _sheets() -> str:
    return _("Attendance sheets: PDF or images ({patterns})").format(
        patterns=file_patterns({**PDF_TYPES, **IMAGE_TYPES})
    )


def _funding_documents() -> str:
    return _("Documents: PDF or images ({patterns})").format(
        patterns=file_patterns({**PDF_TYPES, **IMAGE_TYPES})
    )


KINDS: dict[FileKind, _Kind] = {
    FileKind.BACKUPS: _Kind(_association_files, _association_or_any, ".sqlite"),
    FileKind.ASSOCIATION: _Kind(_association_files, _association_or_any, ".sqlite"),
    FileKind.DOCUMENTS: _Kind(_pdf, _pdf, ".pdf"),
    FileKind.LOGOS: _Kind(_images, _images, None),
    FileKind.ACCOUNTING_TEXT: _Kind(_text_files, _text_files, ".txt"),
    FileKind.WORKBOOKS: _Kind(_workbooks, _workbooks, ".xlsx"),
    # A voucher saved keeps the name (and so the ending) it was attached with.
    FileKind.VOUCHERS: _Kind(_vouchers, _vouchers, None),
    FileKind.PHOTOS: _Kind(_photos, _photos, None),
    FileKind.ATTENDANCE_SHEETS: _Kind(_sheets, _sheets, None),
    FileKind.FUNDING_DOCUMENTS: _Kind(_funding_documents, _funding_documents, None),
    # The ending chosen says the format (.csv, else .xlsx, added by the caller).
    FileKind.AUDIT_EXPORTS: _Kind(_tables, _tables, None),
    FileKind.IMPORTS: _Kind(_import_files, _import_files, None),
    FileKind.IMPORT_REPORTS: _Kind(_csv_files, _csv_files, ".csv"),
    FileKind.PERSONAL_DATA: _Kind(_json, _json, ".json"),
    FileKind.ASSOCIATION_EXPORTS: _Kind(_workbooks, _workbooks, ".xlsx"),
    FileKind.PROFILES: _Kind(_json, _json, ".json"),
    FileKind.PROFILE_TABLES: _Kind(_csv_files, _csv_files, ".csv"),
    FileKind.PROFILE_MAPPINGS: _Kind(_json, _json, ".json"),
}


def documents_folder() -> Path:
    """The user's Documents folder (the home folder where there is none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder(kind: FileKind, fallback: Path | None = None) -> Path:
    """Where a dialog for `kind` opens: the folder last used for it, else `fallback` (where
    the app itself keeps such files), else Documents."""
    for folder in (last_folder(kind.value), fallback):
        if folder is not None and folder.is_dir():
            return folder
    return documents_folder()


def with_suffix(path: Path, suffix: str | None) -> Path:
    """`path` ending in `suffix` (appended, never replacing: "receipt.2026" stays whole)."""
    if suffix is None or path.suffix.lower() == suffix:
        return path
    return path.with_name(path.name + suffix)


def ask_save_path(
    parent: QWidget | None, kind: FileKind, title: str, name: str | Path
) -> Path | None:
    """Where to save a file of `kind` proposed as `name` (a bare name goes in the start
    folder); None when the user cancelled. The chosen folder is remembered for `kind`."""
    spec = KINDS[kind]
    proposed = Path(name).expanduser()
    if not proposed.is_absolute():
        proposed = start_folder(kind) / proposed
    dialog = _dialog(parent, title, proposed, spec.save_filter())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    if spec.suffix:
        dialog.setDefaultSuffix(spec.suffix.lstrip("."))
    chosen = _run(dialog)
    if chosen is None:
        return None
    save_last_folder(kind.value, chosen.parent)
    return with_suffix(chosen, spec.suffix)


def ask_open_path(
    parent: QWidget | None, kind: FileKind, title: str, *, fallback: Path | None = None
) -> Path | None:
    """Which existing file of `kind` to open; None when the user cancelled. The dialog opens
    in the folder last used for `kind`, else `fallback`, else Documents."""
    spec = KINDS[kind]
    dialog = _dialog(parent, title, start_folder(kind, fallback), spec.open_filters())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    chosen = _run(dialog)
    if chosen is not None:
        save_last_folder(kind.value, chosen.parent)
    return chosen


def ask_folder(parent: QWidget | None, title: str, start: Path | None = None) -> Path | None:
    """Which existing folder (the backups' second folder: a USB key, a synchronised folder);
    None when the user cancelled."""
    folder = start if start is not None and start.is_dir() else documents_folder()
    dialog = _dialog(parent, title, folder, "")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _run(dialog)


class ReadableFileList(QIdentityProxyModel):
    """The file list with its sizes and modification dates written in the interface's
    language (Qt writes them in the system's: "49.40 KiB" and "13:43 2026 12 2" inside an
    Arabic window)."""

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        source = self.sourceModel()
        if role != Qt.ItemDataRole.DisplayRole or not isinstance(source, QFileSystemModel):
            return super().data(index, role)
        found = self.mapToSource(index)
        if index.column() == SIZE_COLUMN and not source.isDir(found):
            return QLocale().formattedDataSize(
                source.size(found), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat
            )
        if index.column() == DATE_COLUMN:
            modified = source.lastModified(found)
            moment = modified.toPython() if modified.isValid() else None
            if isinstance(moment, dt.datetime):
                return isolate(f"{format_date(moment.date())} {moment:%H:%M}", "ltr")
        return super().data(index, role)


def _dialog(parent: QWidget | None, title: str, start: Path, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(start), filters)
    dialog.setObjectName("nassij-file-dialog")
    # F1: the guide at the chapter of the dialog or page behind (Qt's own dialog only).
    add_guide_key(dialog)
    # Qt's own dialog only (a system dialog has no model and ignores this).
    dialog.setProxyModel(ReadableFileList(dialog))
    # Qt's own dialog is small for long names and whole dates; a system dialog sizes itself.
    dialog.resize(dialog.size().expandedTo(QSize(820, 500)))
    view = dialog.findChild(QTreeView, "treeView")
    if view is not None:
        metrics = view.fontMetrics()
        view.header().resizeSection(DATE_COLUMN, metrics.horizontalAdvance("00/00/0000 00:00__"))
    if not start.is_dir():
        dialog.selectFile(str(start))
    return dialog


def _run(dialog: QFileDialog) -> Path | None:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return None
        files = dialog.selectedFiles()
        return Path(files[0]) if files else None
    finally:
        dialog.deleteLater()


__all__ = [
    "FileKind",
    "ReadableFileList",
    "ask_folder",
    "ask_open_path",
    "ask_save_path",
    "documents_folder",
    "start_folder",
    "with_suffix",
]
