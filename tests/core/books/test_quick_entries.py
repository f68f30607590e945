"""Quick entries: each form writes one balanced entry, and each refusal names its field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    AnalyticKind,
    FiscalYearStatus,
    JournalEntry,
    TreasuryKind,
)
from nassij_desktop.core.books.quick_entries import (
    AidTagging,
    MoneyMovement,
    PaymentMethod,
    Salary,
    SubsidyTranche,
    Transfer,
    quick_entry_choices,
    record_expense,
    record_receipt,
    record_salary,
    record_subsidy_tranche,
    record_transfer,
)
from nassij_desktop.core.books.services import (
    create_analytic_tag,
    create_treasury_account,
    fiscal_year_for,
)
from nassij_desktop.core.books.treasury import find_treasury_account, treasury_balances
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.funding.models import Funder, FunderKind
from nassij_desktop.storage import Database

DAY = clock.today()
TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


@pytest.fixture
def books(database: Database) -> dict[str, int]:
    """A bank account, a cash box, a project and a funder."""
    with database.transaction() as session:
        bank = create_treasury_account(
            session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141"
        )
        cash = create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
        tag = create_analytic_tag(
            session, CLI_ACTOR, "ALPHA", "محو الأمية", "Alphabétisation", AnalyticKind.PROJECT
        )
        funder = Funder(
            name_fr="INDH Fès", name_ar="المبادرة الوطنية للتنمية البشرية", kind=FunderKind.INDH
        )
        session.add(funder)
        session.flush()
        return {"bank": bank.id, "cash": cash.id, "tag": tag.id, "funder": funder.id}


def _receipt(ids: dict[str, int], **changes: object) -> MoneyMovement:
    data = MoneyMovement(
        entry_date=DAY,
        amount="12 000,00",
        account="71611",
        treasury_id=ids["bank"],
        label="Subvention commune",
        voucher="AV-2026-01",
        third_party="Commune de Fès",
        payment_method=PaymentMethod.TRANSFER,
        payment_reference="VIR 88812",
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def _lines(session: Session, entry_id: int) -> list[tuple[str, Decimal, Decimal]]:
    entry = session.get(JournalEntry, entry_id)
    assert entry is not None
    return [(line.account.number, line.debit, line.credit) for line in entry.lines]


def test_a_receipt_debits_the_treasury_and_credits_the_income(
    database: Database, books: dict[str, int]
) -> None:
    with database.transaction() as session:
        done = record_receipt(session, TREASURER, _receipt(books))
        assert (done.journal, done.number, done.amount, done.voucher) == (
            "BQ",
            1,
            Decimal("12000.00"),
            "AV-2026-01",
        )
        assert _lines(session, done.entry_id) == [
            ("5141", Decimal("12000.00"), Decimal("0.00")),
            ("71611", Decimal("0.00"), Decimal("12000.00")),
        ]
        entry = session.get(JournalEntry, done.entry_id)
        assert entry is not None and entry.reference == "AV-2026-01"
        assert entry.lines[0].label == "Subvention commune — Commune de Fès — transfer VIR 88812"
    with database.session() as session:
        balances = {b.name: b.balance for b in treasury_balances(session, VIEWER)}
    assert balances == {"Banque Populaire": Decimal("12000.00"), "Caisse": Decimal("0.00")}


def test_expense_transfer_subsidy_and_salary_are_balanced(
    database: Database, books: dict[str, int]
) -> None:
    with database.transaction() as session:
        record_receipt(session, TREASURER, _receipt(books, amount="5000"))
        expense = record_expense(
            session,
            TREASURER,
            _receipt(
                books,
                account="6125",
                amount="350.50",
                treasury_id=books["cash"],
                label="Fournitures",
            ),
        )
        transfer = record_transfer(
            session,
            TREASURER,
            Transfer(DAY, "1000", books["bank"], books["cash"], "Retrait", "RET-1"),
        )
        subsidy = record_subsidy_tranche(
            session,
            TREASURER,
            SubsidyTranche(
                DAY,
                "20000",
                "71611",
                books["bank"],
                "Tranche 1",
                "CONV-7",
                funder_id=books["funder"],
                aid_kind="Subvention de fonctionnement",
                agreement_number="12/2026",
                agreement_date=dt.date(DAY.year, 1, 15),
                analytic_tag_id=books["tag"],
            ),
        )
        salary = record_salary(
            session,
            TREASURER,
            Salary(
                DAY,
                "4000",
                "120",
                "180",
                books["bank"],
                "Khadija Amrani",
                "PAIE-01",
                payment_method=PaymentMethod.TRANSFER,
            ),
        )
        assert _lines(session, expense.entry_id) == [
            ("6125", Decimal("350.50"), Decimal("0.00")),
            ("5161", Decimal("0.00"), Decimal("350.50")),
        ]
        assert expense.journal == "CA"
        assert _lines(session, transfer.entry_id) == [
            ("5161", Decimal("1000.00"), Decimal("0.00")),
            ("5141", Decimal("0.00"), Decimal("1000.00")),
        ]
        assert transfer.journal == "BQ"
        entry = session.get(JournalEntry, subsidy.entry_id)
        assert entry is not None
        assert {
            (ln.funder_id, ln.aid_kind, ln.agreement_number, ln.analytic_tag_id)
            for ln in entry.lines
        } == {(books["funder"], "Subvention de fonctionnement", "12/2026", books["tag"])}
        assert _lines(session, salary.entry_id) == [
            ("6171", Decimal("4000.00"), Decimal("0.00")),
            ("4452", Decimal("0.00"), Decimal("120.00")),
            ("4441", Decimal("0.00"), Decimal("180.00")),
            ("5141", Decimal("0.00"), Decimal("3700.00")),
        ]
        numbers = [r.number for r in (transfer, subsidy, salary)]
        assert numbers == [2, 3, 4]  # the bank journal, without gaps
        for entry in session.scalars(sa.select(JournalEntry)):
            assert sum(ln.debit for ln in entry.lines) == sum(ln.credit for ln in entry.lines)
    with database.session() as session:
        balances = {b.name: b.balance for b in treasury_balances(session, TREASURER)}
        before = {
            b.name: b.balance
            for b in treasury_balances(session, TREASURER, DAY - dt.timedelta(days=1))
        }
    assert balances == {
        "Banque Populaire": Decimal("5000") - 1000 + 20000 - Decimal("3700"),
        "Caisse": Decimal("1000") - Decimal("350.50"),
    }
    assert set(before.values()) == {Decimal("0")}


REFUSALS = [
    ({"amount": "0"}, "amount"),
    ({"amount": "douze"}, "amount"),
    ({"amount": "12.345"}, "amount"),
    ({"entry_date": None}, "date"),
    ({"treasury_id": None}, "treasury"),
    ({"treasury_id": 9999}, "treasury"),
    ({"account": "9999"}, "account"),
    ({"account": "6125"}, "account"),  # an expense account on a receipt
    ({"account": "71"}, "account"),  # a heading, not a detailed account
    ({"voucher": "  "}, "voucher"),
    ({"label": ""}, "label"),
]


@pytest.mark.parametrize(("change", "field"), REFUSALS)
def test_each_refusal_of_a_receipt_names_its_field(
    database: Database, books: dict[str, int], change: dict[str, object], field: str
) -> None:
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        record_receipt(session, TREASURER, _receipt(books, **change))
    assert refused.value.field == field
    with database.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 0


def test_refusals_of_the_other_forms_name_their_fields(
    database: Database, books: dict[str, int]
) -> None:
    cases = [
        (record_expense, _receipt(books, account="71611"), "account"),
        (
            record_transfer,
            Transfer(DAY, "10", books["bank"], books["bank"], "x", "v"),
            "to_treasury",
        ),
        (record_transfer, Transfer(DAY, "10", None, books["bank"], "x", "v"), "from_treasury"),
        (
            record_subsidy_tranche,
            SubsidyTranche(DAY, "10", "71611", books["bank"], "x", "v", None, "aide", "1", DAY),
            "funder",
        ),
        (
            record_subsidy_tranche,
            SubsidyTranche(
                DAY, "10", "71611", books["bank"], "x", "v", books["funder"], "aide", "", DAY
            ),
            "agreement_number",
        ),
        (
            record_subsidy_tranche,
            SubsidyTranche(
                DAY, "10", "71611", books["bank"], "x", "v", books["funder"], "aide", "1", None
            ),
            "agreement_date",
        ),
        (
            record_subsidy_tranche,
            SubsidyTranche(
                DAY, "10", "71611", books["cash"], "x", "v", books["funder"], "aide", "1", DAY
            ),
            "treasury",
        ),
        (record_salary, Salary(DAY, "100", "60", "50", books["bank"], "K", "v"), "gross"),
        (record_salary, Salary(DAY, "100", "0", "0", books["bank"], "", "v"), "employee"),
        (record_receipt, _receipt(books, tags=AidTagging(funder_id=4242)), "funder"),
        (record_receipt, _receipt(books, tags=AidTagging(analytic_tag_id=4242)), "analytic_tag"),
    ]
    for service, data, field in cases:
        with database.transaction() as session, pytest.raises(ValidationError) as refused:
            service(session, TREASURER, data)  # type: ignore[operator]
        assert refused.value.field == field, (service.__name__, data)


def test_a_closed_year_is_refused_on_the_date(database: Database, books: dict[str, int]) -> None:
    with database.transaction() as session:
        fiscal_year_for(session, DAY).status = FiscalYearStatus.CLOSED
    with database.transaction() as session, pytest.raises(ValidationError) as refused:
        record_receipt(session, TREASURER, _receipt(books))
    assert refused.value.field == "date"
    assert "closed" in refused.value.message


def test_a_viewer_reads_but_does_not_write(database: Database, books: dict[str, int]) -> None:
    with database.transaction() as session, pytest.raises(PermissionDenied):
        record_receipt(session, VIEWER, _receipt(books))
    with database.session() as session:
        choices = quick_entry_choices(session, VIEWER)
    numbers = {a.number for a in choices.of_classes((7,))}
    assert "71611" in numbers and "71" not in numbers and "6125" not in numbers
    assert [f.name("fr") for f in choices.funders] == ["INDH Fès"]
    assert [p.name("ar") for p in choices.projects] == ["محو الأمية"]


def test_a_command_names_its_treasury_account_by_number_journal_or_name(
    database: Database, books: dict[str, int]
) -> None:
    with database.session() as session:
        found = {
            code: find_treasury_account(session, VIEWER, code).id
            for code in ("5141", "BQ", "banque populaire", "CA", "Caisse", str(books["cash"]))
        }
        with pytest.raises(ValidationError) as refused:
            find_treasury_account(session, VIEWER, "CCP")
    assert found == {
        "5141": books["bank"],
        "BQ": books["bank"],
        "banque populaire": books["bank"],
        "CA": books["cash"],
        "Caisse": books["cash"],
        str(books["cash"]): books["cash"],
    }
    assert refused.value.field == "treasury"
