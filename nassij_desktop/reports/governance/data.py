"""What the governance documents (board list, board declaration, assembly minutes) share: the
board of a term on a given day, the people on it as plain values, the changes between two
boards, and names, places and nationalities written in the document's language.

Everything here is read from the database into frozen dataclasses; the renderers never see an
ORM object. A board "on a day" holds the seats that started on or before that day and end after
it: a seat that ends on the day of an assembly was replaced at that assembly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import sqlalchemy as sa
from babel import Locale
from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name as place_name
from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.association.settings import get_setting
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.names import (
    display_name,
    has_arabic,
    join_names,
    other_script_name,
    sort_name,
)
from nassij_desktop.core.governance.models import (
    ASSEMBLY_KIND_LABELS,
    AssemblyKind,
    AssemblyStatus,
    BoardTerm,
    GeneralAssembly,
)
from nassij_desktop.core.members.models import (
    Gender,
    IdentityDocument,
    Member,
)
from nassij_desktop.i18n import N_, _, translate_in
from nassij_desktop.i18n.formatting import LOCALES, format_date
from nassij_desktop.reports.engine import (
    Column,
    Letterhead,
    ReportDocument,
    letterhead_from_association,
)

# --------------------------------------------------------------------------- plain values


@dataclass(frozen=True)
class Person:
    """A member as the governance documents print them: names in both scripts, identity."""

    member_id: int
    number: str
    first_name_ar: str
    last_name_ar: str
    first_name_lat: str
    last_name_lat: str
    gender: str | None  # "m", "f"
    birth_date: dt.date | None
    birth_place: str
    nationality: str  # ISO 3166 alpha-2
    id_document: str  # IdentityDocument value
    id_number: str
    profession: str
    address: str
    city: str

    def name(self, lang: str) -> str:
        """First name then last name, in the document's script (the other one if missing)."""
        return display_name(
            lang, self.first_name_ar, self.last_name_ar, self.first_name_lat, self.last_name_lat
        )

    def listed_name(self, lang: str) -> str:
        """Last name then first name ("nom et prénom"), as lists for the authorities have it."""
        return display_name(
            lang,
            self.first_name_ar,
            self.last_name_ar,
            self.first_name_lat,
            self.last_name_lat,
            family_first=True,
        )

    def sort_key(self, lang: str) -> tuple[str, str]:
        """Where the person comes in a list for the reader of `lang`: by the folded name
        (core.common.names.sort_name, as the members list), then by member number."""
        key = sort_name(
            lang, self.first_name_ar, self.last_name_ar, self.first_name_lat, self.last_name_lat
        )
        return key, self.number

    def other_listed_name(self, lang: str) -> str:
        """The name in the other script, or "" when there is none."""
        return other_script_name(
            lang,
            join_names(self.first_name_ar, self.last_name_ar, family_first=True),
            join_names(self.first_name_lat, self.last_name_lat, family_first=True),
        )

    def sentence_name(self, lang: str) -> str:
        """The name for a sentence of the document: isolated when its script is not the
        document's, so a Latin name keeps its order inside Arabic text (and vice versa)."""
        return display_name(
            lang,
            self.first_name_ar,
            self.last_name_ar,
            self.first_name_lat,
            self.last_name_lat,
            isolated=True,
        )

    @property
    def female(self) -> bool:
        return self.gender == Gender.FEMALE.value


# The shipped board roles (core.association_file) in the feminine; a label the
# association typed itself is printed as it is.
FEMININE_ROLES = {
    "الرئيس": "الرئيسة",
    "نائب الرئيس": "نائبة الرئيس",
    "الكاتب العام": "الكاتبة العامة",
    "نائب الكاتب العام": "نائبة الكاتب العام",
    "أمين المال": "أمينة المال",
    "نائب أمين المال": "نائبة أمين المال",
    "مستشار": "مستشارة",
    "Président": "Présidente",
    "Vice-président": "Vice-présidente",
    "Secrétaire général": "Secrétaire générale",
    "Secrétaire général adjoint": "Secrétaire générale adjointe",
    "Trésorier": "Trésorière",
    "Trésorier adjoint": "Trésorière adjointe",
    "Conseiller": "Conseillère",
}


