"""File ▸ Backups…: the backups of this computer (date, why, size, the association each holds),
"Back up now", "Restore this one…" (through the shell's restore, after its confirmation) and
the second folder (a USB key, a synchronised folder) that receives a copy of each."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop import paths
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_date, format_number, isolate
from nassij_desktop.storage.backups import (
    BackupInfo,
    backup_now,
    list_backups,
    reason_label,
    second_folder,
    set_second_folder,
)
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import ask_folder
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.common.tables import ScriptDelegate

COLUMNS = 4


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return _("{size} MB").format(size=format_number(Decimal(size * 10 // (1024 * 1024)) / 10))
    return _("{size} KB").format(size=format_number(max(1, round(size / 1024))))


class BackupsDialog(BaseDialog):
    GUIDE_CHAPTER = "09-backups"  # F1 (BaseDialog)

    restore_requested = Signal(str)  # the backup's path: the shell restores it

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backups-dialog")
        self.context = context
        self.backups: list[BackupInfo] = []
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("backups")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setItemDelegate(ScriptDelegate(self.table))
        header = self.table.horizontalHeader()
        for column in range(COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self.back_up_button = QPushButton(self)
        self.back_up_button.setObjectName("back-up-now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self)
        self.restore_button.setObjectName("restore-selected")
        self.restore_button.clicked.connect(self.restore_selected)
        self.second_button = QPushButton(self)
        self.second_button.setObjectName("second-folder")
        self.second_button.clicked.connect(self.choose_second_folder)
        self.no_second_button = QPushButton(self)
        self.no_second_button.setObjectName("no-second-folder")
        self.no_second_button.clicked.connect(lambda: self.set_second(None))
        self.second_label = QLabel(self)
        self.second_label.setObjectName("second-folder-label")
        self.second_label.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.back_up_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(self.second_label, 1)
        second.addWidget(self.second_button)
        second.addWidget(self.no_second_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addLayout(second)
        layout.addWidget(buttons)
        self.resize(760, 440)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Backups"))
        self.intro.setText(
            _(
                "A backup is made when the window closes (once a day, or again when the file "
                "changed), before every update and every restore. Each is checked after "
                "writing; kept are the last 7 days' and the last 12 months'. Folder: {folder}"
            ).format(folder=isolate(str(paths.backup_dir()), "ltr"))
        )
        self.table.setHorizontalHeaderLabels([_("Date"), _("Reason"), _("Size"), _("Association")])
        self.back_up_button.setText(_("Back up now"))
        self.restore_button.setText(_("Restore this one…"))
        self.second_button.setText(_("Second folder…"))
        self.no_second_button.setText(_("No second folder"))
        self._show_second()
        if self.backups:
            self._fill()

    def _show_second(self) -> None:
        folder = second_folder()
        self.no_second_button.setVisible(folder is not None)
        if folder is None:
            self.second_label.setText(
                _("No second folder: choose a USB key or a synchronised folder to keep a copy.")
            )
        else:
            self.second_label.setText(
                _("A copy of each backup also goes to {folder}").format(
                    folder=isolate(str(folder), "ltr")
                )
            )

    def refresh(self) -> None:
        self.backups = list_backups(self.context.actor)
        self._fill()

    def _fill(self) -> None:
        lang = current_language()
        self.table.setRowCount(len(self.backups))
        for row, info in enumerate(self.backups):
            when = f"{format_date(info.made_at.date())} {info.made_at:%H:%M}"
            name = text_in(lang, info.name_ar, info.name_fr) if info.readable else _("unreadable")
            cells = (isolate(when), reason_label(info.reason), size_text(info.size), name)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setToolTip(isolate(str(info.path), "ltr"))
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        info = self.selected()
        self.restore_button.setEnabled(info is not None and info.readable)

    def back_up_now(self) -> Operation[BackupInfo] | None:
        database, actor = self.context.database, self.context.actor

        def done(info: BackupInfo) -> None:
            self.refresh()
            text = _("Backup written and verified: {path}").format(
                path=isolate(str(info.path), "ltr")
            )
            self.message.setText(f"{text}\n{info.second_problem}" if info.second_problem else text)

        operation = Operation(
            self,
            lambda progress: backup_now(database, actor, progress),
            label=_("Backing up the file…"),
            cancellable=True,
        ).success(done)
        return operation if operation.run_in_background() else None

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not info.readable:
            return
        self.accept()  # the shell asks for the confirmation, then replaces the window
        self.restore_requested.emit(str(info.path))

    def choose_second_folder(self) -> None:
        folder = ask_folder(self, _("Second folder for the backups"), second_folder())
        if folder is not None:
            self.set_second(folder)

    def set_second(self, folder: Path | None) -> None:
        set_second_folder(folder)
        self._show_second()
