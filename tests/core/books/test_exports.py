"""The exports for the accountant on the small hand-computed books of statement_books: the FEC
file line by line (columns, order, amounts, dates), its totals against the trial balance, its
options; the XLSX workbook read back with openpyxl (typed cells, sheet direction)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.exports import (
    FEC_COLUMNS,
    FecOptions,
    fec_lines,
    parse_columns,
    write_fec,
    write_xlsx,
)
from nassij_desktop.core.books.models import (
    Account,
    JournalEntry,
    JournalLine,
    TreasuryKind,
)
from nassij_desktop.core.books.reconciliation import clear_line
from nassij_desktop.core.books.services import LineSpec, create_treasury_account, post_entry
from nassij_desktop.core.books.statements import trial_balance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.services import FunderData, create_funder
from nassij_desktop.storage import Database
from tests.core.books.statement_books import ZERO, D, post_two_years

VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
TODAY = clock.today().strftime("%Y%m%d")  # the entries were validated as they were posted


@pytest.fixture
def books(database: Database) -> Database:
    with database.transaction() as session:
        post_two_years(session)
    return database


def _fec(books: Database, year: int, options: FecOptions | None = None) -> str:
    stream = io.StringIO(newline="")
    with books.session() as session:
        write_fec(session, VIEWER, year, stream, options or FecOptions())
    return stream.getvalue()


def test_fec_of_2025_line_by_line(books: Database) -> None:
    text = _fec(books, 2025)
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert lines[0].split("\t") == list(FEC_COLUMNS)
    rows = [line.split("\t") for line in lines[1:]]
    assert all(len(row) == 18 for row in rows)
    # JournalCode, JournalLib, EcritureNum, EcritureDate, CompteNum, CompteLib, then
    # PieceRef, PieceDate, EcritureLib, Debit, Credit, ValidDate; the rest empty.
    assert [(*r[0:6], *r[8:13], r[15]) for r in rows] == [
        ("CA", "Caisse", "1", "20250201", "5161", "Caisses",
         "P-2025-02-01", "20250201", "Dues 2025", "900,00", "0,00", TODAY),
        ("CA", "Caisse", "1", "20250201", "7186", "Cotisations des membres",
         "P-2025-02-01", "20250201", "Dues 2025", "0,00", "900,00", TODAY),
        ("BQ", "Banque", "1", "20250305", "5141", "Banques (solde débiteur)",
         "P-2025-03-05", "20250305", "Donation", "3000,00", "0,00", TODAY),
        ("BQ", "Banque", "1", "20250305", "7187", "Dons reçus",
         "P-2025-03-05", "20250305", "Donation", "0,00", "3000,00", TODAY),
        ("CA", "Caisse", "2", "20250410", "6125", "Achats non stockés de matières et fournitures",
         "P-2025-04-10", "20250410", "Supplies", "700,00", "0,00", TODAY),
        ("CA", "Caisse", "2", "20250410", "5161", "Caisses",
         "P-2025-04-10", "20250410", "Supplies", "0,00", "700,00", TODAY),
        ("BQ", "Banque", "2", "20250520", "6147", "Services bancaires",
         "P-2025-05-20", "20250520", "Bank charges", "150,00", "0,00", TODAY),
        ("BQ", "Banque", "2", "20250520", "5141", "Banques (solde débiteur)",
         "P-2025-05-20", "20250520", "Bank charges", "0,00", "150,00", TODAY),
        ("BQ", "Banque", "3", "20250630", "5141", "Banques (solde débiteur)",
         "P-2025-06-30", "20250630", "Interest", "50,00", "0,00", TODAY),
        ("BQ", "Banque", "3", "20250630", "7381", "Intérêts et produits assimilés",
         "P-2025-06-30", "20250630", "Interest", "0,00", "50,00", TODAY),
        ("CA", "Caisse", "3", "20250801", "5141", "Banques (solde débiteur)",
         "P-2025-08-01", "20250801", "Cash to bank", "2000,00", "0,00", TODAY),
        ("CA", "Caisse", "3", "20250801", "5161", "Caisses",
         "P-2025-08-01", "20250801", "Cash to bank", "0,00", "2000,00", TODAY),
        ("OD", "Opérations diverses", "1", "20251001", "6133", "Entretien et réparations",
         "P-2025-10-01", "20251001", "Repairs, unpaid", "400,00", "0,00", TODAY),
        ("OD", "Opérations diverses", "1", "20251001", "4411", "Fournisseurs",
         "P-2025-10-01", "20251001", "Repairs, unpaid", "0,00", "400,00", TODAY),
        ("OD", "Opérations diverses", "2", "20251231", "6193",
         "Dotations d'exploitation aux amortissements des immobilisations corporelles",
         "P-2025-12-31", "20251231", "Depreciation", "1200,00", "0,00", TODAY),
        ("OD", "Opérations diverses", "2", "20251231", "2835",
         "Amortissements du mobilier, matériel de bureau et aménagements divers",
         "P-2025-12-31", "20251231", "Depreciation", "0,00", "1200,00", TODAY),
    ]  # fmt: skip
    # No lettering (nothing reconciled), no funder, no foreign currency in these books.
    assert {(r[6], r[7], r[13], r[14], r[16], r[17]) for r in rows} == {("",) * 6}


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


@pytest.mark.parametrize("year", [2024, 2025])
def test_fec_totals_are_the_trial_balance(books: Database, year: int) -> None:
    """The file's debits are the year's movements plus its opening entry (2024 has one: its
    opening is in the file; 2025 opens from the lines of 2024, which are not)."""
    text = _fec(books, year)
    rows = [line.split("\t") for line in text.split("\r\n")[1:-1]]
    debit = sum((_amount(r[11]) for r in rows), ZERO)
    credit = sum((_amount(r[12]) for r in rows), ZERO)
    with books.session() as session:
        balance = trial_balance(session, VIEWER, year)
        summary = write_fec(session, VIEWER, year, io.StringIO(newline=""))
    opening_entry = D("10000") if year == 2024 else ZERO
    assert debit == credit == balance.total.debit + opening_entry
    assert (summary.lines, summary.debit, summary.credit) == (len(rows), debit, credit)
    assert (len(rows), debit) == ((13, D("43500")) if year == 2024 else (16, D("8400")))
    # Per account, the file's lines give the trial balance's movements (2025: no opening).
    if year == 2025:
        per_account: dict[str, Decimal] = {}
        for r in rows:
            per_account[r[4]] = per_account.get(r[4], ZERO) + _amount(r[11]) - _amount(r[12])
        for row in balance.rows:
            assert per_account.get(row.account, ZERO) == row.current.debit - row.current.credit


def test_fec_separator_columns_and_decimal_mark(books: Database) -> None:
    options = FecOptions(
        columns=parse_columns("journalcode, EcritureNum,CompteNum,Debit,Credit"),
        separator="pipe",
        decimal="point",
    )
    lines = _fec(books, 2025, options).split("\r\n")
    assert lines[0] == "JournalCode|EcritureNum|CompteNum|Debit|Credit"
    assert lines[1] == "CA|1|5161|900.00|0.00"
    assert lines[-2] == "OD|2|2835|0.00|1200.00"
    semicolon = _fec(books, 2025, FecOptions(separator="semicolon")).split("\r\n")
    assert semicolon[0].split(";") == list(FEC_COLUMNS)
    assert semicolon[1].split(";")[11] == "900,00"


def test_a_label_holding_the_separator_stays_on_one_field(books: Database) -> None:
    with books.transaction() as session:
        post_entry(
            session,
            CLI_ACTOR,
            journal="OD",
            entry_date=dt.date(2025, 11, 2),
            label="Rent;\tNovember | office",
            reference="F;12",
            lines=[
                LineSpec("6131", debit=D("100"), credit=ZERO),
                LineSpec("4411", debit=ZERO, credit=D("100")),
            ],
        )
    for key, separator in (("tab", "\t"), ("semicolon", ";"), ("pipe", "|")):
        text = _fec(books, 2025, FecOptions(separator=key))
        rows = [line.split(separator) for line in text.split("\r\n")[1:-1]]
        assert {len(row) for row in rows} == {18}
        rent = [row for row in rows if row[4] == "6131"]
        assert len(rent) == 1
        assert separator not in rent[0][10]


def test_a_cleared_bank_line_is_lettered(books: Database) -> None:
    """The reconciliation's cleared mark makes the lettering: R and the date it was seen."""
    with books.transaction() as session:
        bank = create_treasury_account(session, CLI_ACTOR, "Banque", TreasuryKind.BANK, "5141")
        donation = session.scalar(
            sa.select(JournalLine.id)
            .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
            .join(Account, Account.id == JournalLine.account_id)
            .where(JournalEntry.label == "Donation", Account.number == "5141")
        )
        assert donation is not None
        clear_line(session, CLI_ACTOR, bank.id, donation, dt.date(2025, 3, 31))
    rows = [line.split("\t") for line in _fec(books, 2025).split("\r\n")[1:-1]]
    lettered = [(r[4], r[10], r[13], r[14]) for r in rows if r[13] or r[14]]
    assert lettered == [("5141", "Donation", "R", "20250331")]


