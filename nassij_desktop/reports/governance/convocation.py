"""The convocation to a general assembly (استدعاء لحضور الجمع العام / convocation à
l'assemblée générale): a letter to the members on the association's letterhead saying which
assembly (ordinary or extraordinary), when, where, its agenda, the quorum the assembly's record
holds and what follows when it is not reached, and how a member who cannot come is represented;
then, below a cut line, the proxy form (وكالة / procuration) such a member fills in and signs.

It is printed for an assembly that has been convened (by default the latest one convened and
not held yet), signed by the president of the board on the day of the convocation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.association.settings import get_setting
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.history import (
    AssemblyRef,
    Seat,
    assembly_ref,
    board_member_on,
    convened_assembly,
)
from nassij_desktop.core.governance.quorum import quorum_words
from nassij_desktop.i18n import translate_in
from nassij_desktop.i18n.formatting import format_date, format_number
from nassij_desktop.reports.engine import Column, ReportDocument, SignatureBlock
from nassij_desktop.reports.governance.board_declaration import association_named
from nassij_desktop.reports.governance.board_list import signature_blocks
from nassij_desktop.reports.governance.layout import (
    Frame,
    lowercase_first,
    read_frame,
    time_text,
)
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

BLANK = "…………………………"  # a space to fill in by hand
PROXY_FORM_HEIGHT = 120  # mm: the cut line and the whole proxy form, kept on one page


@dataclass(frozen=True)
class ConvocationData:
    frame: Frame
    assembly: AssemblyRef
    convened_on: dt.date | None
    starts_at: dt.time | None
    place: Bilingual
    quorum: Fraction  # of the members entitled to vote, as the assembly's record holds it
    agenda: tuple[Bilingual, ...]
    max_proxies: int  # proxies one member present may hold (the statutes; the settings)
    president: Seat | None  # who signs: the president of the board on the convocation's day


def build_convocation_data(
    session: Session, assembly_id: int | None = None, today: dt.date | None = None
) -> ConvocationData:
    frame = read_frame(session, today)
    assembly = convened_assembly(session, assembly_id)
    ref = assembly_ref(assembly)
    assert ref is not None
    signed_on = assembly.convened_on or frame.generated_on
    return ConvocationData(
        frame=frame,
        assembly=ref,
        convened_on=assembly.convened_on,
        starts_at=assembly.starts_at,
        place=assembly.place,
        quorum=assembly.quorum,
        agenda=tuple(item.title for item in assembly.agenda),
        max_proxies=int(get_setting(session, "governance.max_proxies_per_holder")),
        president=board_member_on(session, signed_on, "president"),
    )


# --------------------------------------------------------------------------- wording


def kind_in_sentence(data: ConvocationData, lang: Lang) -> str:
    """ "assemblée générale extraordinaire" inside a French sentence."""
    return lowercase_first(data.assembly.kind_label(lang), lang)


def invitation(data: ConvocationData, lang: Lang) -> str:
    text = translate_in(
        lang, "{association} has the honour to invite you to its {assembly}, which will be held:"
    )
    return text.format(
        association=association_named(data.frame.association, lang),  # "L'Association …"
        assembly=kind_in_sentence(data, lang),
    )


def meeting_facts(data: ConvocationData, lang: Lang) -> list[tuple[str, str]]:
    facts = [(translate_in(lang, "Date"), format_date(data.assembly.held_on, lang, "long"))]
    if data.starts_at is not None:
        facts.append((translate_in(lang, "Time"), time_text(data.starts_at, lang)))
    facts.append((translate_in(lang, "Place"), data.place.text(lang)))
    return facts


def quorum_rule(data: ConvocationData, lang: Lang) -> list[str]:
    """The quorum the record holds, and the second meeting when it is not reached."""
    if data.quorum == 0:
        return [
            translate_in(
                lang,
                "The assembly deliberates validly whatever the number of members present or "
                "represented.",
            )
        ]
    rule = translate_in(
        lang,
        "The assembly deliberates validly only if at least {quorum} of the members entitled to "
        "vote are present or represented.",
    ).format(quorum=quorum_words(data.quorum, lang))
    second = translate_in(
        lang,
        "If this quorum is not reached, the members will be convened again to a second "
        "meeting, which will deliberate validly whatever the number of members present or "
        "represented.",
    )
    return [rule, second]


def proxy_rule(data: ConvocationData, lang: Lang) -> str:
    if data.max_proxies == 0:
        return translate_in(lang, "Members may not be represented by proxy at this assembly.")
    return translate_in(
        lang,
        "A member who cannot attend may be represented by another member entitled to vote, "
        "by giving them the proxy form below, filled in and signed.",
    )


def proxy_text(data: ConvocationData, lang: Lang) -> str:
    text = translate_in(
        lang,
        "I give the member named above proxy to represent me at the {assembly} of {date}, "
        "and to take part and vote in my name on every item of its agenda.",
    )
    return text.format(
        assembly=kind_in_sentence(data, lang),
        date=format_date(data.assembly.held_on, lang, "long"),
    )


# --------------------------------------------------------------------------- drawing


def cut_line(doc: ReportDocument, lang: Lang) -> None:
    """A dashed line across the page, with what to do with the part below it."""
    c = doc.canvas
    c.ln(4)
    with c.local_context(draw_color=120, dash_pattern={"dash": 2, "gap": 1.5}):
        c.line(c.l_margin, c.y, c.w - c.r_margin, c.y)
    c.ln(2)
    doc.paragraph(
        translate_in(lang, "To detach and hand to the proxy holder"), size=doc.sizes.small
    )


def proxy_form(doc: ReportDocument, data: ConvocationData, lang: Lang) -> None:
    canvas = doc.canvas
    if canvas.y + PROXY_FORM_HEIGHT > canvas.page_break_trigger:
        doc.new_page()
    cut_line(doc, lang)
    doc.heading(translate_in(lang, "Proxy form"), level=2)
    doc.key_values(
        [
            (translate_in(lang, "Member giving the proxy"), ""),
            (translate_in(lang, "Member no."), ""),
            (translate_in(lang, "Proxy holder (a member entitled to vote)"), ""),
            (translate_in(lang, "Member no."), ""),
        ],
        label_share=0.42,
    )
    doc.paragraph(proxy_text(data, lang))
    done = translate_in(lang, "Done at {place}, on {date}").format(place=BLANK, date=BLANK)
    doc.paragraph(done)
    doc.signatures(
        [
            SignatureBlock("", "", stamp_zone=False),
            SignatureBlock(
                translate_in(lang, "Signature of the member"),
                translate_in(lang, "preceded by the words “Good for proxy”"),
                stamp_zone=False,
            ),
        ]
    )


def render_convocation(data: ConvocationData, lang: Lang, path: Path) -> int:
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Convocation to the general assembly"),
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    doc.heading(data.assembly.kind_label(lang), level=2)
    doc.heading(translate_in(lang, "To the members of the association"), level=3)
    doc.paragraph(translate_in(lang, "Dear members,"))
    doc.paragraph(invitation(data, lang))
    doc.key_values(meeting_facts(data, lang), label_share=0.2)

    if data.agenda:
        # A table: each item's cell takes the direction of its own text.
        doc.heading(translate_in(lang, "Agenda"), level=3)
        doc.table(
            [
                Column(translate_in(lang, "No."), 0.7, "center"),
                Column(translate_in(lang, "Item"), 8),
            ],
            [[str(i), title.text(lang)] for i, title in enumerate(data.agenda, start=1)],
        )

    doc.heading(translate_in(lang, "Quorum"), level=3)
    for text in quorum_rule(data, lang):
        doc.paragraph(text)

    doc.heading(translate_in(lang, "Proxies"), level=3)
    doc.paragraph(proxy_rule(data, lang))
    if data.max_proxies:
        doc.key_values(
            [
                (
                    translate_in(lang, "Proxies one member present may hold, at most"),
                    format_number(data.max_proxies, lang),
                )
            ],
            label_share=0.6,
        )

    with doc.keep_together():
        doc.paragraph(translate_in(lang, "Counting on your attendance, yours faithfully."))
        doc.date_line(place=frame.association.place(lang), on=data.convened_on)
        doc.signatures(signature_blocks(data.president, lang))
    if data.max_proxies:
        proxy_form(doc, data, lang)
    doc.save(path)
    return doc.page_count


def convocation_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The convocation to assembly `request.record_id` (default: the latest convened)."""
    actor.require(Permission.GOVERNANCE_READ)
    data = build_convocation_data(session, request.record_id)
    pages = render_convocation(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
