"""Where an activity took place, chosen as the administration divides the country: region,
then province, then commune (the shipped places of resources/places/cities.csv; a commune
that is not listed is typed)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from nassij_desktop import paths
from nassij_desktop.core.association.regions import regions
from nassij_desktop.i18n import _, current_language
from nassij_desktop.ui.common.base_dialog import Retranslating


@dataclass(frozen=True)
class Commune:
    name_ar: str
    name_fr: str
    province_ar: str
    province_fr: str
    region_code: str

    def name(self, lang: str) -> str:
        return self.name_ar if lang == "ar" else self.name_fr

    def province(self, lang: str) -> str:
        return self.province_ar if lang == "ar" else self.province_fr


@cache
def communes() -> tuple[Commune, ...]:
    with paths.resource("places", "cities.csv").open(encoding="utf-8", newline="") as f:
        return tuple(Commune(**row) for row in csv.DictReader(f))


def _same(text: str | None, *names: str) -> bool:
    folded = (text or "").strip().casefold()
    return bool(folded) and folded in (n.casefold() for n in names)


class PlacePicker(Retranslating, QWidget):
    """Three lists: the region, its provinces, their communes (the commune may be typed)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.region = QComboBox(self)
        self.region.setObjectName("region_code")
        self.province = QComboBox(self)
        self.province.setObjectName("province")
        self.commune = QComboBox(self)
        self.commune.setObjectName("commune")
        self.commune.setEditable(True)
        self.commune.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for box in (self.region, self.province, self.commune):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(12)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.region, 1)
        layout.addWidget(self.province, 1)
        layout.addWidget(self.commune, 1)
        self.setFocusProxy(self.region)
        self._fill_regions()
        self.region.currentIndexChanged.connect(self._region_chosen)
        self.province.currentIndexChanged.connect(self._province_chosen)
        self._region_chosen()
        self.retranslate()

    def retranslate(self) -> None:
        values = self.values()
        self._fill_regions()
        self.set_values(*values)
        self.region.setToolTip(_("Region"))
        self.province.setToolTip(_("Province or prefecture"))
        self.commune.setToolTip(_("Commune"))

    def _fill_regions(self) -> None:
        lang = current_language()
        self.region.blockSignals(True)
        current = self.region.currentData()
        self.region.clear()
        self.region.addItem(_("Region…"), None)
        for region in regions():
            self.region.addItem(region.name(lang), region.code)
        self.region.setCurrentIndex(max(self.region.findData(current), 0))
        self.region.blockSignals(False)

    def _region_chosen(self) -> None:
        code = self.region.currentData()
        lang = current_language()
        self.province.blockSignals(True)
        self.province.clear()
        self.province.addItem(_("Province…"), None)
        seen: set[str] = set()
        for commune in communes():
            if commune.region_code == code and commune.province_fr not in seen:
                seen.add(commune.province_fr)
                self.province.addItem(commune.province(lang), commune.province_fr)
        self.province.blockSignals(False)
        self._province_chosen()

    def _province_chosen(self) -> None:
        province = self.province.currentData()
        lang = current_language()
        self.commune.blockSignals(True)
        text = self.commune.currentText()
        self.commune.clear()
        for commune in communes():
            if province is not None and commune.province_fr == province:
                self.commune.addItem(commune.name(lang), commune.name_fr)
        self.commune.setCurrentIndex(-1)
        self.commune.setEditText(text if province is None else "")
        self.commune.blockSignals(False)
        self.changed.emit()

    # --- values ------------------------------------------------------------------------------

    def values(self) -> tuple[str | None, str | None, str | None]:
        """(region code, province, commune) as the reader named them."""
        region = self.region.currentData()
        province = self.province.currentText() if self.province.currentIndex() > 0 else None
        commune = self.commune.currentText().strip() or None
        return region, province, commune

    def set_values(self, region: str | None, province: str | None, commune: str | None) -> None:
        self.region.setCurrentIndex(max(self.region.findData(region), 0))
        self._region_chosen()
        for index in range(1, self.province.count()):
            known = next(c for c in communes() if c.province_fr == self.province.itemData(index))
            if _same(province, known.province_ar, known.province_fr):
                self.province.setCurrentIndex(index)
                break
        self._province_chosen()
        for index in range(self.commune.count()):
            known = next(c for c in communes() if c.name_fr == self.commune.itemData(index))
            if _same(commune, known.name_ar, known.name_fr):
                self.commune.setCurrentIndex(index)
                return
        self.commune.setEditText(commune or "")
