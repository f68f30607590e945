"""The papers of an assembly, each written on a worker thread and shown in the app's preview
(Print, Save as…, Open with…): before it, the convocation with its proxy form and the
attendance sheet to sign; once it is held, the minutes, and after an election the board list
and the declaration letter, or after a change of the statutes the letter declaring it; and the
deadline of the declaration.

Each group of papers has its language (the Documents page's option, `reports.kinds.LANGUAGE`):
those for the members start at the interface's; those filed with the local authority (the
minutes, the board list, the declarations: the renewal file) at the language their documents
declare (`ReportKind.default_lang`: Arabic, the administration's, LEGAL.md), whatever the
interface's, and either can be changed before a button is pressed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import bidi_text, format_date, isolate
from nassij_desktop.reports.kinds import LANGUAGE, REPORT_KINDS
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.feedback import Feedback
from nassij_desktop.ui.common.form_errors import error_label
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.common.pdf_output import (
    document_language,
    preview_document,
    produce_document,
)
from nassij_desktop.ui.common.pdf_preview import PdfPreviewDialog
from nassij_desktop.ui.documents.fields import ComboField

# The papers handed to the members, and those filed with the local authority.
FOR_MEMBERS = ("assembly-convocation", "attendance-sheet")
FOR_AUTHORITY = ("assembly-minutes", "board-list", "board-declaration", "statutes-declaration")


def starting_language(kinds: tuple[str, ...]) -> str:
    """The language a group of papers starts at: the one its documents declare for their
    recipient, else the interface's."""
    declared = {REPORT_KINDS[kind].default_lang for kind in kinds}
    if len(declared) == 1 and (lang := declared.pop()) is not None:
        return lang
    return document_language()


class DocumentsDialog(BaseDialog):
    def __init__(
        self,
        context: AppContext,
        assembly_id: int,
        term_id: int | None,
        due_on: dt.date | None,
        parent: QWidget | None = None,
        *,
        held: bool = True,
        statutes: bool = False,
    ) -> None:
        """`held`: the assembly is in session or closed (it has minutes); `statutes`: it
        changed the statutes (a declaration of that change is recorded), and `due_on` is that
        declaration's deadline rather than the board's."""
        super().__init__(parent)
        self.setObjectName("documents_dialog")
        self.context = context
        self.assembly_id = assembly_id
        self.term_id = term_id
        self.due_on = due_on
        self.statutes = statutes
        self.last_path: Path | None = None
        self.preview: PdfPreviewDialog | None = None  # the last document shown
        self.setMinimumWidth(480)
        self.deadline = QLabel(self)
        self.deadline.setObjectName("declaration_deadline")
        self.deadline.setWordWrap(True)
        self.message = Feedback(self, "documents_message")
        self.error = error_label(self)
        self.convocation_button = QPushButton(self)
        self.sheet_button = QPushButton(self)
        self.minutes_button = QPushButton(self)
        self.board_button = QPushButton(self)
        self.letter_button = QPushButton(self)
        self.statutes_button = QPushButton(self)
        self.convocation_button.clicked.connect(
            lambda: self.show_document("assembly-convocation", assembly_id)
        )
        self.sheet_button.clicked.connect(
            lambda: self.show_document("attendance-sheet", assembly_id)
        )
        self.minutes_button.clicked.connect(
            lambda: self.show_document("assembly-minutes", assembly_id)
        )
        self.statutes_button.clicked.connect(
            lambda: self.show_document("statutes-declaration", assembly_id)
        )
        self.board_button.clicked.connect(lambda: self.show_document("board-list", term_id))
        self.letter_button.clicked.connect(lambda: self.show_document("board-declaration", term_id))
        has_term = term_id is not None
        self.board_button.setVisible(has_term)
        self.letter_button.setVisible(has_term)
        self.minutes_button.setVisible(held)
        self.statutes_button.setVisible(statutes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        self.members_group = QGroupBox(self)
        self.members_lang = ComboField(LANGUAGE, self.members_group)
        self.members_lang.combo.setObjectName("members_language")
        self.members_lang.select(starting_language(FOR_MEMBERS))
        self.authority_group = QGroupBox(self)
        self.authority_lang = ComboField(LANGUAGE, self.authority_group)
        self.authority_lang.combo.setObjectName("authority_language")
        self.authority_lang.select(starting_language(FOR_AUTHORITY))
        for group, field, buttons in (
            (self.members_group, self.members_lang, (self.convocation_button, self.sheet_button)),
            (
                self.authority_group,
                self.authority_lang,
                (self.minutes_button, self.board_button, self.letter_button, self.statutes_button),
            ),
        ):
            form = QFormLayout()
            form.addRow(field.label, field.combo)
            column = QVBoxLayout(group)
            column.addLayout(form)
            for button in buttons:
                column.addWidget(button)
        # Before the assembly is held, nothing is filed with the authority yet.
        self.authority_group.setVisible(held or has_term or statutes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.deadline)
        layout.addWidget(self.members_group)
        layout.addWidget(self.authority_group)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Documents of the assembly"))
        self.members_group.setTitle(_("For the members"))
        self.authority_group.setTitle(_("To file with the local authority"))
        self.members_lang.retranslate()
        self.authority_lang.retranslate()
        if self.due_on is not None:
            date = format_date(self.due_on, current_language(), "long")
            if self.statutes:
                text = _("Declare the change of the statutes to the local authority before {date}.")
            else:
                text = _("Declare the new board to the local authority before {date}.")
            self.deadline.setText(text.format(date=date))
        self.deadline.setVisible(self.due_on is not None)
        self.convocation_button.setText(_("Convocation and proxy form…"))
        self.sheet_button.setText(_("Attendance sheet to sign…"))
        self.minutes_button.setText(_("Minutes of the assembly…"))
        self.statutes_button.setText(_("Declaration of the change of the statutes…"))
        self.board_button.setText(_("Board list…"))
        self.letter_button.setText(_("Declaration letter…"))

    def save(self, kind: str, record_id: int | None, out: Path) -> Operation[ReportResult] | None:
        """Start writing document `kind` to `out` on a worker, nothing shown; when refused,
        the reason is shown in the dialog. None: nothing was started."""
        self.error.hide()

        def saved(result: ReportResult) -> None:
            self.last_path = result.path
            path = isolate(str(result.path), "ltr")
            self.message.say(lambda: _("Saved: {path}").format(path=path))

        request = ReportRequest(self.language(kind), out, record_id=record_id)
        return produce_document(
            self, self.context, kind, request, done=saved, refused=self._refused
        )

    def show_document(self, kind: str, record_id: int | None) -> Operation[ReportResult] | None:
        """Write document `kind` on a worker, then show it in the preview (Print, Save as…,
        Open with…); when refused, the reason is shown in the dialog."""
        self.error.hide()
        request = ReportRequest(self.language(kind), Path(f"{kind}.pdf"), record_id=record_id)
        return preview_document(
            self, self.context, kind, request, shown=self._preview_shown, refused=self._refused
        )

    def language(self, kind: str) -> Lang:
        """The language chosen for document `kind`: its group's."""
        field = self.authority_lang if kind in FOR_AUTHORITY else self.members_lang
        return "fr" if field.value() == "fr" else "ar"

    def _preview_shown(self, dialog: PdfPreviewDialog) -> None:
        self.preview = dialog

    def _refused(self, error: NassijError) -> None:
        self.error.setText(bidi_text(str(error)))
        self.error.show()
