"""Personal data under law 09-08, for the administrators (`Permission.PRIVACY_MANAGE`): a
member's data exported (the `personal-data` document, or JSON), their identity taken out
(`AnonymiseDialog`), and the retention rule (`RetentionDialog`). The services are
`core/privacy`; what anonymisation removes and keeps is its module's docstring, said here in
plain words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.output_files import (
    atomic_output,
    check_output_path,
    protected_paths,
)
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.members.models import STATUS_LABELS, MemberStatus
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.privacy.access import personal_data, personal_data_json
from nassij_desktop.core.privacy.anonymise import anonymise_member
from nassij_desktop.core.privacy.records import AnonymisedMember, RetentionCandidate
from nassij_desktop.core.privacy.retention import (
    MAX_YEARS,
    apply_retention,
    retention_preview,
    retention_years,
    years_phrase,
)
from nassij_desktop.i18n import _, current_language, ngettext
from nassij_desktop.i18n.formatting import format_date, format_number, isolate
from nassij_desktop.reports.request import ReportResult
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import Operation, in_read_session, run_write
from nassij_desktop.ui.common.tables import ScriptDelegate
from nassij_desktop.ui.members.display import member_name
from nassij_desktop.ui.members.printing import preview

# Everything an anonymisation may rewrite: the register, the dues' notes, the donors, the
# books' third parties and labels, the minutes' texts, the linked account, the activities.
ANONYMISED = frozenset(
    {
        Change.MEMBERS,
        Change.DUES,
        Change.DONATIONS,
        Change.BOOKS,
        Change.GOVERNANCE,
        Change.USERS,
        Change.ACTIVITIES,
    }
)


def export_pdf(
    parent: QWidget, context: AppContext, record: MemberRecord
) -> Operation[ReportResult] | None:
    """Everything held about the member as the `personal-data` document, in the preview."""
    return preview(
        parent,
        context,
        "personal-data",
        f"personal-data-{record.number}.pdf",
        record_id=record.id,
    )


def export_json(
    parent: QWidget, context: AppContext, record: MemberRecord, path: Path
) -> Operation[Path] | None:
    """Everything held about the member written to `path` as JSON, on a worker; the
    operation's result is the file written. Refused paths raise ValidationError."""
    database = context.database
    target = check_output_path(
        path, protected=protected_paths(database.path) if database.path else ()
    )
    actor, number = context.actor, record.number

    def work(session: Session, progress: Progress) -> Path:
        progress.step(0, None, _("Gathering the personal data…"))
        text = personal_data_json(personal_data(session, actor, number))
        with atomic_output(target) as temporary:
            temporary.write_text(text + "\n", encoding="utf-8")
        return target

    operation = Operation(
        parent, in_read_session(database, work), label=_("Gathering the personal data…")
    )
    return operation if operation.run_in_background() else None


def _explanation() -> str:
    return "\n".join(
        (
            _("What is removed:"),
            "• "
            + _(
                "the names (they become «Anonymised member» and the number), the identity "
                "number, birth date and place, profession, phone, e-mail, addresses and notes;"
            ),
            "• "
            + _(
                "the name wherever it was copied: donations, the books' third parties and "
                "labels, bank statement lines, the minutes and other free texts, the audit "
                "log's older entries."
            ),
            _("What stays:"),
            "• "
            + _(
                "the number, category, gender, nationality, city, join date, status and "
                "consent; the amounts, dates and receipts of dues and donations; attendance, "
                "votes, board seats and volunteer time — so the books, the counts and the "
                "minutes stay valid."
            ),
            _("This cannot be undone. The reason is written in the audit log."),
        )
    )


