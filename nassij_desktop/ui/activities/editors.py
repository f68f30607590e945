"""The counting parts of the activity form: beneficiaries by gender and age band, and the
volunteers with their hours."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nassij_desktop.core.activities.models import AgeGroup
from nassij_desktop.core.activities.services import MAX_COUNT, MAX_MINUTES
from nassij_desktop.core.members.models import Gender
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_number, list_item
from nassij_desktop.ui.activities.labels import (
    COUNTED_GENDER_LABELS,
    COUNTED_GENDERS,
    age_band_label,
)
from nassij_desktop.ui.common.base_dialog import Retranslating
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.direction import set_field_direction
from nassij_desktop.ui.governance.widgets import MemberPicker

Counts = dict[tuple[Gender, AgeGroup], int]


class BeneficiaryGrid(Retranslating, QWidget):
    """A spin box per (gender, age band): rows women and men, columns the age bands, Tab
    moving along a row then to the next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self._band_labels: list[tuple[QLabel, AgeGroup]] = []
        self._gender_labels: list[tuple[QLabel, Gender]] = []
        self.spins: dict[tuple[Gender, AgeGroup], QSpinBox] = {}
        for column, band in enumerate(AgeGroup, start=1):
            label = QLabel(self)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 0, column)
            self._band_labels.append((label, band))
        for row, gender in enumerate(COUNTED_GENDERS, start=1):
            label = QLabel(self)
            grid.addWidget(label, row, 0)
            self._gender_labels.append((label, gender))
            for column, band in enumerate(AgeGroup, start=1):
                spin = set_field_direction(QSpinBox(self))
                spin.setObjectName(f"beneficiaries_{gender.value}_{band.value}")
                spin.setRange(0, MAX_COUNT)
                spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
                spin.valueChanged.connect(self._show_total)
                grid.addWidget(spin, row, column)
                self.spins[(gender, band)] = spin
        self.total = QLabel(self)
        self.total.setObjectName("beneficiaries_total")
        grid.addWidget(self.total, len(COUNTED_GENDERS) + 1, 0, 1, len(AgeGroup) + 1)
        self.setFocusProxy(self.first())
        self.retranslate()

    def first(self) -> QSpinBox:
        return self.spins[(COUNTED_GENDERS[0], next(iter(AgeGroup)))]

    def chain(self) -> list[QWidget]:
        return [self.spins[(g, b)] for g in COUNTED_GENDERS for b in AgeGroup]

    def retranslate(self) -> None:
        for label, band in self._band_labels:
            label.setText(age_band_label(band))
        for label, gender in self._gender_labels:
            label.setText(_(COUNTED_GENDER_LABELS[gender]))
        self._show_total()

    def _show_total(self) -> None:
        self.total.setText(
            _("Beneficiaries in all: {count}").format(
                count=format_number(sum(self.counts().values()))
            )
        )

    def counts(self) -> Counts:
        return {key: spin.value() for key, spin in self.spins.items() if spin.value()}

    def set_counts(self, counts: Counts) -> None:
        for key, spin in self.spins.items():
            spin.setValue(counts.get(key, 0))


def minutes_of(hours: float) -> int:
    return int((Decimal(str(hours)) * 60).quantize(Decimal(1), ROUND_HALF_UP))


class VolunteerEditor(Retranslating, QWidget):
    """The volunteers of an activity: find a member by number or name, give the hours, Add;
    the list below (Delete removes the chosen line). A member chosen with hours but not
    added yet is counted when the form is saved."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = MemberPicker(context, self)
        self.picker.search.setObjectName("volunteer_search")
        self.picker.choice.setObjectName("volunteer_member")
        # Room to type a number or a name: the picker's list gives up some of its width.
        self.picker.search.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 18)
        self.picker.choice.setMinimumContentsLength(16)
        self.hours = set_field_direction(QDoubleSpinBox(self))
        self.hours.setObjectName("volunteer_hours")
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setRange(0, MAX_MINUTES / 60)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("volunteer_add")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_pending)
        self.list = QListWidget(self)
        self.list.setObjectName("volunteer_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMaximumHeight(self.fontMetrics().height() * 5 + 8)
        self.list.installEventFilter(self)
        self.hours_label = QLabel(self)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.picker, 3)
        top.addWidget(self.hours_label)
        top.addWidget(self.hours)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list)
        self.setFocusProxy(self.picker.search)
        self._minutes: dict[int, int] = {}
        self._names: dict[int, str] = {}
        self.retranslate()

    def chain(self) -> list[QWidget]:
        return [self.picker.search, self.picker.choice, self.hours, self.add_button, self.list]

    def retranslate(self) -> None:
        self.hours_label.setText(_("Hours"))
        self.add_button.setText(_("Add"))
        self.list.setToolTip(_("Delete removes the chosen volunteer"))
        self._show()

    def set_volunteer(self, member_id: int, name: str, minutes: int) -> None:
        self._minutes[member_id] = minutes
        self._names[member_id] = name
        self._show()

    def clear(self) -> None:
        """No volunteer listed (the form shows another version of the activity)."""
        self._minutes.clear()
        self._names.clear()
        self._show()

    def add_pending(self) -> bool:
        member_id = self.picker.member_id()
        minutes = minutes_of(self.hours.value())
        if member_id is None or minutes <= 0:
            return False
        self.set_volunteer(member_id, self.picker.choice.currentText(), minutes)
        self.picker.search.clear()
        self.picker.choice.clear()
        self.hours.setValue(0)
        return True

    def volunteers(self) -> dict[int, int]:
        """Member id → minutes, with the member chosen but not added yet."""
        out = dict(self._minutes)
        member_id = self.picker.member_id()
        minutes = minutes_of(self.hours.value())
        if member_id is not None and minutes > 0:
            out[member_id] = minutes
        return out

    def _show(self) -> None:
        self.list.clear()
        for member_id, minutes in self._minutes.items():
            hours = Decimal(minutes) / 60
            item = QListWidgetItem(
                list_item(
                    self._names[member_id],
                    _("{hours} h").format(hours=format_number(hours.quantize(Decimal("0.1")))),
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            self.list.addItem(item)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ) and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            item = self.list.currentItem()
            if item is not None:
                member_id = int(item.data(Qt.ItemDataRole.UserRole))
                self._minutes.pop(member_id, None)
                self._names.pop(member_id, None)
                self._show()
                return True
        return super().eventFilter(watched, event)
