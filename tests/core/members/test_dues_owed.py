"""Who is "not paid" for a year: the members who owed dues that year, not those who had left.
The demo's "unpaid 2026" filter used to count 103 deceased and resigned members."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import MemberStatus, PaymentMethod
from nassij_desktop.core.members.search import (
    MemberFilter,
    count_members,
    search_member_ids,
)
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    create_member,
    record_dues,
)
from nassij_desktop.storage import Database

UNPAID_2026 = MemberFilter(dues_year=2026, dues_paid=False)
PAID_2026 = MemberFilter(dues_year=2026, dues_paid=True)


@pytest.fixture
def register(database: Database) -> dict[str, int]:
    people = {
        # name: (joined, status change or None)
        "Paid": (dt.date(2020, 3, 1), None),
        "Owes": (dt.date(2021, 5, 2), None),
        "Suspended": (dt.date(2019, 1, 1), (MemberStatus.SUSPENDED, dt.date(2025, 6, 1))),
        "LeftIn2026": (dt.date(2018, 1, 1), (MemberStatus.RESIGNED, dt.date(2026, 6, 30))),
        "LeftIn2023": (dt.date(2015, 1, 1), (MemberStatus.RESIGNED, dt.date(2023, 2, 1))),
        "DiedIn2024": (dt.date(2010, 1, 1), (MemberStatus.DECEASED, dt.date(2024, 9, 9))),
        "Excluded2025": (dt.date(2012, 1, 1), (MemberStatus.EXCLUDED, dt.date(2025, 12, 31))),
        "Joins2027": (dt.date(2027, 1, 15), None),
    }
    ids = {}
    with database.transaction() as session:
        for name, (joined, change) in people.items():
            data = MemberData(last_name_lat=name, first_name_lat="Karim", join_date=joined)
            member = create_member(session, CLI_ACTOR, data)
            ids[name] = member.id
            if change is not None:
                change_member_status(session, CLI_ACTOR, member.id, *change, "Test")
        record_dues(
            session,
            CLI_ACTOR,
            ids["Paid"],
            2026,
            Decimal("100"),
            dt.date(2026, 2, 1),
            PaymentMethod.CASH,
        )
    return ids


def test_not_paid_lists_only_those_who_owed_dues_that_year(
    database: Database, register: dict[str, int]
) -> None:
    owed = {register[name] for name in ("Owes", "Suspended", "LeftIn2026")}
    with database.session() as session:
        assert set(search_member_ids(session, CLI_ACTOR, flt=UNPAID_2026)) == owed
        assert count_members(session, CLI_ACTOR, flt=UNPAID_2026) == 3
        assert count_members(session, CLI_ACTOR, flt=PAID_2026) == 1
        # With a search (counted from the search index first), the same rule.
        assert count_members(session, CLI_ACTOR, "karim", UNPAID_2026) == 3
        assert set(search_member_ids(session, CLI_ACTOR, "karim", UNPAID_2026)) == owed
        # An earlier year: who had not left before it began and had joined by its end.
        earlier = MemberFilter(dues_year=2023, dues_paid=False)
        expected_2023 = {
            register[name]
            for name in ("Paid", "Owes", "Suspended", "LeftIn2026", "LeftIn2023", "DiedIn2024")
        } | {register["Excluded2025"]}
        assert set(search_member_ids(session, CLI_ACTOR, flt=earlier)) == expected_2023
