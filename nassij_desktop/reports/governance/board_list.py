"""The board list for the local authority (لائحة أعضاء المكتب / liste des membres du bureau):
one row per seat with the identity the Dahir 1-58-376 (art. 5) asks for — name, date and place
of birth, nationality, profession, address, role, CIN — then the president's signature.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.board_data import MissingData, board_missing_data
from nassij_desktop.core.governance.history import (
    AssemblyRef,
    Seat,
    assembly_ref,
    board_on,
    elected_assembly,
    find_term,
    seat_order,
    term_day,
    term_end,
    term_seats,
)
from nassij_desktop.core.members.nationalities import nationality_name
from nassij_desktop.core.members.professions import profession_name
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date
from nassij_desktop.reports.engine import Column, ReportDocument, SignatureBlock
from nassij_desktop.reports.governance.layout import (
    Frame,
    address_text,
    birth_text,
    id_document_text,
    read_frame,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult


@dataclass(frozen=True)
class BoardListData:
    frame: Frame
    term_id: int
    starts_on: dt.date
    ends_on: dt.date | None
    elected_by: AssemblyRef | None
    ends_on_expected: dt.date  # the recorded end, else the one the statutes' term length gives
    as_of: dt.date  # the day the listed seats were held
    seats: tuple[Seat, ...]

    @property
    def president(self) -> Seat | None:
        return next((s for s in self.seats if s.role_code == "president"), None)


def build_board_list_data(
    session: Session, term_id: int | None = None, today: dt.date | None = None
) -> BoardListData:
    """The board of term `term_id` (default: the current term) as held today, or on the last
    day of a term that has ended."""
    frame = read_frame(session, today)
    term = find_term(session, term_id, frame.generated_on)
    as_of = term_day(term, frame.generated_on)
    elected_by = elected_assembly(session, term)
    return BoardListData(
        frame=frame,
        term_id=term.id,
        starts_on=term.starts_on,
        ends_on=term.ends_on,
        ends_on_expected=term_end(term, frame.term_years),
        elected_by=assembly_ref(elected_by),
        as_of=as_of,
        seats=tuple(board_on(term_seats(session, term), as_of)),
    )


def term_text(starts_on: dt.date, ends_on: dt.date, lang: Lang) -> str:
    """ "From 29/11/2025 to 28/11/2029": the end recorded, or the one the term length of the
    statutes gives a running term."""
    return translate_in(lang, "From {start} to {end}").format(
        start=format_date(starts_on, lang), end=format_date(ends_on, lang)
    )


def receipt_text(frame: Frame, lang: Lang) -> str:
    association = frame.association
    if not association.receipt_number:
        return ""
    if association.receipt_date is None:
        return association.receipt_number
    return translate_in(lang, "No. {number} of {date}").format(
        number=association.receipt_number, date=format_date(association.receipt_date, lang)
    )


def elected_text(assembly: AssemblyRef, lang: Lang) -> str:
    return translate_in(lang, "{assembly} held on {date}").format(
        assembly=assembly.kind_label(lang), date=format_date(assembly.held_on, lang, "long")
    )


def seat_row(seat: Seat, lang: Lang) -> list[str]:
    person = seat.person
    name = person.listed_name(lang)
    other = person.other_listed_name(lang)
    return [
        f"{name}\n{other}" if other else name,
        birth_text(person, lang),
        nationality_name(person.nationality, person.gender, lang),
        profession_name(person.profession, lang),
        address_text(person, lang),
        seat.title(lang),
        id_document_text(person, lang),
    ]


def signature_blocks(president: Seat | None, lang: Lang) -> list[SignatureBlock]:
    """The president signs on the far side, as on a letter; the empty first block keeps the
    stamp zone half the page wide."""
    role = president.title(lang) if president else translate_in(lang, "The president")
    name = president.person.name(lang) if president else ""
    return [SignatureBlock("", "", stamp_zone=False), SignatureBlock(role, name)]


def render_board_list(data: BoardListData, lang: Lang, path: Path) -> int:
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "List of the members of the association's board"),
        orientation="landscape",  # seven columns of identity do not fit across A4 portrait
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    # The letterhead already names the association and its seat.
    facts = [
        (translate_in(lang, "Final receipt"), receipt_text(frame, lang)),
        (
            translate_in(lang, "Term of office"),
            term_text(data.starts_on, data.ends_on_expected, lang),
        ),
    ]
    if data.elected_by is not None:
        facts.append((translate_in(lang, "Elected by"), elected_text(data.elected_by, lang)))
    facts.append((translate_in(lang, "Composition on"), format_date(data.as_of, lang, "long")))
    doc.key_values([(label, value) for label, value in facts if value], label_share=0.25)
    columns = [
        Column(translate_in(lang, "Name and first name"), 2.1),
        Column(translate_in(lang, "Date and place of birth"), 1.6),
        Column(translate_in(lang, "Nationality"), 0.9),
        Column(translate_in(lang, "Profession"), 1.6),
        Column(translate_in(lang, "Address"), 2.2),
        Column(translate_in(lang, "Role on the board"), 1.3),
        Column(translate_in(lang, "CIN no."), 1.1),
    ]
    doc.table(columns, [seat_row(seat, lang) for seat in seat_order(data.seats, lang)])
    # The date and the signature never alone on a page: the table's last row goes with them.
    with doc.keep_together():
        doc.date_line(place=frame.association.place(lang))
        doc.signatures(signature_blocks(data.president, lang))
    doc.save(path)
    return doc.page_count


def board_list_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The board list of term `request.record_id` (default: the current term). It prints
    CIN numbers and birth data, so it needs the right to see members' identity."""
    actor.require(Permission.GOVERNANCE_READ)
    actor.require(Permission.MEMBERS_IDENTITY)
    data = build_board_list_data(session, request.record_id)
    pages = render_board_list(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)


def board_list_gaps(session: Session, actor: Actor, request: ReportRequest) -> list[MissingData]:
    """The article-5 data the register lacks for the board the list prints."""
    return board_missing_data(session, actor, request.record_id)
