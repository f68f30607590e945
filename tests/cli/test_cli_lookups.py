"""Commands name a member by number and a donation by receipt through the services' own
look-ups: spaces around what is typed are ignored, an unknown one is one sentence, and the
signed-in user's role applies to the look-up too."""

from __future__ import annotations

from pathlib import Path

import pytest

from nassij_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "assoc.sqlite")
    ok(capsys, "--db", path, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Al Amal")
    ok(
        capsys, "--db", path, "members", "add", "--first-name-lat", "Omar",
        "--last-name-lat", "Tazi", "--first-name-ar", "عمر", "--last-name-ar", "التازي",
        "--number", "0007",
    )  # fmt: skip
    return path


def test_a_member_is_named_by_number_in_every_command(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = ok(capsys, "--db", db, "dues", "record", " 0007 ", "--year", "2025", "--amount", "100")
    assert "receipt" in out
    out = ok(capsys, "--db", db, "members", "status", "0007", "resigned", "--reason", "moved")
    assert out.startswith("Member 0007 is now:")
    for number, argv in (
        ("7", ["dues", "record", "7", "--year", "2025", "--amount", "100"]),
        ("0008", ["members", "status", "0008", "active"]),
        ("0009", ["assembly", "attend", "1", "0009", "present"]),
    ):
        code, out, err = run(capsys, "--db", db, *argv)
        assert (code, out) == (1, ""), argv
        [line] = err.strip().splitlines()
        assert line.endswith(f"No member has the number {number}."), line


def test_the_added_member_is_named_in_the_reader_s_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "assoc.sqlite")
    ok(capsys, "--db", path, "init", "--name-ar", "جمعية", "--name-fr", "Asso")
    add = ["members", "add", "--first-name-ar", "عمر", "--last-name-ar", "التازي"]
    add += ["--first-name-lat", "Omar", "--last-name-lat", "Tazi"]
    assert "Omar Tazi" in ok(capsys, "--db", path, *add)
    assert "عمر التازي" in ok(capsys, "--db", path, "--lang", "ar", *add)


def test_a_donation_is_named_by_its_receipt(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = ok(capsys, "--db", db, "donations", "record", "--donor", "Hassan", "--amount", "50")
    receipt = out.strip().rsplit(" ", 1)[-1]
    code, _out, err = run(
        capsys, "--db", db, "donations", "cancel", "1999-00001", "--reason", "typo"
    )
    assert code == 1 and "No donation has the receipt 1999-00001." in err
    ok(capsys, "--db", db, "donations", "cancel", f" {receipt} ", "--reason", "typo")
    listed = ok(capsys, "--db", db, "donations", "list", "--format", "csv")
    assert receipt in listed and "true" in listed


def test_the_look_up_asks_the_signed_in_user_s_permission(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "assoc.sqlite")
    monkeypatch.setenv("NASSIJ_ADMIN_PASSWORD", "s3cret-pass")
    ok(
        capsys, "--db", path, "init", "--name-ar", "جمعية", "--name-fr", "Asso",
        "--admin-login", "admin",
    )  # fmt: skip
    monkeypatch.setenv("NASSIJ_USER_PASSWORD", "s3cret-pass")
    monkeypatch.setenv("NASSIJ_PASSWORD", "s3cret-pass")
    ok(capsys, "--db", path, "--user", "admin", "users", "add", "sara", "--name", "Sara",
       "--role", "volunteer")  # fmt: skip
    out = ok(capsys, "--db", path, "--user", "admin", "donations", "record", "--donor", "Hassan",
             "--amount", "50")  # fmt: skip
    receipt = out.strip().rsplit(" ", 1)[-1]
    code, _out, err = run(
        capsys, "--db", path, "--user", "sara", "donations", "cancel", receipt, "--reason", "x"
    )
    assert code == 1
    assert "Your role (Volunteer) does not allow you to see the finances." in err
