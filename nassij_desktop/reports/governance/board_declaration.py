"""The covering letter of a board renewal or change, addressed to the local authority of the
association's seat (Dahir 1-58-376, art. 5): who declares, what the general assembly decided,
what changed compared with the board before, what is enclosed, and by when it must be filed.

The change a term's letter declares is the latest one: a change during the term (a seat that
started or ended after the term began) if there was one, otherwise the renewal itself, compared
with the previous term's board on its last day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.names import in_sentence
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.declarations import declaration_deadline
from nassij_desktop.core.governance.history import (
    AssemblyRef,
    BoardChange,
    Seat,
    assembly_held_on,
    assembly_ref,
    board_changes,
    board_on,
    elected_assembly,
    find_term,
    latest_change_day,
    previous_term,
    term_day,
    term_seats,
)
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date, isolate
from nassij_desktop.reports.engine import ReportDocument
from nassij_desktop.reports.governance.board_list import signature_blocks
from nassij_desktop.reports.governance.layout import (
    Frame,
    assembly_described,
    change_columns,
    change_row,
    id_document_text,
    of_place,
    read_frame,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult


@dataclass(frozen=True)
class BoardDeclarationData:
    frame: Frame
    term_id: int
    renewal: bool  # True: a new term; False: a change of seats during the term
    changed_on: dt.date
    assembly: AssemblyRef | None  # the assembly that decided it, when one is recorded
    board: tuple[Seat, ...]  # the board after the change
    changes: tuple[BoardChange, ...]
    deadline: dt.date

    @property
    def president(self) -> Seat | None:
        return next((s for s in self.board if s.role_code == "president"), None)


def build_board_declaration_data(
    session: Session, term_id: int | None = None, today: dt.date | None = None
) -> BoardDeclarationData:
    frame = read_frame(session, today)
    term = find_term(session, term_id, frame.generated_on)
    seats = term_seats(session, term)
    as_of = term_day(term, frame.generated_on)
    changed_on = latest_change_day(term, seats, as_of)
    if changed_on is not None:
        renewal = False
        before = board_on(seats, changed_on - dt.timedelta(days=1))
        assembly = assembly_held_on(session, changed_on)
    else:
        renewal = True
        changed_on = term.starts_on
        previous = previous_term(session, term)
        before = []
        if previous is not None:
            before = board_on(term_seats(session, previous), term_day(previous, term.starts_on))
        assembly = elected_assembly(session, term) or assembly_held_on(session, changed_on)
    after = board_on(seats, changed_on)
    decided_on = assembly.held_on if assembly is not None else changed_on
    return BoardDeclarationData(
        frame=frame,
        term_id=term.id,
        renewal=renewal,
        changed_on=changed_on,
        assembly=assembly_ref(assembly),
        board=tuple(after),
        changes=tuple(board_changes(before, after)),
        deadline=declaration_deadline(
            session, term.id, assembly.id if assembly else None, decided_on
        ),
    )


# --------------------------------------------------------------------------- wording


def addressee(data: BoardDeclarationData, lang: Lang) -> str:
    place = data.frame.association.seat_commune(lang)
    # French elides "de" before a vowel ("d'Erfoud"); the Arabic wording takes the bare name.
    return translate_in(lang, "To Mr. the Caïd {of_place}").format(
        of_place=in_sentence(of_place(place, lang), lang)
    )


def subject(data: BoardDeclarationData, lang: Lang) -> str:
    if data.renewal:
        return translate_in(lang, "Declaration of the renewal of the association's board")
    return translate_in(lang, "Declaration of a change in the composition of the board")


def body(data: BoardDeclarationData, lang: Lang) -> str:
    association = data.frame.association
    receipt = ""
    if association.receipt_number:
        number = isolate(association.receipt_number, "ltr")
        if association.receipt_date is not None:
            receipt = translate_in(lang, ", holder of the final receipt no. {number} of {date}")
            when = format_date(association.receipt_date, lang)
            receipt = receipt.format(number=number, date=when)
        else:
            receipt = translate_in(lang, ", holder of the final receipt no. {number}")
            receipt = receipt.format(number=number)
    if data.renewal:
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
    text = translate_in(
        lang,
        "{association}, whose seat is at {seat}{receipt}, has the honour to declare to you, "
        "in application of article 5 of Dahir no. 1-58-376 of 15 November 1958 regulating the "
        "right of association, as amended and supplemented, {change}, {decision}.",
    )
    return text.format(
        association=in_sentence(association.name(lang), lang),
        seat=in_sentence(association.address(lang) or association.place(lang), lang),
        receipt=receipt,
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
    doc.paragraph(translate_in(lang, "Dear Caïd,"))
    doc.paragraph(body(data, lang))

    doc.heading(translate_in(lang, "Changes compared with the previous board"), level=3)
    if data.changes:
        doc.table(change_columns(lang), [change_row(change, lang) for change in data.changes])
    else:
        doc.paragraph(translate_in(lang, "The members of the board and their roles are unchanged."))

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
        doc.paragraph(
            translate_in(lang, "Please accept, Mr. Caïd, the assurance of our highest regard.")
        )
        doc.date_line(place=frame.association.place(lang))
        doc.signatures(signature_blocks(president, lang))
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
