"""The command line on a shared PostgreSQL database (`--db postgresql+psycopg://…`): every
command takes the URL, no lock file is made, the password never appears in what it prints,
and the audit log names the computer."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Nassij
from tests.postgres import fresh_database

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
