"""The board as it stood on a given day, for the governance documents (board list, board
declaration, assembly minutes): every seat of a term with its holder's identity, the board on
a day, the changes between two boards, and the assemblies that decided them.

Everything is read into frozen dataclasses; documents never see an ORM object. A board "on a
day" holds the seats that started on or before that day and end on or after it (`ends_on` is
the last day held, as everywhere in core.governance): a seat that ends the day before an
assembly was replaced at that assembly. The current term is `board.current_term`, the one
definition the Board tab and elections use too.

These are queries for documents, without a permission check of their own: the document's
`*_report` function checks the actor first (governance read; the identity right for the papers
that print CIN numbers), as `quorum.compute_quorum` does for the minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common.errors import Conflict, NotFound
from nassij_desktop.core.common.gendered import is_female
from nassij_desktop.core.common.names import (
    display_name,
    join_names,
    other_script_name,
    sort_name,
)
from nassij_desktop.core.governance.board import current_term
from nassij_desktop.core.governance.models import (
    ASSEMBLY_KIND_LABELS,
    AssemblyKind,
    AssemblyStatus,
    AuthorityDeclaration,
    BoardTerm,
    DeclarationKind,
    GeneralAssembly,
)
from nassij_desktop.core.governance.roles import role_title
from nassij_desktop.core.members.models import Member
from nassij_desktop.i18n import N_, _, translate_in

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
    gender: str | None  # a `Gender` value: "m", "f"
    birth_date: dt.date | None
    birth_place: str
    nationality: str  # ISO 3166 alpha-2
    id_document: str  # IdentityDocument value
    id_number: str
    profession: str
    address: str  # in Latin letters
    city: str
    address_ar: str = ""

    def name(self, lang: str) -> str:
        """First name then family name, in the reader's script (`core.common.names`)."""
        return display_name(
            lang, self.first_name_ar, self.last_name_ar, self.first_name_lat, self.last_name_lat
        )

    def listed_name(self, lang: str) -> str:
        """Family name then first name, for the column "Nom et prénom" of the list the
        authorities ask for (the board list) and for sorting people by family name."""
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
        """`listed_name` in the other script, or "" when there is none."""
        return other_script_name(
            lang,
            join_names(self.first_name_ar, self.last_name_ar, family_first=True),
            join_names(self.first_name_lat, self.last_name_lat, family_first=True),
        )

    def sentence_name(self, lang: str) -> str:
        """The name for a sentence of a document: isolated when its script is not the
        document's, so a Latin name keeps its order inside Arabic text (and vice versa)."""
        return display_name(
            lang,
            self.first_name_ar,
            self.last_name_ar,
            self.first_name_lat,
            self.last_name_lat,
            isolated=True,
        )

    def address_in(self, lang: str) -> str:
        """The address in the reader's script, else the other one ("" when neither)."""
        if lang == "ar":
            return self.address_ar or self.address
        return self.address or self.address_ar

    @property
    def female(self) -> bool:
        return is_female(self.gender)


@dataclass(frozen=True)
class Seat:
    role_code: str
    role_ar: str
    role_fr: str
    role_position: int
    person: Person
    starts_on: dt.date
    ends_on: dt.date | None

    def title(self, lang: str) -> str:
        """The role in the holder's gender (`roles.role_title`): الرئيسة, Trésorière."""
        return role_title(self.role_ar if lang == "ar" else self.role_fr, self.person.gender)


@dataclass(frozen=True)
class AssemblyRef:
    """An assembly named in a document: "the ordinary general assembly of 26 April 2025"."""

    id: int
    kind: str  # AssemblyKind value
    held_on: dt.date

    def kind_label(self, lang: str) -> str:
        return translate_in(lang, ASSEMBLY_KIND_LABELS[AssemblyKind(self.kind)])


JOINED, LEFT, ROLE_CHANGED = "joined", "left", "role"
CHANGE_LABELS = {
    JOINED: N_("Joined the board"),
    LEFT: N_("Left the board"),
    ROLE_CHANGED: N_("Changed role"),
}


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


# --------------------------------------------------------------------------- people


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
        address_ar=member.address_ar or "",
        city=member.city or "",
    )


