"""The one list of what is due: every source behind its permission, sorted by date, overdue
once the day has passed; and the figures of the dashboard's charts, counted in SQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.activities.summary import activity_year, beneficiaries_by_month
from nassij_desktop.core.books.models import Account, EntryState, JournalEntry, JournalLine
from nassij_desktop.core.books.statements.monthly import income_and_expenses_by_month
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.due import DueArea, DueItem
from nassij_desktop.core.common.errors import PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Permission, Role
from nassij_desktop.core.donations.campaigns import campaign_reports_due
from nassij_desktop.core.due import SOURCES, DueSource, things_due
from nassij_desktop.core.funding.models import ForeignFundingDeclaration
from nassij_desktop.core.funding.services import list_sgg_declarations
from nassij_desktop.core.funding.tranche_reports import record_report_submitted, tranche_reports_due
from nassij_desktop.core.governance.services import declaration_reminders
from nassij_desktop.core.members.dues import dues_of_year
from nassij_desktop.core.members.models import DuesPayment
from nassij_desktop.storage import Database
from tests.core.conftest import DemoDatabase

TODAY = clock.today()
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
TREASURER = Actor(user_id=None, login="karim", role=Role.TREASURER)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)


@pytest.fixture
def demo(demo_database: DemoDatabase) -> Database:
    """The dashboard tests' demo (shared): its last assembly was 18 days ago."""
    return demo_database(members=60, seed=3, today=TODAY)


def test_every_source_in_one_list_sorted_by_date(demo: Database) -> None:
    with demo.session() as session:
        items = things_due(session, CLI_ACTOR, TODAY)
        [reminder] = declaration_reminders(session, CLI_ACTOR, TODAY)
        sgg = list_sgg_declarations(session, CLI_ACTOR, open_only=True)
    assert [i.due_on for i in items] == sorted(i.due_on for i in items)
    kinds = {i.kind for i in items}
    assert {"declaration", "sgg_declaration"} <= kinds
    [declaration] = [i for i in items if i.kind == "declaration"]
    assert declaration.target_id == reminder.declaration_id
    assert declaration.area is DueArea.GOVERNANCE and declaration.subject_is_message
    assert sgg and {i.target_id for i in items if i.kind == "sgg_declaration"} == {
        d.tranche_id for d in sgg
    }
    funding = [i for i in items if i.area is DueArea.FUNDING]
    assert all(i.subject.fr and " — " in i.subject.fr for i in funding), "funder — title"


def test_a_volunteer_sees_nothing_of_funding_governance_or_the_books(demo: Database) -> None:
    with demo.session() as session:
        assert things_due(session, VOLUNTEER, TODAY) == []
        secretary = things_due(session, SECRETARY, TODAY)
    # The secretary reads the books and funding too: the same list as the administrator.
    assert {i.kind for i in secretary} >= {"declaration", "sgg_declaration"}


def test_overdue_once_the_day_has_passed(demo: Database) -> None:
    with demo.session() as session:
        [declaration] = [
            i for i in things_due(session, CLI_ACTOR, TODAY) if i.kind == "declaration"
        ]
        on_the_day = things_due(session, CLI_ACTOR, declaration.due_on)
        after = things_due(session, CLI_ACTOR, declaration.due_on + dt.timedelta(days=1))
    assert not declaration.overdue
    assert not next(i for i in on_the_day if i.key == declaration.key).overdue
    assert next(i for i in after if i.key == declaration.key).overdue
    assert all(
        i.overdue is (i.due_on < declaration.due_on + dt.timedelta(days=1))
        for i in after
        if i.kind in {"declaration", "sgg_declaration", "tranche", "funding_report"}
    )


def test_an_sgg_declaration_filed_leaves_the_list(demo: Database) -> None:
    with demo.transaction() as session:
        first = session.scalars(
            sa.select(ForeignFundingDeclaration).where(
                ForeignFundingDeclaration.declared_on.is_(None)
            )
        ).first()
        assert first is not None
        first.declared_on = TODAY
        tranche_id = first.tranche_id
    with demo.session() as session:
        keys = {i.key for i in things_due(session, CLI_ACTOR, TODAY)}
    assert f"sgg_declaration_{tranche_id}" not in keys


