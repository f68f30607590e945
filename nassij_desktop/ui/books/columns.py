"""The columns of the entries list, and its model: a label reads from its script's side."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from nassij_desktop.core.books.entry_list import EntryRow
from nassij_desktop.i18n import N_, _
from nassij_desktop.i18n.formatting import format_amount, format_date, isolate
from nassij_desktop.ui.common.lazy_model import Align, Column, LazyTableModel


def entry_number(journal: str, number: int | None) -> str:
    """ "BQ 12", or "Draft" for an entry not validated yet (it has no number)."""
    return isolate(f"{journal} {number}", "ltr") if number is not None else _("Draft")


def _number(row: EntryRow) -> str:
    return entry_number(row.journal, row.number)


def entry_columns() -> list[Column[EntryRow]]:
    return [
        Column("date", N_("Date"), lambda r: format_date(r.entry_date), Align.CENTER, width=88),
        Column("number", N_("Entry"), _number, Align.CENTER, width=72),
        Column(
            "voucher",
            N_("Voucher"),
            lambda r: isolate(r.reference or "", "ltr"),
            Align.CENTER,
            width=140,
        ),
        Column("label", N_("Label"), lambda r: r.label, Align.TEXT, width=220, stretch=True),
        Column("amount", N_("Amount"), lambda r: format_amount(r.amount), Align.NUMBER, width=110),
    ]


_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def script_align(text: str) -> Align:
    """Where a free text sits: an Arabic label from the right, a French one from the left,
    whatever the interface's language (drawn in that direction by `ScriptDelegate`)."""
    return Align.ARABIC if _ARABIC.search(text) else Align.LATIN


class EntryTableModel(LazyTableModel[EntryRow]):
    """The entries: labels are typed in Arabic or in French, entry by entry."""

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and index.isValid()
            and self.columns[index.column()].key == "label"
        ):
            row = self.row(index.row())
            if row is not None:
                return script_align(row.label).value
        return super().data(index, role)
