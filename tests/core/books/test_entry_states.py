"""An entry is a draft (no number, may change) until validated (numbered gap-free, sealed,
never changed), and a validated entry is corrected by a reversal linked to it both ways."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.entries import (
    delete_draft,
    find_entry,
    get_entry,
    list_entries,
    record_entry,
    reverse_entry,
    update_draft,
    validate_entry,
)
from nassij_desktop.core.books.models import EntryState, JournalEntry
from nassij_desktop.core.books.services import LineSpec, post_entry
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from nassij_desktop.storage import Database, check
from tests.core.books.ledger_support import DAY, TREASURER, VIEWER, credit, debit, form


def test_a_draft_has_no_number_and_validation_numbers_it_after_the_validated_ones(
    database: Database,
) -> None:
    with database.transaction() as session:
        first = record_entry(session, TREASURER, form("100.00"))
        draft = record_entry(session, TREASURER, form("200.00"), draft=True)
        second = record_entry(session, TREASURER, form("300.00"))
        assert (first.number, draft.number, second.number) == (1, None, 2)
        assert draft.state is EntryState.DRAFT and draft.code is None
        validated = validate_entry(session, TREASURER, draft.id)
    assert validated.number == 3 and validated.code == "BQ-2026-3"
    assert validated.state is EntryState.VALIDATED and validated.validated_at is not None
    assert validated.content_hash is not None
    assert check(database).ok


def test_a_draft_is_edited_and_deleted_a_validated_entry_never(database: Database) -> None:
    with database.transaction() as session:
        draft = record_entry(session, TREASURER, form("100.00"), draft=True)
        changed = update_draft(
            session, TREASURER, draft.id, form("150.00", journal="CA", credit_account="5161")
        )
        assert (changed.journal, changed.total, changed.lines[1].account) == (
            "CA",
            Decimal("150.00"),
            "5161",
        )
        delete_draft(session, TREASURER, draft.id)
        assert session.get(JournalEntry, draft.id) is None
        kept = record_entry(session, TREASURER, form("100.00"))
        with pytest.raises(Conflict, match="BQ-2026-1 is validated"):
            update_draft(session, TREASURER, kept.id, form("1.00"))
        with pytest.raises(Conflict, match="reversal"):
            delete_draft(session, TREASURER, kept.id)
        with pytest.raises(Conflict, match="validated"):
            validate_entry(session, TREASURER, kept.id)
        # In the order written: without ORDER BY, PostgreSQL returns the rows where they lie,
        # and a table emptied and filled again per test (tests/postgres.py) reuses its space.
        actions = session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "journal_entry")
            .order_by(AuditEntry.id)
        ).all()
    assert actions == ["create", "update", "delete", "create"]


def test_the_voucher_reference_is_required_from_the_forms(database: Database) -> None:
    with database.transaction() as session:
        with pytest.raises(ValidationError, match="voucher reference") as caught:
            record_entry(session, TREASURER, form(reference="  "))
        assert caught.value.field == "reference"


def test_a_reversal_swaps_the_lines_and_is_linked_both_ways(database: Database) -> None:
    with database.transaction() as session:
        original = record_entry(session, TREASURER, form("1200.00"))
        reversal = reverse_entry(session, TREASURER, original.id, dt.date(2026, 4, 2))
        assert reversal.reverses_id == original.id
        assert get_entry(session, TREASURER, original.id).reversed_by_id == reversal.id
        assert reversal.label == "Reversal of entry BQ-2026-1"
        assert reversal.reference == "FAC-118" and reversal.number == 2
        assert [(ln.account, ln.debit, ln.credit) for ln in reversal.lines] == [
            ("6125", Decimal("0.00"), Decimal("1200.00")),
            ("5141", Decimal("1200.00"), Decimal("0.00")),
        ]
        with pytest.raises(Conflict, match="already reversed"):
            reverse_entry(session, TREASURER, original.id, dt.date(2026, 4, 2))
        draft = record_entry(session, TREASURER, form(), draft=True)
        with pytest.raises(Conflict, match="draft"):
            reverse_entry(session, TREASURER, draft.id, DAY)
        with pytest.raises(ValidationError, match="before"):
            reverse_entry(session, TREASURER, reversal.id, dt.date(2026, 4, 1))


def test_entries_are_found_by_journal_year_and_number_or_a_draft_by_its_id(
    database: Database,
) -> None:
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form())
        draft = record_entry(session, TREASURER, form(), draft=True)
        assert find_entry(session, VIEWER, "bq-2026-1").id == entry.id
        assert find_entry(session, VIEWER, str(draft.id)).id == draft.id
        with pytest.raises(NotFound, match="BQ-2026-9"):
            find_entry(session, VIEWER, "BQ-2026-9")
        listed = list_entries(session, VIEWER, year="2026", journal="BQ")
    assert [(e.number, e.state) for e in listed] == [
        (1, EntryState.VALIDATED),
        (None, EntryState.DRAFT),
    ]


def test_an_inactive_or_unknown_account_and_an_unbalanced_entry_are_refused(
    database: Database,
) -> None:
    from nassij_desktop.core.books.accounts import set_account_active

    with database.transaction() as session:
        draft = record_entry(session, TREASURER, form(), draft=True)
        set_account_active(session, TREASURER, "6125", False)
        with pytest.raises(ValidationError, match="6125 is deactivated"):
            record_entry(session, TREASURER, form())
        # A draft written before the account was deactivated is refused at validation.
        with pytest.raises(ValidationError, match="deactivated"):
            validate_entry(session, TREASURER, draft.id)
        with pytest.raises(ValidationError, match="9999 is not in the chart"):
            record_entry(session, TREASURER, form(debit_account="9999"))
        with pytest.raises(ValidationError, match="not balanced"):
            post_entry(
                session,
                TREASURER,
                journal="BQ",
                entry_date=DAY,
                label="x",
                lines=[debit("6122", "10"), credit("5141", "9")],
                reference="R",
            )


def test_reading_is_open_to_the_viewer_writing_is_not(database: Database) -> None:
    with database.transaction() as session:
        entry = record_entry(session, TREASURER, form())
        assert get_entry(session, VIEWER, entry.id).code == "BQ-2026-1"
        with pytest.raises(PermissionDenied):
            record_entry(session, VIEWER, form())
        with pytest.raises(PermissionDenied):
            reverse_entry(session, VIEWER, entry.id, DAY)


def test_dues_and_donations_still_post_validated_sealed_entries(database: Database) -> None:
    with database.transaction() as session:
        entry = post_entry(
            session,
            TREASURER,
            journal="CA",
            entry_date=DAY,
            label="Cotisation 2026",
            lines=[
                LineSpec(account="5161", debit=Decimal("100")),
                LineSpec(account="7186", credit=Decimal("100")),
            ],
            reference="2026-00001",
        )
        assert entry.state is EntryState.VALIDATED
        assert (entry.number, entry.chain_index) == (1, 1)
    assert check(database).ok
