"""What the governance documents (board list, board declaration, assembly minutes) share on
the page: the association and letterhead every one of them starts with, the table of board
changes, and how a person's birth, address, identity document or an assembly are worded in the
document's language. (A signature block is kept with its text by the engine's
`ReportDocument.keep_together`.)

The board, its seats and changes and the assemblies are read by
`core/governance/history.py`; names, roles, statuses, places, professions and nationalities
by core's functions (`core/common/names.py`, `core/common/gendered.py`,
`core/governance/roles.py`, `core/association/places.py`, `core/members/professions.py`,
`core/members/nationalities.py`), which the screens call too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from nassij_desktop.core.association.authorities import (
    AuthorityKind,
    authority_kind,
    recognise_authority,
)
from nassij_desktop.core.association.models import Association
from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.association.settings import get_setting
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.names import has_arabic
from nassij_desktop.core.governance.declarations import latest_authority_name
from nassij_desktop.core.governance.history import (
    CHANGE_LABELS,
    AssemblyRef,
    BoardChange,
    Person,
)
from nassij_desktop.core.members.models import IDENTITY_DOCUMENT_LABELS, IdentityDocument
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.engine import (
    Column,
    Letterhead,
    letterhead_from_association,
)

# --------------------------------------------------------------------------- the frame


@dataclass(frozen=True)
class AssociationInfo:
    """The association as the governance documents name it."""

    name_ar: str
    name_fr: str
    address_ar: str
    address_fr: str
    city: str
    commune: str
    receipt_number: str
    receipt_date: dt.date | None

    def name(self, lang: str) -> str:
        return self.name_ar if lang == "ar" else self.name_fr

    def address(self, lang: str) -> str:
        if lang == "ar":
            return self.address_ar or self.address_fr
        return self.address_fr or self.address_ar

    def place(self, lang: str) -> str:
        """The city of the seat in the document's language (for "Done at …")."""
        return place_name(self.city or self.commune, lang)

    def seat_commune(self, lang: str) -> str:
        return place_name(self.commune or self.city, lang)


@dataclass(frozen=True)
class Authority:
    """The local authority the declarations are addressed to: its kind (None: not known) and
    the place it is named after (core/association/authorities.py)."""

    kind: AuthorityKind | None
    place: str

    def place_name(self, lang: str) -> str:
        return place_name(self.place, lang)


@dataclass(frozen=True)
class Frame:
    """What every governance document needs besides its own content."""

    letterhead: Letterhead
    association: AssociationInfo
    generated_on: dt.date
    hijri_offset_days: int
    authority: Authority
    term_years: int  # the term length the statutes set


def read_authority(session: Session, association: Association) -> Authority:
    """The profile's authority; for a file whose profile does not say it, the one the latest
    filed declaration was lodged with, when its name says its kind; else the seat's commune
    with no kind (a letter "to the representative of the local authority")."""
    kind = authority_kind(association.authority_kind)
    place = association.authority_place or ""
    if kind is None:
        recognised = recognise_authority(latest_authority_name(session))
        if recognised is not None:
            kind = recognised.kind
            place = place or recognised.place
    return Authority(kind, place or association.commune or association.city or "")


def read_frame(session: Session, today: dt.date | None = None) -> Frame:
    association = get_association(session)
    info = AssociationInfo(
        name_ar=association.name_ar,
        name_fr=association.name_fr,
        address_ar=association.address_ar or "",
        address_fr=association.address_fr or "",
        city=association.city or "",
        commune=association.commune or "",
        receipt_number=association.receipt_number or "",
        receipt_date=association.receipt_date,
    )
    return Frame(
        letterhead=letterhead_from_association(session),
        association=info,
        generated_on=today or clock.today(),
        hijri_offset_days=int(get_setting(session, "dates.hijri_offset_days")),
        authority=read_authority(session, association),
        term_years=int(get_setting(session, "governance.term_years")),
    )


# --------------------------------------------------------------------------- tables and blocks


def change_columns(lang: str) -> list[Column]:
    return [
        Column(translate_in(lang, "Full name"), 2.2),
        Column(translate_in(lang, "Change"), 1.5),
        Column(translate_in(lang, "Previous role"), 1.6),
        Column(translate_in(lang, "New role"), 1.6),
    ]


def change_row(change: BoardChange, lang: str) -> list[str]:
    return [
        change.person.name(lang),
        translate_in(lang, CHANGE_LABELS[change.kind]),
        change.role_before(lang) or "—",
        change.role_after(lang) or "—",
    ]


# --------------------------------------------------------------------------- words


def lowercase_first(text: str, lang: str) -> str:
    """ "Assemblée générale ordinaire" → "assemblée générale ordinaire" inside a French
    sentence; Arabic has no case."""
    return text[:1].lower() + text[1:] if lang == "fr" and text else text


def assembly_described(assembly: AssemblyRef, lang: str) -> str:
    """ "the ordinary general assembly held on 26 April 2025", inside a sentence."""
    text = translate_in(lang, "the {assembly} held on {date}")
    return text.format(
        assembly=lowercase_first(assembly.kind_label(lang), lang),
        date=format_date(assembly.held_on, lang, "long"),
    )


def of_place(place: str, lang: str) -> str:
    """French "de Tiznit" / "d'Erfoud" before a place name; Arabic takes the name as it is."""
    if lang != "fr":
        return place
    return f"d'{place}" if place and place[0].upper() in "AEIOUYÉÈÊÂÎÔ" else f"de {place}"


def id_document_text(person: Person, lang: str) -> str:
    """The CIN number; a residence card or passport number says which it is."""
    if not person.id_number:
        return ""
    document = IdentityDocument(person.id_document)
    if document is IdentityDocument.CIN:
        return person.id_number
    label = translate_in(lang, IDENTITY_DOCUMENT_LABELS[document])
    return f"{person.id_number} ({label})"


def birth_text(person: Person, lang: str) -> str:
    """ "01/10/1971 – Zagora": date and place of birth in one cell."""
    place = place_name(person.birth_place, lang)
    when = format_date(person.birth_date, lang) if person.birth_date else ""
    if when and place:
        return translate_in(lang, "{date} in {place}").format(date=when, place=place)
    return when or place


def address_text(person: Person, lang: str) -> str:
    """The address in the document's language (else the other one) with its city, the city
    written in the address's own script."""
    address = person.address_in(lang)
    if not address:
        return place_name(person.city, lang)
    arabic = has_arabic(address)
    city = place_name(person.city, "ar" if arabic else "fr")
    if city and city.casefold() not in address.casefold():
        return f"{address}{'، ' if arabic else ', '}{city}"
    return address


def time_text(value: dt.time | None, lang: str) -> str:
    """15:00 in Arabic, 15 h 00 in French (as Moroccan French papers write it)."""
    if value is None:
        return ""
    if lang == "fr":
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"
    return f"{value.hour:02d}:{value.minute:02d}"
