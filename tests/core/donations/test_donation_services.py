"""Donations: numbered receipts, balanced entries, cancellation by reversal, permissions."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.donations.models import Donation, DonorKind
from nassij_desktop.core.donations.services import (
    DonationData,
    cancel_donation,
    get_donation,
    list_donations,
    record_donation,
)
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database, check
from tests.core.conftest import DemoDatabase

DAY = dt.date(2025, 3, 14)
TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)
SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


def _gift(**changes: object) -> DonationData:
    values: dict[str, object] = {
        "donor_name": "Société Atlas Argan SARL",
        "amount": Decimal("12500.50"),
        "received_on": DAY,
        "donor_kind": DonorKind.COMPANY,
        "donor_identity": "001 525 478 000 063",
        "method": PaymentMethod.CHEQUE,
        "payment_reference": "CHQ 4471023",
        "purpose": "Projet d'alphabétisation des femmes",
    }
    values.update(changes)
    return DonationData(**values)  # type: ignore[arg-type]


def _lines(session: sa.orm.Session, entry_id: int | None) -> list[tuple[str, Decimal, Decimal]]:
    entry = session.get(JournalEntry, entry_id)
    assert entry is not None
    return [(ln.account.number, ln.debit, ln.credit) for ln in entry.lines]


def test_a_cheque_donation_gets_a_receipt_and_a_bank_entry(database: Database) -> None:
    with database.transaction() as session:
        record = record_donation(session, TREASURER, _gift())
    assert record.receipt_number == "2025-00001"
    assert record.donor_identity == "001525478000063"
    with database.session() as session:
        entry = session.get(JournalEntry, record.journal_entry_id)
        assert entry is not None
        assert entry.journal.code == "BQ" and entry.entry_date == DAY
        assert entry.reference == "2025-00001"
        assert _lines(session, entry.id) == [
            ("5141", Decimal("12500.50"), Decimal("0.00")),
            ("71871", Decimal("0.00"), Decimal("12500.50")),
        ]
    assert check(database).ok


def test_cash_goes_to_the_cash_box_and_numbers_follow_each_year(database: Database) -> None:
    with database.transaction() as session:
        first = record_donation(
            session,
            TREASURER,
            _gift(donor_kind=DonorKind.PERSON, donor_identity="jb 123456", method="cash"),
        )
        second = record_donation(session, TREASURER, _gift(received_on=DAY + dt.timedelta(1)))
        next_year = record_donation(session, TREASURER, _gift(received_on=dt.date(2026, 1, 2)))
        assert _lines(session, first.journal_entry_id)[0][0] == "5161"
    assert first.donor_identity == "JB123456"
    assert [first.receipt_number, second.receipt_number, next_year.receipt_number] == [
        "2025-00001",
        "2025-00002",
        "2026-00001",
    ]


def test_a_refused_donation_leaves_no_gap_in_the_numbers(database: Database) -> None:
    def first_valid_then_invalid() -> None:
        with database.transaction() as session:
            record_donation(session, TREASURER, _gift())
            record_donation(session, TREASURER, _gift(donor_identity="12345"))  # not an ICE

    with pytest.raises(ValidationError):
        first_valid_then_invalid()
    with database.transaction() as session:
        assert record_donation(session, TREASURER, _gift()).receipt_number == "2025-00001"


def test_a_gift_in_kind_is_posted_at_its_value_to_the_account_given(database: Database) -> None:
    with database.transaction() as session:
        record = record_donation(
            session,
            TREASURER,
            _gift(
                amount=Decimal("8400"),
                method=None,
                in_kind=True,
                in_kind_description="3 ordinateurs portables",
                in_kind_account="2355",
            ),
        )
        entry = session.get(JournalEntry, record.journal_entry_id)
        assert entry is not None and entry.journal.code == "OD"
        assert _lines(session, entry.id) == [
            ("2355", Decimal("8400.00"), Decimal("0.00")),
            ("71871", Decimal("0.00"), Decimal("8400.00")),
        ]
    assert record.in_kind and record.method is None
    assert record.in_kind_description == "3 ordinateurs portables"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
        ({"donor_name": "   "}, "donor_name"),
        ({"received_on": clock.today() + dt.timedelta(days=1)}, "received_on"),
        ({"method": None}, "method"),
        ({"in_kind": True, "method": None, "in_kind_account": "2355"}, "in_kind_description"),
        (
            {"in_kind": True, "in_kind_description": "Riz", "in_kind_account": "7187"},
            "in_kind_account",
        ),
        ({"in_kind": True, "in_kind_description": "Riz"}, "in_kind_account"),
        ({"donor_identity": "ABC"}, "donor_identity"),
    ],
)
def test_invalid_donations_are_refused_naming_the_field(
    database: Database, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as error, database.transaction() as session:
        record_donation(session, TREASURER, _gift(**changes))
    assert error.value.field == field
    with database.session() as session:
        assert session.scalar(sa.select(sa.func.count(Donation.id))) == 0
        assert session.scalar(sa.select(sa.func.count(JournalEntry.id))) == 0


def test_a_member_can_give(database: Database) -> None:
    with database.transaction() as session:
        member = create_member(
            session, CLI_ACTOR, MemberData(first_name_ar="سعاد", last_name_ar="الناصري")
        )
        record = record_donation(
            session,
            TREASURER,
            _gift(donor_kind=DonorKind.PERSON, donor_identity=None, member_id=member.id),
        )
    assert record.member_id == member.id
    with pytest.raises(NotFound), database.transaction() as session:
        record_donation(session, TREASURER, _gift(member_id=9999))


def test_only_the_treasurer_and_admin_record_and_finance_readers_read(database: Database) -> None:
    for actor in (SECRETARY, VOLUNTEER, VIEWER):
        with pytest.raises(PermissionDenied), database.transaction() as session:
            record_donation(session, actor, _gift())
    with database.transaction() as session:
        record = record_donation(session, CLI_ACTOR, _gift())
    with database.session() as session:
        assert get_donation(session, VIEWER, record.id).donor_name == "Société Atlas Argan SARL"
        with pytest.raises(PermissionDenied):
            list_donations(session, VOLUNTEER)
        assert [d.id for d in list_donations(session, SECRETARY)] == [record.id]


def test_cancelling_keeps_the_receipt_and_reverses_the_entry(database: Database) -> None:
    with database.transaction() as session:
        record = record_donation(session, TREASURER, _gift())
    with database.transaction() as session, pytest.raises(ValidationError):
        cancel_donation(session, TREASURER, record.id, "  ")
    with database.transaction() as session:
        cancelled = cancel_donation(
            session, TREASURER, record.id, "Chèque sans provision", dt.date(2025, 4, 2)
        )
        reversal = session.scalar(
            sa.select(JournalEntry).where(JournalEntry.reverses_id == record.journal_entry_id)
        )
        assert reversal is not None and reversal.entry_date == dt.date(2025, 4, 2)
        assert _lines(session, reversal.id) == [
            ("5141", Decimal("0.00"), Decimal("12500.50")),
            ("71871", Decimal("12500.50"), Decimal("0.00")),
        ]
    assert cancelled.cancelled and cancelled.cancel_reason == "Chèque sans provision"
    with database.session() as session:
        assert [d.receipt_number for d in list_donations(session, TREASURER, 2025)] == [
            "2025-00001"
        ]
        assert list_donations(session, TREASURER, 2025, include_cancelled=False) == []
        assert list_donations(session, TREASURER, 2024) == []
    with pytest.raises(Conflict), database.transaction() as session:
        cancel_donation(session, TREASURER, record.id, "encore")
    assert check(database).ok


def test_recording_and_cancelling_are_audited(database: Database) -> None:
    with database.transaction() as session:
        record = record_donation(session, TREASURER, _gift())
        cancel_donation(session, TREASURER, record.id, "Erreur de saisie", DAY)
    with database.session() as session:
        rows = session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.entity == "donation", AuditEntry.entity_id == record.id)
            .order_by(AuditEntry.id)
        ).all()
    assert [(r.action, r.login) for r in rows] == [
        ("create", "treasurer"),
        ("cancel", "treasurer"),
    ]
    assert json.loads(rows[0].after or "{}")["amount"] == "12500.50"
    assert json.loads(rows[1].after or "{}")["cancel_reason"] == "Erreur de saisie"


def test_the_demo_records_donations_with_receipts_and_entries(
    demo_database: DemoDatabase,
) -> None:
    # The demo tests/demo reads (built once per run, in French), not one of its own: the
    # donations' rules hold in any demo.
    set_language("fr")
    database = demo_database(members=60, seed=5, today=dt.date(2026, 11, 24))
    assert check(database).ok
    with database.session() as session:
        donations = list_donations(session, CLI_ACTOR)
        assert len(donations) >= 8
        assert {d.donor_kind for d in donations} == set(DonorKind)
        assert any(d.in_kind for d in donations)
        assert any(d.member_id for d in donations)
        for year in {d.received_on.year for d in donations}:
            numbers = sorted(
                int(d.receipt_number[5:]) for d in donations if d.received_on.year == year
            )
            assert numbers == list(range(1, len(numbers) + 1))
            by_date = sorted(
                (d for d in donations if d.received_on.year == year),
                key=lambda d: (d.received_on, d.receipt_number),
            )
            assert [d.receipt_number for d in by_date] == sorted(d.receipt_number for d in by_date)
        for donation in donations:
            entry = session.get(JournalEntry, donation.journal_entry_id)
            assert entry is not None and entry.reference == donation.receipt_number
            assert entry.entry_date == donation.received_on
            assert sum(ln.credit for ln in entry.lines if ln.account.number == "71871") == (
                donation.amount
            )
        cancelled = [d for d in donations if d.cancelled]
        assert len(cancelled) == 1 and cancelled[0].cancel_reason
        reversal = session.scalar(
            sa.select(JournalEntry).where(JournalEntry.reverses_id == cancelled[0].journal_entry_id)
        )
        assert reversal is not None
