"""The "Voucher file" row of the quick forms: the scan chosen (PDF, JPEG, PNG), Choose…, Remove.

The file is read and attached when the form saves, in the same transaction as its entry
(`attach`): a file that is no voucher refuses the whole entry, and says so under this row.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget
from sqlalchemy.orm import Session

from nassij_desktop.core.books.vouchers import VOUCHER_FIELD, VoucherInfo, attach_voucher
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.i18n import _
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path


def read_voucher_file(path: Path) -> bytes:
    """The bytes of the scan at `path`; a refusal on the voucher's field when unreadable."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(
            VOUCHER_FIELD,
            _("The file {file} cannot be read ({error}).").format(
                file=path.name, error=error.strerror
            ),
        ) from error


class VoucherPicker(Retranslating, QWidget):
    """The scan to attach to the entry a form writes: none until one is chosen."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(VOUCHER_FIELD)
        self.chosen: Path | None = None
        self.name = set_field_direction(QLineEdit(self), "path")
        self.name.setObjectName("voucher_file_name")
        self.name.setReadOnly(True)
        self.name.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choose_button = QPushButton(self)
        self.choose_button.setObjectName("voucher_file_choose")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("voucher_file_remove")
        self.remove_button.clicked.connect(lambda: self.set_path(None))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.remove_button)
        # Enter saves the form from any row (QuickDialog): these buttons never take it.
        for button in (self.choose_button, self.remove_button):
            button.setAutoDefault(False)
        self.setFocusProxy(self.choose_button)
        self.retranslate()
        self.set_path(None)

    def retranslate(self) -> None:
        self.choose_button.setText(_("Choose…"))
        self.remove_button.setText(_("Remove"))
        self.name.setPlaceholderText(_("No scan (PDF, JPEG or PNG)"))

    def choose(self) -> Path | None:
        """Ask which scan to attach (the app's file dialog, in the vouchers' last folder)."""
        path = ask_open_path(self, FileKind.VOUCHERS, _("Voucher file"))
        if path is not None:
            self.set_path(path)
        return path

    def set_path(self, path: Path | None) -> None:
        self.chosen = path
        self.name.setText(path.name if path is not None else "")
        self.name.setToolTip(str(path) if path is not None else "")
        self.remove_button.setEnabled(path is not None)
        self.changed.emit()

    def attach(self, session: Session, actor: Actor, entry_id: int) -> VoucherInfo | None:
        """Attach the chosen scan to the entry just written, in its transaction."""
        if self.chosen is None:
            return None
        data = read_voucher_file(self.chosen)
        return attach_voucher(session, actor, entry_id, data, self.chosen.name)


__all__ = ["VoucherPicker", "read_voucher_file"]
