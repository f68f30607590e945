"""The minutes of a general assembly (محضر الجمع العام / procès-verbal de l'assemblée générale):
when, where, who chaired, attendance and quorum, the agenda and its proceedings, each resolution
with its votes, the board elected or changed that day, then the chair's and secretary's
signatures. A long attendance list goes to an annex after the signatures.

The attendance list is the assembly's roll (`assemblies.roll_lines`): every voting member on
the day, present, represented (by whom) or absent, said in the member's gender, then the
members without a vote who were recorded. Its lines are the members the quorum counts, so the
list and the counts printed above it agree; those present sign in its last column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.names import in_sentence
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.assemblies import roll_lines
from nassij_desktop.core.governance.history import (
    AssemblyRef,
    BoardChange,
    Person,
    Seat,
    assembly_ref,
    board_of_assembly,
    held_assembly,
    people,
    seat_order,
)
from nassij_desktop.core.governance.models import Attendance
from nassij_desktop.core.governance.quorum import compute_quorum, quorum_words
from nassij_desktop.core.governance.records import (
    ATTENDANCE_LABELS,
    CHAIR_LABEL,
    SECRETARY_LABEL,
    AttendanceRecord,
    PersonRef,
)
from nassij_desktop.i18n import NG_, translate_in
from nassij_desktop.i18n.formatting import format_date, format_number
from nassij_desktop.reports.engine import Column, ReportDocument, SignatureBlock
from nassij_desktop.reports.governance.layout import (
    Frame,
    assembly_described,
    change_columns,
    change_row,
    read_frame,
    time_text,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

LANGS: tuple[Lang, ...] = ("ar", "fr")
ANNEX_FROM = 13  # attendance lists this long go to an annex instead of the body
# Said of the chair: "la présidente de séance a levé la séance", "رفعت رئيسة الجلسة".
CLOSING = NG_(
    "The agenda having been exhausted, the chair closed the meeting. These minutes have "
    "been drawn up to serve as and when required."
)


# Said of the member represented: "ممثَّلة من طرف …", "Représentée par …".
REPRESENTED_BY = NG_("Represented by {name}")


@dataclass(frozen=True)
class AttendanceLine:
    """One line of the roll: a voting member (or a member without a vote who was recorded)
    with their attendance; a voting member with nothing recorded is absent."""

    person: PersonRef
    attendance: str  # Attendance value
    proxy_holder: PersonRef | None
    voting: bool = True


def attendance_line(record: AttendanceRecord) -> AttendanceLine:
    attendance = record.attendance or Attendance.ABSENT
    return AttendanceLine(record.member, attendance.value, record.proxy_holder, record.voting)


@dataclass(frozen=True)
class AgendaLine:
    position: int
    title: Bilingual  # each text in Arabic and/or French, printed in the document's language
    discussion: Bilingual


@dataclass(frozen=True)
class ResolutionLine:
    position: int
    text: Bilingual
    votes_for: int
    votes_against: int
    votes_abstain: int
    adopted: bool

    @property
    def unanimous(self) -> bool:
        return self.adopted and self.votes_against == 0 and self.votes_abstain == 0


@dataclass(frozen=True)
class AssemblyMinutesData:
    frame: Frame
    assembly: AssemblyRef
    convened_on: dt.date | None
    starts_at: dt.time | None
    place: Bilingual
    chair: Person | None
    secretary: Person | None
    voting_members: int
    quorum: Fraction  # the share of the voting members the statutes ask for
    quorum_needed: int
    present: int
    represented: int  # by proxy
    excused: int
    absent: int  # voting members neither present, represented nor excused
    quorum_reached: bool
    notes: Bilingual
    # The roll in the order of each reader's names (the register's sort keys).
    attendance_ar: tuple[AttendanceLine, ...]
    attendance_fr: tuple[AttendanceLine, ...]
    agenda: tuple[AgendaLine, ...]
    resolutions: tuple[ResolutionLine, ...]
    elected_board: tuple[Seat, ...]  # a term elected by this assembly
    board_changes: tuple[BoardChange, ...]  # seats changed during a term on this day

    @property
    def attending(self) -> int:
        return self.present + self.represented

    def attendance(self, lang: str) -> tuple[AttendanceLine, ...]:
        return self.attendance_ar if lang == "ar" else self.attendance_fr


def build_assembly_minutes_data(
    session: Session, assembly_id: int | None = None, today: dt.date | None = None
) -> AssemblyMinutesData:
    frame = read_frame(session, today)
    assembly = held_assembly(session, assembly_id)
    persons = people(
        session,
        [i for i in (assembly.chair_member_id, assembly.secretary_member_id) if i is not None],
    )
    # The roll, once per reader's order of names: a line per voting member, then the
    # members without a vote who were recorded.
    roll = {
        lang: tuple(map(attendance_line, roll_lines(session, assembly, lang))) for lang in LANGS
    }
    # The same figures as the governance screen (core.governance.quorum): only voting
    # members count towards the quorum.
    quorum = compute_quorum(session, assembly)
    voting, present, represented = quorum.voting, quorum.present, quorum.represented
    excused = sum(
        1 for line in roll["fr"] if line.voting and line.attendance == Attendance.EXCUSED.value
    )
    elected, changes = board_of_assembly(session, assembly)
    ref = assembly_ref(assembly)
    assert ref is not None
    return AssemblyMinutesData(
        frame=frame,
        assembly=ref,
        convened_on=assembly.convened_on,
        starts_at=assembly.starts_at,
        place=assembly.place,
        chair=persons.get(assembly.chair_member_id) if assembly.chair_member_id else None,
        secretary=(
            persons.get(assembly.secretary_member_id) if assembly.secretary_member_id else None
        ),
        voting_members=voting,
        quorum=assembly.quorum,
        quorum_needed=quorum.needed,
        present=present,
        represented=represented,
        excused=excused,
        absent=max(voting - present - represented - excused, 0),
        # What the secretary recorded wins (a second call needs no quorum); else the count.
        quorum_reached=(
            assembly.quorum_reached if assembly.quorum_reached is not None else quorum.reached
        ),
        notes=assembly.notes,
        attendance_ar=roll["ar"],
        attendance_fr=roll["fr"],
        agenda=tuple(
            AgendaLine(item.position, item.title, item.discussion) for item in assembly.agenda
        ),
        resolutions=tuple(
            ResolutionLine(
                position=r.position,
                text=r.text,
                votes_for=r.votes_for,
                votes_against=r.votes_against,
                votes_abstain=r.votes_abstain,
                adopted=r.adopted,
            )
            for r in assembly.resolutions
        ),
        elected_board=tuple(elected),
        board_changes=tuple(changes),
    )


# --------------------------------------------------------------------------- wording


def title(data: AssemblyMinutesData, lang: Lang) -> str:
    return translate_in(lang, "Minutes of {assembly}").format(
        assembly=assembly_described(data.assembly, lang)
    )


def when_text(data: AssemblyMinutesData, lang: Lang) -> str:
    day = format_date(data.assembly.held_on, lang, "long")
    if data.starts_at is None:
        return day
    return translate_in(lang, "{date} at {time}").format(
        date=day, time=time_text(data.starts_at, lang)
    )


def chair_title(data: AssemblyMinutesData, lang: Lang) -> str:
    """رئيس الجلسة / رئيسة الجلسة, Président(e) de séance."""
    return gendered(CHAIR_LABEL, data.chair.gender if data.chair else None, lang)


def secretary_title(data: AssemblyMinutesData, lang: Lang) -> str:
    return gendered(SECRETARY_LABEL, data.secretary.gender if data.secretary else None, lang)


def attendance_text(line: AttendanceLine, lang: Lang) -> str:
    """حاضرة / Présente, "Représenté par …", absent: in the member's gender."""
    gender = line.person.gender
    if line.attendance == Attendance.PROXY.value:
        holder = line.proxy_holder.name(lang) if line.proxy_holder else ""
        return gendered(REPRESENTED_BY, gender, lang).format(name=in_sentence(holder, lang))
    return gendered(ATTENDANCE_LABELS[Attendance(line.attendance)], gender, lang)


