"""The demo's activities: a year of them in the association's programmes, some for a funded
project, with their beneficiaries, the volunteers' time and what they cost; logged through
`create_activity` by the demo's volunteer (most) or administrator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from nassij_desktop.core.activities.models import ActivityKind, AgeGroup
from nassij_desktop.core.activities.services import (
    ActivityData,
    create_activity,
    create_programme,
)
from nassij_desktop.core.funding.models import RequestStatus
from nassij_desktop.core.members.models import Gender, MemberStatus
from nassij_desktop.demo import content
from nassij_desktop.demo.books import pay
from nassij_desktop.demo.context import DemoContext
from nassij_desktop.demo.people import cities


def write_activities(demo: DemoContext) -> None:
    """A year of activities: beneficiaries, volunteers' time, the costs the association paid.
    The volunteer's account logs most of them, the administrator's the others."""
    session, rng, lang, today = demo.session, demo.rng, demo.lang, demo.today
    programmes = {
        spec.code: create_programme(session, demo.admin_actor, spec.code, *spec.name).id
        for spec in content.PROGRAMMES
    }
    active = [
        p
        for p in demo.people
        if p.status is MemberStatus.ACTIVE
        and (today - p.join_date).days > 60
        and p.age_on(today) >= 16
    ]
    pool = demo.board + rng.sample(active, min(len(active), 20))
    pool = list({p.id: p for p in pool}.values())
    region_cities = [c for c in cities() if c.region_code == demo.seat.region_code]
    running = [
        r
        for r in demo.requests
        if r.status in {RequestStatus.IN_PROGRESS, RequestStatus.CLOSED} and r.programme
    ]
    weights = [0.3 if s.kind is ActivityKind.MEETING else 1.0 for s in content.ACTIVITIES]
    count = rng.randint(40, 60)
    for _index in range(count):
        spec = rng.choices(content.ACTIVITIES, weights=weights)[0]
        day = today - dt.timedelta(days=rng.randint(1, 364))
        starts = dt.datetime.combine(day, dt.time(rng.choice((9, 10, 14, 15)), rng.choice((0, 30))))
        city = demo.seat if rng.random() < 0.7 else rng.choice(region_cities)
        linked = next(
            (
                r
                for r in running
                if r.programme == spec.programme
                and r.starts_on
                and r.ends_on
                and r.starts_on <= day <= r.ends_on
            ),
            None,
        )
        if linked is not None and rng.random() < 0.3:
            linked = None
        data = ActivityData(
            title=demo.t(spec.title),
            programme_id=programmes[spec.programme] if spec.programme else None,
            kind=spec.kind,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=spec.hours),
            place=demo.t(rng.choice(content.PLACES)),
            commune=city.name(lang),
            province=city.province(lang),
            region_code=city.region_code,
            description=demo.t(content.ACTIVITY_DESCRIPTION),
            project_id=linked.project_id if linked else None,
            funding_request_id=linked.id if linked else None,
        )
        logger = demo.volunteer_actor if rng.random() < 0.8 else demo.admin_actor
        beneficiaries: dict[tuple[Gender, AgeGroup], int] = {}
        if spec.people[1]:
            cells = [(g, a) for g in spec.genders for a in spec.ages]
            weights_cells = [rng.random() + 0.2 for _ in cells]
            total = rng.randint(*spec.people)
            scale = total / sum(weights_cells)
            for (gender, age), weight in zip(cells, weights_cells, strict=True):
                number = round(weight * scale)
                if number:
                    beneficiaries[(Gender(gender), age)] = number
        data.beneficiaries = beneficiaries
        data.volunteers = {
            person.id: rng.choice(range(60, 481, 30))
            for person in rng.sample(pool, min(len(pool), rng.randint(2, 5)))
        }
        create_activity(session, logger, data)
        demo.activities += 1
        if linked is None and spec.kind is not ActivityKind.MEETING:
            _activity_costs(demo, day, spec)


def _activity_costs(demo: DemoContext, day: dt.date, spec: content.ActivitySpec) -> None:
    """Transport, and supplies for those that need them, paid by the association."""
    rng, title = demo.rng, demo.t(spec.title)
    transport = Decimal(rng.choice((150, 200, 250, 300, 400, 600)))
    label = demo.t(content.ACTIVITY_TRANSPORT, title=title)[:300]
    demo.event(day, partial(pay, demo, day, "6142", transport, label, "cash"))
    if spec.kind in {ActivityKind.DISTRIBUTION, ActivityKind.TRAINING, ActivityKind.CULTURAL}:
        supplies = Decimal(rng.randrange(300, 2500, 10))
        label = demo.t(content.ACTIVITY_SUPPLIES, title=title)[:300]
        prefer = "cash" if supplies < 1000 else "bank"
        demo.event(day, partial(pay, demo, day, "6125", supplies, label, prefer))
