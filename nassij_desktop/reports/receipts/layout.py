"""What the dues and donation receipts share: the plain values a receipt prints, and one A4
page holding the receipt (top half, for the payer) and its stub (bottom half, the "souche" the
treasurer cuts off and files with the vouchers), separated by a dashed cut line.

The receipt says who paid, how much in figures and in words (in the document's language), how,
and what for, on the association's letterhead, with the treasurer's signature and stamp zone.
A cancelled receipt is printed with a bilingual "ANNULÉ / ملغى" stamp across it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.names import has_arabic, in_sentence, join_names, reader_name
from nassij_desktop.core.governance.models import BoardRole, BoardSeat
from nassij_desktop.core.governance.roles import role_title
from nassij_desktop.core.members.models import PAYMENT_METHOD_LABELS, Member, PaymentMethod
from nassij_desktop.i18n import N_, NG_, translate_in
from nassij_desktop.i18n.amount_words import amount_in_words
from nassij_desktop.i18n.formatting import format_date, format_money, isolate
from nassij_desktop.reports.engine import Letterhead, ReportDocument, SignatureBlock
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.request import Lang

STAMP_RED = (190, 30, 40)
# "adhérente n°" on a woman's receipt.
MEMBER_NUMBERED = NG_("{name} (member no. {number})")
STUB_STAMP = (44.0, 16.0)  # width, height in mm


@dataclass(frozen=True)
class Issuer:
    """The association issuing the receipt, and who signs it."""

    letterhead: Letterhead
    city_ar: str
    city_fr: str
    public_utility: bool
    public_utility_decree: str
    treasurer_role_ar: str
    treasurer_role_fr: str
    treasurer_ar: str
    treasurer_fr: str
    generated_on: dt.date

    def place(self, lang: str) -> str:
        return self.city_ar if lang == "ar" else self.city_fr

    def treasurer_role(self, lang: str) -> str:
        return self.treasurer_role_ar if lang == "ar" else self.treasurer_role_fr

    def treasurer(self, lang: str) -> str:
        return self.treasurer_ar if lang == "ar" else self.treasurer_fr


@dataclass(frozen=True)
class Payer:
    """Who paid: a name per script (one may be empty), a member number, an identity."""

    name_ar: str
    name_lat: str
    member_number: str = ""
    identity: str = ""
    address: str = ""
    gender: str | None = None  # a member's `Gender`: the words said of them agree with it
    identity_label: str = N_("Identity no.")  # a company's is its ICE

    def name(self, lang: str) -> str:
        """The name in the document's script, the other one when it is all there is."""
        return reader_name(lang, self.name_ar, self.name_lat)


def payer_named(name: str) -> Payer:
    """A payer known by one name, put in the script it is written in."""
    return Payer(name_ar=name, name_lat="") if has_arabic(name) else Payer("", name_lat=name)


def member_payer(member: Member, identity: str = "", address: str = "") -> Payer:
    arabic = join_names(member.first_name_ar, member.last_name_ar)
    latin = join_names(member.first_name_lat, member.last_name_lat)
    gender = member.gender.value if member.gender else None
    return Payer(arabic, latin, member.number, identity, address, gender)


def read_issuer(session: Session, day: dt.date, today: dt.date | None = None) -> Issuer:
    """The association's letterhead and the treasurer in office on `day` (if the board is
    recorded)."""
    association = get_association(session)
    role = session.scalar(sa.select(BoardRole).where(BoardRole.code == "treasurer"))
    treasurer = None
    if role is not None:
        treasurer = session.scalar(
            sa.select(Member)
            .join(BoardSeat, BoardSeat.member_id == Member.id)
            .where(
                BoardSeat.role_id == role.id,
                BoardSeat.starts_on <= day,
                sa.or_(BoardSeat.ends_on.is_(None), BoardSeat.ends_on >= day),  # last day held
            )
            .order_by(BoardSeat.starts_on.desc())
            .limit(1)
        )
    person = member_payer(treasurer) if treasurer is not None else Payer("", "")
    city = association.city or ""
    return Issuer(
        letterhead=read_letterhead(session),
        city_ar=place_name(city, "ar"),
        city_fr=place_name(city, "fr"),
        public_utility=association.public_utility,
        public_utility_decree=association.public_utility_decree or "",
        # The treasurer's role in the treasurer's gender: أمينة المال, Trésorière.
        treasurer_role_ar=role_title(role.label_ar, person.gender) if role else "أمين المال",
        treasurer_role_fr=role_title(role.label_fr, person.gender) if role else "Le trésorier",
        treasurer_ar=person.name("ar"),
        treasurer_fr=person.name("fr"),
        generated_on=today or clock.today(),
    )


