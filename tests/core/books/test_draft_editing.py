"""Drafts changed and deleted, and the refusals: a validated entry, a closed year, an
unbalanced entry, a reader; the general entry typed as text, each refusal naming its line;
the list filtered by state (through the chain's index) and by bank reconciliation."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.entries import (
    delete_draft,
    get_entry,
    record_entry,
    update_draft,
)
from nassij_desktop.core.books.entry_list import (
    EntryFilter,
    Reconciled,
    _conditions,
    count_entries,
    entry_page,
)
from nassij_desktop.core.books.general_entries import (
    GeneralEntry,
    TypedLine,
    entry_form,
    save_general_entry,
)
from nassij_desktop.core.books.models import (
    EntryState,
    FiscalYearStatus,
    JournalEntry,
    PaymentMethod,
    TreasuryKind,
)
from nassij_desktop.core.books.reconciliation import book_lines, clear_line
from nassij_desktop.core.books.services import EntryParties, create_treasury_account
from nassij_desktop.core.books.years import close_year, year_row
from nassij_desktop.core.common.errors import Conflict, PermissionDenied, ValidationError
from nassij_desktop.i18n import set_language
from nassij_desktop.storage import Database
from tests.core.books.ledger_support import DAY, TREASURER, VIEWER, credit, debit, form

LAST_YEAR = dt.date(2025, 6, 1)


def test_a_refused_change_leaves_the_draft_as_it_was(database: Database) -> None:
    with database.transaction() as session:
        draft = record_entry(session, TREASURER, form("100.00"), draft=True)
    with database.transaction() as session:
        with pytest.raises(PermissionDenied):
            update_draft(session, VIEWER, draft.id, form("150.00"))
        with pytest.raises(PermissionDenied):
            delete_draft(session, VIEWER, draft.id)
        unbalanced = replace(
            form("100.00"), lines=[debit("6125", "100.00"), credit("5141", "90.00")]
        )
        with pytest.raises(ValidationError, match="not balanced") as caught:
            update_draft(session, TREASURER, draft.id, unbalanced)
        assert caught.value.field == "lines"
        # The amounts as the treasurer reads them, in the interface's language.
        set_language("fr")
        try:
            with pytest.raises(ValidationError) as in_french:
                update_draft(session, TREASURER, draft.id, unbalanced)
        finally:
            set_language("en")
        assert "100,00" in str(in_french.value) and "90,00" in str(in_french.value)
    with database.session() as session:
        kept = get_entry(session, VIEWER, draft.id)
    assert kept.state is EntryState.DRAFT and kept.total == Decimal("100.00")


def test_a_draft_is_not_moved_into_nor_deleted_from_a_closed_year(database: Database) -> None:
    with database.transaction() as session:
        record_entry(session, TREASURER, form("500.00", day=LAST_YEAR))
        close_year(session, TREASURER, 2025)
        draft = record_entry(session, TREASURER, form("100.00"), draft=True)
        with pytest.raises(Conflict, match="2025 is closed"):
            update_draft(session, TREASURER, draft.id, form("100.00", day=LAST_YEAR))
    # A year closed while it still held a draft (before closing refused that): the draft
    # stays as it is, neither changed nor deleted.
    with database.transaction() as session:
        old = record_entry(session, TREASURER, form("70.00", day=dt.date(2024, 5, 2)), draft=True)
        year_row(session, 2024).status = FiscalYearStatus.CLOSED
    with database.transaction() as session:
        with pytest.raises(Conflict, match="2024 is closed"):
            delete_draft(session, TREASURER, old.id)
        with pytest.raises(Conflict, match="2024 is closed"):
            update_draft(session, TREASURER, old.id, form("70.00"))
    with database.session() as session:
        assert session.get(JournalEntry, old.id) is not None


def test_a_validated_entry_is_neither_changed_nor_deleted_through_the_general_entry(
    database: Database,
) -> None:
    with database.transaction() as session:
        kept = record_entry(session, TREASURER, form("100.00"))
        typed = GeneralEntry("BQ", DAY, "Correction", "FAC-1", _typed_lines("100", "100"))
        with pytest.raises(Conflict, match="reversal"):
            save_general_entry(session, TREASURER, typed, draft_id=kept.id)
        with pytest.raises(Conflict, match="reversal"):
            delete_draft(session, TREASURER, kept.id)


def _typed_lines(debit_text: str, credit_text: str) -> list[TypedLine]:
    return [
        TypedLine("6142 — Transports", debit_text, "", "Car"),
        TypedLine("", "", "", ""),  # left blank on screen: dropped
        TypedLine("5141", "", credit_text),
    ]


def test_the_general_entry_reads_what_was_typed_and_names_the_refused_line() -> None:
    form_read = entry_form(
        GeneralEntry("OD", DAY, "Sortie", "PC-7", _typed_lines("1 200,50", "1.200,50"))
    )
    assert [(ln.account, ln.debit, ln.credit, ln.label) for ln in form_read.lines] == [
        ("6142 — Transports", Decimal("1200.50"), Decimal(0), "Car"),
        ("5141", Decimal(0), Decimal("1200.50"), None),
    ]
    with pytest.raises(ValidationError, match="Line 3: ") as caught:
        entry_form(GeneralEntry("OD", DAY, "Sortie", "PC-7", _typed_lines("10", "dix")))
    assert (caught.value.field, caught.value.row) == ("lines", 3)
    lines = [TypedLine("6142", "10"), TypedLine("", "", "10", "sans compte")]
    with pytest.raises(ValidationError, match="Line 2: choose the account") as caught:
        entry_form(GeneralEntry("OD", DAY, "Sortie", "PC-7", lines))
    assert caught.value.row == 2
    with pytest.raises(ValidationError) as caught:
        entry_form(GeneralEntry("OD", None, "Sortie", "PC-7", lines))
    assert caught.value.field == "date"


def test_a_general_draft_is_changed_then_validated_and_numbered(database: Database) -> None:
    lines = [TypedLine("6142", "400"), TypedLine("6147", "25,50"), TypedLine("5141", "", "425,50")]
    with database.transaction() as session:
        draft = save_general_entry(
            session, TREASURER, GeneralEntry("OD", DAY, "Sortie", "PC-7", lines)
        )
        assert draft.state is EntryState.DRAFT and draft.number is None
        lines[2] = TypedLine("5141", "", "430")
        lines[1] = TypedLine("6147", "30")
        with pytest.raises(ValidationError, match="Line 2: the account 9999"):
            save_general_entry(
                session,
                TREASURER,
                GeneralEntry(
                    "OD", DAY, "Sortie", "PC-7", [lines[0], TypedLine("9999", "30"), lines[2]]
                ),
                draft_id=draft.id,
            )
        validated = save_general_entry(
            session,
            TREASURER,
            GeneralEntry("OD", DAY, "Sortie", "PC-7", lines),
            draft_id=draft.id,
            validate=True,
        )
    assert validated.id == draft.id and validated.code == "OD-2026-1"
    assert validated.total == Decimal("430.00") and validated.content_hash is not None


def test_the_list_is_filtered_by_state_and_by_reconciliation(database: Database) -> None:
    with database.transaction() as session:
        bank = create_treasury_account(
            session, TREASURER, "Banque Populaire", TreasuryKind.BANK, "5141"
        ).id
        cleared = record_entry(session, TREASURER, form("100.00"))  # on the bank
        record_entry(session, TREASURER, form("200.00"))  # on the bank, not cleared
        record_entry(
            session, TREASURER, form("50.00", journal="CA", credit_account="5161")
        )  # no bank
        draft = record_entry(session, TREASURER, form("70.00", journal="OD"), draft=True)
        line = next(b.id for b in book_lines(session, VIEWER, bank) if b.entry_id == cleared.id)
        clear_line(session, TREASURER, bank, line, DAY)
    cases = {
        EntryFilter(): 4,
        EntryFilter(state=EntryState.DRAFT): 1,
        EntryFilter(state=EntryState.VALIDATED): 3,
        EntryFilter(reconciled=Reconciled.YES): 1,
        EntryFilter(reconciled=Reconciled.NO): 2,  # the uncleared bank entry and the draft
        EntryFilter(reconciled=Reconciled.NO, state=EntryState.VALIDATED): 1,
        EntryFilter(state=EntryState.DRAFT, journal="BQ"): 0,
    }
    with database.session() as session:
        found = {f: count_entries(session, VIEWER, f) for f in cases}
        drafts = entry_page(session, VIEWER, EntryFilter(state=EntryState.DRAFT), 0, 10)
        reconciled = entry_page(session, VIEWER, EntryFilter(reconciled=Reconciled.YES), 0, 10)
    assert found == cases
    assert [r.id for r in drafts] == [draft.id] and drafts[0].number is None
    assert [r.id for r in reconciled] == [cleared.id]


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
def test_drafts_are_found_through_an_index(database: Database) -> None:
    """The draft filter reads the chain's unique index, not the whole entry table."""
    query = (
        sa.select(sa.func.count())
        .select_from(JournalEntry)
        .where(*_conditions(EntryFilter(state=EntryState.DRAFT), counting=True))
    )
    with database.session() as session:
        compiled = query.compile(session.get_bind())
        plan = " ".join(
            str(row[-1])
            for row in session.execute(sa.text(f"EXPLAIN QUERY PLAN {compiled}"), compiled.params)
        )
    assert "USING COVERING INDEX" in plan or "USING INDEX" in plan, plan
    assert "SCAN journal_entry" not in plan.replace("USING", "\n"), plan


