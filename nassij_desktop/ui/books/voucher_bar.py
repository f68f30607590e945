"""The voucher row of the entry detail: which scan the entry carries, "View voucher" (readers
too) and "Attach voucher…" (writers: a draft or a validated entry, the earlier scan kept)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from nassij_desktop.core.books.vouchers import (
    VoucherInfo,
    attach_voucher,
    entry_voucher,
    read_voucher,
)
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.output_files import protected_paths
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import bidi_text, format_number, isolate
from nassij_desktop.ui.books.voucher_picker import read_voucher_file
from nassij_desktop.ui.books.voucher_viewer import VoucherViewer
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path
from nassij_desktop.ui.common.form_errors import error_label
from nassij_desktop.ui.common.operations import run_write

_KILOBYTE = 1024


class VoucherBar(Retranslating, QWidget):
    """The scan of the entry on show (`show_entry`), read again each time it changes."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entry_id: int | None = None
        self.entry_name = ""
        self.info: VoucherInfo | None = None
        self.viewer: VoucherViewer | None = None  # the viewer on show (tests drive it)
        self.status = QLabel(self)
        self.status.setObjectName("voucher_status")
        self.status.setWordWrap(True)
        self.view_button = QPushButton(self)
        self.view_button.setObjectName("view_voucher_button")
        self.view_button.clicked.connect(self.view)
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("attach_voucher_button")
        self.attach_button.clicked.connect(self.choose_and_attach)
        self.attach_button.setVisible(context.can(Permission.BOOKS_WRITE))
        self.error = error_label(self)
        self.error.setObjectName("voucher_error")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status, 1)
        row.addWidget(self.view_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.retranslate()
        self.show_entry(None)

    def show_entry(self, entry_id: int | None, name: str = "") -> None:
        """The voucher of entry `entry_id` (named `name`: BQ-2026-12), or nothing shown."""
        if entry_id != self.entry_id:
            self.error.hide()
        self.entry_id, self.entry_name = entry_id, name
        self.info = None
        if entry_id is not None:
            try:
                with self.context.database.session() as session:
                    self.info = entry_voucher(session, self.context.actor, entry_id)
            except NassijError as error:
                self._fail(str(error))
        self.setVisible(entry_id is not None)
        self.view_button.setEnabled(self.info is not None)
        self.attach_button.setEnabled(entry_id is not None)
        self._show_status()

    def retranslate(self) -> None:
        self.view_button.setText(_("View voucher"))
        self.attach_button.setText(_("Attach voucher…"))
        self._show_status()

    def _show_status(self) -> None:
        info = self.info
        if info is None:
            self.status.setText(bidi_text(_("No scanned voucher attached.")))
            return
        size = format_number(max(1, round(info.size / _KILOBYTE)))
        self.status.setText(
            bidi_text(
                _("Scanned voucher: {file} ({size} KB)").format(
                    file=isolate(info.filename, "ltr"), size=size
                )
            )
        )

    def _fail(self, message: str) -> None:
        self.error.setText(bidi_text(message))
        self.error.show()

    # --- attaching -------------------------------------------------------------------------

    def choose_and_attach(self) -> VoucherInfo | None:
        """Ask for the scan (the app's file dialog), then attach it."""
        path = ask_open_path(self, FileKind.VOUCHERS, _("Attach voucher"))
        return None if path is None else self.attach_file(path)

    def attach_file(self, path: Path) -> VoucherInfo | None:
        """Attach the scan at `path` to the entry on show; a refusal is said under the row."""
        entry_id = self.entry_id
        if entry_id is None:
            return None
        self.error.hide()

        def attach(session: Session) -> VoucherInfo:
            data = read_voucher_file(path)
            return attach_voucher(session, self.context.actor, entry_id, data, path.name)

        done = run_write(
            self.context,
            attach,
            changes={Change.BOOKS},
            failure=lambda error: self._fail(str(error)),
            initiator=self,
        )
        if done is None:
            return None
        # The page reloads the entry on BOOKS; a bar on its own shows the scan at once.
        self.show_entry(entry_id, self.entry_name)
        return done.value

    # --- viewing ---------------------------------------------------------------------------

    def view(self) -> VoucherViewer | None:
        """The scan of the entry on show, in its viewer."""
        if self.entry_id is None:
            return None
        try:
            with self.context.database.session() as session:
                voucher = read_voucher(session, self.context.actor, self.entry_id)
        except NassijError as error:
            self._fail(str(error))
            return None
        database_path = self.context.database.path
        protected = protected_paths(database_path) if database_path is not None else set()
        viewer = VoucherViewer(voucher, self.entry_name, self, protected=protected)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _result: setattr(self, "viewer", None))
        self.viewer = viewer
        viewer.open()
        return viewer


__all__ = ["VoucherBar"]
