"""Budgets: set per year (whole association or project) by account, and the budget against
the actual amounts of the year's validated entries, on the hand-computed year of
tests/core/books/statement_books.py (2025: charges 2 450,00, income 3 950,00)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from nassij_desktop.core.books.budgets import (
    BudgetSection,
    budget_vs_actual,
    set_budget,
    year_budgets,
)
from nassij_desktop.core.books.models import AnalyticKind, EntryState, JournalEntry
from nassij_desktop.core.books.services import LineSpec, create_analytic_tag, post_entry
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.storage import Database
from tests.core.books.statement_books import D, post_two_years

VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


@pytest.fixture
def books(database: Database) -> Database:
    with database.transaction() as session:
        post_two_years(session)
    return database


def test_budget_against_actual_known_answers(books: Database) -> None:
    with books.transaction() as session:
        set_budget(session, CLI_ACTOR, 2025, {"6125": D("1000"), "7186": D("1200")})
    with books.session() as session:
        comparison = budget_vs_actual(session, VIEWER, 2025)
    got = {
        line.account: (line.section, line.budget, line.actual, line.variance, line.percent)
        for line in comparison.lines
    }
    charges, income = BudgetSection.CHARGES, BudgetSection.INCOME
    assert got == {
        "6125": (charges, D("1000"), D("700"), D("-300"), Decimal("-30.0")),
        "6133": (charges, D("0"), D("400"), D("400"), None),
        "6147": (charges, D("0"), D("150"), D("150"), None),
        "6193": (charges, D("0"), D("1200"), D("1200"), None),
        "7186": (income, D("1200"), D("900"), D("-300"), Decimal("-25.0")),
        "7187": (income, D("0"), D("3000"), D("3000"), None),
        "7381": (income, D("0"), D("50"), D("50"), None),
    }
    # Charges first, then income, each by account.
    assert [line.account for line in comparison.lines] == list(got)
    totals = [(t.section, t.budget, t.actual, t.variance) for t in comparison.totals]
    assert totals == [
        (charges, D("1000"), D("2450"), D("1450")),
        (income, D("1200"), D("3950"), D("2750")),
        (None, D("200"), D("1500"), D("1300")),
    ]
    assert comparison.totals[2].percent == Decimal("650.0")


def test_setting_again_changes_removes_and_replaces_lines(books: Database) -> None:
    with books.transaction() as session:
        first = set_budget(session, CLI_ACTOR, 2025, {"6125": "1000", "6147": "200"})
        again = set_budget(session, CLI_ACTOR, 2025, {"6125": "800", "6147": "0", "7186": "50"})
        assert again.id == first.id  # one budget per year and tag
        assert [(line.account, line.amount) for line in again.lines] == [
            ("6125", D("800")),
            ("7186", D("50")),
        ]
        replaced = set_budget(session, CLI_ACTOR, 2025, {"7187": "10"}, replace=True)
        assert [(line.account, line.amount) for line in replaced.lines] == [("7187", D("10"))]
        assert [b.id for b in year_budgets(session, VIEWER, 2025)] == [first.id]


def test_a_project_budget_compares_with_the_lines_of_its_tag_only(books: Database) -> None:
    with books.transaction() as session:
        tag = create_analytic_tag(
            session, CLI_ACTOR, "PRJ-A", "مشروع", "Projet", AnalyticKind.PROJECT
        )
        post_entry(
            session,
            CLI_ACTOR,
            journal="CA",
            entry_date=dt.date(2025, 11, 3),
            label="Project supplies",
            reference="P-1",
            lines=[
                LineSpec("6125", debit=D("250"), analytic_tag_id=tag.id),
                LineSpec("5161", credit=D("250")),
            ],
        )
        # A draft does not count until it is validated.
        post_entry(
            session,
            CLI_ACTOR,
            journal="CA",
            entry_date=dt.date(2025, 11, 4),
            label="Draft",
            reference="P-2",
            lines=[
                LineSpec("6125", debit=D("99"), analytic_tag_id=tag.id),
                LineSpec("5161", credit=D("99")),
            ],
            draft=True,
        )
        set_budget(session, CLI_ACTOR, "2025", {"6125": "300"}, project="PRJ-A")
        set_budget(session, CLI_ACTOR, "2025", {"6125": "5000"})
    with books.session() as session:
        project = budget_vs_actual(session, VIEWER, 2025, "PRJ-A")
        whole = budget_vs_actual(session, VIEWER, 2025)
        assert session.query(JournalEntry).filter_by(state=EntryState.DRAFT).count() == 1
    assert [(line.account, line.budget, line.actual) for line in project.lines] == [
        ("6125", D("300"), D("250"))
    ]
    assert project.project == "PRJ-A"
    six = next(line for line in whole.lines if line.account == "6125")
    assert (six.budget, six.actual) == (D("5000"), D("950"))  # 700 + 250, not the draft


def test_refusals(books: Database) -> None:
    with books.transaction() as session:
        with pytest.raises(PermissionDenied):
            set_budget(session, VIEWER, 2025, {"6125": "1"})
        with pytest.raises(ValidationError) as unknown:
            set_budget(session, CLI_ACTOR, 2025, {"6999999": "1"})
        assert unknown.value.field == "amounts"
        with pytest.raises(ValidationError) as negative:
            set_budget(session, CLI_ACTOR, 2025, {"6125": "-5"})
        assert negative.value.field == "amounts"
        with pytest.raises(ValidationError) as project:
            set_budget(session, CLI_ACTOR, 2025, {"6125": "5"}, project="NOPE")
        assert project.value.field == "project"
        with pytest.raises(ValidationError) as year:
            budget_vs_actual(session, VIEWER, 2031)
        assert year.value.field == "year"
