"""The moral report of a year (التقرير الأدبي / rapport moral) for the general assembly and
the funders: the association and its board, its members by category, the year's activities
in figures and in charts (beneficiaries per month, by gender and by age group) with what
they cost, the activities by programme with their dates, places and partners, the
highlights with up to six photos, the partners of the year's activities and the funders;
then the closing line (its approval is a resolution of the general assembly), the date line
and the president's signature.

The figures come from `core.activities.summary` (counted in SQL) and the board from
`core.governance.history`: nothing is counted here but the layout.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageOps
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.attachments import read_photos
from nassij_desktop.core.activities.models import AgeGroup
from nassij_desktop.core.activities.summary import (
    ActivityLine,
    ActivityYear,
    CategoryCount,
    FunderYear,
    activity_year,
    funders_of_year,
    members_by_category,
)
from nassij_desktop.core.association.places import place_name
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.models import FUNDER_KIND_LABELS
from nassij_desktop.core.governance.board import current_term
from nassij_desktop.core.governance.history import Seat, board_on, seat_order, term_seats
from nassij_desktop.core.members.models import Gender
from nassij_desktop.i18n import N_, _, translate_in
from nassij_desktop.i18n.formatting import (
    SHORT_MONTH_NAMES,
    format_amount,
    format_date,
    format_number,
)
from nassij_desktop.reports.engine import (
    Column,
    Letterhead,
    ReportDocument,
    SignatureBlock,
)
from nassij_desktop.reports.engine import letterhead_from_association as read_letterhead
from nassij_desktop.reports.kinds import YEAR_RANGE
from nassij_desktop.reports.moral.charts import BarChart, draw_charts
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

log = logging.getLogger(__name__)

TABLE_SIZE = {"ar": 9.0, "fr": 8.5}
CHART_HEIGHT = 62.0  # mm, a row of charts
FIGURES_HEIGHT = 66.0  # mm, the heading of the figures and their seven lines
PHOTO_PIXELS = 720  # the longest side of a photo in the PDF: 45 mm wide at about 400 dpi
PHOTO_QUALITY = 80
_PARTNER_SEPARATORS = re.compile(r"\s*[,،;؛]\s*")
# The abbreviated months (the full names do not fit under twelve bars): i18n's one list.
MONTHS_SHORT = SHORT_MONTH_NAMES
GENDER_GROUPS = {Gender.FEMALE: N_("Women"), Gender.MALE: N_("Men")}
AGE_RANGES = {AgeGroup.CHILD: "0–14", AgeGroup.YOUTH: "15–24", AgeGroup.ADULT: "25–59"}
REQUIRED = (
    Permission.ACTIVITIES_READ,
    Permission.MEMBERS_READ,
    Permission.GOVERNANCE_READ,
    Permission.FUNDING_READ,
)


@dataclass(frozen=True)
class MoralReportData:
    letterhead: Letterhead
    generated_on: dt.date
    year: int
    board_day: dt.date  # the board is shown as it sat that day
    board: tuple[Seat, ...]
    members: tuple[CategoryCount, ...]
    activities: ActivityYear
    funders: tuple[FunderYear, ...]
    photos: tuple[tuple[bytes, ActivityLine], ...] = ()  # scaled JPEGs of the highlights

    @property
    def president(self) -> Seat | None:
        return next((s for s in self.board if s.role_code == "president"), None)


def build_moral_report_data(
    session: Session, actor: Actor, year: int | None, today: dt.date | None = None
) -> MoralReportData:
    for permission in REQUIRED:
        actor.require(permission)
    generated_on = today or clock.today()
    chosen = generated_on.year - 1 if year is None else year  # the year the assembly reviews
    if not YEAR_RANGE[0] <= chosen <= YEAR_RANGE[1]:
        raise ValidationError(
            "year",
            _("The year must be between {first} and {last}.").format(
                first=YEAR_RANGE[0], last=YEAR_RANGE[1]
            ),
        )
    board_day = min(dt.date(chosen, 12, 31), generated_on)
    term = current_term(session, board_day)
    seats = board_on(term_seats(session, term), board_day) if term is not None else []
    activities = activity_year(session, actor, chosen)
    stored = read_photos(session, actor, [p.attachment_id for p in activities.photos])
    photos = []
    for highlight in activities.photos:
        scaled = scaled_photo(stored.get(highlight.attachment_id, b""))
        if scaled is not None:
            photos.append((scaled, highlight.line))
    return MoralReportData(
        letterhead=read_letterhead(session),
        generated_on=generated_on,
        year=chosen,
        board_day=board_day,
        board=tuple(seats),
        members=tuple(members_by_category(session, actor, chosen)),
        activities=activities,
        funders=tuple(funders_of_year(session, actor, chosen)),
        photos=tuple(photos),
    )


def scaled_photo(data: bytes) -> bytes | None:
    """`data` (a JPEG or PNG of any size) as a JPEG of at most PHOTO_PIXELS a side, turned
    as the camera says; None for a file Pillow cannot read (the report goes on without it).
    A JPEG is decoded at a reduced scale (`draft`): a phone's 12-megapixel photo never
    takes its full size in memory, and each photo is decoded once."""
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (PHOTO_PIXELS, PHOTO_PIXELS))
            turned = ImageOps.exif_transpose(image)
            turned.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
            out = io.BytesIO()
            turned.convert("RGB").save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        log.warning("a photo of an activity is not a readable image; left out of the report")
        return None
    return out.getvalue()


def partner_names(lines: Iterable[ActivityLine]) -> list[tuple[str, int]]:
    """The partners named in the activities (the field holds names separated by commas),
    each with the number of activities it worked on: the most first, then by name."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for line in lines:
        seen = set()
        for name in _PARTNER_SEPARATORS.split(line.partners or ""):
            name = name.strip(" .")
            key = name.casefold()
            if not name or key in seen:
                continue
            seen.add(key)
            shown.setdefault(key, name)
            counts[key] = counts.get(key, 0) + 1
    return sorted(((shown[k], n) for k, n in counts.items()), key=lambda p: (-p[1], p[0]))


