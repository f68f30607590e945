"""The volunteering attestation (شهادة التطوع / attestation de bénévolat): on the
association's letterhead, the association certifies that one member volunteered in a year —
the activities they gave time to (date, title, programme, hours), the total of hours — signed
by the president of the board on the day it is made.

Said of one person, its words follow that person's gender (المتطوع/المتطوعة, le bénévole/la
bénévole; `NG_` labels, see core/common/gendered.py); a gender not recorded takes the masculine,
the grammatical default of both languages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import Activity, VolunteerTime
from nassij_desktop.core.activities.volunteering import (
    VolunteeredActivity,
    check_year,
    minutes_as_hours,
    volunteer_hours,
    volunteered_activities,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.gendered import gendered
from nassij_desktop.core.common.names import join_names, other_script_name, reader_name
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.governance.history import Seat, board_member_on
from nassij_desktop.core.members.models import Gender, Member
from nassij_desktop.i18n import NG_, _, translate_in
from nassij_desktop.i18n.formatting import format_date, format_number, isolate
from nassij_desktop.reports.engine import Column, ReportDocument
from nassij_desktop.reports.governance.board_declaration import association_named
from nassij_desktop.reports.governance.board_list import signature_blocks
from nassij_desktop.reports.governance.layout import Frame, read_frame
from nassij_desktop.reports.request import Lang, ReportRequest, ReportResult

# Said of the person the attestation is for: the feminine forms are in the catalogs.
VOLUNTEER = NG_("The volunteer")
CERTIFIES = NG_(
    "{association} certifies that {name}, member no. {number}, volunteered in the "
    "association's activities during the year {year}, giving {hours} hours of volunteer "
    "time to the activities listed below."
)
ISSUED = NG_(
    "This attestation is issued to the person concerned, at their request, to serve where "
    "it may be needed."
)


@dataclass(frozen=True)
class VolunteeringData:
    frame: Frame
    year: int
    number: str
    name_ar: str
    name_lat: str
    gender: Gender | None
    activities: tuple[VolunteeredActivity, ...]
    president: Seat | None  # who signs: the president of the board on the day it is made

    @property
    def minutes(self) -> int:
        return sum(a.minutes for a in self.activities)

    @property
    def hours(self) -> Decimal:
        return minutes_as_hours(self.minutes)


def build_volunteering_data(
    session: Session, actor: Actor, member_id: int, year: int, today: dt.date | None = None
) -> VolunteeringData:
    year = check_year(year)
    member = session.execute(
        sa.select(
            Member.number,
            Member.first_name_ar,
            Member.last_name_ar,
            Member.first_name_lat,
            Member.last_name_lat,
            Member.gender,
        ).where(Member.id == member_id)
    ).one_or_none()
    if member is None:
        raise NotFound(_("No {what} has the number {id}.").format(what=_("member"), id=member_id))
    activities = volunteered_activities(session, actor, member_id, year)
    if not activities:
        raise ValidationError(
            "year",
            _("No volunteer time is recorded for member {number} in {year}.").format(
                number=member.number, year=year
            ),
        )
    frame = read_frame(session, today)
    return VolunteeringData(
        frame=frame,
        year=year,
        number=member.number,
        name_ar=join_names(member.first_name_ar, member.last_name_ar),
        name_lat=join_names(member.first_name_lat, member.last_name_lat),
        gender=member.gender,
        activities=activities,
        president=board_member_on(session, frame.generated_on, "president"),
    )


def hours_text(hours: Decimal, lang: Lang) -> str:
    """4 → "4", 1.50 → "1,5" (hours are shown to the minute's hundredth, without zeros)."""
    return format_number(hours, lang)


def certification(data: VolunteeringData, lang: Lang) -> str:
    name = reader_name(lang, data.name_ar, data.name_lat)
    return gendered(CERTIFIES, data.gender, lang).format(
        association=association_named(data.frame.association, lang),
        name=isolate(name, "auto"),
        number=isolate(data.number, "ltr"),
        year=data.year,
        hours=hours_text(data.hours, lang),
    )


def render_volunteering(data: VolunteeringData, lang: Lang, path: Path) -> int:
    frame = data.frame
    doc = ReportDocument(
        lang,
        frame.letterhead,
        title=translate_in(lang, "Volunteering attestation"),
        generated_on=frame.generated_on,
        hijri_offset_days=frame.hijri_offset_days,
    )
    name = reader_name(lang, data.name_ar, data.name_lat)
    other = other_script_name(lang, data.name_ar, data.name_lat)
    doc.key_values(
        [
            (gendered(VOLUNTEER, data.gender, lang), f"{name}\n{other}" if other else name),
            (translate_in(lang, "Member no."), data.number),
            (translate_in(lang, "Year"), str(data.year)),
            (translate_in(lang, "Hours of volunteer time"), hours_text(data.hours, lang)),
        ],
        label_share=0.3,
    )
    doc.paragraph(certification(data, lang))
    doc.heading(translate_in(lang, "Activities"), level=3)
    doc.table(
        [
            Column(translate_in(lang, "Date"), 1.3, "center"),
            Column(translate_in(lang, "Activity"), 4.2),
            Column(translate_in(lang, "Programme"), 2.8),
            Column(translate_in(lang, "Hours"), 0.9, "right"),
        ],
        [
            [
                format_date(a.starts_at.date(), lang),
                a.title,
                a.programme(lang),
                hours_text(a.hours, lang),
            ]
            for a in data.activities
        ],
        totals=["", translate_in(lang, "Total"), "", hours_text(data.hours, lang)],
    )
    with doc.keep_together():
        doc.paragraph(gendered(ISSUED, data.gender, lang))
        doc.date_line(place=frame.association.place(lang))
        doc.signatures(signature_blocks(data.president, lang))
    doc.save(path)
    return doc.page_count


def volunteering_report(session: Session, actor: Actor, request: ReportRequest) -> ReportResult:
    """The attestation of member `request.member_ids` (one) for `request.year`. Without a
    year: the latest year with volunteer time, up to this one; without a member: the member
    who gave the most hours that year (the Documents page's preview of the document)."""
    actor.require(Permission.ACTIVITIES_READ)
    actor.require(Permission.MEMBERS_READ)
    if len(request.member_ids) > 1:
        raise ValidationError(
            "member_ids", _("An attestation is for one member: give one --member.")
        )
    year = request.year or latest_year(session) or clock.today().year
    if request.member_ids:
        member_id = request.member_ids[0]
    else:
        given = volunteer_hours(session, actor, year).volunteers
        if not given:
            raise ValidationError(
                "year", _("No volunteer time is recorded in {year}.").format(year=year)
            )
        member_id = max(given, key=lambda v: v.minutes).member_id
    data = build_volunteering_data(session, actor, member_id, year)
    pages = render_volunteering(data, request.lang, request.out)
    return ReportResult(path=request.out, pages=pages)


def latest_year(session: Session) -> int | None:
    """The latest year, up to this one, of an activity volunteers gave time to."""
    end = dt.datetime(clock.today().year + 1, 1, 1)
    latest = session.scalar(
        sa.select(sa.func.max(Activity.starts_at))
        .join(VolunteerTime, VolunteerTime.activity_id == Activity.id)
        .where(Activity.starts_at < end)
    )
    return latest.year if latest is not None else None
