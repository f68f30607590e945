"""The year's figures counted in SQL (`core.activities.summary`) agree with the activities
read one by one through `list_activities`, and with the members and funding records."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.activities.services import list_activities
from nassij_desktop.core.activities.summary import (
    HIGHLIGHTS,
    activity_year,
    funders_of_year,
    members_by_category,
)
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.models import Tranche
from nassij_desktop.core.members.dues import expected_to_pay
from nassij_desktop.core.members.models import Member
from nassij_desktop.storage import Database
from tests.reports.moral.conftest import YEAR

VOLUNTEER = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)


def test_activity_year_agrees_with_the_activities_one_by_one(moral_demo: Database) -> None:
    with moral_demo.session() as session:
        summary = activity_year(session, CLI_ACTOR, YEAR)
        records = list_activities(
            session, CLI_ACTOR, start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31)
        )
    assert records and summary.activity_count == len(records)
    by_month: Counter[int] = Counter()
    by_gender: Counter[str] = Counter()
    by_age: Counter[str] = Counter()
    for record in records:
        for gender, age, count in record.beneficiaries:
            by_month[record.starts_at.month] += count
            by_gender[gender] += count
            by_age[age] += count
    assert summary.by_month == tuple(by_month[m] for m in range(1, 13))
    assert dict(summary.by_gender) == {g: by_gender[g] for g, _n in summary.by_gender}
    assert dict(summary.by_age) == {a: by_age[a] for a, _n in summary.by_age}
    assert summary.beneficiaries == sum(r.beneficiary_total for r in records)
    assert summary.volunteer_minutes == sum(r.volunteer_minutes for r in records)
    assert summary.volunteers == len({m for r in records for m, _minutes in r.volunteers})
    per_programme = Counter(r.programme_id for r in records)
    assert {p.programme_id: len(p.activities) for p in summary.programmes} == per_programme
    totals = {r.id: r.beneficiary_total for r in records}
    for programme in summary.programmes:
        assert [a.starts_at for a in programme.activities] == sorted(
            a.starts_at for a in programme.activities
        )
        for line in programme.activities:
            assert line.beneficiaries == totals[line.id]
    expected = sorted(totals.values(), reverse=True)[:HIGHLIGHTS]
    assert [h.beneficiaries for h in summary.highlights] == expected


def test_an_empty_year_counts_zero(moral_demo: Database) -> None:
    with moral_demo.session() as session:
        summary = activity_year(session, CLI_ACTOR, 1990)
    assert summary.programmes == () and summary.highlights == ()
    assert summary.by_month == (0,) * 12 and summary.volunteer_minutes == 0


def test_members_by_category_counts_the_members_of_the_year(moral_demo: Database) -> None:
    with moral_demo.session() as session:
        counts = members_by_category(session, CLI_ACTOR, YEAR)
        members = session.scalars(sa.select(Member).where(expected_to_pay(YEAR))).all()
    per_category = Counter(m.category.code for m in members)
    assert {c.code: c.total for c in counts} == dict(per_category)
    for count in counts:
        assert count.women + count.men <= count.total


def test_funders_of_year_sum_the_tranches_received_in_it(moral_demo: Database) -> None:
    with moral_demo.session() as session:
        funders = funders_of_year(session, CLI_ACTOR, YEAR)
        tranches = session.scalars(
            sa.select(Tranche).where(
                Tranche.received_on >= dt.date(YEAR, 1, 1),
                Tranche.received_on <= dt.date(YEAR, 12, 31),
            )
        ).all()
        received = sum((t.amount_mad or Decimal(0) for t in tranches), Decimal("0.00"))
    assert funders
    assert sum((f.received for f in funders), Decimal("0.00")) == received
    assert [f.received for f in funders] == sorted((f.received for f in funders), reverse=True)


def test_a_volunteer_reads_activities_but_not_the_funders(moral_demo: Database) -> None:
    with moral_demo.session() as session:
        assert activity_year(session, VOLUNTEER, YEAR).activity_count > 0
        with pytest.raises(PermissionDenied):
            funders_of_year(session, VOLUNTEER, YEAR)
