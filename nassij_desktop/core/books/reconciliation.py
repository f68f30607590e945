"""Bank reconciliation: the bank's statements beside the books' bank account.

A statement file is imported for a bank account (`import_bank_statement`); each of its lines
is matched to one journal line of the account (`suggest_matches`: same amount, dates a few
days apart; `match_lines`, `unmatch_line`), which clears it. A line the books lack (bank fees,
interest) is booked from the statement (`book_missing_line`, through the quick entries). A
book line can also be cleared by hand (`clear_line`, an opening balance say).

`reconciliation_statement(…, as_of)` explains the book balance by the bank balance at a day:
the book lines not yet cleared (among them the cheques of the year before the opening entry
that the bank had not cashed when it was closed) and the bank lines not yet in the books.
The UI, the CLI, the PDF and the closing assistant (`reconciliation_status`,
`unreconciled_banks`) read it.

Directions: the bank's statement speaks from the account holder's bank's side. Its credit
(money in) is a debit of the books' bank account; its debit (money out) a credit.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from nassij_desktop.core.books.bank_statements import StatementRow, read_statement
from nassij_desktop.core.books.chain import entry_code
from nassij_desktop.core.books.models import (
    Account,
    BankStatement,
    BankStatementLine,
    ClearedLine,
    EntryState,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalLine,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.books.openings import balance_start, opening_journal_ids
from nassij_desktop.core.books.quick_entries import MoneyMovement, record_expense, record_receipt
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.base import Entity
from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _

E = TypeVar("E", bound=Entity)

MATCH_DAYS = 5  # a cheque or a transfer reaches the bank a few days after it is booked


@dataclass(frozen=True)
class StatementRecord:
    id: int
    treasury_id: int
    file_name: str
    starts_on: dt.date
    ends_on: dt.date
    lines: int
    skipped: int  # lines already imported from an earlier, overlapping statement


@dataclass(frozen=True)
class BankLine:
    """A statement line; `amount` is signed as the books see it (money in positive)."""

    id: int
    statement_id: int
    day: dt.date
    label: str
    debit: Decimal
    credit: Decimal
    balance: Decimal | None
    journal_line_id: int | None

    @property
    def amount(self) -> Decimal:
        return self.credit - self.debit


@dataclass(frozen=True)
class BookLine:
    """A journal line of the bank account; `amount` is its debit less its credit."""

    id: int
    entry_id: int
    entry: str  # its code, BQ-2025-12
    day: dt.date
    label: str
    debit: Decimal
    credit: Decimal
    cleared_on: dt.date | None
    bank_line_id: int | None
    # A line of an opening entry: the balance carried from the year before, not a movement
    # the bank will show.
    opening: bool = False
    # A line of the year before the opening entry not cleared when it began: a cheque of a
    # closed year the bank has not cashed yet. Its amount is inside the opening balance (not
    # counted again in the book balance), and it stays outstanding until the bank shows it.
    carried: bool = False

    @property
    def amount(self) -> Decimal:
        return self.debit - self.credit


@dataclass(frozen=True)
class MatchSuggestion:
    bank_line: BankLine
    book_line: BookLine

    @property
    def days(self) -> int:
        return abs((self.bank_line.day - self.book_line.day).days)


@dataclass(frozen=True)
class ReconciliationStatement:
    """Book balance ↔ bank balance of one bank account at the end of `as_of`."""

    treasury_id: int
    treasury_name: str
    account: str
    as_of: dt.date
    book_balance: Decimal
    bank_balance: Decimal | None  # the last balance the statements give, None without one
    statement_through: dt.date | None  # the last day the statements cover
    uncleared: tuple[BookLine, ...]  # in the books, not yet seen by the bank
    unmatched: tuple[BankLine, ...]  # seen by the bank, not yet in the books

    @property
    def uncleared_total(self) -> Decimal:
        return sum((line.amount for line in self.uncleared), ZERO)

    @property
    def unmatched_total(self) -> Decimal:
        return sum((line.amount for line in self.unmatched), ZERO)

    @property
    def expected_bank_balance(self) -> Decimal:
        """What the bank should show: the books, less what it has not seen yet, plus what
        it saw that the books lack."""
        return self.book_balance - self.uncleared_total + self.unmatched_total

    @property
    def difference(self) -> Decimal | None:
        if self.bank_balance is None:
            return None
        return self.bank_balance - self.expected_bank_balance

    @property
    def reconciled(self) -> bool:
        """Every bank line is in the books and the balances agree once the lines the bank
        has not seen yet are set aside."""
        return self.difference == ZERO and not self.unmatched


# --- import ----------------------------------------------------------------------------------


def _bank_account(session: Session, treasury_id: int) -> TreasuryAccount:
    row = session.get(TreasuryAccount, treasury_id)
    if row is None:
        raise NotFound(_("This bank account no longer exists."))
    if row.kind is not TreasuryKind.BANK:
        raise ValidationError(
            "treasury", _("Only a bank account is reconciled with a bank statement.")
        )
    return row


def _key(day: dt.date, label: str, debit: Decimal, credit: Decimal) -> tuple[object, ...]:
    return (day, label.strip().casefold(), debit, credit)


def import_bank_statement(
    session: Session,
    actor: Actor,
    treasury_id: int,
    file_name: str,
    content: bytes,
    *,
    opening_balance: Decimal | None = None,
) -> StatementRecord:
    """Read the statement file and keep its lines for the bank account. The lines already
    imported (an overlapping export) are skipped; a file of nothing new is refused. Without
    a balance column, `opening_balance` (the balance before the first line) gives each
    line's balance."""
    actor.require(Permission.BOOKS_WRITE)
    treasury = _bank_account(session, treasury_id)
    rows = read_statement(file_name, content)
    known = Counter(
        _key(r.line_date, r.label, r.debit, r.credit)
        for r in session.execute(
            sa.select(
                BankStatementLine.line_date,
                BankStatementLine.label,
                BankStatementLine.debit,
                BankStatementLine.credit,
            )
            .join(BankStatement)
            .where(BankStatement.treasury_account_id == treasury_id)
        )
    )
    fresh: list[StatementRow] = []
    for row in rows:
        key = _key(row.day, row.label, row.debit, row.credit)
        if known[key]:
            known[key] -= 1
        else:
            fresh.append(row)
    if not fresh:
        raise ValidationError("file", _("Every line of this statement was already imported."))
    running = opening_balance
    fresh_lines = {r.line for r in fresh}
    statement = BankStatement(
        treasury_account_id=treasury.id,
        file_name=PurePath(file_name).name[:260],
        imported_at=utcnow(),
        imported_by_id=actor.user_id,
        starts_on=min(r.day for r in rows),
        ends_on=max(r.day for r in rows),
    )
    for position, row in enumerate(rows, start=1):
        balance = row.balance
        if running is not None:
            running += row.credit - row.debit
            balance = running if balance is None else balance
        if row.line in fresh_lines:
            statement.lines.append(
                BankStatementLine(
                    position=position,
                    line_date=row.day,
                    label=row.label,
                    debit=row.debit,
                    credit=row.credit,
                    balance=balance,
                )
            )
    session.add(statement)
    audit.log_write(
        session,
        actor,
        "create",
        statement,
        after={
            "treasury_account_id": treasury.id,
            "file_name": statement.file_name,
            "lines": len(fresh),
            "starts_on": statement.starts_on.isoformat(),
            "ends_on": statement.ends_on.isoformat(),
        },
    )
    return StatementRecord(
        statement.id,
        treasury.id,
        statement.file_name,
        statement.starts_on,
        statement.ends_on,
        len(fresh),
        len(rows) - len(fresh),
    )


