"""What the declarations to the local authority ask of each person (Dahir 1-58-376, art. 5:
name, nationality, date and place of birth, profession, address, and the CIN) and what the
member register lacks of it, per board member, before the board list or a declaration is
produced: the list the screen shows in its confirmation and the CLI prints on stderr.

The founders of the association (present or represented at the constitutive assembly) are
listed too when the document is the founding declaration, whose file lists them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.history import (
    Person,
    Seat,
    board_on,
    find_term,
    people,
    seat_order,
    term_day,
    term_seats,
)
from nassij_desktop.core.governance.models import (
    AssemblyAttendance,
    AssemblyKind,
    Attendance,
    BoardTerm,
    GeneralAssembly,
)
from nassij_desktop.i18n import N_, translate_in

# The article-5 data, in the order of the board list's columns.
ARTICLE5_FIELDS: dict[str, str] = {
    "name": N_("full name"),
    "nationality": N_("nationality"),
    "id_number": N_("CIN number"),
    "birth_date": N_("birth date"),
    "birth_place": N_("birth place"),
    "profession": N_("profession"),
    "address": N_("address"),
}


def missing_fields(person: Person) -> tuple[str, ...]:
    """The article-5 fields `person` lacks (keys of ARTICLE5_FIELDS). A full name is a first
    and a family name in one script at least; an address is a street address in either
    script (a city alone is not one)."""
    full_name = (person.first_name_ar and person.last_name_ar) or (
        person.first_name_lat and person.last_name_lat
    )
    present = {
        "name": bool(full_name),
        "nationality": bool(person.nationality),
        "id_number": bool(person.id_number),
        "birth_date": person.birth_date is not None,
        "birth_place": bool(person.birth_place),
        "profession": bool(person.profession),
        "address": bool(person.address or person.address_ar),
    }
    return tuple(field for field in ARTICLE5_FIELDS if not present[field])


@dataclass(frozen=True)
class MissingData:
    """One person of the document and the article-5 fields the register lacks for them."""

    person: Person
    roles_ar: str  # "الرئيس", "" for a founder who holds no seat
    roles_fr: str
    fields: tuple[str, ...]  # keys of ARTICLE5_FIELDS

    def roles(self, lang: str) -> str:
        return self.roles_ar if lang == "ar" else self.roles_fr

    def field_labels(self, lang: str) -> list[str]:
        return [translate_in(lang, ARTICLE5_FIELDS[field]) for field in self.fields]

    def sentence(self, lang: str) -> str:
        """ "Sghir Mahjouba (Présidente): address, profession" in `lang`."""
        separator = "، " if lang == "ar" else ", "
        who = self.person.name(lang)
        roles = self.roles(lang) or translate_in(lang, "founder")
        return translate_in(lang, "{name} ({roles}): {fields}").format(
            name=who, roles=roles, fields=separator.join(self.field_labels(lang))
        )


def founding_assembly(session: Session, term: BoardTerm) -> GeneralAssembly | None:
    """The constitutive assembly that elected `term`, when `term` is the founding board."""
    if term.elected_by_id is None:
        return None
    assembly = session.get(GeneralAssembly, term.elected_by_id)
    if assembly is None or assembly.kind is not AssemblyKind.CONSTITUTIVE:
        return None
    return assembly


def founders(session: Session, assembly: GeneralAssembly) -> list[Person]:
    """The members present or represented at the constitutive assembly, in the order of the
    members list for a French reader (the documents sort again for theirs)."""
    ids = session.scalars(
        sa.select(AssemblyAttendance.member_id)
        .where(AssemblyAttendance.assembly_id == assembly.id)
        .where(AssemblyAttendance.attendance.in_((Attendance.PRESENT, Attendance.PROXY)))
    )
    found = people(session, ids)
    return sorted(found.values(), key=lambda p: p.sort_key("fr"))


def _gaps(seats: list[Seat], extra: list[Person], lang_order: str = "fr") -> list[MissingData]:
    by_person: dict[int, list[Seat]] = {}
    order: list[Person] = []
    for seat in seat_order(seats, lang_order):
        if seat.person.member_id not in by_person:
            order.append(seat.person)
        by_person.setdefault(seat.person.member_id, []).append(seat)
    order += [p for p in extra if p.member_id not in by_person]
    out = []
    for person in order:
        fields = missing_fields(person)
        if not fields:
            continue
        held = by_person.get(person.member_id, [])
        out.append(
            MissingData(
                person=person,
                roles_ar="، ".join(s.title("ar") for s in held),
                roles_fr=", ".join(s.title("fr") for s in held),
                fields=fields,
            )
        )
    return out


def board_missing_data(
    session: Session,
    actor: Actor,
    term_id: int | None = None,
    *,
    with_founders: bool = False,
    today: dt.date | None = None,
) -> list[MissingData]:
    """Per person of the board of term `term_id` (default: the current term) as the board
    list shows it, the article-5 data the register lacks; with `with_founders`, the founders
    too when the term is the founding board. Empty: the documents can be produced whole."""
    actor.require(Permission.GOVERNANCE_READ)
    actor.require(Permission.MEMBERS_IDENTITY)
    today = today or clock.today()
    term = find_term(session, term_id, today)
    seats = board_on(term_seats(session, term), term_day(term, today))
    extra: list[Person] = []
    if with_founders:
        assembly = founding_assembly(session, term)
        if assembly is not None:
            extra = founders(session, assembly)
    return _gaps(seats, extra)
