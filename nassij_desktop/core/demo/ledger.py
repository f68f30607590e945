"""Writing a demo's books fast: bulk rows for the many dues receipts, `post_entry` for the rest,
in date order so that each journal's numbers follow the dates and stay gap-free."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalLine,
)
from nassij_desktop.core.books.services import (
    LineSpec,
    fiscal_year_bounds,
    fiscal_year_for,
    post_entry,
)
from nassij_desktop.core.common.base import utcnow
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.demo.people import DemoDues
from nassij_desktop.core.members.models import DuesPayment, PaymentMethod

FLUSH_EVERY = 20_000
_STAMPS = ("created_at", "updated_at", "version")


def _memoised(proc: Callable[[Any], Any] | None) -> Callable[[Any], Any] | None:
    """A bind processor applied once per distinct value (dates, enums, amounts repeat)."""
    if proc is None:
        return None
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            result = seen[value] = proc(value)
            return result

    return convert


class BulkInsert:
    """INSERT of many rows into one table, many rows per statement.

    Values go through each column type's own bind processor for the connection's dialect
    (dates, enums, money in centimes), memoised since they repeat. SQLAlchemy compiles the
    single-row INSERT once; where the driver's placeholders are positional (SQLite's "?",
    "%s"), its VALUES group is repeated to send up to `ROWS_PER_STATEMENT` rows per statement,
    and the last rows go as one `executemany`. Elsewhere SQLAlchemy's own "insertmanyvalues"
    (an INSERT … RETURNING with a list of rows) does the batching, more slowly.

    Many rows per statement matter: per-row parameter handling in SQLAlchemy costs more than
    SQLite's work for these tables, and the member table's search-index trigger makes SQLite
    flush the full-text index after every statement. `created_at`, `updated_at` and `version`
    are filled here, as the ORM defaults would.
    """

    ROWS_PER_STATEMENT = 500

    def __init__(self, session: Session, table: sa.Table, columns: Sequence[str]) -> None:
        dialect = session.get_bind().dialect
        self.session = session
        self.columns = (*columns, *_STAMPS)
        self.converters = tuple(
            _memoised(table.c[c].type.dialect_impl(dialect).bind_processor(dialect))
            for c in self.columns
        )
        now = utcnow()
        count = len(columns)
        self.stamps = tuple(
            c(v) if c else v for c, v in zip(self.converters[count:], (now, now, 1), strict=True)
        )
        self.convert = tuple((i, c) for i, c in enumerate(self.converters[:count]) if c)
        light = sa.table(table.name, *(sa.column(c) for c in self.columns))
        compiled = sa.insert(light).compile(dialect=dialect)
        self.per_statement = 0
        if (
            dialect.paramstyle in {"qmark", "format"}
            and compiled.positiontup is not None
            and list(compiled.positiontup) == list(self.columns)
        ):
            head, values, group = compiled.string.rpartition(" VALUES ")
            limit = getattr(dialect, "insertmanyvalues_max_parameters", 999)
            self.per_statement = max(1, min(self.ROWS_PER_STATEMENT, limit // len(self.columns)))
            self.single = compiled.string
            self.multiple = f"{head}{values}{', '.join([group] * self.per_statement)}"
        else:
            returning = sa.table(table.name, sa.column("id"), *(sa.column(c) for c in self.columns))
            self.statement = sa.insert(returning).returning(returning.c.id)

    def _converted(self, rows: Iterable[Sequence[Any]]) -> list[tuple[Any, ...]]:
        convert, stamps = self.convert, self.stamps
        out = []
        for row in rows:
            values = list(row)
            for index, converter in convert:
                values[index] = converter(values[index])
            values.extend(stamps)
            out.append(tuple(values))
        return out

    def insert(self, rows: Iterable[Sequence[Any]]) -> int:
        """Insert `rows`, tuples of values in the order of `columns`; returns how many."""
        converted = self._converted(rows)
        if not converted:
            return 0
        if not self.per_statement:
            params = [dict(zip(self.columns, row, strict=True)) for row in converted]
            self.session.execute(self.statement, params).close()
            return len(converted)
        connection = self.session.connection()
        per = self.per_statement
        full = len(converted) - len(converted) % per
        for start in range(0, full, per):
            flat = tuple(itertools.chain.from_iterable(converted[start : start + per]))
            connection.exec_driver_sql(self.multiple, flat)
        if full < len(converted):
            connection.exec_driver_sql(self.single, converted[full:])
        return len(converted)


class Ledger:
    """The demo's books in date order: `dues()` queues a receipt written in bulk, `post()`
    writes one entry through `post_entry` (after the queued receipts, so that numbers follow
    the dates). Tracks treasury balances and each year's movements per account."""

    def __init__(
        self,
        session: Session,
        actor: Actor,
        *,
        start_month: int,
        bank: str,
        cash: str,
        dues_income: str,
        dues_label: str,
    ) -> None:
        self.session = session
        self.actor = actor
        self.start_month = start_month
        self.bank, self.cash, self.dues_income = bank, cash, dues_income
        self.dues_label = dues_label
        self.accounts = dict(session.execute(sa.select(Account.number, Account.id)).all())
        self.journals = dict(session.execute(sa.select(Journal.code, Journal.id)).all())
        self._cash_journal, self._bank_journal = self.journals["CA"], self.journals["BQ"]
        self.balance: dict[str, Decimal] = {bank: ZERO, cash: ZERO}
        # (first calendar year of the fiscal year, account) → debits − credits
        self.flows: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        self.receipts: dict[int, int] = defaultdict(int)  # calendar year → last receipt number
        self.entries = 0
        self._years: dict[dt.date, FiscalYear] = {}
        self._days: dict[dt.date, tuple[int, int]] = {}
        self._last_number: dict[tuple[int, int], int] = {}
        self._pending: list[tuple[DemoDues, int, int, int, str, str, str]] = []
        self._entry_rows = BulkInsert(
            session,
            JournalEntry.__table__,
            ("fiscal_year_id", "journal_id", "number", "entry_date", "label", "reference"),
        )
        self._line_rows = BulkInsert(
            session,
            JournalLine.__table__,
            ("entry_id", "position", "account_id", "label", "debit", "credit"),
        )
        self._dues_rows = BulkInsert(
            session,
            DuesPayment.__table__,
            (
                "member_id",
                "year",
                "amount",
                "paid_on",
                "method",
                "receipt_number",
                "journal_entry_id",
            ),
        )

    # --- reading ---------------------------------------------------------------------------

    def fiscal_year(self, day: dt.date) -> FiscalYear:
        start, _end = fiscal_year_bounds(day, self.start_month)
        year = self._years.get(start)
        if year is None:
            year = self._years[start] = fiscal_year_for(self.session, day, self.start_month)
        return year

    def _day(self, day: dt.date) -> tuple[int, int]:
        """(id of the fiscal year holding `day`, its first calendar year), remembered."""
        known = self._days.get(day)
        if known is None:
            year = self.fiscal_year(day)
            known = self._days[day] = (year.id, year.starts_on.year)
        return known

    def year_key(self, day: dt.date) -> int:
        """The first calendar year of the fiscal year holding `day`."""
        return fiscal_year_bounds(day, self.start_month)[0].year

    def can_pay(self, account: str, amount: Decimal) -> bool:
        return self.balance[account] >= amount

    # --- writing ---------------------------------------------------------------------------

    def _next_number(self, fiscal_year_id: int, journal_id: int) -> int:
        key = (fiscal_year_id, journal_id)
        last = self._last_number.get(key)
        if last is None:
            last = (
                self.session.scalar(
                    sa.select(sa.func.max(JournalEntry.number)).where(
                        JournalEntry.fiscal_year_id == fiscal_year_id,
                        JournalEntry.journal_id == journal_id,
                    )
                )
                or 0
            )
        self._last_number[key] = last + 1
        return last + 1

    def _move(self, year: int, account: str, amount: Decimal) -> None:
        self.flows[(year, account)] += amount
        if account in self.balance:
            self.balance[account] += amount

    def dues(self, payment: DemoDues) -> None:
        """Queue a dues receipt: numbered receipt, entry (treasury debit, dues income credit)."""
        paid_on, amount = payment.paid_on, payment.amount
        receipts = self.receipts
        receipts[paid_on.year] += 1
        receipt = f"{paid_on.year}-{receipts[paid_on.year]:05d}"
        cash = payment.method is PaymentMethod.CASH
        treasury = self.cash if cash else self.bank
        journal_id = self._cash_journal if cash else self._bank_journal
        fiscal_year_id, year = self._day(paid_on)
        number = self._next_number(fiscal_year_id, journal_id)
        label = self.dues_label.format(year=payment.year, number=payment.member.number)
        self._pending.append(
            (payment, fiscal_year_id, journal_id, number, receipt, treasury, label)
        )
        self._move(year, treasury, amount)
        self._move(year, self.dues_income, -amount)
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def post(
        self,
        day: dt.date,
        journal: str,
        label: str,
        lines: Sequence[LineSpec],
        reference: str | None = None,
        *,
        restate: bool = False,
    ) -> JournalEntry:
        """Write one entry now. `restate`: an opening entry that states again balances the
        ledger already tracks (its amounts are counted in the year's movements only)."""
        self.flush()
        entry = post_entry(
            self.session,
            self.actor,
            journal=journal,
            entry_date=day,
            label=label,
            lines=lines,
            reference=reference,
            fiscal_year_start_month=self.start_month,
        )
        self._last_number[(entry.fiscal_year_id, entry.journal_id)] = entry.number
        self.entries += 1
        year = self.year_key(day)
        for line in lines:
            if restate:
                self.flows[(year, line.account)] += line.debit - line.credit
            else:
                self._move(year, line.account, line.debit - line.credit)
        return entry

    def flush(self) -> None:
        """Write the queued dues receipts: entries, then their lines and the payments."""
        pending = self._pending
        if not pending:
            return
        self._entry_rows.insert(
            (fy, journal, number, p.paid_on, label, receipt)
            for p, fy, journal, number, receipt, _treasury, label in pending
        )
        ids = self._entry_ids(pending)
        accounts, income = self.accounts, self.accounts[self.dues_income]
        lines = []
        for p, fy, journal, number, _receipt, treasury, label in pending:
            entry_id = ids[(fy, journal, number)]
            lines.append((entry_id, 1, accounts[treasury], label, p.amount, ZERO))
            lines.append((entry_id, 2, income, label, ZERO, p.amount))
        self._line_rows.insert(lines)
        self._dues_rows.insert(
            (
                p.member.id,
                p.year,
                p.amount,
                p.paid_on,
                p.method,
                receipt,
                ids[(fy, journal, number)],
            )
            for p, fy, journal, number, receipt, _treasury, _label in pending
        )
        self.entries += len(pending)
        pending.clear()

    def _entry_ids(
        self, pending: list[tuple[DemoDues, int, int, int, str, str, str]]
    ) -> dict[tuple[int, int, int], int]:
        ranges: dict[tuple[int, int], tuple[int, int]] = {}
        for _p, fy, journal, number, *_rest in pending:
            low, high = ranges.get((fy, journal), (number, number))
            ranges[(fy, journal)] = (min(low, number), max(high, number))
        ids: dict[tuple[int, int, int], int] = {}
        for (fy, journal), (low, high) in ranges.items():
            rows = self.session.execute(
                sa.select(JournalEntry.number, JournalEntry.id).where(
                    JournalEntry.fiscal_year_id == fy,
                    JournalEntry.journal_id == journal,
                    JournalEntry.number.between(low, high),
                )
            )
            ids.update(((fy, journal, number), entry_id) for number, entry_id in rows)
        return ids
