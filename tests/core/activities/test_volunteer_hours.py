"""Volunteer hours per member and per year, valued at the association's hourly rate."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.core.activities.models import ActivityKind
from nassij_desktop.core.activities.services import ActivityData, create_activity
from nassij_desktop.core.activities.volunteering import (
    volunteer_hours,
    volunteered_activities,
)
from nassij_desktop.core.association.settings import (
    SETTING_LABELS,
    change_setting,
    get_setting,
)
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.i18n import _, speaking
from nassij_desktop.storage import Database

VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)


def _log(database: Database) -> tuple[int, int]:
    with database.transaction() as session:
        omar = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Omar")
        ).id
        souad = create_member(
            session, CLI_ACTOR, MemberData(last_name_ar="العلوي", first_name_ar="سعاد")
        ).id
        for day, minutes in (
            (dt.datetime(2024, 12, 31, 20), {omar: 600}),  # the year before: not counted
            (dt.datetime(2025, 1, 1, 9), {omar: 90, souad: 45}),
            (dt.datetime(2025, 6, 14, 9), {omar: 150}),
            (dt.datetime(2025, 12, 31, 23, 30), {souad: 20}),
            (dt.datetime(2026, 1, 1, 0), {souad: 600}),  # the year after
        ):
            data = ActivityData(
                title=f"Atelier du {day:%d/%m/%Y}",
                kind=ActivityKind.TRAINING,
                starts_at=day,
                volunteers=minutes,
            )
            create_activity(session, VOLUNTEER, data)
    return omar, souad


def test_hours_per_member_in_the_year_at_the_default_rate(database: Database) -> None:
    omar, souad = _log(database)
    with database.session() as session:
        year = volunteer_hours(session, VOLUNTEER, 2025)
    assert year.rate == Decimal("20.00")
    rows = [(v.member_id, v.activities, v.minutes, v.hours, v.value) for v in year.volunteers]
    assert rows == [
        (omar, 2, 240, Decimal("4.00"), Decimal("80.00")),
        (souad, 2, 65, Decimal("1.08"), Decimal("21.67")),  # 65 min × 20 / 60 = 21.666…
    ]
    assert (year.minutes, year.hours, year.value) == (305, Decimal("5.08"), Decimal("101.67"))
    assert year.volunteers[0].name("ar") == "Omar Tazi"
    assert year.volunteers[1].name("fr") == "سعاد العلوي"
    with database.session() as session:
        assert volunteer_hours(session, VOLUNTEER, 2023).volunteers == ()
        only = volunteer_hours(session, VOLUNTEER, 2025, member_id=souad).volunteers
        assert [v.member_id for v in only] == [souad]
        detail = volunteered_activities(session, VOLUNTEER, omar, 2025)
    assert [(a.starts_at.month, a.minutes, a.hours) for a in detail] == [
        (1, 90, Decimal("1.50")),
        (6, 150, Decimal("2.50")),
    ]


def test_the_hourly_rate_is_a_setting(database: Database) -> None:
    _log(database)
    secretary = Actor(user_id=None, login="s", role=Role.SECRETARY)
    key = "activities.volunteer_hourly_rate"
    with database.transaction() as session:
        assert change_setting(session, secretary, key, "32,50 DH") == "32.50"
        with pytest.raises(ValidationError) as refused:
            change_setting(session, secretary, key, "-5")
        assert refused.value.field == key
        with pytest.raises(PermissionDenied):
            change_setting(session, VOLUNTEER, key, "10")
    with database.session() as session:
        assert get_setting(session, key) == "32.50"
        year = volunteer_hours(session, VOLUNTEER, 2025)
    assert year.rate == Decimal("32.50")
    assert [v.value for v in year.volunteers] == [Decimal("130.00"), Decimal("35.21")]
    with speaking("fr"):
        assert _(SETTING_LABELS[key]) == "Valeur d'une heure de bénévolat (MAD)"
    with speaking("ar"):
        assert _(SETTING_LABELS[key]) == "قيمة ساعة العمل التطوعي (درهم)"


def test_a_year_out_of_range_is_refused(database: Database) -> None:
    with database.session() as session, pytest.raises(ValidationError) as refused:
        volunteer_hours(session, VOLUNTEER, 10_000)
    assert refused.value.field == "year"