def test_public_aid_names_its_funder(books: Database) -> None:
    """The funder of a line of public aid is its third party (CompAuxNum, CompAuxLib)."""
    with books.transaction() as session:
        funder = create_funder(
            session,
            CLI_ACTOR,
            FunderData(name_fr="Conseil régional; Souss-Massa", name_ar="مجلس جهة سوس ماسة"),
        )
        post_entry(
            session,
            CLI_ACTOR,
            journal="BQ",
            entry_date=dt.date(2025, 9, 1),
            label="Subsidy tranche",
            reference="CV-7",
            lines=[
                LineSpec("5141", debit=D("5000"), credit=ZERO, funder_id=funder.id),
                LineSpec("7161", debit=ZERO, credit=D("5000"), funder_id=funder.id),
            ],
        )
    for lang, name in (("fr", "Conseil régional Souss-Massa"), ("ar", "مجلس جهة سوس ماسة")):
        rows = [
            line.split("\t")
            for line in _fec(books, 2025, FecOptions(lang=lang)).split("\r\n")[1:-1]
        ]
        aided = [(r[4], r[6], r[7]) for r in rows if r[6]]
        assert aided == [("5141", f"F{funder.id}", name), ("7161", f"F{funder.id}", name)]


def test_arabic_labels(books: Database) -> None:
    lines = _fec(books, 2024, FecOptions(lang="ar")).split("\r\n")
    first = lines[1].split("\t")
    assert first[:6] == ["AN", "الأرصدة الافتتاحية", "1", "20240101", "5161", "الصناديق"]