# --- reading ---------------------------------------------------------------------------------


def bank_lines(
    session: Session,
    actor: Actor,
    treasury_id: int,
    *,
    as_of: dt.date | None = None,
    unmatched_only: bool = False,
) -> list[BankLine]:
    """The statement lines of the bank account, by date."""
    actor.require(Permission.BOOKS_READ)
    query = (
        sa.select(BankStatementLine)
        .join(BankStatement)
        .where(BankStatement.treasury_account_id == treasury_id)
        .order_by(BankStatementLine.line_date, BankStatement.id, BankStatementLine.position)
    )
    if as_of is not None:
        query = query.where(BankStatementLine.line_date <= as_of)
    if unmatched_only:
        query = query.where(BankStatementLine.journal_line_id.is_(None))
    return [
        BankLine(
            r.id,
            r.statement_id,
            r.line_date,
            r.label,
            r.debit,
            r.credit,
            r.balance,
            r.journal_line_id,
        )
        for r in session.scalars(query)
    ]


def book_lines(
    session: Session,
    actor: Actor,
    treasury_id: int,
    *,
    as_of: dt.date | None = None,
    uncleared_only: bool = False,
) -> list[BookLine]:
    """The validated journal lines of the bank account's ledger account, by date; uncleared
    means not cleared by the end of `as_of` (or at all, without a day)."""
    actor.require(Permission.BOOKS_READ)
    treasury = _bank_account(session, treasury_id)
    query = (
        sa.select(
            JournalLine.id,
            JournalLine.entry_id,
            JournalLine.label,
            JournalLine.debit,
            JournalLine.credit,
            JournalEntry.entry_date,
            JournalEntry.label.label("entry_label"),
            JournalEntry.number,
            FiscalYear.label.label("year"),
            ClearedLine.cleared_on,
            BankStatementLine.id.label("bank_line_id"),
            JournalEntry.journal_id,
        )
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .join(FiscalYear, FiscalYear.id == JournalEntry.fiscal_year_id)
        .outerjoin(ClearedLine, ClearedLine.journal_line_id == JournalLine.id)
        .outerjoin(BankStatementLine, BankStatementLine.journal_line_id == JournalLine.id)
        .where(
            JournalLine.account_id == treasury.account_id,
            JournalEntry.state == EntryState.VALIDATED,
        )
        .order_by(JournalEntry.entry_date, JournalEntry.id, JournalLine.position)
    )
    if as_of is not None:
        query = query.where(JournalEntry.entry_date <= as_of)
    openings = opening_journal_ids(session)
    start = balance_start(session, as_of)
    carried_since = _year_before(session, start)
    if start is not None:  # the latest opening entry restates the years before it
        current = JournalEntry.entry_date >= start
        if carried_since is not None:
            # …but not the previous year's lines the bank had not seen when it began.
            carried = sa.and_(
                JournalEntry.entry_date >= carried_since,
                JournalEntry.entry_date < start,
                JournalEntry.journal_id.not_in(openings),
                sa.or_(ClearedLine.id.is_(None), ClearedLine.cleared_on >= start),
            )
            current = sa.or_(current, carried)
        query = query.where(current)
    if uncleared_only:
        query = query.where(
            ClearedLine.id.is_(None)
            if as_of is None
            else sa.or_(ClearedLine.id.is_(None), ClearedLine.cleared_on > as_of)
        )
    journals = _journal_codes(session)
    return [
        BookLine(
            r.id,
            r.entry_id,
            entry_code(journals[r.journal_id], r.year, r.number),
            r.entry_date,
            r.label or r.entry_label,
            r.debit,
            r.credit,
            r.cleared_on,
            r.bank_line_id,
            r.journal_id in openings,
            start is not None and r.entry_date < start,
        )
        for r in session.execute(query)
    ]


