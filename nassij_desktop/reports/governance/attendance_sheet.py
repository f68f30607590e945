"""The attendance sheet members sign on arrival at a general assembly (ورقة الحضور / feuille
de présence): a header naming the assembly (kind, date, time, place), then a line per voting
member on the assembly's day — number, member number, name in the document's script, a
column for the member holding their proxy and one to sign — ordered by name as the register
orders names for that reader (`Member.sort_name_ar` / `sort_name_lat`), and a footer with the
totals to fill in at the close of the list (the members entitled to vote and the quorum
required are printed: they follow from the register and the assembly's record).

The lines are the roll the quorum counts (`assemblies.attendance_roll`), so the sheet, the
governance screen and the minutes name the same members. Pages are drawn as a listing: an
association of thousands of members gets its sheet in seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.history import AssemblyRef, assembly_ref, convened_assembly
from nassij_desktop.core.governance.quorum import quorum_needed, quorum_words
from nassij_desktop.core.governance.records import CHAIR_LABEL, SECRETARY_LABEL, PersonRef
from nassij_desktop.core.governance.services import attendance_roll
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date, format_number
from nassij_desktop.reports.engine import Column, ReportDocument, SignatureBlock
from nassij_desktop.reports.governance.layout import (
    Frame,
    read_frame,
    time_text,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

SIGNING_ROOM = "\n"  # two lines high: room for a signature


@dataclass(frozen=True)
class AttendanceSheetData:
    frame: Frame
    assembly: AssemblyRef
    starts_at: dt.time | None
    place: Bilingual
    quorum: Fraction
    members: tuple[PersonRef, ...]  # the voting members, in the order of the document's names

    @property
    def voting(self) -> int:
        return len(self.members)

    @property
    def quorum_needed(self) -> int:
        return quorum_needed(self.voting, self.quorum)


def build_attendance_sheet_data(
    session: Session,
    actor: Actor,
    lang: Lang,
    assembly_id: int | None = None,
    today: dt.date | None = None,
) -> AttendanceSheetData:
    """The sheet of assembly `assembly_id` (default: the latest convened) for a reader of
    `lang`: the names are ordered for that reader."""
    frame = read_frame(session, today)
    assembly = convened_assembly(session, assembly_id)
    roll = attendance_roll(session, actor, assembly.id, lang)
    ref = assembly_ref(assembly)
    assert ref is not None
    return AttendanceSheetData(
        frame=frame,
        assembly=ref,
        starts_at=assembly.starts_at,
        place=assembly.place,
        quorum=assembly.quorum,
        members=tuple(line.member for line in roll if line.voting),
    )


# --------------------------------------------------------------------------- drawing


def header_facts(data: AttendanceSheetData, lang: Lang) -> list[tuple[str, str]]:
    when = format_date(data.assembly.held_on, lang, "long")
    if data.starts_at is not None:
        when = translate_in(lang, "{date} at {time}").format(
            date=when, time=time_text(data.starts_at, lang)
        )
    facts = [
        (translate_in(lang, "Kind of assembly"), data.assembly.kind_label(lang)),
        (translate_in(lang, "Date and time"), when),
        (translate_in(lang, "Place"), data.place.text(lang)),
    ]
    return [(label, value) for label, value in facts if value]


def columns(lang: Lang) -> list[Column]:
    return [
        Column(translate_in(lang, "No."), 0.6, "center"),
        Column(translate_in(lang, "Member no."), 1.1, "center"),
        Column(translate_in(lang, "Full name"), 2.8),
        Column(translate_in(lang, "Represented by"), 2.6),
        Column(translate_in(lang, "Signature"), 2.2),
    ]


def rows(members: Sequence[PersonRef], lang: Lang) -> Iterator[list[str]]:
    for number, person in enumerate(members, start=1):
        yield [str(number), person.number, person.name(lang), "", SIGNING_ROOM]


def totals(data: AttendanceSheetData, lang: Lang) -> list[tuple[str, str]]:
    """What the secretary fills in when the list closes; what is known is printed."""
    needed = translate_in(lang, "{count}, i.e. {quorum} of the members entitled to vote").format(
        count=format_number(data.quorum_needed, lang), quorum=quorum_words(data.quorum, lang)
    )
    return [
        (translate_in(lang, "Members entitled to vote"), format_number(data.voting, lang)),
        (translate_in(lang, "Members present"), ""),
        (translate_in(lang, "Represented by proxy"), ""),
        (translate_in(lang, "Present or represented"), ""),
        (translate_in(lang, "Quorum required"), needed),
    ]


def render_attendance_sheet(data: AttendanceSheetData, lang: Lang, path: Path) -> int:
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Attendance sheet"),
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    doc.key_values(header_facts(data, lang), label_share=0.25)
    doc.paragraph(
        translate_in(
            lang,
            "Each member present signs on their line; a member represented by proxy is signed "
            "for by the proxy holder, whose name is written in the column provided.",
        ),
        size=doc.sizes.small,
    )
    doc.listing(columns(lang), rows(data.members, lang))
    # The totals, the date and the signatures together: the officers sign the figures.
    with doc.keep_together():
        doc.heading(translate_in(lang, "Totals at the close of the list"), level=3)
        doc.key_values(totals(data, lang), label_share=0.4)
        doc.date_line(place=frame.association.place(lang), on=data.assembly.held_on)
        doc.signatures(
            [
                SignatureBlock(translate_in(lang, CHAIR_LABEL)),
                SignatureBlock(translate_in(lang, SECRETARY_LABEL)),
            ]
        )
    doc.save(path)
    return doc.page_count


def attendance_sheet_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The attendance sheet of assembly `request.record_id` (default: the latest convened)."""
    actor.require(Permission.GOVERNANCE_READ)
    data = build_attendance_sheet_data(session, actor, request.lang, request.record_id)
    pages = render_attendance_sheet(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
