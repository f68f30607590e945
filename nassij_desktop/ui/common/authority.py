"""The choice of the local authority's kind (caïdat, pachalik, annex, district), shared by the
association's profile in the settings and the creation assistant."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from nassij_desktop.core.association.authorities import AUTHORITY_KIND_LABELS, AuthorityKind
from nassij_desktop.i18n import _


def fill_authority_kinds(combo: QComboBox) -> None:
    """(Re)write the choices in the current language, keeping the one selected."""
    selected = combo.currentData()
    combo.clear()
    combo.addItem(_("(not specified)"), None)
    for kind in AuthorityKind:
        combo.addItem(_(AUTHORITY_KIND_LABELS[kind]), kind.value)
    combo.setCurrentIndex(max(0, combo.findData(selected)))


def select_authority_kind(combo: QComboBox, value: str | None) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))
