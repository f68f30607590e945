"""A year of the association's life in figures, for the moral report (التقرير الأدبي / rapport
moral): activities by programme, beneficiaries by month, gender and age group, volunteer
hours, members by category, and the funders of the year.

Every figure is counted by SQL (GROUP BY, SUM): a file with thousands of activities is read
as a few result rows and one light row per activity of the year, never as activity objects
with their counts and volunteers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.activities.models import (
    Activity,
    ActivityAttachment,
    AgeGroup,
    AttachmentRole,
    BeneficiaryCount,
    Programme,
    VolunteerTime,
)
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.models import (
    Funder,
    FunderKind,
    FundingRequest,
    RequestStatus,
    Tranche,
)
from nassij_desktop.core.members.dues import expected_to_pay
from nassij_desktop.core.members.models import Gender, Member, MemberCategory

HIGHLIGHTS = 3  # activities with the most beneficiaries, told apart in the report
PHOTO_HIGHLIGHTS = 6  # activities shown by a photo: those with one, the most beneficiaries first

# Requests whose funder counts as a partner of the year when their period meets it.
_PARTNER_STATUSES = (
    RequestStatus.GRANTED,
    RequestStatus.AGREEMENT_SIGNED,
    RequestStatus.IN_PROGRESS,
    RequestStatus.CLOSED,
)


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime(year, 1, 1), dt.datetime(year + 1, 1, 1)


@dataclass(frozen=True)
class ActivityLine:
    """One activity of the year as the report lists it."""

    id: int
    title: str
    starts_at: dt.datetime
    place: str | None
    commune: str | None
    programme_id: int | None
    beneficiaries: int
    volunteer_minutes: int
    partners: str | None = None
    cost: Decimal | None = None


@dataclass(frozen=True)
class PhotoHighlight:
    """An activity of the year shown by its first photo (`attachment_id`)."""

    line: ActivityLine
    attachment_id: int


@dataclass(frozen=True)
class ProgrammeYear:
    """A programme's activities of the year (`programme_id` None: those without one)."""

    programme_id: int | None
    code: str
    name_ar: str
    name_fr: str
    activities: tuple[ActivityLine, ...]

    def name(self, lang: str) -> str:
        return self.name_ar if lang == "ar" else self.name_fr

    @property
    def beneficiaries(self) -> int:
        return sum(a.beneficiaries for a in self.activities)


@dataclass(frozen=True)
class ActivityYear:
    year: int
    programmes: tuple[ProgrammeYear, ...]  # by programme code; activities by date
    by_month: tuple[int, ...]  # beneficiaries, January first (12 values)
    by_gender: tuple[tuple[Gender, int], ...]  # every gender, in Gender's order
    by_age: tuple[tuple[AgeGroup, int], ...]  # every age group, in AgeGroup's order
    volunteer_minutes: int
    volunteers: int  # distinct members who gave time
    highlights: tuple[ActivityLine, ...]
    cost: Decimal = Decimal("0.00")  # what the year's activities cost, as told
    photos: tuple[PhotoHighlight, ...] = ()

    @property
    def activity_count(self) -> int:
        return sum(len(p.activities) for p in self.programmes)

    @property
    def beneficiaries(self) -> int:
        return sum(self.by_month)


