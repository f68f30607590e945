"""Search across scripts and spellings, with filters and permissions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.models import Gender, MemberStatus, PaymentMethod
from nassij_desktop.core.members.search import (
    MemberFilter,
    MemberOrder,
    count_members,
    count_members_by_status,
    search_member_ids,
    search_members,
)
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    create_member,
    record_dues,
)
from nassij_desktop.storage import Database

PEOPLE = [
    ("أحمد", "بن علي", "Ahmed", "Ben Ali", Gender.MALE, "Tiznit", "AB12345"),
    ("إيمان", "العلوي", "Imane", "Alaoui", Gender.FEMALE, "Agadir", None),
    ("فاطمة", "الزهراء", "Fatima", "Zahra", Gender.FEMALE, "Tiznit", None),
    ("مصطفى", "آيت أوفقير", "Mustapha", "Ait Oufkir", Gender.MALE, "Rabat", None),
    ("هدى", "الإدريسي", "Houda", "El-Idrissi", Gender.FEMALE, "Rabat", None),
    ("عمر", "تازي", "Omar", "Tazi", Gender.MALE, "Fès", None),
]


@pytest.fixture
def register(database: Database) -> dict[str, int]:
    ids = {}
    with database.transaction() as session:
        for first_ar, last_ar, first_lat, last_lat, gender, city, cin in PEOPLE:
            record = create_member(
                session,
                CLI_ACTOR,
                MemberData(
                    first_name_ar=first_ar,
                    last_name_ar=last_ar,
                    first_name_lat=first_lat,
                    last_name_lat=last_lat,
                    gender=gender,
                    city=city,
                    id_number=cin,
                    join_date=dt.date(2020, 1, 1),
                ),
            )
            ids[first_lat] = record.id
    return ids


def names(database: Database, query: str, flt: MemberFilter = MemberFilter(), actor=CLI_ACTOR):  # noqa: B008
    with database.session() as session:
        return sorted(m.first_name_lat for m in search_members(session, actor, query, flt))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("احمد", ["Ahmed"]),  # bare alef finds hamza on alef
        ("أحمد", ["Ahmed"]),
        ("ايمان", ["Imane"]),  # hamza below
        ("فاطمه", ["Fatima"]),  # haa for taa marbuta
        ("مصطفي", ["Mustapha"]),  # yaa for alef maqsura
        ("هدي", ["Houda"]),
        ("هد", ["Houda"]),  # two letters, below the trigram size: the start of a name
        ("mu", ["Mustapha"]),
        ("li", []),  # …and only the start: "Ben Ali" is one word, "benali"
        ("ايت اوفقير", ["Mustapha"]),  # madda on alef, two tokens
        ("مُصْطَفَى", ["Mustapha"]),  # diacritics typed in the query
        ("benali", ["Ahmed"]),  # "Ben Ali" without its space
        ("ben ali", ["Ahmed"]),
        ("BEN-ALI", ["Ahmed"]),
        ("elidrissi", ["Houda"]),
        ("idrissi houda", ["Houda"]),  # tokens in any order
        ("fes", []),  # city is a filter, not a search term
        ("000003", ["Fatima"]),  # member number
        ("zz", []),
        ("", ["Ahmed", "Fatima", "Houda", "Imane", "Mustapha", "Omar"]),
    ],
)
def test_search_normalises_both_scripts(
    database: Database, register: dict[str, int], query: str, expected: list[str]
) -> None:
    assert names(database, query) == expected


def test_the_identity_number_finds_its_holder_only_for_roles_that_may_see_it(
    database: Database, register: dict[str, int]
) -> None:
    assert names(database, "ab12345") == ["Ahmed"]
    volunteer = Actor(user_id=None, login="v", role=Role.VOLUNTEER)
    assert names(database, "ab12345", actor=volunteer) == []


def test_filters_combine_with_the_search(database: Database, register: dict[str, int]) -> None:
    with database.transaction() as session:
        change_member_status(
            session, CLI_ACTOR, register["Omar"], MemberStatus.RESIGNED, dt.date(2024, 1, 1)
        )
        record_dues(
            session,
            CLI_ACTOR,
            register["Imane"],
            2025,
            Decimal("100"),
            dt.date(2025, 1, 3),
            PaymentMethod.CASH,
        )
    active = frozenset({MemberStatus.ACTIVE})
    assert "Omar" not in names(database, "", MemberFilter(statuses=active))
    assert names(database, "", MemberFilter(gender=Gender.FEMALE, city="Rabat")) == ["Houda"]
    assert names(database, "", MemberFilter(dues_year=2025, dues_paid=True)) == ["Imane"]
    unpaid = names(database, "", MemberFilter(dues_year=2025, dues_paid=False))
    # Omar resigned before 2025: he owed nothing that year (core/members/dues.py).
    assert "Imane" not in unpaid and "Omar" not in unpaid and len(unpaid) == 4
    with database.session() as session:
        assert count_members(session, CLI_ACTOR, "", MemberFilter(city="Tiznit")) == 2
        paid = MemberFilter(dues_year=2025, dues_paid=True)
        unpaid = MemberFilter(dues_year=2025, dues_paid=False)
        assert count_members(session, CLI_ACTOR, "", paid) == 1
        assert count_members(session, CLI_ACTOR, "", unpaid) == 4
        assert count_members(session, CLI_ACTOR, "imane", unpaid) == 0


def test_the_dashboard_counts_every_status_at_once(
    database: Database, register: dict[str, int]
) -> None:
    with database.transaction() as session:
        for name, status in (("Omar", MemberStatus.RESIGNED), ("Houda", MemberStatus.SUSPENDED)):
            change_member_status(
                session, CLI_ACTOR, register[name], status, dt.date(2024, 1, 1), "test"
            )
    with database.session() as session:
        counts = count_members_by_status(session, CLI_ACTOR)
        one_by_one = {
            status: count_members(
                session, CLI_ACTOR, "", MemberFilter(statuses=frozenset({status}))
            )
            for status in MemberStatus
        }
    assert counts == one_by_one
    assert counts[MemberStatus.ACTIVE] == 4 and counts[MemberStatus.RESIGNED] == 1


def test_order_and_paging(database: Database, register: dict[str, int]) -> None:
    with database.session() as session:
        by_name = search_member_ids(session, CLI_ACTOR, order=MemberOrder.NAME_LAT)
        page = search_member_ids(session, CLI_ACTOR, order=MemberOrder.NAME_LAT, limit=2, offset=2)
        reverse = search_member_ids(session, CLI_ACTOR, order=MemberOrder.NAME_LAT, descending=True)
    assert by_name[0] == register["Mustapha"]  # "Ait Oufkir" sorts first
    assert page == by_name[2:4]
    assert reverse == list(reversed(by_name))


def test_an_edited_name_is_found_under_its_new_spelling(
    database: Database, register: dict[str, int]
) -> None:
    from nassij_desktop.core.members.services import get_member, update_member

    with database.transaction() as session:
        omar = get_member(session, CLI_ACTOR, register["Omar"])
        update_member(session, CLI_ACTOR, omar.id, omar.version, last_name_lat="Bennani")
    assert names(database, "bennani") == ["Omar"]
    assert names(database, "tazi") == []