def _year_before(session: Session, start: dt.date | None) -> dt.date | None:
    """The first day of the fiscal year before the one starting on `start`: the year whose
    closing wrote that opening entry."""
    if start is None:
        return None
    return session.scalar(
        sa.select(sa.func.max(FiscalYear.starts_on)).where(FiscalYear.starts_on < start)
    )


def _journal_codes(session: Session) -> dict[int, str]:
    return {r.id: r.code for r in session.execute(sa.select(Journal.id, Journal.code))}


def suggest_matches(
    session: Session, actor: Actor, treasury_id: int, *, days: int = MATCH_DAYS
) -> list[MatchSuggestion]:
    """One book line for each unmatched bank line where one fits: the same amount, the
    nearest date within `days`; each book line suggested once (the closest pairs first)."""
    bank = bank_lines(session, actor, treasury_id, unmatched_only=True)
    book = [
        b
        for b in book_lines(session, actor, treasury_id, uncleared_only=True)
        if b.bank_line_id is None
    ]
    by_amount: dict[Decimal, list[BookLine]] = {}
    for line in book:
        by_amount.setdefault(line.amount, []).append(line)
    pairs = sorted(
        (
            (abs((b.day - k.day).days), b.day, b.id, k.id, b, k)
            for b in bank
            for k in by_amount.get(b.amount, ())
            if abs((b.day - k.day).days) <= days
        ),
        key=lambda p: p[:4],
    )
    taken_bank: set[int] = set()
    taken_book: set[int] = set()
    found: list[MatchSuggestion] = []
    for _days, _day, bank_id, book_id, bank_line, book_line in pairs:
        if bank_id in taken_bank or book_id in taken_book:
            continue
        taken_bank.add(bank_id)
        taken_book.add(book_id)
        found.append(MatchSuggestion(bank_line, book_line))
    return sorted(found, key=lambda s: (s.bank_line.day, s.bank_line.id))


