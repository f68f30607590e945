"""The checklist of a request's file: each document, whether the funder requires it, whether
it is in the file, and the file attached to it. A request without one starts from the usual
documents of its funder's kind (core/funding/usual_documents.py); "Usual documents for this
funder" adds those the list lacks, in the interface's language.

"Attach…" chooses a PDF, JPEG or PNG for the document chosen: shown at once in the File
column, attached when the checklist saves, in the same transaction (Cancel attaches nothing).
"Open" shows the document's file in the vouchers' viewer: the file chosen, or the one attached.
"""

from __future__ import annotations

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
from sqlalchemy.orm import Session

from nassij_desktop.core.attachments.file_types import content_type
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.common.service import row_error
from nassij_desktop.core.funding.documents import (
    DOCUMENT_FIELD,
    DocumentFile,
    attach_request_document,
    request_document_file,
)
from nassij_desktop.core.funding.services import (
    DocumentData,
    FundingRequestRecord,
    RequestDocumentRecord,
    set_request_checklist,
)
from nassij_desktop.core.funding.usual_documents import document_code, propose_checklist
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction

COLUMNS = (N_("Document"), N_("Required"), N_("Provided"), N_("File"))
CHECKED = Qt.CheckState.Checked
UNCHECKED = Qt.CheckState.Unchecked
# On a row's label item: the position the document has in the file as saved (its attached
# file is read by it), the name of that file, and the file chosen to attach on saving.
SAVED_POSITION = Qt.ItemDataRole.UserRole
ATTACHED_NAME = Qt.ItemDataRole.UserRole + 1
CHOSEN_PATH = Qt.ItemDataRole.UserRole + 2


def read_chosen_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise ValidationError(
            DOCUMENT_FIELD,
            _("The file {file} cannot be read ({error}).").format(
                file=path.name, error=error.strerror
            ),
        ) from error


