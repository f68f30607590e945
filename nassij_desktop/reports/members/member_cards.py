"""Membership cards (بطاقة العضوية / carte d'adhérent): ID-1 cards (85.6 × 54 mm), ten to an A4
page in two columns of five, with light cut marks in the margins. Each card carries the
association's logo and names, the title in both languages, the year, the member's number,
names in both scripts and category, and a QR code of the member number.

The Arabic card is the French one mirrored: logo on the right and QR code on the left.
The QR code is drawn as vector squares (one rectangle per run of dark modules), crisp at any
printer resolution, with the four-module quiet zone the standard asks for kept clear.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import segno
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.names import join_names
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.members.models import Member, MemberCategory, MemberStatus
from nassij_desktop.i18n import _, translate_in
from nassij_desktop.reports.engine import Letterhead
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.engine.canvas import Canvas
from nassij_desktop.reports.engine.fonts import primary_family
from nassij_desktop.reports.members.member_register import number_key
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

CARD_W, CARD_H = 85.6, 54.0  # ISO/IEC 7810 ID-1
COLUMNS, ROWS = 2, 5
PAGE_W, PAGE_H = 210.0, 297.0
LEFT = (PAGE_W - COLUMNS * CARD_W) / 2
TOP = (PAGE_H - ROWS * CARD_H) / 2
INSET = 4.0  # the card's inner margin
LOGO = 11.0
QR_SIZE = 21.0  # with its quiet zone
QR_BORDER = 4  # modules of quiet zone
MARK = 4.0  # length of a cut mark, in the page margin
MARK_GAP = 1.0
ACCENT = (30, 90, 140)


@dataclass(frozen=True)
class CardMember:
    number: str
    name_ar: str
    name_lat: str
    category_ar: str
    category_fr: str


@dataclass(frozen=True)
class MemberCardsData:
    letterhead: Letterhead
    year: int
    members: tuple[CardMember, ...]


def build_member_cards_data(
    session: Session, member_ids: tuple[int, ...] = (), year: int | None = None
) -> MemberCardsData:
    """The cards of `member_ids`, or of every active member; in member number order."""
    stmt = sa.select(
        Member.id,
        Member.number,
        Member.first_name_ar,
        Member.last_name_ar,
        Member.first_name_lat,
        Member.last_name_lat,
        MemberCategory.label_ar,
        MemberCategory.label_fr,
    ).join(MemberCategory, Member.category_id == MemberCategory.id)
    if member_ids:
        stmt = stmt.where(Member.id.in_(member_ids))
    else:
        stmt = stmt.where(Member.status == MemberStatus.ACTIVE)
    records = list(session.execute(stmt))
    missing = sorted(set(member_ids) - {record.id for record in records})
    if missing:
        raise NotFound(_("No {what} has the number {id}.").format(what=_("member"), id=missing[0]))
    members = [
        CardMember(
            number=record.number,
            name_ar=join_names(record.first_name_ar, record.last_name_ar),
            name_lat=join_names(record.first_name_lat, record.last_name_lat),
            category_ar=record.label_ar,
            category_fr=record.label_fr,
        )
        for record in records
    ]
    members.sort(key=lambda member: number_key(member.number))
    return MemberCardsData(
        letterhead=read_letterhead(session),
        year=year or clock.today().year,
        members=tuple(members),
    )


# --------------------------------------------------------------------------- geometry


def card_origin(index: int, lang: Lang = "fr") -> tuple[float, float]:
    """Top-left corner (mm) of the card at `index` on its page (0…9, row by row, from the
    side a line of the sheet's language starts: the right in Arabic)."""
    row, column = divmod(index % (COLUMNS * ROWS), COLUMNS)
    if lang == "ar":
        column = COLUMNS - 1 - column
    return LEFT + column * CARD_W, TOP + row * CARD_H


def qr_box(lang: Lang, x: float, y: float) -> tuple[float, float, float]:
    """Left, top and side (mm) of the QR code's square, quiet zone included, on a card at
    (x, y): bottom right in French, bottom left in Arabic."""
    top = y + CARD_H - QR_SIZE - 2.0
    left = x + 2.0 if lang == "ar" else x + CARD_W - QR_SIZE - 2.0
    return left, top, QR_SIZE


def qr_matrix(number: str) -> list[list[bool]]:
    """The QR code of `number` as rows of dark (True) modules, quiet zone included."""
    code = segno.make_qr(number, error="m")
    return [[bool(module) for module in row] for row in code.matrix_iter(border=QR_BORDER)]


# --------------------------------------------------------------------------- drawing


class _CardPainter:
    def __init__(self, data: MemberCardsData, lang: Lang) -> None:
        self.data, self.lang, self.rtl = data, lang, lang == "ar"
        c = self.c = Canvas(lang, "portrait", lambda: None)
        c.set_margins(0, 0, 0)
        c.set_auto_page_break(False)
        c.set_text_shaping(True, direction=None)
        c.set_title(translate_in(lang, "Membership cards"))
        c.set_lang(lang)
        c.set_creator("Nassij Desktop")
        c.set_font(primary_family(lang), size=8)
        self.logo = data.letterhead.logo
        # The title in both languages, the document's own first (on the reading side).
        other = "fr" if lang == "ar" else "ar"
        self.title = " / ".join(translate_in(code, "Membership card") for code in (lang, other))

    def text(
        self,
        text: str,
        x: float,
        y: float,
        w: float,
        *,
        size: float,
        bold: bool = False,
        align: str = "L",
        grey: int = 0,
        color: tuple[int, int, int] | None = None,
    ) -> None:
        """One line in the box (x, y, w), shrunk until it fits."""
        if not text:
            return
        c = self.c
        while True:
            run = c.shaped_run(text, bold=bold, size_pt=size)
            width = run.width if run else self._cell_width(text, size, bold)
            if width <= w or size <= 5:
                break
            size -= 0.5
        line_h = size * 0.3528 * 1.3
        if run is not None and color is None:
            left = {"L": x, "R": x + w - width, "C": x + (w - width) / 2}[align]
            c.draw_run(run, left, y + line_h / 2 + 0.3 * size / c.k, grey)
            return
        c.set_font(primary_family(self.lang), "B" if bold else "", size)
        c.set_text_color(*(color or (grey, grey, grey)))
        c.set_xy(x, y)
        c.cell(w, line_h, text, align=align)
        c.set_text_color(0)

    def _cell_width(self, text: str, size: float, bold: bool) -> float:
        self.c.set_font(primary_family(self.lang), "B" if bold else "", size)
        return self.c.get_string_width(text)

    def cut_marks(self) -> None:
        c = self.c
        c.set_draw_color(170)
        c.set_line_width(0.15)
        right, bottom = LEFT + COLUMNS * CARD_W, TOP + ROWS * CARD_H
        for column in range(COLUMNS + 1):
            x = LEFT + column * CARD_W
            c.line(x, TOP - MARK_GAP - MARK, x, TOP - MARK_GAP)
            c.line(x, bottom + MARK_GAP, x, bottom + MARK_GAP + MARK)
        for row in range(ROWS + 1):
            y = TOP + row * CARD_H
            c.line(LEFT - MARK_GAP - MARK, y, LEFT - MARK_GAP, y)
            c.line(right + MARK_GAP, y, right + MARK_GAP + MARK, y)
        c.set_draw_color(0)

    def card(self, member: CardMember, x: float, y: float) -> None:
        c, rtl, head = self.c, self.rtl, self.data.letterhead
        # A faint outline helps the eye; the cut follows the marks.
        c.set_draw_color(225)
        c.set_line_width(0.1)
        c.rect(x, y, CARD_W, CARD_H)
        c.set_draw_color(0)
        inner_left, inner_w = x + INSET, CARD_W - 2 * INSET
        text_left, text_w = inner_left, inner_w
        if self.logo:
            logo_x = x + CARD_W - INSET - LOGO if rtl else inner_left
            c.image(io.BytesIO(self.logo), logo_x, y + 3, LOGO, LOGO, keep_aspect_ratio=True)
            text_w -= LOGO + 2
            if not rtl:
                text_left += LOGO + 2
        align = "R" if rtl else "L"
        first, second = (head.name_ar, head.name_fr) if rtl else (head.name_fr, head.name_ar)
        self.text(first, text_left, y + 3, text_w, size=8.5 if rtl else 7, bold=True, align=align)
        self.text(second, text_left, y + 7.2, text_w, size=6.5 if not rtl else 5.5, align=align)
        # The band with the card's title and year.
        band_y = y + 15.5
        c.set_fill_color(*ACCENT)
        c.rect(x, band_y, CARD_W, 6, style="F")
        c.set_fill_color(255)
        self.text(
            self.title,
            x + INSET,
            band_y + 0.6,
            inner_w,
            size=8,
            bold=True,
            align="C",
            color=(255, 255, 255),
        )
        # The member: number, names in both scripts, category; the QR code beside them.
        qx, qy, qsize = qr_box(self.lang, x, y)
        body_left = x + INSET if not rtl else qx + qsize + 1
        body_w = (qx - 1 - body_left) if not rtl else (x + CARD_W - INSET - body_left)
        top = band_y + 7.5
        year = translate_in(self.lang, "Valid for {year}").format(year=self.data.year)
        number = f"{translate_in(self.lang, 'Member no.')} {member.number}"
        self.text(number, body_left, top, body_w, size=8.5 if rtl else 7.5, bold=True, align=align)
        names = (member.name_ar, member.name_lat) if rtl else (member.name_lat, member.name_ar)
        self.text(
            names[0], body_left, top + 5, body_w, size=11 if rtl else 9.5, bold=True, align=align
        )
        self.text(names[1], body_left, top + 10.5, body_w, size=9 if not rtl else 8.5, align=align)
        category = member.category_ar if rtl else member.category_fr
        self.text(category, body_left, top + 16, body_w, size=8 if rtl else 7, align=align, grey=70)
        self.text(
            year,
            body_left,
            top + 20.5,
            body_w,
            size=8 if rtl else 7,
            bold=True,
            align=align,
            grey=70,
        )
        self.qr(member.number, qx, qy, qsize)

    def qr(self, number: str, x: float, y: float, size: float) -> None:
        """Dark modules as rectangles, one per horizontal run, on the card's white."""
        c = self.c
        matrix = qr_matrix(number)
        module = size / len(matrix)
        c.set_fill_color(0)
        for row_index, row in enumerate(matrix):
            start = None
            for column, dark in enumerate([*row, False]):
                if dark and start is None:
                    start = column
                elif not dark and start is not None:
                    c.rect(
                        x + start * module,
                        y + row_index * module,
                        (column - start) * module,
                        module,
                        style="F",
                    )
                    start = None
        c.set_fill_color(255)

    def paint(self, path: Path) -> int:
        c = self.c
        for index, member in enumerate(self.data.members):
            if index % (COLUMNS * ROWS) == 0:
                c.add_page()
                self.cut_marks()
            self.card(member, *card_origin(index, self.lang))
        c.output(str(path))
        return c.page


def render_member_cards(data: MemberCardsData, lang: Lang, path: Path) -> int:
    return _CardPainter(data, lang).paint(path)


def member_cards_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """Cards of `request.member_ids`, or of every active member, for `request.year` (default:
    the current year)."""
    actor.require(Permission.MEMBERS_READ)
    data = build_member_cards_data(session, request.member_ids, request.year)
    if not data.members:
        # Like every other document without its subject: a sentence, exit status 1, no file.
        raise NotFound(_("There is no active member to print a card for."))
    pages = render_member_cards(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)
