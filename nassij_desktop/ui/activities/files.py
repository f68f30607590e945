"""The "Photos and attendance sheets" row of the activity form: the files attached, "Add a
photo…", "Add an attendance sheet…", "Open", "Remove".

What is added or removed is kept in the form and written when the form saves, in the same
transaction as the activity (`apply`): Cancel leaves the files as they were, and a file that
is not an image (a photo) or a PDF or image (a sheet) refuses the save and says so under this
row. A file is opened in the app's viewer (an image fitted, a PDF through QtPdf, "Save a
copy…"): from the file for one not saved yet, from the database for one attached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.attachments import (
    FILES_FIELD,
    ActivityFile,
    ActivityFileInfo,
    attach_activity_file,
    check_activity_file,
    read_activity_file,
    remove_activity_file,
)
from nassij_desktop.core.activities.models import AttachmentRole
from nassij_desktop.core.attachments.file_types import content_type
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path

ROLE_LABELS = {
    AttachmentRole.PHOTO: N_("Photo"),
    AttachmentRole.ATTENDANCE_SHEET: N_("Attendance sheet"),
    AttachmentRole.OTHER: N_("File"),
}
_ROLE_KINDS = {
    AttachmentRole.PHOTO: FileKind.PHOTOS,
    AttachmentRole.ATTENDANCE_SHEET: FileKind.ATTENDANCE_SHEETS,
}


@dataclass(frozen=True)
class PendingFile:
    """A file chosen in the form, attached when it saves."""

    path: Path
    role: AttachmentRole


def read_chosen_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(
            FILES_FIELD,
            _("The file {file} cannot be read ({error}).").format(
                file=path.name, error=error.strerror
            ),
        ) from error


class ActivityFiles(Retranslating, QWidget):
    """The files of one activity: those attached (`set_files`) and those chosen since."""

    changed = Signal()

    def __init__(self, actor_can_change: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(FILES_FIELD)
        self.attached: list[ActivityFileInfo] = []
        self.removed: set[int] = set()
        self.pending: list[PendingFile] = []
        self.reader: Callable[[int], ActivityFile] | None = None  # set by the form
        self.viewer: QWidget | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("files_list")
        self.list.setLayoutDirection(self.layoutDirection())
        self.list.setMaximumHeight(self.fontMetrics().height() * 3 + 12)
        self.list.itemActivated.connect(lambda _item: self.open_current())
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.list.installEventFilter(self)
        self.add_photo_button = self._button("add_photo")
        self.add_photo_button.clicked.connect(lambda: self.choose(AttachmentRole.PHOTO))
        self.add_sheet_button = self._button("add_sheet")
        self.add_sheet_button.clicked.connect(lambda: self.choose(AttachmentRole.ATTENDANCE_SHEET))
        self.open_button = self._button("open_file")
        self.open_button.clicked.connect(self.open_current)
        self.remove_button = self._button("remove_file")
        self.remove_button.clicked.connect(self.remove_current)
        self.can_change = actor_can_change
        # The list over one row of buttons: the form grows neither wider nor much taller.
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (
            self.add_photo_button,
            self.add_sheet_button,
            self.open_button,
            self.remove_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.setFocusProxy(self.add_photo_button)
        self.retranslate()
        self._refresh()

    def _button(self, name: str) -> QPushButton:
        button = QPushButton(self)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter saves the form, from any row
        return button

    def chain(self) -> list[QWidget]:
        return [
            self.add_photo_button,
            self.add_sheet_button,
            self.list,
            self.open_button,
            self.remove_button,
        ]

    def retranslate(self) -> None:
        self.add_photo_button.setText(_("Add a photo…"))
        self.add_sheet_button.setText(_("Add an attendance sheet…"))
        self.open_button.setText(_("Open"))
        self.remove_button.setText(_("Remove"))
        self._refresh()

    # --- what the list holds ---------------------------------------------------------------

    def set_files(self, files: list[ActivityFileInfo]) -> None:
        self.attached = list(files)
        self.removed.clear()
        self.pending.clear()
        self._refresh()

    def _entries(self) -> list[ActivityFileInfo | PendingFile]:
        return [
            *(f for f in self.attached if f.id not in self.removed),
            *self.pending,
        ]

    def _refresh(self) -> None:
        if not hasattr(self, "list"):
            return
        row = self.list.currentRow()
        self.list.clear()
        for entry in self._entries():
            name = entry.filename if isinstance(entry, ActivityFileInfo) else entry.path.name
            text = _("{role}: {file}").format(
                role=_(ROLE_LABELS[entry.role]), file=isolate(name, "ltr")
            )
            item = QListWidgetItem(text, self.list)
            item.setToolTip(str(entry.path) if isinstance(entry, PendingFile) else name)
        if self.list.count():
            self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
        self._enable()
        self.changed.emit()

    def _enable(self) -> None:
        chosen = self.list.currentRow() >= 0
        for button in (self.add_photo_button, self.add_sheet_button):
            button.setEnabled(self.can_change)
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and self.can_change)

    def names(self) -> list[str]:
        """The list's lines as shown (for tests and screen readers)."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    # --- actions ---------------------------------------------------------------------------

    def choose(self, role: AttachmentRole) -> Path | None:
        title = _("Add a photo") if role is AttachmentRole.PHOTO else _("Add an attendance sheet")
        path = ask_open_path(self, _ROLE_KINDS[role], title)
        if path is not None:
            self.add(path, role)
        return path

    def add(self, path: Path, role: AttachmentRole) -> None:
        self.pending.append(PendingFile(path, role))
        self._refresh()
        self.list.setCurrentRow(self.list.count() - 1)

    def remove_current(self) -> None:
        row = self.list.currentRow()
        entries = self._entries()
        if not self.can_change or not 0 <= row < len(entries):
            return
        entry = entries[row]
        if isinstance(entry, ActivityFileInfo):
            self.removed.add(entry.id)
        else:
            self.pending.remove(entry)
        self._refresh()
        self.list.setFocus()

    def current_file(self) -> ActivityFile | None:
        row = self.list.currentRow()
        entries = self._entries()
        if not 0 <= row < len(entries):
            return None
        entry = entries[row]
        if isinstance(entry, PendingFile):
            data = read_chosen_file(entry.path)
            return ActivityFile(entry.path.name, content_type(data) or "", data)
        return self.reader(entry.id) if self.reader is not None else None

    def open_current(self) -> QWidget | None:
        """Show the chosen file in the app's viewer (an image or a PDF)."""
        try:
            found = self.current_file()
        except ValidationError:
            return None
        if found is None or found.mime_type not in ("application/pdf", "image/png", "image/jpeg"):
            return None
        from nassij_desktop.core.books.vouchers import VoucherFile
        from nassij_desktop.ui.books.voucher_viewer import VoucherViewer  # QtPdf: on demand

        role = self._entries()[self.list.currentRow()].role
        name = found.filename

        def titles() -> tuple[str, str]:
            label = _(ROLE_LABELS[role])
            return label, _("{role}: {file}").format(role=label, file=isolate(name, "ltr"))

        viewer = VoucherViewer(
            VoucherFile(found.filename, found.mime_type, found.data), name, self, titles=titles
        )
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _result: setattr(self, "viewer", None))
        self.viewer = viewer
        viewer.open()
        return viewer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Delete in the list removes the file chosen (Enter still saves the form).
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
        ):
            self.remove_current()
            return True
        return super().eventFilter(watched, event)

    # --- saving ----------------------------------------------------------------------------

    def check(self) -> None:
        """Refuse, before anything is written, a chosen file that cannot be attached."""
        for pending in self.pending:
            check_activity_file(read_chosen_file(pending.path), pending.path.name, pending.role)

    def apply(self, session: Session, actor: Actor, activity_id: int) -> None:
        """Write the removals and the files chosen, in the form's transaction."""
        for file_id in sorted(self.removed):
            remove_activity_file(session, actor, file_id)
        for pending in self.pending:
            data = read_chosen_file(pending.path)
            attach_activity_file(session, actor, activity_id, data, pending.path.name, pending.role)


def file_reader(context: AppContext) -> Callable[[int], ActivityFile]:
    """A reader of attached files for `ActivityFiles.reader` (a short read session each)."""

    def read(file_id: int) -> ActivityFile:
        with context.database.session() as session:
            return read_activity_file(session, context.actor, file_id)

    return read


__all__ = ["ROLE_LABELS", "ActivityFiles", "PendingFile", "file_reader", "read_chosen_file"]
