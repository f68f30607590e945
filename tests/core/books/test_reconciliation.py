"""Bank reconciliation: import, suggested matches, clearing, booking the bank's own lines and
the reconciliation statement, checked against the figures of tests/core/books/
reconciliation_books.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import sqlalchemy as sa

from nassij_desktop.core.books.models import BankStatementLine, ClearedLine, TreasuryKind
from nassij_desktop.core.books.reconciliation import (
    accept_suggestions,
    book_lines,
    book_missing_line,
    clear_line,
    import_bank_statement,
    match_lines,
    reconciliation_statement,
    reconciliation_status,
    suggest_matches,
    unclear_line,
    unmatch_line,
    unreconciled_banks,
)
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.common.audit import AuditEntry, verify_audit_chain
from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.storage import Database
from tests.core.books.reconciliation_books import FILES, MARCH_END, bank_with_march

VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
STATEMENT = "utf8_bom_semicolon.csv"


@pytest.fixture
def books(database: Database) -> dict[str, int]:
    with database.transaction() as session:
        return bank_with_march(session)


def _import(database: Database, bank: int, name: str = STATEMENT) -> None:
    with database.transaction() as session:
        import_bank_statement(session, CLI_ACTOR, bank, name, (FILES / name).read_bytes())


def test_before_matching_nothing_is_cleared(database: Database, books: dict[str, int]) -> None:
    _import(database, books["bank"])
    with database.session() as session:
        report = reconciliation_statement(session, VIEWER, books["bank"], MARCH_END)
    assert report.book_balance == Decimal("10265.50")
    assert report.bank_balance == Decimal("10720.50")
    assert len(report.uncleared) == 3 and len(report.unmatched) == 3
    # Nothing matched yet: the two sides still explain each other.
    assert report.difference == Decimal("0.00")
    assert not report.reconciled


def test_matches_are_suggested_by_amount_and_date(
    database: Database, books: dict[str, int]
) -> None:
    _import(database, books["bank"])
    with database.session() as session:
        suggested = suggest_matches(session, VIEWER, books["bank"])
        narrow = suggest_matches(session, VIEWER, books["bank"], days=2)
    assert [(s.bank_line.label, s.book_line.entry_id, s.days) for s in suggested] == [
        ("VIREMENT RECU COMMUNE TRANCHE 1", books["subsidy"], 2),
        ("CHEQUE 0004512", books["cheque"], 4),
    ]
    assert [s.book_line.entry_id for s in narrow] == [books["subsidy"]]


def test_accepting_the_matches_and_booking_the_fees_reconciles_the_month(
    database: Database, books: dict[str, int]
) -> None:
    _import(database, books["bank"])
    with database.transaction() as session:
        assert accept_suggestions(session, CLI_ACTOR, books["bank"]) == 2
        fees = reconciliation_statement(session, VIEWER, books["bank"], MARCH_END).unmatched
        assert [f.label for f in fees] == ["FRAIS TENUE DE COMPTE"]
        book_missing_line(
            session, CLI_ACTOR, books["bank"], fees[0].id, account="6147", voucher="RELEVE-03"
        )
    with database.session() as session:
        report = reconciliation_status(session, VIEWER, books["bank"], MARCH_END)
        cleared = session.scalars(sa.select(ClearedLine.cleared_on)).all()
    assert report.book_balance == Decimal("10220.50")
    assert [(b.entry_id, b.amount) for b in report.uncleared] == [
        (books["uncashed"], Decimal("-500.00"))
    ]
    assert report.unmatched == ()
    assert report.expected_bank_balance == report.bank_balance == Decimal("10720.50")
    assert report.reconciled
    assert sorted(cleared) == [dt.date(2025, 3, 5), dt.date(2025, 3, 14), dt.date(2025, 3, 31)]


def test_on_an_earlier_day_later_lines_are_left_out(
    database: Database, books: dict[str, int]
) -> None:
    _import(database, books["bank"])
    with database.transaction() as session:
        accept_suggestions(session, CLI_ACTOR, books["bank"])
        # On the 12th the cheque of the 10th is booked, not yet cashed (14th).
        report = reconciliation_statement(session, VIEWER, books["bank"], dt.date(2025, 3, 12))
    assert report.book_balance == Decimal("10765.50")
    assert report.bank_balance == Decimal("12000.00")
    assert [b.entry_id for b in report.uncleared] == [books["cheque"]]
    assert report.reconciled


def test_unmatching_uncleares_the_book_line(database: Database, books: dict[str, int]) -> None:
    _import(database, books["bank"])
    with database.transaction() as session:
        accept_suggestions(session, CLI_ACTOR, books["bank"])
        matched = session.scalars(
            sa.select(BankStatementLine).where(BankStatementLine.journal_line_id.is_not(None))
        ).all()
        unmatch_line(session, CLI_ACTOR, books["bank"], matched[0].id)
        with pytest.raises(ValidationError, match="is not matched"):
            unmatch_line(session, CLI_ACTOR, books["bank"], matched[0].id)
        lines = book_lines(session, VIEWER, books["bank"], uncleared_only=True)
    assert [b.entry_id for b in lines] == [books["subsidy"], books["uncashed"]]


def test_a_match_must_agree_in_amount_and_be_made_once(
    database: Database, books: dict[str, int]
) -> None:
    _import(database, books["bank"])
    with database.transaction() as session:
        bank = {b.label: b.id for b in session.scalars(sa.select(BankStatementLine))}
        book = {b.entry_id: b.id for b in book_lines(session, VIEWER, books["bank"])}
        with pytest.raises(ValidationError, match="amounts differ"):
            match_lines(
                session,
                CLI_ACTOR,
                books["bank"],
                [(bank["FRAIS TENUE DE COMPTE"], book[books["uncashed"]])],
            )
        match_lines(
            session, CLI_ACTOR, books["bank"], [(bank["CHEQUE 0004512"], book[books["cheque"]])]
        )
        with pytest.raises(ValidationError, match="already matched"):
            match_lines(
                session,
                CLI_ACTOR,
                books["bank"],
                [(bank["CHEQUE 0004512"], book[books["cheque"]])],
            )


def test_a_line_cleared_by_hand_and_uncleared(database: Database, books: dict[str, int]) -> None:
    with database.transaction() as session:
        line = {b.entry_id: b.id for b in book_lines(session, VIEWER, books["bank"])}
        with pytest.raises(ValidationError, match="on or after the day"):
            clear_line(
                session, CLI_ACTOR, books["bank"], line[books["uncashed"]], MARCH_END.replace(day=1)
            )
        clear_line(session, CLI_ACTOR, books["bank"], line[books["uncashed"]], MARCH_END)
        assert [
            b.entry_id for b in book_lines(session, VIEWER, books["bank"], uncleared_only=True)
        ] == [
            books["subsidy"],
            books["cheque"],
        ]
        unclear_line(session, CLI_ACTOR, books["bank"], line[books["uncashed"]])
        assert len(book_lines(session, VIEWER, books["bank"], uncleared_only=True)) == 3


def test_an_overlapping_statement_adds_only_its_new_lines(
    database: Database, books: dict[str, int]
) -> None:
    _import(database, books["bank"])
    with database.transaction() as session:
        more = (
            FILES / STATEMENT
        ).read_bytes() + b"02/04/2025;02/04/2025;VERSEMENT;;300,00;11 020,50\r\n"
        done = import_bank_statement(session, CLI_ACTOR, books["bank"], "avril.csv", more)
        assert (done.lines, done.skipped) == (1, 3)
        with pytest.raises(ValidationError, match="already imported"):
            import_bank_statement(session, CLI_ACTOR, books["bank"], "avril.csv", more)


def test_a_refused_file_writes_nothing(database: Database, books: dict[str, int]) -> None:
    with pytest.raises(ValidationError), database.transaction() as session:
        import_bank_statement(
            session, CLI_ACTOR, books["bank"], "bad.csv", (FILES / "bad_rows.csv").read_bytes()
        )
    with database.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(BankStatementLine)) == 0


def test_without_a_balance_column_the_opening_balance_gives_them(
    database: Database, books: dict[str, int]
) -> None:
    with database.transaction() as session:
        import_bank_statement(
            session,
            CLI_ACTOR,
            books["bank"],
            "latin1_comma.csv",
            (FILES / "latin1_comma.csv").read_bytes(),
            opening_balance=Decimal("0.00"),
        )
        report = reconciliation_statement(session, VIEWER, books["bank"], MARCH_END)
    assert report.bank_balance == Decimal("10720.50")


def test_only_banks_are_reconciled_and_only_by_the_treasurer(
    database: Database, books: dict[str, int]
) -> None:
    with database.transaction() as session:
        cash = create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
        with pytest.raises(ValidationError, match="Only a bank account"):
            import_bank_statement(session, CLI_ACTOR, cash.id, STATEMENT, b"")
        with pytest.raises(PermissionDenied):
            import_bank_statement(
                session, VIEWER, books["bank"], STATEMENT, (FILES / STATEMENT).read_bytes()
            )
        # No statement yet: the bank balance is unknown, so the bank is not reconciled.
        assert [s.treasury_name for s in unreconciled_banks(session, VIEWER, MARCH_END)] == [
            "Banque Populaire"
        ]


def test_one_batch_naming_a_line_twice_is_refused_and_a_batch_is_audited_whole(
    database: Database, books: dict[str, int]
) -> None:
    """Matches are read and audited in one go: a list that names a statement line or a book
    line twice is still refused, and every match and clearing is in the sealed audit log."""
    _import(database, books["bank"])
    with database.session() as session:
        bank = {b.label: b.id for b in session.scalars(sa.select(BankStatementLine))}
        book = {b.entry_id: b.id for b in book_lines(session, VIEWER, books["bank"])}
    cheque = (bank["CHEQUE 0004512"], book[books["cheque"]])
    for twice in ([cheque, cheque], [cheque, (bank["FRAIS TENUE DE COMPTE"], cheque[1])]):
        with (
            pytest.raises(ValidationError, match="already matched"),
            database.transaction() as session,
        ):
            match_lines(session, CLI_ACTOR, books["bank"], twice)
    with database.session() as session:
        suggested = suggest_matches(session, CLI_ACTOR, books["bank"])
    pairs = [*{(s.bank_line.id, s.book_line.id) for s in suggested} - {cheque}, cheque]
    assert len(pairs) > 1
    # Cleared by hand first: the match moves its day to the statement's (an update).
    with database.transaction() as session:
        clear_line(session, CLI_ACTOR, books["bank"], book[books["cheque"]], MARCH_END)
    with database.transaction() as session:
        assert match_lines(session, CLI_ACTOR, books["bank"], pairs) == len(pairs)
    with database.session() as session:
        assert verify_audit_chain(session) is None
        logged = session.execute(
            sa.select(AuditEntry.action, AuditEntry.entity).where(
                AuditEntry.entity.in_(["bank_statement_line", "cleared_line"])
            )
        ).all()
        cleared = session.scalars(sa.select(ClearedLine)).all()
    assert logged.count(("update", "bank_statement_line")) == len(pairs)
    assert logged.count(("update", "cleared_line")) == 1
    assert logged.count(("create", "cleared_line")) == len(pairs)  # the cheque's by hand
    assert len(cleared) == len(pairs)
    assert {c.statement_id is not None for c in cleared} == {True}
