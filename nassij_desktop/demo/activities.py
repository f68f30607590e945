"""The demo's activities: a year of them in the association's programmes, some for a funded
project, with their beneficiaries, the volunteers' time, their partners and what they cost
(the activity's cost is what the books pay for it); logged through `create_activity` by the
demo's volunteer (most) or administrator, who attach a few photos and attendance sheets
(small pictures drawn here with Pillow: nothing is shipped)."""

from __future__ import annotations

import datetime as dt
import io
import random
from decimal import Decimal
from functools import partial

from PIL import Image, ImageDraw

from nassij_desktop.core.activities.attachments import attach_activity_file
from nassij_desktop.core.activities.models import ActivityKind, AgeGroup, AttachmentRole
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

PHOTOS = 8  # activities that get a photo (and, one in two, their attendance sheet)


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
    pictured = set(rng.sample(range(count), min(PHOTOS, count)))
    for index in range(count):
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
        if spec.kind is not ActivityKind.MEETING and rng.random() < 0.7:
            names = rng.sample(content.ACTIVITY_PARTNERS, rng.randint(1, 2))
            data.partners = ("، " if lang == "ar" else ", ").join(demo.t(n) for n in names)
        costs: list[tuple[str, Decimal, str]] = []
        if linked is None and spec.kind is not ActivityKind.MEETING:
            costs = _activity_costs(demo, spec)
            data.cost = sum((amount for _account, amount, _label in costs), Decimal("0.00"))
        record = create_activity(session, logger, data)
        demo.activities += 1
        for account, amount, label in costs:
            prefer = "cash" if amount < 1000 else "bank"
            demo.event(day, partial(pay, demo, day, account, amount, label, prefer))
        if index in pictured:
            photo = demo_photo(rng)
            attach_activity_file(
                session, logger, record.id, photo, f"photo-{record.id}.png", AttachmentRole.PHOTO
            )
            if index % 2:
                sheet = demo_photo(rng, sheet=True)
                name = f"feuille-presence-{record.id}.png"
                attach_activity_file(
                    session, logger, record.id, sheet, name, AttachmentRole.ATTENDANCE_SHEET
                )


def _activity_costs(
    demo: DemoContext, spec: content.ActivitySpec
) -> list[tuple[str, Decimal, str]]:
    """Transport, and supplies for those that need them, paid by the association: (account,
    amount, label) each."""
    rng, title = demo.rng, demo.t(spec.title)
    transport = Decimal(rng.choice((150, 200, 250, 300, 400, 600)))
    costs = [("6142", transport, demo.t(content.ACTIVITY_TRANSPORT, title=title)[:300])]
    if spec.kind in {ActivityKind.DISTRIBUTION, ActivityKind.TRAINING, ActivityKind.CULTURAL}:
        supplies = Decimal(rng.randrange(300, 2500, 10))
        costs.append(("6125", supplies, demo.t(content.ACTIVITY_SUPPLIES, title=title)[:300]))
    return costs


def demo_photo(rng: random.Random, *, sheet: bool = False) -> bytes:
    """A small PNG standing for a photo: a sky, the ground, a sun and a group of people
    (circles and bodies in bright clothes); or, `sheet`, a ruled page with signatures."""
    if sheet:
        image = Image.new("RGB", (240, 320), "white")
        draw = ImageDraw.Draw(image)
        for row in range(12):
            y = 40 + row * 22
            draw.line((16, y, 224, y), fill=(150, 150, 150))
            draw.line((140, y - 16, 140 + rng.randint(40, 70), y - 6), fill=(20, 40, 120), width=2)
        return _png(image)
    sky = (rng.randint(90, 140), rng.randint(160, 200), rng.randint(220, 250))
    image = Image.new("RGB", (320, 240), sky)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 160, 320, 240), fill=(rng.randint(170, 200), rng.randint(140, 170), 100))
    draw.ellipse((250, 20, 290, 60), fill=(250, 210, 80))
    for person in range(rng.randint(4, 7)):
        x = 30 + person * 42 + rng.randint(-6, 6)
        clothes = (rng.randint(40, 230), rng.randint(40, 230), rng.randint(40, 230))
        draw.ellipse((x, 110, x + 20, 130), fill=(150, 100, 70))
        draw.rectangle((x - 4, 132, x + 24, 185), fill=clothes)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
