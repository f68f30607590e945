"""Checking a login and password against the file, shared by the login dialog and the lock.

The service (`core.users.services.sign_in`) counts a failed attempt on the account; the count
is committed here although the attempt fails, so that it survives the dialog (a service leaves
committing to its caller).
"""

from __future__ import annotations

from nassij_desktop.core.association.services import has_association
from nassij_desktop.core.association_file import association_heading
from nassij_desktop.core.users.services import LoginFailed, SignedIn, has_users, sign_in
from nassij_desktop.i18n import current_language
from nassij_desktop.storage import Database

__all__ = ["SignedIn", "association_name", "check_credentials", "file_has_users"]


def check_credentials(database: Database, login: str, password: str) -> SignedIn:
    """The signed-in user, or LoginFailed with the service's translated message.

    The failed attempt is counted and committed although the sign-in fails; on a read-only
    file nothing is recorded (the password is only checked).
    """
    if database.read_only:
        with database.session() as session:
            return sign_in(session, login, password, record=False)
    failure: LoginFailed | None = None
    with database.transaction() as session:
        try:
            signed_in = sign_in(session, login, password)
        except LoginFailed as exc:
            failure = exc  # leaves the transaction normally: the count is committed
    if failure is not None:
        raise failure
    return signed_in


def file_has_users(database: Database) -> bool:
    with database.session() as session:
        return has_users(session)


def association_name(database: Database) -> str:
    """The association's name in the interface's language ("" before it is created)."""
    with database.session() as session:
        if not has_association(session):
            return ""
        return association_heading(session).name(current_language())
