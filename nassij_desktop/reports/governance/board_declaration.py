"""The declaration letter to the local authority of the association's seat (Dahir 1-58-376,
art. 5), addressed to the official of the authority the profile names (the caïd, the pacha, the
chief of the annex or of the district): who declares, what the general assembly decided, the
board, what is enclosed.

Three cases (`DeclarationCase`): the founding declaration (the first board, elected by the
constitutive assembly: the constitutive file, with the statutes adopted and the list of the
founders and their article-5 data in an annex); a renewal (a new term, compared with the
previous term's board on its last day, or listed whole when no earlier board is recorded); a
change during the term (a seat that started or ended after the term began; the latest one).
A term that has ended is refused: its board was declared in its day.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.association.authorities import AuthorityKind
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import Conflict
from nassij_desktop.core.common.names import in_sentence
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.board_data import (
    MissingData,
    board_missing_data,
    founders,
    founding_assembly,
)
from nassij_desktop.core.governance.declarations import declaration_deadline
from nassij_desktop.core.governance.history import (
    AssemblyRef,
    BoardChange,
    Person,
    Seat,
    assembly_held_on,
    assembly_ref,
    board_changes,
    board_on,
    elected_assembly,
    find_term,
    latest_change_day,
    previous_term,
    seat_order,
    term_day,
    term_seats,
)
from nassij_desktop.core.governance.models import BoardTerm
from nassij_desktop.core.members.nationalities import nationality_name
from nassij_desktop.core.members.professions import profession_name
from nassij_desktop.i18n import N_, _, current_language, translate_in
from nassij_desktop.i18n.formatting import format_date, isolate
from nassij_desktop.reports.engine import Column, ReportDocument
from nassij_desktop.reports.governance.board_list import signature_blocks
from nassij_desktop.reports.governance.layout import (
    AssociationInfo,
    Authority,
    Frame,
    address_text,
    assembly_described,
    birth_text,
    change_columns,
    change_row,
    id_document_text,
    of_place,
    read_frame,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult


class DeclarationCase(enum.StrEnum):
    """What a term's letter declares."""

    FOUNDING = "founding"  # the constitutive file: the board the constitutive assembly elected
    RENEWAL = "renewal"  # a new term, compared with the previous one
    CHANGE = "change"  # a change of seats during the term


@dataclass(frozen=True)
class BoardDeclarationData:
    frame: Frame
    term_id: int
    case: DeclarationCase
    changed_on: dt.date
    assembly: AssemblyRef | None  # the assembly that decided it, when one is recorded
    board: tuple[Seat, ...]  # the board after the change
    changes: tuple[BoardChange, ...]
    previous_recorded: bool  # a renewal: the previous board is in the file to compare with
    founders: tuple[Person, ...]  # the founding declaration: the constitutive assembly's members
    deadline: dt.date
    authority: Authority

    @property
    def renewal(self) -> bool:
        """A new term (the founding board is one too), as opposed to a change during it."""
        return self.case is not DeclarationCase.CHANGE

    @property
    def president(self) -> Seat | None:
        return next((s for s in self.board if s.role_code == "president"), None)


def refuse_past_term(term: BoardTerm, today: dt.date) -> None:
    """A term that has ended was declared in its day: a declaration now, signed today by its
    former president, would declare a board that no longer exists."""
    if term.ends_on is not None and term.ends_on < today:
        raise Conflict(
            _(
                "The board of term {id} left office on {date}: it can no longer be declared. "
                "Declare the board in office (the current term)."
            ).format(id=term.id, date=format_date(term.ends_on, current_language()))
        )