class AnonymiseDialog(BaseDialog):
    """Take one member's identity out of the file: the reason asked, a confirmation ticked,
    then `anonymise_member`; its refusals are said in the dialog."""

    anonymised = Signal(object)  # the AnonymisedMember

    def __init__(
        self, context: AppContext, record: MemberRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("anonymise_dialog")
        self.context = context
        self.record = record
        self.setMinimumWidth(520)
        self.general_error = error_label(self)
        self.general_error.setObjectName("anonymise_error")
        self.errors = FieldErrors(self.general_error)
        self.who = QLabel(self)
        self.explanation = QLabel(self)
        self.explanation.setObjectName("anonymise_explanation")
        self.explanation.setWordWrap(True)
        self.reason = set_field_direction(QLineEdit(self))
        self.reason.setObjectName("anonymise_reason")
        self._reason_label = QLabel(self)
        self.confirm = QCheckBox(self)
        self.confirm.setObjectName("anonymise_confirm")
        form = QFormLayout()
        form.addRow(self._reason_label, self.errors.wrap("reason", self.reason))
        self.buttons = QDialogButtonBox(self)
        self.anonymise_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.anonymise_button.setObjectName("anonymise_button")
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.anonymise_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm.toggled.connect(self.anonymise_button.setEnabled)
        self.anonymise_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.confirm)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_explanation()

    def _fit_explanation(self) -> None:
        """A wrapped label does not grow its dialog by itself: ask for its lines' height."""
        width = self.explanation.width() if self.isVisible() else self.minimumWidth() - 24
        needed = self.explanation.heightForWidth(width)
        if needed > 0 and needed != self.explanation.minimumHeight():
            self.explanation.setMinimumHeight(needed)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Anonymise a member"))
        self.who.setText(
            _("Member {number}: {name}").format(
                number=isolate(self.record.number, "ltr"), name=member_name(self.record)
            )
        )
        self.explanation.setText(_explanation())
        self._fit_explanation()
        self._reason_label.setText(_("Reason"))
        self.reason.setPlaceholderText(_("The person's request and its date, for example"))
        self.confirm.setText(_("I understand that this cannot be undone"))
        self.anonymise_button.setText(_("Anonymise"))
        self.cancel_button.setText(_("Cancel"))

    def save(self) -> bool:
        self.errors.clear()
        if not self.confirm.isChecked():
            return False
        done = run_write(
            self.context,
            lambda session: anonymise_member(
                session, self.context.actor, self.record.number, reason=self.reason.text()
            ),
            changes=ANONYMISED,
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.anonymised.emit(done.value)
        self.accept()
        return True


def _status(candidate: RetentionCandidate) -> str:
    return gendered(STATUS_LABELS[MemberStatus(candidate.status)], candidate.gender)


def _name(candidate: RetentionCandidate) -> str:
    if current_language() == "ar":
        return candidate.name_ar or candidate.name_lat
    return candidate.name_lat or candidate.name_ar


class RetentionDialog(BaseDialog):
    """The retention rule: the members gone for more than N years (the setting by default),
    listed, then anonymised together once confirmed."""

    applied = Signal(object)  # the list of AnonymisedMember

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("retention_dialog")
        self.context = context
        self.today = today  # None: the day it is (tests give another)
        self.candidates: list[RetentionCandidate] = []
        self.resize(700, 480)
        self.general_error = error_label(self)
        self.general_error.setObjectName("retention_error")
        self.errors = FieldErrors(self.general_error)
        self.years = set_field_direction(QSpinBox(self))
        self.years.setObjectName("retention_years")
        self.years.setRange(1, MAX_YEARS)
        with context.database.session() as session:
            self.years.setValue(retention_years(session))
        self._years_label = QLabel(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("retention_summary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("retention_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # A Latin name in an Arabic window reads from its own start, cut at its own end.
        self.table.setItemDelegate(ScriptDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.confirm = QCheckBox(self)
        self.confirm.setObjectName("retention_confirm")
        self.buttons = QDialogButtonBox(self)
        self.apply_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("retention_apply")
        self.close_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.reject)
        self.confirm.toggled.connect(self._update_button)
        top = QHBoxLayout()
        top.addWidget(self._years_label)
        top.addWidget(self.years)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.confirm)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.years.valueChanged.connect(self.reload)
        self.reload()
        self.retranslate()

    def reload(self) -> None:
        self.errors.clear()
        try:
            with self.context.database.session() as session:
                self.candidates = retention_preview(
                    session, self.context.actor, self.years.value(), today=self.today
                )
        except NassijError as error:
            self.candidates = []
            if isinstance(error, ValidationError):
                self.errors.show(error)
            else:
                self.errors.show_general(str(error))
        self.confirm.setChecked(False)
        self._fill()
        self.retranslate()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.candidates))
        number_align = Qt.AlignmentFlag.AlignCenter
        for row, candidate in enumerate(self.candidates):
            cells = (
                candidate.number,
                _name(candidate),
                format_date(candidate.left_on),
                _status(candidate),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (0, 2):
                    item.setTextAlignment(number_align)
                self.table.setItem(row, column, item)

    def _update_button(self) -> None:
        self.apply_button.setEnabled(bool(self.candidates) and self.confirm.isChecked())

    def retranslate(self) -> None:
        count = len(self.candidates)
        years = self.years.value()
        self.setWindowTitle(_("Retention of personal data"))
        self._years_label.setText(_("Members who left more than this many years ago"))
        self.table.setHorizontalHeaderLabels([_("No."), _("Name"), _("Left on"), _("Status")])
        if count:
            self.summary.setText(
                ngettext(
                    "{count} member left more than {years} ago and may be anonymised.",
                    "{count} members left more than {years} ago and may be anonymised.",
                    count,
                ).format(count=format_number(count), years=years_phrase(years))
            )
        else:
            self.summary.setText(
                _("No member left more than {years} ago who may be anonymised.").format(
                    years=years_phrase(years)
                )
            )
        for row, candidate in enumerate(self.candidates):
            name, status = self.table.item(row, 1), self.table.item(row, 3)
            if name is not None and status is not None:
                name.setText(_name(candidate))
                status.setText(_status(candidate))
        self.confirm.setText(_("I understand that this cannot be undone"))
        self.apply_button.setText(
            ngettext(
                "Anonymise this {count} member", "Anonymise these {count} members", count
            ).format(count=format_number(count))
            if count
            else _("Anonymise")
        )
        self.close_button.setText(_("Close"))
        self._update_button()

    def apply(self) -> bool:
        if not (self.candidates and self.confirm.isChecked()):
            return False
        self.errors.clear()
        years, today = self.years.value(), self.today
        done = run_write(
            self.context,
            lambda session: apply_retention(session, self.context.actor, years, today=today),
            changes=ANONYMISED,
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.applied.emit(done.value)
        self.reload()
        return True


def anonymised_message(done: AnonymisedMember) -> str:
    return _("Member {number} is anonymised.").format(number=isolate(done.number, "ltr"))
