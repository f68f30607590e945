"""The projects a budget can be made for (the budgets screen's choice): active tags by code."""

from __future__ import annotations

from nassij_desktop.core.books.budgets import budget_projects
from nassij_desktop.core.books.models import AnalyticKind
from nassij_desktop.core.books.services import create_analytic_tag
from nassij_desktop.storage import Database
from tests.core.books.ledger_support import TREASURER, VIEWER


def test_the_projects_a_budget_can_be_made_for(database: Database) -> None:
    with database.transaction() as session:
        for code, ar, fr in (
            ("PRJ-EAU", "مشروع الماء", "Projet eau"),
            ("ATL", "الورشات", "Ateliers"),
        ):
            create_analytic_tag(session, TREASURER, code, ar, fr, AnalyticKind.PROJECT)
    with database.session() as session:
        projects = budget_projects(session, VIEWER)
    assert [p.code for p in projects] == ["ATL", "PRJ-EAU"]
    assert (projects[1].label("ar"), projects[1].label("fr")) == ("مشروع الماء", "Projet eau")
