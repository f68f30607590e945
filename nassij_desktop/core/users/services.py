"""User accounts: creation by an administrator, login with argon2 hashes, role changes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import cast

import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from nassij_desktop.core.common import audit, conflicts
from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import Conflict, NassijError, ValidationError
from nassij_desktop.core.common.permissions import Actor, Permission, Role
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.common.validators import clean_text, column_length
from nassij_desktop.core.users.models import User
from nassij_desktop.core.users.passwords import HASHER, hash_matches, password_set
from nassij_desktop.i18n import _, ngettext

MIN_PASSWORD_LENGTH = 8
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_hasher = HASHER  # one argon2 configuration (core.users.passwords)


class LoginFailed(NassijError):
    pass


@dataclass(frozen=True)
class UserRecord:
    id: int
    version: int
    login: str
    full_name: str
    role: Role
    active: bool
    language: str | None
    last_login_at: dt.datetime | None = None  # UTC


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    name: str  # the user's full name, for the window's title and status bar


def _record(user: User) -> UserRecord:
    return UserRecord(
        id=user.id,
        version=user.version,
        login=user.login,
        full_name=user.full_name,
        role=user.role,
        active=user.active,
        language=user.language,
        last_login_at=user.last_login_at,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password",
            ngettext(
                "The password must have at least {n} character.",
                "The password must have at least {n} characters.",
                MIN_PASSWORD_LENGTH,
            ).format(n=MIN_PASSWORD_LENGTH),
        )


def _full_name(text: str) -> str:
    name = clean_text(text, field="full_name", max_length=column_length(User.full_name))
    if not name:
        raise ValidationError("full_name", _("Give the person's full name."))
    return name


def _member_exists(session: Session, member_id: int) -> bool:
    # Through the table the account's foreign key names: users sit below the member register
    # and do not import it.
    (key,) = cast(sa.Table, User.__table__).c.member_id.foreign_keys
    return session.scalar(sa.select(key.column).where(key.column == member_id)) is not None


def has_users(session: Session) -> bool:
    # On the table: asked before signing in, it must not wait for the mappers (see
    # `find_account`).
    table = cast(sa.Table, User.__table__)
    return session.scalar(sa.select(table.c.id).limit(1)) is not None


def create_user(
    session: Session,
    actor: Actor,
    login: str,
    full_name: str,
    password: str,
    role: Role,
    *,
    language: str | None = None,
    member_id: int | None = None,
) -> UserRecord:
    """Add an account. The very first account of a file may be created by anyone (the
    first-run assistant) and is always an administrator. `member_id`: the member the account
    belongs to (a volunteer who is a member of the association)."""
    first = not has_users(session)
    if first:
        role = Role.ADMIN
    else:
        actor.require(Permission.USERS_MANAGE)
    login = (clean_text(login, field="login", max_length=column_length(User.login)) or "").lower()
    if not _LOGIN.fullmatch(login):
        raise ValidationError(
            "login",
            _("The login must be 2 to 64 lower-case letters, digits, dots, dashes or underscores."),
        )
    full_name = _full_name(full_name)
    _check_password(password)
    if session.scalar(sa.select(User.id).where(User.login == login)):
        raise Conflict(_("The login {login} is already taken.").format(login=login))
    if member_id is not None and not _member_exists(session, member_id):
        raise ValidationError("member_id", _("Choose a member of the association."))
    user = User(
        login=login,
        full_name=full_name,
        password_hash=_hasher.hash(password),
        role=Role(role),
        language=language,
        member_id=member_id,
    )
    session.add(user)
    session.flush()
    audit.record(session, actor, "create", "user", user.id, after=audit.snapshot(user))
    password_set(session.info, user.login, password)  # a protected file's key wrapped for it
    return _record(user)


@dataclass(frozen=True)
class Account:
    """What signing in needs of an account, read before the password is checked."""

    user_id: int
    login: str
    full_name: str
    role: Role
    active: bool
    password_hash: str


def find_account(session: Session, login: str) -> Account | None:
    """The account of `login`, or None. A plain read (no mapper is configured for it), so
    the password check can start as soon as the file is open."""
    table = cast(sa.Table, User.__table__)
    row = session.execute(
        sa.select(
            table.c.id,
            table.c.login,
            table.c.full_name,
            table.c.role,
            table.c.active,
            table.c.password_hash,
        ).where(table.c.login == login.strip().lower())
    ).one_or_none()
    if row is None:
        return None
    return Account(row.id, row.login, row.full_name, Role(row.role), row.active, row.password_hash)


def password_matches(account: Account | None, password: str) -> bool:
    """Whether `password` is the account's. This is the slow part of signing in by design
    (argon2: a fraction of a second) and it touches no database: callers run it outside any
    transaction, so the write lock is never held while it runs, and may run it on another
    thread (the hash releases the GIL) while the window is being prepared."""
    # The same time whether the login exists or not.
    return hash_matches(None if account is None else account.password_hash, password)


def conclude_sign_in(
    session: Session, account: Account | None, password: str, matched: bool, *, record: bool = True
) -> SignedIn:
    """The signed-in user once `password_matches` has answered, or LoginFailed (the same
    message whatever was wrong). With `record`, the attempt is written in `session`: a
    failure counted on the account, a success reset, dated and audited (and the hash renewed
    if its parameters changed). `record=False` only checks: a read never waits for the lock.
    """
    failed = LoginFailed(_("Wrong login or password."))
    if account is None:
        raise failed
    if not matched:
        if record:
            session.execute(
                sa.update(User)
                .where(User.id == account.user_id)
                .values(failed_logins=User.failed_logins + 1)
            )
        raise failed
    if not account.active:
        raise LoginFailed(_("This account is disabled. Ask an administrator."))
    actor = Actor(user_id=account.user_id, login=account.login, role=account.role)
    if record:
        user = get_or_fail(session, User, account.user_id, _("user"))
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        user.failed_logins = 0
        user.last_login_at = utcnow()
        audit.record(session, actor, "login", "user", user.id)
        session.flush()
    return SignedIn(actor, account.full_name)


def sign_in(session: Session, login: str, password: str, *, record: bool = True) -> SignedIn:
    """Find, check and conclude in one call, in `session` (the command line). A failed
    attempt raises LoginFailed after counting it (when `record`): a caller that wants the
    count kept commits the transaction before letting the error through."""
    account = find_account(session, login)
    return conclude_sign_in(
        session, account, password, password_matches(account, password), record=record
    )


def authenticate(session: Session, login: str, password: str, *, record: bool = True) -> Actor:
    """`sign_in`'s actor."""
    return sign_in(session, login, password, record=record).actor


