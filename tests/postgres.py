"""A throw-away PostgreSQL server for the tests: its own cluster in a temporary folder,
listening only on a Unix socket there. Started by the test command, stopped after the run;
under pytest-xdist each worker starts its own, on a port of its own.

The `postgres_url` fixture is offered to every test folder by tests/conftest.py (storage
tests, and the window's on a server: tests/ui/shell/test_remote_changes.py); one server per
worker whichever folder asks first."""

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

import pytest


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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url
