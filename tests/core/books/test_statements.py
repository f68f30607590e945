"""The statements on a small year computed by hand: every figure of the trial balance, the
CPC and the bilan is written here, then the invariants that hold for any books."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nassij_desktop.core.books.layouts import LayoutStatement, StatementModel
from nassij_desktop.core.books.statements import (
    StatementKind,
    balance_sheet,
    general_ledger,
    income_statement,
    journal_report,
    line_accounts,
    statement_rows,
    trial_balance,
)
from nassij_desktop.core.books.statements.table import year_statements
from nassij_desktop.core.books.statements.trial_balance import BalanceFigures
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database
from tests.core.books.statement_books import ZERO, D, post, post_two_years

VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)


@pytest.fixture
def books(database: Database) -> Database:
    with database.transaction() as session:
        post_two_years(session)
    return database


def _figures(*amounts: str) -> BalanceFigures:
    return BalanceFigures(*(D(a) for a in amounts))


def test_trial_balance_known_answers(books: Database) -> None:
    with books.session() as session:
        balance = trial_balance(session, VIEWER, 2025)
    assert (balance.year.label, balance.previous_year.label) == ("2025", "2024")
    got = {row.account: row.current for row in balance.rows}
    # opening debit, opening credit, debit, credit, closing debit, closing credit
    assert got == {
        "118": _figures("0", "15500", "0", "0", "0", "15500"),  # 2024's result, not carried yet
        "1111": _figures("0", "10000", "0", "0", "0", "10000"),
        "2355": _figures("6000", "0", "0", "0", "6000", "0"),
        "2835": _figures("0", "1200", "0", "1200", "0", "2400"),
        "4411": _figures("0", "0", "0", "400", "0", "400"),
        "5141": _figures("17200", "0", "5050", "150", "22100", "0"),
        "5161": _figures("3500", "0", "900", "2700", "1700", "0"),
        "6125": _figures("0", "0", "700", "0", "700", "0"),
        "6131": _figures("0", "0", "0", "0", "0", "0"),  # 2024 only
        "6133": _figures("0", "0", "400", "0", "400", "0"),
        "6147": _figures("0", "0", "150", "0", "150", "0"),
        "6193": _figures("0", "0", "1200", "0", "1200", "0"),
        "7161": _figures("0", "0", "0", "0", "0", "0"),  # 2024 only
        "7186": _figures("0", "0", "0", "900", "0", "900"),
        "7187": _figures("0", "0", "0", "3000", "0", "3000"),
        "7381": _figures("0", "0", "0", "50", "0", "50"),
    }
    assert balance.total == _figures("26700", "26700", "8400", "8400", "32250", "32250")
    previous = {
        row.account: row.previous for row in balance.rows if row.previous != BalanceFigures()
    }
    assert previous == {
        "1111": _figures("0", "10000", "0", "0", "0", "10000"),
        "2355": _figures("0", "0", "6000", "0", "6000", "0"),
        "2835": _figures("0", "0", "0", "1200", "0", "1200"),
        "5141": _figures("8000", "0", "20000", "10800", "17200", "0"),
        "5161": _figures("2000", "0", "1500", "0", "3500", "0"),
        "6131": _figures("0", "0", "4800", "0", "4800", "0"),
        "6193": _figures("0", "0", "1200", "0", "1200", "0"),
        "7161": _figures("0", "0", "0", "20000", "0", "20000"),
        "7186": _figures("0", "0", "0", "1500", "0", "1500"),
    }
    assert balance.previous_total == _figures("10000", "10000", "33500", "33500", "32700", "32700")
    unallocated = next(row for row in balance.rows if row.account == "118")
    assert unallocated.label_fr == "Résultats nets en instance d'affectation"


def _amounts(statement: object) -> dict[str, tuple[Decimal | None, Decimal | None]]:
    return {line.code: (line.current, line.previous) for line in statement.lines}  # type: ignore[attr-defined]


def test_cpc_known_answers(books: Database) -> None:
    with books.session() as session:
        cpc = income_statement(session, VIEWER, 2025)
    amounts = {code: pair for code, pair in _amounts(cpc).items() if pair != (ZERO, ZERO)}
    assert amounts == {
        "E": (None, None),
        "I": (None, None),
        "I3": (D("900"), D("1500")),  # dues
        "I4": (D("3000"), ZERO),  # donations
        "I5": (ZERO, D("20000")),  # operating subsidy
        "TI": (D("3900"), D("21500")),
        "II": (None, None),
        "II2": (D("700"), ZERO),  # supplies
        "II3": (D("550"), D("4800")),  # bank charges and repairs; rent
        "II7": (D("1200"), D("1200")),  # depreciation
        "TII": (D("2450"), D("6000")),
        "III": (D("1450"), D("15500")),
        "F": (None, None),
        "IV": (None, None),
        "IV2": (D("50"), ZERO),
        "TIV": (D("50"), ZERO),
        "V": (None, None),
        "VI": (D("50"), ZERO),
        "VII": (D("1500"), D("15500")),
        "NC": (None, None),
        "VIII": (None, None),
        "IX": (None, None),
        "XI": (D("1500"), D("15500")),
        "XIII": (D("1500"), D("15500")),
    }
    assert cpc.unmapped == ()


def test_bilan_known_answers(books: Database) -> None:
    with books.session() as session:
        bilan = balance_sheet(session, VIEWER, 2025)
    amounts = {code: pair for code, pair in _amounts(bilan).items() if pair != (ZERO, ZERO)}
    assert amounts == {
        "ACTIF": (None, None),
        "AI": (None, None),
        "AI3": (D("3600"), D("4800")),  # computer 6000 less depreciation
        "TAI": (D("3600"), D("4800")),
        "AC": (None, None),
        "AT1": (D("23800"), D("20700")),  # bank 22100 + cash 1700; 17200 + 3500
        "TA": (D("27400"), D("25500")),
        "PASSIF": (None, None),
        "PF": (None, None),
        "PF1": (D("10000"), D("10000")),
        "PF5": (D("15500"), ZERO),  # 2024's excess, not carried by an opening entry
        "PF6": (D("1500"), D("15500")),
        "TPF1": (D("27000"), D("25500")),
        "TPF": (D("27000"), D("25500")),
        "PC": (None, None),
        "PC1": (D("400"), ZERO),
        "TPC": (D("400"), ZERO),
        "TP": (D("27400"), D("25500")),
    }
    assert bilan.unmapped == ()
    # The assets show their gross value and the amortisation the net deducts.
    split = {ln.code: (ln.gross, ln.depreciation) for ln in bilan.lines if ln.gross is not None}
    assert {code: pair for code, pair in split.items() if pair != (ZERO, ZERO)} == {
        "AI3": (D("6000"), D("2400")),
        "TAI": (D("6000"), D("2400")),
        "AT1": (D("23800"), ZERO),
        "TA": (D("29800"), D("2400")),
    }
    assert bilan.line("PF1").gross is None and bilan.line("TP").depreciation is None


def test_an_opening_entry_replaces_what_came_before(database: Database) -> None:
    """A year that starts with an opening entry (the previous one closed and carried over)
    takes its opening from it; the earlier years' results are in 1181, not counted again."""
    with database.transaction() as session:
        post(session, "CA", "2025-02-01", "Dues", ("5161", "900", "D"), ("7186", "900", "C"))
        post(session, "CA", "2025-03-01", "Cups", ("6125", "300", "D"), ("5161", "300", "C"))
        post(session, "AN", "2026-01-01", "Opening", ("5161", "600", "D"), ("1181", "600", "C"))
        post(session, "CA", "2026-02-01", "Dues", ("5161", "100", "D"), ("7186", "100", "C"))
    with database.session() as session:
        bilan = balance_sheet(session, VIEWER, 2026)
        balance = trial_balance(session, VIEWER, 2026)
        cpc = income_statement(session, VIEWER, 2026)
    assert bilan.line("AT1").current == D("700")
    assert bilan.line("PF5").current == D("600")  # 1181, from the opening entry
    assert bilan.line("PF6").current == D("100")
    assert bilan.line("TP").current == bilan.line("TA").current == D("700")
    assert (bilan.line("TA").previous, bilan.line("PF6").previous) == (D("600"), D("600"))
    assert cpc.line("XIII").current == D("100")
    rows = {row.account: row.current for row in balance.rows}
    assert rows["1181"] == _figures("0", "600", "0", "0", "0", "600")
    assert rows["5161"] == _figures("600", "0", "100", "0", "700", "0")
    assert "118" not in rows


