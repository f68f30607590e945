"""`books budget set|show` and `report financial|public-aid|trial-balance|ledger|journal`
through the `nassij` command, on the hand-computed years of tests/core/books/statement_books.py."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from nassij_desktop.storage import Database
from tests.conftest import Nassij
from tests.core.books.statement_books import post_two_years


@pytest.fixture
def db(database: Database, tmp_path: Path) -> str:
    with database.transaction() as session:
        post_two_years(session)
    return str(tmp_path / "association.sqlite")


def test_set_then_show_as_json(db: str, nassij: Nassij) -> None:
    result = nassij(
        "--db", db, "books", "budget", "set", "--year", "2025",
        "--line", "6125:1 000,00", "--line", "7186:1200",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = nassij("--db", db, "books", "budget", "show", "--year", "2025", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    lines = {line["account"]: line for line in data["lines"]}
    assert lines["6125"] | {"label": ""} == {
        "section": "charges",
        "account": "6125",
        "label": "",
        "budget": "1000.00",
        "actual": "700.00",
        "variance": "-300.00",
        "percent": "-30.0",
    }
    assert lines["7187"]["percent"] is None  # not budgeted
    assert [t["section"] for t in data["totals"]] == ["charges", "income", "result"]
    assert data["totals"][2]["actual"] == "1500.00"


def test_replace_and_csv(db: str, nassij: Nassij) -> None:
    base = ("--db", db, "books", "budget")
    assert nassij(*base, "set", "--year", "2025", "--line", "6125:10").returncode == 0
    assert nassij(*base, "set", "--year", "2025", "--line", "6147:20", "--replace").returncode == 0
    shown = nassij(*base, "show", "--year", "2025", "--format", "csv")
    rows = {row["account"]: row for row in csv.DictReader(io.StringIO(shown.stdout))}
    assert rows["6125"]["budget"] == "0.00" and rows["6147"]["budget"] == "20.00"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--line", "6125"), "ACCOUNT:AMOUNT"),
        (("--line", "69999:10"), "69999"),
        (("--line", "6125:abc"), "amount"),
        (("--line", "6125:10", "--project", "NOPE"), "NOPE"),
    ],
)
def test_refusals_exit_1_with_one_line(
    db: str, nassij: Nassij, argv: tuple[str, ...], message: str
) -> None:
    result = nassij("--db", db, "books", "budget", "set", "--year", "2025", *argv)
    assert result.returncode == 1
    assert message.lower() in result.stderr.lower()
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("financial", ("--comment", "Exercice calme.")),
        ("public-aid", ()),
        ("trial-balance", ()),
        ("ledger", ("--account", "5141")),
        ("journal", ()),
    ],
)
def test_books_reports(
    db: str, nassij: Nassij, tmp_path: Path, kind: str, extra: tuple[str, ...]
) -> None:
    out = tmp_path / f"{kind}.pdf"
    result = nassij(
        "--db", db, "report", kind, "--lang", "ar", "--year", "2025", *extra, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
