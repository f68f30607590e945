"""Checking a login and password against the file, shared by the login dialog and the lock.

Signing in is three steps (core.users.services): the account is read, the password is checked
— argon2, a fraction of a second by design — outside any transaction, then the attempt is
recorded in a short write transaction. A failed attempt's count is committed although the
attempt fails, so that it survives the dialog (a service leaves committing to its caller).

`start_sign_in` runs the check on another thread: the hash releases the GIL, so the start-up
prepares the main window on one core while the password is checked on the other.
"""

from __future__ import annotations

import threading

from nassij_desktop.core.association.services import has_association
from nassij_desktop.core.association_file import association_heading
from nassij_desktop.core.users.services import (
    LoginFailed,
    SignedIn,
    conclude_sign_in,
    find_account,
    has_users,
    password_matches,
)
from nassij_desktop.i18n import current_language
from nassij_desktop.storage import Database

__all__ = [
    "PendingSignIn",
    "SignedIn",
    "association_name",
    "check_credentials",
    "file_has_users",
    "start_sign_in",
]


class PendingSignIn:
    """A sign-in whose password is being checked on another thread; `result()` waits for
    the check and records the attempt."""

    def __init__(self, database: Database, login: str, password: str) -> None:
        self.database, self._password = database, password
        with database.session() as session:
            self._account = find_account(session, login)
        self._matched = False
        self._thread = threading.Thread(target=self._check, name="password check", daemon=True)
        self._thread.start()

    def _check(self) -> None:
        self._matched = password_matches(self._account, self._password)

    def result(self) -> SignedIn:
        """The signed-in user, or LoginFailed with the service's translated message.

        The failed attempt is counted and committed although the sign-in fails; on a
        read-only file nothing is recorded (the password is only checked).
        """
        self._thread.join()
        account, password, matched = self._account, self._password, self._matched
        if self.database.read_only:
            with self.database.session() as session:
                return conclude_sign_in(session, account, password, matched, record=False)
        failure: LoginFailed | None = None
        with self.database.transaction() as session:
            try:
                signed_in = conclude_sign_in(session, account, password, matched)
            except LoginFailed as exc:
                failure = exc  # leaves the transaction normally: the count is committed
        if failure is not None:
            raise failure
        return signed_in


def start_sign_in(database: Database, login: str, password: str) -> PendingSignIn:
    return PendingSignIn(database, login, password)


def check_credentials(database: Database, login: str, password: str) -> SignedIn:
    """The signed-in user, or LoginFailed (see `PendingSignIn.result`)."""
    return start_sign_in(database, login, password).result()


def file_has_users(database: Database) -> bool:
    with database.session() as session:
        return has_users(session)


def association_name(database: Database) -> str:
    """The association's name in the interface's language ("" before it is created)."""
    with database.session() as session:
        if not has_association(session):
            return ""
        return association_heading(session).name(current_language())
