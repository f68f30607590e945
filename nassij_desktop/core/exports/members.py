"""The members sheet: the whole register (the association export) or the list a search shows
(`export_members`, the members page's "Export…" and `nassij export members`).

Its headers are those an import recognises (see docs/ARCHITECTURE.md, "Exports"): in French
"Nom", "Prénom", "CIN", "Téléphone", "Date de naissance", "Adresse", "Ville", "Profession",
"E-mail", "Date d'adhésion"; in Arabic النسب، الاسم الشخصي، رقم البطاقة الوطنية، الهاتف، تاريخ
الازدياد، العنوان، المدينة، المهنة. A header without a script names the field in the sheet's own
script (French: the Latin name, "Nom"; Arabic: the Arabic name, النسب); the other script's field
says its script ("Nom (arabe)", "النسب (بالحروف اللاتينية)"). Members are read a batch of ids at
a time through `member_rows`, so the identity number, birth date and place are masked
(`records.masked_record`) for a role that may not see them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.exports.tables import Cell, Rows, Sheet
from nassij_desktop.core.exports.writers import write_csv_file, write_xlsx_file
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.search import (
    MemberFilter,
    MemberOrder,
    member_rows,
    search_member_ids,
)
from nassij_desktop.i18n import N_

_ID_BATCH = 1000

MEMBER_HEADERS = (
    N_("Member number"),
    N_("Last name (Latin script)"),
    N_("First name (Latin script)"),
    N_("Last name (Arabic script)"),
    N_("First name (Arabic script)"),
    N_("Gender (m/f)"),
    N_("Identity document"),
    N_("CIN number"),
    N_("Date of birth"),
    N_("Place of birth"),
    N_("Nationality (country code)"),
    N_("Profession"),
    N_("Address (Latin script)"),
    N_("Address (Arabic script)"),
    N_("City"),
    N_("Phone"),
    N_("E-mail"),
    N_("Date joined"),
    N_("Category"),
    N_("Status"),
    N_("Status since"),
    N_("Consent date"),
)
MEMBERS_SHEET_NAME = N_("Members")


def member_cells(record: MemberRecord) -> tuple[Cell, ...]:
    return (
        record.number,
        record.last_name_lat,
        record.first_name_lat,
        record.last_name_ar,
        record.first_name_ar,
        record.gender.value if record.gender else None,
        record.id_document.value,
        record.id_number,
        record.birth_date,
        record.birth_place,
        record.nationality,
        record.profession,
        record.address,
        record.address_ar,
        record.city,
        record.phone,
        record.email,
        record.join_date,
        record.category_code,
        record.status.value,
        record.status_since,
        record.consent_date,
    )


def _records(session: Session, actor: Actor, ids: Sequence[int]) -> Rows:
    for start in range(0, len(ids), _ID_BATCH):
        for record in member_rows(session, actor, ids[start : start + _ID_BATCH]):
            yield member_cells(record)


def members_sheet(
    query: str = "",
    flt: MemberFilter | None = None,
    order: MemberOrder = MemberOrder.NUMBER,
    descending: bool = False,
) -> Sheet:
    """The members matching `query` and `flt`, in `order` (all of them by number by default)."""

    def rows(session: Session, actor: Actor, lang: str) -> Rows:
        ids = search_member_ids(
            session, actor, query, flt or MemberFilter(), order=order, descending=descending
        )
        yield from _records(session, actor, ids)

    return Sheet(
        "members",
        MEMBERS_SHEET_NAME,
        MEMBER_HEADERS,
        lambda actor: actor.can(Permission.MEMBERS_READ),
        rows,
    )


class ExportFormat(enum.StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


def export_members(
    session: Session,
    actor: Actor,
    query: str,
    flt: MemberFilter,
    order: MemberOrder,
    path: Path,
    fmt: ExportFormat = ExportFormat.XLSX,
    *,
    lang: str = "fr",
    descending: bool = False,
) -> int:
    """Write the members list as a search shows it (`query`, `flt`, `order`) to `path` (the
    caller's temporary file: see `output_files.atomic_output`); return how many members."""
    actor.require(Permission.MEMBERS_READ)
    sheet = members_sheet(query, flt, order, descending)
    if fmt is ExportFormat.CSV:
        return write_csv_file(session, actor, sheet, path, lang)
    return write_xlsx_file(session, actor, [sheet], path, lang)[sheet.key]