# --- matching and clearing -------------------------------------------------------------------


def _statement_line(
    treasury_id: int, line_id: int, row: BankStatementLine | None
) -> BankStatementLine:
    if row is None or row.statement.treasury_account_id != treasury_id:
        raise ValidationError(
            "bank_line",
            _("Statement line {line} is not one of this account's.").format(line=line_id),
        )
    return row


def _book_line(treasury: TreasuryAccount, line_id: int, row: JournalLine | None) -> JournalLine:
    if (
        row is None
        or row.account_id != treasury.account_id
        or row.entry.state is not EntryState.VALIDATED
    ):
        raise ValidationError(
            "book_line",
            _("Line {line} is not a validated line of this bank account.").format(line=line_id),
        )
    return row


def _by_id(session: Session, model: type[E], ids: Iterable[int], *load: Any) -> dict[int, E]:
    """The rows of `model` among `ids`, read at once (with the relationships `load`)."""
    query = sa.select(model).where(model.id.in_(set(ids))).options(*load)
    return {row.id: row for row in session.scalars(query)}


def match_lines(
    session: Session,
    actor: Actor,
    treasury_id: int,
    pairs: list[tuple[int, int]],
) -> int:
    """Match each (statement line, journal line) pair — same amount, the same direction —
    and clear the journal line on the statement line's day. Returns how many.

    The lines are read once and the audit written in one batch: matching a year's statement
    line by line took a flush and a seal of the audit chain per pair (seconds for a few
    hundred lines)."""
    actor.require(Permission.BOOKS_WRITE)
    treasury = _bank_account(session, treasury_id)
    banks = _by_id(
        session,
        BankStatementLine,
        (b for b, _k in pairs),
        selectinload(BankStatementLine.statement),
    )
    books = _by_id(session, JournalLine, (k for _b, k in pairs), selectinload(JournalLine.entry))
    book_ids = {k for _b, k in pairs}
    taken = set(
        session.scalars(
            sa.select(BankStatementLine.journal_line_id).where(
                BankStatementLine.journal_line_id.in_(book_ids)
            )
        )
    )
    cleared = {
        row.journal_line_id: row
        for row in session.scalars(
            sa.select(ClearedLine).where(ClearedLine.journal_line_id.in_(book_ids))
        )
    }
    done: list[tuple[BankStatementLine, ClearedLine, dict[str, str] | None]] = []
    for bank_id, book_id in pairs:
        bank = _statement_line(treasury_id, bank_id, banks.get(bank_id))
        book = _book_line(treasury, book_id, books.get(book_id))
        if bank.journal_line_id is not None:
            raise ValidationError(
                "bank_line",
                _("Statement line {line} is already matched.").format(line=bank_id),
            )
        if book_id in taken:
            raise ValidationError(
                "book_line", _("Line {line} is already matched.").format(line=book_id)
            )
        if bank.credit - bank.debit != book.debit - book.credit:
            raise ValidationError(
                "book_line",
                _("The amounts differ: the statement line and the book line must agree."),
            )
        bank.journal_line_id = book_id
        taken.add(book_id)
        row, before = _cleared(session, actor, cleared, book_id, bank.line_date, bank.statement_id)
        done.append((bank, row, before))
    session.flush()  # the new cleared lines get their ids
    audit.record_many(
        session,
        actor,
        itertools.chain.from_iterable(
            (
                audit.AuditItem(
                    "update" if before else "create",
                    ClearedLine.__tablename__,
                    row.id,
                    before,
                    {"cleared_on": row.cleared_on.isoformat()}
                    if before
                    else {
                        "journal_line_id": row.journal_line_id,
                        "cleared_on": row.cleared_on.isoformat(),
                    },
                ),
                audit.AuditItem(
                    "update",
                    BankStatementLine.__tablename__,
                    bank.id,
                    None,
                    {"journal_line_id": bank.journal_line_id},
                ),
            )
            for bank, row, before in done
        ),
    )
    return len(pairs)


def accept_suggestions(session: Session, actor: Actor, treasury_id: int) -> int:
    """Match every suggested pair. Returns how many."""
    pairs = [(s.bank_line.id, s.book_line.id) for s in suggest_matches(session, actor, treasury_id)]
    return match_lines(session, actor, treasury_id, pairs)