@dataclass(frozen=True)
class Seat:
    role_code: str
    role_ar: str
    role_fr: str
    role_position: int
    person: Person
    starts_on: dt.date
    ends_on: dt.date | None

    def role(self, lang: str) -> str:
        """The role's label, in the feminine for a woman when it is a shipped label."""
        label = self.role_ar if lang == "ar" else self.role_fr
        return FEMININE_ROLES.get(label, label) if self.person.female else label


@dataclass(frozen=True)
class AssemblyRef:
    """An assembly named in a document: "the ordinary general assembly of 26 April 2025"."""

    id: int
    kind: str  # AssemblyKind value
    held_on: dt.date

    def kind_label(self, lang: str) -> str:
        return translate_in(lang, ASSEMBLY_KIND_LABELS[AssemblyKind(self.kind)])

    def described(self, lang: str) -> str:
        text = translate_in(lang, "the {assembly} held on {date}")
        return text.format(
            assembly=lowercase_first(self.kind_label(lang), lang),
            date=format_date(self.held_on, lang, "long"),
        )


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
class Frame:
    """What every governance document needs besides its own content."""

    letterhead: Letterhead
    association: AssociationInfo
    generated_on: dt.date
    hijri_offset_days: int


@dataclass(frozen=True)
class BoardChange:
    """One line of the difference between two boards. `kind` is joined, left or role."""

    kind: str
    person: Person
    before_ar: str  # the roles held before, "" for someone who joined
    before_fr: str
    after_ar: str
    after_fr: str

    def role_before(self, lang: str) -> str:
        return self.before_ar if lang == "ar" else self.before_fr

    def role_after(self, lang: str) -> str:
        return self.after_ar if lang == "ar" else self.after_fr


JOINED, LEFT, ROLE_CHANGED = "joined", "left", "role"
CHANGE_LABELS = {
    JOINED: N_("Joined the board"),
    LEFT: N_("Left the board"),
    ROLE_CHANGED: N_("Changed role"),
}


# --------------------------------------------------------------------------- reading


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
        generated_on=today or dt.date.today(),
        hijri_offset_days=int(get_setting(session, "dates.hijri_offset_days")),
    )


def person_of(member: Member) -> Person:
    return Person(
        member_id=member.id,
        number=member.number,
        first_name_ar=member.first_name_ar or "",
        last_name_ar=member.last_name_ar or "",
        first_name_lat=member.first_name_lat or "",
        last_name_lat=member.last_name_lat or "",
        gender=member.gender.value if member.gender else None,
        birth_date=member.birth_date,
        birth_place=member.birth_place or "",
        nationality=member.nationality or "MA",
        id_document=member.id_document.value,
        id_number=member.id_number or "",
        profession=member.profession or "",
        address=member.address or "",
        city=member.city or "",
    )


def people(session: Session, member_ids: Iterable[int]) -> dict[int, Person]:
    ids = {i for i in member_ids if i is not None}
    if not ids:
        return {}
    members = session.scalars(sa.select(Member).where(Member.id.in_(ids)))
    return {m.id: person_of(m) for m in members}


def term_seats(session: Session, term: BoardTerm) -> list[Seat]:
    """Every seat of the term, past and present, ordered by role then start."""
    seats = list(term.seats)
    persons = people(session, (s.member_id for s in seats))
    out = [
        Seat(
            role_code=s.role.code,
            role_ar=s.role.label_ar,
            role_fr=s.role.label_fr,
            role_position=s.role.position,
            person=persons[s.member_id],
            starts_on=s.starts_on,
            ends_on=s.ends_on,
        )
        for s in seats
    ]
    return seat_order(out, "fr")


def seat_order(seats: Iterable[Seat], lang: str) -> list[Seat]:
    """Seats by role, then start, then name for the reader of `lang` (holders of one role,
    such as the advisers, in the order of the members list)."""
    return sorted(seats, key=lambda s: (s.role_position, s.starts_on, s.person.sort_key(lang)))


