"""`nassij books receipt|expense` on a real file: the quick entries of the Treasury page from a
script, seen in the statements; a wrong field is one line naming it."""

from __future__ import annotations

import json

import pytest

from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database
from tests.conftest import CommandResult, Nassij


@pytest.fixture
def db(database: Database) -> str:
    with database.transaction() as session:
        create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
    path = str(database.path)
    database.close()
    return path


def _quick(
    nassij: Nassij, db: str, kind: str, amount: str, account: str, voucher: str
) -> CommandResult:
    return nassij(
        "--db", db, "books", kind, "--date", "14/03/2026", "--amount", amount,
        "--account", account, "--treasury", "5161", "--label", f"{kind} {voucher}",
        "--voucher", voucher,
    )  # fmt: skip


def test_a_receipt_and_an_expense_reach_the_trial_balance(nassij: Nassij, db: str) -> None:
    received = _quick(nassij, db, "receipt", "12 000,00", "71611", "REC-1")
    assert received.returncode == 0, received.stderr
    assert received.stdout == "Entry CA-2026-1 recorded\n"
    spent = _quick(nassij, db, "expense", "2500.50", "6125", "FAC-9")
    assert spent.returncode == 0, spent.stderr
    result = nassij("--db", db, "books", "statement", "trial-balance", "--year", "2026",
                    "--format", "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = {line["code"]: line for line in json.loads(result.stdout)["lines"]}
    assert lines["5161"]["debit"] == "12000.00" and lines["5161"]["credit"] == "2500.50"
    assert lines["71611"]["credit"] == "12000.00"
    assert lines["6125"]["debit"] == "2500.50"


def test_an_expense_on_an_income_account_is_one_line_naming_the_account(
    nassij: Nassij, db: str
) -> None:
    result = _quick(nassij, db, "expense", "100", "7161", "FAC-10")
    assert result.returncode == 1
    assert result.stderr.startswith("nassij: account: ") and result.stderr.count("\n") == 1
    unknown = nassij("--db", db, "books", "receipt", "--date", "14/03/2026", "--amount", "5",
                     "--account", "7161", "--treasury", "nowhere", "--label", "x",
                     "--voucher", "R")  # fmt: skip
    assert unknown.returncode == 1 and unknown.stderr.startswith("nassij: treasury: ")


def test_an_entry_names_its_project_by_code_and_an_unknown_one_is_refused(
    nassij: Nassij, db: str
) -> None:
    add = ("--db", db, "books", "entry", "add", "--date", "14/03/2026", "--journal", "CA",
           "--label", "Fournitures", "--voucher", "FAC-1",
           "--line", "6125:100:D", "--line", "5161:100:C")  # fmt: skip
    unknown = nassij(*add, "--project", "NOPE")
    assert unknown.returncode == 1
    assert unknown.stderr == "nassij: project: There is no project NOPE.\n"
    listed = nassij("--db", db, "books", "entry", "list", "--format", "json")
    assert json.loads(listed.stdout) == []  # nothing was written
