"""Volunteer time read back: hours per member and per year, valued at the association's
hourly rate (the setting `activities.volunteer_hourly_rate`), and one member's activities of
a year (the volunteering attestation).

Sums are SQLite's (GROUP BY member over the year's activities), so a year of thousands of
activities costs one query; minutes stay whole until they are shown as hours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import Activity, Programme, VolunteerTime
from nassij_desktop.core.association.settings import volunteer_hourly_rate
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import CENT
from nassij_desktop.core.common.names import join_names, reader_name
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.members.models import Gender, Member
from nassij_desktop.i18n import _

YEARS = (1958, 2200)


def minutes_as_hours(minutes: int) -> Decimal:
    """Whole minutes as hours with two decimals (90 → 1.50)."""
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def valued(minutes: int, rate: Decimal) -> Decimal:
    """What `minutes` of volunteer time are worth at `rate` an hour, to the centime."""
    return (Decimal(minutes) * rate / 60).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class VolunteerHours:
    member_id: int
    number: str
    name_ar: str
    name_lat: str
    gender: Gender | None
    activities: int
    minutes: int
    hours: Decimal
    value: Decimal

    def name(self, lang: str) -> str:
        return reader_name(lang, self.name_ar, self.name_lat)


@dataclass(frozen=True)
class VolunteerYear:
    """Every member who gave time in `year`, by member number, with the totals."""

    year: int
    rate: Decimal  # MAD an hour
    volunteers: tuple[VolunteerHours, ...]

    @property
    def minutes(self) -> int:
        return sum(v.minutes for v in self.volunteers)

    @property
    def hours(self) -> Decimal:
        return minutes_as_hours(self.minutes)

    @property
    def value(self) -> Decimal:
        return valued(self.minutes, self.rate)


def check_year(year: object, field: str = "year") -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        raise ValidationError(
            field, _("Give a year from {low} to {high}.").format(low=YEARS[0], high=YEARS[1])
        )
    return year


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1), dt.datetime(year + 1, 1, 1)


def number_order(number: str) -> tuple[int, str]:
    # Member numbers are zero-padded digits, but an imported one may not be.
    return (int(number), number) if number.isdigit() else (10**18, number)


def volunteer_hours(
    session: Session, actor: Actor, year: int, *, member_id: int | None = None
) -> VolunteerYear:
    """Hours given by each member in `year` (activities that started in it), with their value
    at the association's hourly rate; `member_id` keeps one member."""
    actor.require(Permission.ACTIVITIES_READ)
    actor.require(Permission.MEMBERS_READ)
    year = check_year(year)
    start, end = _year_bounds(year)
    minutes = sa.func.sum(VolunteerTime.minutes)
    query = (
        sa.select(
            Member.id,
            Member.number,
            Member.first_name_ar,
            Member.last_name_ar,
            Member.first_name_lat,
            Member.last_name_lat,
            Member.gender,
            sa.func.count(VolunteerTime.activity_id),
            minutes,
        )
        .join(VolunteerTime, VolunteerTime.member_id == Member.id)
        .join(Activity, Activity.id == VolunteerTime.activity_id)
        .where(Activity.starts_at >= start, Activity.starts_at < end)
        .group_by(Member.id)
    )
    if member_id is not None:
        query = query.where(Member.id == member_id)
    rate = volunteer_hourly_rate(session)
    rows = [
        VolunteerHours(
            member_id=row[0],
            number=row[1],
            name_ar=join_names(row[2], row[3]),
            name_lat=join_names(row[4], row[5]),
            gender=row[6],
            activities=int(row[7]),
            minutes=int(row[8]),
            hours=minutes_as_hours(int(row[8])),
            value=valued(int(row[8]), rate),
        )
        for row in session.execute(query)
    ]
    rows.sort(key=lambda v: number_order(v.number))
    return VolunteerYear(year=year, rate=rate, volunteers=tuple(rows))


@dataclass(frozen=True)
class VolunteeredActivity:
    activity_id: int
    starts_at: dt.datetime
    title: str
    programme_code: str | None
    programme_ar: str | None
    programme_fr: str | None
    minutes: int

    @property
    def hours(self) -> Decimal:
        return minutes_as_hours(self.minutes)

    def programme(self, lang: str) -> str:
        return (self.programme_ar if lang == "ar" else self.programme_fr) or ""


def volunteered_activities(
    session: Session, actor: Actor, member_id: int, year: int
) -> tuple[VolunteeredActivity, ...]:
    """The activities of `year` a member gave time to, in date order, with the minutes."""
    actor.require(Permission.ACTIVITIES_READ)
    actor.require(Permission.MEMBERS_READ)
    year = check_year(year)
    start, end = _year_bounds(year)
    query = (
        sa.select(
            Activity.id,
            Activity.starts_at,
            Activity.title,
            Programme.code,
            Programme.name_ar,
            Programme.name_fr,
            VolunteerTime.minutes,
        )
        .join(VolunteerTime, VolunteerTime.activity_id == Activity.id)
        .outerjoin(Programme, Programme.id == Activity.programme_id)
        .where(
            VolunteerTime.member_id == member_id,
            Activity.starts_at >= start,
            Activity.starts_at < end,
        )
        .order_by(Activity.starts_at, Activity.id)
    )
    return tuple(VolunteeredActivity(*row) for row in session.execute(query))