def build_board_declaration_data(
    session: Session, term_id: int | None = None, today: dt.date | None = None
) -> BoardDeclarationData:
    frame = read_frame(session, today)
    term = find_term(session, term_id, frame.generated_on)
    refuse_past_term(term, frame.generated_on)
    seats = term_seats(session, term)
    as_of = term_day(term, frame.generated_on)
    changed_on = latest_change_day(term, seats, as_of)
    founders_list: list[Person] = []
    previous_recorded = True
    if changed_on is not None:
        case = DeclarationCase.CHANGE
        before = board_on(seats, changed_on - dt.timedelta(days=1))
        assembly = assembly_held_on(session, changed_on)
    else:
        changed_on = term.starts_on
        before = []
        constitutive = founding_assembly(session, term)
        if constitutive is not None:
            case = DeclarationCase.FOUNDING
            assembly = constitutive
            founders_list = founders(session, constitutive)
        else:
            case = DeclarationCase.RENEWAL
            previous = previous_term(session, term)
            previous_recorded = previous is not None
            if previous is not None:
                before = board_on(term_seats(session, previous), term_day(previous, term.starts_on))
            assembly = elected_assembly(session, term) or assembly_held_on(session, changed_on)
    after = board_on(seats, changed_on)
    decided_on = assembly.held_on if assembly is not None else changed_on
    return BoardDeclarationData(
        frame=frame,
        term_id=term.id,
        case=case,
        changed_on=changed_on,
        assembly=assembly_ref(assembly),
        board=tuple(after),
        # A founding board, or one with no earlier board recorded, is listed whole instead.
        changes=(
            tuple(board_changes(before, after))
            if case is not DeclarationCase.FOUNDING and previous_recorded
            else ()
        ),
        previous_recorded=previous_recorded,
        founders=tuple(founders_list),
        deadline=declaration_deadline(
            session, term.id, assembly.id if assembly else None, decided_on
        ),
        authority=frame.authority,
    )


# --------------------------------------------------------------------------- wording

# Per kind of authority: the addressee, the salutation and the closing formula. French names
# the official ("Monsieur le Pacha"); Arabic opens every letter to the administration with
# the same greeting and names the official in the closing ("السيد الباشا").
_ADDRESSEES = {
    AuthorityKind.CAIDAT: N_("To Mr. the Caïd {of_place}"),
    AuthorityKind.PACHALIK: N_("To Mr. the Pacha {of_place}"),
    AuthorityKind.ANNEXE: N_("To Mr. the Chief of the administrative annex {place}"),
    AuthorityKind.DISTRICT: N_("To Mr. the Chief of the district {of_place}"),
    None: N_("To Mr. the representative of the local authority in {place}"),
}
_SALUTATIONS = {
    AuthorityKind.CAIDAT: N_("Dear Caïd,"),
    AuthorityKind.PACHALIK: N_("Dear Pacha,"),
    AuthorityKind.ANNEXE: N_("Dear Chief of the administrative annex,"),
    AuthorityKind.DISTRICT: N_("Dear Chief of the district,"),
    None: N_("Dear Sir,"),
}
_CLOSINGS = {
    AuthorityKind.CAIDAT: N_("Please accept, Mr. Caïd, the assurance of our highest regard."),
    AuthorityKind.PACHALIK: N_("Please accept, Mr. Pacha, the assurance of our highest regard."),
    AuthorityKind.ANNEXE: N_(
        "Please accept, Mr. Chief of the annex, the assurance of our highest regard."
    ),
    AuthorityKind.DISTRICT: N_(
        "Please accept, Mr. Chief of the district, the assurance of our highest regard."
    ),
    None: N_("Please accept, Sir, the assurance of our highest regard."),
}


def addressee(data: BoardDeclarationData, lang: Lang) -> str:
    return authority_addressee(data.authority, lang)


def authority_addressee(authority: Authority, lang: Lang) -> str:
    """ "To Mr. the Pacha of Moulay Yacoub": the official of the local authority the profile
    names (the board declaration and the declaration of a change of the statutes)."""
    place = authority.place_name(lang)
    # French elides "de" before a vowel ("d'Erfoud"); the Arabic wording takes the bare name.
    return translate_in(lang, _ADDRESSEES[authority.kind]).format(
        of_place=in_sentence(of_place(place, lang), lang), place=in_sentence(place, lang)
    )


def salutation(authority: Authority, lang: Lang) -> str:
    return translate_in(lang, _SALUTATIONS[authority.kind])


def closing(authority: Authority, lang: Lang) -> str:
    return translate_in(lang, _CLOSINGS[authority.kind])


def subject(data: BoardDeclarationData, lang: Lang) -> str:
    if data.case is DeclarationCase.FOUNDING:
        return translate_in(lang, "Declaration of the constitution of the association")
    if data.case is DeclarationCase.RENEWAL:
        return translate_in(lang, "Declaration of the renewal of the association's board")
    return translate_in(lang, "Declaration of a change in the composition of the board")


def association_subject(name: str, lang: Lang) -> str:
    """The association as the subject of the letter's sentence: "L'Association Al Amal…" in
    French (the article the name lacks; "L'association Tilila" when the name does not say
    "Association"), "جمعية تيليلا" in Arabic."""
    if lang == "fr":
        if name.casefold().startswith("association"):
            return f"L'{name}"
        return f"L'association {name}"
    if not name.startswith("جمعية"):
        return f"جمعية {name}"
    return name