def result_text(resolution: ResolutionLine, lang: Lang) -> str:
    if resolution.unanimous:
        return translate_in(lang, "Adopted unanimously")
    if resolution.adopted:
        return translate_in(lang, "Adopted by majority")
    return translate_in(lang, "Rejected")


def quorum_facts(data: AssemblyMinutesData, lang: Lang) -> list[tuple[str, str]]:
    def number(value: int) -> str:
        return format_number(value, lang)

    # "162, i.e. two thirds (2/3) of the members entitled to vote"
    needed = translate_in(lang, "{count}, i.e. {quorum} of the members entitled to vote").format(
        count=number(data.quorum_needed), quorum=quorum_words(data.quorum, lang)
    )
    reached = (
        translate_in(lang, "Reached") if data.quorum_reached else translate_in(lang, "Not reached")
    )
    return [
        (translate_in(lang, "Members entitled to vote"), number(data.voting_members)),
        (translate_in(lang, "Members present"), number(data.present)),
        (translate_in(lang, "Represented by proxy"), number(data.represented)),
        (translate_in(lang, "Members excused"), number(data.excused)),
        (translate_in(lang, "Members absent"), number(data.absent)),
        (translate_in(lang, "Present or represented"), number(data.attending)),
        (translate_in(lang, "Quorum required"), needed),
        (translate_in(lang, "Quorum"), reached),
    ]