def test_general_ledger_running_balance(books: Database) -> None:
    with books.session() as session:
        ledger = general_ledger(session, VIEWER, 2025, account="5161")
    (cash,) = ledger.accounts
    assert (cash.account, cash.opening, cash.closing) == ("5161", D("3500"), D("1700"))
    assert [(ln.journal, ln.label, ln.debit, ln.credit, ln.balance) for ln in cash.lines] == [
        ("CA", "Dues 2025", D("900"), ZERO, D("4400")),
        ("CA", "Supplies", ZERO, D("700"), D("3700")),
        ("CA", "Cash to bank", ZERO, D("2000"), D("1700")),
    ]
    assert (cash.debit, cash.credit) == (D("900"), D("2700"))
    assert (cash.previous_opening, cash.previous_debit, cash.previous_closing) == (
        D("2000"),
        D("1500"),
        D("3500"),
    )
    with books.session() as session:
        first = general_ledger(session, VIEWER, 2024, account="5161").accounts[0]
        every = general_ledger(session, VIEWER, 2025)
    # 2024 opens from its opening entry: the ledger shows it as the opening, not as a line.
    assert (first.opening, [ln.label for ln in first.lines]) == (D("2000"), ["Dues 2024"])
    assert [a.account for a in every.accounts] == [
        "1111",
        "2355",
        "2835",
        "4411",
        "5141",
        "5161",
        "6125",
        "6133",
        "6147",
        "6193",
        "7186",
        "7187",
        "7381",
    ]
    for account in every.accounts:
        assert account.closing == account.opening + account.debit - account.credit
        assert account.closing == (account.lines[-1].balance if account.lines else account.opening)


