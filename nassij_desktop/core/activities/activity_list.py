"""The activities list as screens read it: a page of summary rows at a time, counted and
filtered in SQL.

`list_activities` loads every activity with its beneficiaries and volunteers; a list of
thousands needs only the columns it shows, the totals summed by the database, a page at a
time (`activity_rows`), and the days of a month that have activities (`activity_days`) for
the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import (
    Activity,
    ActivityAttachment,
    ActivityKind,
    BeneficiaryCount,
    VolunteerTime,
)
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.models import FundingRequest, Project

S = TypeVar("S", bound=sa.Select[Any])


@dataclass(frozen=True)
class ActivityFilter:
    """What the list shows: a period (both days included), a programme, words of the title
    or the place."""

    start: dt.date | None = None
    end: dt.date | None = None
    programme_id: int | None = None
    text: str = ""


@dataclass(frozen=True)
class ActivityRow:
    id: int
    starts_at: dt.datetime
    title: str
    kind: ActivityKind
    programme_id: int | None
    place: str | None
    commune: str | None
    beneficiaries: int
    volunteer_minutes: int
    logged_by_id: int | None
    cost: Decimal | None = None
    files: int = 0  # photos and attendance sheets attached


@dataclass(frozen=True)
class LinkChoice:
    """A project or a funding request an activity may belong to."""

    id: int
    name_ar: str
    name_fr: str

    def name(self, lang: str) -> str:
        return (self.name_ar if lang == "ar" else self.name_fr) or self.name_ar or self.name_fr


def _where(stmt: S, flt: ActivityFilter) -> S:
    if flt.start is not None:
        stmt = stmt.where(Activity.starts_at >= dt.datetime.combine(flt.start, dt.time.min))
    if flt.end is not None:
        stmt = stmt.where(
            Activity.starts_at < dt.datetime.combine(flt.end + dt.timedelta(days=1), dt.time.min)
        )
    if flt.programme_id is not None:
        stmt = stmt.where(Activity.programme_id == flt.programme_id)
    for word in flt.text.split():
        # Titles and places are short free text, not indexed for search: each word is found
        # inside one of them as typed (SQL LIKE, case-folded for unaccented Latin letters).
        stmt = stmt.where(
            sa.or_(
                *(
                    column.icontains(word, autoescape=True)
                    for column in (Activity.title, Activity.place, Activity.commune)
                )
            )
        )
    return stmt


def count_activities(session: Session, actor: Actor, flt: ActivityFilter) -> int:
    actor.require(Permission.ACTIVITIES_READ)
    stmt = _where(sa.select(sa.func.count(Activity.id)), flt)
    return int(session.scalar(stmt) or 0)


def activity_rows(
    session: Session, actor: Actor, flt: ActivityFilter, *, offset: int = 0, limit: int = 100
) -> list[ActivityRow]:
    """Rows `offset` to `offset + limit` of the filtered list, the latest first."""
    actor.require(Permission.ACTIVITIES_READ)
    page = (
        _where(sa.select(Activity.id), flt)
        .order_by(Activity.starts_at.desc(), Activity.id.desc())
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    people = (
        sa.select(sa.func.coalesce(sa.func.sum(BeneficiaryCount.count), 0))
        .where(BeneficiaryCount.activity_id == Activity.id)
        .scalar_subquery()
    )
    minutes = (
        sa.select(sa.func.coalesce(sa.func.sum(VolunteerTime.minutes), 0))
        .where(VolunteerTime.activity_id == Activity.id)
        .scalar_subquery()
    )
    files = (
        sa.select(sa.func.count(ActivityAttachment.id))
        .where(ActivityAttachment.activity_id == Activity.id)
        .scalar_subquery()
    )
    stmt = (
        sa.select(
            Activity.id,
            Activity.starts_at,
            Activity.title,
            Activity.kind,
            Activity.programme_id,
            Activity.place,
            Activity.commune,
            people,
            minutes,
            Activity.logged_by_id,
            Activity.cost,
            files,
        )
        .join(page, page.c.id == Activity.id)
        .order_by(Activity.starts_at.desc(), Activity.id.desc())
    )
    return [ActivityRow(*row) for row in session.execute(stmt)]


def activity_days(
    session: Session, actor: Actor, year: int, month: int, flt: ActivityFilter
) -> set[dt.date]:
    """The days of a month on which a filtered activity starts (the calendar marks them)."""
    actor.require(Permission.ACTIVITIES_READ)
    first = dt.date(year, month, 1)
    after = dt.date(year + (month == 12), month % 12 + 1, 1)
    start = max(first, flt.start) if flt.start else first
    end = min(after - dt.timedelta(days=1), flt.end) if flt.end else after - dt.timedelta(days=1)
    if start > end:
        return set()
    bounded = ActivityFilter(start, end, flt.programme_id, flt.text)
    stmt = _where(sa.select(Activity.starts_at), bounded)
    return {value.date() for value in session.scalars(stmt)}


def activity_link_choices(
    session: Session, actor: Actor
) -> tuple[list[LinkChoice], list[LinkChoice]]:
    """The projects and the funding requests an activity may be logged for: whoever logs
    activities chooses among them, without the right to read the funding files."""
    actor.require(Permission.ACTIVITIES_READ)
    projects = [
        LinkChoice(row.id, row.name_ar, row.name_fr)
        for row in session.execute(
            sa.select(Project.id, Project.name_ar, Project.name_fr).order_by(Project.code)
        )
    ]
    requests = []
    for row in session.execute(
        sa.select(
            FundingRequest.id, FundingRequest.title, FundingRequest.agreement_number
        ).order_by(FundingRequest.id.desc())
    ):
        text = f"{row.title} — {row.agreement_number}" if row.agreement_number else row.title
        requests.append(LinkChoice(row.id, text, text))
    return projects, requests


__all__: Sequence[str] = (
    "ActivityFilter",
    "ActivityRow",
    "LinkChoice",
    "activity_days",
    "activity_link_choices",
    "activity_rows",
    "count_activities",
)