def test_drafts_are_left_out(books: Database) -> None:
    with books.transaction() as session:
        post_entry(
            session,
            CLI_ACTOR,
            journal="OD",
            entry_date=dt.date(2025, 11, 3),
            label="Draft",
            reference="D-1",
            lines=[
                LineSpec("6131", debit=D("77"), credit=ZERO),
                LineSpec("4411", debit=ZERO, credit=D("77")),
            ],
            draft=True,
        )
    assert "Draft" not in _fec(books, 2025)


def test_refusals(books: Database) -> None:
    with pytest.raises(ValidationError) as unknown:
        parse_columns("JournalCode,Montant")
    assert unknown.value.field == "columns"
    assert "Montant" in str(unknown.value)
    with books.session() as session:
        with pytest.raises(ValidationError) as year:
            write_fec(session, VIEWER, 2031, io.StringIO())
        assert year.value.field == "year"
        with pytest.raises(ValidationError) as separator:
            list(fec_lines(session, VIEWER, 2025, FecOptions(separator="comma")))
        assert separator.value.field == "separator"
        with pytest.raises(PermissionDenied):
            write_fec(session, VOLUNTEER, 2025, io.StringIO())


def test_xlsx_sheets_typed_cells_and_direction(books: Database, tmp_path: Path) -> None:
    target = tmp_path / "books.xlsx"
    with books.session() as session:
        titles = write_xlsx(session, VIEWER, 2025, target, lang="fr")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == list(titles) == ["Journal", "Grand livre", "Balance générale"]
    for sheet in book.worksheets:
        assert not sheet.sheet_view.rightToLeft
        assert sheet.freeze_panes == "C3"
    journal = book["Journal"]
    header = [c.value for c in journal[2]]
    assert header[:7] == ["Code", "Libellé", "Date", "Écriture", "Pièce", "Débit", "Crédit"]
    first_line = journal[4]
    assert [c.value for c in first_line[:2]] == ["5161", "Caisses"]
    date, debit = first_line[2], first_line[5]
    assert date.is_date and date.value == dt.datetime(2025, 2, 1)
    assert date.number_format == "DD/MM/YYYY"
    assert debit.data_type == "n" and debit.value == 900
    assert debit.number_format == "#,##0.00"

    trial = book["Balance générale"]
    rows = {row[0].value: row for row in trial.iter_rows(min_row=3)}
    assert [c.value for c in rows["5141"][2:8]] == [17200, 0, 5050, 150, 22100, 0]
    total = next(row for code, row in rows.items() if code is None or code == "")
    assert [c.value for c in total[2:8]] == [26700, 26700, 8400, 8400, 32250, 32250]
    assert total[2].font.b

    ledger = book["Grand livre"]
    closings = [
        row[7].value
        for row in ledger.iter_rows(min_row=3)
        if row[0].value == "5141" and row[1].value == "Totaux et solde de clôture"
    ]
    assert closings == [22100]


def test_xlsx_in_arabic_is_right_to_left(books: Database, tmp_path: Path) -> None:
    target = tmp_path / "books.xlsx"
    with books.session() as session:
        write_xlsx(session, VIEWER, 2025, target, lang="ar")
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["دفتر اليومية", "الأستاذ العام", "ميزان المراجعة"]
    for sheet in book.worksheets:
        assert sheet.sheet_view.rightToLeft
    assert [c.value for c in book["ميزان المراجعة"][2]][:2] == ["الرمز", "البيان"]