def test_journal_lists_the_year_in_order(books: Database) -> None:
    with books.session() as session:
        journal = journal_report(session, VIEWER, 2025)
        bank = journal_report(session, VIEWER, 2025, journal="BQ")
    assert [(e.entry_date.isoformat(), e.journal, e.number) for e in journal.entries] == [
        ("2025-02-01", "CA", 1),
        ("2025-03-05", "BQ", 1),
        ("2025-04-10", "CA", 2),
        ("2025-05-20", "BQ", 2),
        ("2025-06-30", "BQ", 3),
        ("2025-08-01", "CA", 3),
        ("2025-10-01", "OD", 1),
        ("2025-12-31", "OD", 2),
    ]
    assert [(ln.account, ln.debit, ln.credit) for ln in journal.entries[0].lines] == [
        ("5161", D("900"), ZERO),
        ("7186", ZERO, D("900")),
    ]
    assert (journal.debit, journal.credit) == (D("8400"), D("8400"))
    assert (journal.previous_debit, journal.previous_credit) == (D("43500"), D("43500"))
    assert [e.label for e in bank.entries] == ["Donation", "Bank charges", "Interest"]
    assert (bank.debit, bank.previous_debit) == (D("3200"), D("30800"))


@pytest.mark.parametrize("model", list(StatementModel))
def test_invariants_in_every_model(books: Database, model: StatementModel) -> None:
    with books.session() as session:
        for year in (2024, 2025):
            balance = trial_balance(session, VIEWER, year)
            cpc = income_statement(session, VIEWER, year, model)
            bilan = balance_sheet(session, VIEWER, year, model)
            total = balance.total
            assert total.opening_debit == total.opening_credit
            assert total.debit == total.credit
            assert total.closing_debit == total.closing_credit
            result = cpc.lines[-1]
            assert (
                result.current
                == bilan.line(
                    "PF6"
                    if model is StatementModel.NORMAL
                    else ("P3" if model is StatementModel.SIMPLIFIED else "P2")
                ).current
            )
            assert bilan.line("TA").current == bilan.line("TP").current
            assert bilan.line("TA").previous == bilan.line("TP").previous
            assert cpc.unmapped == bilan.unmapped == ()
        # The previous year's column is the previous year's own statement.
        before = income_statement(session, VIEWER, 2024, model)
        now = income_statement(session, VIEWER, 2025, model)
        assert [ln.previous for ln in now.lines] == [ln.current for ln in before.lines]
        before_bilan = balance_sheet(session, VIEWER, 2024, model)
        now_bilan = balance_sheet(session, VIEWER, 2025, model)
        assert [ln.previous for ln in now_bilan.lines] == [ln.current for ln in before_bilan.lines]
        now_balance = trial_balance(session, VIEWER, 2025)
        before_balance = trial_balance(session, VIEWER, 2024)
        assert {
            r.account: r.previous for r in now_balance.rows if r.previous != BalanceFigures()
        } == {r.account: r.current for r in before_balance.rows if r.current != BalanceFigures()}


def test_the_result_is_the_change_in_funds(books: Database) -> None:
    """CPC result = what the funds section gained over the year (with no allocation made)."""
    with books.session() as session:
        cpc = income_statement(session, VIEWER, 2025)
        bilan = balance_sheet(session, VIEWER, 2025)
    funds = bilan.line("TPF1")
    assert funds.current is not None and funds.previous is not None
    assert funds.current - funds.previous == cpc.line("XIII").current


