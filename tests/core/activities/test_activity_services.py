"""Activities logged by volunteers: beneficiaries counted, volunteer time, programmes."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from nassij_desktop.core.activities.models import ActivityKind, AgeGroup, BeneficiaryCount
from nassij_desktop.core.activities.services import (
    ActivityData,
    create_activity,
    create_programme,
    get_activity,
    list_activities,
    list_programmes,
    set_programme_active,
    update_activity,
)
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import (
    Conflict,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.storage import Database

VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)  # reads, not logs
START = dt.datetime(2025, 4, 12, 9, 30)
F, M = Gender.FEMALE, Gender.MALE


def _members(database: Database) -> tuple[int, int]:
    with database.transaction() as session:
        first = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Omar")
        )
        second = create_member(
            session, CLI_ACTOR, MemberData(last_name_ar="العلوي", first_name_ar="سعاد")
        )
    return first.id, second.id


def _workshop(**changes: object) -> ActivityData:
    values: dict[str, object] = {
        "title": "Atelier d'alphabétisation",
        "kind": ActivityKind.TRAINING,
        "starts_at": START,
        "ends_at": START + dt.timedelta(hours=3),
        "place": "Maison des jeunes",
        "region_code": "9",
        "beneficiaries": {(F, AgeGroup.ADULT): 18, (M, AgeGroup.YOUTH): 4, (F, AgeGroup.CHILD): 0},
    }
    values.update(changes)
    return ActivityData(**values)  # type: ignore[arg-type]


def test_an_activity_is_logged_with_its_counts_and_volunteer_time(database: Database) -> None:
    omar, souad = _members(database)
    with database.transaction() as session:
        record = create_activity(session, VOLUNTEER, _workshop(volunteers={omar: 180, souad: 150}))
    assert record.region_code == "09"
    assert record.beneficiaries == ((M, AgeGroup.YOUTH, 4), (F, AgeGroup.ADULT, 18))
    assert record.beneficiary_total == 22 and record.volunteer_minutes == 330
    with database.transaction() as session:
        changed = update_activity(
            session,
            VOLUNTEER,
            record.id,
            record.version,
            beneficiaries={(F, AgeGroup.ADULT): 20},
            volunteers={souad: 200},
        )
        assert changed.version == record.version + 1  # counts alone move the version
        assert changed.beneficiaries == ((F, AgeGroup.ADULT, 20),)
        assert changed.volunteers == ((souad, 200),)
        assert session.scalar(sa.select(sa.func.count()).select_from(BeneficiaryCount)) == 1
        with pytest.raises(StaleVersion):
            update_activity(session, VOLUNTEER, record.id, record.version, title="Autre")
        actions = session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "activity", AuditEntry.entity_id == record.id)
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["create", "update"]
    with database.session() as session:
        assert get_activity(session, TREASURER, record.id) == changed


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"kind": "party"}, "kind"),
        ({"starts_at": None}, "starts_at"),
        ({"starts_at": dt.date(2025, 4, 12)}, "starts_at"),
        ({"ends_at": START - dt.timedelta(minutes=1)}, "ends_at"),
        ({"region_code": "99"}, "region_code"),
        ({"programme_id": 999}, "programme_id"),
        ({"project_id": 999}, "project_id"),
        ({"funding_request_id": 999}, "funding_request_id"),
        ({"beneficiaries": {(F, AgeGroup.ADULT): -1}}, "beneficiaries"),
        ({"beneficiaries": {("x", AgeGroup.ADULT): 3}}, "beneficiaries"),
        ({"volunteers": {999: 60}}, "volunteers"),
        ({"volunteers": {"placeholder": 0}}, "volunteers"),
        ({"place": "x" * 301}, "place"),
    ],
)
def test_a_refused_activity_names_the_field(
    database: Database, changes: dict[str, object], field: str
) -> None:
    omar, _ = _members(database)
    if changes.get("volunteers") == {"placeholder": 0}:
        changes = {"volunteers": {omar: 0}}
    with database.transaction() as session:
        with pytest.raises(ValidationError) as refused:
            create_activity(session, VOLUNTEER, _workshop(**changes))
        assert refused.value.field == field


def test_activities_are_listed_latest_first_within_dates(database: Database) -> None:
    with database.transaction() as session:
        programme = create_programme(session, VOLUNTEER, "ALPHA", "محو الأمية", "Alphabétisation")
        days = [START + dt.timedelta(days=n) for n in (0, 10, 20)]
        ids = [
            create_activity(
                session,
                VOLUNTEER,
                _workshop(starts_at=day, ends_at=None, programme_id=programme.id if n else None),
            ).id
            for n, day in enumerate(days)
        ]
    with database.session() as session:
        assert [a.id for a in list_activities(session, TREASURER)] == ids[::-1]
        within = list_activities(session, TREASURER, start=days[0].date(), end=days[1].date())
        assert [a.id for a in within] == [ids[1], ids[0]]
        assert [a.id for a in list_activities(session, TREASURER, programme_id=programme.id)] == [
            ids[2],
            ids[1],
        ]


def test_programmes_are_created_once_and_retired(database: Database) -> None:
    with database.transaction() as session:
        programme = create_programme(session, VOLUNTEER, "SANTE", "الصحة", "Santé")
        with pytest.raises(Conflict):
            create_programme(session, VOLUNTEER, "SANTE", "الصحة", "Santé")
        with pytest.raises(ValidationError) as refused:
            create_programme(session, VOLUNTEER, "EDU", "التعليم", " ")
        assert refused.value.field == "name_fr"
        set_programme_active(session, VOLUNTEER, programme.id, False)
        assert list_programmes(session, TREASURER) == []
        assert [p.code for p in list_programmes(session, TREASURER, include_retired=True)] == [
            "SANTE"
        ]


def test_roles_without_the_right_are_refused(database: Database) -> None:
    with database.transaction() as session:
        with pytest.raises(PermissionDenied):
            create_activity(session, TREASURER, _workshop())
        with pytest.raises(PermissionDenied):
            create_programme(session, TREASURER, "X", "س", "X")
        record = create_activity(session, VOLUNTEER, _workshop())
        with pytest.raises(PermissionDenied):
            update_activity(session, TREASURER, record.id, None, title="Autre")
    # Every role reads activities (a volunteer sees what was logged, the treasurer the counts).
    with database.session() as session:
        assert [a.id for a in list_activities(session, VOLUNTEER)] == [record.id]
