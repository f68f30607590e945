from __future__ import annotations

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import SYSTEM_ACTOR, Actor, Permission, Role
from nassij_desktop.core.users.models import User
from nassij_desktop.core.users.services import (
    LoginFailed,
    authenticate,
    change_password,
    confirm_own_password,
    create_user,
    update_user,
)
from nassij_desktop.storage import Database


@pytest.fixture
def admin_id(database: Database) -> int:
    with database.transaction() as session:
        return create_user(
            session, SYSTEM_ACTOR, "admin", "Amina Tazi", "s3cret-pass", Role.VIEWER
        ).id


def test_the_first_account_is_an_administrator_and_can_log_in(
    database: Database, admin_id: int
) -> None:
    with database.transaction() as session:
        actor = authenticate(session, "ADMIN ", "s3cret-pass")
        assert actor.role is Role.ADMIN and actor.user_id == admin_id
        stored = session.get(User, admin_id)
        assert stored is not None and stored.password_hash.startswith("$argon2")
        assert "s3cret-pass" not in stored.password_hash


def test_wrong_passwords_and_unknown_logins_get_the_same_message(
    database: Database, admin_id: int
) -> None:
    with database.transaction() as session:
        with pytest.raises(LoginFailed) as wrong:
            authenticate(session, "admin", "nope-nope")
        with pytest.raises(LoginFailed) as unknown:
            authenticate(session, "nobody", "nope-nope")
    assert str(wrong.value) == str(unknown.value)


def test_only_administrators_manage_accounts(database: Database, admin_id: int) -> None:
    with database.transaction() as session:
        admin = authenticate(session, "admin", "s3cret-pass")
        create_user(session, admin, "youssef", "Youssef", "benevole-123", Role.VOLUNTEER)
        volunteer = authenticate(session, "youssef", "benevole-123")
    assert not volunteer.can(Permission.BOOKS_READ)
    assert not volunteer.can(Permission.MEMBERS_IDENTITY)
    with pytest.raises(PermissionDenied), database.transaction() as session:
        create_user(session, volunteer, "other", "Other", "password-123", Role.ADMIN)


def test_the_last_administrator_cannot_be_demoted(database: Database, admin_id: int) -> None:
    with database.transaction() as session:
        admin = authenticate(session, "admin", "s3cret-pass")
    with pytest.raises(Conflict), database.transaction() as session:
        update_user(session, admin, admin_id, None, role=Role.VIEWER)


def test_accounts_validation(database: Database, admin_id: int) -> None:
    with database.transaction() as session:
        admin = authenticate(session, "admin", "s3cret-pass")
    for login, password, field in [("a b", "password-123", "login"), ("ok", "short", "password")]:
        with pytest.raises(ValidationError) as error, database.transaction() as session:
            create_user(session, admin, login, "Name", password, Role.VIEWER)
        assert error.value.field == field
    with pytest.raises(Conflict), database.transaction() as session:
        create_user(session, admin, "admin", "Again", "password-123", Role.VIEWER)


def test_a_disabled_account_cannot_log_in_and_passwords_change(
    database: Database, admin_id: int
) -> None:
    with database.transaction() as session:
        admin = authenticate(session, "admin", "s3cret-pass")
        user = create_user(session, admin, "karim", "Karim", "password-123", Role.TREASURER)
        change_password(session, admin, user.id, "new-password-1")
        assert authenticate(session, "karim", "new-password-1").role is Role.TREASURER
        update_user(session, admin, user.id, None, active=False)
    with pytest.raises(LoginFailed, match="disabled"), database.transaction() as session:
        authenticate(session, "karim", "new-password-1")
    with database.session() as session:
        assert session.scalar(sa.select(User.failed_logins).where(User.login == "karim")) == 0


@pytest.mark.sqlite_only("SQLite's file write lock, taken at BEGIN IMMEDIATE")
def test_the_password_is_checked_without_holding_the_write_lock(
    database: Database, admin_id: int
) -> None:
    """argon2 takes a fraction of a second by design: meanwhile another program (the CLI,
    a second window) must be able to write, and a failed attempt is still counted."""
    import sqlite3

    from nassij_desktop.ui.access.credentials import start_sign_in

    assert database.path is not None
    pending = start_sign_in(database, "admin", "wrong-password")
    other = sqlite3.connect(database.path, timeout=0)  # fails at once if the file is locked
    other.execute("BEGIN IMMEDIATE")
    other.execute(
        "UPDATE user_account SET full_name = 'Amina Tazi Alaoui' WHERE id = ?", (admin_id,)
    )
    other.commit()
    other.close()
    with pytest.raises(LoginFailed):
        pending.result()
    signed_in = start_sign_in(database, "admin", "s3cret-pass").result()
    assert signed_in.name == "Amina Tazi Alaoui"
    with database.session() as session:
        user = session.get(User, admin_id)
        assert user is not None and user.failed_logins == 0 and user.last_login_at is not None


def test_a_hash_made_with_other_parameters_still_signs_in_and_is_renewed(
    database: Database, admin_id: int
) -> None:
    """Files made before the hashing parameters changed: their users sign in as before, and
    the stored hash takes the current parameters then."""
    from argon2 import PasswordHasher

    from nassij_desktop.core.users.services import sign_in

    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash("s3cret-pass")
    with database.transaction() as session:
        user = session.get(User, admin_id)
        assert user is not None
        user.password_hash = old
    with database.transaction() as session:
        assert sign_in(session, "admin", "s3cret-pass").actor.user_id == admin_id
    with database.session() as session:
        renewed = session.scalars(sa.select(User.password_hash).where(User.id == admin_id)).one()
    assert renewed != old
    assert "$m=19456,t=2,p=1$" in renewed


def test_ones_own_password_is_confirmed_without_counting_a_failure(
    database: Database, admin_id: int
) -> None:
    with database.session() as session:
        actor = authenticate(session, "admin", "s3cret-pass", record=False)
        confirm_own_password(session, actor, "s3cret-pass")
        with pytest.raises(ValidationError) as wrong:
            confirm_own_password(session, actor, "not-it")
        assert wrong.value.field == "password"
        other = Actor(user_id=admin_id + 1, login="admin", role=Role.ADMIN)
        with pytest.raises(ValidationError):  # the login's password, not this account's
            confirm_own_password(session, other, "s3cret-pass")
    with database.session() as session:
        assert session.get(User, admin_id).failed_logins == 0  # type: ignore[union-attr]