def signature_cell(line: AttendanceLine) -> str:
    """Room to sign for a member present (two lines high), a dash for anyone else."""
    return "\n" if line.attendance == Attendance.PRESENT.value else "—"


def attendance_table(doc: ReportDocument, lines: Sequence[AttendanceLine], lang: Lang) -> None:
    """The roll: number, name, member number, attendance, and a signature column."""
    columns = [
        Column(translate_in(lang, "No."), 0.6, "center"),
        Column(translate_in(lang, "Full name"), 2.6),
        Column(translate_in(lang, "Member no."), 1.1, "center"),
        Column(translate_in(lang, "Attendance"), 3.0),
        Column(translate_in(lang, "Signature"), 1.6, "center"),
    ]
    rows = (
        [
            str(i),
            line.person.name(lang),
            line.person.number,
            attendance_text(line, lang),
            signature_cell(line),
        ]
        for i, line in enumerate(lines, start=1)
    )
    doc.listing(columns, rows)


def attendance_tables(doc: ReportDocument, data: AssemblyMinutesData, lang: Lang) -> None:
    """The voting members' roll, then those without a vote who were recorded, if any."""
    lines = data.attendance(lang)
    attendance_table(doc, [line for line in lines if line.voting], lang)
    others = [line for line in lines if not line.voting]
    if others:
        doc.heading(translate_in(lang, "Also recorded, without a vote"), level=3)
        attendance_table(doc, others, lang)


