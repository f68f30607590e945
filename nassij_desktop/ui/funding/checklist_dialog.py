"""The checklist of a request's file: each document, whether the funder requires it and
whether it is in the file. A request without one starts from the usual file of a Moroccan
call for projects."""

from __future__ import annotations

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

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.funding.documents import USUAL_DOCUMENTS
from nassij_desktop.core.funding.services import (
    DocumentData,
    FundingRequestRecord,
    RequestDocumentRecord,
    set_request_checklist,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import scroll_with_direction

COLUMNS = (N_("Document"), N_("Required"), N_("Provided"))
CHECKED = Qt.CheckState.Checked
UNCHECKED = Qt.CheckState.Unchecked


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
        self.setMinimumSize(600, 400)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("checklist_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        scroll_with_direction(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if documents:
            for document in documents:
                self.add_row(document.label, document.required, document.provided)
        else:
            for label in USUAL_DOCUMENTS:
                self.add_row(_(label), True, False)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_document")
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("remove_document")
        self.add_button.clicked.connect(self._add_empty)
        self.remove_button.clicked.connect(self.remove_selected)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.add_button)
        row_buttons.addWidget(self.remove_button)
        row_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(row_buttons)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Checklist of the file"))
        self.heading.setText(
            bidi_text(
                _(
                    "The documents of the file of “{title}”: tick those the funder requires and "
                    "those already gathered."
                ).format(title=self.request.title)
            )
        )
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.add_button.setText(_("Add a document"))
        self.remove_button.setText(_("Remove"))
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

    def _save(self, session: Session) -> FundingRequestRecord:
        return set_request_checklist(session, self.context.actor, self.request.id, self.documents())

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