def board_on(seats: Sequence[Seat], day: dt.date) -> list[Seat]:
    """The seats held on `day`: started on or before it, not ended before it (`ends_on` is the
    last day a seat or term is held, as in core.governance)."""
    return [s for s in seats if s.starts_on <= day and (s.ends_on is None or s.ends_on >= day)]


def term_day(term: BoardTerm, today: dt.date) -> dt.date:
    """The day a term's board is shown for: today for a running term, its last day once
    ended (a seat ending with the term ends on the term's end date)."""
    if term.ends_on is not None and term.ends_on < today:
        return term.ends_on
    return max(term.starts_on, today)


def find_term(session: Session, term_id: int | None, today: dt.date) -> BoardTerm:
    """The term asked for, or the current one: the latest starting that has not ended."""
    if term_id is not None:
        term = session.get(BoardTerm, term_id)
        if term is None:
            raise NotFound(_("There is no board term number {id}.").format(id=term_id))
        return term
    term = session.scalar(
        sa.select(BoardTerm)
        .where(BoardTerm.starts_on <= today)
        .where(sa.or_(BoardTerm.ends_on.is_(None), BoardTerm.ends_on >= today))
        .order_by(BoardTerm.starts_on.desc(), BoardTerm.id.desc())
        .limit(1)
    )
    if term is None:
        raise NotFound(
            _("There is no current board: record the board elected by the general assembly first.")
        )
    return term


def previous_term(session: Session, term: BoardTerm) -> BoardTerm | None:
    return session.scalar(
        sa.select(BoardTerm)
        .where(BoardTerm.id != term.id)
        .where(BoardTerm.starts_on < term.starts_on)
        .order_by(BoardTerm.starts_on.desc(), BoardTerm.id.desc())
        .limit(1)
    )


def assembly_ref(assembly: GeneralAssembly | None) -> AssemblyRef | None:
    if assembly is None:
        return None
    return AssemblyRef(id=assembly.id, kind=assembly.kind.value, held_on=assembly.held_on)


def elected_assembly(session: Session, term: BoardTerm) -> GeneralAssembly | None:
    if term.elected_by_id is None:
        return None
    return session.get(GeneralAssembly, term.elected_by_id)


def assembly_held_on(session: Session, day: dt.date) -> GeneralAssembly | None:
    """The general assembly held on `day`, if one was (the one that changed the board)."""
    return session.scalar(
        sa.select(GeneralAssembly)
        .where(GeneralAssembly.held_on == day)
        .where(GeneralAssembly.status == AssemblyStatus.HELD)
        .order_by(GeneralAssembly.id.desc())
        .limit(1)
    )


def board_changes(before: Sequence[Seat], after: Sequence[Seat]) -> list[BoardChange]:
    """Who joined, who left and who changed role between two boards, in the new board's
    order (then the leavers in the old board's order)."""

    def roles(seats: Sequence[Seat]) -> dict[int, list[Seat]]:
        out: dict[int, list[Seat]] = {}
        for seat in seats:
            out.setdefault(seat.person.member_id, []).append(seat)
        return out

    def labels(seats: Sequence[Seat], lang: str) -> str:
        separator = "، " if lang == "ar" else ", "
        return separator.join(s.role(lang) for s in seats)

    old, new = roles(before), roles(after)
    changes: list[BoardChange] = []
    for member_id, seats in new.items():
        previous = old.get(member_id)
        codes = sorted(s.role_code for s in seats)
        if previous is not None and sorted(s.role_code for s in previous) == codes:
            continue
        kind = JOINED if previous is None else ROLE_CHANGED
        changes.append(
            BoardChange(
                kind=kind,
                person=seats[0].person,
                before_ar=labels(previous or [], "ar"),
                before_fr=labels(previous or [], "fr"),
                after_ar=labels(seats, "ar"),
                after_fr=labels(seats, "fr"),
            )
        )
    for member_id, seats in old.items():
        if member_id not in new:
            changes.append(
                BoardChange(
                    kind=LEFT,
                    person=seats[0].person,
                    before_ar=labels(seats, "ar"),
                    before_fr=labels(seats, "fr"),
                    after_ar="",
                    after_fr="",
                )
            )
    return changes


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


# --------------------------------------------------------------------------- layout


