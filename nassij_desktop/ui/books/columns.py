"""The columns of the entries list."""

from __future__ import annotations

from nassij_desktop.core.books.entry_list import EntryRow
from nassij_desktop.i18n import N_
from nassij_desktop.i18n.formatting import format_amount, format_date, isolate
from nassij_desktop.ui.common.lazy_model import Align, Column


def _number(row: EntryRow) -> str:
    return isolate(f"{row.journal} {row.number}", "ltr")


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