def people(session: Session, member_ids: Iterable[int | None]) -> dict[int, Person]:
    ids = {i for i in member_ids if i is not None}
    if not ids:
        return {}
    members = session.scalars(sa.select(Member).where(Member.id.in_(ids)))
    return {m.id: person_of(m) for m in members}


# --------------------------------------------------------------------------- terms and seats


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
    """The seats held on `day`: started on or before it, not ended before it."""
    return [s for s in seats if s.starts_on <= day and (s.ends_on is None or s.ends_on >= day)]


def term_day(term: BoardTerm, today: dt.date) -> dt.date:
    """The day a term's board is shown for: today for a running term, its last day once
    ended (a seat ending with the term ends on the term's end date)."""
    if term.ends_on is not None and term.ends_on < today:
        return term.ends_on
    return max(term.starts_on, today)


def find_term(session: Session, term_id: int | None, today: dt.date) -> BoardTerm:
    """The term asked for, or the one running `today` (`board.current_term`)."""
    if term_id is not None:
        term = session.get(BoardTerm, term_id)
        if term is None:
            raise NotFound(_("There is no board term number {id}.").format(id=term_id))
        return term
    term = current_term(session, today)
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


def latest_change_day(term: BoardTerm, seats: Sequence[Seat], as_of: dt.date) -> dt.date | None:
    """The latest day, up to `as_of`, a seat started or ended inside the term (the board
    changed that day), or None when the board is still the one elected."""
    days = {s.starts_on for s in seats if term.starts_on < s.starts_on <= as_of}
    # A seat's `ends_on` is its last day: the board changed the day after.
    days |= {
        s.ends_on + dt.timedelta(days=1)
        for s in seats
        if s.ends_on is not None
        and term.starts_on <= s.ends_on < as_of
        and (term.ends_on is None or s.ends_on < term.ends_on)
    }
    return max(days, default=None)


def board_changes(before: Sequence[Seat], after: Sequence[Seat]) -> list[BoardChange]:
    """Who joined, who left and who changed role between two boards, in the new board's
    order (then the leavers in the old board's order)."""

    def roles(seats: Sequence[Seat]) -> dict[int, list[Seat]]:
        out: dict[int, list[Seat]] = {}
        for seat in seats:
            out.setdefault(seat.person.member_id, []).append(seat)
        return out

    def titles(seats: Sequence[Seat], lang: str) -> str:
        separator = "، " if lang == "ar" else ", "
        return separator.join(s.title(lang) for s in seats)

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
                before_ar=titles(previous or [], "ar"),
                before_fr=titles(previous or [], "fr"),
                after_ar=titles(seats, "ar"),
                after_fr=titles(seats, "fr"),
            )
        )
    for member_id, seats in old.items():
        if member_id not in new:
            changes.append(
                BoardChange(
                    kind=LEFT,
                    person=seats[0].person,
                    before_ar=titles(seats, "ar"),
                    before_fr=titles(seats, "fr"),
                    after_ar="",
                    after_fr="",
                )
            )
    return changes


# --------------------------------------------------------------------------- assemblies


def assembly_ref(assembly: GeneralAssembly | None) -> AssemblyRef | None:
    if assembly is None:
        return None
    return AssemblyRef(id=assembly.id, kind=assembly.kind.value, held_on=assembly.held_on)


def elected_assembly(session: Session, term: BoardTerm) -> GeneralAssembly | None:
    """The assembly that elected `term`, when it is recorded."""
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


def _assembly(session: Session, assembly_id: int) -> GeneralAssembly:
    assembly = session.get(GeneralAssembly, assembly_id)
    if assembly is None:
        raise NotFound(_("There is no general assembly number {id}.").format(id=assembly_id))
    return assembly


def held_assembly(session: Session, assembly_id: int | None) -> GeneralAssembly:
    """Assembly `assembly_id`, or by default the latest held one (the minutes to print)."""
    if assembly_id is not None:
        return _assembly(session, assembly_id)
    assembly = session.scalar(
        sa.select(GeneralAssembly)
        .where(GeneralAssembly.status == AssemblyStatus.HELD)
        .order_by(GeneralAssembly.held_on.desc(), GeneralAssembly.id.desc())
        .limit(1)
    )
    if assembly is None:
        raise NotFound(_("No general assembly has been held yet: there are no minutes to print."))
    return assembly


