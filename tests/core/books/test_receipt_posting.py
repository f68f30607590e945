"""Money received, posted in one place: dues and donations share `post_receipt`."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association.models import Counter
from nassij_desktop.core.books.models import (
    FiscalYear,
    FiscalYearStatus,
    JournalEntry,
    TreasuryKind,
)
from nassij_desktop.core.books.receipts import (
    DONATION_RECEIPTS,
    DUES_RECEIPTS,
    ReceiptSeries,
    check_receipt_amount,
    post_receipt,
)
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.donations.services import DonationData, record_donation
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.records import DuesRecord
from nassij_desktop.core.members.services import MemberData, create_member, record_dues
from nassij_desktop.storage import Database, check

DAY = dt.date(2025, 3, 14)
TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)
SECRETARY = Actor(user_id=None, login="secretary", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)


def _member(session: Session) -> int:
    return create_member(
        session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Omar")
    ).id


def _gift(amount: str = "250.00", method: PaymentMethod = PaymentMethod.CASH) -> DonationData:
    return DonationData(
        donor_name="Fatima Zahra Alaoui", amount=Decimal(amount), received_on=DAY, method=method
    )


def _lines(session: Session, entry_id: int) -> list[tuple[str, Decimal, Decimal]]:
    entry = session.get(JournalEntry, entry_id)
    assert entry is not None
    return [(line.account.number, line.debit, line.credit) for line in entry.lines]


def _counter(session: Session, series: ReceiptSeries, year: int) -> int:
    value = session.scalar(
        sa.select(Counter.last_value).where(Counter.series == series.counter, Counter.year == year)
    )
    return value or 0


def _dues(session: Session, member_id: int, year: int, method: PaymentMethod) -> DuesRecord:
    return record_dues(session, SECRETARY, member_id, year, Decimal("100"), DAY, method)


def _gift_then_fail(database: Database) -> None:
    with database.transaction() as session:
        record_donation(session, TREASURER, _gift())
        raise RuntimeError("the power went off")


def test_dues_and_donations_number_their_receipts_without_gaps(database: Database) -> None:
    with database.transaction() as session:
        member_id = _member(session)
        dues = [_dues(session, member_id, 2025, PaymentMethod.CASH)]
        gifts = [record_donation(session, TREASURER, _gift())]
        dues.append(_dues(session, member_id, 2024, PaymentMethod.CASH))
        gifts.append(record_donation(session, TREASURER, _gift(method=PaymentMethod.TRANSFER)))
        dues.append(_dues(session, member_id, 2023, PaymentMethod.CHEQUE))
    # A transaction that fails after drawing a number gives it back with everything else.
    with pytest.raises(RuntimeError):
        _gift_then_fail(database)
    with database.transaction() as session:
        gifts.append(record_donation(session, TREASURER, _gift()))

    assert [d.receipt_number for d in dues] == ["2025-00001", "2025-00002", "2025-00003"]
    assert [g.receipt_number for g in gifts] == ["2025-00001", "2025-00002", "2025-00003"]
    with database.session() as session:
        entries = session.scalars(sa.select(JournalEntry).order_by(JournalEntry.id)).all()
        # The cash journal numbers dues and donations together, gap-free as well.
        cash = [e.number for e in entries if e.journal.code == "CA"]
        bank = [e.number for e in entries if e.journal.code == "BQ"]
        assert cash == [1, 2, 3, 4] and bank == [1, 2]
        assert [e.reference for e in entries] == [
            "2025-00001",
            "2025-00001",
            "2025-00002",
            "2025-00002",
            "2025-00003",
            "2025-00003",
        ]
    assert check(database).ok


def test_a_refused_entry_gives_its_number_back_even_when_the_caller_goes_on(
    database: Database,
) -> None:
    with database.transaction() as session:
        session.add(
            FiscalYear(
                label="2024",
                starts_on=dt.date(2024, 1, 1),
                ends_on=dt.date(2024, 12, 31),
                status=FiscalYearStatus.CLOSED,
            )
        )
        session.flush()
        with pytest.raises(Conflict, match="closed"):
            post_receipt(
                session,
                TREASURER,
                DONATION_RECEIPTS,
                amount=Decimal("50"),
                received_on=dt.date(2024, 6, 1),
                label=lambda number: f"Gift {number}",
                into=TreasuryKind.CASH,
            )
        assert _counter(session, DONATION_RECEIPTS, 2024) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 0
        later = post_receipt(
            session,
            TREASURER,
            DONATION_RECEIPTS,
            amount=Decimal("50"),
            received_on=DAY,
            label=lambda number: f"Gift {number}",
            into=TreasuryKind.CASH,
        )
    assert later.receipt_number == "2025-00001" and later.entry_number == 1


@pytest.mark.parametrize(
    ("into", "debit_account", "journal", "debit"),
    [
        (TreasuryKind.CASH, None, "CA", "5161"),
        (TreasuryKind.BANK, None, "BQ", "5141"),
        (None, "2355", "OD", "2355"),  # a gift in kind: the account the caller names
    ],
)
def test_every_receipt_is_one_balanced_entry(
    database: Database,
    into: TreasuryKind | None,
    debit_account: str | None,
    journal: str,
    debit: str,
) -> None:
    with database.transaction() as session:
        posted = post_receipt(
            session,
            TREASURER,
            DONATION_RECEIPTS,
            amount="1234.5",
            received_on=DAY,
            label=lambda number: f"Gift {number}",
            into=into,
            debit_account=debit_account,
        )
    assert posted.amount == Decimal("1234.50")
    assert (posted.journal, posted.debit_account) == (journal, debit)
    assert posted.credit_account == "71871"
    with database.session() as session:
        entry = session.get(JournalEntry, posted.journal_entry_id)
        assert entry is not None
        assert entry.label == f"Gift {posted.receipt_number}"
        assert entry.journal.code == journal and entry.reference == posted.receipt_number
        lines = _lines(session, entry.id)
        assert lines == [
            (debit, Decimal("1234.50"), Decimal("0.00")),
            ("71871", Decimal("0.00"), Decimal("1234.50")),
        ]
        assert sum(d for _, d, _ in lines) == sum(c for _, _, c in lines)
        logged = session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.entity == "journal_entry", AuditEntry.entity_id == entry.id
            )
        ).one()
        assert logged.after is not None
        assert json.loads(logged.after)["reference"] == posted.receipt_number
    assert check(database).ok


def test_dues_credit_the_dues_income_account(database: Database) -> None:
    with database.transaction() as session:
        posted = post_receipt(
            session,
            SECRETARY,
            DUES_RECEIPTS,
            amount=Decimal("100"),
            received_on=DAY,
            label=lambda _number: "Dues 2025",
            into=TreasuryKind.BANK,
        )
        assert _lines(session, posted.journal_entry_id) == [
            ("5141", Decimal("100.00"), Decimal("0.00")),
            ("71862", Decimal("0.00"), Decimal("100.00")),
        ]


BAD_AMOUNTS = [
    pytest.param(Decimal("0"), "greater than zero", id="zero"),
    pytest.param(Decimal("-5"), "greater than zero", id="negative"),
    pytest.param(Decimal("10.005"), "2 decimals", id="fraction-of-a-centime"),
    pytest.param(0.1, "2 decimals", id="float"),
    pytest.param(Decimal("NaN"), "not a valid amount", id="nan"),
    pytest.param(Decimal("Infinity"), "not a valid amount", id="infinity"),
    pytest.param("douze", "not a valid amount", id="text"),
    pytest.param(Decimal(10) ** 16, "too large", id="too-large"),
]


@pytest.mark.parametrize(("amount", "message"), BAD_AMOUNTS)
def test_refused_amounts_name_the_field_and_write_nothing(
    database: Database, amount: object, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        check_receipt_amount(amount, field="value")  # type: ignore[arg-type]
    assert refused.value.field == "value"
    with database.transaction() as session:
        member_id = _member(session)
        with pytest.raises(ValidationError, match=message) as refused:
            post_receipt(
                session,
                TREASURER,
                DONATION_RECEIPTS,
                amount=amount,  # type: ignore[arg-type]
                received_on=DAY,
                label=lambda number: number,
                into=TreasuryKind.CASH,
            )
        assert refused.value.field == "amount"
        with pytest.raises(ValidationError, match=message) as refused:
            record_dues(session, SECRETARY, member_id, 2025, amount, DAY, PaymentMethod.CASH)  # type: ignore[arg-type]
        assert refused.value.field == "amount"
        with pytest.raises(ValidationError, match=message) as refused:
            record_donation(
                session,
                TREASURER,
                DonationData(donor_name="Ali", amount=amount, received_on=DAY),  # type: ignore[arg-type]
            )
        assert refused.value.field == "amount"
        assert _counter(session, DUES_RECEIPTS, 2025) == 0
        assert _counter(session, DONATION_RECEIPTS, 2025) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 0


def test_whole_centimes_are_accepted_as_they_are_written() -> None:
    assert check_receipt_amount(Decimal("100")) == Decimal("100.00")
    assert check_receipt_amount(12) == Decimal("12.00")
    assert check_receipt_amount("0.01") == Decimal("0.01")
    assert check_receipt_amount(Decimal("999999999999999.99")) == Decimal("999999999999999.99")


@pytest.mark.parametrize(
    ("actor", "series"),
    [
        (VOLUNTEER, DUES_RECEIPTS),
        (VIEWER, DUES_RECEIPTS),
        (SECRETARY, DONATION_RECEIPTS),  # a secretary collects dues, not donations
        (VOLUNTEER, DONATION_RECEIPTS),
    ],
)
def test_a_role_without_the_series_right_is_refused(
    database: Database, actor: Actor, series: ReceiptSeries
) -> None:
    with database.transaction() as session:
        with pytest.raises(PermissionDenied):
            post_receipt(
                session,
                actor,
                series,
                amount=Decimal("10"),
                received_on=DAY,
                label=lambda number: number,
                into=TreasuryKind.CASH,
            )
        assert _counter(session, series, 2025) == 0
        assert session.scalar(sa.select(sa.func.count()).select_from(JournalEntry)) == 0
