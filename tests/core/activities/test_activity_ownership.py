"""A volunteer changes only the activities they logged; administrators and secretaries all."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from nassij_desktop.core.activities.models import Activity, ActivityKind, VolunteerTime
from nassij_desktop.core.activities.services import (
    ActivityData,
    create_activity,
    delete_activity,
    get_activity,
    may_change_activity,
    update_activity,
)
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import NotFound, PermissionDenied, StaleVersion
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Permission, Role
from nassij_desktop.core.users.services import create_user
from nassij_desktop.i18n import speaking
from nassij_desktop.storage import Database

DAY = dt.datetime(2025, 5, 3, 10, 0)


def _accounts(database: Database) -> dict[str, Actor]:
    actors = {}
    with database.transaction() as session:
        for login, role in (
            ("admin", Role.ADMIN),
            ("secretaire", Role.SECRETARY),
            ("benevole", Role.VOLUNTEER),
            ("benevole-2", Role.VOLUNTEER),
        ):
            user = create_user(session, CLI_ACTOR, login, login.title(), "mot-de-passe-1", role)
            actors[login] = Actor(user_id=user.id, login=login, role=user.role)
    return actors


def _log(database: Database, actor: Actor, title: str) -> int:
    with database.transaction() as session:
        data = ActivityData(title=title, kind=ActivityKind.AWARENESS, starts_at=DAY)
        return create_activity(session, actor, data).id


def test_a_volunteer_edits_their_own_activity_and_is_refused_another(database: Database) -> None:
    actors = _accounts(database)
    volunteer, admin = actors["benevole"], actors["admin"]
    mine = _log(database, volunteer, "Nettoyage de la plage")
    theirs = _log(database, admin, "Réunion du bureau")
    with database.transaction() as session:
        changed = update_activity(session, volunteer, mine, None, title="Nettoyage du littoral")
        assert changed.title == "Nettoyage du littoral"
        assert changed.logged_by_id == volunteer.user_id
    with database.transaction() as session:
        with speaking("fr"), pytest.raises(PermissionDenied) as refused:
            update_activity(session, volunteer, theirs, None, title="Autre chose")
        assert "vous-même" in str(refused.value)
        with speaking("ar"), pytest.raises(PermissionDenied) as refused:
            update_activity(session, actors["benevole-2"], mine, None, title="شيء آخر")
        assert "بنفسك" in str(refused.value)
    with database.session() as session:
        assert get_activity(session, volunteer, theirs).title == "Réunion du bureau"
        assert get_activity(session, volunteer, mine).title == "Nettoyage du littoral"


@pytest.mark.parametrize("login", ["admin", "secretaire"])
def test_administrators_and_secretaries_edit_every_activity(database: Database, login: str) -> None:
    actors = _accounts(database)
    manager = actors[login]
    ids = [_log(database, actors["benevole"], "Atelier"), _log(database, actors["admin"], "Sortie")]
    with database.transaction() as session:
        for number, activity_id in enumerate(ids):
            title = f"Corrigé {number}"
            assert update_activity(session, manager, activity_id, None, title=title).title == title


def test_the_right_to_manage_activities_follows_the_roles() -> None:
    managing = {role for role in Role if Actor(None, "x", role).can(Permission.ACTIVITIES_MANAGE)}
    assert managing == {Role.ADMIN, Role.SECRETARY}
    volunteer = Actor(user_id=7, login="v", role=Role.VOLUNTEER)
    assert may_change_activity(volunteer, 7) and not may_change_activity(volunteer, 8)
    assert not may_change_activity(Actor(7, "t", Role.TREASURER), 7)  # cannot log at all
    assert may_change_activity(Actor(1, "a", Role.ADMIN), 8)


def test_a_volunteer_deletes_only_their_own_activity(database: Database) -> None:
    actors = _accounts(database)
    volunteer, secretary = actors["benevole"], actors["secretaire"]
    mine = _log(database, volunteer, "Doublon")
    theirs = _log(database, secretary, "Assemblée")
    with database.transaction() as session:
        with pytest.raises(PermissionDenied):
            delete_activity(session, volunteer, theirs, None)
        with pytest.raises(StaleVersion):
            delete_activity(session, volunteer, mine, 99)
        delete_activity(session, volunteer, mine, 1)
        with pytest.raises(NotFound):
            get_activity(session, volunteer, mine)
        entry = session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.entity == "activity", AuditEntry.action == "delete"
            )
        ).one()
        assert entry.entity_id == mine
    with database.transaction() as session:
        delete_activity(session, secretary, theirs, None)
        assert session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(VolunteerTime)) == 0