def test_statements_need_the_right_to_read_the_books(books: Database) -> None:
    with books.session() as session:
        for kind in StatementKind:
            with pytest.raises(PermissionDenied):
                statement_rows(session, VOLUNTEER, kind, 2025)


def test_an_unknown_year_or_account_is_refused(books: Database) -> None:
    with books.session() as session:
        with pytest.raises(ValidationError) as year:
            trial_balance(session, VIEWER, 2019)
        with pytest.raises(ValidationError) as account:
            general_ledger(session, VIEWER, 2025, account="9999")
    assert (year.value.field, account.value.field) == ("year", "account")
    assert str(year.value) == "The books have no fiscal year 2019."


def test_a_year_with_nothing_before_has_an_empty_previous_column(books: Database) -> None:
    with books.session() as session:
        bilan = balance_sheet(session, VIEWER, 2024)
        table = statement_rows(session, VIEWER, StatementKind.TRIAL_BALANCE, 2024)
    assert bilan.previous_year.label == "2023"
    assert {line.previous for line in bilan.lines} == {None, ZERO}
    assert table.totals[0].values[:6] == tuple(
        D(a) for a in ("10000", "10000", "33500", "33500", "32700", "32700")
    )


def test_statement_rows_give_every_statement_as_a_table(books: Database) -> None:
    with books.session() as session:
        tables = {kind: statement_rows(session, VIEWER, kind, 2025) for kind in StatementKind}
        one = statement_rows(session, VIEWER, StatementKind.LEDGER, 2025, account="4411")
    for table in tables.values():
        assert all(len(row.values) == len(table.columns) for row in table.rows)
        assert (table.totals and table.rows[-1] == table.totals[-1]) or table.kind in {
            StatementKind.CPC,
            StatementKind.BILAN,
        }
    cpc = tables[StatementKind.CPC]
    assert cpc.totals[-1].code == "XIII" and cpc.totals[-1].values == (D("1500"), D("15500"))
    assert [(row.code, row.label_fr, row.values[3:6]) for row in one.rows] == [
        ("4411", "Fournisseurs", (None, None, None)),
        ("4411", "Solde d'ouverture", (None, None, ZERO)),
        ("4411", "Repairs, unpaid", (ZERO, D("400"), D("-400"))),
        ("4411", "Totaux et solde de clôture", (ZERO, D("400"), D("-400"))),
        ("", "Total", (ZERO, D("400"), None)),
    ]


@pytest.mark.parametrize("model", list(StatementModel))
def test_the_year_statements_are_the_statements_read_one_by_one(
    books: Database, model: StatementModel
) -> None:
    """The annual report reads the balances once for the CPC, the bilan and the trial
    balance: it must print what each statement's own service gives, in both years."""
    with books.session() as session:
        for year in (2024, 2025):
            together = year_statements(session, VIEWER, year, model=model)
            assert together.cpc == statement_rows(
                session, VIEWER, StatementKind.CPC, year, model=model
            )
            assert together.bilan == statement_rows(
                session, VIEWER, StatementKind.BILAN, year, model=model
            )
            assert together.trial_balance == trial_balance(session, VIEWER, year)
        with pytest.raises(PermissionDenied):
            year_statements(session, VOLUNTEER, 2025)


def test_the_accounts_behind_a_line(books: Database) -> None:
    with books.session() as session:
        charges = line_accounts(session, VIEWER, LayoutStatement.CPC, 2025, "II3")
        treasury = line_accounts(session, VIEWER, LayoutStatement.BILAN, 2025, "AT1")
        heading = line_accounts(session, VIEWER, LayoutStatement.BILAN, 2025, "ACTIF")
        with pytest.raises(ValidationError) as unknown:
            line_accounts(session, VIEWER, LayoutStatement.BILAN, 2025, "ZZ")
        with pytest.raises(PermissionDenied):
            line_accounts(session, VOLUNTEER, LayoutStatement.CPC, 2025, "II3")
    assert [(a.account, a.label_fr, a.current, a.previous) for a in charges] == [
        ("6131", "Locations et charges locatives", ZERO, D("4800")),
        ("6133", "Entretien et réparations", D("400"), ZERO),
        ("6147", "Services bancaires", D("150"), ZERO),
    ]
    assert [(a.account, a.current, a.previous) for a in treasury] == [
        ("5141", D("22100"), D("17200")),
        ("5161", D("1700"), D("3500")),
    ]
    assert (heading, unknown.value.field) == ((), "code")
