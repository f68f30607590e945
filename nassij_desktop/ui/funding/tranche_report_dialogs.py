"""The reports of a tranche received: sent to the funder (the narrative report, the financial
report, or both, on a day), then validated by the funder (by whom, on which day). Both acts
are final: the dialogs say so before the save."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.funding.services import FundingRequestRecord
from nassij_desktop.core.funding.tranche_reports import (
    REPORT_PART_LABELS,
    ReportPart,
    TrancheReportRecord,
    record_report_submitted,
    record_report_validated,
)
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import bidi_text, format_date, isolate
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.funding.tranche_dialogs import _TrancheDialog


class _ReportDialog(_TrancheDialog):
    def __init__(
        self,
        context: AppContext,
        request: FundingRequestRecord,
        report: TrancheReportRecord,
        parent: QWidget | None,
    ) -> None:
        super().__init__(context, request, parent)
        self.report = report
        self.final_note = QLabel(self)
        self.final_note.setObjectName("final_note")
        self.final_note.setWordWrap(True)

    def _heading(self) -> str:
        return _("Tranche {n} of “{title}”.").format(
            n=self.report.tranche_number, title=isolate(self.request.title)
        )

    def _write(self, session: Session) -> TrancheReportRecord:
        raise NotImplementedError

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            self._write,
            changes={Change.FUNDING},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.saved.emit(done.value)
        self.accept()
        return True


class ReportSubmittedDialog(_ReportDialog):
    """The reports sent to the funder on a day: each part not yet sent may be ticked."""

    def __init__(
        self,
        context: AppContext,
        request: FundingRequestRecord,
        report: TrancheReportRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, request, report, parent)
        self.setObjectName("report_submitted_dialog")
        self.parts: dict[ReportPart, QCheckBox] = {}
        for part in ReportPart:
            box = QCheckBox(self)
            box.setObjectName(f"{part.value}_part")
            sent = report.submitted_on(part) is not None
            box.setChecked(not sent)
            box.setEnabled(not sent)
            self.parts[part] = box
            self._row("parts", REPORT_PART_LABELS[part], box)
        self.submitted_on = DateEdit(self, clock.today())
        self.submitted_on.setObjectName("submitted_on")
        self._row("submitted_on", N_("Submitted on"), self.submitted_on)
        self._lay_out(self.final_note)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Report submitted"))
        self.heading.setText(bidi_text(self._heading()))
        for part, box in self.parts.items():
            sent = self.report.submitted_on(part)
            if sent is not None:
                box.setText(_("submitted on {date}").format(date=format_date(sent)))
            else:
                due = self.report.due_on(part)
                box.setText(
                    _("due on {date}").format(date=format_date(due)) if due else _("submitted")
                )
        self.final_note.setText(
            bidi_text(_("A submission recorded is final: its date no longer changes."))
        )
        self.save_button.setText(_("Record the submission"))

    def chosen_parts(self) -> tuple[ReportPart, ...]:
        return tuple(p for p, box in self.parts.items() if box.isEnabled() and box.isChecked())

    def _write(self, session: Session) -> TrancheReportRecord:
        return record_report_submitted(
            session,
            self.context.actor,
            self.report.tranche_id,
            self.submitted_on.date("submitted_on", required=True),
            self.chosen_parts(),
            expected_version=self.report.version,
        )


class ReportValidatedDialog(_ReportDialog):
    """The funder's validation of the reports: by whom, on which day, with a note."""

    def __init__(
        self,
        context: AppContext,
        request: FundingRequestRecord,
        report: TrancheReportRecord,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, request, report, parent)
        self.setObjectName("report_validated_dialog")
        self.validated_by = set_field_direction(QLineEdit(self), "name")
        self.validated_by.setObjectName("validated_by")
        self.validated_on = DateEdit(self, clock.today())
        self.validated_on.setObjectName("validated_on")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setFixedHeight(64)
        self._row("validated_by", N_("Validated by"), self.validated_by)
        self._row("validated_on", N_("Validated on"), self.validated_on)
        self._row("notes", N_("Notes"), self.notes)
        self._lay_out(self.final_note)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Report validated"))
        self.heading.setText(bidi_text(self._heading()))
        self.validated_by.setPlaceholderText(_("the person or the funder's service"))
        self.final_note.setText(bidi_text(_("A validated report is final: it no longer changes.")))
        self.save_button.setText(_("Record the validation"))

    def _write(self, session: Session) -> TrancheReportRecord:
        return record_report_validated(
            session,
            self.context.actor,
            self.report.tranche_id,
            self.validated_by.text(),
            self.validated_on.date("validated_on", required=True),
            self.notes.toPlainText() or None,
            expected_version=self.report.version,
        )
