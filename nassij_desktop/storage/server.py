"""A shared database on a PostgreSQL server: its address, its password, its backup.

The shared mode keeps an association's data on a PostgreSQL server that several computers
open at once (`open_database` takes its SQLAlchemy URL, `postgresql+psycopg://user@host:port/db`).
Here is what a server needs that a file does not:

- the password never travels in the URL that is shown, logged or remembered: `safe_text`
  renders a URL with it hidden, `without_password` is what the recent-files list keeps;
- the password of a URL without one comes from `NASSIJ_DB_PASSWORD`, else from the system
  keyring (`keyring` library; service "nassij-desktop", user name `user@host:port/db`), where
  "Remember the password" put it;
- before the schema of a server database is upgraded, `pg_dump -Fc` writes a copy into the
  backups folder when the tool is installed (on PATH, or in /usr/lib/postgresql/*/bin);
  without it the upgrade goes on with a line in the log;
- `ServerSettings` is what the "Connect to a shared database" dialog asks for, and
  `check_server` what its "Test the connection" button runs: an empty database (or one with
  the structure but no association yet) is one a new association can be created in;
- a role that may not create the tables (the daily role `nassij_app` of docs/shared-mode.md)
  is refused, before anything is asked or written, with one sentence naming the owner's role
  (`refuse_without_rights`): creating the association, `init`, `migrate-to` and an upgrade;
- a server that asks for a password this computer does not have (or refuses the one it has)
  is `errors.ServerPasswordNeeded`: the window and the CLI ask for it.
"""

from __future__ import annotations

import datetime as dt
import glob
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError, ValidationError
from nassij_desktop.i18n import _
from nassij_desktop.storage import errors

log = logging.getLogger(__name__)

KEYRING_SERVICE = "nassij-desktop"
PASSWORD_VARIABLE = "NASSIJ_DB_PASSWORD"
DEFAULT_PORT = 5432
DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 10


def is_server_url(target: str | Path | sa.URL) -> bool:
    """True for a PostgreSQL URL (a path or a SQLite URL is a file)."""
    if isinstance(target, Path):
        return False
    text = str(target) if not isinstance(target, sa.URL) else target.drivername
    return text.startswith("postgresql")


def as_url(target: str | sa.URL) -> sa.URL:
    return target if isinstance(target, sa.URL) else make_url(str(target))


def safe_text(target: str | sa.URL) -> str:
    """The URL as it may be shown or logged: the password, if any, as ***."""
    return as_url(target).render_as_string(hide_password=True)


def without_password(target: str | sa.URL) -> str:
    """The URL as the recent-files list keeps it: no password at all."""
    url = as_url(target)
    bare = sa.URL.create(  # URL.set(password=None) would keep the password
        url.drivername,
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return bare.render_as_string(hide_password=False)


def _address(url: sa.URL) -> tuple[str, int]:
    """The server's host and port, whether given in the URL's authority or in its query
    (`?host=/run/postgresql&port=5433`, a Unix socket's folder)."""
    host = url.host or str(url.query.get("host") or "") or "localhost"
    port = url.port or int(str(url.query.get("port") or DEFAULT_PORT))
    return host, port


def keyring_user(target: str | sa.URL) -> str:
    """The keyring's user name for a server database: `user@host:port/db`."""
    url = as_url(target)
    host, port = _address(url)
    return f"{url.username or ''}@{host}:{port}/{url.database or ''}"


def where(target: str | sa.URL) -> tuple[str, str]:
    """The server and the database's name, as the window title and the status bar say them."""
    url = as_url(target)
    host, port = _address(url)
    server = host if port == DEFAULT_PORT or host.startswith("/") else f"{host}:{port}"
    return server, url.database or ""


def _keyring() -> Any | None:
    """The keyring library, or None when it is not installed."""
    try:
        import keyring
    except ImportError:
        return None
    return keyring


def stored_password(target: str | sa.URL) -> str | None:
    """The password the keyring holds for this database, None if none (or no keyring)."""
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        password: str | None = keyring.get_password(KEYRING_SERVICE, keyring_user(target))
    except Exception as exc:  # no usable backend on this system: as if nothing were kept
        log.info("the keyring could not be read: %s", type(exc).__name__)
        return None
    return password


def remember_password(target: str | sa.URL, password: str) -> None:
    """Keep the password in the system keyring (refused with a sentence when none works)."""
    keyring = _keyring()
    if keyring is None:
        raise NassijError(_("No password store is available on this computer."))
    try:
        keyring.set_password(KEYRING_SERVICE, keyring_user(target), password)
    except Exception as exc:
        log.warning("the keyring refused the password: %s", type(exc).__name__)
        raise NassijError(
            _("The password could not be kept in this computer's password store.")
        ) from exc


def keyring_available() -> bool:
    """True when this computer has a password store the keyring library can use (none: the
    "fail" backend, priority 0, which refuses everything)."""
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        backend = keyring.get_keyring()
        return float(getattr(backend, "priority", 0) or 0) > 0
    except Exception:  # a broken backend is no backend
        return False


def forget_password(target: str | sa.URL) -> None:
    """Take the password out of the keyring, if it is there."""
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_user(target))
    except Exception:  # none kept, or no backend: nothing to forget
        return


