"""What the command prints cannot drive a terminal nor a spreadsheet, whatever the file holds:
stored text from an older file that nothing cleaned is shown with U+FFFD in place of its
control characters, and CSV cells that would be formulas get a leading quote."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from nassij_desktop.cli import main
from nassij_desktop.cli.output import PLACEHOLDER, print_rows

TERMINAL_DRIVERS = ("\x1b", "\x9b", "\x07", "\x00", "\r", "\u202e")


@pytest.fixture
def db(association_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "assoc.sqlite"
    shutil.copyfile(association_template, path)
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def write_raw(db: str, sql: str, *params: object) -> None:
    """Change the file the way an older version (or another tool) could have left it."""
    with contextlib.closing(sqlite3.connect(db)) as raw, raw:
        raw.execute(sql, params)


def test_a_name_holding_escape_sequences_prints_without_them(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "--db", db, "members", "add", "--last-name-lat", "Tazi", "--first-name-lat", "Omar")
    stored = "\x1b[2J\x1b]0;pwned\x07Omar\x9b31m\r\u202eizaT"
    write_raw(db, "UPDATE member SET first_name_lat = ?", stored)

    out = run(capsys, "--db", db, "members", "list")
    assert not any(char in out for char in TERMINAL_DRIVERS), repr(out)
    assert "Omar" in out and PLACEHOLDER in out

    # JSON keeps the exact text, written as escapes the terminal does not obey.
    out = run(capsys, "--db", db, "members", "list", "--format", "json")
    assert not any(char in out for char in TERMINAL_DRIVERS), repr(out)
    assert json.loads(out)[0]["name_lat"] == f"{stored} Tazi"

    out = run(capsys, "--db", db, "members", "list", "--format", "csv")
    assert not any(char in out for char in TERMINAL_DRIVERS), repr(out)


def test_a_name_typed_with_escapes_is_stored_and_printed_clean(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(
        capsys,
        "--db",
        db,
        "members",
        "add",
        "--last-name-lat",
        "Ta\x1b[31mzi",
        "--first-name-lat",
        "\u202eOmar\x00",
    )
    assert "Omar Tazi" in out
    assert not any(char in out for char in TERMINAL_DRIVERS), repr(out)


def test_stored_agenda_text_prints_without_control_characters(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run(
        capsys,
        "--db",
        db,
        *("assembly", "convene", "--date", "15/06/2024", "--convened-on", "01/06/2024"),
        *("--place", "Tiznit", "--item", "Rapport moral"),
    )
    write_raw(db, "UPDATE agenda_item SET title_fr = ?", "Rapport\x1b]8;;http://x\x07 moral\x1b[8m")
    out = run(capsys, "--db", db, "assembly", "show", "1")
    assert "Rapport" in out and "moral" in out
    assert not any(char in out for char in TERMINAL_DRIVERS), repr(out)


def test_csv_cells_that_a_spreadsheet_would_run_get_a_leading_quote(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    formula = '=HYPERLINK("http://x")'
    run(capsys, "--db", db, "members", "add", "--last-name-lat", formula, "--first-name-ar", "عمر")
    run(
        capsys,
        "--db",
        db,
        *("donations", "record", "--donor", "-2+3+cmd|' /C calc'!A0", "--amount", "150"),
    )

    out = run(capsys, "--db", db, "members", "list", "--format", "csv")
    assert next(csv.DictReader(io.StringIO(out)))["name_lat"] == "'" + formula
    donations = list(
        csv.DictReader(io.StringIO(run(capsys, "--db", db, "donations", "list", "--format", "csv")))
    )
    assert donations[0]["donor"] == "'-2+3+cmd|' /C calc'!A0"
    assert donations[0]["amount"] == "150.00"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("-12.50", "-12.50"),  # a plain number stays a number
        ("+212612345678", "+212612345678"),
        ("-1,5", "-1,5"),
        ("-", "'-"),
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("Ben Ali", "Ben Ali"),
        ("a=b", "a=b"),
        ("x\x1by", f"x{PLACEHOLDER}y"),
    ],
)
def test_csv_cell_rule(cell: str, written: str, capsys: pytest.CaptureFixture[str]) -> None:
    print_rows(["amount"], [[cell]], "csv")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["amount"], [written]]
