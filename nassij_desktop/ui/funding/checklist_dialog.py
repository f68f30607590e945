"""The checklist of a request's file: each document, whether the funder requires it, whether
it is in the file, and the file attached to it. A request without one starts from the usual
documents of its funder's kind (core/funding/usual_documents.py); "Usual documents for this
funder" adds those the list lacks, in the interface's language.

"Attach…" chooses a PDF, JPEG or PNG for the document chosen: shown at once in the File
column, attached when the checklist saves, in the same transaction (Cancel attaches nothing).
"Open" shows the document's file in the vouchers' viewer: the file chosen, or the one attached.
"Remove the file", once confirmed, takes the file off the document when the checklist saves
(`remove_request_document_file`; the file stays stored, as every attachment does). A document
renamed or moved keeps its file: each line knows the document it was (`DocumentData.id`).

The checklist saves over the request's version the dialog opened with: one saved meanwhile by
someone else meets the conflict dialog, a line per document that differs (reload theirs, or
overwrite knowingly).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.attachments.file_types import content_type
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, NassijError, ValidationError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.common.service import row_error
from nassij_desktop.core.funding.documents import (
    DOCUMENT_FIELD,
    DocumentFile,
    attach_request_document,
    remove_request_document_file,
    request_document_file,
)
from nassij_desktop.core.funding.services import (
    DocumentData,
    FundingRequestRecord,
    RequestDocumentRecord,
    get_funding_request,
    request_checklist,
    set_request_checklist,
)
from nassij_desktop.core.funding.usual_documents import document_code, propose_checklist
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, isolate
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    KeepsConflict,
    ask,
    line_differences,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.dialogs import confirm
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write
from nassij_desktop.ui.common.row_table import (
    FIT,
    Editor,
    RowButtons,
    RowColumn,
    RowTable,
    bind_save,
)

LABEL, REQUIRED, PROVIDED, FILE = range(4)
COLUMNS = (
    RowColumn(N_("Document")),
    RowColumn(N_("Required"), Editor.CHECK, width=FIT),
    RowColumn(N_("Provided"), Editor.CHECK, width=FIT),
    RowColumn(N_("File"), Editor.SHOWN, width=FIT, align=Qt.AlignmentFlag.AlignVCenter),
)
# On a row's label item: the position the document has in the file as saved (its attached
# file is read by it), the name of that file, the file chosen to attach on saving, whether
# the attached file is to be removed on saving, and the document's id as saved.
SAVED_POSITION = Qt.ItemDataRole.UserRole
ATTACHED_NAME = Qt.ItemDataRole.UserRole + 1
CHOSEN_PATH = Qt.ItemDataRole.UserRole + 2
REMOVE_FILE = Qt.ItemDataRole.UserRole + 3
SAVED_ID = Qt.ItemDataRole.UserRole + 4


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


class ChecklistDialog(KeepsConflict, BaseDialog):
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
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self.viewer: QWidget | None = None
        self.setMinimumSize(680, 420)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = RowTable("checklist_table", COLUMNS, self, select_rows=True, tab_moves=False)
        self.table.itemSelectionChanged.connect(self._enable)
        self._fill(documents)
        self.row_buttons = RowButtons(
            self.table,
            self,
            names=("add_document", "remove_document", "document_up", "document_down"),
            texts=(N_("Add a document"), N_("Remove")),
        )
        self.table.edited.connect(self._show_files)  # a line added: "—" in its File cell
        self.add_button = self.row_buttons.add_button
        self.remove_button = self.row_buttons.remove_button
        self.usual_button = QPushButton(self)
        self.usual_button.setObjectName("usual_documents")
        self.attach_button = QPushButton(self)
        self.attach_button.setObjectName("attach_document")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_document")
        self.remove_file_button = QPushButton(self)
        self.remove_file_button.setObjectName("remove_document_file")
        for button in (
            self.usual_button,
            self.attach_button,
            self.open_button,
            self.remove_file_button,
        ):
            button.setAutoDefault(False)  # Enter saves the checklist
        self.usual_button.clicked.connect(self.add_usual)
        self.attach_button.clicked.connect(self.choose_file)
        self.open_button.clicked.connect(self.open_current)
        self.remove_file_button.clicked.connect(self.ask_remove_file)
        file_buttons = QHBoxLayout()  # a second row: one would not hold eight buttons
        file_buttons.addWidget(self.usual_button)
        file_buttons.addStretch(1)
        for button in (self.attach_button, self.open_button, self.remove_file_button):
            file_buttons.addWidget(button)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        bind_save(self, self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.row_buttons)
        layout.addLayout(file_buttons)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()
        if self.table.rowCount():
            self.table.setCurrentCell(0, 0)
        self._enable()

    def _fill(self, documents: list[RequestDocumentRecord]) -> None:
        """The documents as saved (none: the usual ones of the funder's kind, proposed)."""
        self.table.setRowCount(0)
        for document in documents:
            row = self.add_row(document.label, document.required, document.provided)
            item = self.table.item(row, LABEL)
            if item is not None:
                item.setData(SAVED_POSITION, document.position)
                item.setData(SAVED_ID, document.id)
                if document.attachment_id is not None:
                    item.setData(ATTACHED_NAME, self._attached_name(document.position))
            self._show_file(row)
        if not documents:
            for proposed in self._proposal():
                self.add_row(proposed.label, proposed.required, False)
        self.table.mark_clean()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Checklist of the file"))
        self.heading.setText(
            bidi_text(
                _(
                    "The documents of the file of “{title}”: tick those the funder requires and "
                    "those already gathered, and attach the scans you have."
                ).format(title=isolate(self.request.title))
            )
        )
        self.table.retranslate()
        self.row_buttons.retranslate()
        self.usual_button.setText(_("Usual documents for this funder"))
        self.attach_button.setText(_("Attach…"))
        self.open_button.setText(_("Open"))
        self.remove_file_button.setText(_("Remove the file"))
        self._show_files()
        self.save_button.setText(_("Save the checklist"))
        self.cancel_button.setText(_("Cancel"))

    def add_row(self, label: str, required: bool, provided: bool) -> int:
        row = self.table.insert_row((label, required, provided, "—"))
        self._show_file(row)
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
        if added:
            self.table.dirty = True
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
        elif attached and label.data(REMOVE_FILE):
            text = _("{file} (removed on saving)").format(file=isolate(attached, "ltr"))
            tip = attached
        elif attached:
            text, tip = isolate(attached, "ltr"), attached
        else:
            text, tip = "—", ""
        self.table.set_text(row, FILE, text, tip)

    def _show_files(self) -> None:
        for row in range(self.table.rowCount()):
            self._show_file(row)

    def file_names(self) -> list[str]:
        """The File column as shown (for tests and screen readers)."""
        return [
            item.text() if (item := self.table.item(row, FILE)) is not None else ""
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
        self.remove_file_button.setEnabled(
            writer
            and label is not None
            and bool(
                label.data(CHOSEN_PATH)
                or (label.data(ATTACHED_NAME) and not label.data(REMOVE_FILE))
            )
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
        label.setData(REMOVE_FILE, None)
        self.set_provided(row, True)
        self._show_file(row)
        self._enable()

    def ask_remove_file(self) -> bool:
        """Confirm, then take the file off the current document (when the checklist saves)."""
        row = self.table.currentRow()
        label = self.table.item(row, LABEL) if row >= 0 else None
        if label is None:
            return False
        name = Path(label.data(CHOSEN_PATH)).name if label.data(CHOSEN_PATH) else ""
        name = name or label.data(ATTACHED_NAME) or ""
        if not name:
            return False
        if not confirm(
            self,
            _("Remove the file"),
            _(
                "Remove the file {file} from the document “{document}”? It is removed when "
                "the checklist is saved; the document stays in the list."
            ).format(file=isolate(name, "ltr"), document=label.text()),
            _("Remove the file"),
        ):
            return False
        self.remove_file(row)
        return True

    def remove_file(self, row: int) -> None:
        """The file chosen for the document is forgotten; else its file attached is removed
        when the checklist saves."""
        label = self.table.item(row, LABEL)
        if label is None:
            return
        if label.data(CHOSEN_PATH):
            label.setData(CHOSEN_PATH, None)  # the file attached before, if any, stays
        elif label.data(ATTACHED_NAME):
            label.setData(REMOVE_FILE, True)
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
        if not label.data(ATTACHED_NAME) or label.data(REMOVE_FILE) or position is None:
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

    def remove_selected(self) -> None:
        self.table.remove_line()
        self._enable()

    def set_provided(self, row: int, provided: bool) -> None:
        self.table.set_checked(row, PROVIDED, provided)

    def documents(self) -> list[DocumentData]:
        out = []
        for row in range(self.table.rowCount()):
            label = self.table.item(row, LABEL)
            out.append(
                DocumentData(
                    label=label.text() if label is not None else "",
                    required=self.table.checked(row, REQUIRED),
                    provided=self.table.checked(row, PROVIDED),
                    id=label.data(SAVED_ID) if label is not None else None,
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

    def files_to_remove(self) -> list[int]:
        """The positions (1 first) of the documents whose attached file is to be removed."""
        return [
            row + 1
            for row in range(self.table.rowCount())
            if (label := self.table.item(row, LABEL)) is not None
            and label.data(REMOVE_FILE)
            and not label.data(CHOSEN_PATH)
        ]

    def _save(self, session: Session, *, overwrite: bool = False) -> FundingRequestRecord:
        actor = self.context.actor
        record = set_request_checklist(
            session,
            actor,
            self.request.id,
            self.documents(),
            expected_version=self.request.version,
            overwrite=overwrite,
        )
        for position in self.files_to_remove():
            try:
                remove_request_document_file(session, actor, self.request.id, position)
            except NassijError as error:
                raise row_error(error, position) from None
        for position, path in self.chosen_files().items():
            try:
                data = read_chosen_file(path)
                attach_request_document(session, actor, self.request.id, position, data, path.name)
            except NassijError as error:
                raise row_error(error, position) from None
        return record

    def _write(self, *, overwrite: bool = False) -> Written[FundingRequestRecord] | None:
        self._conflict = None

        return run_write(
            self.context,
            partial(self._save, overwrite=overwrite),
            changes={Change.FUNDING},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def _resolve(self, conflict: ConflictError) -> Written[FundingRequestRecord] | None:
        """Someone else saved the request since the dialog opened: the documents that differ,
        then reload theirs, save over them (confirmed) or keep editing."""
        with self.context.database.session() as session:
            stored = get_funding_request(session, self.context.actor, self.request.id)
            theirs = request_checklist(session, self.context.actor, self.request.id)
        differences = line_differences(
            [_document_text(d.label, d.required, d.provided) for d in self.documents()],
            [_document_text(d.label, d.required, d.provided) for d in theirs],
        )
        if not differences:  # they changed something else of the request: nothing is lost
            self.request = stored
            return self._write()
        choice = ask(self, ConflictDialog(str(conflict), differences, self))
        if choice == RELOAD:
            self.request = stored
            self._fill(theirs)
            self._enable()
            return None
        if choice == OVERWRITE:
            return self._write(overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved this request meanwhile."))
        return None

    def save(self) -> bool:
        self.errors.clear()
        done = self._write()
        conflict = self.take_conflict()
        if done is None and conflict is not None:
            done = self._resolve(conflict)
        if done is None:
            return False
        self.saved.emit(done.value)
        self.accept()
        return True


def _document_text(label: str, required: bool, provided: bool) -> str:
    """A document of the checklist as the conflict dialog shows it (the name isolated: the
    line reads in the interface's direction, an Arabic name in a French window too)."""
    marks = [_("required") if required else _("optional")]
    if provided:
        marks.append(_("provided"))
    return " · ".join([isolate(label), *marks])
