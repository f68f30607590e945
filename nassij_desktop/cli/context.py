"""What a command needs: the database (opened on first use), the lock and the signed-in user.

The CLI follows the application's rules: a command that writes holds the same lock file as the
application (and is refused while someone else has the file open), and when the file has user
accounts every command runs as a signed-in user with that user's role.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop import paths
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor
from nassij_desktop.i18n import _
from nassij_desktop.storage import Database, errors, lockfile, open_database, server
from nassij_desktop.storage.database import read_only_message, to_url
from nassij_desktop.storage.inspect import inspect_file, shown

USER_VARIABLE = "NASSIJ_USER"
DB_PASSWORD_ATTEMPTS = 3  # a server's password typed wrong: asked again, twice
PASSWORD_VARIABLE = "NASSIJ_USER_PASSWORD"


class SignInRequired(NassijError):
    pass


class CommandContext:
    def __init__(self, db: str | None, *, user: str | None = None) -> None:
        self.target: str | Path = db or paths.default_database()
        self.login = user or os.environ.get(USER_VARIABLE) or None
        self._actor: Actor | None = None
        self._database: Database | None = None
        self._lock: lockfile.FileLock | None = None
        self._password: str | None = None

    @property
    def path(self) -> Path | None:
        """The SQLite file, None for a server database (which has no lock file)."""
        url = to_url(self.target)
        return Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None

    @property
    def shown_target(self) -> str:
        """The database as a sentence names it: a file's path, or a server URL without its
        password."""
        if self.path is None and server.is_server_url(str(self.target)):
            return server.safe_text(str(self.target))
        return shown(self.target)

    def database(
        self, *, create: bool = False, write: bool = False, inspecting: bool = False
    ) -> Database:
        """The open database. `write`: the command changes it, so it holds the lock file;
        `inspecting`: `check` opens a file whose structure was altered, to report it."""
        if self._database is None:
            key = self._file_key()  # first: a protected file cannot be looked at without it
            if write or create or self._needs_upgrade():
                self.lock()
            self._database = self._open(create=create, verify_schema=not inspecting, key=key)
            self._database.before_write = self.lock
            if self._actor is None:  # every command on a file with accounts runs signed in
                self._actor = self._sign_in()
        if write:
            self._database.refuse_if_read_only()
            self.lock()
        return self._database

    def _open(self, *, create: bool, verify_schema: bool, key: bytes | None) -> Database:
        """`open_database`; a server that asks for a password this computer does not have
        (none in the URL, NASSIJ_DB_PASSWORD or the keyring), or refuses the one it has, gets
        it typed at the prompt on a terminal, and a sentence saying how otherwise."""
        target: str | Path | sa.URL = self.target
        for _attempt in range(DB_PASSWORD_ATTEMPTS):
            try:
                return open_database(target, create=create, verify_schema=verify_schema, key=key)
            except errors.ServerPasswordNeeded as exc:
                if not sys.stdin.isatty():
                    raise errors.ServerPasswordNeeded(
                        _(
                            "{reason} Type it at the prompt on a terminal, or set {variable} "
                            "in a script."
                        ).format(reason=exc.message, variable=server.PASSWORD_VARIABLE),
                        refused=exc.refused,
                    ) from None
                url = server.as_url(str(target)) if not isinstance(target, sa.URL) else target
                if exc.refused:
                    print(exc.message, file=sys.stderr)
                host, database = server.where(url)
                password = getpass.getpass(
                    _("Password of {user} for the database {database} on {server}: ").format(
                        user=url.username or "", database=database, server=host
                    )
                )
                target = url.set(password=password)
        return open_database(target, create=create, verify_schema=verify_schema, key=key)

    def unlock_file(self) -> bytes | None:
        """The key of a password-protected file, unwrapped with the user's password, without
        opening the database (`recover` reads a damaged file it must not open); None for a
        plain file."""
        return self._file_key()

    def _file_key(self) -> bytes | None:
        """A password-protected file's key, unwrapped with the user's own password (the one
        signing in then checks): asked once."""
        from nassij_desktop.storage import encryption

        path = self.path
        if path is None or not encryption.is_encrypted(path):
            return None
        if not self.login:
            raise SignInRequired(
                _(
                    "{reason} Give your user name with --user NAME (or the variable {user}), "
                    "and the password at the prompt or in {password}."
                ).format(
                    reason=encryption.password_required_message(path),
                    user=USER_VARIABLE,
                    password=PASSWORD_VARIABLE,
                )
            )
        return encryption.unlock(path, self.login, self.password())

    def _needs_upgrade(self) -> bool:
        from nassij_desktop.storage import migrate

        path = self.path
        if path is None:
            return False
        facts = inspect_file(path, create=False)
        return facts is not None and facts.writable and facts.revision != migrate.head_revision()

    def lock(self) -> None:
        """Take the application's lock file; refused, with who holds it, while it is open."""
        path = self.path
        if self._lock is not None or path is None:
            return
        holder = lockfile.read_owner(path)
        if holder is not None and not holder.is_this_process and not holder.is_stale:
            raise lockfile.FileLocked(
                _("{reason} Close Nassij Desktop there, then run the command again.").format(
                    reason=lockfile.describe(holder)
                ),
                holder,
                can_override=False,
            )
        # A lock left by a process that no longer runs on this computer is taken over.
        self._lock = lockfile.acquire(path, force=holder is not None and holder.is_stale)

    @property
    def actor(self) -> Actor:
        """Who runs the command: the signed-in user, or the owner of a file without accounts."""
        if self._actor is None:
            self._actor = self._sign_in()
        return self._actor

    def _sign_in(self) -> Actor:
        from nassij_desktop.core.users.services import authenticate, has_users

        database = self.database()
        with database.session() as session:
            if not has_users(session):
                return CLI_ACTOR
        if not self.login:
            raise SignInRequired(
                _(
                    "This file has user accounts: sign in with --user NAME (or the variable "
                    "{user}), and the password at the prompt or in {password}."
                ).format(user=USER_VARIABLE, password=PASSWORD_VARIABLE)
            )
        password = self.password()
        # The check only reads: a read command leaves the file untouched and never waits for
        # the write lock; a failed attempt is answered with one sentence whatever was wrong.
        with database.session() as session:
            return authenticate(session, self.login, password, record=False)

    def password(self) -> str:
        """The signed-in user's password: from the variable, or asked once at the prompt."""
        if self._password is not None:
            return self._password
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None:
            if not sys.stdin.isatty():
                raise SignInRequired(
                    _(
                        "No password for {login}: type it at the prompt on a terminal, or set "
                        "{password} in a script."
                    ).format(login=self.login, password=PASSWORD_VARIABLE)
                )
            password = getpass.getpass(_("Password for {login}: ").format(login=self.login))
        self._password = password
        return password

    def read_only_note(self) -> str | None:
        """Said after a command that only read a read-only file (a write says it itself)."""
        if self._database is None or not self._database.read_only:
            return None
        return _("nassij: note: {reason}").format(reason=read_only_message(self.path))

    def close_database(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None

    def close(self) -> None:
        self.close_database()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