def with_password(target: str | sa.URL) -> sa.URL:
    """The URL with its password: the URL's own, else NASSIJ_DB_PASSWORD, else the keyring's;
    unchanged when none is found (the server may not ask for one)."""
    url = as_url(target)
    if url.password is not None or not is_server_url(url):
        return url
    password = os.environ.get(PASSWORD_VARIABLE) or stored_password(url)
    return url.set(password=password) if password else url


@dataclass(frozen=True)
class ServerSettings:
    """What the "Connect to a shared database" dialog asks for."""

    host: str
    database: str
    user: str
    password: str = ""
    port: int = DEFAULT_PORT
    tls: bool = True  # sslmode=require; without, prefer (TLS when the server offers it)

    def url(self, *, password: bool = True) -> sa.URL:
        return sa.URL.create(
            DRIVER,
            username=self.user.strip(),
            password=(self.password or None) if password else None,
            host=self.host.strip(),
            port=self.port,
            database=self.database.strip(),
            query={"sslmode": "require" if self.tls else "prefer"},
        )

    def validate(self) -> None:
        for field, value, message in (
            ("host", self.host, _("Give the server's name or address.")),
            ("database", self.database, _("Give the database's name.")),
            ("user", self.user, _("Give the user name on the server.")),
        ):
            if not value.strip():
                raise ValidationError(field, message)


@dataclass(frozen=True)
class ServerCheck:
    """What "Test the connection" found: the server answered, and the database's state."""

    server_version: str
    # "empty" (no tables), "unset" (the structure, but no association in it yet), "current",
    # "older" (will be updated), "newer" (refused)
    state: str
    # The user may create the tables (empty) or alter them (older): `schema_rights`.
    rights: bool = True
    user: str = ""
    database: str = ""

    @property
    def can_create(self) -> bool:
        """A new association can be created in this database (`storage.creation`)."""
        return self.state in ("empty", "unset") and (self.rights or self.state == "unset")

    @property
    def refusal(self) -> str | None:
        """Why this user cannot create the association, or update the structure, here."""
        if self.rights or self.state not in ("empty", "older"):
            return None
        return rights_message(self.user, self.database, creating=self.state == "empty")

    @property
    def message(self) -> str:
        if self.refusal is not None:
            return self.refusal
        if self.can_create:
            return _(
                "Connected (PostgreSQL {version}). The database holds no association yet: a "
                "new association can be created in it."
            ).format(version=self.server_version)
        if self.state == "older":
            return _(
                "Connected (PostgreSQL {version}). The database was saved by an older "
                "version: it will be updated when opened."
            ).format(version=self.server_version)
        if self.state == "newer":
            return too_new_message(server=True)
        return _("Connected (PostgreSQL {version}). The database is ready.").format(
            version=self.server_version
        )


def too_new_message(*, server: bool) -> str:
    if server:
        return _(
            "This database was saved by a newer version of Nassij Desktop. Install the "
            "latest version on this computer to open it."
        )
    return _(
        "This file was saved by a newer version of Nassij Desktop. "
        "Install the latest version to open it."
    )


def check_server(target: str | sa.URL) -> ServerCheck:
    """Connect once and read the database's schema state; a refusal becomes one sentence."""
    from nassij_desktop.storage import migrate

    url = with_password(target)
    engine = sa.create_engine(
        url, hide_parameters=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
    )
    try:
        with engine.connect() as connection:
            version = str(connection.exec_driver_sql("SHOW server_version").scalar() or "")
            state = migrate.schema_state(connection)
            tables = sorted(sa.inspect(connection).get_table_names())
            rights = schema_rights(connection)
            unset = (
                state.current is not None
                and not state.newer
                and "association" in tables
                and connection.exec_driver_sql("SELECT 1 FROM association LIMIT 1").first() is None
            )
    except sa.exc.DBAPIError as exc:
        raise connection_error(url, exc) from exc
    finally:
        engine.dispose()
    if state.foreign:
        raise errors.NotAnAssociationFile(foreign_message(url, tables))
    kind = (
        "newer"
        if state.newer
        else "empty"
        if state.current is None
        else "unset"
        if unset
        else "current"
        if state.current == state.head
        else "older"
    )
    return ServerCheck(
        server_version=version.split()[0] if version else "?",
        state=kind,
        rights=rights,
        user=url.username or "",
        database=url.database or "",
    )