@dataclass(frozen=True)
class ReceiptContent:
    """One receipt, as plain values."""

    title_msgid: str  # "Dues receipt no. {number}", translated when rendered
    number: str
    received_on: dt.date
    payer: Payer
    amount: Decimal
    method: PaymentMethod | None  # None: a gift in kind
    reference: str
    purpose_lines: tuple[tuple[str, str], ...]  # (label msgid, value already in its language)
    cancelled: bool = False
    cancelled_on: dt.date | None = None
    cancel_reason: str = ""
    public_utility_line: bool = False
    # A gift in kind has no amount paid, only the value the association estimates it at.
    amount_label: str = N_("Amount")
    amount_words_label: str = N_("Amount in words")


def method_text(method: PaymentMethod | None, reference: str, lang: Lang) -> str:
    if method is None:
        return translate_in(lang, "In kind")
    label = translate_in(lang, PAYMENT_METHOD_LABELS[method])
    if not reference:
        return label
    return translate_in(lang, "{method}, reference {reference}").format(
        method=label, reference=isolate(reference, "ltr")
    )


def _rows(content: ReceiptContent, lang: Lang, *, stub: bool) -> list[tuple[str, str]]:
    payer = content.payer
    name = in_sentence(payer.name(lang), lang)
    if payer.member_number:
        name = gendered(MEMBER_NUMBERED, payer.gender, lang).format(
            name=name, number=payer.member_number
        )
    rows = [
        (translate_in(lang, "Date"), format_date(content.received_on, lang, "long")),
        (translate_in(lang, "Received from"), name),
    ]
    if payer.identity and not stub:
        rows.append((translate_in(lang, payer.identity_label), isolate(payer.identity, "ltr")))
    if payer.address and not stub:
        rows.append((translate_in(lang, "Address"), in_sentence(payer.address, lang)))
    rows += [
        (translate_in(lang, content.amount_label), format_money(content.amount, lang)),
        (translate_in(lang, content.amount_words_label), amount_in_words(content.amount, lang)),
        (translate_in(lang, "Payment"), method_text(content.method, content.reference, lang)),
    ]
    rows += [
        (translate_in(lang, label), in_sentence(value, lang))
        for label, value in content.purpose_lines
    ]
    if content.cancelled:
        when = format_date(content.cancelled_on, lang) if content.cancelled_on else ""
        rows.append(
            (
                translate_in(lang, "Cancelled"),
                translate_in(lang, "On {date}: {reason}").format(
                    date=when, reason=in_sentence(content.cancel_reason, lang)
                ),
            )
        )
    return rows


def _stamp(doc: ReportDocument, x: float, y: float, width: float, height: float) -> None:
    """A red "ANNULÉ / ملغى" box, in both languages whatever the document's."""
    c = doc.canvas
    words = ((translate_in("fr", "CANCELLED"), "ltr"), (translate_in("ar", "CANCELLED"), "rtl"))
    family, style, size = c.font_family, c.font_style, c.font_size_pt
    color, draw, line_width = c.text_color, c.draw_color, c.line_width
    x0, y0 = c.get_x(), c.get_y()
    c.set_draw_color(*STAMP_RED)
    c.set_text_color(*STAMP_RED)
    c.set_line_width(1.2)
    c.rect(x, y, width, height)
    c.set_line_width(0.4)
    c.rect(x + 1.5, y + 1.5, width - 3, height - 3)
    line = (height - 4) / 2
    for index, (word, direction) in enumerate(words):
        c.set_text_shaping(True, direction=direction)
        c.set_font(doc.family, "B", min(26, line / 25.4 * 72 * 0.8))
        c.set_xy(x, y + 2 + index * line)
        c.cell(width, line, word, align="C")
    c.set_text_shaping(True, direction="rtl" if doc.rtl else "ltr")
    c.set_font(family, style, size)
    c.text_color, c.draw_color = color, draw
    c.set_line_width(line_width)
    c.set_xy(x0, y0)


