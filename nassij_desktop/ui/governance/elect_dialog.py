"""Record the board elected by an assembly: one member picker per seat, in the roles' order;
roles with any number of holders (advisers) get a button to add one more."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.governance.records import AssemblySummary, RoleRecord
from nassij_desktop.core.governance.services import (
    ElectionResult,
    SeatChoice,
    elect_board,
    list_roles,
)
from nassij_desktop.i18n import _, current_language
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.form_errors import FieldErrors, error_label
from nassij_desktop.ui.common.operations import run_write
from nassij_desktop.ui.common.tables import scroll_with_direction
from nassij_desktop.ui.common.wheel_guard import guard_fields_from_the_wheel
from nassij_desktop.ui.governance.widgets import MemberPicker


class RoleSeats(QWidget):
    """The pickers of one role: one, or as many as added for a role without a limit."""

    def __init__(self, context: AppContext, role: RoleRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.role = role
        self.pickers: list[MemberPicker] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.more_button: QPushButton | None = None
        self.add_picker()
        if role.max_holders is None or role.max_holders > 1:
            self.more_button = QPushButton(self)
            self.more_button.clicked.connect(self.add_picker)
            self._layout.addWidget(self.more_button)
        self.retranslate()

    def add_picker(self) -> MemberPicker:
        limit = self.role.max_holders
        if limit is not None and len(self.pickers) >= limit:
            return self.pickers[-1]
        picker = MemberPicker(self.context, self)
        picker.setObjectName(f"picker_{self.role.code}_{len(self.pickers)}")
        self.pickers.append(picker)
        self._layout.insertWidget(len(self.pickers) - 1, picker)
        return picker

    def retranslate(self) -> None:
        if self.more_button is not None:
            self.more_button.setText(_("Add another"))

    def choices(self) -> list[SeatChoice]:
        return [
            SeatChoice(self.role.code, member_id)
            for picker in self.pickers
            if (member_id := picker.member_id()) is not None
        ]


class ElectDialog(BaseDialog):
    elected = Signal(object)  # the ElectionResult

    def __init__(
        self, context: AppContext, assembly: AssemblySummary, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("elect_dialog")
        self.context = context
        self.assembly = assembly
        self.election: ElectionResult | None = None
        self.setMinimumSize(640, 520)
        self.general_error = error_label(self)
        self.errors = FieldErrors(self.general_error)
        with context.database.session() as session:
            self.roles = list_roles(session, context.actor)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        form_box = QWidget(self)
        form = QFormLayout(form_box)
        self.seats: dict[str, RoleSeats] = {}
        self.role_labels: dict[str, QLabel] = {}
        for role in self.roles:
            seats = RoleSeats(context, role, form_box)
            self.seats[role.code] = seats
            self.role_labels[role.code] = QLabel(form_box)
            form.addRow(self.role_labels[role.code], self.errors.wrap(role.code, seats))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_box)
        scroll_with_direction(scroll)
        guard_fields_from_the_wheel(scroll)
        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        lang = current_language()
        self.setWindowTitle(_("Elect the board"))
        self.intro.setText(
            _(
                "The board elected by the assembly of {date}. Its term starts that day; the "
                "previous board ends the day before. Only active members can be elected, "
                "each to one seat."
            ).format(date=format_date(self.assembly.held_on, lang, "long"))
        )
        for role in self.roles:
            self.role_labels[role.code].setText(role.label(lang))
            self.seats[role.code].retranslate()
        self.save_button.setText(_("Record the election"))
        self.cancel_button.setText(_("Cancel"))

    def picker(self, role_code: str, index: int = 0) -> MemberPicker:
        seats = self.seats[role_code]
        while len(seats.pickers) <= index:
            seats.add_picker()
        return seats.pickers[index]

    def choices(self) -> list[SeatChoice]:
        return [choice for seats in self.seats.values() for choice in seats.choices()]

    def save(self) -> bool:
        self.errors.clear()
        done = run_write(
            self.context,
            lambda session: elect_board(
                session, self.context.actor, self.assembly.id, self.choices()
            ),
            changes={Change.GOVERNANCE},
            errors=self.errors,
            initiator=self,
        )
        if done is None:
            return False
        self.election = done.value
        self.elected.emit(done.value)
        self.accept()
        return True
