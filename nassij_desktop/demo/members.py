"""The demo's members: the register (written in bulk, with each member's status history),
the dues they paid (drawn here, written by the books in date order) and the two accounts."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa

from nassij_desktop.core.association import settings
from nassij_desktop.core.common.permissions import Role
from nassij_desktop.core.members.models import (
    IdentityDocument,
    Member,
    MemberCategory,
    MemberStatus,
    MemberStatusChange,
    PaymentMethod,
)
from nassij_desktop.core.members.professions import profession_label, professions
from nassij_desktop.core.members.services import member_search_text, member_sort_names
from nassij_desktop.core.users.models import User
from nassij_desktop.core.users.services import create_user
from nassij_desktop.demo import content
from nassij_desktop.demo.bulk import BulkInsert
from nassij_desktop.demo.context import DemoContext
from nassij_desktop.demo.people import DemoMember, generate_members
from nassij_desktop.i18n import _

DEMO_PASSWORD = "demo-password"  # public on purpose: demo files only
FOUNDERS = 15
MEMBER_COLUMNS = (
    "number",
    "last_name_ar",
    "first_name_ar",
    "last_name_lat",
    "first_name_lat",
    "gender",
    "birth_date",
    "birth_place",
    "nationality",
    "id_document",
    "id_number",
    "profession",
    "address",
    "city",
    "phone",
    "email",
    "join_date",
    "status",
    "status_since",
    "category_id",
    "consent_date",
    "consent_scope",
    "search_text",
    "sort_name_ar",
    "sort_name_lat",
)


def write_members(demo: DemoContext) -> None:
    """Draw the members, number them and write them with their status history."""
    session = demo.session
    people = generate_members(
        demo.rng, demo.today, demo.founded, demo.seat, demo.lang, demo.count, FOUNDERS
    )
    width = int(settings.get_setting(session, "members.number_width"))
    for index, person in enumerate(people, start=1):
        person.number = str(index).zfill(width)
    demo.categories = {c.code: c for c in session.scalars(sa.select(MemberCategory))}
    BulkInsert(session, Member.__table__, MEMBER_COLUMNS).insert(_member_rows(demo, people))
    ids = dict(session.execute(sa.select(Member.number, Member.id)).all())
    for person in people:
        person.id = ids[person.number]
    BulkInsert(
        session,
        MemberStatusChange.__table__,
        ("member_id", "from_status", "to_status", "effective_on", "reason"),
    ).insert(_status_rows(demo, people))
    demo.people = people


def _member_rows(demo: DemoContext, people: list[DemoMember]) -> Iterator[tuple[object, ...]]:
    lang = demo.lang
    labels: dict[tuple[str, str], str] = {}
    all_professions = professions()
    consent_scope = demo.t(content.CONSENT_SCOPE)
    for p in people:
        key = (p.profession, p.gender.value)
        label = labels.get(key)
        if label is None:
            label = labels[key] = profession_label(all_professions[p.profession], p.gender, lang)
        yield (
            p.number,
            p.last.ar,
            p.first.ar,
            p.last.lat,
            p.first.lat,
            p.gender,
            p.birth_date,
            p.birth_place.name(lang),
            "MA",
            IdentityDocument.CIN,
            p.id_number,
            label,
            p.address,
            p.city.name(lang),
            p.phone,
            p.email,
            p.join_date,
            p.status,
            p.status_since,
            demo.categories[p.category].id,
            p.join_date if p.consent else None,
            consent_scope if p.consent else None,
            member_search_text(
                p.first.ar, p.last.ar, p.first.lat, p.last.lat, p.number, p.phone, p.email
            ),
            *member_sort_names(p.first.ar, p.last.ar, p.first.lat, p.last.lat),
        )


def _status_rows(demo: DemoContext, people: list[DemoMember]) -> Iterator[tuple[object, ...]]:
    joined = _("Joined")  # the reason create_member gives
    for p in people:
        yield (p.id, None, MemberStatus.ACTIVE, p.join_date, joined)
        if p.status is not MemberStatus.ACTIVE:
            reason = demo.t(p.reason) if p.reason else None
            yield (p.id, MemberStatus.ACTIVE, p.status, p.status_since, reason)


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
    )
    user = session.get(User, demo.volunteer.id)
    assert user is not None
    user.member_id = helper.id


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