def render_assembly_minutes(data: AssemblyMinutesData, lang: Lang, path: Path) -> int:
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=title(data, lang),
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    facts = [
        (translate_in(lang, "Kind of assembly"), data.assembly.kind_label(lang)),
        (
            translate_in(lang, "Convened on"),
            format_date(data.convened_on, lang, "long") if data.convened_on else "",
        ),
        (translate_in(lang, "Date and time"), when_text(data, lang)),
        (translate_in(lang, "Place"), data.place.text(lang)),
        (chair_title(data, lang), data.chair.name(lang) if data.chair else ""),
        (secretary_title(data, lang), data.secretary.name(lang) if data.secretary else ""),
    ]
    doc.key_values([(label, value) for label, value in facts if value], label_share=0.3)

    doc.heading(translate_in(lang, "Attendance and quorum"), level=2)
    doc.key_values(quorum_facts(data, lang), label_share=0.4)
    if data.notes:
        # A key/value cell, not a paragraph: the note may be in the other script (written
        # only in that one).
        doc.key_values([(translate_in(lang, "Remarks"), data.notes.text(lang))], label_share=0.2)
    annex = len(data.attendance(lang)) >= ANNEX_FROM
    if annex:
        doc.paragraph(translate_in(lang, "The attendance list is annexed to these minutes."))
    elif data.attendance(lang):
        doc.heading(translate_in(lang, "Attendance list"), level=3)
        attendance_tables(doc, data, lang)

    if data.agenda:
        # One table for the agenda and what was said on each item, in the document's language
        # (else the other: `Bilingual.text`): a table cell takes the direction of its own
        # text, so an item written only in French reads right inside an Arabic document.
        doc.heading(translate_in(lang, "Agenda and proceedings"), level=2)
        discussed = any(item.discussion for item in data.agenda)
        columns = [
            Column(translate_in(lang, "No."), 0.7, "center"),
            Column(translate_in(lang, "Item"), 3.2 if discussed else 8),
        ]
        if discussed:
            columns.append(Column(translate_in(lang, "Proceedings"), 4.8))
        rows = [
            [
                str(item.position),
                item.title.text(lang),
                *([item.discussion.text(lang)] if discussed else []),
            ]
            for item in data.agenda
        ]
        doc.table(columns, rows)

    if data.resolutions:
        doc.heading(translate_in(lang, "Resolutions"), level=2)
        columns = [
            Column(translate_in(lang, "No."), 0.7, "center"),
            Column(translate_in(lang, "Resolution"), 3.6),
            Column(translate_in(lang, "For"), 0.8, "center"),
            Column(translate_in(lang, "Against"), 0.8, "center"),
            Column(translate_in(lang, "Abstentions"), 1.3, "center"),
            Column(translate_in(lang, "Result"), 1.9),
        ]
        rows = [
            [
                str(r.position),
                r.text.text(lang),
                format_number(r.votes_for, lang),
                format_number(r.votes_against, lang),
                format_number(r.votes_abstain, lang),
                result_text(r, lang),
            ]
            for r in data.resolutions
        ]
        doc.table(columns, rows)

    if data.elected_board:
        doc.heading(translate_in(lang, "Board elected by the assembly"), level=2)
        doc.table(
            [
                Column(translate_in(lang, "Role on the board"), 1.2),
                Column(translate_in(lang, "Full name"), 2),
            ],
            [
                [seat.title(lang), seat.person.name(lang)]
                for seat in seat_order(data.elected_board, lang)
            ],
        )
    if data.board_changes:
        doc.heading(translate_in(lang, "Changes to the board decided by the assembly"), level=2)
        doc.table(change_columns(lang), [change_row(c, lang) for c in data.board_changes])

    # The closing, the date and the signatures on one page: a page of signatures alone
    # proves nothing.
    with doc.keep_together():
        doc.paragraph(gendered(CLOSING, data.chair.gender if data.chair else None, lang))
        doc.date_line(place=frame.association.place(lang), on=data.assembly.held_on)
        doc.signatures(
            [
                SignatureBlock(
                    chair_title(data, lang), data.chair.name(lang) if data.chair else ""
                ),
                SignatureBlock(
                    secretary_title(data, lang),
                    data.secretary.name(lang) if data.secretary else "",
                ),
            ]
        )
    if annex:
        doc.new_page()
        doc.heading(translate_in(lang, "Annex: attendance list"), level=2)
        attendance_tables(doc, data, lang)
    doc.save(path)
    return doc.page_count


def assembly_minutes_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The minutes of assembly `request.record_id` (default: the latest held assembly)."""
    actor.require(Permission.GOVERNANCE_READ)
    data = build_assembly_minutes_data(session, request.record_id)
    pages = render_assembly_minutes(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