def body(data: BoardDeclarationData, lang: Lang) -> str:
    association = data.frame.association
    if data.case is DeclarationCase.FOUNDING:
        assert data.assembly is not None  # the founding board is elected by that assembly
        text = translate_in(
            lang,
            "{association}, whose seat is at {seat}, has the honour to declare to you, in "
            "application of article 5 of Dahir no. 1-58-376 of 15 November 1958 regulating the "
            "right of association, as amended and supplemented, its constitution, decided by "
            "{assembly}, which adopted its statutes and elected its board.",
        )
        return text.format(
            association=association_named(association, lang),
            seat=seat_named(association, lang),
            assembly=assembly_described(data.assembly, lang),
        )
    if data.case is DeclarationCase.RENEWAL:
        change = translate_in(lang, "the renewal of its board")
    else:
        change = translate_in(lang, "a change in the composition of its board")
    if data.assembly is not None:
        decision = translate_in(lang, "in accordance with the decision of {assembly}")
        decision = decision.format(assembly=assembly_described(data.assembly, lang))
    else:
        decision = translate_in(lang, "with effect from {date}").format(
            date=format_date(data.changed_on, lang, "long")
        )
    return declaring(data.frame, change, decision, lang)


def association_named(association: AssociationInfo, lang: Lang) -> str:
    """The association as the subject of a letter's sentence ("L'Association …")."""
    return in_sentence(association_subject(association.name(lang), lang), lang)


def seat_named(association: AssociationInfo, lang: Lang) -> str:
    # The seat starts with a house number: isolated, so that it reads in its own direction
    # and is not glued to the Arabic preposition before it.
    return isolate(association.address(lang) or association.place(lang), "auto")


def receipt_clause(association: AssociationInfo, lang: Lang) -> str:
    """ ", holder of the final receipt no. … of …" ("" before the receipt is delivered)."""
    if not association.receipt_number:
        return ""
    number = isolate(association.receipt_number, "ltr")
    if association.receipt_date is not None:
        receipt = translate_in(lang, ", holder of the final receipt no. {number} of {date}")
        return receipt.format(number=number, date=format_date(association.receipt_date, lang))
    return translate_in(lang, ", holder of the final receipt no. {number}").format(number=number)


def declaring(frame: Frame, change: str, decision: str, lang: Lang) -> str:
    """ "{association}, whose seat is at …, holder of the final receipt …, has the honour to
    declare to you, in application of article 5 of Dahir no. 1-58-376 …, {change}, {decision}."
    (the board declaration and the declaration of a change of the statutes)."""
    association = frame.association
    text = translate_in(
        lang,
        "{association}, whose seat is at {seat}{receipt}, has the honour to declare to you, "
        "in application of article 5 of Dahir no. 1-58-376 of 15 November 1958 regulating the "
        "right of association, as amended and supplemented, {change}, {decision}.",
    )
    return text.format(
        association=association_named(association, lang),
        seat=seat_named(association, lang),
        receipt=receipt_clause(association, lang),
        change=change,
        decision=decision,
    )


def enclosures(data: BoardDeclarationData, lang: Lang) -> list[str]:
    items = []
    if data.assembly is not None:
        items.append(
            translate_in(lang, "Minutes of {assembly}").format(
                assembly=assembly_described(data.assembly, lang)
            )
        )
    if data.case is DeclarationCase.FOUNDING:
        items.append(translate_in(lang, "The statutes adopted by the constitutive assembly"))
        items.append(translate_in(lang, "List of the founding members (annexed)"))
        items.append(translate_in(lang, "List of the members of the board"))
    else:
        items.append(translate_in(lang, "List of the members of the new board"))
    items.append(translate_in(lang, "Copies of the national identity cards of the board members"))
    return items


def declarant(president: Seat, lang: Lang) -> str:
    person = president.person
    values = {"name": person.sentence_name(lang), "role": president.title(lang)}
    identity = id_document_text(person, lang)
    if not identity:
        return translate_in(lang, "Declarant: {name}, {role}.").format(**values)
    text = translate_in(lang, "Declarant: {name}, {role}, CIN no. {cin}.")
    return text.format(cin=isolate(identity, "ltr"), **values)


def board_columns(lang: Lang) -> list[Column]:
    return [
        Column(translate_in(lang, "Full name"), 2.6),
        Column(translate_in(lang, "Role on the board"), 2.0),
    ]