def test_a_draft_s_third_party_and_payment_are_kept_and_changed(database: Database) -> None:
    lines = [TypedLine("6142", "80"), TypedLine("5141", "", "80")]
    parties = EntryParties("Taxis Atlas", "F-12", PaymentMethod.CHEQUE, "CHQ 4411")
    with database.transaction() as session:
        draft = save_general_entry(
            session,
            TREASURER,
            GeneralEntry("OD", DAY, "Taxi", "PC-8", lines, parties=parties),
        )
        assert draft.parties == parties
        changed = save_general_entry(
            session,
            TREASURER,
            GeneralEntry(
                "OD", DAY, "Taxi", "PC-8", lines, parties=replace(parties, payment_reference="")
            ),
            draft_id=draft.id,
        )
    assert changed.parties.third_party_code == "F-12"
    assert changed.parties.payment_reference is None


def test_a_general_entry_of_a_funder_carries_the_whole_aid_tagging_on_every_line() -> None:
    """Money of a funder names the funder, the kind of aid and the agreement (number and
    date) on every line, as the subsidy form asks (circular of 12 August 2022)."""
    typed = GeneralEntry("OD", DAY, "Reclassement", "OD-4", _typed_lines("500", "500"), funder_id=3)
    for missing, field in (
        ({}, "aid_kind"),
        ({"aid_kind": "Subvention"}, "agreement_number"),
        ({"aid_kind": "Subvention", "agreement_number": "CONV-9"}, "agreement_date"),
    ):
        with pytest.raises(ValidationError) as caught:
            entry_form(replace(typed, **missing))  # type: ignore[arg-type]
        assert caught.value.field == field
    tagged = entry_form(
        replace(
            typed,
            aid_kind="Subvention",
            agreement_number="CONV-9",
            agreement_date=dt.date(2026, 1, 15),
        )
    )
    assert {
        (ln.funder_id, ln.aid_kind, ln.agreement_number, ln.agreement_date) for ln in tagged.lines
    } == {(3, "Subvention", "CONV-9", dt.date(2026, 1, 15))}
