"""Convene a general assembly, or change the convocation while it is only convened: kind,
date, time, place, quorum and the agenda (add, change, remove, reorder). The place and each
agenda item are typed in Arabic and/or French (`ui/common/bilingual_edit.py`); the list shows
each item in the interface's language, else the other.

The quorum is chosen among the shares statutes commonly state (one half, two thirds…), or
typed as a whole percentage; an assembly whose quorum is neither (3/7, from the command line)
keeps it as one more choice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import ConflictError, ValidationError
from nassij_desktop.core.governance.assemblies import MAX_PLACE, MAX_TITLE
from nassij_desktop.core.governance.models import ASSEMBLY_KIND_LABELS, AssemblyKind
from nassij_desktop.core.governance.quorum import COMMON_QUORUMS, DEFAULT_QUORUM, quorum_text
from nassij_desktop.core.governance.records import AssemblyDetail, AssemblySummary
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    update_assembly,
)
from nassij_desktop.i18n import _, current_language
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.bilingual_edit import BilingualEdit
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

PERCENTAGE = "percent"  # the quorum combo's choice of a whole percentage


class ConveneDialog(KeepsConflict, BaseDialog):
    saved = Signal(int)  # the assembly's id

    def __init__(
        self,
        context: AppContext,
        detail: AssemblyDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("convene_dialog")
        self.context = context
        self.detail = detail
        self._conflict: ConflictError | None = None  # the refusal of the last save, if one
        self.conflict_dialog: ConflictDialog | None = None  # while it is open
        self.setMinimumWidth(560)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        summary = detail.summary if detail else None
        today = clock.today()

        self.kind = QComboBox(self)
        for kind in AssemblyKind:
            self.kind.addItem("", kind.value)
        self.held_on = DateEdit(self, summary.held_on if summary else today + dt.timedelta(days=15))
        # Direction first: in a right-to-left window Qt would reverse the format to mm:HH.
        self.starts_at = set_field_direction(QTimeEdit(self), "starts_at")
        self.starts_at.setDisplayFormat("HH:mm")
        start = summary.starts_at if summary and summary.starts_at else dt.time(15, 0)
        self.starts_at.setTime(QTime(start.hour, start.minute))
        self.place = BilingualEdit("place", self, max_length=MAX_PLACE)
        if summary:
            self.place.set_value(summary.place)
        self.convened_on = DateEdit(self, summary.convened_on if summary else today)
        quorum = summary.quorum if summary else DEFAULT_QUORUM
        self.quorum = QComboBox(self)
        self.quorum.setObjectName("quorum")
        for common in COMMON_QUORUMS:
            self.quorum.addItem("", str(common.share))
        self.quorum.addItem("", PERCENTAGE)
        self.quorum_percent = set_field_direction(QSpinBox(self))
        self.quorum_percent.setObjectName("quorum_percent")
        self.quorum_percent.setRange(0, 100)
        self.quorum_percent.setSuffix(" %")
        self.quorum_percent.setValue(round(quorum * 100))
        found = self.quorum.findData(str(quorum))
        if found < 0 and (quorum * 100).denominator == 1:
            found = self.quorum.findData(PERCENTAGE)
        elif found < 0:  # a share the form does not offer: kept as it is
            self.quorum.addItem(quorum_text(quorum), str(quorum))
            found = self.quorum.count() - 1
        self.quorum.setCurrentIndex(found)
        self.quorum.currentIndexChanged.connect(self._quorum_chosen)
        self._quorum_chosen()
        quorum_box = QWidget(self)
        quorum_layout = QHBoxLayout(quorum_box)
        quorum_layout.setContentsMargins(0, 0, 0, 0)
        quorum_layout.addWidget(self.quorum, 1)
        quorum_layout.addWidget(self.quorum_percent)
        if summary:
            self.kind.setCurrentIndex(self.kind.findData(summary.kind.value))
        else:
            self.kind.setCurrentIndex(self.kind.findData(AssemblyKind.ORDINARY.value))

        self.agenda = QListWidget(self)
        self.agenda.setObjectName("agenda_list")
        for item in detail.agenda if detail else ():
            self._append(item.title)
        self.agenda.currentRowChanged.connect(self._item_chosen)
        # The item just added is the current one, its editors emptied: a click brings it back.
        self.agenda.itemClicked.connect(lambda item: self._item_chosen(self.agenda.row(item)))
        # The item being typed, in both languages: added as a new item, or replacing the one
        # chosen in the list.
        self.item_text = BilingualEdit("agenda", self, max_length=MAX_TITLE)
        for editor in self.item_text.editors.values():
            assert isinstance(editor, QLineEdit)
            editor.returnPressed.connect(self.add_item)
        self.add_button = QPushButton(self)
        self.change_button = QPushButton(self)
        self.change_button.setObjectName("change_item")
        self.change_button.clicked.connect(self.change_item)
        self.change_button.setEnabled(False)
        self.remove_button = QPushButton(self)
        self.up_button = QPushButton(self)
        self.down_button = QPushButton(self)
        self.add_button.clicked.connect(self.add_item)
        self.remove_button.clicked.connect(self.remove_item)
        self.up_button.clicked.connect(lambda: self.move_item(-1))
        self.down_button.clicked.connect(lambda: self.move_item(1))
        # The editors take the whole width (their placeholder is read whole in both
        # languages); the buttons go under them.
        moves = QHBoxLayout()
        for button in (self.add_button, self.change_button):
            moves.addWidget(button)
        moves.addStretch(1)
        for button in (self.up_button, self.down_button, self.remove_button):
            moves.addWidget(button)
        agenda_box = QWidget(self)
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.setContentsMargins(0, 0, 0, 0)
        agenda_layout.addWidget(self.agenda)
        agenda_layout.addWidget(self.item_text)
        agenda_layout.addLayout(moves)

        self.labels = {name: QLabel(self) for name in (
            "kind", "held_on", "starts_at", "place", "convened_on", "quorum", "agenda"
        )}  # fmt: skip
        form = QFormLayout()
        form.addRow(self.labels["kind"], self.errors.wrap("kind", self.kind))
        form.addRow(self.labels["held_on"], self.errors.wrap("held_on", self.held_on))
        form.addRow(self.labels["starts_at"], self.errors.wrap("starts_at", self.starts_at))
        form.addRow(
            self.labels["place"], self.errors.wrap("place", self.place, *self.place.aliases)
        )
        form.addRow(self.labels["convened_on"], self.errors.wrap("convened_on", self.convened_on))
        form.addRow(self.labels["quorum"], self.errors.wrap("quorum", quorum_box))
        form.addRow(
            self.labels["agenda"],
            self.errors.wrap("agenda", agenda_box, *self.item_text.aliases),
        )
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.save_button.setAutoDefault(False)
        self.save_button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(
            _("Change the convocation") if self.detail else _("Convene a general assembly")
        )
        for index in range(self.kind.count()):
            self.kind.setItemText(
                index, _(ASSEMBLY_KIND_LABELS[AssemblyKind(self.kind.itemData(index))])
            )
        texts = {
            "kind": _("Kind"),
            "held_on": _("Date"),
            "starts_at": _("Time"),
            "place": _("Place"),
            "convened_on": _("Members convened on"),
            "quorum": _("Quorum"),
            "agenda": _("Agenda"),
        }
        for name, label in self.labels.items():
            label.setText(texts[name])
        for index, common in enumerate(COMMON_QUORUMS):
            self.quorum.setItemText(index, _(common.label))
        self.quorum.setItemText(len(COMMON_QUORUMS), _("Percentage of the voting members"))
        self.place.retranslate()
        self.item_text.retranslate()
        self.item_text.set_placeholder(_("New agenda item"))
        self.add_button.setText(_("Add"))
        self.change_button.setText(_("Change the item"))
        lang = current_language()
        for row in range(self.agenda.count()):
            self._show_item(row, lang)
        self.remove_button.setText(_("Remove"))
        self.up_button.setText(_("Move up"))
        self.down_button.setText(_("Move down"))
        self.save_button.setText(_("Save") if self.detail else _("Convene"))
        self.cancel_button.setText(_("Cancel"))

    # --- quorum ----------------------------------------------------------------------------

    def _quorum_chosen(self) -> None:
        self.quorum_percent.setEnabled(self.quorum.currentData() == PERCENTAGE)

    def chosen_quorum(self) -> Fraction:
        choice = self.quorum.currentData()
        if choice == PERCENTAGE:
            return Fraction(self.quorum_percent.value(), 100)
        return Fraction(choice)

    def choose_quorum(self, share: Fraction) -> None:
        """Select `share`: one of the offered shares, else a whole percentage."""
        found = self.quorum.findData(str(share))
        if found < 0:
            found = self.quorum.findData(PERCENTAGE)
            self.quorum_percent.setValue(round(share * 100))
        self.quorum.setCurrentIndex(found)

    # --- agenda ----------------------------------------------------------------------------

    def _append(self, title: Bilingual) -> None:
        item = QListWidgetItem(self.agenda)
        item.setData(Qt.ItemDataRole.UserRole, title)
        self._show_item(self.agenda.count() - 1, current_language())

    def _show_item(self, row: int, lang: str) -> None:
        """An item in the interface's language (else the other); both in its tooltip."""
        item = self.agenda.item(row)
        title: Bilingual = item.data(Qt.ItemDataRole.UserRole)
        item.setText(title.text(lang))
        item.setToolTip("\n".join(t for t in (title.ar, title.fr) if t))

    def _typed(self) -> Bilingual:
        typed = self.item_text.value()
        return Bilingual(*(" ".join(t.split()) if t else None for t in (typed.ar, typed.fr)))

    def _item_chosen(self, row: int) -> None:
        """The chosen item comes into the editors, to be changed."""
        self.change_button.setEnabled(row >= 0)
        if row >= 0:
            self.item_text.set_value(self.agenda.item(row).data(Qt.ItemDataRole.UserRole))

    def add_item(self) -> None:
        title = self._typed()
        if not title:
            return
        self._append(title)
        self.agenda.setCurrentRow(self.agenda.count() - 1)
        self.item_text.clear()
        self.item_text.ar.setFocus()

    def change_item(self) -> None:
        row, title = self.agenda.currentRow(), self._typed()
        if row < 0 or not title:
            return
        self.agenda.item(row).setData(Qt.ItemDataRole.UserRole, title)
        self._show_item(row, current_language())

    def remove_item(self) -> None:
        row = self.agenda.currentRow()
        if row >= 0:
            self.agenda.takeItem(row)

    def move_item(self, step: int) -> None:
        row = self.agenda.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.agenda.count():
            return
        item = self.agenda.takeItem(row)
        self.agenda.insertItem(target, item)
        self.agenda.setCurrentRow(target)

    def titles(self) -> list[Bilingual]:
        return [
            self.agenda.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.agenda.count())
        ]

    # --- saving ----------------------------------------------------------------------------

    def data(self) -> AssemblyData:
        start = self.starts_at.time()
        return AssemblyData(
            kind=AssemblyKind(self.kind.currentData()),
            held_on=self.held_on.date("held_on", required=True),
            starts_at=dt.time(start.hour(), start.minute()),
            place=self.place.value(),
            convened_on=self.convened_on.date("convened_on", required=True),
            quorum=self.chosen_quorum(),
            agenda=self.titles(),
        )

    def _load(self, detail: AssemblyDetail) -> None:
        """Show the convocation as `detail` has it (the stored one, after a reload)."""
        summary = detail.summary
        self.kind.setCurrentIndex(self.kind.findData(summary.kind.value))
        self.held_on.set_date(summary.held_on)
        start = summary.starts_at or dt.time(15, 0)
        self.starts_at.setTime(QTime(start.hour, start.minute))
        self.place.set_value(summary.place)
        self.convened_on.set_date(summary.convened_on)
        self.choose_quorum(summary.quorum)
        self.agenda.clear()
        for item in detail.agenda:
            self._append(item.title)
        self.item_text.clear()

    def _update(
        self, detail: AssemblyDetail, data: AssemblyData, *, overwrite: bool = False
    ) -> Written[AssemblySummary] | None:
        actor, summary = self.context.actor, detail.summary
        return run_write(
            self.context,
            lambda session: update_assembly(
                session, actor, summary.id, summary.version, data, overwrite=overwrite
            ),
            changes={Change.GOVERNANCE},
            errors=self.errors,
            failure=self._refused,
            initiator=self,
        )

    def differences(self, data: AssemblyData, stored: AssemblyDetail) -> list[Difference]:
        """The fields where the form and the stored convocation differ, as each shows them."""
        lang = current_language()
        theirs = stored.summary

        def both(title: Bilingual) -> str:
            return " / ".join(t for t in (title.ar, title.fr) if t)

        def texts(mine: list[Bilingual], others: list[Bilingual]) -> tuple[str, str]:
            """In the interface's language; in both when only the other language differs."""
            show: Callable[[Bilingual], str] = lambda title: title.text(lang)  # noqa: E731
            if [t.pair() for t in mine] != [t.pair() for t in others] and list(
                map(show, mine)
            ) == list(map(show, others)):
                show = both
            return " · ".join(map(show, mine)), " · ".join(map(show, others))

        mine_place = data.place if isinstance(data.place, Bilingual) else Bilingual()

        def time(value: dt.time | None) -> str:
            return f"{value:%H:%M}" if value else ""

        pairs = [
            ("kind", shown(self.kind, data.kind), shown(self.kind, theirs.kind)),
            ("held_on", shown(None, data.held_on), shown(None, theirs.held_on)),
            ("starts_at", time(data.starts_at), time(theirs.starts_at)),
            ("place", *texts([mine_place], [theirs.place])),
            ("convened_on", shown(None, data.convened_on), shown(None, theirs.convened_on)),
            ("quorum", quorum_text(data.quorum), quorum_text(theirs.quorum)),
            (
                "agenda",
                *texts(
                    [t for t in data.agenda if isinstance(t, Bilingual)],
                    [item.title for item in stored.agenda],
                ),
            ),
        ]
        return [
            Difference(name, self.labels[name].text(), mine, other)
            for name, mine, other in pairs
            if mine != other
        ]

    def _resolve(
        self, conflict: ConflictError, data: AssemblyData, detail: AssemblyDetail
    ) -> Written[AssemblySummary] | None:
        """Someone else saved the convocation since it was opened here: what differs, then
        reload theirs, save over it (confirmed) or keep editing (ui/common/conflict_dialog.py)."""
        with self.context.database.session() as session:
            stored = get_assembly(session, self.context.actor, detail.summary.id, attendance=False)
        dialog = ConflictDialog(str(conflict), self.differences(data, stored), self)
        choice = ask(self, dialog)
        if choice == RELOAD:
            self.detail = stored
            self._load(stored)
            return None
        if choice == OVERWRITE:
            return self._update(detail, data, overwrite=True)
        self.errors.show_general(_("Not saved: someone else saved this assembly meanwhile."))
        return None

    def save(self) -> bool:
        self.errors.clear()
        detail = self.detail
        if detail is None:
            actor = self.context.actor
            done = run_write(
                self.context,
                lambda session: convene_assembly(session, actor, self.data()),
                changes={Change.GOVERNANCE},
                errors=self.errors,
                initiator=self,
            )
        else:
            try:
                data = self.data()
            except ValidationError as error:  # a date not understood: shown under its field
                self.errors.show(error)
                return False
            done = self._update(detail, data)
            conflict = self.take_conflict()
            if done is None and conflict is not None:
                done = self._resolve(conflict, data, detail)
        if done is None:
            return False
        self.saved.emit(done.value.id)
        self.accept()
        return True
