"""The demo writes through the services: every record it makes has its audit entry, the
audit chain is whole, donations are numbered without gaps; and the profession list it draws
from is core's, shared with the reports."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from nassij_desktop.core.activities.models import Activity
from nassij_desktop.core.books.models import Budget, JournalEntry, TreasuryAccount
from nassij_desktop.core.common.audit import AuditEntry, verify_audit_chain
from nassij_desktop.core.donations.models import Donation
from nassij_desktop.core.funding.models import (
    Funder,
    FundingRequest,
    Project,
    RequestStatusChange,
    Tranche,
)
from nassij_desktop.core.governance.models import (
    AssemblyAttendance,
    AuthorityDeclaration,
    BoardTerm,
    GeneralAssembly,
    Resolution,
)
from nassij_desktop.core.members.models import DuesPayment, Gender, Member, MemberStatusChange
from nassij_desktop.core.members.professions import profession_label, profession_name, professions
from nassij_desktop.core.users.models import User
from nassij_desktop.storage import Database, check, open_database
from tests.shared_files import copy_of, shared_demo

# The demo tests/demo/test_demo_books.py reads too (same members, seed, day and language):
# built once per run for both modules (this module had built two demos of its own). What is
# checked here holds for any demo.
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def database(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Database]:
    template = shared_demo(tmp_path_factory, members=60, seed=5, today=TODAY, language="fr")
    database = open_database(copy_of(template, tmp_path))
    yield database
    database.close()


def test_donations_are_audited_numbered_and_the_chain_is_whole(database: Database) -> None:
    assert check(database).ok
    with database.session() as session:
        assert verify_audit_chain(session) is None
        donations = list(session.scalars(sa.select(Donation)))
        assert donations and any(d.cancelled for d in donations)
        audited = {
            (entry.action, entry.entity_id)
            for entry in session.scalars(
                sa.select(AuditEntry).where(AuditEntry.entity == "donation")
            )
        }
        for donation in donations:
            assert ("create", donation.id) in audited
            assert donation.cancelled == (("cancel", donation.id) in audited)
        by_year: dict[str, list[int]] = {}
        for donation in donations:
            year, number = donation.receipt_number.split("-")
            by_year.setdefault(year, []).append(int(number))
        for numbers in by_year.values():
            assert sorted(numbers) == list(range(1, len(numbers) + 1))
        received = sorted(donations, key=lambda d: d.receipt_number)
        assert [d.received_on for d in received] == sorted(d.received_on for d in received)


def test_the_reports_read_professions_from_core() -> None:
    teacher = next(p for p in professions().values() if "(e)" in p.fr)
    feminine = profession_label(teacher, Gender.FEMALE, "fr")
    assert feminine != profession_label(teacher, Gender.MALE, "fr")
    assert profession_name(feminine, "ar") == profession_label(teacher, Gender.FEMALE, "ar")


def test_every_record_of_the_demo_has_its_audit_entry(database: Database) -> None:
    """Members, their departures, dues, entries, assemblies, attendance, resolutions, board
    terms, declarations, funders, projects, requests, tranches and activities were all
    written by the services: each has the audit entry its service leaves."""

    with database.session() as session:
        assert verify_audit_chain(session) is None
        audited: dict[tuple[str, str], Counter[int | None]] = {}
        for entity, action, entity_id in session.execute(
            sa.select(AuditEntry.entity, AuditEntry.action, AuditEntry.entity_id)
        ):
            audited.setdefault((entity, action), Counter())[entity_id] += 1

        def ids(model: type) -> set[int]:
            return set(session.scalars(sa.select(model.id)))  # type: ignore[attr-defined]

        for model, entity in (
            (Member, "member"),
            (DuesPayment, "dues_payment"),
            (JournalEntry, "journal_entry"),
            (GeneralAssembly, "general_assembly"),
            (AssemblyAttendance, "assembly_attendance"),
            (Resolution, "resolution"),
            (BoardTerm, "board_term"),
            (AuthorityDeclaration, "authority_declaration"),
            (Funder, "funder"),
            (Project, "project"),
            (FundingRequest, "funding_request"),
            (Tranche, "funding_tranche"),
            (Activity, "activity"),
            (Donation, "donation"),
            (TreasuryAccount, "treasury_account"),
            (Budget, "budget"),
        ):
            created = audited.get((entity, "create"), Counter())
            assert ids(model) and set(created) == ids(model), entity
            assert set(created.values()) == {1}, entity
        # Every assembly was held and closed; every status change of a member or of a
        # request left its entry; every tranche received was received by the service.
        assert set(audited[("general_assembly", "close")]) == ids(GeneralAssembly)
        changes = Counter(
            session.scalars(
                sa.select(MemberStatusChange.member_id).where(
                    MemberStatusChange.from_status.is_not(None)
                )
            )
        )
        assert changes and audited[("member", "status")] == changes
        steps = Counter(
            session.scalars(
                sa.select(RequestStatusChange.request_id).where(
                    RequestStatusChange.from_status.is_not(None)
                )
            )
        )
        assert audited[("funding_request", "status")] == steps
        received = set(
            session.scalars(sa.select(Tranche.id).where(Tranche.received_on.is_not(None)))
        )
        assert received and set(audited[("funding_tranche", "receive")]) == received
        # Activities were logged by the demo's two accounts, under their own names.
        logins = dict(session.execute(sa.select(User.id, User.login)).all())
        loggers = session.execute(
            sa.select(Activity.logged_by_id, AuditEntry.login).join(
                AuditEntry,
                sa.and_(AuditEntry.entity == "activity", AuditEntry.entity_id == Activity.id),
            )
        ).all()
        assert {logins[user_id] for user_id, _login in loggers} == {"admin", "benevole"}
        assert all(logins[user_id] == login for user_id, login in loggers)
    assert check(database).ok