def schema_rights(connection: sa.Connection) -> bool:
    """True when the connection's role may create tables in its schema and alter every table
    already there (owns them, or is a member of their owner's role; a superuser may all)."""
    row = connection.exec_driver_sql(
        "SELECT COALESCE(has_schema_privilege(current_schema(), 'CREATE'), false)"
        " AND NOT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema()"
        " AND NOT pg_has_role(current_user, tableowner, 'USAGE'))"
    ).scalar()
    return bool(row)


def rights_message(user: str, database: str, *, creating: bool) -> str:
    """The refusal of a role that may not create or alter the tables, in one sentence."""
    from nassij_desktop.i18n.formatting import isolate

    values = {
        "user": isolate(user, "ltr"),
        "database": isolate(database, "ltr"),
        "owner": isolate("nassij_owner", "ltr"),
        "app": isolate("nassij_app", "ltr"),
    }
    if creating:
        return _(
            "The user {user} may not create tables in the database {database}: connect as "
            "the database's owner ({owner} in the set-up guide) to create the association; "
            "then each computer connects with {app}."
        ).format(**values)
    return _(
        "The database {database} must be updated for this version of Nassij Desktop, and the "
        "user {user} may not change its tables: connect once as the database's owner ({owner} "
        "in the set-up guide) to update it; then each computer connects with {app} again."
    ).format(**values)


def refuse_without_rights(connection: sa.Connection, *, creating: bool) -> None:
    """`ServerRightsMissing` when the connection's role may not make (`creating`) or update
    the structure: said before anything is asked or written, never the driver's text."""
    if connection.dialect.name != "postgresql" or schema_rights(connection):
        return
    url = connection.engine.url
    raise errors.ServerRightsMissing(
        rights_message(url.username or "", url.database or "", creating=creating)
    )


def foreign_message(url: sa.URL, tables: list[str]) -> str:
    """A database that holds other tables: not an association, and none is made there."""
    from nassij_desktop.i18n.formatting import isolate

    server, database = where(url)
    return _(
        "The database {database} on {server} already holds other data (tables such as "
        "{table}) and was not created by Nassij Desktop: it cannot be opened, and no "
        "association is created in it. Ask whoever set the server up for an empty database."
    ).format(
        database=isolate(database, "ltr"),
        server=isolate(server, "ltr"),
        table=isolate(next(iter(t for t in tables if t != "alembic_version"), "?"), "ltr"),
    )


# What libpq says when a password is missing (its own words) or refused (the server's, in
# English or in French when the server speaks French).
_NO_PASSWORD = ("no password supplied",)
_REFUSED = ("password authentication failed", "authentification par mot de passe")


def password_problem(exc: BaseException | None) -> str | None:
    """ "missing" or "refused" when a connection failed for its password, else None."""
    text = str(exc or "").lower()
    if any(words in text for words in _NO_PASSWORD):
        return "missing"
    if any(words in text for words in _REFUSED):
        return "refused"
    return None


def password_needed_message(target: str | sa.URL, *, refused: bool) -> str:
    from nassij_desktop.i18n.formatting import isolate

    url = as_url(target)
    server, database = where(url)
    values = {
        "database": isolate(database, "ltr"),
        "server": isolate(server, "ltr"),
        "user": isolate(url.username or "", "ltr"),
    }
    if refused:
        return _(
            "The server {server} refused the password of {user} for the database {database}."
        ).format(**values)
    return _(
        "The database {database} on {server} asks for the password of {user}, and this "
        "computer does not have it."
    ).format(**values)


def connection_error(url: sa.URL, exc: sa.exc.DBAPIError) -> NassijError:
    """A failed connection as one sentence: the server's first line, never the password;
    a missing or refused password is `ServerPasswordNeeded` (the caller asks for it)."""
    from nassij_desktop.i18n.formatting import isolate

    problem = password_problem(exc.orig)
    if problem is not None:
        refused = problem == "refused"
        return errors.ServerPasswordNeeded(
            password_needed_message(url, refused=refused), refused=refused
        )
    server, database = where(url)
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
    if url.password:
        reason = reason.replace(url.password, "***")
    return errors.DatabaseOpenError(
        _("The database {database} on {server} could not be opened: {reason}").format(
            database=isolate(database, "ltr"), server=isolate(server, "ltr"), reason=reason
        )
    )


