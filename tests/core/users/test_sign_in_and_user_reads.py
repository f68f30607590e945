"""Signing in hands back who signed in (with the full name the window shows) and records the
attempt; the list of accounts carries each one's last sign-in, so no screen reads the table."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import SYSTEM_ACTOR, Actor, Role
from nassij_desktop.core.users.models import User
from nassij_desktop.core.users.services import LoginFailed, create_user, list_users, sign_in
from nassij_desktop.storage import Database

PASSWORD = "s3cret-pass"


@pytest.fixture
def admin(database: Database) -> Actor:
    with database.transaction() as session:
        create_user(session, SYSTEM_ACTOR, "admin", "Amina Tazi", PASSWORD, Role.ADMIN)
        create_user(session, SYSTEM_ACTOR, "omar", "Omar Idrissi", PASSWORD, Role.VIEWER)
        return sign_in(session, "admin", PASSWORD).actor


def _failed_logins(database: Database, login: str) -> int:
    with database.session() as session:
        return int(session.scalar(sa.select(User.failed_logins).where(User.login == login)) or 0)


def test_a_sign_in_names_the_user_and_is_recorded(database: Database, admin: Actor) -> None:
    with database.transaction() as session:
        signed_in = sign_in(session, "OMAR", PASSWORD)
    assert signed_in.name == "Omar Idrissi"
    assert signed_in.actor.login == "omar" and signed_in.actor.role is Role.VIEWER
    with database.session() as session:
        users = {user.login: user for user in list_users(session, admin)}
    assert users["omar"].last_login_at is not None
    assert users["admin"].last_login_at is not None


def test_a_failed_sign_in_is_counted_only_when_recorded(database: Database, admin: Actor) -> None:
    with database.transaction() as session, pytest.raises(LoginFailed):
        sign_in(session, "omar", "wrong-password")  # caught inside: the count is committed
    assert _failed_logins(database, "omar") == 1
    with database.session() as session, pytest.raises(LoginFailed):
        sign_in(session, "omar", "wrong-password", record=False)
    assert _failed_logins(database, "omar") == 1
    with database.session() as session:
        [omar] = [user for user in list_users(session, admin) if user.login == "omar"]
    assert omar.last_login_at is None  # never signed in


def test_the_accounts_list_is_for_administrators(database: Database, admin: Actor) -> None:
    viewer = Actor(user_id=None, login="omar", role=Role.VIEWER)
    with database.session() as session, pytest.raises(PermissionDenied):
        list_users(session, viewer)
