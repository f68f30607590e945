"""`nassij books year|accounts|account|entry` on a real file: what the acceptance checks
drive. A refused write exits 1 with one line on stderr."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Nassij


@pytest.fixture
def db(association_template: Path, tmp_path: Path) -> str:
    import shutil

    path = tmp_path / "assoc.sqlite"
    shutil.copyfile(association_template, path)
    return str(path)


def _books(nassij: Nassij, db: str, *args: str) -> tuple[int, str, str]:
    result = nassij("--db", db, "books", *args)
    return result.returncode, result.stdout, result.stderr


def _entry(
    nassij: Nassij, db: str, *extra: str, lines: tuple[str, ...] = ()
) -> tuple[int, str, str]:
    return _books(
        nassij,
        db,
        "entry",
        "add",
        "--date",
        "14/03/2026",
        "--journal",
        "BQ",
        "--label",
        "Achat de fournitures",
        "--voucher",
        "FAC-118",
        *[
            arg
            for line in (lines or ("6125:12 000,00:D", "5141:12000.00:C"))
            for arg in ("--line", line)
        ],
        *extra,
    )


def test_years_are_opened_listed_closed_and_reopened(nassij: Nassij, db: str) -> None:
    assert _books(nassij, db, "year", "open", "2025")[:2] == (0, "Fiscal year 2025 opened\n")
    assert _books(nassij, db, "year", "open", "2026")[0] == 0
    code, _out, err = _books(nassij, db, "year", "open", "2027")
    assert code == 1 and "at most two may be open" in err and err.count("\n") == 1
    code, out, _err = _books(nassij, db, "year", "list", "--format", "json")
    assert code == 0
    assert [(y["year"], y["status"]) for y in json.loads(out)] == [
        ("2025", "open"),
        ("2026", "open"),
    ]
    assert _books(nassij, db, "year", "close", "2025")[:2] == (0, "Fiscal year 2025 closed\n")
    code, _out, err = _entry(nassij, db, lines=("6125:10:D", "5141:10:C"))
    assert code == 0
    code, _out, err = _books(
        nassij,
        db,
        "entry",
        "add",
        "--date",
        "01/06/2025",
        "--journal",
        "BQ",
        "--label",
        "x",
        "--voucher",
        "V1",
        "--line",
        "6125:10:D",
        "--line",
        "5141:10:C",
    )
    assert code == 1 and "2025 is closed" in err and err.count("\n") == 1
    code, _out, err = _books(nassij, db, "year", "reopen", "2025", "--reason", "Facture oubliée")
    assert code == 0, err
    # The same actions as the issue spells them.
    code, out, err = _books(nassij, db, "close", "--year", "2025", "--without-reconciliation")
    assert (code, out) == (0, "Fiscal year 2025 closed\n"), err
    code, _out, err = _books(nassij, db, "reopen", "--year", "2025")
    assert code == 2 and "--reason" in err
    code, out, err = _books(nassij, db, "reopen", "--year", "2025", "--reason", "Erreur")
    assert (code, out) == (0, "Fiscal year 2025 reopened\n"), err


def test_an_entry_is_added_drafted_validated_and_reversed(nassij: Nassij, db: str) -> None:
    assert _entry(nassij, db)[:2] == (0, "Entry BQ-2026-1 recorded\n")
    code, out, _err = _entry(nassij, db, "--draft")
    assert code == 0 and out.startswith("Draft entry ")
    draft_id = out.split()[2]
    assert _books(nassij, db, "entry", "validate", draft_id)[:2] == (
        0,
        "Entry validated as BQ-2026-2\n",
    )
    code, out, err = _books(nassij, db, "entry", "reverse", "BQ-2026-1", "--date", "20/03/2026")
    assert (code, out) == (0, "Entry BQ-2026-1 reversed by BQ-2026-3\n"), err
    code, out, _err = _books(nassij, db, "entry", "list", "--year", "2026", "--format", "json")
    listed = json.loads(out)
    assert [(e["entry"], e["amount"], e["reverses"], e["reversed_by"]) for e in listed] == [
        ("BQ-2026-1", "12000.00", "", "BQ-2026-3"),
        ("BQ-2026-2", "12000.00", "", ""),
        ("BQ-2026-3", "12000.00", "BQ-2026-1", ""),
    ]
    # A validated entry is never changed: reversing it again, deleting it are refused.
    code, _out, err = _books(nassij, db, "entry", "reverse", "BQ-2026-1", "--date", "21/03/2026")
    assert code == 1 and "already reversed" in err
    code, _out, err = _books(nassij, db, "entry", "delete", "BQ-2026-2")
    assert code == 1 and "is validated: it can no longer be changed" in err
    assert err.count("\n") == 1
    assert nassij("--db", db, "check").returncode == 0


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (("6125:100:D", "5141:90:C"), "not balanced"),
        (("6999:100:D", "5141:100:C"), "6999 is not in the chart"),
        (("6125:100", "5141:100:C"), "ACCOUNT:AMOUNT:D"),
        (("6125:12.500:D", "5141:12.500:C"), "ambiguous"),
    ],
)
def test_a_refused_entry_is_one_line_and_exit_1(
    nassij: Nassij, db: str, lines: tuple[str, ...], message: str
) -> None:
    code, out, err = _entry(nassij, db, lines=lines)
    assert (code, out) == (1, "")
    assert message in err and err.count("\n") == 1, err


def test_the_chart_is_listed_extended_and_an_account_deactivated(nassij: Nassij, db: str) -> None:
    code, out, _err = _books(nassij, db, "accounts", "--class", "7", "--format", "json")
    accounts = {a["number"]: a for a in json.loads(out)}
    assert code == 0 and {a["class"] for a in accounts.values()} == {"7"}
    assert accounts["71615"]["extension"] == "true" and accounts["71615"]["parent"] == "7161"
    assert accounts["7161"]["extension"] == "false"
    code, out, err = _books(
        nassij,
        db,
        "account",
        "add",
        "61251",
        "--label-ar",
        "لوازم الورشات",
        "--label-fr",
        "Fournitures des ateliers",
    )
    assert (code, out) == (0, "Account 61251 added under 6125\n"), err
    code, _out, err = _books(
        nassij, db, "account", "add", "9", "--label-ar", "س", "--label-fr", "x"
    )
    assert code == 1 and "2 to 12 digits" in err
    assert _books(nassij, db, "account", "deactivate", "61251")[0] == 0
    code, _out, err = _entry(nassij, db, lines=("61251:10:D", "5141:10:C"))
    assert code == 1 and "61251 is deactivated" in err
    assert _books(nassij, db, "account", "activate", "61251")[0] == 0
    assert _entry(nassij, db, lines=("61251:10:D", "5141:10:C"))[0] == 0
    code, _out, err = _books(nassij, db, "account", "delete", "61251")
    assert code == 1 and "Deactivate it instead" in err
    code, out, _err = _books(nassij, db, "account", "statement-model", "simplified")
    assert (code, out) == (0, "Statement model: simplified model\n")


def test_check_names_the_entry_edited_outside_the_application(nassij: Nassij, db: str) -> None:
    assert _entry(nassij, db)[0] == 0
    assert _entry(nassij, db, lines=("6125:50:D", "5141:50:C"))[0] == 0
    with contextlib.closing(sqlite3.connect(db)) as connection:
        connection.execute(
            "UPDATE journal_entry SET label = 'Achat de fournitures (bis)' WHERE number = 2"
        )
        connection.commit()
    result = nassij("--db", db, "check")
    assert result.returncode == 1
    assert "entry BQ-2026-2 no longer matches its seal" in result.stdout + result.stderr