def board_of_assembly(
    session: Session, assembly: GeneralAssembly
) -> tuple[list[Seat], list[BoardChange]]:
    """What an assembly did to the board: the board it elected (a new term), or else the
    seats it changed in a running term (compared with the day before)."""
    day = assembly.held_on
    elected = session.scalars(
        sa.select(BoardTerm).where(BoardTerm.elected_by_id == assembly.id).order_by(BoardTerm.id)
    ).first()
    if elected is not None:
        return board_on(term_seats(session, elected), elected.starts_on), []
    running = session.scalars(
        sa.select(BoardTerm)
        .where(BoardTerm.starts_on < day)
        .where(sa.or_(BoardTerm.ends_on.is_(None), BoardTerm.ends_on >= day))
    )
    changes: list[BoardChange] = []
    for term in running:
        seats = term_seats(session, term)
        changes += board_changes(board_on(seats, day - dt.timedelta(days=1)), board_on(seats, day))
    return [], changes


def convened_assembly(session: Session, assembly_id: int | None) -> GeneralAssembly:
    """Assembly `assembly_id` for the papers sent before it (the convocation, the attendance
    sheet), or by default the latest one convened and not held yet, else the latest one not
    cancelled. A cancelled assembly has none."""
    assembly: GeneralAssembly | None
    if assembly_id is not None:
        assembly = _assembly(session, assembly_id)
    else:
        latest = (
            sa.select(GeneralAssembly)
            .order_by(GeneralAssembly.held_on.desc(), GeneralAssembly.id.desc())
            .limit(1)
        )
        assembly = session.scalar(
            latest.where(GeneralAssembly.status == AssemblyStatus.CONVENED)
        ) or session.scalar(latest.where(GeneralAssembly.status != AssemblyStatus.CANCELLED))
        if assembly is None:
            raise NotFound(
                _(
                    "No general assembly has been convened yet: convene one on the Board and "
                    "assemblies page."
                )
            )
    if assembly.status is AssemblyStatus.CANCELLED:
        raise Conflict(_("This assembly was cancelled."))
    return assembly


def board_member_on(session: Session, day: dt.date, role_code: str) -> Seat | None:
    """The holder of role `role_code` (the president…) on `day`, with their identity."""
    term = current_term(session, day)
    if term is None:
        return None
    return next(
        (s for s in board_on(term_seats(session, term), day) if s.role_code == role_code), None
    )


def statutes_declaration(
    session: Session, assembly_id: int | None
) -> tuple[AuthorityDeclaration, GeneralAssembly]:
    """The declaration of a change of the statutes owed after assembly `assembly_id` (the
    extraordinary assembly that changed them; `declarations.record_declaration_due`), or by
    default the latest one, with its assembly."""
    query = (
        sa.select(AuthorityDeclaration, GeneralAssembly)
        .join(GeneralAssembly, AuthorityDeclaration.assembly_id == GeneralAssembly.id)
        .where(AuthorityDeclaration.kind == DeclarationKind.STATUTES_CHANGE)
        .order_by(GeneralAssembly.held_on.desc(), AuthorityDeclaration.id.desc())
        .limit(1)
    )
    if assembly_id is not None:
        _assembly(session, assembly_id)  # refused in the same words when there is none
        query = query.where(GeneralAssembly.id == assembly_id)
    row = session.execute(query).first()
    if row is None:
        if assembly_id is not None:
            raise NotFound(_("No change of the statutes is recorded for this assembly."))
        raise NotFound(
            _("No change of the statutes has been recorded: there is no declaration to print.")
        )
    return row[0], row[1]


def term_end(term: BoardTerm, years: int) -> dt.date:
    """The last day of `term`: its recorded end, else the day before the same date `years`
    later (the term length the statutes set, setting "governance.term_years")."""
    if term.ends_on is not None:
        return term.ends_on
    start = term.starts_on
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February, in a year that has none: the term ends on the 28th
        anniversary = dt.date(start.year + years, 3, 1)
    return anniversary - dt.timedelta(days=1)
