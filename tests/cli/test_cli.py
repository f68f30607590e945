"""The `nassij` command on a real file: run in this process (`nassij` fixture), and once as
the installed entry point in a process of its own (exit codes, one line on stderr)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.shared_files import command_file, copy_of

Nassij = Callable[..., Any]  # the `nassij` fixture of tests/conftest.py


@pytest.fixture
def db(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> str:
    """A new file made by `nassij init`: made once (its migrations take a second), each test
    given its own copy."""
    arguments = ["init", "--name-ar", "جمعية الأمل", "--name-fr", "Association Al Amal"]
    template = command_file(
        tmp_path_factory,
        "init-al-amal-tiznit.sqlite",
        [([*arguments, "--city", "Tiznit", "--region", "09"], {})],
    )
    return str(copy_of(template, tmp_path, "assoc.sqlite"))


@pytest.fixture
def add(db: str, nassij: Nassij) -> Nassij:
    """`add(*args)`: `members add` on the test's file."""
    return lambda *args: nassij("--db", db, "members", "add", *args)


def test_members_added_from_the_command_line_are_found_across_hamza_forms(
    db: str, nassij: Nassij, add: Nassij
) -> None:
    assert (
        add(
            "--first-name-ar",
            "أحمد",
            "--last-name-ar",
            "بن علي",
            "--first-name-lat",
            "Ahmed",
            "--last-name-lat",
            "Ben Ali",
            "--cin",
            "ab123456",
            "--phone",
            "0612345678",
        ).returncode
        == 0
    )
    assert add("--first-name-ar", "إيمان", "--last-name-ar", "العلوي").returncode == 0
    result = nassij("--db", db, "members", "list", "--search", "احمد", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["number"], r["name_ar"], r["phone"]) for r in rows] == [
        ("000001", "أحمد بن علي", "+212612345678")
    ]
    csv_out = nassij("--db", db, "members", "list", "--search", "ايمان", "--format", "csv")
    assert csv_out.stdout.splitlines()[1].startswith("000002,إيمان العلوي")
    table = nassij("--db", db, "members", "list")
    assert "Ben Ali" in table.stdout and "العلوي" in table.stdout


def test_a_user_error_is_one_translated_line_with_exit_code_1(
    db: str, nassij: Nassij, add: Nassij
) -> None:
    result = add("--first-name-lat", "Omar", "--phone", "12345")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "phone" in result.stderr
    french = nassij("--lang", "fr", "--db", db, "members", "add", "--first-name-lat", "Omar")
    assert french.returncode == 1
    assert "nom de famille" in french.stderr.lower()


def test_a_file_that_is_not_a_database_is_a_user_error(tmp_path: Path, nassij: Nassij) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    result = nassij("--db", str(notes), "members", "list")
    assert result.returncode == 1
    assert "notes.txt" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_exit_2(db: str, nassij: Nassij) -> None:
    assert nassij("--db", db, "members", "frobnicate").returncode == 2
    assert nassij("--db", db, "members", "list", "--format", "xml").returncode == 2


def test_status_and_dues_from_the_command_line(db: str, nassij: Nassij, add: Nassij) -> None:
    add("--first-name-lat", "Omar", "--last-name-lat", "Tazi", "--join-date", "01/02/2020")
    dues = nassij(
        "--db",
        db,
        "dues",
        "record",
        "000001",
        "--year",
        "2025",
        "--amount",
        "1 200,00 DH",
        "--date",
        "15/01/2025",
        "--method",
        "cash",
    )
    assert dues.returncode == 0, dues.stderr
    assert "2025-00001" in dues.stdout
    status = nassij("--db", db, "members", "status", "000001", "resigned", "--date", "01/03/2025")
    assert status.returncode == 0, status.stderr
    listed = json.loads(nassij("--db", db, "members", "list", "--format", "json").stdout)
    assert listed[0]["status"] == "resigned"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT amount FROM dues_payment").fetchone() == (120000,)


def test_check_passes_on_a_sound_file_and_fails_on_unbalanced_books(
    db: str, nassij: Nassij, add: Nassij
) -> None:
    assert nassij("--db", db, "check").returncode == 0
    add("--first-name-lat", "Omar", "--last-name-lat", "Tazi")
    nassij(
        "--db",
        db,
        "dues",
        "record",
        "000001",
        "--year",
        "2025",
        "--amount",
        "100",
        "--date",
        "15/01/2025",
    )
    with sqlite3.connect(db) as conn:  # damage the books behind the application's back
        conn.execute("UPDATE journal_line SET credit = 9900 WHERE credit > 0")
    result = nassij("--db", db, "check")
    assert result.returncode == 1
    assert "not balanced" in result.stdout


def test_backup_and_restore(db: str, tmp_path: Path, nassij: Nassij, add: Nassij) -> None:
    add("--first-name-lat", "Omar", "--last-name-lat", "Tazi")
    copy = tmp_path / "copy.sqlite"
    assert nassij("--db", db, "backup", str(copy)).returncode == 0
    add("--first-name-lat", "Salma", "--last-name-lat", "Bennani")
    result = nassij("--db", db, "restore", str(copy))
    assert result.returncode == 0, result.stderr
    names = [
        r["name_lat"]
        for r in json.loads(nassij("--db", db, "members", "list", "--format", "json").stdout)
    ]
    assert names == ["Omar Tazi"]
    assert "Bennani" not in "".join(names)
    assert nassij("--db", db, "restore", str(tmp_path / "nothing.sqlite")).returncode == 1


def test_users_from_the_command_line(db: str, nassij: Nassij) -> None:
    result = nassij(
        "--db",
        db,
        "users",
        "add",
        "amina",
        "--name",
        "Amina",
        "--role",
        "secretary",
        env={"NASSIJ_PASSWORD": "secret-pass-1"},
    )
    assert result.returncode == 0, result.stderr
    amina = {"NASSIJ_USER": "amina", "NASSIJ_USER_PASSWORD": "secret-pass-1"}
    assert (
        nassij(
            "--db",
            db,
            "users",
            "add",
            "x",
            "--name",
            "X",
            "--role",
            "viewer",
            env={"NASSIJ_PASSWORD": "", **amina},
        ).returncode
        == 1
    )
    # Once the file has an account, the command line signs in like a person.
    assert nassij("--db", db, "users", "list").returncode == 1
    listed = json.loads(nassij("--db", db, "users", "list", "--format", "json", env=amina).stdout)
    assert listed == [{"login": "amina", "name": "Amina", "role": "admin", "active": "yes"}]


def test_the_installed_command_exits_0_1_or_2_with_one_line_on_stderr(tmp_path: Path) -> None:
    """The real entry point, in a process of its own: what a script sees."""
    installed = Path(sys.executable).with_name("nassij")
    command = [str(installed)] if installed.exists() else [sys.executable, "-m", "nassij_desktop"]
    env = {**os.environ, "NASSIJ_DATA_DIR": str(tmp_path / "data"), "NASSIJ_LANG": "en"}

    def nassij(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], capture_output=True, text=True, env=env, timeout=120, check=False
        )

    db = str(tmp_path / "assoc.sqlite")
    created = nassij("--db", db, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal")
    assert created.returncode == 0, created.stderr
    refused = nassij("--db", db, "members", "add", "--first-name-lat", "Omar", "--phone", "12345")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and refused.stderr.startswith("nassij: ")
    assert "Traceback" not in refused.stderr
    usage = nassij("--db", db, "members", "list", "--format", "xml")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    listed = nassij("--db", db, "members", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == []
