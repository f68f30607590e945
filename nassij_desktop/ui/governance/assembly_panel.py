"""One assembly: its convocation, the workflow buttons, the agenda, the attendance sheet with
the live quorum, and the resolutions."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS, Attendance
from nassij_desktop.core.governance.records import (
    ATTENDANCE_LABELS,
    STATE_LABELS,
    AssemblyDetail,
    AssemblyState,
    AttendanceRecord,
)
from nassij_desktop.core.governance.services import (
    assembly_quorum,
    get_assembly,
    record_attendance,
    record_resolution,
)
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_date, format_number
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.governance.widgets import person_name

ATTENDANCE_CHOICES = (Attendance.PRESENT, Attendance.PROXY, Attendance.EXCUSED, Attendance.ABSENT)
ADOPTED_CHOICES = ("auto", "adopted", "rejected")
NUMBER, NAME, PRESENCE, HOLDER = range(4)


class AssemblyPanel(QWidget):
    changed = Signal()  # after a write here
    convene_requested = Signal()
    edit_requested = Signal()
    open_requested = Signal()
    elect_requested = Signal()
    close_requested = Signal()
    documents_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: AssemblyDetail | None = None
        self.writable = context.can(Permission.GOVERNANCE_WRITE)
        self._lines: dict[int, AttendanceRecord] = {}
        self._rows: dict[int, int] = {}
        self._filling = False

        self.heading = QLabel(self)
        self.heading.setObjectName("assembly_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.quorum_label = QLabel(self)
        self.quorum_label.setObjectName("quorum_label")
        self.quorum_label.setWordWrap(True)

        self.edit_button = QPushButton(self)
        self.open_button = QPushButton(self)
        self.elect_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.documents_button = QPushButton(self)
        self.edit_button.clicked.connect(self.edit_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.elect_button.clicked.connect(self.elect_requested)
        self.close_button.clicked.connect(self.close_requested)
        self.documents_button.clicked.connect(self.documents_requested)
        actions = QHBoxLayout()
        for button in (
            self.edit_button,
            self.open_button,
            self.elect_button,
            self.close_button,
            self.documents_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)

        self.tabs = QTabWidget(self)
        self.agenda = QListWidget(self)
        self.agenda.setObjectName("assembly_agenda")

        attendance_box = QWidget(self)
        self.attendance_message = error_label(attendance_box)
        self.attendance = QTableWidget(0, 4, attendance_box)
        self.attendance.setObjectName("attendance_table")
        self.attendance.verticalHeader().hide()
        self.attendance.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.attendance.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        header = self.attendance.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PRESENCE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HOLDER, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(HOLDER, 240)
        attendance_layout = QVBoxLayout(attendance_box)
        attendance_layout.addWidget(self.attendance_message)
        attendance_layout.addWidget(self.attendance, 1)

        resolutions_box = QWidget(self)
        self.resolutions = QTableWidget(0, 6, resolutions_box)
        self.resolutions.setObjectName("resolutions_table")
        self.resolutions.verticalHeader().hide()
        self.resolutions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.resolutions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.resolution_text = QLineEdit(resolutions_box)
        self.votes_for = QSpinBox(resolutions_box)
        self.votes_against = QSpinBox(resolutions_box)
        self.votes_abstain = QSpinBox(resolutions_box)
        for box in (self.votes_for, self.votes_against, self.votes_abstain):
            box.setRange(0, 1_000_000)
        self.adopted = QComboBox(resolutions_box)
        for value in ADOPTED_CHOICES:
            self.adopted.addItem("", value)
        self.add_resolution_button = QPushButton(resolutions_box)
        self.add_resolution_button.clicked.connect(self.add_resolution)
        self.resolution_error = error_label(resolutions_box)
        self.resolution_errors = FieldErrors(self.resolution_error)
        self.resolution_form = QWidget(resolutions_box)
        form = QFormLayout(self.resolution_form)
        form.setContentsMargins(0, 0, 0, 0)
        self.form_labels = [QLabel(self.resolution_form) for _ in range(5)]
        votes = QHBoxLayout()
        votes.addWidget(self.resolution_errors.wrap("votes_for", self.votes_for))
        votes.addWidget(self.form_labels[2])
        votes.addWidget(self.resolution_errors.wrap("votes_against", self.votes_against))
        votes.addWidget(self.form_labels[3])
        votes.addWidget(self.resolution_errors.wrap("votes_abstain", self.votes_abstain))
        votes.addStretch(1)
        form.addRow(self.form_labels[0], self.resolution_errors.wrap("text", self.resolution_text))
        form.addRow(self.form_labels[1], votes)
        form.addRow(self.form_labels[4], self.adopted)
        form.addRow(self.resolution_error)
        form.addRow(self.add_resolution_button)
        resolutions_layout = QVBoxLayout(resolutions_box)
        resolutions_layout.addWidget(self.resolutions, 1)
        resolutions_layout.addWidget(self.resolution_form)

        self.tabs.addTab(self.agenda, "")
        self.tabs.addTab(attendance_box, "")
        self.tabs.addTab(resolutions_box, "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        layout.addWidget(self.quorum_label)
        layout.addWidget(self.tabs, 1)
        self.retranslate()
        self._update_actions()

    # --- text ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.edit_button.setText(_("Change the convocation…"))
        self.open_button.setText(_("Open the session"))
        self.elect_button.setText(_("Elect the board…"))
        self.close_button.setText(_("Close the assembly"))
        self.documents_button.setText(_("Documents…"))
        self.tabs.setTabText(0, _("Agenda"))
        self.tabs.setTabText(1, _("Attendance"))
        self.tabs.setTabText(2, _("Resolutions"))
        self.attendance.setHorizontalHeaderLabels(
            [_("No."), _("Member"), _("Attendance"), _("Proxy holder")]
        )
        self.resolutions.setHorizontalHeaderLabels(
            ["#", _("Resolution"), _("For"), _("Against"), _("Abstentions"), _("Outcome")]
        )
        for label, text in zip(
            self.form_labels,
            (_("Text"), _("For"), _("Against"), _("Abstentions"), _("Outcome")),
            strict=True,
        ):
            label.setText(text)
        self.resolution_text.setPlaceholderText(_("The text of the resolution"))
        outcome = {
            "auto": _("By the majority of votes cast"),
            "adopted": _("Adopted"),
            "rejected": _("Rejected"),
        }
        for index in range(self.adopted.count()):
            self.adopted.setItemText(index, outcome[self.adopted.itemData(index)])
        self.add_resolution_button.setText(_("Add the resolution"))
        if self.detail is not None:
            self._show_texts(self.detail)
            self._fill_resolutions(self.detail)
            self._retranslate_attendance()
        else:
            self.heading.setText(_("No assembly chosen"))
            self.details.clear()
            self.quorum_label.clear()

    # --- loading ---------------------------------------------------------------------------

    def load(self, assembly_id: int | None) -> None:
        if assembly_id is None:
            self.detail = None
            self.retranslate()
            self._update_actions()
            return
        with self.context.database.session() as session:
            detail = get_assembly(session, self.context.actor, assembly_id)
        self.show_detail(detail)

    def show_detail(self, detail: AssemblyDetail) -> None:
        self.detail = detail
        self._show_texts(detail)
        self.agenda.clear()
        for item in detail.agenda:
            self.agenda.addItem(f"{item.position}. {item.title}")
        self._fill_attendance(detail)
        self._fill_resolutions(detail)
        self._update_actions()

    def _show_texts(self, detail: AssemblyDetail) -> None:
        lang = current_language()
        summary = detail.summary
        self.heading.setText(
            _("{assembly} of {date}").format(
                assembly=_(ASSEMBLY_KIND_LABELS[summary.kind]),
                date=format_date(summary.held_on, lang, "long"),
            )
        )
        parts = [
            _("Status: {state}").format(state=_(STATE_LABELS[summary.state])),
            _("Place: {place}").format(place=summary.place or "—"),
        ]
        if summary.starts_at:
            parts.append(_("Time: {time}").format(time=summary.starts_at.strftime("%H:%M")))
        if summary.convened_on:
            parts.append(
                _("Convened on {date}").format(date=format_date(summary.convened_on, lang))
            )
        if detail.chair:
            parts.append(_("Chair: {name}").format(name=person_name(detail.chair)))
        self.details.setText(" · ".join(parts))
        self._show_quorum()

    def _update_actions(self) -> None:
        state = self.detail.summary.state if self.detail else None
        write = self.writable
        self.edit_button.setVisible(write and state is AssemblyState.CONVENED)
        self.open_button.setVisible(write and state is AssemblyState.CONVENED)
        self.elect_button.setVisible(
            write
            and state is AssemblyState.IN_SESSION
            and self.detail is not None
            and self.detail.elected_term_id is None
        )
        self.close_button.setVisible(write and state is AssemblyState.IN_SESSION)
        self.documents_button.setVisible(state in (AssemblyState.IN_SESSION, AssemblyState.CLOSED))
        self.resolution_form.setVisible(write and state is AssemblyState.IN_SESSION)

    def attendance_editable(self) -> bool:
        state = self.detail.summary.state if self.detail else None
        return self.writable and state in (AssemblyState.CONVENED, AssemblyState.IN_SESSION)

    # --- attendance ------------------------------------------------------------------------

    def _fill_attendance(self, detail: AssemblyDetail) -> None:
        self._filling = True
        self.attendance_message.hide()
        lines = detail.attendance
        # Hide the old line editors at once: their deletion waits for the event loop.
        for row in range(self.attendance.rowCount()):
            for column in (PRESENCE, HOLDER):
                widget = self.attendance.cellWidget(row, column)
                if widget is not None:
                    widget.hide()
                    self.attendance.removeCellWidget(row, column)
        self._lines = {line.member.id: line for line in lines}
        self._rows = {}
        self.attendance.setRowCount(len(lines))
        editable = self.attendance_editable()
        for row, line in enumerate(lines):
            member_id = line.member.id
            self._rows[member_id] = row
            number = QTableWidgetItem(line.member.number)
            self.attendance.setItem(row, NUMBER, number)
            self.attendance.setItem(row, NAME, QTableWidgetItem(self._line_name(line)))
            presence = QComboBox(self.attendance)
            presence.setObjectName(f"presence_{member_id}")
            presence.setPlaceholderText("—")
            for choice in ATTENDANCE_CHOICES:
                presence.addItem(_(ATTENDANCE_LABELS[choice]), choice.value)
            presence.setCurrentIndex(
                presence.findData(line.attendance.value) if line.attendance else -1
            )
            presence.setEnabled(editable)
            presence.currentIndexChanged.connect(
                lambda _index, m=member_id: self._presence_chosen(m)
            )
            self.attendance.setCellWidget(row, PRESENCE, presence)
            holder = QComboBox(self.attendance)
            holder.setObjectName(f"holder_{member_id}")
            holder.activated.connect(lambda _index, m=member_id: self._holder_chosen(m))
            self.attendance.setCellWidget(row, HOLDER, holder)
            self._fill_holder(member_id)
        self._filling = False

    @staticmethod
    def _line_name(line: AttendanceRecord) -> str:
        name = person_name(line.member)
        return name if line.voting else _("{name} (no vote)").format(name=name)

    def _retranslate_attendance(self) -> None:
        """New language, same sheet: texts change in place (the combos keep their state)."""
        for member_id, row in self._rows.items():
            item = self.attendance.item(row, NAME)
            if item is not None:
                item.setText(self._line_name(self._lines[member_id]))
            box = self.presence_box(member_id)
            for index in range(box.count()):
                box.setItemText(index, _(ATTENDANCE_LABELS[Attendance(box.itemData(index))]))
            self._fill_holder(member_id)

    def presence_box(self, member_id: int) -> QComboBox:
        return self.attendance.cellWidget(self._rows[member_id], PRESENCE)  # type: ignore[return-value]

    def holder_box(self, member_id: int) -> QComboBox:
        return self.attendance.cellWidget(self._rows[member_id], HOLDER)  # type: ignore[return-value]

    def _present_voters(self) -> list[AttendanceRecord]:
        return [
            line
            for line in self._lines.values()
            if line.voting and line.attendance is Attendance.PRESENT
        ]

    def _fill_holder(self, member_id: int) -> None:
        """Only a represented member's line offers holders: the voting members present."""
        box = self.holder_box(member_id)
        line = self._lines[member_id]
        presence = self.presence_box(member_id).currentData()
        box.blockSignals(True)
        box.clear()
        represented = presence == Attendance.PROXY.value
        if represented:
            box.setPlaceholderText(_("Choose the proxy holder"))
            for other in self._present_voters():
                if other.member.id != member_id:
                    box.addItem(
                        f"{person_name(other.member)} — {other.member.number}", other.member.id
                    )
            current = line.proxy_holder.id if line.proxy_holder else None
            box.setCurrentIndex(box.findData(current) if current is not None else -1)
        box.setEnabled(represented and self.attendance_editable())
        box.blockSignals(False)

    def _presence_chosen(self, member_id: int) -> None:
        if self._filling:
            return
        value = self.presence_box(member_id).currentData()
        if value is None:
            return
        attendance = Attendance(value)
        if attendance is Attendance.PROXY:
            self._fill_holder(member_id)  # saved once a holder is chosen
            box = self.holder_box(member_id)
            box.setFocus()
            return
        self._save_attendance(member_id, attendance, None)

    def _holder_chosen(self, member_id: int) -> None:
        holder = self.holder_box(member_id).currentData()
        if holder is not None:
            self._save_attendance(member_id, Attendance.PROXY, int(holder))

    def choose_holder(self, member_id: int, holder_id: int) -> None:
        """Pick `holder_id` in the line's holder list, as a click would."""
        box = self.holder_box(member_id)
        box.setCurrentIndex(box.findData(holder_id))
        box.activated.emit(box.currentIndex())

    def _save_attendance(self, member_id: int, attendance: Attendance, holder: int | None) -> None:
        assert self.detail is not None
        self.attendance_message.hide()
        try:
            with self.context.database.transaction() as session:
                record = record_attendance(
                    session,
                    self.context.actor,
                    self.detail.summary.id,
                    member_id,
                    attendance,
                    holder,
                )
                quorum = assembly_quorum(session, self.context.actor, self.detail.summary.id)
        except NassijError as error:
            self.attendance_message.setText(str(error))
            self.attendance_message.show()
            self._revert(member_id)
            return
        self._lines[member_id] = record
        self.detail = dataclasses.replace(self.detail, quorum=quorum)
        self._show_quorum()
        # Someone who arrives or leaves changes the holders a represented member may choose.
        for other_id, line in self._lines.items():
            if line.attendance is Attendance.PROXY or other_id == member_id:
                self._fill_holder(other_id)
        self.changed.emit()

    def _revert(self, member_id: int) -> None:
        line = self._lines[member_id]
        box = self.presence_box(member_id)
        self._filling = True
        box.setCurrentIndex(box.findData(line.attendance.value) if line.attendance else -1)
        self._filling = False
        self._fill_holder(member_id)

    def _show_quorum(self) -> None:
        if self.detail is None:
            self.quorum_label.clear()
            return
        q = self.detail.quorum
        figures = _(
            "Voting members: {voting} · present: {present} · represented: {represented} · "
            "quorum ({percent} %): {needed}"
        ).format(
            voting=format_number(q.voting),
            present=format_number(q.present),
            represented=format_number(q.represented),
            percent=q.percent,
            needed=format_number(q.needed),
        )
        verdict = _("quorum reached") if q.reached else _("quorum not reached")
        color = "#1b6e20" if q.reached else "#b3261e"
        self.quorum_label.setText(f"{figures} — <b style='color:{color}'>{verdict}</b>")

    # --- resolutions -----------------------------------------------------------------------

    def _fill_resolutions(self, detail: AssemblyDetail) -> None:
        self.resolutions.setRowCount(len(detail.resolutions))
        for row, r in enumerate(detail.resolutions):
            values = [
                str(r.position),
                r.text,
                format_number(r.votes_for),
                format_number(r.votes_against),
                format_number(r.votes_abstain),
                _("Adopted") if r.adopted else _("Rejected"),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.resolutions.setItem(row, column, item)

    def add_resolution(self) -> bool:
        assert self.detail is not None
        self.resolution_errors.clear()
        choice = self.adopted.currentData()
        adopted = None if choice == "auto" else choice == "adopted"
        try:
            with self.context.database.transaction() as session:
                record_resolution(
                    session,
                    self.context.actor,
                    self.detail.summary.id,
                    self.resolution_text.text(),
                    self.votes_for.value(),
                    self.votes_against.value(),
                    self.votes_abstain.value(),
                    adopted=adopted,
                )
        except ValidationError as error:
            self.resolution_errors.show(error)
            return False
        except NassijError as error:
            self.resolution_errors.show_general(str(error))
            return False
        self.resolution_text.clear()
        for box in (self.votes_for, self.votes_against, self.votes_abstain):
            box.setValue(0)
        self.adopted.setCurrentIndex(0)
        self.load(self.detail.summary.id)
        self.changed.emit()
        return True
