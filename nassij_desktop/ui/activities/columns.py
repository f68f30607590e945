"""The columns of the activities list."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from nassij_desktop.core.activities.activity_list import ActivityRow
from nassij_desktop.core.association.places import place_name
from nassij_desktop.i18n import N_, current_language
from nassij_desktop.i18n.formatting import format_amount, format_date, format_number, list_item
from nassij_desktop.ui.common.lazy_model import Align, Column


def hours_text(minutes: int) -> str:
    if not minutes:
        return ""
    return format_number((Decimal(minutes) / 60).quantize(Decimal("0.1")))


def _when(row: ActivityRow) -> str:
    return f"{format_date(row.starts_at.date())}  {row.starts_at:%H:%M}"


def _place(row: ActivityRow) -> str:
    lang = "ar" if current_language() == "ar" else "fr"
    commune = place_name(row.commune, lang) if row.commune else ""
    parts = [p for p in (row.place, commune) if p]
    return list_item(*parts, separator=", ") if parts else ""


def activity_columns(programme_name: Callable[[int | None], str]) -> list[Column[ActivityRow]]:
    return [
        Column("date", N_("Date"), _when, Align.CENTER, None, 128),
        Column("title", N_("Title"), lambda r: r.title, Align.TEXT, None, 260, stretch=True),
        Column("programme", N_("Programme"), lambda r: programme_name(r.programme_id), width=150),
        Column("place", N_("Place"), _place, Align.TEXT, None, 200, stretch=True),
        Column(
            "beneficiaries",
            N_("Beneficiaries"),
            lambda r: format_number(r.beneficiaries) if r.beneficiaries else "",
            Align.NUMBER,
            None,
            96,
        ),
        Column(
            "hours",
            N_("Volunteer hours"),
            lambda r: hours_text(r.volunteer_minutes),
            Align.NUMBER,
            None,
            120,  # "Heures de bénévolat", nearly whole: the title and the place keep the room
        ),
        Column(
            "cost",
            N_("Cost (MAD)"),
            lambda r: format_amount(r.cost) if r.cost is not None else "",
            Align.NUMBER,
            None,
            96,
        ),
        # The photos and attendance sheets attached: how many, so the missing ones show.
        Column(
            "files",
            N_("Files"),
            lambda r: format_number(r.files) if r.files else "",
            Align.NUMBER,
            None,
            60,
        ),
    ]