def founder_columns(lang: Lang) -> list[Column]:
    return [
        # Portrait: "Nationalité" and "Marocaine" must fit whole.
        Column(translate_in(lang, "Name and first name"), 1.85),
        Column(translate_in(lang, "Date and place of birth"), 1.45),
        Column(translate_in(lang, "Nationality"), 1.2),
        Column(translate_in(lang, "Profession"), 1.25),
        Column(translate_in(lang, "Address"), 1.85),
        Column(translate_in(lang, "CIN no."), 1.1),
    ]


def founder_row(person: Person, lang: Lang) -> list[str]:
    name = person.listed_name(lang)
    other = person.other_listed_name(lang)
    return [
        f"{name}\n{other}" if other else name,
        birth_text(person, lang),
        nationality_name(person.nationality, person.gender, lang),
        profession_name(person.profession, lang),
        address_text(person, lang),
        id_document_text(person, lang),
    ]


def render_board_declaration(data: BoardDeclarationData, lang: Lang, path: Path) -> int:
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Declaration to the local authority"),
        hijri=lang == "ar",  # letters to the administration carry both dates in Arabic
        hijri_offset_days=frame.hijri_offset_days,
        generated_on=frame.generated_on,
    )
    doc.heading(addressee(data, lang), level=2)
    object_line = translate_in(lang, "Subject: {subject}").format(subject=subject(data, lang))
    doc.heading(object_line, level=3)
    doc.paragraph(salutation(data.authority, lang))
    doc.paragraph(body(data, lang))

    board_rows = [[s.person.name(lang), s.title(lang)] for s in seat_order(data.board, lang)]
    if data.case is DeclarationCase.FOUNDING:
        doc.heading(translate_in(lang, "The board elected by the constitutive assembly"), level=3)
        doc.table(board_columns(lang), board_rows)
    elif not data.previous_recorded:
        # No earlier board in the file to compare with: the new board itself, not a list of
        # everyone "joining".
        doc.heading(translate_in(lang, "Composition of the new board"), level=3)
        doc.table(board_columns(lang), board_rows)
    else:
        doc.heading(translate_in(lang, "Changes compared with the previous board"), level=3)
        if data.changes:
            doc.table(change_columns(lang), [change_row(change, lang) for change in data.changes])
        else:
            doc.paragraph(
                translate_in(lang, "The members of the board and their roles are unchanged.")
            )

    doc.heading(translate_in(lang, "Enclosed documents"), level=3)
    doc.paragraph("\n".join(f"– {item}" for item in enclosures(data, lang)))

    president = data.president
    if president is not None:
        doc.paragraph(declarant(president, lang))
    # What the association needs back: the receipt of the filing (وصل الإيداع), its proof
    # that the declaration was made in time. The deadline itself is the dashboard's reminder,
    # not something to tell the authority.
    doc.paragraph(translate_in(lang, "We kindly ask you to deliver us the receipt of this filing."))
    with doc.keep_together():
        doc.paragraph(closing(data.authority, lang))
        doc.date_line(place=frame.association.place(lang))
        doc.signatures(signature_blocks(president, lang))
    if data.case is DeclarationCase.FOUNDING and data.founders:
        doc.new_page()
        doc.heading(translate_in(lang, "Annex: list of the founding members"), level=3)
        founders_sorted = sorted(data.founders, key=lambda p: p.sort_key(lang))
        doc.table(founder_columns(lang), [founder_row(p, lang) for p in founders_sorted])
    doc.save(path)
    return doc.page_count


def board_declaration_report(
    session: Session, actor: Actor, request: ReportRequest
) -> ReportResult:
    """The declaration letter for term `request.record_id` (default: the current term). It
    prints the declarant's CIN number, so it needs the right to see members' identity."""
    actor.require(Permission.GOVERNANCE_READ)
    actor.require(Permission.MEMBERS_IDENTITY)
    data = build_board_declaration_data(session, request.record_id)
    pages = render_board_declaration(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)


def board_declaration_gaps(
    session: Session, actor: Actor, request: ReportRequest
) -> list[MissingData]:
    """The article-5 data the register lacks for the people the letter declares (the board;
    the founders too in the founding declaration); refuses a past term as the letter does."""
    term = find_term(session, request.record_id, clock.today())
    refuse_past_term(term, clock.today())
    return board_missing_data(session, actor, term.id, with_founders=True)
