"""A throw-away PostgreSQL server for the tests: its own cluster in a temporary folder,
listening only on a Unix socket there. Started by the test command, stopped after the run;
under pytest-xdist each worker starts its own, on a port of its own. The `postgres_url`
fixture (tests/conftest.py, for every test folder: storage tests, and the window's on a server)
is that server's database `nassij_test`; `fresh_database` gives a test a database of its own
on it."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from keyring.backend import KeyringBackend

if TYPE_CHECKING:
    from nassij_desktop.core.association.services import AssociationProfile


def _binaries() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "PostgreSQL is not installed: run `make test` as root, or `apt-get install postgresql`"
    )


def _as_server_user(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the Debian package provides the `postgres` account.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of an empty database on a private server."""
    bin_dir = _binaries()
    folder = Path(tempfile.mkdtemp(prefix="nassij-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    run = lambda *cmd: subprocess.run(  # noqa: E731
        _as_server_user([str(c) for c in cmd]), check=True, capture_output=True, text=True
    )
    run(
        bin_dir / "initdb",
        "-D",
        data,
        "-U",
        "nassij",
        "--auth=trust",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
    )
    # gw0, gw1…: the socket lives in the private folder, but the port also names the server's
    # shared memory; a port per worker keeps two workers' servers apart.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    port = str(54329 + (int(worker) if worker.isdigit() else 0))
    run(
        bin_dir / "pg_ctl",
        "-D",
        data,
        "-w",
        "-l",
        folder / "server.log",
        "-o",
        # Throw-away data: nothing is forced to disk (a test's CREATE DATABASE and commits
        # would otherwise wait on the disk the other helpers share).
        f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
        " -c full_page_writes=off",
        "start",
    )
    try:
        run(bin_dir / "createdb", "-h", folder, "-p", port, "-U", "nassij", "nassij_test")
        yield f"postgresql+psycopg://nassij@/nassij_test?host={folder}&port={port}"
    finally:
        run(bin_dir / "pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


_HEAD_TEMPLATE = "nassij_head_template"
_templates: set[str] = set()


def _head_template(server_url: str) -> str:
    """A database migrated to head, made once per server: copied in a moment by CREATE
    DATABASE … TEMPLATE, where migrating a new one takes seconds."""
    if server_url not in _templates:
        import sqlalchemy as sa

        from nassij_desktop.storage import open_database

        admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{_HEAD_TEMPLATE}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{_HEAD_TEMPLATE}"')
        admin.dispose()
        open_database(server_url.replace("/nassij_test?", f"/{_HEAD_TEMPLATE}?")).close()
        _templates.add(server_url)
    return _HEAD_TEMPLATE


@contextlib.contextmanager
def fresh_database(server_url: str, name: str, *, at_head: bool = False) -> Iterator[str]:
    """A new empty database `name` on the server of `server_url` (dropped afterwards, with
    every connection to it): a test that needs its own, or roles of its own. `at_head`: with
    the schema already made (no association in it)."""
    import sqlalchemy as sa

    template = f' TEMPLATE "{_head_template(server_url)}"' if at_head else ""
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{template}')
        yield server_url.replace("/nassij_test?", f"/{name}?")
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextlib.contextmanager
def password_role(server_url: str, role: str, password: str) -> Iterator[str]:
    """A login role that must give `password` (scram-sha-256 on the server's socket, where
    every other role is trusted): yields `server_url` as that role, without the password.
    The role is a superuser, so it reads and migrates the tests' databases."""
    import sqlalchemy as sa

    url = sa.make_url(server_url)
    hba = Path(str(url.query["host"])) / "data" / "pg_hba.conf"
    line = f"local all {role} scram-sha-256\n"
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
            connection.exec_driver_sql(
                f"CREATE ROLE \"{role}\" LOGIN SUPERUSER PASSWORD '{password}'"
            )
            if line not in hba.read_text():
                hba.write_text(line + hba.read_text())
            connection.exec_driver_sql("SELECT pg_reload_conf()")
        as_role = server_url.replace("://nassij@", f"://{role}@")
        _wait_until_refused(as_role)
        yield as_role
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'"
            )
            connection.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.dispose()


def _wait_until_refused(url: str) -> None:
    """The server reads pg_hba.conf again when signalled: until then the role is trusted."""
    import time

    import sqlalchemy as sa

    deadline = time.monotonic() + 10
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        while time.monotonic() < deadline:
            try:
                engine.connect().close()
            except sa.exc.OperationalError:
                return
            time.sleep(0.02)
        raise RuntimeError("the server did not start asking for the password")
    finally:
        engine.dispose()


class FileKeyring(KeyringBackend):
    """A keyring backend keeping its passwords in a file (keyring's own backend interface)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _read(self) -> dict[str, str]:
        import json

        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        import json

        self.path.write_text(json.dumps({**self._read(), f"{service}|{username}": password}))

    def delete_password(self, service: str, username: str) -> None:
        import json

        from keyring.errors import PasswordDeleteError

        values = self._read()
        if values.pop(f"{service}|{username}", None) is None:
            raise PasswordDeleteError(username)
        self.path.write_text(json.dumps(values))


def database_url(server_url: str, name: str) -> str:
    """The URL of database `name` on the server of `server_url`."""
    return server_url.replace("/nassij_test?", f"/{name}?")


def _admin(server_url: str, *statements: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
    finally:
        admin.dispose()


def template_database(server_url: str, name: str, make: Callable[[str], None]) -> str:
    """Database `name` on the server, written once per server by `make(url)` (which must close
    every connection it opens): a template that `copied_database` copies per test."""
    if (server_url, name) not in _templates_made:
        _admin(
            server_url,
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}"',
        )
        make(database_url(server_url, name))
        _templates_made.add((server_url, name))
    return name


_templates_made: set[tuple[str, str]] = set()


@contextlib.contextmanager
def copied_database(server_url: str, template: str, name: str) -> Iterator[str]:
    """A copy `name` of the database `template` (CREATE DATABASE … TEMPLATE: a file copy on
    the server), dropped afterwards with every connection to it."""
    _admin(
        server_url,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
    )
    try:
        yield database_url(server_url, name)
    finally:
        _admin(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Snapshot:
    """What a database holds (every table's rows, every sequence's value), taken once, put
    back by `restore` in one transaction: deleting every row and inserting the few reference
    rows again is a third of the time of `CREATE DATABASE … TEMPLATE` plus its DROP
    (docs/ARCHITECTURE.md, "Tests").

    The rows are kept as the server's own JSON of each table and put back by the server
    (`json_populate_recordset`), so that a restore is one script sent once, on one connection
    kept from test to test: a new connection per test made the server start a process and
    read its catalogs again, and the rows' INSERTs were built anew in Python each time."""

    def __init__(self, url: str) -> None:
        import sqlalchemy as sa

        self.url = url
        # One connection, kept; pre-pinged, as a test may have ended it (pg_terminate_backend).
        self.engine = sa.create_engine(url, pool_size=1, max_overflow=0, pool_pre_ping=True)
        with self.engine.connect() as connection:
            # Every table, the models' and the others (the change counters, the stamp).
            self.tables = list(
                connection.exec_driver_sql(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                ).scalars()
            )
            rows = {
                table: connection.exec_driver_sql(
                    f'SELECT json_agg(t)::text FROM "{table}" AS t'
                ).scalar()
                for table in self.tables
            }
            sequences = connection.exec_driver_sql(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).all()
        statements = [
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()",
            # Neither the foreign keys nor the change counters' triggers: every row goes.
            "SET LOCAL session_replication_role = replica",
        ]
        statements += [f'DELETE FROM "{table}"' for table in self.tables]
        statements += [
            f"SELECT setval('\"{name}\"', {value or 1}, {value is not None})"
            for name, value in sequences
        ]
        statements += [
            f'INSERT INTO "{table}" SELECT * FROM json_populate_recordset('
            f'NULL::"{table}", {_literal(text)})'
            for table, text in rows.items()
            if text is not None
        ]
        self.script = "; ".join(statements)

    def restore(self) -> None:
        """Put the database back as it was taken, ending whatever connection still uses it."""
        with self.engine.begin() as connection:
            # The driver's own execute: one script, sent as it is (no parameters to bind).
            connection.connection.driver_connection.execute(self.script)

    def restored(self) -> str:
        """`restore`, then the database's URL."""
        self.restore()
        return self.url

    def dispose(self) -> None:
        self.engine.dispose()


def association_snapshot(
    server_url: str, name: str, profile: AssociationProfile, backup_dir: Path | None = None
) -> Snapshot:
    """The association `profile` written once per worker into the server's database `name`
    (every migration and the reference data: a second), as a Snapshot each test puts back."""
    from nassij_desktop.core.association_file import create_association
    from nassij_desktop.core.common.permissions import CLI_ACTOR
    from nassij_desktop.storage import open_database

    def make(url: str) -> None:
        made = open_database(url, backup_dir=backup_dir)
        try:
            with made.transaction() as session:
                create_association(session, CLI_ACTOR, profile)
        finally:
            made.close()

    return Snapshot(database_url(server_url, template_database(server_url, name, make)))


def _literal(text: str) -> str:
    """`text` as a SQL string literal (standard_conforming_strings: only quotes double)."""
    return "'" + text.replace("'", "''") + "'"


GUIDE = Path(__file__).parents[1] / "docs" / "shared-mode.md"


def _guide_sql(name: str) -> tuple[list[str], list[str]]:
    """The set-up guide's section 2, its first SQL block as written, for the database `name`:
    the statements run on the server, then those run in the new database (psql's
    `\\connect`)."""
    import re

    section = GUIDE.read_text().split("\n## 2.")[1].split("\n## 3.")[0]
    block = section.split("```sql\n")[1].split("```")[0]
    block = re.sub(r"--[^\n]*", "", block).replace("DATABASE nassij ", f"DATABASE {name} ")
    on_server, in_database = block.split("\\connect nassij")

    def statements(text: str) -> list[str]:
        return [s.strip() for s in text.split(";") if s.strip()]

    return statements(on_server), statements(in_database)


def run_sql(url: str, statements: list[str]) -> None:
    _admin(url, *statements)


@contextlib.contextmanager
def guide_database(server_url: str, name: str) -> Iterator[str]:
    """The empty database `name` and the roles `nassij_owner` and `nassij_app`, made by the
    SQL of docs/shared-mode.md (section 2) as written; yields its URL (as the superuser;
    `as_role` for the others). Dropped afterwards, with the two roles."""
    on_server, in_database = _guide_sql(name)
    cleanup = [
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        "DROP ROLE IF EXISTS nassij_app",
        "DROP ROLE IF EXISTS nassij_owner",
    ]
    _admin(server_url, *cleanup)
    _admin(server_url, *on_server)
    url = database_url(server_url, name)
    _admin(url, *in_database)
    try:
        yield url
    finally:
        _admin(server_url, *cleanup)


def as_role(url: str, role: str) -> str:
    """`url` as the login role `role` (trusted on the test server's socket)."""
    return url.replace("://nassij@", f"://{role}@")


def table_names(url: str) -> list[str]:
    import sqlalchemy as sa

    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        names = sa.inspect(connection).get_table_names()
    engine.dispose()
    return names
