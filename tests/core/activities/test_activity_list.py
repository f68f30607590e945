"""The activities list read a page at a time: the same activities as `list_activities`, in the
same order, with their totals summed in SQL; filters; the calendar's days; the choices of
project and request offered to a volunteer who may not read the funding files."""

from __future__ import annotations

import datetime as dt

from nassij_desktop.core.activities.activity_list import (
    ActivityFilter,
    activity_days,
    activity_link_choices,
    activity_rows,
    count_activities,
)
from nassij_desktop.core.activities.models import ActivityKind, AgeGroup
from nassij_desktop.core.activities.services import (
    ActivityData,
    create_activity,
    create_programme,
    list_activities,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.services import ProjectData, create_project
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.core.users.own_member import own_member_id
from nassij_desktop.core.users.services import create_user
from nassij_desktop.storage import Database

VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)


def _log(database: Database) -> tuple[int, int]:
    """Twelve activities, one every 10 days from 1 March 2025, half in a programme; the
    programme's id and a member's."""
    with database.transaction() as session:
        programme = create_programme(session, CLI_ACTOR, "EDU", "التربية", "Éducation")
        member = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Omar")
        )
        for index in range(12):
            create_activity(
                session,
                CLI_ACTOR,
                ActivityData(
                    title=f"Atelier 100% lecture {index}" if index % 3 else "Collecte de sang",
                    kind=ActivityKind.TRAINING,
                    starts_at=dt.datetime(2025, 3, 1, 9) + dt.timedelta(days=10 * index),
                    place="Maison des jeunes" if index % 2 else "École Ibn Khaldoun",
                    commune="Erfoud",
                    programme_id=programme.id if index % 2 else None,
                    beneficiaries={
                        (Gender.FEMALE, AgeGroup.YOUTH): index + 1,
                        (Gender.MALE, AgeGroup.CHILD): 2,
                    },
                    volunteers={member.id: 30 * (index + 1)},
                ),
            )
    return programme.id, member.id


def test_the_rows_are_the_list_with_its_totals_a_page_at_a_time(database: Database) -> None:
    _log(database)
    with database.session() as session:
        records = list_activities(session, VOLUNTEER)
        pages = [
            activity_rows(session, VOLUNTEER, ActivityFilter(), offset=offset, limit=5)
            for offset in (0, 5, 10)
        ]
        assert count_activities(session, VOLUNTEER, ActivityFilter()) == 12
    rows = [row for page in pages for row in page]
    assert [len(page) for page in pages] == [5, 5, 2]
    assert [r.id for r in rows] == [r.id for r in records]
    assert [r.beneficiaries for r in rows] == [r.beneficiary_total for r in records]
    assert [r.volunteer_minutes for r in rows] == [r.volunteer_minutes for r in records]
    assert rows[0].starts_at == dt.datetime(2025, 6, 19, 9)


def test_filters_narrow_the_rows_and_the_count(database: Database) -> None:
    programme_id, _member = _log(database)
    cases = {
        ActivityFilter(programme_id=programme_id): 6,
        ActivityFilter(start=dt.date(2025, 3, 11), end=dt.date(2025, 3, 31)): 3,
        ActivityFilter(start=dt.date(2025, 3, 11), end=dt.date(2025, 3, 11)): 1,
        ActivityFilter(text="collecte"): 4,  # case folded
        ActivityFilter(text="MAISON lecture"): 4,  # every word, in the title or the place
        ActivityFilter(text="100%"): 8,  # a % is a character, not a wildcard
        ActivityFilter(text="erfoud"): 12,  # the commune
        ActivityFilter(text="nowhere"): 0,
    }
    with database.session() as session:
        for flt, expected in cases.items():
            rows = activity_rows(session, VOLUNTEER, flt, limit=100)
            assert count_activities(session, VOLUNTEER, flt) == len(rows) == expected, flt


def test_the_calendar_days_of_a_month(database: Database) -> None:
    programme_id, _member = _log(database)
    with database.session() as session:
        march = activity_days(session, VOLUNTEER, 2025, 3, ActivityFilter())
        assert march == {dt.date(2025, 3, d) for d in (1, 11, 21, 31)}
        only = ActivityFilter(programme_id=programme_id)
        assert activity_days(session, VOLUNTEER, 2025, 3, only) == {
            dt.date(2025, 3, 11),
            dt.date(2025, 3, 31),
        }
        assert activity_days(session, VOLUNTEER, 2025, 12, ActivityFilter()) == set()


def test_a_volunteer_is_offered_the_projects_and_the_own_member(database: Database) -> None:
    with database.transaction() as session:
        create_project(
            session, CLI_ACTOR, ProjectData(code="P1", name_ar="مشروع", name_fr="Projet")
        )
        member = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Alaoui", first_name_lat="Sara")
        )
        user = create_user(
            session,
            CLI_ACTOR,
            "youssef",
            "Youssef",
            "a-long-password-1",
            Role.VOLUNTEER,
            member_id=member.id,
        )
    volunteer = Actor(user_id=user.id, login="youssef", role=Role.VOLUNTEER)
    with database.session() as session:
        projects, requests = activity_link_choices(session, volunteer)
        assert [p.name("fr") for p in projects] == ["Projet"]
        assert [p.name("ar") for p in projects] == ["مشروع"]
        assert requests == []
        assert own_member_id(session, volunteer) == member.id
        assert own_member_id(session, CLI_ACTOR) is None
