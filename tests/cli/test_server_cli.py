"""The command line on a shared PostgreSQL database (`--db postgresql+psycopg://…`): every
command takes the URL, no lock file is made, the password never appears in what it prints,
and the audit log names the computer."""

from __future__ import annotations

import os
import pty
import select
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import open_database
from tests.conftest import Nassij
from tests.postgres import fresh_database, password_role, table_names

SECRET = "s3cret-never-shown"


@pytest.fixture
def server_db(postgres_url: str) -> Iterator[str]:
    with fresh_database(postgres_url, "cli_server", at_head=True) as url:
        yield url


def test_members_add_and_list_through_a_server_url(
    nassij: Nassij, server_db: str, data_dir: Path
) -> None:
    with_secret = server_db.replace("nassij@", f"nassij:{SECRET}@")
    created = nassij(
        "--db", with_secret, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal"
    )
    assert created.returncode == 0, created.stderr
    assert "Al Amal" in created.stdout and "***" in created.stdout
    added = nassij(
        "--db", server_db, "members", "add", "--last-name-lat", "Tazi", "--first-name-lat", "Ghita"
    )
    assert added.returncode == 0, added.stderr
    listed = nassij("--db", server_db, "members", "list", "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert "Ghita Tazi" in listed.stdout
    audit = nassij("--db", server_db, "audit", "list", "--format", "csv")
    assert audit.returncode == 0, audit.stderr
    assert audit.stdout.splitlines()[0].split(",")[3] == "computer"
    assert all(line.split(",")[3] == socket.gethostname() for line in audit.stdout.splitlines()[1:])
    checked = nassij("--db", server_db, "check")
    assert checked.returncode == 0, checked.stdout
    outputs = created.stdout + created.stderr + added.stdout + listed.stdout + audit.stdout
    assert SECRET not in outputs
    assert not list(data_dir.rglob("*.lock"))  # a server has no lock file
    for log in data_dir.rglob("*.log"):
        assert SECRET not in log.read_text(errors="replace")


def test_a_failed_connection_is_one_sentence_without_the_password(
    nassij: Nassij, postgres_url: str
) -> None:
    missing = postgres_url.replace("nassij@", f"nassij:{SECRET}@").replace(
        "/nassij_test?", "/no_such_db?"
    )
    result = nassij("--db", missing, "members", "list")
    assert result.returncode != 0
    assert "no_such_db" in result.stderr and "Traceback" not in result.stderr
    assert SECRET not in result.stderr


def test_a_database_without_a_table_is_refused_until_init_makes_the_association(
    nassij: Nassij, postgres_url: str
) -> None:
    """As an empty file is: a command that reads (or `check`) makes no table in it."""
    with fresh_database(postgres_url, "cli_blank") as url:
        for argv in (("members", "list"), ("check",), ("members", "add", "--last-name-lat", "T")):
            refused = nassij("--db", url, *argv)
            assert refused.returncode == 1, (argv, refused.stdout)
            assert refused.stderr.count("\n") == 1 and "cli_blank" in refused.stderr
            assert "is empty: it holds no association" in refused.stderr
            assert table_names(url) == [], argv
        created = nassij("--db", url, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal")
        assert created.returncode == 0, created.stderr
        assert nassij("--db", url, "members", "list").returncode == 0


@pytest.fixture
def guarded_db(postgres_url: str) -> Iterator[str]:
    """An association on the server, for a role that must give its password."""
    with (
        password_role(postgres_url, "cli_guarded", "right-password") as role_url,
        fresh_database(postgres_url, "cli_guarded_db", at_head=True) as url,
    ):
        database = open_database(url)
        with database.transaction() as session:
            create_association(
                session, CLI_ACTOR, AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
            )
        database.close()
        yield role_url.replace("/nassij_test?", "/cli_guarded_db?")


def test_without_a_terminal_a_missing_password_is_one_translated_sentence(
    nassij: Nassij, guarded_db: str
) -> None:
    result = nassij("--db", guarded_db, "members", "list", env={"CI": "true"})
    assert result.returncode == 1
    assert "asks for the password of" in result.stderr and "NASSIJ_DB_PASSWORD" in result.stderr
    assert "Traceback" not in result.stderr and "fe_sendauth" not in result.stderr
    french = nassij("--lang", "fr", "--db", guarded_db, "members", "list")
    assert "mot de passe" in french.stderr and "NASSIJ_DB_PASSWORD" in french.stderr
    given = nassij("--db", guarded_db, "check", env={"NASSIJ_DB_PASSWORD": "right-password"})
    assert given.returncode == 0, given.stderr


def test_on_a_terminal_the_password_is_asked_again_when_wrong(
    nassij: Nassij, guarded_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = iter(["wrong", "right-password"])
    prompts: list[str] = []

    def getpass(prompt: str = "") -> str:  # the terminal, where the person types
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", getpass)
    result = nassij("--db", guarded_db, "members", "list")
    assert result.returncode == 0, result.stderr
    assert len(prompts) == 2 and "cli_guarded" in prompts[0] and "cli_guarded_db" in prompts[0]
    assert "refused the password" in result.stderr and "wrong" not in result.stderr


def test_a_real_terminal_is_asked_for_the_password(guarded_db: str, data_dir: Path) -> None:
    """A real process on a pseudo-terminal: getpass reads the terminal itself."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, its terminal the pseudo-terminal
        os.environ.pop("NASSIJ_DB_PASSWORD", None)
        code = "import sys; from nassij_desktop.cli import main; sys.exit(main(sys.argv[1:]))"
        os.execv(sys.executable, [sys.executable, "-c", code, "--db", guarded_db, "check"])
    output = b""
    deadline = time.monotonic() + 30
    while b"Password of" not in output and time.monotonic() < deadline:
        output += _read(fd)
    os.write(fd, b"right-password\n")
    while time.monotonic() < deadline:
        chunk = _read(fd)
        if not chunk:
            break
        output += chunk
    _pid, status = os.waitpid(pid, 0)
    os.close(fd)
    text = output.decode(errors="replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "The file is sound" in text and "right-password" not in text


def _read(fd: int) -> bytes:
    ready, _w, _x = select.select([fd], [], [], 10)
    if not ready:
        return b""
    try:
        return os.read(fd, 4096)
    except OSError:  # the child closed the terminal
        return b""