# -- the copy before an upgrade -------------------------------------------------------------


def find_pg_dump() -> Path | None:
    """pg_dump on PATH, else the newest in /usr/lib/postgresql/*/bin (Debian's packages)."""
    found = shutil.which("pg_dump")
    if found:
        return Path(found)
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_dump"),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p)],
    )
    return Path(versions[-1]) if versions else None


def _libpq_environment(url: sa.URL) -> dict[str, str]:
    """The connection as libpq's variables: the password never on a command line."""
    from sqlalchemy.dialects import registry

    dialect = registry.load(url.get_dialect().name + "." + (url.get_driver_name() or "psycopg"))
    _args, params = dialect().create_connect_args(url)
    names = {
        "host": "PGHOST",
        "port": "PGPORT",
        "user": "PGUSER",
        "dbname": "PGDATABASE",
        "password": "PGPASSWORD",
        "sslmode": "PGSSLMODE",
    }
    env = {name: str(params[key]) for key, name in names.items() if params.get(key) is not None}
    if "PGDATABASE" not in env and url.database:
        env["PGDATABASE"] = url.database
    return env


def dump_name(url: sa.URL, revision: str | None, made_at: dt.datetime) -> str:
    """`server-<host>-<db>-<YYYYmmdd-HHMMSS>-before-upgrade-<revision>.dump`: a name the
    file backups' rotation (storage/backups.py) never takes for one of its own."""
    server, database = where(url)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{server}-{database}").strip("_")
    return f"server-{safe}-{made_at:%Y%m%d-%H%M%S}-before-upgrade-{revision or 'none'}.dump"


def dump_before_upgrade(url: sa.URL, folder: Path, revision: str | None) -> Path | None:
    """`pg_dump -Fc` of the database into `folder`; None (with a log line) without pg_dump.
    A dump that fails stops the upgrade: the database is not touched without its copy."""
    tool = find_pg_dump()
    if tool is None:
        log.info("pg_dump not found: no copy of %s before its upgrade", safe_text(url))
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / dump_name(url, revision, clock.now())
    partial = target.with_name(target.name + ".part")
    environment = {**os.environ, **_libpq_environment(url)}
    result = subprocess.run(
        [str(tool), "-Fc", "--no-password", "-f", str(partial)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        reason = (result.stderr.strip().splitlines() or [""])[-1]
        log.warning("pg_dump failed on %s: %s", safe_text(url), reason)
        raise errors.MigrationFailed(
            _(
                "The copy of the database before its update (pg_dump) failed; it was left as "
                "it was. Details: {reason}"
            ).format(reason=reason)
        )
    partial.replace(target)
    log.info("dumped %s to %s before migrating", safe_text(url), target)
    return target


def connect(settings: ServerSettings, *, remember: bool) -> ServerCheck:
    """What the dialog's "Connect" runs: the settings checked, the server asked (a database
    saved by a newer version, or not made by Nassij Desktop, is refused), then the password
    kept in the keyring, or taken out of it, as "Remember the password" says."""
    settings.validate()
    found = check_server(settings.url())
    if found.state == "newer":
        raise errors.DatabaseTooNew(too_new_message(server=True))
    if found.refusal is not None:
        raise errors.ServerRightsMissing(found.refusal)
    if remember and settings.password:
        remember_password(settings.url(), settings.password)
    elif not remember:
        forget_password(settings.url())
    return found


def empty_database_message(target: str | sa.URL) -> str:
    """What a command says of a server's database without a table, as of an empty file."""
    from nassij_desktop.i18n.formatting import isolate

    host, database = where(target)
    return _(
        "The database {database} on the server {server} is empty: it holds no association. "
        "Create one with `nassij init` or the assistant."
    ).format(database=isolate(database, "ltr"), server=isolate(host, "ltr"))


def place_text(target: str | sa.URL) -> str:
    """ "server nas.local / nassij": which database is open, the names isolated (a Latin
    name in an Arabic line keeps its order)."""
    from nassij_desktop.i18n.formatting import isolate

    host, database = where(target)
    return _("server {server} / {database}").format(
        server=isolate(host, "ltr"), database=isolate(database, "ltr")
    )
