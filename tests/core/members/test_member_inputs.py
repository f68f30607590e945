"""The fault-injection review's inputs against the member services (issue 9, items 6 and 10):
member numbers, NUL, ESC and U+202E in names and e-mails, a NUL in the search box."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import DuesPayment, Member, MemberStatus, PaymentMethod
from nassij_desktop.core.members.search import (
    MemberFilter,
    count_members,
    search_member_ids,
    search_members,
)
from nassij_desktop.core.members.services import (
    MemberData,
    change_member_status,
    create_member,
    get_member,
    record_dues,
    update_member,
)
from nassij_desktop.storage import Database

GARBAGE = ("\x00", "\x1b", "\u202e", "\x9b", "\x07", "\ud800")


def omar(**changes: object) -> MemberData:
    data = MemberData(last_name_lat="Tazi", first_name_lat="Omar", join_date=dt.date(2024, 1, 10))
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def stored_text(database: Database) -> list[str]:
    """Every text value of the member table, as stored (raw SQL, no model)."""
    with database.engine.connect() as raw:
        rows = raw.execute(sa.text("SELECT * FROM member")).all()
    return [value for row in rows for value in row if isinstance(value, str)]


@pytest.mark.parametrize(
    ("number", "says"),
    [
        ("   ", "Enter the member number"),
        ("", "Enter the member number"),
        ("../../etc", "only letters and digits"),
        ("9" * 500, "at most 20"),
        ("12\x1b[31m..4", "only letters and digits"),
    ],
)
def test_the_reviews_member_numbers_are_refused_naming_the_field(
    database: Database, number: str, says: str
) -> None:
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        create_member(session, CLI_ACTOR, omar(), number=number)
    assert caught.value.field == "number"
    assert says in str(caught.value)
    with database.session() as session:
        assert session.scalar(sa.select(sa.func.count(Member.id))) == 0


def test_a_member_number_chosen_by_hand_is_stored_clean(database: Database) -> None:
    with database.transaction() as session:
        record = create_member(session, CLI_ACTOR, omar(), number=" ٢٠٢٤-015\u200f ")
    assert record.number == "2024-015"


def test_nul_esc_and_overrides_in_names_and_email_are_stripped_before_storing(
    database: Database,
) -> None:
    data = omar(
        last_name_lat="Ta\x00zi\x1b[31m",
        first_name_lat="\u202eOmar\x07",
        last_name_ar="\u200fالت\x00ازي\u202c",
        first_name_ar="عمر\x9b2J",
        city="Tiz\x00nit",
        address="12, \u202eزنقة\u202c الحرية\x1b]8;;http://x\x07",
        notes="Line one\x00\r\nLine \x1b[1mtwo",
        email="omar\x00@example.ma",
    )
    with database.transaction() as session:
        record = create_member(session, CLI_ACTOR, data)
    assert (record.last_name_lat, record.first_name_lat) == ("Tazi", "Omar")
    assert (record.last_name_ar, record.first_name_ar) == ("التازي", "عمر")
    assert record.city == "Tiznit"
    assert record.address == "12, زنقة الحرية"
    assert record.notes == "Line one\nLine two"
    assert record.email == "omar@example.ma"
    for value in stored_text(database):
        assert not any(char in value for char in GARBAGE), repr(value)


def test_an_edit_and_a_status_reason_are_cleaned_too(database: Database) -> None:
    with database.transaction() as session:
        record = create_member(session, CLI_ACTOR, omar())
        record = update_member(
            session,
            CLI_ACTOR,
            record.id,
            record.version,
            profession="Ensei\x00gnant\x1b[0m",
            first_name_lat="\ud800Omar",
        )
        assert (record.profession, record.first_name_lat) == ("Enseignant", "Omar")
        with pytest.raises(ValidationError) as caught:
            change_member_status(
                session,
                CLI_ACTOR,
                record.id,
                MemberStatus.EXCLUDED,
                dt.date(2024, 2, 1),
                reason="\x00\x1b\u202e ",
            )
        assert caught.value.field == "reason"
        change_member_status(
            session,
            CLI_ACTOR,
            record.id,
            MemberStatus.SUSPENDED,
            dt.date(2024, 2, 1),
            reason="Dues unpaid\x1b[5m",
        )
        member = session.get(Member, record.id)
        assert member is not None
        assert member.status_history[-1].reason == "Dues unpaid"


def test_a_name_longer_than_its_column_is_refused_naming_the_field(database: Database) -> None:
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        create_member(session, CLI_ACTOR, omar(first_name_ar="ب" * 121))
    assert caught.value.field == "first_name_ar"
    assert "First name (Arabic)" in str(caught.value)


def test_a_name_that_is_only_garbage_counts_as_missing(database: Database) -> None:
    with pytest.raises(ValidationError) as caught, database.transaction() as session:
        create_member(session, CLI_ACTOR, MemberData(last_name_lat="\x00\x1b", first_name_lat="A"))
    assert caught.value.field == "last_name_ar"  # "give the family name in either script"


def test_a_nul_in_the_search_box_is_dropped_not_an_error(database: Database) -> None:
    with database.transaction() as session:
        ahmed = create_member(session, CLI_ACTOR, omar(first_name_lat="Ahmed"))
        create_member(session, CLI_ACTOR, omar(first_name_lat="Said", last_name_lat="Alami"))
    with database.session() as session:
        everyone = search_members(session, CLI_ACTOR, "")
        assert len(everyone) == 2
        assert [m.id for m in search_members(session, CLI_ACTOR, "\x00")] == [
            m.id for m in everyone
        ]
        assert [m.id for m in search_members(session, CLI_ACTOR, "Ah\x00med")] == [ahmed.id]
        assert [m.id for m in search_members(session, CLI_ACTOR, "\x1bah\x00")] == [ahmed.id]
        # The members page's own path (count, then a page of ids), as the search box uses it.
        flt = MemberFilter(statuses=frozenset({MemberStatus.ACTIVE}))
        assert count_members(session, CLI_ACTOR, "\x00\x1b", flt) == 2
        assert count_members(session, CLI_ACTOR, "Ahm\x00ed\u202e", flt) == 1
        assert search_member_ids(session, CLI_ACTOR, "ahm\x00", flt, total=1) == [ahmed.id]


def test_the_flush_guard_refuses_a_control_character_a_service_forgot(
    database: Database,
) -> None:
    with database.transaction() as session:
        member_id = create_member(session, CLI_ACTOR, omar()).id
    with database.transaction() as session:
        member = session.get(Member, member_id)
        assert member is not None
        member.city = "Agadir\x1b[2J"  # written past the services, as a careless caller would
        with pytest.raises(ValidationError) as caught:
            session.flush()
        session.rollback()
    assert caught.value.field == "city"
    assert "City" in str(caught.value)
    with database.session() as session:
        assert get_member(session, CLI_ACTOR, member_id).city is None


def test_garbage_left_by_an_older_file_does_not_block_other_changes(database: Database) -> None:
    with database.transaction() as session:
        record = create_member(session, CLI_ACTOR, omar())
    with database.engine.begin() as raw:
        raw.execute(
            sa.text("UPDATE member SET last_name_lat = :name WHERE id = :id"),
            {"name": "Ta\x1bzi\x9b", "id": record.id},
        )
    with database.transaction() as session:
        payment = record_dues(
            session,
            CLI_ACTOR,
            record.id,
            2024,
            Decimal("100.00"),
            dt.date(2024, 3, 1),
            PaymentMethod.CASH,
            notes="Re\x00çu\x1b[0m",
        )
        version = get_member(session, CLI_ACTOR, record.id).version
        fixed = update_member(session, CLI_ACTOR, record.id, version, last_name_lat="Tazi")
    assert fixed.last_name_lat == "Tazi"
    with database.session() as session:
        stored = session.get(DuesPayment, payment.id)
        assert stored is not None and stored.notes == "Reçu"
