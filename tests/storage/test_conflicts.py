"""Two people editing the same member: the second save is refused with what the first saved,
never lost; saving over it knowingly works and is logged. On SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.activities.services import create_programme, set_programme_active
from nassij_desktop.core.association.services import (
    AssociationProfile,
    get_association,
    update_association,
)
from nassij_desktop.core.books.accounts import list_accounts, rename_account, set_account_active
from nassij_desktop.core.books.budgets import set_budget, year_budgets
from nassij_desktop.core.books.entries import record_entry, update_draft
from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.services import create_treasury_account, fiscal_year_for
from nassij_desktop.core.books.treasury_openings import set_opening_balance
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry, this_computer
from nassij_desktop.core.common.conflicts import OVERWRITE_ACTION
from nassij_desktop.core.common.errors import Conflict, ConflictError, StaleVersion
from nassij_desktop.core.common.permissions import CLI_ACTOR, Role
from nassij_desktop.core.funding.services import (
    BudgetLineData,
    DocumentData,
    FunderData,
    RequestData,
    create_funder,
    create_funding_request,
    set_request_budget,
    set_request_checklist,
    update_funder,
)
from nassij_desktop.core.governance.models import AuthorityDeclaration, DeclarationKind
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    open_session,
    record_declaration_filed,
    record_minutes,
    update_assembly,
)
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import (
    MemberData,
    create_member,
    get_member,
    list_dues,
    record_dues,
    update_member,
)
from nassij_desktop.core.users.services import create_user, update_user
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import Database, check, open_database
from tests.conftest import Nassij
from tests.core.books.ledger_support import form
from tests.postgres import Snapshot, association_snapshot


@pytest.fixture(scope="module")
def pg_association(postgres_url: str) -> Iterator[Snapshot]:
    """The association written once into a database of its own on the worker's server: the
    migrations run once for the module, not once per test; each test gets it back as it was
    (`Snapshot.restore`)."""

    profile = AssociationProfile(name_ar="جمعية الأمل", name_fr="Al Amal")
    snapshot = association_snapshot(postgres_url, "conflicts", profile)
    yield snapshot
    snapshot.dispose()


@pytest.fixture
def pg(pg_association: Snapshot) -> Iterator[Database]:
    pg_association.restore()
    database = open_database(pg_association.url)
    yield database
    database.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue("database" if request.param == "sqlite" else "pg")


def test_the_second_save_is_refused_with_the_first_ones_values(db: Database) -> None:
    with db.transaction() as session:
        member_id = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Ghita")
        ).id
    # Two editors open the same member (two sessions, as two computers would).
    with db.session() as session:
        mine = get_member(session, CLI_ACTOR, member_id)
    with db.session() as session:
        theirs = get_member(session, CLI_ACTOR, member_id)
    assert mine.version == theirs.version
    with db.transaction() as session:
        update_member(session, CLI_ACTOR, member_id, theirs.version, city="Agadir")
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        update_member(
            session, CLI_ACTOR, member_id, mine.version, city="Tiznit", phone="0611223344"
        )
    error = refused.value
    assert isinstance(error, StaleVersion)  # the older handlers still catch it
    assert error.entity == "member" and error.entity_id == member_id
    assert error.current["city"] == "Agadir"
    assert error.version > mine.version
    assert error.user == CLI_ACTOR.login and error.at is not None
    assert str(error).startswith("Someone else changed this member while you were editing it.")
    assert f"Saved by {CLI_ACTOR.login} on " in plain_text(str(error))
    # …and from which computer (the audit log records it, migration 0021).
    assert error.computer == this_computer()
    assert f"on the computer {this_computer()}" in plain_text(str(error))
    with db.session() as session:
        stored = get_member(session, CLI_ACTOR, member_id)
    assert (stored.city, stored.phone) == ("Agadir", None)  # nothing of the refused save

    # Seen their values, saved over them knowingly: kept, and logged as such.
    with db.transaction() as session:
        saved = update_member(
            session, CLI_ACTOR, member_id, mine.version, overwrite=True, city="Tiznit"
        )
    assert saved.city == "Tiznit" and saved.version > error.version
    with db.session() as session:
        actions = session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "member", AuditEntry.entity_id == member_id)
            .order_by(AuditEntry.id)
        ).all()
        last = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert actions == ["create", "update", OVERWRITE_ACTION]
    assert last is not None and '"Agadir"' in (last.before or "")
    # Saving with the version now stored works as ever.
    with db.transaction() as session:
        update_member(session, CLI_ACTOR, member_id, saved.version, city="Tata")
    assert check(db).ok


def test_the_command_line_refuses_a_save_over_a_newer_one(
    database: Database, nassij: Nassij
) -> None:
    with database.transaction() as session:
        member = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Ghita")
        )
    path = str(database.path)
    database.close()
    first = nassij(
        "--db", path, "members", "update", member.number, "--city", "Agadir",
        "--expect-version", str(member.version),
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    second = nassij(
        "--db", path, "members", "update", member.number, "--city", "Tiznit",
        "--expect-version", str(member.version),
    )  # fmt: skip
    assert second.returncode == 1
    assert "Someone else changed this member while you were editing it." in second.stderr
    forced = nassij(
        "--lang", "fr", "--db", path, "members", "update", member.number, "--city", "Tiznit",
        "--expect-version", str(member.version), "--overwrite",
    )  # fmt: skip
    assert forced.returncode == 0, forced.stderr
    assert f"Membre {member.number}" in forced.stdout or member.number in forced.stdout


def test_a_funder_saved_meanwhile_is_refused_then_overwritten_knowingly(db: Database) -> None:
    with db.transaction() as session:
        funder = create_funder(session, CLI_ACTOR, FunderData(name_fr="Fondation Atlas"))
    with db.transaction() as session:
        update_funder(session, CLI_ACTOR, funder.id, funder.version, phone="0522000000")
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        update_funder(session, CLI_ACTOR, funder.id, funder.version, acronym="FA")
    assert refused.value.entity == "funder" and refused.value.current["phone"] == "+212522000000"
    assert str(refused.value).startswith("Someone else changed this funder")
    with db.transaction() as session:
        saved = update_funder(
            session, CLI_ACTOR, funder.id, funder.version, overwrite=True, acronym="FA"
        )
    assert (saved.acronym, saved.phone) == ("FA", "+212522000000")  # only the field sent
    with db.session() as session:
        action = session.scalars(
            sa.select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)
        ).one()
    assert action == OVERWRITE_ACTION


def test_dues_recorded_meanwhile_on_another_computer_are_not_paid_twice(db: Database) -> None:
    """Two windows open the dues of one member for the same year; the second to record it is
    told, not given a second receipt (seen on PostgreSQL in two real windows: "2027, 2027").
    A second payment of a year the person saw recorded (instalments) stays possible."""
    day = dt.date(2026, 11, 2)
    with db.transaction() as session:
        member_id = create_member(
            session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Ghita")
        ).id
    seen: frozenset[int] = frozenset()  # both windows open: nothing recorded yet
    with db.transaction() as session:
        first = record_dues(
            session, CLI_ACTOR, member_id, 2027, Decimal("100"), day, PaymentMethod.CASH,
            seen_years=seen,
        )  # fmt: skip
    with pytest.raises(Conflict) as refused, db.transaction() as session:
        record_dues(
            session, CLI_ACTOR, member_id, 2027, Decimal("100"), day, PaymentMethod.CASH,
            seen_years=seen,
        )  # fmt: skip
    assert first.receipt_number in str(refused.value) and "2027" in str(refused.value)
    with db.session() as session:
        assert [d.year for d in list_dues(session, CLI_ACTOR, member_id)] == [2027]
    # Seen recorded, paid again on purpose: a second receipt.
    with db.transaction() as session:
        second = record_dues(
            session, CLI_ACTOR, member_id, 2027, Decimal("50"), day, PaymentMethod.CASH,
            seen_years=frozenset({2027}),
        )  # fmt: skip
    assert second.receipt_number != first.receipt_number


def _last_action(db: Database, entity: str) -> str:
    with db.session() as session:
        return session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == entity)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()


def test_a_convocation_saved_meanwhile_is_refused_then_overwritten_knowingly(
    db: Database,
) -> None:
    day = clock.today() + dt.timedelta(days=20)
    data = AssemblyData(
        held_on=day, convened_on=clock.today(), place="Maison des jeunes", agenda=["Moral report"]
    )
    with db.transaction() as session:
        opened = convene_assembly(session, CLI_ACTOR, data)
    # The other person changes only the agenda: the assembly's version counts it too.
    theirs = replace(data, agenda=["Moral report", "Financial report"])
    with db.transaction() as session:
        update_assembly(session, CLI_ACTOR, opened.id, opened.version, theirs)
    mine = replace(data, place="Salle municipale")
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        update_assembly(session, CLI_ACTOR, opened.id, opened.version, mine)
    assert refused.value.entity == "general_assembly"
    assert str(refused.value).startswith("Someone else changed this general assembly")
    with db.session() as session:
        stored = get_assembly(session, CLI_ACTOR, opened.id, attendance=False)
    assert [item.title.text("fr") for item in stored.agenda] == ["Moral report", "Financial report"]
    with db.transaction() as session:
        saved = update_assembly(session, CLI_ACTOR, opened.id, opened.version, mine, overwrite=True)
    assert saved.place.text("fr") == "Salle municipale"
    assert _last_action(db, "general_assembly") == OVERWRITE_ACTION


def test_minutes_saved_meanwhile_are_refused_then_overwritten_knowingly(db: Database) -> None:
    today = clock.today()
    data = AssemblyData(held_on=today, convened_on=today, place="Siège", agenda=["Moral report"])
    with db.transaction() as session:
        assembly_id = convene_assembly(session, CLI_ACTOR, data).id
        open_session(session, CLI_ACTOR, assembly_id)
    with db.session() as session:
        opened = get_assembly(session, CLI_ACTOR, assembly_id, attendance=False)
    item = opened.agenda[0].id
    # The other person types only the discussion (in the agenda's rows): it bumps the version.
    with db.transaction() as session:
        record_minutes(
            session, CLI_ACTOR, assembly_id, discussions={item: "Adopté à l'unanimité"},
            expected_version=opened.summary.version,
        )  # fmt: skip
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        record_minutes(
            session, CLI_ACTOR, assembly_id, notes="Quorum atteint",
            expected_version=opened.summary.version,
        )  # fmt: skip
    assert str(refused.value).startswith("Someone else changed this general assembly")
    with db.session() as session:
        stored = get_assembly(session, CLI_ACTOR, assembly_id, attendance=False)
    assert stored.agenda[0].discussion.text("fr") == "Adopté à l'unanimité"
    assert stored.notes.text("fr") == ""  # the refused save wrote nothing
    with db.transaction() as session:
        record_minutes(
            session, CLI_ACTOR, assembly_id, notes="Quorum atteint",
            expected_version=opened.summary.version, overwrite=True,
        )  # fmt: skip
    assert _last_action(db, "general_assembly") == OVERWRITE_ACTION


def test_a_profile_saved_meanwhile_is_refused_then_overwritten_knowingly(db: Database) -> None:
    with db.session() as session:
        version = get_association(session).version
    with db.transaction() as session:
        update_association(session, CLI_ACTOR, version, city="Agadir")
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        update_association(session, CLI_ACTOR, version, acronym="AMAL")
    assert refused.value.entity == "association" and refused.value.current["city"] == "Agadir"
    assert str(refused.value).startswith("Someone else changed the association's profile")
    with db.transaction() as session:
        update_association(session, CLI_ACTOR, version, overwrite=True, acronym="AMAL")
    with db.session() as session:
        stored = get_association(session)
        assert (stored.city, stored.acronym) == ("Agadir", "AMAL")  # only the field sent
    assert _last_action(db, "association") == OVERWRITE_ACTION


def test_an_account_saved_meanwhile_is_refused_then_overwritten_knowingly(db: Database) -> None:
    with db.transaction() as session:
        create_user(session, CLI_ACTOR, "owner", "Owner", "a-long-password-1", Role.ADMIN)
        user = create_user(session, CLI_ACTOR, "hassan", "Hassan", "a-long-password-1", Role.VIEWER)
    with db.transaction() as session:
        update_user(session, CLI_ACTOR, user.id, user.version, full_name="Hassan Idrissi")
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        update_user(session, CLI_ACTOR, user.id, user.version, role=Role.SECRETARY)
    assert (
        refused.value.entity == "user_account"
        and refused.value.current["full_name"] == "Hassan Idrissi"
    )
    assert str(refused.value).startswith("Someone else changed this user account")
    assert refused.value.user == CLI_ACTOR.login  # found in the log, where accounts are "user"
    with db.transaction() as session:
        saved = update_user(
            session, CLI_ACTOR, user.id, user.version, role=Role.SECRETARY, overwrite=True
        )
    assert (saved.full_name, saved.role) == ("Hassan Idrissi", Role.SECRETARY)
    assert _last_action(db, "user") == OVERWRITE_ACTION


def test_a_filing_saved_meanwhile_is_refused_then_overwritten_knowingly(db: Database) -> None:
    today = clock.today()
    with db.transaction() as session:
        row = AuthorityDeclaration(kind=DeclarationKind.OTHER, due_on=today)
        session.add(row)
        session.flush()
        declaration_id, version = row.id, row.version
    with db.transaction() as session:
        record_declaration_filed(
            session, CLI_ACTOR, declaration_id, version, filed_on=today, authority="Caïdat Erfoud"
        )
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        record_declaration_filed(
            session, CLI_ACTOR, declaration_id, version, filed_on=today, authority="Pachalik"
        )
    assert refused.value.current["authority"] == "Caïdat Erfoud"
    assert str(refused.value).startswith("Someone else changed this declaration")
    with db.transaction() as session:
        saved = record_declaration_filed(
            session, CLI_ACTOR, declaration_id, version, filed_on=today, authority="Pachalik",
            overwrite=True,
        )  # fmt: skip
    assert saved.authority == "Pachalik"
    assert _last_action(db, "authority_declaration") == OVERWRITE_ACTION


def test_an_account_renamed_meanwhile_is_refused_then_overwritten_knowingly(db: Database) -> None:
    with db.session() as session:
        [opened] = [
            a for a in list_accounts(session, CLI_ACTOR, account_class=6) if a.number == "6125"
        ]
    with db.transaction() as session:
        rename_account(
            session, CLI_ACTOR, "6125", opened.label_ar, "Achats non stockés",
            expected_version=opened.version,
        )  # fmt: skip
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        rename_account(
            session, CLI_ACTOR, "6125", "مشتريات", opened.label_fr,
            expected_version=opened.version,
        )  # fmt: skip
    assert refused.value.current["label_fr"] == "Achats non stockés"
    assert str(refused.value).startswith("Someone else changed this account")
    with db.transaction() as session:
        saved = rename_account(
            session, CLI_ACTOR, "6125", "مشتريات", opened.label_fr,
            expected_version=opened.version, overwrite=True,
        )  # fmt: skip
    assert (saved.label_ar, saved.label_fr) == ("مشتريات", opened.label_fr)
    assert _last_action(db, "account") == OVERWRITE_ACTION


def test_a_draft_changed_meanwhile_is_refused_then_overwritten_knowingly(db: Database) -> None:
    with db.transaction() as session:
        opened = record_entry(session, CLI_ACTOR, form("100.00"), draft=True)
    # The other changes only an amount: the lines are rows of their own, the version counts it.
    with db.transaction() as session:
        update_draft(session, CLI_ACTOR, opened.id, form("150.00"), expected_version=opened.version)
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        update_draft(
            session, CLI_ACTOR, opened.id, form("100.00", label="Atelier"),
            expected_version=opened.version,
        )  # fmt: skip
    assert refused.value.entity == "journal_entry"
    assert str(refused.value).startswith("Someone else changed this draft entry")
    with db.transaction() as session:
        saved = update_draft(
            session, CLI_ACTOR, opened.id, form("100.00", label="Atelier"),
            expected_version=opened.version, overwrite=True,
        )  # fmt: skip
    assert (saved.label, saved.total) == ("Atelier", Decimal("100.00"))
    assert _last_action(db, "journal_entry") == OVERWRITE_ACTION


def test_a_programme_retired_meanwhile_is_refused_then_overwritten_knowingly(
    db: Database,
) -> None:
    with db.transaction() as session:
        opened = create_programme(session, CLI_ACTOR, "ALPHA", "محو الأمية", "Alphabétisation")
    with db.transaction() as session:
        set_programme_active(session, CLI_ACTOR, opened.id, False, expected_version=opened.version)
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        set_programme_active(session, CLI_ACTOR, opened.id, False, expected_version=opened.version)
    assert str(refused.value).startswith("Someone else changed this programme")
    assert refused.value.current["active"] is False
    with db.transaction() as session:
        saved = set_programme_active(
            session, CLI_ACTOR, opened.id, True, expected_version=opened.version, overwrite=True
        )
    assert saved.active
    assert _last_action(db, "programme") == OVERWRITE_ACTION


def test_an_account_deactivated_meanwhile_is_refused_then_overwritten_knowingly(
    db: Database,
) -> None:
    with db.session() as session:
        [opened] = [
            a for a in list_accounts(session, CLI_ACTOR, account_class=6) if a.number == "6125"
        ]
    with db.transaction() as session:
        rename_account(
            session, CLI_ACTOR, "6125", opened.label_ar, "Achats divers",
            expected_version=opened.version,
        )  # fmt: skip
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        set_account_active(session, CLI_ACTOR, "6125", False, expected_version=opened.version)
    assert refused.value.current["label_fr"] == "Achats divers"
    with db.transaction() as session:
        saved = set_account_active(
            session, CLI_ACTOR, "6125", False, expected_version=opened.version, overwrite=True
        )
    assert not saved.active and saved.label_fr == "Achats divers"
    assert _last_action(db, "account") == OVERWRITE_ACTION


def test_a_books_budget_changed_meanwhile_is_refused_then_overwritten_knowingly(
    db: Database,
) -> None:
    year = clock.today().year
    with db.transaction() as session:
        fiscal_year_for(session, clock.today())  # the year's books, as a first entry opens them
        opened = set_budget(session, CLI_ACTOR, year, {"6125": "1000"})
    # The other person changes only an amount (a row of its own): the budget's version counts it.
    with db.transaction() as session:
        theirs = set_budget(
            session, CLI_ACTOR, year, {"6125": "800"}, expected_version=opened.version
        )
    assert theirs.version > opened.version
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        set_budget(session, CLI_ACTOR, year, {"6125": "1200"}, expected_version=opened.version)
    assert str(refused.value).startswith("Someone else changed this budget")
    with db.transaction() as session:
        set_budget(
            session, CLI_ACTOR, year, {"6125": "1200"}, expected_version=opened.version,
            overwrite=True,
        )  # fmt: skip
    with db.session() as session:
        [stored] = year_budgets(session, CLI_ACTOR, year)
    assert [(line.account, line.amount) for line in stored.lines] == [("6125", Decimal("1200"))]
    assert _last_action(db, "budget") == OVERWRITE_ACTION


def _request(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        funder = create_funder(session, CLI_ACTOR, FunderData(name_fr="INDH"))
        request = create_funding_request(
            session,
            CLI_ACTOR,
            RequestData(funder_id=funder.id, title="Alphabétisation", amount_requested=Decimal(1)),
        )
    return request.id, request.version


def test_a_request_budget_changed_meanwhile_is_refused_then_overwritten_knowingly(
    db: Database,
) -> None:
    request_id, version = _request(db)
    line = BudgetLineData(label="Manuels", unit_cost=Decimal("25"), quantity=40)
    with db.transaction() as session:  # only the lines change: the request's version counts it
        theirs = set_request_budget(
            session, CLI_ACTOR, request_id, [line], expected_version=version
        )
    assert theirs.version > version
    mine = [BudgetLineData(label="Formatrice", unit_cost=Decimal("3000"))]
    with pytest.raises(ConflictError) as refused, db.transaction() as session:
        set_request_budget(session, CLI_ACTOR, request_id, mine, expected_version=version)
    assert str(refused.value).startswith("Someone else changed this funding request")
    with db.transaction() as session:
        saved = set_request_budget(
            session, CLI_ACTOR, request_id, mine, expected_version=version, overwrite=True
        )
    assert saved.amount_requested == Decimal("3000")
    assert _last_action(db, "funding_request") == OVERWRITE_ACTION


def test_a_request_checklist_changed_meanwhile_is_refused_then_overwritten_knowingly(
    db: Database,
) -> None:
    request_id, version = _request(db)
    with db.transaction() as session:
        theirs = set_request_checklist(
            session, CLI_ACTOR, request_id, [DocumentData("Statuts")], expected_version=version
        )
    assert theirs.version > version
    mine = [DocumentData("Récépissé")]
    with pytest.raises(ConflictError), db.transaction() as session:
        set_request_checklist(session, CLI_ACTOR, request_id, mine, expected_version=version)
    with db.transaction() as session:
        set_request_checklist(
            session, CLI_ACTOR, request_id, mine, expected_version=version, overwrite=True
        )
    assert _last_action(db, "funding_request") == OVERWRITE_ACTION


def test_a_second_opening_balance_given_meanwhile_is_refused(db: Database) -> None:
    day = dt.date(clock.today().year, 1, 1)
    with db.transaction() as session:
        bank = create_treasury_account(
            session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141"
        ).id
    with db.transaction() as session:  # the first computer gives it
        set_opening_balance(session, CLI_ACTOR, bank, "1000", day)
    with pytest.raises(Conflict) as refused, db.transaction() as session:
        set_opening_balance(session, CLI_ACTOR, bank, "1200", day)  # the other, meanwhile
    assert "already has entries" in str(refused.value)
