"""`nassij books reconcile …` on a real file: a statement imported, matched, the fees
booked, and the status that says the bank is reconciled; a bad file is one clear refusal."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from nassij_desktop.storage import Database
from tests.conftest import Nassij
from tests.core.books.reconciliation_books import FILES, bank_with_march


@pytest.fixture
def db(database: Database) -> str:
    with database.transaction() as session:
        bank_with_march(session)
    path = str(database.path)
    database.close()
    return path


def _status(nassij: Nassij, db: str) -> dict[str, object]:
    shown = nassij(
        "--db", db, "books", "reconcile", "status", "--account", "5141", "--date", "31/03/2025",
        "--format", "json",
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    status: dict[str, object] = json.loads(shown.stdout)
    return status


def test_import_match_book_the_fees_and_the_status(nassij: Nassij, db: str) -> None:
    statement = str(FILES / "cp1256_tab_signed.csv")
    imported = nassij("--db", db, "books", "reconcile", "import", "--account", "BQ", statement)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == "3 statement lines imported (05/03/2025 to 31/03/2025)\n"
    before = _status(nassij, db)
    assert (before["book_balance"], before["bank_balance"], before["reconciled"]) == (
        "10265.50",
        "10720.50",
        False,
    )
    matched = nassij("--db", db, "books", "reconcile", "match", "--account", "5141", "--suggested")
    assert matched.stdout == "2 lines matched\n"
    fees = _status(nassij, db)["unmatched"]
    assert isinstance(fees, list) and [f["label"] for f in fees] == ["عمولة مسك الحساب"]
    booked = nassij(
        "--db", db, "books", "reconcile", "book", "--account", "5141", "--bank-line",
        str(fees[0]["id"]), "--to-account", "6147", "--voucher", "RELEVE-03",
    )  # fmt: skip
    assert booked.returncode == 0, booked.stderr
    assert booked.stdout == "Entry BQ-2025-4 recorded and matched\n"
    after = _status(nassij, db)
    assert after["reconciled"] is True
    assert after["difference"] == "0.00"
    assert [u["amount"] for u in after["uncleared"]] == ["-500.00"]  # type: ignore[union-attr]
    table = nassij(
        "--db", db, "books", "reconcile", "status", "--account", "5141", "--date", "31/03/2025"
    )
    assert "Expected bank balance" in table.stdout and table.stdout.endswith("Reconciled\n")


def test_a_bad_file_is_refused_with_its_rows_named(nassij: Nassij, db: str) -> None:
    refused = nassij(
        "--db", db, "books", "reconcile", "import", "--account", "5141",
        str(FILES / "bad_rows.csv"),
    )  # fmt: skip
    assert refused.returncode == 1
    assert "Line 3, date: This date does not exist" in refused.stderr
    assert "Line 4, debit:" in refused.stderr
    assert _status(nassij, db)["unmatched"] == []


def test_a_book_line_cleared_by_hand(nassij: Nassij, db: str) -> None:
    uncleared = _status(nassij, db)["uncleared"]
    assert isinstance(uncleared, list) and len(uncleared) == 3
    line = str(uncleared[2]["id"])
    cleared = nassij(
        "--db", db, "books", "reconcile", "clear", "--account", "5141", "--book-line", line,
        "--date", "30/03/2025",
    )  # fmt: skip
    assert cleared.stdout == f"Line {line} cleared on 30/03/2025\n"
    assert len(_status(nassij, db)["uncleared"]) == 2  # type: ignore[arg-type]
    wrong = nassij("--db", db, "books", "reconcile", "match", "--account", "5141")
    assert wrong.returncode == 1
    assert "Give --suggested, or both --bank-line and --book-line." in wrong.stderr


def _pdf_text(path: str) -> str:
    # Poppler wraps right-to-left runs in embedding marks of its own.
    text = subprocess.run(
        ["pdftotext", "-layout", path, "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.translate({0x202B: None, 0x202C: None, 0x202A: None})


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_reconciliation_statement_as_a_pdf(
    nassij: Nassij, db: str, tmp_path: Path, lang: str
) -> None:
    statement = str(FILES / "utf8_bom_semicolon.csv")
    nassij("--db", db, "books", "reconcile", "import", "--account", "5141", statement)
    nassij("--db", db, "books", "reconcile", "match", "--account", "5141", "--suggested")
    out = str(tmp_path / f"rapprochement-{lang}.pdf")
    made = nassij(
        "--db", db, "report", "reconciliation", "--account", "5141", "--date", "31/03/2025",
        "--lang", lang, "--out", out,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    text = _pdf_text(out)
    thousands = " " if lang == "fr" else "."
    for figure in (f"10{thousands}265,50", f"10{thousands}720,50", "-500,00", "-45,00", "0,00"):
        assert figure in text, figure
    assert "FRAIS TENUE DE COMPTE" in text
    if lang == "fr":
        assert "État de rapprochement bancaire" in text
        assert "Le compte bancaire n'est pas rapproché." in text
    else:
        assert "حالة المطابقة البنكية" in text


def test_the_suggestions_are_listed_before_they_are_accepted(nassij: Nassij, db: str) -> None:
    statement = str(FILES / "latin1_comma.csv")
    imported = nassij(
        "--db", db, "books", "reconcile", "import", "--account", "5141", statement,
        "--opening-balance", "0,00",
    )  # fmt: skip
    assert imported.returncode == 0, imported.stderr
    listed = nassij("--db", db, "books", "reconcile", "suggest", "--account", "5141")
    lines = listed.stdout.splitlines()
    assert len(lines) == 3  # the header and two suggestions
    assert "VIREMENT REÇU COMMUNE" in lines[1] and "BQ-2025-1" in lines[1]
    assert "PRÉLÈVEMENT CHÈQUE 4512" in lines[2] and "BQ-2025-2" in lines[2]
    assert _status(nassij, db)["bank_balance"] == "10720.50"