class ChecklistDialog(BaseDialog):
    saved = Signal(object)  # the FundingRequestRecord

    def __init__(
        self,
        context: AppContext,
        request: FundingRequestRecord,
        documents: list[RequestDocumentRecord],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("checklist_dialog")
        self.context = context
        self.request = request
        self.viewer: QWidget | None = None
        self.setMinimumSize(680, 420)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("checklist_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons; arrows move
        scroll_with_direction(self.table)
        self.table.setItemDelegate(ScriptDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._enable)
        for document in documents:
            row = self.add_row(document.label, document.required, document.provided)
            item = self.table.item(row, 0)
            if item is not None:
                item.setData(SAVED_POSITION, document.position)
                if document.attachment_id is not None:
                    item.setData(ATTACHED_NAME, self._attached_name(document.position))
            self._show_file(row)
        if not documents:
            for proposed in self._proposal():
                self.add_row(proposed.label, proposed.required, False)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_document")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("remove_document")
        self.usual_button = QPushButton(self)
        self.usual_button.setObjectName("usual_documents")
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("attach_document")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_document")
        for button in (
            self.add_button,
            self.remove_button,
            self.usual_button,
            self.attach_button,
            self.open_button,
        ):
            button.setAutoDefault(False)  # Enter saves the checklist
        self.add_button.clicked.connect(self._add_empty)
        self.remove_button.clicked.connect(self.remove_selected)
        self.usual_button.clicked.connect(self.add_usual)
        self.attach_button.clicked.connect(self.choose_file)
        self.open_button.clicked.connect(self.open_current)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addWidget(self.usual_button)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.attach_button)
        row_buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()
        if self.table.rowCount():
            self.table.setCurrentCell(0, 0)
        self._enable()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Checklist of the file"))
        self.heading.setText(
            bidi_text(
                _(
                    "The documents of the file of “{title}”: tick those the funder requires and "
                    "those already gathered, and attach the scans you have."
                ).format(title=self.request.title)
            )
        )
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.add_button.setText(_("Add a document"))
        self.remove_button.setText(_("Remove"))
        self.usual_button.setText(_("Usual documents for this funder"))
        self.attach_button.setText(_("Attach…"))
        self.open_button.setText(_("Open"))
        for row in range(self.table.rowCount()):
            self._show_file(row)
        self.save_button.setText(_("Save the checklist"))
        self.cancel_button.setText(_("Cancel"))

    def add_row(self, label: str, required: bool, provided: bool) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(label))
        for column, checked in ((1, required), (2, provided)):
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(CHECKED if checked else UNCHECKED)
            self.table.setItem(row, column, item)
        return row

    # --- the usual documents ------------------------------------------------------------------

    def _proposal(self) -> list[DocumentData]:
        try:
            with self.context.database.session() as session:
                return propose_checklist(session, self.context.actor, self.request.id)
        except NassijError as error:
            self.errors.show_general(str(error))
            return []

    def add_usual(self) -> int:
        """Add the usual documents of the funder's kind the list lacks (a document already
        there in the other language counts); how many were added."""
        present = set()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None:
                present.add(document_code(item.text()) or item.text().strip().casefold())
        added = 0
        for proposed in self._proposal():
            if (document_code(proposed.label) or proposed.label.casefold()) not in present:
                self.add_row(proposed.label, proposed.required, False)
                added += 1
        self._enable()
        return added

    # --- the files -----------------------------------------------------------------------------

    def _attached_name(self, position: int) -> str:
        try:
            with self.context.database.session() as session:
                found = request_document_file(
                    session, self.context.actor, self.request.id, position
                )
        except NassijError:
            return ""
        return found.filename if found is not None else ""

    def _show_file(self, row: int) -> None:
        label = self.table.item(row, 0)
        if label is None:
            return
        chosen = label.data(CHOSEN_PATH)
        attached = label.data(ATTACHED_NAME)
        if chosen:
            text = _("{file} (attached on saving)").format(file=isolate(Path(chosen).name, "ltr"))
            tip = str(chosen)
        elif attached:
            text, tip = isolate(attached, "ltr"), attached
        else:
            text, tip = "—", ""
        item = self.table.item(row, 3)
        if item is None:
            item = QTableWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, 3, item)
        item.setText(text)
        item.setToolTip(tip)

    def file_names(self) -> list[str]:
        """The File column as shown (for tests and screen readers)."""
        return [
            item.text() if (item := self.table.item(row, 3)) is not None else ""
            for row in range(self.table.rowCount())
        ]

    def _enable(self) -> None:
        row = self.table.currentRow()
        label = self.table.item(row, 0) if row >= 0 else None
        writer = self.context.can(Permission.FUNDING_WRITE)
        self.attach_button.setEnabled(writer and label is not None)
        self.open_button.setEnabled(
            label is not None and bool(label.data(CHOSEN_PATH) or label.data(ATTACHED_NAME))
        )
        self.usual_button.setEnabled(writer)

    def choose_file(self) -> Path | None:
        row = self.table.currentRow()
        if row < 0:
            return None
        path = ask_open_path(self, FileKind.FUNDING_DOCUMENTS, _("Attach a file to the document"))
        if path is not None:
            self.attach_path(row, path)
        return path

    def attach_path(self, row: int, path: Path) -> None:
        """`path` to attach to the document of `row` when the checklist saves; the document
        is then provided."""
        label = self.table.item(row, 0)
        if label is None:
            return
        label.setData(CHOSEN_PATH, str(path))
        self.set_provided(row, True)
        self._show_file(row)
        self._enable()

    def current_file(self) -> DocumentFile | None:
        row = self.table.currentRow()
        label = self.table.item(row, 0) if row >= 0 else None
        if label is None:
            return None
        chosen = label.data(CHOSEN_PATH)
        if chosen:
            data = read_chosen_file(Path(chosen))
            return DocumentFile(label.text(), Path(chosen).name, content_type(data) or "", data)
        position = label.data(SAVED_POSITION)
        if not label.data(ATTACHED_NAME) or position is None:
            return None
        with self.context.database.session() as session:
            return request_document_file(session, self.context.actor, self.request.id, position)

    def open_current(self) -> QWidget | None:
        """Show the chosen document's file in the app's viewer (an image or a PDF)."""
        self.errors.clear()
        try:
            found = self.current_file()
        except NassijError as error:
            self.errors.show_general(str(error))
            return None
        if found is None or found.mime_type not in ("application/pdf", "image/png", "image/jpeg"):
            return None
        from nassij_desktop.core.books.vouchers import VoucherFile
        from nassij_desktop.ui.books.voucher_viewer import VoucherViewer  # QtPdf: on demand

        document, name = found.label, found.filename

        def titles() -> tuple[str, str]:
            return document, _("{document}: {file}").format(
                document=document, file=isolate(name, "ltr")
            )

        viewer = VoucherViewer(
            VoucherFile(name, found.mime_type, found.data), name, self, titles=titles
        )
        # Not deleted on close: a PDF viewer deleted on its own crashes QtPdf ("shared
        # QObject was deleted directly"); it goes with this dialog.
        viewer.finished.connect(lambda _result: setattr(self, "viewer", None))
        self.viewer = viewer
        viewer.open()
        return viewer

    # --- rows ----------------------------------------------------------------------------------

    def _add_empty(self) -> None:
        row = self.add_row("", True, False)
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
        self._enable()

    def set_provided(self, row: int, provided: bool) -> None:
        item = self.table.item(row, 2)
        if item is not None:
            item.setCheckState(CHECKED if provided else UNCHECKED)

    def documents(self) -> list[DocumentData]:
        out = []
        for row in range(self.table.rowCount()):
            label, required, provided = (self.table.item(row, c) for c in range(3))
            out.append(
                DocumentData(
                    label=label.text() if label is not None else "",
                    required=required is not None and required.checkState() == CHECKED,
                    provided=provided is not None and provided.checkState() == CHECKED,
                )
            )
        return out

    def chosen_files(self) -> dict[int, Path]:
        """The files chosen to attach, by the position their document will have (1 first)."""
        chosen = {}
        for row in range(self.table.rowCount()):
            label = self.table.item(row, 0)
            if label is not None and label.data(CHOSEN_PATH):
                chosen[row + 1] = Path(label.data(CHOSEN_PATH))
        return chosen

    def _save(self, session: Session) -> FundingRequestRecord:
        actor = self.context.actor
        record = set_request_checklist(session, actor, self.request.id, self.documents())
        for position, path in self.chosen_files().items():
            try:
                data = read_chosen_file(path)
                attach_request_document(session, actor, self.request.id, position, data, path.name)
            except NassijError as error:
                raise row_error(error, position) from None
        return record

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            self._save,
            changes={Change.FUNDING},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.saved.emit(done.value)
        self.accept()
        return True
