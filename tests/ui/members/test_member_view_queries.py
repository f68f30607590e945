"""The queries behind the member list give exactly the service's answers, whichever plan
they take (index walk or fetch-and-sort), with every filter and order."""

from __future__ import annotations

import pytest

from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members import search
from nassij_desktop.core.members.models import Gender, MemberStatus
from nassij_desktop.core.members.search import (
    MemberFilter,
    MemberOrder,
    count_member_view,
    count_members,
    member_cities,
    member_view_ids,
    search_member_ids,
)
from nassij_desktop.storage import Database

S = MemberStatus
FILTERS = [
    MemberFilter(),
    MemberFilter(statuses=frozenset({S.ACTIVE, S.SUSPENDED})),
    MemberFilter(statuses=frozenset(MemberStatus)),
    MemberFilter(statuses=frozenset({S.RESIGNED})),
    MemberFilter(category_code="youth"),
    MemberFilter(gender=Gender.FEMALE, statuses=frozenset({S.ACTIVE})),
    MemberFilter(dues_year=2025, dues_paid=False),
]
QUERIES = ["", "a", "م", "محمد", "ben", "fatima z", "ال ع", "zzzz"]


@pytest.mark.slow
@pytest.mark.parametrize("threshold", [0, search.SCAN_IN_ORDER_FROM])
def test_the_view_queries_agree_with_the_service(
    large_demo: Database, monkeypatch: pytest.MonkeyPatch, threshold: int
) -> None:
    # 0: every search takes the index-walking plans that 100 000 members would take.
    monkeypatch.setattr(search, "SCAN_IN_ORDER_FROM", threshold)
    with large_demo.session() as session:
        for flt in FILTERS:
            for query in QUERIES:
                total = count_members(session, CLI_ACTOR, query, flt)
                assert count_member_view(session, CLI_ACTOR, query, flt) == total, (query, flt)
                for order in (MemberOrder.NAME_AR, MemberOrder.NUMBER, MemberOrder.JOIN_DATE):
                    for descending, offset in ((False, 0), (True, 150)):
                        expected = search_member_ids(
                            session,
                            CLI_ACTOR,
                            query,
                            flt,
                            order=order,
                            descending=descending,
                            limit=100,
                            offset=offset,
                        )
                        got = member_view_ids(
                            session,
                            CLI_ACTOR,
                            query,
                            flt,
                            order=order,
                            descending=descending,
                            limit=100,
                            offset=offset,
                            total=total,
                        )
                        assert got == expected, (query, flt, order, descending)


def test_the_city_list_holds_every_city_once(large_demo: Database) -> None:
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    with large_demo.session() as session:
        cities = member_cities(session, volunteer)
        assert cities == sorted(set(cities)) and len(cities) > 3
        for city in cities[:3]:
            assert count_members(session, volunteer, flt=MemberFilter(city=city)) > 0