def test_a_campaign_report_is_due_once_the_campaign_has_ended(demo: Database) -> None:
    with demo.session() as session:
        now = {i.kind for i in things_due(session, TREASURER, TODAY)}
        later_day = TODAY + dt.timedelta(days=70)  # the open appeal ends within 60 days
        later = things_due(session, TREASURER, later_day)
        [owed] = campaign_reports_due(session, TREASURER, later_day)
    assert "campaign_report" not in now
    [report] = [i for i in later if i.kind == "campaign_report"]
    assert report.target_id == owed.id and report.due_on == owed.report_due_on
    assert report.area is DueArea.DOCUMENTS and report.subject == owed.purpose


def test_a_new_source_is_one_line(demo: Database) -> None:
    """A source the actor may not read is skipped; one it may is merged in date order."""
    day = TODAY + dt.timedelta(days=1)
    item = DueItem(
        kind="tranche_report",
        area=DueArea.FUNDING,
        due_on=day,
        overdue=False,
        target_id=7,
        wording="{subject} {date}",
        overdue_wording="{subject} {date}",
        subject=Bilingual(fr="x"),
    )
    extra = DueSource(Permission.FUNDING_READ, lambda _s, _a, _t: [item])
    with demo.session() as session:
        merged = things_due(session, SECRETARY, TODAY, (*SOURCES, extra))
        for_volunteer = things_due(session, VOLUNTEER, TODAY, (*SOURCES, extra))
    assert item in merged and for_volunteer == []
    assert [i.due_on for i in merged] == sorted(i.due_on for i in merged)


def test_the_chart_figures_agree_with_the_documents(demo: Database) -> None:
    year = TODAY.year
    with demo.session() as session:
        dues = dues_of_year(session, CLI_ACTOR, year)
        paid = session.scalars(sa.select(DuesPayment.amount).where(DuesPayment.year == year))
        by_month = beneficiaries_by_month(session, CLI_ACTOR, year)
        summary = activity_year(session, CLI_ACTOR, year)
        monthly = income_and_expenses_by_month(session, CLI_ACTOR, TODAY)
        assert monthly is not None
        first = max(monthly.months, key=lambda m: m.expenses)  # a month with entries
        lines = session.execute(
            sa.select(Account.account_class, JournalLine.debit, JournalLine.credit)
            .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
            .join(Account, Account.id == JournalLine.account_id)
            .where(
                JournalEntry.state == EntryState.VALIDATED,
                sa.extract("year", JournalEntry.entry_date) == first.year,
                sa.extract("month", JournalEntry.entry_date) == first.month,
            )
        ).all()
        with pytest.raises(PermissionDenied):
            dues_of_year(session, VOLUNTEER, year)
        with pytest.raises(PermissionDenied):
            income_and_expenses_by_month(session, VOLUNTEER, TODAY)
    assert dues.collected == sum(paid, Decimal(0)) and dues.expected > 0
    assert by_month == summary.by_month and len(by_month) == 12
    assert len(monthly.months) == 12
    assert first.expenses > 0 and sum((m.income for m in monthly.months), Decimal(0)) > 0
    assert first.income == sum((c - d for k, d, c in lines if k == 7), Decimal(0))
    assert first.expenses == sum((d - c for k, d, c in lines if k == 6), Decimal(0))


def test_a_tranche_report_owed_is_in_the_list_until_submitted(demo: Database) -> None:
    """The reports owed for the tranches received (the demo has one the funder set due in a
    few days) join the list, naming the tranche's request and opening it."""
    with demo.session() as session:
        owed = [
            r
            for r in tranche_reports_due(session, CLI_ACTOR, TODAY)
            if r.next_due_on is not None and r.next_due_on <= TODAY + dt.timedelta(days=60)
        ]
        items = [i for i in things_due(session, CLI_ACTOR, TODAY) if i.kind == "tranche_report"]
    assert owed, "the demo owes a report on a tranche"
    assert [(i.target_id, i.opens_id, i.due_on) for i in items] == [
        (r.tranche_id, r.request_id, r.next_due_on) for r in owed
    ]
    first = owed[0]
    with demo.transaction() as session:
        record_report_submitted(session, CLI_ACTOR, first.tranche_id, TODAY, first.owed_parts)
    with demo.session() as session:
        left = [i for i in things_due(session, CLI_ACTOR, TODAY) if i.kind == "tranche_report"]
    assert first.tranche_id not in {i.target_id for i in left}
    assert all(i.subject.fr and "tranche" in i.subject.fr for i in items)