def unmatch_line(session: Session, actor: Actor, treasury_id: int, bank_line_id: int) -> None:
    """Undo a match: the statement line is unmatched, its journal line uncleared."""
    actor.require(Permission.BOOKS_WRITE)
    bank = _statement_line(treasury_id, bank_line_id, session.get(BankStatementLine, bank_line_id))
    if bank.journal_line_id is None:
        raise ValidationError(
            "bank_line", _("Statement line {line} is not matched.").format(line=bank_line_id)
        )
    book_id = bank.journal_line_id
    bank.journal_line_id = None
    audit.log_write(session, actor, "update", bank, before={"journal_line_id": book_id})
    cleared = session.scalar(sa.select(ClearedLine).where(ClearedLine.journal_line_id == book_id))
    if cleared is not None:
        audit.log_write(session, actor, "delete", cleared, before={"journal_line_id": book_id})
        session.delete(cleared)
        session.flush()


def _cleared(
    session: Session,
    actor: Actor,
    cleared: dict[int, ClearedLine],
    line_id: int,
    day: dt.date,
    statement_id: int | None,
) -> tuple[ClearedLine, dict[str, str] | None]:
    """Clear `line_id` on `day` (`cleared`: its clearing, if any, by line): the row, and what
    it said before when it was cleared already (None: a new row)."""
    existing = cleared.get(line_id)
    if existing is not None:
        before = {"cleared_on": existing.cleared_on.isoformat()}
        existing.cleared_on, existing.statement_id = day, statement_id
        return existing, before
    row = cleared[line_id] = ClearedLine(
        journal_line_id=line_id,
        cleared_on=day,
        statement_id=statement_id,
        cleared_by_id=actor.user_id,
    )
    session.add(row)
    return row, None


def _clear(
    session: Session, actor: Actor, line_id: int, day: dt.date, statement_id: int | None
) -> None:
    existing = session.scalar(sa.select(ClearedLine).where(ClearedLine.journal_line_id == line_id))
    cleared = {} if existing is None else {line_id: existing}
    row, before = _cleared(session, actor, cleared, line_id, day, statement_id)
    if before is not None:
        audit.log_write(
            session, actor, "update", row, before=before, after={"cleared_on": day.isoformat()}
        )
    else:
        audit.log_write(
            session,
            actor,
            "create",
            row,
            after={"journal_line_id": line_id, "cleared_on": day.isoformat()},
        )


def clear_line(
    session: Session, actor: Actor, treasury_id: int, line_id: int, day: dt.date
) -> None:
    """Mark a journal line of the bank account cleared on `day` without a statement line
    (the opening balance, a line checked on a paper statement)."""
    actor.require(Permission.BOOKS_WRITE)
    book = _book_line(
        _bank_account(session, treasury_id), line_id, session.get(JournalLine, line_id)
    )
    if day < book.entry.entry_date:
        raise ValidationError("date", _("A line is cleared on or after the day of its entry."))
    _clear(session, actor, line_id, day, None)


def unclear_line(session: Session, actor: Actor, treasury_id: int, line_id: int) -> None:
    actor.require(Permission.BOOKS_WRITE)
    _book_line(_bank_account(session, treasury_id), line_id, session.get(JournalLine, line_id))
    if session.scalar(
        sa.select(BankStatementLine.id).where(BankStatementLine.journal_line_id == line_id)
    ):
        raise ValidationError(
            "book_line", _("This line is matched to a statement line: unmatch it instead.")
        )
    cleared = session.scalar(sa.select(ClearedLine).where(ClearedLine.journal_line_id == line_id))
    if cleared is None:
        raise ValidationError("book_line", _("This line is not cleared."))
    audit.log_write(session, actor, "delete", cleared, before={"journal_line_id": line_id})
    session.delete(cleared)
    session.flush()


