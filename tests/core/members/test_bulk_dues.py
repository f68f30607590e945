"""Bulk dues: a year's dues for a category, a selection or all, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import JournalEntry, JournalLine
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.members.bulk_dues import record_dues_bulk
from nassij_desktop.core.members.models import DuesPayment, MemberStatus, PaymentMethod
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    create_member,
    record_dues,
    register_members,
)
from nassij_desktop.storage import Database

DAY = dt.date(2026, 11, 2)
SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


def _add(session: Session, name: str, category: str = "active", joined: int = 2020) -> int:
    data = MemberData(
        last_name_lat=name,
        first_name_lat="Karim",
        category_code=category,
        join_date=dt.date(joined, 1, 10),
    )
    return create_member(session, CLI_ACTOR, data).id


@pytest.fixture
def register(database: Database) -> dict[str, int]:
    with database.transaction() as session:
        ids = {
            "A": _add(session, "Alaoui"),
            "B": _add(session, "Bennani"),
            "C": _add(session, "Chraibi", "youth"),
            "H": _add(session, "Hilali", "honorary"),
            "P": _add(session, "Paid"),
            "D": _add(session, "Dead"),
        }
        change_member_status(
            session, CLI_ACTOR, ids["D"], MemberStatus.DECEASED, dt.date(2025, 3, 1), "Test"
        )
        record_dues(session, CLI_ACTOR, ids["P"], 2026, Decimal("100"), DAY, PaymentMethod.CASH)
    return ids


def _state(session: Session) -> tuple[int, int, int, int]:
    """What a refused run must leave as it was: payments, entries, lines, audit entries."""
    return (
        session.scalar(sa.select(sa.func.count()).select_from(DuesPayment)) or 0,
        session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) or 0,
        session.scalar(sa.select(sa.func.count()).select_from(JournalLine)) or 0,
        session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0,
    )


def _balanced(session: Session) -> None:
    debit, credit = session.execute(
        sa.select(
            sa.func.sum(sa.type_coerce(JournalLine.debit, sa.Integer)),
            sa.func.sum(sa.type_coerce(JournalLine.credit, sa.Integer)),
        )
    ).one()
    assert debit == credit
    unbalanced = session.scalars(
        sa.select(JournalLine.entry_id)
        .group_by(JournalLine.entry_id)
        .having(
            sa.func.sum(sa.type_coerce(JournalLine.debit, sa.Integer))
            != sa.func.sum(sa.type_coerce(JournalLine.credit, sa.Integer))
        )
    ).all()
    assert unbalanced == []


def test_a_category_pays_its_rate_with_gap_free_receipts(
    database: Database, register: dict[str, int]
) -> None:
    with database.transaction() as session:
        result = record_dues_bulk(
            session, SECRETARY, 2026, paid_on=DAY, method=PaymentMethod.CASH, category="active"
        )
    # A and B (active, unpaid); P paid already; D died in 2025; C and H are other categories.
    assert [d.member_id for d in result.recorded] == [register["A"], register["B"]]
    assert result.already_paid == 1
    assert [d.amount for d in result.recorded] == [Decimal("100.00")] * 2
    assert result.total == Decimal("200.00")
    # P's single payment took 2026-00001: the run goes on from it, in member order.
    assert [d.receipt_number for d in result.recorded] == ["2026-00002", "2026-00003"]
    with database.session() as session:
        _balanced(session)
        for dues in result.recorded:
            entry = session.get(JournalEntry, dues.journal_entry_id)
            assert entry is not None and entry.reference == dues.receipt_number
            assert {(line.account.number, line.debit, line.credit) for line in entry.lines} == {
                ("5161", Decimal("100.00"), Decimal("0.00")),
                ("71862", Decimal("0.00"), Decimal("100.00")),
            }


def test_all_members_each_at_their_rate_honorary_left_out(
    database: Database, register: dict[str, int]
) -> None:
    with database.transaction() as session:
        result = record_dues_bulk(
            session, SECRETARY, 2026, paid_on=DAY, method=PaymentMethod.TRANSFER
        )
    paid = {d.member_id: d.amount for d in result.recorded}
    assert paid == {
        register["A"]: Decimal("100.00"),
        register["B"]: Decimal("100.00"),
        register["C"]: Decimal("50.00"),
    }
    assert (result.already_paid, result.without_rate) == (1, 1)
    with database.session() as session:
        entry = session.get(JournalEntry, result.recorded[0].journal_entry_id)
        assert entry is not None and entry.journal.code == "BQ"
    # Run again: everyone has paid, nothing is written.
    with database.transaction() as session:
        again = record_dues_bulk(session, SECRETARY, 2026, paid_on=DAY, method=PaymentMethod.CASH)
    assert again.recorded == () and again.already_paid == 4


def test_one_refused_member_refuses_the_run_and_writes_nothing(
    database: Database, register: dict[str, int]
) -> None:
    chosen = [register["A"], register["D"], register["B"]]
    with database.session() as session:
        before = _state(session)
    with pytest.raises(Conflict) as refused, database.transaction() as session:
        record_dues_bulk(
            session,
            SECRETARY,
            2026,
            paid_on=DAY,
            method=PaymentMethod.CASH,
            member_ids=chosen,
            amount=Decimal("120"),
        )
    with database.session() as session:
        dead = session.scalar(
            sa.text("select number from member where id = :id"), {"id": register["D"]}
        )
        assert str(refused.value) == (
            f"Member {dead}: Dues cannot be recorded for a deceased or excluded member."
        )
        assert _state(session) == before
    # Nothing used a receipt number: the next run starts where the register stood.
    with database.transaction() as session:
        result = record_dues_bulk(
            session,
            SECRETARY,
            2026,
            paid_on=DAY,
            method=PaymentMethod.CASH,
            member_ids=[register["B"], register["A"]],
            amount=Decimal("120"),
        )
    assert [d.receipt_number for d in result.recorded] == ["2026-00002", "2026-00003"]
    assert [d.amount for d in result.recorded] == [Decimal("120.00")] * 2


def test_refusals_name_the_member_and_the_field(
    database: Database, register: dict[str, int]
) -> None:
    with database.transaction() as session:
        honorary = session.scalar(
            sa.text("select number from member where id = :id"), {"id": register["H"]}
        )
        with pytest.raises(ValidationError) as no_rate:
            record_dues_bulk(
                session,
                SECRETARY,
                2026,
                paid_on=DAY,
                method=PaymentMethod.CASH,
                member_ids=[register["H"]],
            )
        assert no_rate.value.field == "amount"
        assert str(no_rate.value).startswith(f"Member {honorary}: ")
        with pytest.raises(ValidationError) as future:
            record_dues_bulk(
                session,
                SECRETARY,
                2026,
                paid_on=clock.today() + dt.timedelta(days=1),
                method=PaymentMethod.CASH,
                category="active",
            )
        assert future.value.field == "paid_on"
        with pytest.raises(ValidationError) as category:
            record_dues_bulk(
                session, SECRETARY, 2026, paid_on=DAY, method=PaymentMethod.CASH, category="x"
            )
        assert category.value.field == "category"
        with pytest.raises(PermissionDenied):
            record_dues_bulk(session, VIEWER, 2026, paid_on=DAY, method=PaymentMethod.CASH)


def test_two_thousand_members_in_one_run_numbered_in_order_and_balanced(database: Database) -> None:
    people = [
        MemberData(last_name_lat=f"Member{i:04d}", first_name_lat="Karim", join_date=DAY)
        for i in range(2000)
    ]
    with database.transaction() as session:
        register_members(session, CLI_ACTOR, people)
    # Its speed (about 1 s) is for a benchmark to print, not for a test to time.
    with database.transaction() as session:
        result = record_dues_bulk(
            session, SECRETARY, 2026, paid_on=DAY, method=PaymentMethod.CASH, category="active"
        )
    assert len(result.recorded) == 2000
    numbers = [int(d.receipt_number.split("-")[1]) for d in result.recorded]
    assert numbers == list(range(1, 2001))
    with database.session() as session:
        _balanced(session)
