"""Checking a login and password against the file, shared by the login dialog and the lock.

`authenticate` counts a failed attempt on the account; the count is committed even though the
attempt fails, so that it survives the dialog (the service leaves committing to its caller).
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.services import get_association, has_association
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
    """The signed-in user, or LoginFailed with the service's translated message.

    The failed attempt is counted and committed although the sign-in fails; on a read-only
    file nothing is recorded (the password is only checked).
    """
    if database.read_only:
        with database.session() as session:
            actor = authenticate(session, login, password, record=False)
            return SignedIn(actor, _full_name(session, actor))
    failure: LoginFailed | None = None
    with database.transaction() as session:
        try:
            actor = authenticate(session, login, password)
        except LoginFailed as exc:
            failure = exc
        else:
            name = _full_name(session, actor)
    if failure is not None:
        raise failure
    return SignedIn(actor, name)


def _full_name(session: Session, actor: Actor) -> str:
    return session.scalar(sa.select(User.full_name).where(User.id == actor.user_id)) or ""


def file_has_users(database: Database) -> bool:
    with database.session() as session:
        return has_users(session)


def association_name(database: Database) -> str:
    """The association's name in the interface's language (Arabic unless French)."""
    with database.session() as session:
        if not has_association(session):
            return ""
        association = get_association(session)
        name_ar, name_fr = association.name_ar, association.name_fr
    return (name_fr or name_ar) if current_language() != "ar" else (name_ar or name_fr)
