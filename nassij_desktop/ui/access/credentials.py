"""Checking a login and password against the file, shared by the login dialog and the lock.

`authenticate` counts a failed attempt on the account; the count is committed even though the
attempt fails, so that it survives the dialog (the service leaves committing to its caller).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from nassij_desktop.core.association.models import Association
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.users.models import User
from nassij_desktop.core.users.services import LoginFailed, authenticate, has_users
from nassij_desktop.i18n import current_language
from nassij_desktop.storage import Database


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    name: str  # the user's full name, for the window's title and status bar


def check_credentials(database: Database, login: str, password: str) -> SignedIn:
    """The signed-in user, or LoginFailed with the service's translated message."""
    with database.session() as session:
        try:
            actor = authenticate(session, login, password)
        except LoginFailed:
            session.commit()
            raise
        name = session.scalar(sa.select(User.full_name).where(User.id == actor.user_id)) or ""
        session.commit()
    return SignedIn(actor, name)


def file_has_users(database: Database) -> bool:
    with database.session() as session:
        return has_users(session)


def association_name(database: Database) -> str:
    """The association's name in the interface's language (Arabic unless French)."""
    with database.session() as session:
        row = session.execute(sa.select(Association.name_ar, Association.name_fr)).first()
    if row is None:
        return ""
    name_ar, name_fr = row
    return (name_fr or name_ar) if current_language() != "ar" else (name_ar or name_fr)


def password_matches(database: Database, actor: Actor, password: str) -> bool:
    """Whether `password` is the actor's own, without counting it as a sign-in.

    `change_password` lets administrators skip the old password (they may reset anyone's);
    changing one's own should still prove it is them at the keyboard.
    """
    if actor.user_id is None:
        return False
    with database.session() as session:
        stored = session.scalar(sa.select(User.password_hash).where(User.id == actor.user_id))
    if stored is None:
        return False
    try:
        return bool(PasswordHasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False
