"""`nassij books export fec|xlsx` on a real file: what is written, the options, and the
refusals (exit 1, one line on stderr, nothing written)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from nassij_desktop.storage import Database
from tests.conftest import Nassij
from tests.core.books.statement_books import post_two_years


@pytest.fixture
def db(database: Database, tmp_path: Path) -> str:
    with database.transaction() as session:
        post_two_years(session)
    return str(tmp_path / "association.sqlite")


def test_fec_export(nassij: Nassij, db: str, tmp_path: Path) -> None:
    out = tmp_path / "fec 2025.txt"
    result = nassij("--db", db, "books", "export", "fec", "--year", "2025", "--out", str(out))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        f"{out}: fiscal year 2025; entry lines: 16; debit 8,400.00, credit 8,400.00\n"
    )
    data = out.read_bytes()
    text = data.decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0].startswith("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\t")
    assert len(lines) == 18 and lines[-1] == ""
    assert lines[1].split("\t")[:5] == ["CA", "Caisse", "1", "20250201", "5161"]
    assert lines[1].split("\t")[11:13] == ["900,00", "0,00"]
    # Nothing left beside it: the file was written aside and renamed.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_fec_options(nassij: Nassij, db: str, tmp_path: Path) -> None:
    out = tmp_path / "fec.csv"
    result = nassij(
        "--db", db, "books", "export", "fec", "--year", "2024", "--out", str(out),
        "--separator", "semicolon", "--decimal", "point", "--lang", "ar",
        "--columns", "JournalCode,CompteNum,CompteLib,Debit,Credit",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "JournalCode;CompteNum;CompteLib;Debit;Credit"
    assert lines[1] == "AN;5161;الصناديق;2000.00;0.00"
    assert len(lines) == 14


def test_xlsx_export(nassij: Nassij, db: str, tmp_path: Path) -> None:
    out = tmp_path / "books.xlsx"
    result = nassij(
        "--db", db, "books", "export", "xlsx", "--year", "2025", "--out", str(out), "--lang", "ar"
    )
    assert (result.returncode, result.stderr) == (0, "")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["دفتر اليومية", "الأستاذ العام", "ميزان المراجعة"]
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)
    assert "ميزان المراجعة" in result.stdout


def test_refusals_exit_1_with_one_line(nassij: Nassij, db: str, tmp_path: Path) -> None:
    cases = [
        ("fec", "--year", "2031", "--out", str(tmp_path / "x.txt")),
        ("xlsx", "--year", "2031", "--out", str(tmp_path / "x.xlsx")),
        ("fec", "--year", "2025", "--out", db),  # the association file itself
        ("xlsx", "--year", "2025", "--out", db + "-wal"),
        ("fec", "--year", "2025", "--out", str(tmp_path / "missing" / "x.txt")),
        ("fec", "--year", "2025", "--out", str(tmp_path)),  # a folder
        ("fec", "--year", "2025", "--out", str(tmp_path / "y.txt"), "--columns", "Montant"),
    ]

    def files() -> list[str]:  # the command's own data folder (its log) aside
        return sorted(p.name for p in tmp_path.iterdir() if p.name != "nassij-data")

    before = files()
    for case in cases:
        result = nassij("--db", db, "books", "export", *case)
        assert result.returncode == 1, case
        assert result.stderr.count("\n") == 1, (case, result.stderr)
        assert result.stdout == ""
    assert files() == before
    assert Path(db).stat().st_size > 0
    year = nassij("--db", db, "books", "export", "fec", "--year", "2031", "--out", "x.txt")
    assert "2031" in year.stderr


def test_an_older_file_is_replaced_whole(nassij: Nassij, db: str, tmp_path: Path) -> None:
    out = tmp_path / "fec.txt"
    out.write_text("an older export\n", encoding="utf-8")
    done = nassij("--db", db, "books", "export", "fec", "--year", "2025", "--out", str(out))
    assert done.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("JournalCode")
    refused = nassij("--db", db, "books", "export", "fec", "--year", "2031", "--out", str(out))
    assert refused.returncode == 1
    assert out.read_text(encoding="utf-8").startswith("JournalCode")  # left as it was
