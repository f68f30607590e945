"""The covering letter declaring a change of the statutes to the local authority of the
association's seat (Dahir 1-58-376, art. 5: any change of the statutes is declared within one
month, in the same form as the creation): who declares, which assembly decided it and what it
adopted, what is enclosed, and the request for the receipt of the filing. It follows the board
declaration letter (`board_declaration.py`), whose wording it shares.

The declaration is the one an extraordinary assembly owes once it has changed the statutes
(`core.governance.declarations.record_declaration_due`, kind `statutes_change`); the letter
is about that assembly (by default the latest such declaration's). The president of the board
on the assembly's day declares, with their CIN number: the letter needs the identity right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.history import (
    AssemblyRef,
    Seat,
    assembly_ref,
    board_member_on,
    statutes_declaration,
)
from nassij_desktop.i18n import translate_in
from nassij_desktop.reports.engine import Column, ReportDocument
from nassij_desktop.reports.governance.board_declaration import (
    authority_addressee,
    closing,
    declarant,
    declaring,
    salutation,
)
from nassij_desktop.reports.governance.board_list import signature_blocks
from nassij_desktop.reports.governance.layout import (
    Frame,
    assembly_described,
    read_frame,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult


@dataclass(frozen=True)
class StatutesDeclarationData:
    frame: Frame
    declaration_id: int
    assembly: AssemblyRef
    due_on: dt.date | None  # the deadline of the declaration (one month after the assembly)
    adopted: tuple[Bilingual, ...]  # the resolutions the assembly adopted
    president: Seat | None  # the declarant: the president of the board on the assembly's day


def build_statutes_declaration_data(
    session: Session, assembly_id: int | None = None, today: dt.date | None = None
) -> StatutesDeclarationData:
    frame = read_frame(session, today)
    declaration, assembly = statutes_declaration(session, assembly_id)
    ref = assembly_ref(assembly)
    assert ref is not None
    return StatutesDeclarationData(
        frame=frame,
        declaration_id=declaration.id,
        assembly=ref,
        due_on=declaration.due_on,
        adopted=tuple(r.text for r in assembly.resolutions if r.adopted),
        president=board_member_on(session, assembly.held_on, "president"),
    )


# --------------------------------------------------------------------------- wording


def body(data: StatutesDeclarationData, lang: Lang) -> str:
    change = translate_in(lang, "the amendment of its statutes")
    decision = translate_in(lang, "in accordance with the decision of {assembly}").format(
        assembly=assembly_described(data.assembly, lang)
    )
    return declaring(data.frame, change, decision, lang)


def enclosures(data: StatutesDeclarationData, lang: Lang) -> list[str]:
    return [
        translate_in(lang, "Minutes of {assembly}").format(
            assembly=assembly_described(data.assembly, lang)
        ),
        translate_in(lang, "The amended statutes, in three signed copies"),
        translate_in(lang, "List of the members of the board"),
        translate_in(lang, "Copy of the national identity card of the declarant"),
    ]


def render_statutes_declaration(data: StatutesDeclarationData, lang: Lang, path: Path) -> int:
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Declaration to the local authority"),
        hijri=lang == "ar",  # letters to the administration carry both dates in Arabic
        hijri_offset_days=frame.hijri_offset_days,
        generated_on=frame.generated_on,
    )
    doc.heading(authority_addressee(frame.authority, lang), level=2)
    subject = translate_in(lang, "Declaration of a change of the association's statutes")
    doc.heading(translate_in(lang, "Subject: {subject}").format(subject=subject), level=3)
    doc.paragraph(salutation(frame.authority, lang))
    doc.paragraph(body(data, lang))

    if data.adopted:
        doc.heading(translate_in(lang, "Resolutions adopted by the assembly"), level=3)
        doc.table(
            [
                Column(translate_in(lang, "No."), 0.7, "center"),
                Column(translate_in(lang, "Resolution"), 8),
            ],
            [[str(i), text.text(lang)] for i, text in enumerate(data.adopted, start=1)],
        )

    doc.heading(translate_in(lang, "Enclosed documents"), level=3)
    doc.paragraph("\n".join(f"– {item}" for item in enclosures(data, lang)))

    if data.president is not None:
        doc.paragraph(declarant(data.president, lang))
    doc.paragraph(translate_in(lang, "We kindly ask you to deliver us the receipt of this filing."))
    with doc.keep_together():
        doc.paragraph(closing(frame.authority, lang))
        doc.date_line(place=frame.association.place(lang))
        doc.signatures(signature_blocks(data.president, lang))
    doc.save(path)
    return doc.page_count


def statutes_declaration_report(
    session: Session, actor: Actor, request: ReportRequest
) -> ReportResult:
    """The letter declaring the change of the statutes decided by assembly
    `request.record_id` (default: the latest such declaration). It prints the declarant's CIN
    number, so it needs the right to see members' identity."""
    actor.require(Permission.GOVERNANCE_READ)
    actor.require(Permission.MEMBERS_IDENTITY)
    data = build_statutes_declaration_data(session, request.record_id)
    pages = render_statutes_declaration(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
