"""`books statement …` through a parser built as cli/books.py builds it (the `books` command
is wired by the lead; these tests call `add_statement_commands` directly)."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from nassij_desktop.cli.books_statements import add_statement_commands
from nassij_desktop.cli.context import CommandContext
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database
from tests.core.books.statement_books import post_two_years


@pytest.fixture
def books_file(database: Database, tmp_path: Path) -> Path:
    with database.transaction() as session:
        post_two_years(session)
    return tmp_path / "association.sqlite"


def books_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nassij")
    commands = parser.add_subparsers(dest="command", required=True)
    books = commands.add_parser("books")
    add_statement_commands(books.add_subparsers(dest="books_command", required=True))
    return parser


def run(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> tuple[int, str, str]:
    args = books_parser().parse_args(["books", "statement", *argv])
    context = CommandContext(str(path))
    try:
        code = args.handler(context, args)
    finally:
        context.close()
    out, err = capsys.readouterr()
    return code, out, err


def test_cpc_as_json_with_the_previous_year(
    books_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, books_file, "cpc", "--year", "2025", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert (data["statement"], data["model"], data["year"], data["previous_year"]) == (
        "cpc",
        "normal",
        "2025",
        "2024",
    )
    lines = {line["code"]: line for line in data["lines"]}
    assert lines["I3"] == {
        "level": "line",
        "code": "I3",
        "label": "Cotisations des membres",
        "amount": "900.00",
        "previous": "1500.00",
    }
    assert lines["I"]["amount"] is None
    totals = {t["code"]: (t["amount"], t["previous"]) for t in data["totals"]}
    assert totals["TI"] == ("3900.00", "21500.00")
    assert totals["XIII"] == ("1500.00", "15500.00")
    assert data["unmapped"] == []


def test_bilan_as_json_with_gross_and_amortisation(
    books_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, books_file, "bilan", "--year", "2025", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["columns"] == ["gross", "depreciation", "amount", "previous"]
    totals = {t["code"]: t for t in data["totals"]}
    assert {k: totals["TA"][k] for k in data["columns"]} == {
        "gross": "29800.00",
        "depreciation": "2400.00",
        "amount": "27400.00",
        "previous": "25500.00",
    }
    assert {k: totals["TP"][k] for k in data["columns"]} == {
        "gross": None,
        "depreciation": None,
        "amount": "27400.00",
        "previous": "25500.00",
    }


def test_bilan_in_arabic_as_a_table(books_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_language("ar")
    code, out, _err = run(capsys, books_file, "bilan", "--year", "2025", "--model", "simplified")
    assert code == 0
    total = next(line for line in out.splitlines() if line.startswith("TA "))
    assert "مجموع الأصول" in total and "27400.00" in total and "25500.00" in total


def test_trial_balance_as_csv(books_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, books_file, "trial-balance", "--year", "2025", "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == [
        "code",
        "label",
        "opening_debit",
        "opening_credit",
        "debit",
        "credit",
        "closing_debit",
        "closing_credit",
        "previous_closing_debit",
        "previous_closing_credit",
    ]
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["5141"][2:] == [
        "17200.00",
        "0.00",
        "5050.00",
        "150.00",
        "22100.00",
        "0.00",
        "17200.00",
        "0.00",
    ]
    assert rows[-1][2:8] == ["26700.00", "26700.00", "8400.00", "8400.00", "32250.00", "32250.00"]


def test_ledger_of_one_account(books_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, books_file, "ledger", "--year", "2025", "--account", "5161", "--format", "json"
    )
    assert code == 0
    lines = json.loads(out)["lines"]
    # A reader who is not Arabic reads the French labels, as the chart's (English has none).
    assert [(ln["label"], ln["debit"], ln["credit"], ln["balance"]) for ln in lines] == [
        ("Caisses", None, None, None),
        ("Solde d'ouverture", None, None, "3500.00"),
        ("Dues 2025", "900.00", "0.00", "4400.00"),
        ("Supplies", "0.00", "700.00", "3700.00"),
        ("Cash to bank", "0.00", "2000.00", "1700.00"),
        ("Totaux et solde de clôture", "900.00", "2700.00", "1700.00"),
        ("Total", "900.00", "2700.00", None),
    ]


def test_journal_of_one_journal(books_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(
        capsys, books_file, "journal", "--year", "2025", "--journal", "BQ", "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert [ln["entry"] for ln in data["lines"] if ln["level"] == "heading"] == [
        "BQ-1",
        "BQ-2",
        "BQ-3",
    ]
    assert data["totals"] == [
        {
            "level": "total",
            "code": "",
            "label": "Total",
            "date": None,
            "entry": None,
            "reference": None,
            "debit": "3200.00",
            "credit": "3200.00",
            "previous_debit": "30800.00",
            "previous_credit": "30800.00",
        }
    ]


def test_an_unknown_year_is_refused(books_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValidationError, match="no fiscal year 2030"):
        run(capsys, books_file, "cpc", "--year", "2030")


def test_the_year_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        books_parser().parse_args(["books", "statement", "bilan"])
    assert exit_.value.code == 2
