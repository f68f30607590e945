"""Member register scenarios on a real association file."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import (
    Conflict,
    PermissionDenied,
    StaleVersion,
    ValidationError,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.models import MemberStatus, PaymentMethod
from nassij_desktop.core.members.records import MASK
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    create_member,
    get_member,
    list_dues,
    record_dues,
    update_member,
)
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database, check

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
VIEWER = Actor(user_id=None, login="visitor", role=Role.VIEWER)


def khadija() -> MemberData:
    return MemberData(
        last_name_ar="الإدريسي",
        first_name_ar="خديجة",
        last_name_lat="El Idrissi",
        first_name_lat="Khadija",
        id_number="jb 123456",
        phone="06 12 34 56 78",
        email="Khadija@Example.ma",
        birth_date=dt.date(1990, 5, 17),
        join_date=dt.date(2024, 1, 10),
        city="Tiznit",
    )


def test_a_new_member_gets_the_next_number_normalised_fields_and_an_audit_entry(
    database: Database,
) -> None:
    with database.transaction() as session:
        first = create_member(session, SECRETARY, khadija())
        second = create_member(
            session, SECRETARY, MemberData(last_name_lat="Tazi", first_name_lat="Omar")
        )
    assert (first.number, second.number) == ("000001", "000002")
    assert first.id_number == "JB123456"
    assert first.phone == "+212612345678"
    assert first.status is MemberStatus.ACTIVE
    with database.session() as session:
        entry = session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.entity == "member", AuditEntry.entity_id == first.id
            )
        ).one()
        assert entry.action == "create" and entry.login == "amina"
        assert json.loads(entry.after)["last_name_ar"] == "الإدريسي"


def test_a_member_needs_a_name_and_the_error_names_the_field(database: Database) -> None:
    with pytest.raises(ValidationError) as error, database.transaction() as session:
        create_member(session, SECRETARY, MemberData(first_name_lat="Omar"))
    assert error.value.field == "last_name_ar"
    with database.session() as session:
        assert session.scalar(sa.text("SELECT count(*) FROM member")) == 0


def test_validation_messages_are_translated(database: Database) -> None:
    set_language("fr")
    with pytest.raises(ValidationError) as error, database.transaction() as session:
        create_member(
            session, SECRETARY, MemberData(last_name_lat="Tazi", first_name_lat="O", phone="12")
        )
    assert error.value.field == "phone"
    assert "téléphone" in str(error.value).lower()


def test_the_same_identity_number_cannot_be_given_to_two_members(database: Database) -> None:
    with database.transaction() as session:
        create_member(session, SECRETARY, khadija())
    with pytest.raises(Conflict, match="JB123456"), database.transaction() as session:
        create_member(
            session,
            SECRETARY,
            MemberData(last_name_lat="Tazi", first_name_lat="Omar", id_number="JB123456"),
        )


def test_a_stale_edit_is_refused_instead_of_overwriting(database: Database) -> None:
    with database.transaction() as session:
        opened = create_member(session, SECRETARY, khadija())
    with database.transaction() as session:
        update_member(session, SECRETARY, opened.id, opened.version, city="Agadir")
    with pytest.raises(StaleVersion), database.transaction() as session:
        update_member(session, SECRETARY, opened.id, opened.version, city="Rabat")
    with database.session() as session:
        assert get_member(session, SECRETARY, opened.id).city == "Agadir"


def test_an_edit_is_audited_with_before_and_after(database: Database) -> None:
    with database.transaction() as session:
        member = create_member(session, SECRETARY, khadija())
        update_member(session, SECRETARY, member.id, member.version, city="Agadir")
    with database.session() as session:
        entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "update")).one()
    assert json.loads(entry.before) == {"city": "Tiznit"}
    assert json.loads(entry.after) == {"city": "Agadir"}


def test_a_volunteer_sees_members_but_not_their_identity_numbers(database: Database) -> None:
    with database.transaction() as session:
        member = create_member(session, SECRETARY, khadija())
    with database.session() as session:
        seen = get_member(session, VOLUNTEER, member.id)
    assert seen.first_name_ar == "خديجة"
    assert seen.id_number == MASK
    assert seen.birth_date is None


def test_a_volunteer_cannot_change_the_register_or_read_dues(database: Database) -> None:
    with database.transaction() as session:
        member = create_member(session, SECRETARY, khadija())
    with pytest.raises(PermissionDenied), database.transaction() as session:
        create_member(session, VOLUNTEER, MemberData(last_name_lat="X", first_name_lat="Y"))
    with pytest.raises(PermissionDenied), database.transaction() as session:
        update_member(session, VOLUNTEER, member.id, None, city="Rabat")
    with pytest.raises(PermissionDenied), database.session() as session:
        list_dues(session, VOLUNTEER, member.id)


def test_status_changes_keep_their_history_and_exclusion_needs_a_reason(
    database: Database,
) -> None:
    with database.transaction() as session:
        member = create_member(session, SECRETARY, khadija())
    with pytest.raises(ValidationError) as error, database.transaction() as session:
        change_member_status(
            session, SECRETARY, member.id, MemberStatus.EXCLUDED, dt.date(2025, 3, 1)
        )
    assert error.value.field == "reason"
    with database.transaction() as session:
        change_member_status(
            session, SECRETARY, member.id, MemberStatus.SUSPENDED, dt.date(2025, 3, 1), "Unpaid"
        )
        record = change_member_status(
            session, SECRETARY, member.id, MemberStatus.RESIGNED, dt.date(2025, 6, 1), "Moved"
        )
    assert record.status is MemberStatus.RESIGNED
    assert record.status_since == dt.date(2025, 6, 1)
    with database.session() as session:
        history = session.execute(
            sa.text(
                "SELECT from_status, to_status, effective_on FROM member_status_change "
                "WHERE member_id = :id ORDER BY id"
            ),
            {"id": member.id},
        ).all()
    assert [(h[0], h[1]) for h in history] == [
        (None, "active"),
        ("active", "suspended"),
        ("suspended", "resigned"),
    ]


def test_dues_get_a_numbered_receipt_and_a_balanced_ledger_entry(database: Database) -> None:
    with database.transaction() as session:
        member = create_member(session, SECRETARY, khadija())
        first = record_dues(
            session,
            SECRETARY,
            member.id,
            2025,
            Decimal("100.00"),
            dt.date(2025, 2, 3),
            PaymentMethod.CASH,
        )
        second = record_dues(
            session,
            SECRETARY,
            member.id,
            2026,
            Decimal("150.50"),
            dt.date(2026, 1, 5),
            PaymentMethod.TRANSFER,
        )
    assert (first.receipt_number, second.receipt_number) == ("2025-00001", "2026-00001")
    with database.session() as session:
        entry = session.get(JournalEntry, second.journal_entry_id)
        assert entry is not None and entry.journal.code == "BQ"
        assert [(ln.account.number, ln.debit, ln.credit) for ln in entry.lines] == [
            ("5141", Decimal("150.50"), Decimal("0.00")),
            ("71862", Decimal("0.00"), Decimal("150.50")),
        ]
        assert [d.amount for d in list_dues(session, VIEWER, member.id)] == [
            Decimal("100.00"),
            Decimal("150.50"),
        ]
        # Stored as integer centimes.
        assert (
            session.scalar(
                sa.text("SELECT amount FROM dues_payment WHERE id = :i"), {"i": second.id}
            )
            == 15050
        )
    assert check(database).ok


def test_dues_for_a_deceased_member_or_with_no_amount_are_refused(database: Database) -> None:
    with database.transaction() as session:
        member = create_member(session, CLI_ACTOR, khadija())
    with pytest.raises(ValidationError), database.transaction() as session:
        record_dues(
            session,
            SECRETARY,
            member.id,
            2025,
            Decimal("0"),
            dt.date(2025, 1, 1),
            PaymentMethod.CASH,
        )
    with database.transaction() as session:
        change_member_status(
            session, SECRETARY, member.id, MemberStatus.DECEASED, dt.date(2025, 2, 1)
        )
    with pytest.raises(Conflict), database.transaction() as session:
        record_dues(
            session,
            SECRETARY,
            member.id,
            2025,
            Decimal("100"),
            dt.date(2025, 3, 1),
            PaymentMethod.CASH,
        )
    with database.session() as session:
        assert session.scalar(sa.text("SELECT count(*) FROM journal_entry")) == 0
