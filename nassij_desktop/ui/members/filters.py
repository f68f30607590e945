"""The filter bar of the member list: status, category, dues of a year, gender, city."""

from __future__ import annotations

import functools

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.textnorm import normalise_word
from nassij_desktop.core.members.models import GENDER_LABELS, STATUS_LABELS, Gender, MemberStatus
from nassij_desktop.core.members.search import MemberFilter
from nassij_desktop.core.members.services import CategoryRecord
from nassij_desktop.i18n import N_, _, current_language
from nassij_desktop.ui.members.columns import city_label
from nassij_desktop.ui.members.fields import ChoiceBox, fixed, translated

# "Current" members: those an assembly or a mailing counts.
CURRENT = "current"
CURRENT_STATUSES = frozenset({MemberStatus.ACTIVE, MemberStatus.SUSPENDED})


class MemberFilters(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = ChoiceBox(self)
        self.status.setObjectName("filter_status")
        self.status.set_choices(
            [("", translated(N_("All statuses"))), (CURRENT, translated(N_("Active or suspended")))]
            + [(s.value, translated(STATUS_LABELS[s])) for s in MemberStatus]
        )
        self.category = ChoiceBox(self)
        self.category.setObjectName("filter_category")
        self.dues = ChoiceBox(self)
        self.dues.setObjectName("filter_dues")
        self.dues.set_choices(
            [
                ("", translated(N_("Dues: any"))),
                ("paid", translated(N_("Dues paid for"))),
                ("unpaid", translated(N_("Dues not paid for"))),
            ]
        )
        self.dues_year = QSpinBox(self)
        self.dues_year.setRange(1990, clock.today().year + 1)
        self.dues_year.setValue(clock.today().year)
        self.dues_year.setEnabled(False)
        self.gender = ChoiceBox(self)
        self.gender.setObjectName("filter_gender")
        self.gender.set_choices(
            [("", translated(N_("Any gender")))]
            + [(g.value, translated(GENDER_LABELS[g])) for g in Gender]
        )
        self.city = ChoiceBox(self)
        self.city.setObjectName("filter_city")
        self.city.setMinimumContentsLength(10)
        self.set_cities([])
        self.set_categories([])
        self.label = QLabel(self)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        for widget in (self.status, self.category, self.dues, self.dues_year, self.gender):
            layout.addWidget(widget)
        layout.addWidget(self.city)
        layout.addStretch(1)

        for combo in (self.status, self.category, self.dues, self.gender, self.city):
            combo.currentIndexChanged.connect(self._changed)
        self.dues_year.valueChanged.connect(self._changed)
        self.retranslate()

    def set_categories(self, categories: list[CategoryRecord]) -> None:
        lang = current_language()
        self.category.set_choices(
            [("", translated(N_("All categories")))]
            + [(c.code, fixed(c.label(lang))) for c in categories]
        )

    def set_cities(self, cities: list[str]) -> None:
        # Named as the list names them (أرفود in Arabic, where the filter said "Erfoud"),
        # in the reader's order.
        named = sorted(cities, key=lambda c: normalise_word(city_label(c)))
        self.city.set_choices(
            [("", translated(N_("All cities")))]
            + [(c, functools.partial(city_label, c)) for c in named]
        )

    def retranslate(self) -> None:
        self.label.setText(_("Show:"))
        for combo in (self.status, self.dues, self.gender, self.city, self.category):
            combo.retranslate()
        self.dues_year.setToolTip(_("Dues year"))

    def member_filter(self) -> MemberFilter:
        status = self.status.currentData()
        if status == CURRENT:
            statuses = CURRENT_STATUSES
        else:
            statuses = frozenset({MemberStatus(status)}) if status else frozenset()
        dues = self.dues.currentData()
        return MemberFilter(
            statuses=statuses,
            category_code=self.category.currentData() or None,
            gender=Gender(self.gender.currentData()) if self.gender.currentData() else None,
            city=self.city.currentData() or None,
            dues_year=self.dues_year.value() if dues else None,
            dues_paid=(dues == "paid") if dues else None,
        )

    def _changed(self) -> None:
        self.dues_year.setEnabled(bool(self.dues.currentData()))
        self.changed.emit()
