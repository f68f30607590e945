"""The batch services the demo writes through: the single-item service's rules for each row,
the permission checked, a refused row named (row and field) and nothing of the batch written,
every row audited and the audit chain whole. Real association files, no mocks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.models import Counter
from nassij_desktop.core.books.models import JournalEntry
from nassij_desktop.core.books.services import EntryData, LineSpec, post_entries, post_entry
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.audit import AuditEntry, verify_audit_chain
from nassij_desktop.core.common.errors import Conflict, NotFound, PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.models import AssemblyAttendance, Attendance
from nassij_desktop.core.governance.services import (
    AssemblyData,
    AttendanceLine,
    convene_assembly,
    open_session,
    record_attendances,
)
from nassij_desktop.core.members.models import (
    DuesPayment,
    Member,
    MemberStatus,
    MemberStatusChange,
    PaymentMethod,
)
from nassij_desktop.core.members.services import (
    DuesData,
    MemberData,
    StatusChange,
    change_member_statuses,
    create_member,
    record_dues,
    record_dues_batch,
    register_members,
)
from nassij_desktop.storage import Database, check

VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
PAID_ON = dt.date(2025, 3, 10)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.transaction() as session:
        yield session


def _person(n: int, **changes: object) -> MemberData:
    values: dict[str, object] = {
        "last_name_lat": f"Alaoui{n}",
        "first_name_lat": "Sara",
        "last_name_ar": "العلوي",
        "first_name_ar": "سارة",
        "id_number": f"JB{100000 + n}",
        "phone": f"+2126610{n:05d}",
        "join_date": dt.date(2020, 1, 5),
    }
    values.update(changes)
    return MemberData(**values)  # type: ignore[arg-type]


def _count(session: Session, entity: type) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(entity)) or 0


def _audited(session: Session, entity: str, action: str = "create") -> dict[int | None, dict]:
    rows = session.execute(
        sa.select(AuditEntry.entity_id, AuditEntry.after).where(
            AuditEntry.entity == entity, AuditEntry.action == action
        )
    )
    return {entity_id: json.loads(after or "null") for entity_id, after in rows}


def _nothing_written(session: Session) -> None:
    assert _count(session, Member) == 0
    assert _count(session, AuditEntry) == _count_before_members(session)


def _count_before_members(session: Session) -> int:
    return (
        session.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.entity != "member")
        )
        or 0
    )


# --- members -----------------------------------------------------------------------------------


def test_registered_members_are_numbered_audited_and_like_created_ones(session: Session) -> None:
    single = create_member(session, CLI_ACTOR, _person(0))
    registered = register_members(session, CLI_ACTOR, [_person(n) for n in range(1, 6)])
    assert [m.number for m in registered] == [f"{n:06d}" for n in range(2, 7)]
    audited = _audited(session, "member")
    assert set(audited) == {single.id, *(m.id for m in registered)}
    # The same snapshot as the single service's, field for field.
    one, many = audited[single.id], audited[registered[0].id]
    assert one.keys() == many.keys()
    differs = {k for k in one if one[k] != many[k]}
    assert differs <= {"id", "number", "id_number", "phone", "last_name_lat"} | {
        "created_at",
        "updated_at",
    }
    history = session.scalars(
        sa.select(MemberStatusChange).where(MemberStatusChange.member_id == registered[0].id)
    ).all()
    assert [(h.to_status, h.reason) for h in history] == [(MemberStatus.ACTIVE, "Joined")]
    member = session.get(Member, registered[0].id)
    assert member is not None and member.search_text and member.phone == "+212661000001"
    assert verify_audit_chain(session) is None
    # The register's counter carries on after the batch.
    assert create_member(session, CLI_ACTOR, _person(9)).number == "000007"


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"last_name_lat": None, "last_name_ar": None}, "last_name_ar"),
        ({"phone": "12"}, "phone"),
        ({"email": "not an address"}, "email"),
        ({"category_code": "nobody"}, "category_code"),
        ({"consent_scope": "newsletter"}, "consent_date"),
        ({"birth_date": dt.date(2999, 1, 1)}, "birth_date"),
    ],
)
def test_a_bad_member_refuses_the_batch_naming_its_row_and_field(
    session: Session, bad: dict[str, object], field: str
) -> None:
    rows = [_person(1), _person(2), _person(3, **bad)]
    with pytest.raises(ValidationError) as refused:
        register_members(session, CLI_ACTOR, rows)
    assert refused.value.row == 3 and refused.value.field == field
    assert str(refused.value).startswith("Row 3: ")
    _nothing_written(session)
    assert session.scalar(sa.select(Counter).where(Counter.series == "member")) is None


def test_an_identity_number_twice_is_refused_in_the_batch_and_against_the_register(
    session: Session,
) -> None:
    with pytest.raises(Conflict, match=r"Row 3: .*JB100001.*row 1"):
        register_members(
            session, CLI_ACTOR, [_person(1), _person(2), _person(3, id_number="JB100001")]
        )
    _nothing_written(session)
    create_member(session, CLI_ACTOR, _person(7))
    with pytest.raises(Conflict, match="Row 2: Member 000001 already has"):
        register_members(session, CLI_ACTOR, [_person(1), _person(7)])
    assert _count(session, Member) == 1


def test_status_changes_in_a_batch(session: Session) -> None:
    ids = [m.id for m in register_members(session, CLI_ACTOR, [_person(n) for n in range(3)])]
    bad = [
        StatusChange(ids[0], MemberStatus.RESIGNED, dt.date(2021, 1, 1)),
        StatusChange(ids[1], MemberStatus.SUSPENDED, dt.date(2021, 1, 1)),  # no reason
    ]
    with pytest.raises(ValidationError) as refused:
        change_member_statuses(session, CLI_ACTOR, bad)
    assert (refused.value.row, refused.value.field) == (2, "reason")
    assert not _audited(session, "member", "status")
    with pytest.raises(NotFound, match="Row 1: "):
        change_member_statuses(
            session, CLI_ACTOR, [StatusChange(999, MemberStatus.RESIGNED, PAID_ON)]
        )
    done = change_member_statuses(
        session,
        CLI_ACTOR,
        [
            StatusChange(ids[0], MemberStatus.SUSPENDED, dt.date(2021, 1, 1), "unpaid dues"),
            StatusChange(ids[0], MemberStatus.ACTIVE, dt.date(2021, 6, 1)),  # the same one again
            StatusChange(ids[2], MemberStatus.DECEASED, dt.date(2022, 2, 2)),
        ],
    )
    assert done == 3
    member = session.get(Member, ids[0])
    assert member is not None
    assert (member.status, member.status_since, member.version) == (
        MemberStatus.ACTIVE,
        dt.date(2021, 6, 1),
        3,
    )
    changes = session.execute(
        sa.select(AuditEntry.entity_id, AuditEntry.before, AuditEntry.after).where(
            AuditEntry.action == "status"
        )
    ).all()
    entry_id, before, after = changes[0]
    assert (entry_id, json.loads(before), json.loads(after)) == (
        ids[0],
        {"status": "active", "status_since": "2020-01-05"},
        {"status": "suspended", "status_since": "2021-01-01"},
    )
    assert len(changes) == 3 and verify_audit_chain(session) is None


# --- dues --------------------------------------------------------------------------------------


def test_dues_in_a_batch_get_receipts_entries_and_audit_entries(
    database: Database,
) -> None:
    with database.transaction() as session:
        ids = [m.id for m in register_members(session, CLI_ACTOR, [_person(n) for n in range(4)])]
        first = record_dues(session, CLI_ACTOR, ids[0], 2025, Decimal(100), PAID_ON, "cash")
        records = record_dues_batch(
            session,
            CLI_ACTOR,
            [
                DuesData(ids[1], 2025, Decimal(100), PAID_ON, PaymentMethod.CASH),
                DuesData(ids[2], 2025, Decimal("50.5"), PAID_ON, PaymentMethod.TRANSFER),
                DuesData(ids[3], 2026, Decimal(100), dt.date(2026, 1, 3), PaymentMethod.MOBILE),
            ],
        )
        assert first.receipt_number == "2025-00001"
        assert [r.receipt_number for r in records] == ["2025-00002", "2025-00003", "2026-00001"]
        entries = {e.id: e for e in session.scalars(sa.select(JournalEntry))}
        for record in records:
            entry = entries[record.journal_entry_id]  # type: ignore[index]
            assert entry.reference == record.receipt_number
            assert [ln.debit for ln in entry.lines] == [record.amount, Decimal("0.00")]
        assert [entries[r.journal_entry_id].journal.code for r in records] == ["CA", "BQ", "BQ"]  # type: ignore[index]
        # Each payment and each entry has its audit entry, like the single service's.
        assert set(_audited(session, "dues_payment")) == {first.id, *(r.id for r in records)}
        assert set(_audited(session, "journal_entry")) == set(entries)
        one, many = (
            _audited(session, "dues_payment")[first.id],
            _audited(session, "dues_payment")[records[0].id],
        )
        assert one.keys() == many.keys()
        # The single service numbers on after the batch.
        after = record_dues(session, CLI_ACTOR, ids[0], 2026, Decimal(100), PAID_ON, "cash")
        assert after.receipt_number == "2025-00004"
        assert verify_audit_chain(session) is None
    assert check(database).ok


@pytest.mark.parametrize(
    ("bad", "error", "field"),
    [
        ({"amount": Decimal(0)}, ValidationError, "amount"),
        ({"amount": Decimal("10.005")}, ValidationError, "amount"),
        ({"year": 1800}, ValidationError, "year"),
        ({"paid_on": dt.date(2999, 1, 1)}, ValidationError, "paid_on"),
        ({"member_id": 999}, NotFound, None),
    ],
)
def test_a_bad_payment_refuses_the_batch_and_uses_no_receipt_number(
    session: Session, bad: dict[str, object], error: type[Exception], field: str | None
) -> None:
    ids = [m.id for m in register_members(session, CLI_ACTOR, [_person(n) for n in range(2)])]
    entries_before = _count(session, AuditEntry)
    values: dict[str, object] = {
        "member_id": ids[1],
        "year": 2025,
        "amount": Decimal(100),
        "paid_on": PAID_ON,
        "method": PaymentMethod.CASH,
    }
    values.update(bad)
    rows = [DuesData(ids[0], 2025, Decimal(100), PAID_ON, PaymentMethod.CASH), DuesData(**values)]  # type: ignore[arg-type]
    with pytest.raises(error) as refused:
        record_dues_batch(session, CLI_ACTOR, rows)
    assert str(refused.value).startswith("Row 2: ")
    if field is not None:
        assert isinstance(refused.value, ValidationError)
        assert (refused.value.row, refused.value.field) == (2, field)
    assert _count(session, DuesPayment) == _count(session, JournalEntry) == 0
    assert _count(session, AuditEntry) == entries_before
    assert record_dues(
        session, CLI_ACTOR, ids[0], 2025, Decimal(100), PAID_ON, "cash"
    ).receipt_number == ("2025-00001")


def test_no_dues_for_a_deceased_member_in_a_batch_either(session: Session) -> None:
    ids = [m.id for m in register_members(session, CLI_ACTOR, [_person(n) for n in range(2)])]
    change_member_statuses(
        session, CLI_ACTOR, [StatusChange(ids[1], MemberStatus.DECEASED, PAID_ON)]
    )
    with pytest.raises(Conflict, match="Row 2: "):
        record_dues_batch(
            session,
            CLI_ACTOR,
            [
                DuesData(ids[0], 2025, Decimal(100), PAID_ON, PaymentMethod.CASH),
                DuesData(ids[1], 2025, Decimal(100), dt.date(2024, 1, 2), PaymentMethod.CASH),
            ],
        )
    assert _count(session, DuesPayment) == 0


# --- books -------------------------------------------------------------------------------------


def test_entries_in_a_batch_are_numbered_after_the_others_and_refused_whole(
    session: Session,
) -> None:
    def entry(amount: str, credit: str | None = None) -> EntryData:
        return EntryData(
            "CA",
            PAID_ON,
            "Fournitures",
            [
                LineSpec(account="6125", debit=Decimal(amount)),
                LineSpec(account="5161", credit=Decimal(credit or amount)),
            ],
        )

    single = post_entry(
        session, CLI_ACTOR, journal="CA", entry_date=PAID_ON, label="x", lines=entry("5").lines
    )
    with pytest.raises(ValidationError) as refused:
        post_entries(session, CLI_ACTOR, [entry("10"), entry("20", credit="19")])
    assert (refused.value.row, refused.value.field) == (2, "lines")
    assert str(refused.value).startswith("Row 2: The entry is not balanced")
    assert _count(session, JournalEntry) == 1
    posted = post_entries(session, CLI_ACTOR, [entry("10"), entry("20")])
    assert [p.number for p in posted] == [single.number + 1, single.number + 2]
    assert set(_audited(session, "journal_entry")) == {single.id, *(p.id for p in posted)}
    assert _audited(session, "journal_entry")[posted[0].id]["lines"] == [
        ["6125", "10", "0.00"],
        ["5161", "0.00", "10"],
    ]
    assert verify_audit_chain(session) is None


# --- governance --------------------------------------------------------------------------------


def test_an_attendance_sheet_at_once(session: Session) -> None:
    ids = [m.id for m in register_members(session, CLI_ACTOR, [_person(n) for n in range(5)])]
    assembly = convene_assembly(
        session,
        CLI_ACTOR,
        AssemblyData(
            held_on=dt.date(2025, 6, 14),
            convened_on=dt.date(2025, 5, 30),
            place="Maison des jeunes",
            agenda=["Rapport moral"],
        ),
    )
    open_session(session, CLI_ACTOR, assembly.id)
    # A proxy given to a member not (yet) present is refused, naming the row.
    with pytest.raises(ValidationError) as refused:
        record_attendances(
            session,
            CLI_ACTOR,
            assembly.id,
            [
                AttendanceLine(ids[0], Attendance.PRESENT),
                AttendanceLine(ids[1], Attendance.PROXY, ids[2]),
            ],
        )
    assert (refused.value.row, refused.value.field) == (2, "proxy_holder_id")
    assert _count(session, AssemblyAttendance) == 0
    # One proxy per holder (the statutes' default).
    with pytest.raises(ValidationError, match="Row 3: "):
        record_attendances(
            session,
            CLI_ACTOR,
            assembly.id,
            [
                AttendanceLine(ids[0], Attendance.PRESENT),
                AttendanceLine(ids[1], Attendance.PROXY, ids[0]),
                AttendanceLine(ids[2], Attendance.PROXY, ids[0]),
            ],
        )
    lines = [
        AttendanceLine(ids[0], Attendance.PRESENT),
        AttendanceLine(ids[2], Attendance.PRESENT),
        AttendanceLine(ids[1], Attendance.PROXY, ids[0]),
        AttendanceLine(ids[3], Attendance.EXCUSED),
    ]
    assert record_attendances(session, CLI_ACTOR, assembly.id, lines) == 4
    # A member holding a proxy cannot leave; another line changes.
    with pytest.raises(Conflict, match="Row 1: "):
        record_attendances(
            session, CLI_ACTOR, assembly.id, [AttendanceLine(ids[0], Attendance.ABSENT)]
        )
    assert (
        record_attendances(
            session, CLI_ACTOR, assembly.id, [AttendanceLine(ids[3], Attendance.ABSENT)]
        )
        == 1
    )
    rows = {a.member_id: a for a in session.scalars(sa.select(AssemblyAttendance))}
    assert rows[ids[1]].proxy_holder_id == ids[0]
    assert rows[ids[3]].attendance is Attendance.ABSENT and rows[ids[3]].version == 2
    created = _audited(session, "assembly_attendance")
    assert set(created) == {row.id for row in rows.values()}
    assert created[rows[ids[1]].id]["proxy_holder_id"] == ids[0]
    updated = _audited(session, "assembly_attendance", "update")
    assert updated == {rows[ids[3]].id: {"attendance": "absent"}}
    assert verify_audit_chain(session) is None


# --- the permission and the chain --------------------------------------------------------------


def test_every_batch_service_checks_the_permission(session: Session) -> None:
    ids = [m.id for m in register_members(session, CLI_ACTOR, [_person(1)])]
    before = _count(session, AuditEntry)
    calls = [
        lambda: register_members(session, VOLUNTEER, [_person(2)]),
        lambda: change_member_statuses(
            session, VOLUNTEER, [StatusChange(ids[0], MemberStatus.RESIGNED, PAID_ON)]
        ),
        lambda: record_dues_batch(
            session, VOLUNTEER, [DuesData(ids[0], 2025, Decimal(100), PAID_ON, PaymentMethod.CASH)]
        ),
        lambda: post_entries(
            session,
            VOLUNTEER,
            [
                EntryData(
                    "CA",
                    PAID_ON,
                    "x",
                    [LineSpec("6125", debit=Decimal(1)), LineSpec("5161", credit=Decimal(1))],
                )
            ],
        ),
        lambda: record_attendances(session, VOLUNTEER, 1, []),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _count(session, AuditEntry) == before


def test_entries_recorded_one_by_one_and_many_at_once_make_one_chain(session: Session) -> None:
    audit.record(session, CLI_ACTOR, "create", "thing", 1, after={"a": 1})  # pending, unflushed
    audit.record_many(
        session,
        CLI_ACTOR,
        [audit.AuditItem("create", "thing", n, after={"n": n, "text": "نص"}) for n in range(2, 5)],
    )
    audit.record(session, CLI_ACTOR, "update", "thing", 2, before={"n": 2}, after={"n": 3})
    session.flush()
    ids = list(
        session.scalars(
            sa.select(AuditEntry.entity_id)
            .where(AuditEntry.entity == "thing")
            .order_by(AuditEntry.id)
        )
    )
    assert ids == [1, 2, 3, 4, 2]
    assert verify_audit_chain(session) is None
    # An entry of the batch altered afterwards breaks the chain there.
    target = session.scalar(
        sa.select(AuditEntry.id).where(AuditEntry.entity == "thing", AuditEntry.entity_id == 3)
    )
    session.execute(sa.text("UPDATE audit_log SET after = '{}' WHERE id = :id"), {"id": target})
    broken = verify_audit_chain(session)
    assert broken is not None and broken.entry_id == target
