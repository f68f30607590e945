"""One assembly: its convocation, the workflow buttons, the agenda (with what was said on each
item and the remarks of the minutes), the attendance sheet with the live quorum, and the
resolutions. Free text is shown in the interface's language, else the other, and typed in
Arabic and/or French (`ui/common/bilingual_edit.py`).

The attendance sheet is a table over a model (`attendance_model`): an assembly of twenty
thousand members costs no widget per member; the editor of a cell is made when it is edited.
The sheet is read only when it is wanted (its tab shown, or a line asked for): choosing an
assembly reads its convocation, agenda, resolutions and quorum, not a line per member.

The minutes are typed here, not in a dialog, and may be typed on two computers at once: the
editor keeps the version of the assembly it loaded (`MinutesBase`) and saves with it as
`expected_version`; a newer save meets the conflict dialog (reload theirs, or overwrite
knowingly). A reload of the assembly (a write here, another computer's change) never replaces
text typed and not saved: a text not typed here shows theirs, and when none of the texts typed
here changed meanwhile they go on over the new version; when one did, a line says so with a
button to reload theirs. Leaving the assembly, the page or the window with typed minutes
asks first (`may_leave`: save, discard or stay).
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, NassijError
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.permissions import Permission
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS, Attendance
from nassij_desktop.core.governance.quorum import quorum_text
from nassij_desktop.core.governance.records import (
    CHAIR_LABEL,
    STATE_LABELS,
    AssemblyDetail,
    AssemblyState,
    AssemblySummary,
)
from nassij_desktop.core.governance.services import (
    get_assembly,
    record_attendance,
    record_minutes,
    record_resolution,
)
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import bidi_text, format_date, format_number, list_item
from nassij_desktop.ui.common.bilingual_edit import BilingualEdit
from nassij_desktop.ui.common.conflict_dialog import (
    OVERWRITE,
    RELOAD,
    ConflictDialog,
    Difference,
    ask,
)
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.dialogs import DISCARD, SAVE, ask_unsaved
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.common.form_errors import ERROR_COLOR, OK_COLOR, FieldErrors, error_label
from nassij_desktop.ui.common.operations import Written, run_write
from nassij_desktop.ui.common.tables import ScriptDelegate, scroll_with_direction
from nassij_desktop.ui.governance.attendance_delegate import (
    AttendanceDelegate,
    HolderEditor,
    PresenceEditor,
)
from nassij_desktop.ui.governance.attendance_model import (
    FILTER_LABELS,
    HOLDER,
    NAME,
    NUMBER,
    PRESENCE,
    AttendanceModel,
    PresenceFilter,
)
from nassij_desktop.ui.governance.widgets import person_name

ADOPTED_CHOICES = ("auto", "adopted", "rejected")
E = TypeVar("E", bound=QWidget)
SEARCH_DELAY_MS = 150
AGENDA_TAB, ATTENDANCE_TAB, RESOLUTIONS_TAB = range(3)


@dataclasses.dataclass(frozen=True)
class MinutesBase:
    """The minutes as the editor loaded them: what typed text is compared with, and the
    version of the assembly a save expects."""

    assembly_id: int
    version: int
    notes: Bilingual
    discussions: dict[int, Bilingual]  # by agenda item id

    @classmethod
    def of(cls, detail: AssemblyDetail) -> MinutesBase:
        return cls(
            detail.summary.id,
            detail.summary.version,
            detail.notes,
            {item.id: item.discussion for item in detail.agenda},
        )


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
        self.minutes_base: MinutesBase | None = None  # the minutes the editor loaded
        self._typed: dict[int, Bilingual] = {}  # discussions typed, by agenda item id
        self._shown_item: int | None = None  # the item whose discussion is in the editor
        self._minutes_conflict: ConflictError | None = None
        self._sheet_read = False  # the model holds the lines of `detail`
        self.writable = context.can(Permission.GOVERNANCE_WRITE)

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
        agenda_box = QWidget(self)
        self.agenda = QListWidget(agenda_box)
        self.agenda.setObjectName("assembly_agenda")
        self.agenda.setWordWrap(True)
        self.agenda.currentRowChanged.connect(self._agenda_item_chosen)
        # The minutes, while in session: what was said on the chosen item, and the remarks.
        self.minutes_form = QWidget(agenda_box)
        self.discussion = BilingualEdit("discussion", self.minutes_form, lines=2)
        self.notes = BilingualEdit("notes", self.minutes_form, lines=2)
        self.save_minutes_button = QPushButton(self.minutes_form)
        self.save_minutes_button.clicked.connect(self.save_minutes)
        self.minutes_error = error_label(self.minutes_form)
        self.minutes_errors = FieldErrors(self.minutes_error)
        # Someone else saved the minutes while text typed here was not saved: said, not wiped.
        self.minutes_stale = QWidget(self.minutes_form)
        self.minutes_stale.setObjectName("minutes_stale")
        self.minutes_stale_label = error_label(self.minutes_stale)
        self.minutes_stale_label.show()
        self.reload_minutes_button = QPushButton(self.minutes_stale)
        self.reload_minutes_button.clicked.connect(self.reload_minutes)
        stale_layout = QHBoxLayout(self.minutes_stale)
        stale_layout.setContentsMargins(0, 0, 0, 0)
        stale_layout.addWidget(self.minutes_stale_label, 1)
        stale_layout.addWidget(self.reload_minutes_button)
        self.minutes_stale.hide()
        self.minutes_labels = [QLabel(self.minutes_form) for _ in range(2)]
        minutes_layout = QFormLayout(self.minutes_form)
        minutes_layout.setContentsMargins(0, 0, 0, 0)
        minutes_layout.addRow(
            self.minutes_labels[0],
            self.minutes_errors.wrap("discussion", self.discussion, *self.discussion.aliases),
        )
        minutes_layout.addRow(
            self.minutes_labels[1],
            self.minutes_errors.wrap("notes", self.notes, *self.notes.aliases),
        )
        minutes_layout.addRow(self.minutes_stale)
        minutes_layout.addRow(self.minutes_error)
        minutes_layout.addRow(self.save_minutes_button)
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda, 1)
        agenda_layout.addWidget(self.minutes_form)

        attendance_box = QWidget(self)
        self.attendance_message = error_label(attendance_box)
        self.attendance_search = QLineEdit(attendance_box)
        self.attendance_search.setObjectName("attendance_search")
        self.attendance_search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_attendance_filter)
        self.attendance_search.textChanged.connect(lambda _text: self._search_timer.start())
        self.attendance_search.returnPressed.connect(self.apply_attendance_filter)
        self.attendance_filter = QComboBox(attendance_box)
        self.attendance_filter.setObjectName("attendance_filter")
        for choice in PresenceFilter:
            self.attendance_filter.addItem("", choice.value)
        self.attendance_filter.currentIndexChanged.connect(
            lambda _index: self.apply_attendance_filter()
        )
        self.attendance_model = AttendanceModel(self)
        self.attendance_model.presence_requested.connect(
            lambda member_id, attendance: self._save_attendance(member_id, attendance, None)
        )
        self.attendance_model.holder_requested.connect(
            lambda member_id, holder: self._save_attendance(member_id, Attendance.PROXY, holder)
        )
        self.attendance_model.holder_needed.connect(self._holder_needed)
        self.attendance = QTableView(attendance_box)
        self.attendance.setObjectName("attendance_table")
        self.attendance.setModel(self.attendance_model)
        self.attendance.setItemDelegate(AttendanceDelegate(self.attendance))
        self.attendance.verticalHeader().hide()
        # Fixed row heights and column widths: the view never measures the rows it does not show.
        rows = self.attendance.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 14)
        self.attendance.setWordWrap(False)
        self.attendance.setAlternatingRowColors(True)
        self.attendance.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attendance.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # F2 or a double click, as in any table; and one click opens a cell's choices.
        self.attendance.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.attendance.clicked.connect(self._cell_clicked)
        header = self.attendance.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        digits = self.fontMetrics().horizontalAdvance("0")
        header.resizeSection(NUMBER, digits * 10)
        header.resizeSection(PRESENCE, digits * 18)
        header.resizeSection(HOLDER, 260)
        scroll_with_direction(self.attendance)
        sheet_tools = QHBoxLayout()
        sheet_tools.addWidget(self.attendance_search, 2)
        sheet_tools.addWidget(self.attendance_filter, 1)
        attendance_layout = QVBoxLayout(attendance_box)
        attendance_layout.addLayout(sheet_tools)
        attendance_layout.addWidget(self.attendance_message)
        attendance_layout.addWidget(self.attendance, 1)

        resolutions_box = QWidget(self)
        self.resolutions = QTableWidget(0, 6, resolutions_box)
        self.resolutions.setObjectName("resolutions_table")
        self.resolutions.verticalHeader().hide()
        self.resolutions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # The text takes the width; the position, the counts and the outcome only their own.
        resolution_columns = self.resolutions.horizontalHeader()
        resolution_columns.setStretchLastSection(False)
        for column in range(self.resolutions.columnCount()):
            resolution_columns.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == 1
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.resolutions.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.resolutions.setWordWrap(False)
        scroll_with_direction(self.resolutions)
        self.resolutions.setItemDelegate(ScriptDelegate(self.resolutions))
        self.resolution_text = BilingualEdit("text", resolutions_box)
        self.votes_for = QSpinBox(resolutions_box)
        self.votes_against = QSpinBox(resolutions_box)
        self.votes_abstain = QSpinBox(resolutions_box)
        for box in (self.votes_for, self.votes_against, self.votes_abstain):
            set_field_direction(box)
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
        form.addRow(
            self.form_labels[0],
            self.resolution_errors.wrap(
                "text", self.resolution_text, *self.resolution_text.aliases
            ),
        )
        form.addRow(self.form_labels[1], votes)
        form.addRow(self.form_labels[4], self.adopted)
        form.addRow(self.resolution_error)
        form.addRow(self.add_resolution_button)
        resolutions_layout = QVBoxLayout(resolutions_box)
        resolutions_layout.addWidget(self.resolutions, 1)
        resolutions_layout.addWidget(self.resolution_form)

        self.tabs.addTab(agenda_box, "")
        self.tabs.addTab(attendance_box, "")
        self.tabs.addTab(resolutions_box, "")
        self.tabs.currentChanged.connect(self._tab_changed)

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
        self.tabs.setTabText(AGENDA_TAB, _("Agenda"))
        self.tabs.setTabText(ATTENDANCE_TAB, _("Attendance"))
        self.tabs.setTabText(RESOLUTIONS_TAB, _("Resolutions"))
        self.attendance_search.setPlaceholderText(_("Search by name or number…"))
        for index in range(self.attendance_filter.count()):
            choice = PresenceFilter(self.attendance_filter.itemData(index))
            self.attendance_filter.setItemText(index, _(FILTER_LABELS[choice]))
        self.attendance_model.retranslate()
        self.resolutions.setHorizontalHeaderLabels(
            ["#", _("Resolution"), _("For"), _("Against"), _("Abstentions"), _("Outcome")]
        )
        for label, text in zip(
            self.form_labels,
            (_("Text"), _("For"), _("Against"), _("Abstentions"), _("Outcome")),
            strict=True,
        ):
            label.setText(text)
        self.resolution_text.retranslate()
        self.resolution_text.set_placeholder(_("The text of the resolution"))
        self.discussion.retranslate()
        self.notes.retranslate()
        self.minutes_labels[0].setText(_("Discussion of the chosen item"))
        self.minutes_labels[1].setText(_("Remarks"))
        self.save_minutes_button.setText(_("Save the minutes"))
        self.minutes_stale_label.setText(
            _(
                "These minutes were changed on another computer. Your text is kept: save it to "
                "compare both versions, or reload theirs."
            )
        )
        self.reload_minutes_button.setText(_("Reload theirs"))
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
            self._fill_agenda(self.detail)
            self._fill_resolutions(self.detail)
        else:
            self.heading.setText(_("No assembly chosen"))
            self.details.clear()
            self.quorum_label.clear()

    # --- loading ---------------------------------------------------------------------------

    def load(self, assembly_id: int | None) -> None:
        """Read and show an assembly; its attendance sheet too if the sheet is on show."""
        if assembly_id is None:
            self.detail = None
            self._sheet_read = False
            self.retranslate()
            self._update_actions()
            return
        self._read(assembly_id, sheet=self.tabs.currentIndex() == ATTENDANCE_TAB)

    def _read(self, assembly_id: int, *, sheet: bool) -> None:
        with self.context.database.session() as session:
            detail = get_assembly(session, self.context.actor, assembly_id, attendance=sheet)
        self.show_detail(detail, sheet=sheet)

    def ensure_sheet(self) -> None:
        """Read the attendance sheet of the assembly on show, if it was not read yet."""
        if self.detail is not None and not self._sheet_read:
            self._read(self.detail.summary.id, sheet=True)

    def _tab_changed(self, index: int) -> None:
        if index == ATTENDANCE_TAB:
            self.ensure_sheet()

    def show_detail(self, detail: AssemblyDetail, *, sheet: bool = True) -> None:
        """Show an assembly; `sheet`: `detail` holds its attendance lines (else the sheet is
        emptied, to be read when wanted)."""
        base = self.minutes_base
        if base is not None and base.assembly_id == detail.summary.id and self.minutes_touched():
            self._merge_minutes(base, MinutesBase.of(detail))
        else:
            self._take_minutes(detail)
        self.detail = detail
        self._sheet_read = sheet
        self._show_texts(detail)
        self._fill_agenda(detail)
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
            _("Place: {place}").format(place=summary.place.text(lang) or "—"),
        ]
        if summary.starts_at:
            parts.append(_("Time: {time}").format(time=summary.starts_at.strftime("%H:%M")))
        if summary.convened_on:
            parts.append(
                _("Convened on {date}").format(date=format_date(summary.convened_on, lang))
            )
        if detail.chair:
            chair = gendered(CHAIR_LABEL, detail.chair.gender)  # رئيسة الجلسة for a woman
            parts.append(_("{role}: {name}").format(role=chair, name=person_name(detail.chair)))
        self.details.setText(bidi_text(" · ".join(parts)))  # a place written in French
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
        # Before the assembly: the convocation and the attendance sheet; after: the minutes…
        self.documents_button.setVisible(
            state in (AssemblyState.CONVENED, AssemblyState.IN_SESSION, AssemblyState.CLOSED)
        )
        self.resolution_form.setVisible(write and state is AssemblyState.IN_SESSION)
        self.minutes_form.setVisible(write and state is AssemblyState.IN_SESSION)

    def attendance_editable(self) -> bool:
        state = self.detail.summary.state if self.detail else None
        return self.writable and state in (AssemblyState.CONVENED, AssemblyState.IN_SESSION)

    # --- agenda and minutes ----------------------------------------------------------------

    def _fill_agenda(self, detail: AssemblyDetail) -> None:
        """Each item in the interface's language (else the other), what was said on it
        below; both languages in its tooltip."""
        lang = current_language()
        row = self.agenda.currentRow()
        self.agenda.blockSignals(True)
        self.agenda.clear()
        for item in detail.agenda:
            # The position first in either direction, the title in its own (list_item).
            text = list_item(f"{item.position}.", item.title.text(lang), separator=" ")
            if item.discussion:
                text += "\n" + item.discussion.text(lang)
            self.agenda.addItem(text)
            self.agenda.item(self.agenda.count() - 1).setToolTip(
                _tooltip(item.title, item.discussion)
            )
        self.agenda.blockSignals(False)
        self.agenda.setCurrentRow(min(max(row, 0), self.agenda.count() - 1))
        self._agenda_item_chosen(self.agenda.currentRow())

    def _agenda_item_chosen(self, row: int) -> None:
        self._stash()
        agenda = self.detail.agenda if self.detail else ()
        item = agenda[row].id if 0 <= row < len(agenda) else None
        base = self.minutes_base.discussions if self.minutes_base else {}
        self._shown_item = item
        self.discussion.set_value(
            self._typed.get(item, base.get(item, Bilingual())) if item is not None else Bilingual()
        )
        self.discussion.setEnabled(item is not None)

    def _stash(self) -> None:
        """Keep the discussion in the editor before it shows another item's."""
        if self._shown_item is not None:
            self._typed[self._shown_item] = self.discussion.value()

    def _take_minutes(self, detail: AssemblyDetail) -> None:
        """The stored minutes into the editor (what was typed here is dropped)."""
        self.minutes_base = MinutesBase.of(detail)
        self._typed = {}
        self._shown_item = None
        self.notes.set_value(detail.notes)
        self.minutes_stale.hide()

    def _merge_minutes(self, base: MinutesBase, stored: MinutesBase) -> None:
        """The assembly read again while minutes typed here are not saved: what was typed is
        never replaced; a text not typed here shows theirs. When none of the texts typed here
        changed meanwhile, the typed ones go on over the new version; else the version loaded
        is kept (the save meets the conflict dialog) and a line says so."""
        discussions, notes = self.typed_minutes()
        clash = any(stored.discussions.get(item) != base.discussions[item] for item in discussions)
        clash = clash or (notes is not None and stored.notes != base.notes)
        self.minutes_base = MinutesBase(
            stored.assembly_id,
            base.version if clash else stored.version,
            base.notes if notes is not None else stored.notes,
            {
                item: base.discussions[item] if item in discussions else text
                for item, text in stored.discussions.items()
            },
        )
        if notes is None:
            self.notes.set_value(stored.notes)
        self._typed = {item: self._typed[item] for item in discussions}
        self._shown_item = None  # the editor is filled again from the texts just merged
        self.minutes_stale.setVisible(clash)

    def typed_minutes(self) -> tuple[dict[int, Bilingual], Bilingual | None]:
        """What was typed and differs from the minutes loaded: the discussions by item, and
        the remarks (None: untouched)."""
        base = self.minutes_base
        if base is None:
            return {}, None
        self._stash()
        discussions = {
            item: text
            for item, text in self._typed.items()
            if item in base.discussions and text != base.discussions[item]
        }
        notes = self.notes.value()
        return discussions, (notes if notes != base.notes else None)

    def minutes_touched(self) -> bool:
        """Minutes typed here and not saved."""
        discussions, notes = self.typed_minutes()
        return bool(discussions) or notes is not None

    def reload_minutes(self) -> None:
        """Drop what was typed here and show the minutes as stored."""
        if self.detail is not None:
            self.minutes_base = None
            self.minutes_errors.clear()
            self.load(self.detail.summary.id)

    def may_leave(self) -> bool:
        """Before another assembly, page or the window's closing: minutes typed and not saved
        are saved, dropped, or kept on show (False: stay)."""
        if self.detail is None or not self.minutes_touched():
            return True
        choice = ask_unsaved(
            self, _("The minutes of this assembly have changes that are not saved.")
        )
        if choice == SAVE:
            return self.save_minutes()
        if choice == DISCARD:
            self._take_minutes(self.detail)
            self._agenda_item_chosen(self.agenda.currentRow())
            return True
        return False

    def save_minutes(self) -> bool:
        """Record the discussions typed and the remarks, over the version loaded (a newer
        save meets the conflict dialog)."""
        assert self.detail is not None and self.minutes_base is not None
        self.minutes_errors.clear()
        assembly_id = self.detail.summary.id
        discussions, notes = self.typed_minutes()
        base = self.minutes_base
        done = self._write_minutes(
            discussions, base.notes if notes is None else notes, base.version
        )
        conflict, self._minutes_conflict = self._minutes_conflict, None
        if done is None and conflict is not None:
            done = self._resolve_minutes(conflict, discussions, notes)
        if done is None:
            return False
        self.minutes_base = None  # saved: the stored minutes are the editor's again
        self.load(assembly_id)
        self.changed.emit()
        return True

    def _write_minutes(
        self,
        discussions: dict[int, Bilingual],
        notes: Bilingual,
        version: int,
        *,
        overwrite: bool = False,
    ) -> Written[AssemblySummary] | None:
        assert self.detail is not None
        actor, assembly_id = self.context.actor, self.detail.summary.id
        return run_write(
            self.context,
            lambda session: record_minutes(
                session,
                actor,
                assembly_id,
                discussions=discussions,
                notes=notes,
                expected_version=version,
                overwrite=overwrite,
            ),
            changes={Change.GOVERNANCE},
            errors=self.minutes_errors,
            failure=self._minutes_refused,
            initiator=self,
        )

    def _minutes_refused(self, error: NassijError) -> None:
        if isinstance(error, ConflictError):
            self._minutes_conflict = error  # shown by save_minutes() once run_write is over
        else:
            self.minutes_errors.show_general(str(error))

    def minutes_differences(
        self, discussions: dict[int, Bilingual], notes: Bilingual | None, stored: AssemblyDetail
    ) -> list[Difference]:
        """What was typed here and differs from what is stored, each text in both languages."""
        differences = []
        titles = {item.id: item for item in stored.agenda}
        lang = current_language()
        for item_id, mine in discussions.items():
            item = titles.get(item_id)
            if item is not None and item.discussion != mine:
                label = _("Discussion: {item}").format(item=item.title.text(lang))
                differences.append(
                    Difference(f"discussion-{item_id}", label, _both(mine), _both(item.discussion))
                )
        if notes is not None and notes != stored.notes:
            differences.append(
                Difference(
                    "notes", self.minutes_labels[1].text(), _both(notes), _both(stored.notes)
                )
            )
        return differences

    def _resolve_minutes(
        self, conflict: ConflictError, discussions: dict[int, Bilingual], notes: Bilingual | None
    ) -> Written[AssemblySummary] | None:
        """Someone else saved the assembly since its minutes were loaded here: what differs,
        then reload theirs, save over it (confirmed) or keep typing. Only what was typed here
        is saved over theirs: their discussions of other items and their remarks (when not
        typed here) are kept."""
        assert self.detail is not None
        with self.context.database.session() as session:
            stored = get_assembly(
                session, self.context.actor, self.detail.summary.id, attendance=False
            )
        differences = self.minutes_differences(discussions, notes, stored)
        keep_notes = stored.notes if notes is None else notes
        if not differences:  # they changed something else, or typed the same: nothing is lost
            done = self._write_minutes(discussions, keep_notes, stored.summary.version)
            if done is not None or self._minutes_conflict is None:
                return done
            self._minutes_conflict = None  # yet another save meanwhile: said below
        else:
            choice = ask(self, ConflictDialog(str(conflict), differences, self))
            if choice == RELOAD:
                self.reload_minutes()
                return None
            if choice == OVERWRITE:  # over the version loaded here: logged as an overwrite
                assert self.minutes_base is not None
                return self._write_minutes(
                    discussions, keep_notes, self.minutes_base.version, overwrite=True
                )
        self.minutes_errors.show_general(
            _("Not saved: someone else saved this assembly meanwhile.")
        )
        return None

    # --- attendance ------------------------------------------------------------------------

    def _fill_attendance(self, detail: AssemblyDetail) -> None:
        self.attendance_message.hide()
        self.attendance_model.load(detail.attendance, self.attendance_editable())

    def apply_attendance_filter(self) -> None:
        self._search_timer.stop()
        choice = self.attendance_filter.currentData()
        self.attendance_model.set_filter(
            self.attendance_search.text(), PresenceFilter(choice or PresenceFilter.ALL)
        )

    def member_ids(self) -> list[int]:
        self.ensure_sheet()
        return self.attendance_model.member_ids()

    def presence_of(self, member_id: int) -> Attendance | None:
        """The attendance the sheet shows for a member (a "represented" not saved included)."""
        self.ensure_sheet()
        if self.attendance_model.is_pending(member_id):
            return Attendance.PROXY
        return self.attendance_model.line_of(member_id).attendance

    def _index(self, member_id: int, column: int) -> QModelIndex:
        self.ensure_sheet()
        row = self.attendance_model.row_of(member_id)
        if row is None:
            raise LookupError(f"member {member_id} is not on show in the attendance sheet")
        return self.attendance_model.index(row, column)

    def set_presence(self, member_id: int, attendance: Attendance) -> None:
        """Choose a member's attendance, as the cell's list would."""
        self.attendance_model.setData(self._index(member_id, PRESENCE), attendance.value)

    def choose_holder(self, member_id: int, holder_id: int) -> None:
        """Choose the proxy holder of a represented member, as the cell's search would."""
        self.attendance_model.setData(self._index(member_id, HOLDER), holder_id)

    def edit_presence(self, member_id: int) -> PresenceEditor | None:
        """Open the attendance list of a member's line (None: the line cannot change)."""
        return self._edit(self._index(member_id, PRESENCE), PresenceEditor)

    def edit_holder(self, member_id: int) -> HolderEditor | None:
        """Open the proxy holder search of a represented member's line."""
        return self._edit(self._index(member_id, HOLDER), HolderEditor)

    def _edit(self, index: QModelIndex, kind: type[E]) -> E | None:
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return None
        self.attendance.setCurrentIndex(index)
        self.attendance.scrollTo(index)
        self.attendance.edit(index)
        editor = self.attendance.indexWidget(index)
        return editor if isinstance(editor, kind) else None

    def _cell_clicked(self, index: QModelIndex) -> None:
        if index.flags() & Qt.ItemFlag.ItemIsEditable and index.column() in (PRESENCE, HOLDER):
            self.attendance.edit(index)

    def _holder_needed(self, member_id: int) -> None:
        # After the attendance list has closed: then the holder search opens on the same line.
        QTimer.singleShot(0, self, lambda: self._open_holder(member_id))

    def _open_holder(self, member_id: int) -> None:
        if (
            self.attendance_model.row_of(member_id) is not None
            and self.presence_of(member_id) is Attendance.PROXY
        ):
            self.edit_holder(member_id)

    def _save_attendance(self, member_id: int, attendance: Attendance, holder: int | None) -> None:
        assert self.detail is not None
        self.attendance_message.hide()
        detail = self.detail

        def refused(error: NassijError) -> None:
            self.attendance_message.setText(bidi_text(str(error)))
            self.attendance_message.show()
            self.attendance_model.revert_choice(member_id)

        done = run_write(
            self.context,
            lambda session: record_attendance(
                session,
                self.context.actor,
                detail.summary.id,
                member_id,
                attendance,
                holder,
            ),
            changes={Change.GOVERNANCE},
            failure=refused,
            initiator=self,
        )
        if done is None:
            return
        record = done.value
        self.attendance_model.update_line(record)
        # The quorum of the sheet as saved, counted from its lines: the register is not
        # counted again for a line that changed (the voting members stay the same).
        quorum = self.attendance_model.quorum(self.detail.summary.quorum)
        self.detail = dataclasses.replace(self.detail, quorum=quorum)
        self._show_quorum()
        self.changed.emit()

    def _show_quorum(self) -> None:
        if self.detail is None:
            self.quorum_label.clear()
            return
        q = self.detail.quorum
        figures = _(
            "Voting members: {voting} · present: {present} · represented: {represented} · "
            "quorum ({quorum}): {needed}"
        ).format(
            voting=format_number(q.voting),
            present=format_number(q.present),
            represented=format_number(q.represented),
            quorum=quorum_text(q.quorum),
            needed=format_number(q.needed),
        )
        verdict = _("quorum reached") if q.reached else _("quorum not reached")
        color = OK_COLOR if q.reached else ERROR_COLOR
        self.quorum_label.setText(f"{figures} — <b style='color:{color}'>{verdict}</b>")

    # --- resolutions -----------------------------------------------------------------------

    def _fill_resolutions(self, detail: AssemblyDetail) -> None:
        lang = current_language()
        self.resolutions.setRowCount(len(detail.resolutions))
        for row, r in enumerate(detail.resolutions):
            values = [
                str(r.position),
                bidi_text(r.text.text(lang)),  # a French resolution reads whole in Arabic
                format_number(r.votes_for),
                format_number(r.votes_against),
                format_number(r.votes_abstain),
                _("Adopted") if r.adopted else _("Rejected"),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column != 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                else:
                    item.setToolTip(_tooltip(r.text))  # the whole text, in each language
                self.resolutions.setItem(row, column, item)

    def add_resolution(self) -> bool:
        assert self.detail is not None
        self.resolution_errors.clear()
        choice = self.adopted.currentData()
        adopted = None if choice == "auto" else choice == "adopted"
        detail = self.detail
        done = run_write(
            self.context,
            lambda session: record_resolution(
                session,
                self.context.actor,
                detail.summary.id,
                self.resolution_text.value(),
                self.votes_for.value(),
                self.votes_against.value(),
                self.votes_abstain.value(),
                adopted=adopted,
            ),
            changes={Change.GOVERNANCE},
            errors=self.resolution_errors,
            initiator=self,
        )
        if done is None:
            return False
        self.resolution_text.clear()
        for box in (self.votes_for, self.votes_against, self.votes_abstain):
            box.setValue(0)
        self.adopted.setCurrentIndex(0)
        self.load(self.detail.summary.id)
        self.changed.emit()
        return True


def _both(text: Bilingual) -> str:
    """Both languages of a text, as the conflict dialog shows a value."""
    return " / ".join(t for t in (text.ar, text.fr) if t)


def _tooltip(*texts: Bilingual) -> str:
    """Every language of the texts, one a line: what a line shows in one."""
    return "\n".join(t for text in texts for t in (text.ar, text.fr) if t)