def hours(minutes: int, lang: Lang) -> str:
    """Volunteer time in hours, to the tenth ("1 234,5")."""
    return format_number((Decimal(minutes) / 60).quantize(Decimal("0.1")), lang)


def age_label(age: AgeGroup, lang: Lang) -> str:
    """An age group as the chart's label: "15–24", "60 and over" in words (a lone "60+"
    would read "+60" in Arabic)."""
    if age is AgeGroup.SENIOR:
        return translate_in(lang, "{age} and over").format(age=60)
    return AGE_RANGES[age]


def _place(line: ActivityLine, lang: Lang) -> str:
    """The place and the commune: on one line when they are in one script, else on two (a
    line of one direction is drawn by the canvas's lean path, a mixed one by fpdf2's)."""
    commune = place_name(line.commune or "", lang) or line.commune or ""
    parts = [p for p in (line.place, commune) if p]
    scripts = {_is_arabic(p) for p in parts}
    if len(scripts) > 1:
        return "\n".join(parts)
    return ("، " if scripts == {True} else ", ").join(parts)


def _is_arabic(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def _board(doc: ReportDocument, data: MoralReportData, lang: Lang) -> None:
    doc.heading(translate_in(lang, "1. The association's bodies"))
    doc.paragraph(
        translate_in(
            lang,
            "The general assembly of the members is the association's sovereign body; "
            "the board it elected runs the association between its sessions.",
        )
    )
    doc.heading(
        translate_in(lang, "The board on {date}").format(
            date=format_date(data.board_day, lang, "long")
        ),
        level=2,
    )
    if not data.board:
        doc.paragraph(translate_in(lang, "No board was recorded for this year."))
        return
    # Listings, not fpdf2's tables: the lean layout keeps the whole report within its time.
    doc.listing(
        [Column(translate_in(lang, "Role"), 1.2), Column(translate_in(lang, "Name"), 2.0)],
        [(s.title(lang), s.person.name(lang)) for s in seat_order(data.board, lang)],
        size=TABLE_SIZE[lang],
    )


def _members(doc: ReportDocument, members: tuple[CategoryCount, ...], lang: Lang) -> None:
    doc.heading(translate_in(lang, "2. Members"))
    if not members:
        doc.paragraph(translate_in(lang, "No member was recorded for this year."))
        return
    doc.listing(
        [
            Column(translate_in(lang, "Category"), 2.4),
            Column(translate_in(lang, "Women"), 1.0, "right"),
            Column(translate_in(lang, "Men"), 1.0, "right"),
            Column(translate_in(lang, "Total"), 1.0, "right"),
        ],
        [
            (
                c.label(lang),
                format_number(c.women, lang),
                format_number(c.men, lang),
                format_number(c.total, lang),
            )
            for c in members
        ],
        [
            translate_in(lang, "Total"),
            format_number(sum(c.women for c in members), lang),
            format_number(sum(c.men for c in members), lang),
            format_number(sum(c.total for c in members), lang),
        ],
        size=TABLE_SIZE[lang],
    )


def _figures(doc: ReportDocument, year: ActivityYear, lang: Lang) -> None:
    genders = dict(year.by_gender)
    canvas = doc.canvas  # the heading with its six figures: the block is measured once only
    if canvas.y + FIGURES_HEIGHT > canvas.page_break_trigger:
        doc.new_page()
    doc.heading(translate_in(lang, "3. The year in figures"))
    doc.listing(
        [Column(translate_in(lang, "Indicator"), 2.0), Column(str(year.year), 1.0, "right")],
        [
            (translate_in(lang, "Activities"), format_number(year.activity_count, lang)),
            (translate_in(lang, "Beneficiaries"), format_number(year.beneficiaries, lang)),
            (translate_in(lang, "Of whom women"), format_number(genders[Gender.FEMALE], lang)),
            (translate_in(lang, "Of whom men"), format_number(genders[Gender.MALE], lang)),
            (translate_in(lang, "Volunteers"), format_number(year.volunteers, lang)),
            (translate_in(lang, "Volunteer hours"), hours(year.volunteer_minutes, lang)),
            (translate_in(lang, "Cost of the activities (MAD)"), format_amount(year.cost, lang)),
        ],
        size=TABLE_SIZE[lang],
    )
    beneficiaries = translate_in(lang, "Beneficiaries")
    month_chart = BarChart(
        translate_in(lang, "Beneficiaries per month"),
        beneficiaries,
        translate_in(lang, "Month"),
        MONTHS_SHORT[lang],
        year.by_month,
    )
    gender_chart = BarChart(
        translate_in(lang, "Beneficiaries by gender"),
        beneficiaries,
        translate_in(lang, "Gender"),
        tuple(translate_in(lang, GENDER_GROUPS[g]) for g, _n in year.by_gender),
        tuple(n for _g, n in year.by_gender),
    )
    age_chart = BarChart(
        translate_in(lang, "Beneficiaries by age group"),
        beneficiaries,
        translate_in(lang, "Age group (years)"),
        tuple(age_label(a, lang) for a, _n in year.by_age),
        tuple(n for _a, n in year.by_age),
    )
    draw_charts(doc, [[month_chart], [gender_chart, age_chart]], CHART_HEIGHT)


def _programmes(doc: ReportDocument, year: ActivityYear, lang: Lang) -> None:
    # Room below each heading for the next one, the listing's header and a first row of
    # several lines: a heading never ends a page above its table.
    doc.heading(translate_in(lang, "4. Activities by programme"), then_lines=12)
    if not year.programmes:
        doc.paragraph(translate_in(lang, "No activity was recorded this year."))
        return
    columns = [
        Column(translate_in(lang, "Date"), 1.0, "center"),
        Column(translate_in(lang, "Activity"), 2.4),
        Column(translate_in(lang, "Place"), 1.7),
        Column(translate_in(lang, "Partners"), 1.7),
        Column(translate_in(lang, "Beneficiaries"), 1.2, "right"),
        Column(translate_in(lang, "Volunteer hours"), 1.1, "right"),
    ]
    for programme in year.programmes:
        name = programme.name(lang) or translate_in(lang, "Activities outside a programme")
        doc.heading(name, level=2, then_lines=10)
        rows = [
            (
                format_date(a.starts_at.date(), lang),
                a.title,
                _place(a, lang),
                a.partners or "",
                format_number(a.beneficiaries, lang),
                hours(a.volunteer_minutes, lang),
            )
            for a in programme.activities
        ]
        count = len(programme.activities)
        total = [
            "",
            translate_in(lang, "Activities: {count}").format(count=format_number(count, lang)),
            "",
            "",
            format_number(programme.beneficiaries, lang),
            hours(sum(a.volunteer_minutes for a in programme.activities), lang),
        ]
        doc.listing(columns, rows, total, size=TABLE_SIZE[lang])


def _highlights(
    doc: ReportDocument,
    year: ActivityYear,
    photos: tuple[tuple[bytes, ActivityLine], ...],
    lang: Lang,
) -> None:
    doc.heading(translate_in(lang, "5. Highlights of the year"))
    if not year.highlights and not photos:
        doc.paragraph(translate_in(lang, "No activity was recorded this year."))
        return
    for line in year.highlights:
        doc.paragraph(
            translate_in(
                lang,
                "{title}, on {date} at {place}: {count} beneficiaries, {hours} volunteer hours.",
            ).format(
                title=line.title,
                date=format_date(line.starts_at.date(), lang, "long"),
                place=_place(line, lang),
                count=format_number(line.beneficiaries, lang),
                hours=hours(line.volunteer_minutes, lang),
            )
        )
    if photos:
        doc.heading(translate_in(lang, "In pictures"), level=2)
        doc.photos(
            [
                (data, f"{line.title}\n{format_date(line.starts_at.date(), lang, 'long')}")
                for data, line in photos
            ]
        )


def _funders(
    doc: ReportDocument, funders: tuple[FunderYear, ...], year: ActivityYear, lang: Lang
) -> None:
    doc.heading(translate_in(lang, "6. Partners and funders"))
    partners = partner_names(a for p in year.programmes for a in p.activities)
    if partners:
        doc.heading(translate_in(lang, "Partners of the activities"), level=2)
        doc.listing(
            [
                Column(translate_in(lang, "Partner"), 4.0),
                Column(translate_in(lang, "Activities"), 1.0, "right"),
            ],
            [(name, format_number(count, lang)) for name, count in partners],
            size=TABLE_SIZE[lang],
        )
        doc.heading(translate_in(lang, "Funders"), level=2)
    if not funders:
        doc.paragraph(translate_in(lang, "No funding agreement ran this year."))
        return
    rows = [
        (
            f.name(lang),
            translate_in(lang, FUNDER_KIND_LABELS[f.kind]),
            "\n".join(f.projects),
            format_amount(f.received, lang),
        )
        for f in funders
    ]
    doc.listing(
        [
            Column(translate_in(lang, "Funder"), 2.6),
            Column(translate_in(lang, "Kind"), 1.4),
            Column(translate_in(lang, "Projects"), 2.6),
            Column(translate_in(lang, "Received in the year (MAD)"), 1.4, "right"),
        ],
        rows,
        [
            translate_in(lang, "Total"),
            "",
            "",
            format_amount(sum((f.received for f in funders), Decimal("0.00")), lang),
        ],
        size=TABLE_SIZE[lang],
    )


def render_moral_report(data: MoralReportData, lang: Lang, path: Path) -> int:
    head = data.letterhead
    title = translate_in(lang, "Moral report {year}").format(year=data.year)
    doc = ReportDocument(lang, head, title=title, generated_on=data.generated_on)
    doc.paragraph(
        translate_in(
            lang, "Presented to the general assembly of the association and to its partners."
        )
    )
    identity = [
        (translate_in(lang, "Association"), head.name_ar if lang == "ar" else head.name_fr),
        (
            translate_in(lang, "Address"),
            (head.address_ar if lang == "ar" else head.address_fr) or "",
        ),
        (translate_in(lang, "Final receipt no."), head.receipt_number or ""),
        (translate_in(lang, "Year"), str(data.year)),
    ]
    doc.key_values([(k, v) for k, v in identity if v], label_share=0.3)
    _board(doc, data, lang)
    _members(doc, data.members, lang)
    _figures(doc, data.activities, lang)
    _programmes(doc, data.activities, lang)
    _highlights(doc, data.activities, data.photos, lang)
    _funders(doc, data.funders, data.activities, lang)

    president = data.president
    role = president.title(lang) if president else translate_in(lang, "The president")
    name = president.person.name(lang) if president else ""
    with doc.keep_together():
        doc.paragraph(
            translate_in(
                lang,
                "This moral report is submitted to the general assembly for approval; "
                "its approval is a resolution of the general assembly.",
            )
        )
        doc.date_line(place=place_name(head.city or "", lang) or None, on=data.generated_on)
        doc.signatures([SignatureBlock("", "", stamp_zone=False), SignatureBlock(role, name)])
    doc.save(path)
    return doc.page_count


def moral_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The moral report of `request.year` (default: the year before this one)."""
    data = build_moral_report_data(session, actor, request.year)
    return ReportResult(request.out, render_moral_report(data, request.lang, request.out))