def activity_year(session: Session, actor: Actor, year: int) -> ActivityYear:
    """The activities that started in `year`, grouped by programme, with their totals."""
    actor.require(Permission.ACTIVITIES_READ)
    start, end = _year_bounds(year)
    in_year = sa.and_(Activity.starts_at >= start, Activity.starts_at < end)
    counted = (
        sa.select(
            BeneficiaryCount.activity_id.label("activity_id"),
            sa.func.sum(BeneficiaryCount.count).label("people"),
        )
        .join(Activity, Activity.id == BeneficiaryCount.activity_id)
        .where(in_year)
        .group_by(BeneficiaryCount.activity_id)
        .subquery()
    )
    timed = (
        sa.select(
            VolunteerTime.activity_id.label("activity_id"),
            sa.func.sum(VolunteerTime.minutes).label("minutes"),
        )
        .join(Activity, Activity.id == VolunteerTime.activity_id)
        .where(in_year)
        .group_by(VolunteerTime.activity_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(
            Activity.id,
            Activity.title,
            Activity.starts_at,
            Activity.place,
            Activity.commune,
            Activity.programme_id,
            sa.func.coalesce(counted.c.people, 0),
            sa.func.coalesce(timed.c.minutes, 0),
            Activity.partners,
            Activity.cost,
        )
        .outerjoin(counted, counted.c.activity_id == Activity.id)
        .outerjoin(timed, timed.c.activity_id == Activity.id)
        .where(in_year)
        .order_by(Activity.starts_at, Activity.id)
    ).all()
    lines = [ActivityLine(*row) for row in rows]

    grouped: dict[int | None, list[ActivityLine]] = {}
    for line in lines:
        grouped.setdefault(line.programme_id, []).append(line)
    names = {
        p.id: p
        for p in session.scalars(
            sa.select(Programme).where(Programme.id.in_([k for k in grouped if k is not None]))
        )
    }
    programmes = sorted(
        (
            ProgrammeYear(key, names[key].code, names[key].name_ar, names[key].name_fr, tuple(v))
            for key, v in grouped.items()
            if key is not None
        ),
        key=lambda p: p.code,
    )
    if None in grouped:
        programmes.append(ProgrammeYear(None, "", "", "", tuple(grouped[None])))

    per_group = session.execute(
        sa.select(
            BeneficiaryCount.gender, BeneficiaryCount.age_group, sa.func.sum(BeneficiaryCount.count)
        )
        .join(Activity, Activity.id == BeneficiaryCount.activity_id)
        .where(in_year)
        .group_by(BeneficiaryCount.gender, BeneficiaryCount.age_group)
    )
    genders = dict.fromkeys(Gender, 0)
    ages = dict.fromkeys(AgeGroup, 0)
    for gender, age, count in per_group:
        genders[gender] += int(count)
        ages[age] += int(count)
    minutes, volunteers = session.execute(
        sa.select(
            sa.func.coalesce(sa.func.sum(VolunteerTime.minutes), 0),
            sa.func.count(sa.distinct(VolunteerTime.member_id)),
        )
        .join(Activity, Activity.id == VolunteerTime.activity_id)
        .where(in_year)
    ).one()
    highlights = sorted(
        (a for a in lines if a.beneficiaries), key=lambda a: (-a.beneficiaries, a.starts_at)
    )
    # The first photo of each activity of the year that has one (a few rows: one per
    # activity with photos), for the report's highlights in pictures.
    first_photo = {
        int(activity_id): int(attachment_id)
        for activity_id, attachment_id in session.execute(
            sa.select(ActivityAttachment.activity_id, sa.func.min(ActivityAttachment.attachment_id))
            .join(Activity, Activity.id == ActivityAttachment.activity_id)
            .where(in_year, ActivityAttachment.role == AttachmentRole.PHOTO)
            .group_by(ActivityAttachment.activity_id)
        )
    }
    pictured = sorted(
        (a for a in lines if a.id in first_photo), key=lambda a: (-a.beneficiaries, a.starts_at)
    )
    return ActivityYear(
        year=year,
        programmes=tuple(programmes),
        by_month=_by_month(session, in_year),
        by_gender=tuple(genders.items()),
        by_age=tuple(ages.items()),
        volunteer_minutes=int(minutes),
        volunteers=int(volunteers),
        highlights=tuple(highlights[:HIGHLIGHTS]),
        cost=sum((a.cost for a in lines if a.cost is not None), Decimal("0.00")),
        photos=tuple(PhotoHighlight(a, first_photo[a.id]) for a in pictured[:PHOTO_HIGHLIGHTS]),
    )


def _by_month(session: Session, in_year: sa.ColumnElement[bool]) -> tuple[int, ...]:
    month = sa.extract("month", Activity.starts_at)
    per_month = {
        int(m): int(n or 0)
        for m, n in session.execute(
            sa.select(month, sa.func.sum(BeneficiaryCount.count))
            .join(Activity, Activity.id == BeneficiaryCount.activity_id)
            .where(in_year)
            .group_by(month)
        )
    }
    return tuple(per_month.get(m, 0) for m in range(1, 13))


def beneficiaries_by_month(session: Session, actor: Actor, year: int) -> tuple[int, ...]:
    """The beneficiaries of the activities that started in `year`, January first (12
    values): one GROUP BY (the dashboard's chart)."""
    actor.require(Permission.ACTIVITIES_READ)
    start, end = _year_bounds(year)
    return _by_month(session, sa.and_(Activity.starts_at >= start, Activity.starts_at < end))


@dataclass(frozen=True)
class CategoryCount:
    code: str
    label_ar: str
    label_fr: str
    women: int
    men: int
    total: int  # with the members whose gender is not recorded

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_fr


def members_by_category(session: Session, actor: Actor, year: int) -> list[CategoryCount]:
    """The members of `year` (joined by its end, not gone before it began: the rule of
    `members.dues.expected_to_pay`) per category, in the categories' order."""
    actor.require(Permission.MEMBERS_READ)
    women = sa.func.sum(sa.case((Member.gender == Gender.FEMALE, 1), else_=0))
    men = sa.func.sum(sa.case((Member.gender == Gender.MALE, 1), else_=0))
    rows = session.execute(
        sa.select(
            MemberCategory.code,
            MemberCategory.label_ar,
            MemberCategory.label_fr,
            women,
            men,
            sa.func.count(Member.id),
        )
        .join(Member, Member.category_id == MemberCategory.id)
        .where(expected_to_pay(year))
        .group_by(MemberCategory.id)
        .order_by(MemberCategory.position, MemberCategory.code)
    )
    return [
        CategoryCount(code, ar, fr, int(w or 0), int(m or 0), int(n))
        for code, ar, fr, w, m, n in rows
    ]


@dataclass(frozen=True)
class FunderYear:
    """A funder the association worked with in the year: its agreements that ran in it, what
    they granted, and what it paid in the year (in MAD)."""

    funder_id: int
    name_ar: str | None
    name_fr: str
    acronym: str | None
    kind: FunderKind
    foreign: bool
    projects: tuple[str, ...]  # the requests' titles
    granted: Decimal
    received: Decimal

    def name(self, lang: str) -> str:
        if lang == "ar":
            return self.name_ar or self.name_fr
        return self.name_fr


def funders_of_year(session: Session, actor: Actor, year: int) -> list[FunderYear]:
    """Funders with a granted request whose period meets `year`, or a tranche received in it;
    by amount received, then name."""
    actor.require(Permission.FUNDING_READ)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    received = (
        sa.select(
            Tranche.request_id.label("request_id"),
            sa.func.sum(Tranche.amount_mad).label("amount"),
        )
        .where(Tranche.received_on >= first, Tranche.received_on <= last)
        .group_by(Tranche.request_id)
        .subquery()
    )
    ran = sa.and_(
        FundingRequest.status.in_(_PARTNER_STATUSES),
        sa.or_(FundingRequest.starts_on.is_(None), FundingRequest.starts_on <= last),
        sa.or_(FundingRequest.ends_on.is_(None), FundingRequest.ends_on >= first),
    )
    rows = session.execute(
        sa.select(
            Funder.id,
            FundingRequest.title,
            FundingRequest.amount_granted,
            FundingRequest.currency,
            received.c.amount,
        )
        .join(FundingRequest, FundingRequest.funder_id == Funder.id)
        .outerjoin(received, received.c.request_id == FundingRequest.id)
        .where(sa.or_(ran, received.c.amount.is_not(None)))
        .order_by(FundingRequest.id)
    )
    per_funder: dict[int, tuple[list[str], Decimal, Decimal]] = {}
    for funder_id, title, granted, currency, amount in rows:
        titles, total_granted, total_received = per_funder.get(
            funder_id, ([], Decimal("0.00"), Decimal("0.00"))
        )
        titles.append(title)
        if granted is not None and currency == "MAD":  # a foreign currency is not summed in MAD
            total_granted += granted
        total_received += amount if amount is not None else Decimal("0.00")  # SUM keeps Money
        per_funder[funder_id] = (titles, total_granted, total_received)
    funders = session.scalars(sa.select(Funder).where(Funder.id.in_(per_funder)))
    out = [
        FunderYear(
            f.id,
            f.name_ar,
            f.name_fr,
            f.acronym,
            f.kind,
            f.foreign,
            tuple(per_funder[f.id][0]),
            per_funder[f.id][1],
            per_funder[f.id][2],
        )
        for f in funders
    ]
    return sorted(out, key=lambda f: (-f.received, f.name_fr))
