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
from collections.abc import Iterator
from pathlib import Path

from keyring.backend import KeyringBackend


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
        f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off",
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
