"""Members in arrears, a known answer: each member's unpaid years, the count and the total."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.arrears import arrears_summary, members_in_arrears
from nassij_desktop.core.members.models import MemberStatus, PaymentMethod
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    create_member,
    record_dues,
)
from nassij_desktop.storage import Database

VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)

PEOPLE = {
    # name: (joined, category, years paid, status change or None)
    "Paid": (dt.date(2020, 3, 1), "active", (2024, 2026), None),
    "Owes": (dt.date(2025, 5, 2), "active", (), None),
    "Suspended": (
        dt.date(2019, 1, 1),
        "active",
        (),
        (MemberStatus.SUSPENDED, dt.date(2025, 6, 1)),
    ),
    "LeftIn2026": (
        dt.date(2018, 1, 1),
        "active",
        (2024,),
        (MemberStatus.RESIGNED, dt.date(2026, 6, 30)),
    ),
    "LeftIn2023": (
        dt.date(2015, 1, 1),
        "active",
        (),
        (MemberStatus.RESIGNED, dt.date(2023, 2, 1)),
    ),
    "DiedIn2025": (
        dt.date(2010, 1, 1),
        "youth",
        (),
        (MemberStatus.DECEASED, dt.date(2025, 9, 9)),
    ),
    "AllPaid": (dt.date(2024, 1, 5), "active", (2024, 2025, 2026), None),
    "Honorary": (dt.date(2024, 2, 1), "honorary", (), None),
    "Joins2027": (dt.date(2027, 1, 15), "active", (), None),
}

# Dues started in 2024 (the first payment recorded): nobody owes an earlier year.
EXPECTED = {
    "Paid": (2025,),
    "Owes": (2025, 2026),
    "Suspended": (2024, 2025, 2026),
    "LeftIn2026": (2025, 2026),
    "DiedIn2025": (2024, 2025),
    "Honorary": (2024, 2025, 2026),
}


@pytest.fixture
def register(database: Database) -> dict[str, str]:
    numbers = {}
    with database.transaction() as session:
        for name, (joined, category, paid, change) in PEOPLE.items():
            data = MemberData(
                last_name_lat=name, first_name_lat="Karim", join_date=joined, category_code=category
            )
            member = create_member(session, CLI_ACTOR, data)
            numbers[name] = member.number
            for year in paid:
                record_dues(
                    session,
                    CLI_ACTOR,
                    member.id,
                    year,
                    Decimal("100"),
                    # Paid this year, for any year: the books keep at most two years open.
                    dt.date(2026, 2, 1),
                    PaymentMethod.CASH,
                )
            if change is not None:
                change_member_status(session, CLI_ACTOR, member.id, *change, "Test")
    return numbers


def test_unpaid_years_count_and_total_known_answer(
    database: Database, register: dict[str, str]
) -> None:
    with database.session() as session:
        rows = members_in_arrears(session, CLI_ACTOR, 2026)
        summary = arrears_summary(session, CLI_ACTOR, 2026)
    by_name = {row.last_name_lat: row for row in rows}
    assert {name: row.unpaid_years for name, row in by_name.items()} == EXPECTED
    # In member number order, as the register reads.
    assert [row.number for row in rows] == sorted(register[name] for name in EXPECTED)
    assert by_name["Suspended"].owed == Decimal("300.00")
    assert by_name["DiedIn2025"].owed == Decimal("100.00")  # youth: 50 a year
    assert by_name["Honorary"].owed is None
    assert summary.since_year == 2024
    assert summary.count == 6
    assert summary.unpaid_years == 13
    assert summary.total_owed == Decimal("900.00")  # 8 years at 100, 2 at 50
    assert summary.without_rate == 1


def test_pages_and_filters(database: Database, register: dict[str, str]) -> None:
    with database.session() as session:
        first = members_in_arrears(session, CLI_ACTOR, 2026, limit=4)
        rest = members_in_arrears(session, CLI_ACTOR, 2026, offset=4, limit=4)
        whole = members_in_arrears(session, CLI_ACTOR, 2026)
        youth = arrears_summary(session, CLI_ACTOR, 2026, category="youth")
        earlier = members_in_arrears(session, CLI_ACTOR, 2025, since_year=2023)
    assert [r.member_id for r in first + rest] == [r.member_id for r in whole]
    assert len(first) == 4 and len(rest) == 2
    assert (youth.count, youth.unpaid_years, youth.total_owed) == (1, 2, Decimal("100.00"))
    # From 2023 to 2025: LeftIn2023 owes the year they left; Owes joined in 2025.
    assert {r.last_name_lat: r.unpaid_years for r in earlier} == {
        "Paid": (2023, 2025),
        "Owes": (2025,),
        "Suspended": (2023, 2024, 2025),
        "LeftIn2026": (2023, 2025),
        "LeftIn2023": (2023,),
        "DiedIn2025": (2023, 2024, 2025),
        "Honorary": (2024, 2025),
    }


def test_a_volunteer_may_not_see_arrears(database: Database) -> None:
    with database.session() as session, pytest.raises(PermissionDenied):
        members_in_arrears(session, VOLUNTEER, 2026)
