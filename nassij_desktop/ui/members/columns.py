"""The columns of the member list."""

from __future__ import annotations

from collections.abc import Callable

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.common.names import display_name
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.search import MemberOrder
from nassij_desktop.i18n import N_, current_language
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.ui.common.lazy_model import Align, Column
from nassij_desktop.ui.members.display import display_phone, ltr, status_label


def city_label(city: str | None) -> str:
    """A known city in the interface's script ("أرفود" reads "Erfoud" in French), as the
    list and its city filter say it."""
    if not city:
        return ""
    return place_name(city, "ar" if current_language() == "ar" else "fr")


def _city(record: MemberRecord) -> str:
    return city_label(record.city)


def _name_in(script: str) -> Callable[[MemberRecord], str]:
    """The name column of a script: the name as a reader of that script reads it (first name
    first, the other script when the member has no name in this one), as pickers, dialogs
    and receipts write it (core.common.names)."""

    def name(r: MemberRecord) -> str:
        return display_name(
            script, r.first_name_ar, r.last_name_ar, r.first_name_lat, r.last_name_lat
        )

    return name


def member_columns(
    identity: bool, category_label: Callable[[str], str]
) -> list[Column[MemberRecord]]:
    """`identity`: the actor may see identity numbers (law 09-08), so the CIN column exists."""
    columns: list[Column[MemberRecord]] = [
        Column("number", N_("No."), lambda r: r.number, Align.NUMBER, MemberOrder.NUMBER, 64),
        Column(
            "name_ar",
            N_("Name (Arabic)"),
            _name_in("ar"),
            Align.ARABIC,
            MemberOrder.NAME_AR,
            190,
            stretch=True,
        ),
        Column(
            "name_lat",
            N_("Name (Latin letters)"),
            _name_in("fr"),
            Align.LATIN,
            MemberOrder.NAME_LAT,
            190,
            stretch=True,
        ),
        Column("category", N_("Category"), lambda r: category_label(r.category_code), width=120),
        Column(
            "status",
            N_("Status"),
            status_label,
            Align.TEXT,
            MemberOrder.STATUS,
            96,
        ),
        Column("city", N_("City"), _city, Align.TEXT, MemberOrder.CITY, 96),
        Column("phone", N_("Phone"), lambda r: display_phone(r.phone), width=112),
        Column(
            "join_date",
            N_("Joined"),
            lambda r: format_date(r.join_date),
            Align.CENTER,
            MemberOrder.JOIN_DATE,
            88,
        ),
    ]
    if identity:
        columns.insert(3, Column("id_number", N_("CIN"), lambda r: ltr(r.id_number), width=88))
    return columns
