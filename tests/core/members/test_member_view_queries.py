"""The member list's city filter. (The list reads its pages through the same search as every
caller; tests/core/members/test_search_plans.py checks each of its plans against a plain
reading of the register.)"""

from __future__ import annotations

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.search import MemberFilter, count_members, member_cities
from tests.core.conftest import DemoDatabase


def test_the_city_list_holds_every_city_once(demo_database: DemoDatabase) -> None:
    demo = demo_database(members=300, seed=5)
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    with demo.session() as session:
        cities = member_cities(session, volunteer)
        assert cities == sorted(set(cities)) and len(cities) > 3
        for city in cities[:3]:
            assert count_members(session, volunteer, flt=MemberFilter(city=city)) > 0