def confirm_own_password(session: Session, actor: Actor, password: str) -> None:
    """The signed-in user's own password, typed again before what needs it (protecting the
    file wraps its key with it): ValidationError on "password" when it is not theirs. Only
    reads: nothing is counted or audited."""
    account = find_account(session, actor.login) if actor.user_id is not None else None
    if account is not None and account.user_id != actor.user_id:
        account = None
    if not password_matches(account, password) or account is None:
        raise ValidationError("password", _("The current password is wrong."))


def change_password(
    session: Session,
    actor: Actor,
    user_id: int,
    new_password: str,
    *,
    old_password: str | None = None,
) -> None:
    """Users change their own password (giving the old one, administrators included: it
    proves who is at the keyboard); administrators reset anyone else's."""
    user = get_or_fail(session, User, user_id, _("user"))
    if actor.user_id == user_id:
        try:
            _hasher.verify(user.password_hash, old_password or "")
        except (VerificationError, InvalidHashError):
            raise ValidationError("old_password", _("The current password is wrong.")) from None
    elif actor.user_id != user_id:
        actor.require(Permission.USERS_MANAGE)
    _check_password(new_password)
    user.password_hash = _hasher.hash(new_password)
    session.flush()
    audit.record(session, actor, "password", "user", user.id)
    password_set(session.info, user.login, new_password)  # a protected file's key re-wrapped


def _admins_left(session: Session, excluding: int) -> int:
    return (
        session.scalar(
            sa.select(sa.func.count(User.id)).where(
                User.role == Role.ADMIN, User.active.is_(True), User.id != excluding
            )
        )
        or 0
    )


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    expected_version: int | None,
    *,
    full_name: str | None = None,
    role: Role | None = None,
    active: bool | None = None,
    language: str | None = None,
    overwrite: bool = False,
) -> UserRecord:
    """Change an account. Refused over a newer save (`ConflictError`) unless `overwrite`
    (core/common/conflicts.py)."""
    actor.require(Permission.USERS_MANAGE)
    user = locked(session, User, user_id, _("user"))
    overwriting = conflicts.check_version(user, expected_version, overwrite=overwrite)
    before = audit.snapshot(user)
    losing_admin = user.role is Role.ADMIN and (
        (role is not None and Role(role) is not Role.ADMIN) or active is False
    )
    if losing_admin and _admins_left(session, user.id) == 0:
        raise Conflict(_("At least one active administrator must remain."))
    if full_name is not None:
        user.full_name = _full_name(full_name)
    if role is not None:
        user.role = Role(role)
    if active is not None:
        user.active = active
    if language is not None:
        user.language = language
    session.flush()
    action = conflicts.OVERWRITE_ACTION if overwriting else "update"
    audit.record(session, actor, action, "user", user.id, before=before, after=audit.snapshot(user))
    return _record(user)


def get_user(session: Session, actor: Actor, user_id: int) -> UserRecord:
    actor.require(Permission.USERS_MANAGE)
    return _record(get_or_fail(session, User, user_id, _("user")))


def list_users(session: Session, actor: Actor) -> list[UserRecord]:
    actor.require(Permission.USERS_MANAGE)
    return [_record(u) for u in session.scalars(sa.select(User).order_by(User.login))]
