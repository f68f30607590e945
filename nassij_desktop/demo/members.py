"""The demo's members: the register (`register_members`, then `change_member_statuses` for
those who left), the dues they paid (drawn here, recorded by the books in date order) and the
two accounts."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from nassij_desktop.core.common.permissions import Role
from nassij_desktop.core.members.models import (
    IdentityDocument,
    MemberCategory,
    MemberStatus,
    PaymentMethod,
)
from nassij_desktop.core.members.professions import profession_label, professions
from nassij_desktop.core.members.services import (
    MemberData,
    StatusChange,
    change_member_statuses,
    register_members,
)
from nassij_desktop.core.users.services import create_user
from nassij_desktop.demo import content
from nassij_desktop.demo.context import DemoContext
from nassij_desktop.demo.people import DemoMember, generate_members

DEMO_PASSWORD = "demo-password"  # public on purpose: demo files only
FOUNDERS = 15


def write_members(demo: DemoContext) -> None:
    """Draw the members and register them, then record the statuses of those who left before
    the books start."""
    session = demo.session
    people = generate_members(
        demo.rng, demo.today, demo.founded, demo.seat, demo.lang, demo.count, FOUNDERS
    )
    demo.categories = {c.code: c for c in session.scalars(sa.select(MemberCategory))}
    registered = register_members(session, demo.actor, list(_member_data(demo, people)))
    for person, member in zip(people, registered, strict=True):
        person.id, person.number = member.id, member.number
    left = sorted(
        (
            StatusChange(p.id, p.status, p.status_since, demo.t(p.reason) if p.reason else None)
            for p in people
            if p.status is not MemberStatus.ACTIVE
        ),
        key=lambda change: change.effective_on,
    )
    # Those who left within the books leave on the books' timeline, after the dues they paid
    # (no dues are recorded for a member already excluded or deceased).
    earlier = [change for change in left if change.effective_on < demo.books_start]
    change_member_statuses(session, demo.actor, earlier)
    demo.later_statuses = left[len(earlier) :]
    demo.people = people


def _member_data(demo: DemoContext, people: list[DemoMember]) -> Iterator[MemberData]:
    lang = demo.lang
    labels: dict[tuple[str, str], str] = {}
    all_professions = professions()
    consent_scope = demo.t(content.CONSENT_SCOPE)
    for p in people:
        key = (p.profession, p.gender.value)
        label = labels.get(key)
        if label is None:
            label = labels[key] = profession_label(all_professions[p.profession], p.gender, lang)
        yield MemberData(
            last_name_ar=p.last.ar,
            first_name_ar=p.first.ar,
            last_name_lat=p.last.lat,
            first_name_lat=p.first.lat,
            gender=p.gender,
            birth_date=p.birth_date,
            birth_place=p.birth_place.name(lang),
            id_document=IdentityDocument.CIN,
            id_number=p.id_number,
            profession=label,
            address=p.address_pair[1] if p.address_pair else None,
            address_ar=p.address_pair[0] if p.address_pair else None,
            city=p.city.name(lang),
            phone=p.phone,
            email=p.email,
            join_date=p.join_date,
            category_code=p.category,
            consent_date=p.join_date if p.consent else None,
            consent_scope=consent_scope if p.consent else None,
        )


def write_users(demo: DemoContext) -> None:
    """ "admin" (administrator) and "benevole" (a volunteer who is a member)."""
    session = demo.session
    demo.admin = create_user(
        session,
        demo.actor,
        "admin",
        demo.t(content.ADMIN_NAME),
        DEMO_PASSWORD,
        Role.ADMIN,
        language=demo.lang,
    )
    helper = next(
        p
        for p in demo.people[FOUNDERS:]
        if p.status is MemberStatus.ACTIVE and p.age_on(demo.today) >= 18
    )
    demo.volunteer = create_user(
        session,
        demo.actor,
        "benevole",
        helper.name(demo.lang),
        DEMO_PASSWORD,
        Role.VOLUNTEER,
        language=demo.lang,
        member_id=helper.id,
    )


_METHODS = (
    (PaymentMethod.CASH, 0.72),
    (PaymentMethod.TRANSFER, 0.86),
    (PaymentMethod.MOBILE, 0.93),
    (PaymentMethod.CHEQUE, 1.0),
)


class DemoDues(NamedTuple):
    paid_on: dt.date
    member: DemoMember
    year: int
    amount: Decimal
    method: PaymentMethod


def generate_dues(
    rng: random.Random,
    people: list[DemoMember],
    years: range,
    today: dt.date,
    amounts: dict[str, Decimal],
) -> list[DemoDues]:
    """Dues of `years` for the members who were active then, most paid early in the year,
    some of the previous year paid late; sorted by payment date."""
    payments: list[DemoDues] = []
    for person in people:
        amount = amounts[person.category]
        if amount <= 0:
            continue
        for year in years:
            start = dt.date(year, 1, 2)
            if person.join_date > dt.date(year, 12, 31) or rng.random() > person.payer:
                continue
            if person.join_date >= start:
                paid_on = person.join_date
            else:
                paid_on = start + dt.timedelta(days=int(rng.random() ** 2.5 * 330))
                if year < today.year and rng.random() < 0.05:
                    paid_on = dt.date(year + 1, 1, 5) + dt.timedelta(days=rng.randrange(50))
            if paid_on > today or not person.active_on(paid_on):
                continue
            roll = rng.random()
            method = next(m for m, limit in _METHODS if roll < limit)
            payments.append(DemoDues(paid_on, person, year, amount, method))
    payments.sort(key=lambda p: (p.paid_on, p.member.number, p.year))
    return payments