def _stamp_beside(doc: ReportDocument, top: float, bottom: float, height: float) -> None:
    """The stamp in the half of the width on the reading-start side, between `top` and
    `bottom` (where the signature row leaves room)."""
    c = doc.canvas
    width = min(c.epw / 2 - 12, 70)
    x = c.w - c.r_margin - 6 - width if doc.rtl else c.l_margin + 6
    _stamp(doc, x, top + (bottom - top - height) / 2, width, height)


def _cut_line(doc: ReportDocument) -> None:
    c = doc.canvas
    y = c.get_y() + 3
    c.set_draw_color(150)
    c.set_dash_pattern(dash=2, gap=1.5)
    c.line(c.l_margin, y, c.w - c.r_margin, y)
    c.set_dash_pattern()
    c.set_draw_color(0)
    c.set_xy(c.l_margin, y + 3)


def receipt_number_text(content: ReceiptContent, lang: Lang) -> str:
    # "2026-00012" would read "00012-2026" inside Arabic text without the isolate.
    return isolate(content.number, "ltr") if lang == "ar" else content.number


def receipt_title(content: ReceiptContent, lang: Lang) -> str:
    return translate_in(lang, content.title_msgid).format(number=receipt_number_text(content, lang))


def render_receipt(content: ReceiptContent, issuer: Issuer, lang: Lang, path: object) -> int:
    doc = ReportDocument(
        lang,
        issuer.letterhead,
        title=receipt_title(content, lang),
        reference=receipt_number_text(content, lang),
        generated_on=issuer.generated_on,
    )
    draw_receipt(doc, content, issuer, lang)
    doc.save(path)  # type: ignore[arg-type]
    return doc.page_count


def draw_receipt(doc: ReportDocument, content: ReceiptContent, issuer: Issuer, lang: Lang) -> None:
    """The receipt and its stub, under its title (drawn by the caller: the document's own, or
    a page's in a batch)."""
    number = receipt_number_text(content, lang)
    if content.public_utility_line and issuer.public_utility:
        doc.paragraph(
            translate_in(
                lang, "The association is recognised of public utility by decree no. {decree}."
            ).format(decree=isolate(issuer.public_utility_decree, "ltr")),
            size=doc.sizes.small,
        )
    doc.key_values(_rows(content, lang, stub=False), label_share=0.28)
    doc.date_line(place=issuer.place(lang) or None, on=content.received_on)
    blocks = [
        SignatureBlock("", "", stamp_zone=False),
        SignatureBlock(issuer.treasurer_role(lang), in_sentence(issuer.treasurer(lang), lang)),
    ]
    signatures_top = doc.canvas.get_y()
    doc.signatures(blocks, stamp_height=24)
    if content.cancelled:
        _stamp_beside(doc, signatures_top, doc.canvas.get_y(), 28)
    _cut_line(doc)
    stub_top = doc.canvas.get_y()
    stub_title = translate_in(lang, "Stub of receipt no. {number}").format(number=number)
    doc.heading(stub_title, level=3)
    doc.key_values(_rows(content, lang, stub=True), label_share=0.28)
    if content.cancelled:  # on the far side of the stub's title
        c = doc.canvas
        x = c.l_margin if doc.rtl else c.w - c.r_margin - STUB_STAMP[0]
        _stamp(doc, x, stub_top, *STUB_STAMP)
