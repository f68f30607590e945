"""A new funding request: to which funder, for which project, what is asked, by when."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError
from nassij_desktop.core.common.validators import parse_money
from nassij_desktop.core.funding.services import (
    FunderRecord,
    FundingRequestRecord,
    ProjectRecord,
    RequestData,
    create_funding_request,
    get_funding_request,
    update_funding_request,
)
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.i18n.formatting import format_amount
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    KeepsConflict,
    ask,
    shown,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write
from nassij_desktop.ui.funding.labels import funder_name
from nassij_desktop.ui.members.fields import ChoiceBox, fixed


def amount_editor(parent: QWidget, field: str = "amount") -> QLineEdit:
    """An amount is typed left to right, aligned as figures are, in any language."""
    editor = set_field_direction(QLineEdit(parent), "amount")
    editor.setObjectName(field)
    editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
    editor.setPlaceholderText("12 000,00")
    return editor


class RequestDialog(KeepsConflict, BaseDialog):
    saved = Signal(object)  # the FundingRequestRecord

    def __init__(
        self,
        context: AppContext,
        funders: list[FunderRecord],
        projects: list[ProjectRecord],
        parent: QWidget | None = None,
        *,
        funder_id: int | None = None,
        record: FundingRequestRecord | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("request_dialog")
        self.context = context
        self.record = record  # None: a new request
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self._overwrite = False  # the next save goes over a newer one (confirmed)
        self.conflict_dialog: ConflictDialog | None = None  # while it is open
        self.setMinimumWidth(560)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        self.funder = ChoiceBox(self)
        self.funder.setObjectName("funder_id")
        self.funder.set_choices([(f.id, partial(funder_name, f)) for f in funders])
        if funder_id is not None:
            self.funder.select(funder_id)
        self.project = ChoiceBox(self)
        self.project.setObjectName("project_id")
        self.project.set_choices(
            [(None, lambda: _("No project")), *((p.id, partial(_project, p)) for p in projects)]
        )
        self.title = set_field_direction(QLineEdit(self), "title")
        self.title.setObjectName("title")
        self.reference = set_field_direction(QLineEdit(self), "agreement_number")
        self.reference.setObjectName("reference")
        self.amount = amount_editor(self, "amount_requested")
        self.currency = ChoiceBox(self)
        self.currency.setObjectName("currency")
        self.currency.set_choices([(c, fixed(c)) for c in ("MAD", "EUR", "USD", "GBP", "CHF")])
        self.deadline = DateEdit(self)
        self.starts_on = DateEdit(self)
        self.ends_on = DateEdit(self)
        self.report_due_on = DateEdit(self)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(64)
        rows: list[tuple[str, str, QWidget]] = [
            ("funder_id", N_("Funder"), self.funder),
            ("project_id", N_("Project"), self.project),
            ("title", N_("Title"), self.title),
            ("reference", N_("Reference of the call"), self.reference),
            ("amount_requested", N_("Amount requested"), self.amount),
            ("currency", N_("Currency"), self.currency),
            ("deadline", N_("Deadline of the call"), self.deadline),
            ("starts_on", N_("Project starts on"), self.starts_on),
            ("ends_on", N_("Project ends on"), self.ends_on),
            ("report_due_on", N_("Report due on"), self.report_due_on),
            ("notes", N_("Notes"), self.notes),
        ]
        self._rows = {field: (label, editor) for field, label, editor in rows}
        self.form = QFormLayout()
        self._labels: list[tuple[QLabel, str]] = []
        for field, label, editor in rows:
            row_label = QLabel(self)
            row_label.setBuddy(editor)
            self._labels.append((row_label, label))
            self.form.addRow(row_label, self.errors.wrap(field, editor))
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        if record is not None:
            self._load(record)
        self.retranslate()

    def _load(self, record: FundingRequestRecord) -> None:
        self.funder.select(record.funder_id)
        self.project.select(record.project_id)
        self.title.setText(record.title)
        self.reference.setText(record.reference or "")
        self.amount.setText(format_amount(record.amount_requested))
        self.currency.select(record.currency)
        self.deadline.set_date(record.deadline)
        self.starts_on.set_date(record.starts_on)
        self.ends_on.set_date(record.ends_on)
        self.report_due_on.set_date(record.report_due_on)
        self.notes.setPlainText(record.notes or "")

    def retranslate(self) -> None:
        self.setWindowTitle(_("Edit the request") if self.record else _("New funding request"))
        for row_label, label in self._labels:
            row_label.setText(_(label))
        self.funder.retranslate()
        self.project.retranslate()
        self.save_button.setText(_("Save") if self.record else _("Create the request"))
        self.cancel_button.setText(_("Cancel"))

    def _create(self, session: Session) -> FundingRequestRecord:
        data = self._data()
        if self.record is None:
            return create_funding_request(session, self.context.actor, data)
        # Every field given: the service changes (and checks) only those that differ.
        return update_funding_request(
            session,
            self.context.actor,
            self.record.id,
            self.record.version,
            overwrite=self._overwrite,
            **vars(data),
        )

    def _data(self) -> RequestData:
        funder_id = self.funder.currentData()
        return RequestData(
            funder_id=funder_id,
            title=self.title.text(),
            amount_requested=parse_money(self.amount.text(), field="amount_requested"),
            currency=str(self.currency.currentData()),
            project_id=self.project.currentData(),
            reference=self.reference.text() or None,
            deadline=self.deadline.date("deadline"),
            starts_on=self.starts_on.date("starts_on"),
            ends_on=self.ends_on.date("ends_on"),
            report_due_on=self.report_due_on.date("report_due_on"),
            notes=self.notes.toPlainText() or None,
        )

    def _write(self) -> Written[FundingRequestRecord] | None:
        return run_write(
            self.context,
            self._create,
            changes={Change.FUNDING},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def keeps_conflict(self) -> bool:
        return self.record is not None  # a new record meets no one else's save

    def _resolve(
        self, conflict: ConflictError, record: FundingRequestRecord
    ) -> Written[FundingRequestRecord] | None:
        """Someone else saved the request since it was opened here: what differs, then reload
        theirs, save over it (confirmed) or keep editing (ui/common/conflict_dialog.py)."""
        with self.context.database.session() as session:
            stored = get_funding_request(session, self.context.actor, record.id)
        differences = []
        for name, value in vars(self._data()).items():
            theirs = getattr(stored, name)
            if (value or None) == (theirs or None):
                continue
            label, editor = self._rows[name]
            if name == "amount_requested":
                mine_text, theirs_text = format_amount(value), format_amount(theirs)
            else:
                mine_text, theirs_text = shown(editor, value), shown(editor, theirs)
            differences.append(Difference(name, _(label), mine_text, theirs_text))
        dialog = ConflictDialog(str(conflict), differences, self)
        choice = ask(self, dialog)
        if choice == RELOAD:
            self.record = stored
            self._load(stored)
            return None
        if choice == OVERWRITE:
            self._overwrite = True
            try:
                return self._write()
            finally:
                self._overwrite = False
        self.errors.show_general(_("Not saved: someone else saved this request meanwhile."))
        return None

    def save(self) -> bool:
        self.errors.clear()
        done = self._write()
        conflict = self.take_conflict()
        if done is None and conflict is not None and self.record is not None:
            done = self._resolve(conflict, self.record)
        if done is None:
            return False
        self.record = done.value
        self.saved.emit(done.value)
        self.accept()
        return True


def _project(project: ProjectRecord) -> str:
    return f"{project.code} — {project.name(current_language())}"
