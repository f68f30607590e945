"""The command line signs in like a person when the file has accounts, with that user's role;
a file without accounts is run by its owner."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from nassij_desktop.cli import main

PASSWORD = "correct horse 12"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def owned_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """An association file without accounts."""
    path = tmp_path / "assoc.sqlite"
    code, _out, err = run(
        capsys, "--db", str(path), "init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal"
    )
    assert code == 0, err
    return path


@pytest.fixture
def file_with_accounts(
    owned_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The same file with an administrator (`amina`) and a volunteer (`yassine`)."""
    monkeypatch.setenv("NASSIJ_PASSWORD", PASSWORD)
    code, _out, err = run(
        capsys, "--db", str(owned_file), "users", "add", "amina", "--name", "Amina",
        "--role", "admin",
    )  # fmt: skip
    assert code == 0, err
    monkeypatch.setenv("NASSIJ_USER", "amina")
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", PASSWORD)
    code, _out, err = run(
        capsys, "--db", str(owned_file), "users", "add", "yassine", "--name", "Yassine",
        "--role", "volunteer",
    )  # fmt: skip
    assert code == 0, err
    for variable in ("NASSIJ_USER", "NASSIJ_USER_PASSWORD", "NASSIJ_PASSWORD"):
        monkeypatch.delenv(variable)
    return owned_file


def test_a_file_without_accounts_is_run_by_its_owner(
    owned_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--db", str(owned_file), "members", "add", "--first-name-lat", "Omar",
        "--last-name-lat", "Tazi",
    )  # fmt: skip
    assert code == 0, err
    assert "Omar Tazi" in out


def test_every_command_on_a_file_with_accounts_asks_who_runs_it(
    file_with_accounts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["members", "list"], ["check"], ["users", "list"]):
        code, out, err = run(capsys, "--db", str(file_with_accounts), *argv)
        assert code == 1
        assert out == ""
        assert "--user" in err and "NASSIJ_USER_PASSWORD" in err
        assert len(err.strip().splitlines()) == 1


def test_a_wrong_password_is_refused_without_saying_what_was_wrong(
    file_with_accounts: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", "not the password")
    for login in ("amina", "nobody"):
        code, out, err = run(capsys, "--db", str(file_with_accounts), "--user", login, "check")
        assert (code, out) == (1, "")
        assert "Wrong login or password." in err


def test_a_script_without_a_terminal_gets_a_sentence_instead_of_a_prompt(
    file_with_accounts: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(capsys, "--db", str(file_with_accounts), "--user", "amina", "check")
    assert code == 1
    assert "NASSIJ_USER_PASSWORD" in err


def test_the_signed_in_user_acts_with_their_role_and_name(
    file_with_accounts: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", PASSWORD)
    monkeypatch.setenv("NASSIJ_PASSWORD", "another pass 34")
    # A volunteer may not create an administrator, whatever the command line allows.
    code, _out, err = run(
        capsys, "--db", str(file_with_accounts), "--user", "yassine", "users", "add", "karim",
        "--name", "Karim", "--role", "admin",
    )  # fmt: skip
    assert code == 1
    assert "Volunteer" in err
    # The administrator may, and the audit log names her.
    monkeypatch.setenv("NASSIJ_USER", "amina")
    code, _out, err = run(
        capsys, "--db", str(file_with_accounts), "users", "add", "karim", "--name", "X",
        "--role", "viewer",
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run(
        capsys, "--db", str(file_with_accounts), "users", "list", "--format", "json"
    )
    assert code == 0, err
    assert {row["login"] for row in json.loads(out)} == {"amina", "yassine", "karim"}
    with sqlite3.connect(file_with_accounts) as conn:
        (login,) = conn.execute(
            "SELECT login FROM audit_log WHERE entity = 'user' AND action = 'create' "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert login == "amina"


def test_a_volunteer_signed_in_on_the_command_line_is_refused_the_finances(
    file_with_accounts: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", PASSWORD)
    monkeypatch.setenv("NASSIJ_USER", "yassine")
    code, out, err = run(capsys, "--db", str(file_with_accounts), "donations", "list")
    assert (code, out) == (1, "")
    assert "Volunteer" in err
    monkeypatch.setenv("NASSIJ_USER", "amina")
    code, _out, err = run(capsys, "--db", str(file_with_accounts), "donations", "list")
    assert code == 0, err
