"""Reading bank statement files: the layouts, encodings and separators Moroccan banks
export, and a bad file refused whole with each bad row named."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from nassij_desktop.core.books.bank_statements import (
    RowProblem,
    StatementFileError,
    decode,
    read_statement,
)
from nassij_desktop.i18n import set_language
from tests.core.books.reconciliation_books import FILES

MARCH = [
    (dt.date(2025, 3, 5), Decimal("0.00"), Decimal("12000.00")),
    (dt.date(2025, 3, 14), Decimal("1234.50"), Decimal("0.00")),
    (dt.date(2025, 3, 31), Decimal("45.00"), Decimal("0.00")),
]


@pytest.mark.parametrize(
    ("name", "balances", "first_label"),
    [
        (
            "utf8_bom_semicolon.csv",
            ["12000.00", "10765.50", "10720.50"],
            "VIREMENT RECU COMMUNE TRANCHE 1",
        ),
        ("cp1256_tab_signed.csv", ["12000.00", "10765.50", "10720.50"], "تحويل وارد من الجماعة"),
        ("latin1_comma.csv", [None, None, None], "VIREMENT REÇU COMMUNE"),
    ],
)
def test_each_layout_reads_the_same_month(
    name: str, balances: list[str | None], first_label: str
) -> None:
    rows = read_statement(name, (FILES / name).read_bytes())
    assert [(r.day, r.debit, r.credit) for r in rows] == MARCH
    assert [None if r.balance is None else str(r.balance) for r in rows] == balances
    assert rows[0].label == first_label


def test_the_lines_above_the_header_and_the_total_under_the_lines_are_skipped() -> None:
    rows = read_statement("x.csv", (FILES / "utf8_bom_semicolon.csv").read_bytes())
    assert [r.line for r in rows] == [6, 7, 8]


def test_french_capitals_in_latin_1_are_not_taken_for_arabic() -> None:
    assert decode("PRÉLÈVEMENT REÇU".encode("latin-1")) == "PRÉLÈVEMENT REÇU"
    assert decode("عمولة مسك الحساب".encode("cp1256")) == "عمولة مسك الحساب"
    assert decode("\ufeffDate".encode()) == "Date"


def test_a_workbook_reads_dates_and_numbers_as_cells() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Attijariwafa bank", None, None])
    sheet.append(["Date", "Libellé", "Montant", "Solde"])
    sheet.append([dt.datetime(2025, 3, 5), "Virement reçu", 12000, 12000])
    sheet.append(["14/03/2025", "Chèque 4512", -1234.5, 10765.5])
    sheet.append([dt.date(2025, 3, 31), "Frais", "-45,00", "10 720,50"])
    data = io.BytesIO()
    book.save(data)
    rows = read_statement("releve.xlsx", data.getvalue())
    assert [(r.day, r.debit, r.credit) for r in rows] == MARCH
    assert [r.balance for r in rows] == [
        Decimal("12000.00"),
        Decimal("10765.50"),
        Decimal("10720.50"),
    ]


def test_a_bad_file_is_refused_with_every_bad_row_named() -> None:
    with pytest.raises(StatementFileError) as refused:
        read_statement("bad_rows.csv", (FILES / "bad_rows.csv").read_bytes())
    assert refused.value.field == "file"
    assert [(p.line, p.field) for p in refused.value.problems] == [
        (3, "date"),
        (4, "debit"),
        (5, "debit"),
    ]
    message = str(refused.value).splitlines()
    assert message[0] == "The statement was not imported:"
    assert message[1] == "Line 3, date: This date does not exist: month 2 of 2025 has 28 days."
    assert message[3] == "Line 5, debit: The line has both a debit and a credit."


def test_a_file_without_a_header_row_is_refused() -> None:
    with pytest.raises(StatementFileError, match="No header row was found"):
        read_statement("x.csv", b"05/03/2025;VIR;12,00\n06/03/2025;VIR;13,00\n")


def test_a_problem_names_its_field_in_the_language() -> None:
    assert RowProblem(4, "balance", "Enter an amount.").text() == (
        "Line 4, balance: Enter an amount."
    )


@pytest.mark.parametrize(
    ("lang", "first", "third"),
    [
        (
            "fr",
            "Le relevé n'a pas été importé :",
            "Ligne 4, débit : Le caractère « a » n'est pas accepté dans un montant",
        ),
        ("ar", "لم يُستورد الكشف:", "السطر 4، المدين: "),
    ],
)
def test_the_refusal_is_in_the_language_of_the_user(lang: str, first: str, third: str) -> None:
    set_language(lang)
    try:
        with pytest.raises(StatementFileError) as refused:
            read_statement("bad_rows.csv", (FILES / "bad_rows.csv").read_bytes())
    finally:
        set_language("en")
    lines = str(refused.value).splitlines()
    assert lines[0] == first
    assert lines[2].startswith(third)