def book_missing_line(
    session: Session,
    actor: Actor,
    treasury_id: int,
    bank_line_id: int,
    *,
    account: str,
    voucher: str,
    label: str | None = None,
) -> int:
    """Book a statement line the books lack (bank fees, interest…) as a quick receipt or
    expense against `account`, dated as on the statement, and match it. Returns the entry id."""
    actor.require(Permission.BOOKS_WRITE)
    treasury = _bank_account(session, treasury_id)
    bank = _statement_line(treasury_id, bank_line_id, session.get(BankStatementLine, bank_line_id))
    if bank.journal_line_id is not None:
        raise ValidationError(
            "bank_line", _("Statement line {line} is already matched.").format(line=bank_line_id)
        )
    movement = MoneyMovement(
        entry_date=bank.line_date,
        amount=bank.credit or bank.debit,
        account=account,
        treasury_id=treasury.id,
        label=label or bank.label,
        voucher=voucher,
    )
    record = record_receipt if bank.credit else record_expense
    written = record(session, actor, movement)
    line_id = session.scalar(
        sa.select(JournalLine.id).where(
            JournalLine.entry_id == written.entry_id,
            JournalLine.account_id == treasury.account_id,
        )
    )
    assert line_id is not None  # the quick entry always has its treasury line
    match_lines(session, actor, treasury_id, [(bank_line_id, line_id)])
    return written.entry_id


# --- the reconciliation statement ------------------------------------------------------------


def reconciliation_statement(
    session: Session, actor: Actor, treasury_id: int, as_of: dt.date
) -> ReconciliationStatement:
    """The bank account's book balance at the end of `as_of` beside its bank balance."""
    actor.require(Permission.BOOKS_READ)
    treasury = _bank_account(session, treasury_id)
    number = session.scalar(sa.select(Account.number).where(Account.id == treasury.account_id))
    books = book_lines(session, actor, treasury_id, as_of=as_of)
    # The cheques carried from the year before are inside its opening line already.
    book_balance = sum((b.amount for b in books if not b.carried), ZERO)
    uncleared = tuple(
        b for b in books if not b.opening and (b.cleared_on is None or b.cleared_on > as_of)
    )
    # A bank line matched to a book line dated later is not yet in the books on that day.
    later = set(
        session.scalars(
            sa.select(JournalLine.id)
            .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
            .join(BankStatementLine, BankStatementLine.journal_line_id == JournalLine.id)
            .where(JournalLine.account_id == treasury.account_id, JournalEntry.entry_date > as_of)
        )
    )
    unmatched = tuple(
        b
        for b in bank_lines(session, actor, treasury_id, as_of=as_of)
        if b.journal_line_id is None or b.journal_line_id in later
    )
    balance = session.scalar(
        sa.select(BankStatementLine.balance)
        .join(BankStatement)
        .where(
            BankStatement.treasury_account_id == treasury_id,
            BankStatementLine.line_date <= as_of,
            BankStatementLine.balance.is_not(None),
        )
        .order_by(
            BankStatementLine.line_date.desc(),
            BankStatement.id.desc(),
            BankStatementLine.position.desc(),
        )
        .limit(1)
    )
    through = session.scalar(
        sa.select(sa.func.max(BankStatement.ends_on)).where(
            BankStatement.treasury_account_id == treasury_id, BankStatement.starts_on <= as_of
        )
    )
    return ReconciliationStatement(
        treasury.id,
        treasury.name,
        number or "",
        as_of,
        book_balance,
        balance,
        min(through, as_of) if through is not None else None,
        uncleared,
        unmatched,
    )


def reconciliation_status(
    session: Session, actor: Actor, treasury_id: int, as_of: dt.date
) -> ReconciliationStatement:
    """The closing assistant's question, is this bank account reconciled at `as_of`? —
    `.reconciled` on the statement answers it, the rest says why not."""
    return reconciliation_statement(session, actor, treasury_id, as_of)


def unreconciled_banks(
    session: Session, actor: Actor, as_of: dt.date
) -> list[ReconciliationStatement]:
    """The active bank accounts not reconciled at the end of `as_of` (a year's last day)."""
    actor.require(Permission.BOOKS_READ)
    banks = session.scalars(
        sa.select(TreasuryAccount.id)
        .where(TreasuryAccount.kind == TreasuryKind.BANK, TreasuryAccount.active)
        .order_by(TreasuryAccount.name, TreasuryAccount.id)
    ).all()
    statements = [reconciliation_statement(session, actor, t, as_of) for t in banks]
    return [s for s in statements if not s.reconciled]


__all__ = [
    "MATCH_DAYS",
    "BankLine",
    "BookLine",
    "MatchSuggestion",
    "ReconciliationStatement",
    "StatementRecord",
    "accept_suggestions",
    "bank_lines",
    "book_lines",
    "book_missing_line",
    "clear_line",
    "import_bank_statement",
    "match_lines",
    "reconciliation_statement",
    "reconciliation_status",
    "suggest_matches",
    "unclear_line",
    "unmatch_line",
    "unreconciled_banks",
]