def keep_for_signatures(doc: ReportDocument, lines: int = 0, hijri: bool = False) -> None:
    """Start a new page unless `lines` lines of text, the date line and a signature block
    with its stamp zone fit on this one: a page holding only signatures proves nothing.
    The engine keeps each block whole but not the three together."""
    line = doc.sizes.body * 0.3528 * doc.sizes.line
    height = (lines + 2 + (1 if hijri else 0)) * line + 8  # text and date line
    height += 2 * line + 28 + 14  # role, name, stamp zone, spacing
    canvas = doc.canvas
    if canvas.y + height > canvas.page_break_trigger:
        doc.new_page()


# --------------------------------------------------------------------------- words


def lowercase_first(text: str, lang: str) -> str:
    """ "Assemblée générale ordinaire" → "assemblée générale ordinaire" inside a French
    sentence; Arabic has no case."""
    return text[:1].lower() + text[1:] if lang == "fr" and text else text


def of_place(place: str, lang: str) -> str:
    """French "de Tiznit" / "d'Erfoud" before a place name; Arabic takes the name as it is."""
    if lang != "fr":
        return place
    return f"d'{place}" if place and place[0].upper() in "AEIOUYÉÈÊÂÎÔ" else f"de {place}"


@cache
def _professions() -> dict[str, tuple[str, str]]:
    """The shipped profession labels, masculine and feminine, to their labels in both
    languages per gender: "Femme au foyer" → ("ربة بيت", "Femme au foyer")."""
    # The demo generator and the member form share this list and its gendering rules.
    from nassij_desktop.core.members.professions import profession_label, professions

    out: dict[str, tuple[str, str]] = {}
    for profession in professions().values():
        for gender in Gender:
            pair = (
                profession_label(profession, gender, "ar"),
                profession_label(profession, gender, "fr"),
            )
            for label in pair:
                out.setdefault(label.casefold(), pair)
    return out


def profession_name(profession: str, lang: str) -> str:
    pair = _professions().get(profession.strip().casefold())
    if pair is None:
        return profession
    return pair[0] if lang == "ar" else pair[1]


NATIONALITY_LABELS = {
    ("MA", False): N_("Moroccan"),
    ("MA", True): N_("Moroccan (feminine)"),
}


def nationality_name(person: Person, lang: str) -> str:
    """ "مغربي" / "Marocaine" for Moroccans; the country's name for others."""
    code = person.nationality.upper()
    label = NATIONALITY_LABELS.get((code, person.female))
    if label is not None:
        return translate_in(lang, label)
    return str(Locale.parse(LOCALES[lang]).territories.get(code, code))


ID_DOCUMENT_LABELS = {
    IdentityDocument.RESIDENCE_CARD.value: N_("Residence card"),
    IdentityDocument.PASSPORT.value: N_("Passport"),
}


def id_document_text(person: Person, lang: str) -> str:
    """The CIN number; a residence card or passport number says which it is."""
    if not person.id_number:
        return ""
    label = ID_DOCUMENT_LABELS.get(person.id_document)
    if label is None:
        return person.id_number
    return f"{person.id_number} ({translate_in(lang, label)})"


def birth_text(person: Person, lang: str) -> str:
    """ "01/10/1971 – Zagora": date and place of birth in one cell."""
    place = place_name(person.birth_place, lang)
    when = format_date(person.birth_date, lang) if person.birth_date else ""
    if when and place:
        return translate_in(lang, "{date} in {place}").format(date=when, place=place)
    return when or place


def address_text(person: Person, lang: str) -> str:
    """The address with its city, the city written in the address's own script."""
    if not person.address:
        return place_name(person.city, lang)
    arabic = has_arabic(person.address)
    city = place_name(person.city, "ar" if arabic else "fr")
    if city and city.casefold() not in person.address.casefold():
        return f"{person.address}{'، ' if arabic else ', '}{city}"
    return person.address


def time_text(value: dt.time | None, lang: str) -> str:
    """15:00 in Arabic, 15 h 00 in French (as Moroccan French papers write it)."""
    if value is None:
        return ""
    if lang == "fr":
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"
    return f"{value.hour:02d}:{value.minute:02d}"
