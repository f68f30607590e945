"""`nassij books entry add|receipt` with `--third-party`, `--payment-method` and
`--payment-reference` on a real file: kept on the entry, sealed (an edit of the third party
with sqlite3 is named by `check`), exported in the FEC; a cheque without its number is one
line on stderr and exit 1."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_books_ledger import _entry
from tests.conftest import Nassij


@pytest.fixture
def db(association_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "assoc.sqlite"
    shutil.copyfile(association_template, path)
    return str(path)


def test_the_third_party_is_kept_sealed_and_exported(
    nassij: Nassij, db: str, tmp_path: Path
) -> None:
    code, out, err = _entry(
        nassij, db, "--third-party", "Librairie Atlas", "--payment-method", "cheque",
        "--payment-reference", "4471203",
    )  # fmt: skip
    assert code == 0, err
    assert out == "Entry BQ-2026-1 recorded\n"
    with contextlib.closing(sqlite3.connect(db)) as connection:
        row = connection.execute(
            "SELECT third_party, payment_method, payment_reference, seal_version FROM journal_entry"
        ).fetchone()
    assert row == ("Librairie Atlas", "cheque", "4471203", 2)
    fec = tmp_path / "2026.txt"
    exported = nassij("--db", db, "books", "export", "fec", "--year", "2026", "--out", str(fec))
    assert exported.returncode == 0, exported.stderr
    rows = [line.split("\t") for line in fec.read_bytes().decode("utf-8").split("\r\n")[1:-1]]
    assert [(r[4], r[7], r[10]) for r in rows] == [
        ("6125", "Librairie Atlas", "Achat de fournitures"),
        ("5141", "Librairie Atlas", "Achat de fournitures — 4471203"),
    ]
    assert nassij("--db", db, "check").returncode == 0
    with contextlib.closing(sqlite3.connect(db)) as connection:
        connection.execute("UPDATE journal_entry SET third_party = 'Autre'")
        connection.commit()
    result = nassij("--db", db, "check")
    assert result.returncode == 1
    assert "entry BQ-2026-1 no longer matches its seal" in result.stdout + result.stderr


def test_a_cheque_without_its_number_is_one_line(nassij: Nassij, db: str) -> None:
    code, _out, err = _entry(nassij, db, "--payment-method", "cheque")
    assert code == 1
    assert err == "nassij: payment_reference: Give the cheque number.\n"
    unknown = _entry(nassij, db, "--payment-method", "bitcoin")
    assert unknown[0] == 2  # argparse: not one of the methods
