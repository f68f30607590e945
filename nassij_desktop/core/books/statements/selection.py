"""Which lines count, over which dates, and the per-account sums every statement starts from.

Everything is summed by SQLite: the lines of the dates a statement needs, read along the
index of `journal_entry.entry_date` (then `journal_line.entry_id`), GROUP BY fiscal year,
journal and account. Python only adds up those few hundred sums into each year's opening
and movements: no statement loads entries to compute a balance.

Opening balances. A year whose entries include an opening entry (a journal of kind
`opening`, "AN") starts from that entry: it replaces everything before. A year without one
(the year before it is not closed yet) starts from the sum of every counted line since the
latest year that has one (or since the first entry). The incomes and charges (classes 6 and
7) of those earlier years are results not yet carried to the funds: they are kept apart as
`prior_result`, so that each year's CPC holds only its own incomes and charges and the bilan
still balances."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    AccountKind,
    EntryState,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalLine,
)
from nassij_desktop.core.books.openings import in_force, opening_journal_ids
from nassij_desktop.core.books.services import fiscal_year_label
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.i18n import _

# The classes whose balances make the year's result (CPC); 1 to 5 make the bilan.
RESULT_CLASSES = frozenset({6, 7})
BALANCE_SHEET_CLASSES = frozenset({1, 2, 3, 4, 5})

# Where the trial balance shows the results of earlier years that no opening entry carried
# (CGNC 118, "Résultats nets en instance d'affectation").
UNALLOCATED_RESULT = (
    "118",
    "النتائج الصافية في انتظار التخصيص",
    "Résultats nets en instance d'affectation",
)

# Amounts are summed as integer centimes (the Money column's storage), then made Decimal.
DEBIT = sa.type_coerce(JournalLine.debit, sa.BigInteger)
CREDIT = sa.type_coerce(JournalLine.credit, sa.BigInteger)

# The order of the journal and of the ledger: date, journal, number, line.
ENTRY_ORDER = (
    JournalEntry.entry_date,
    Journal.code,
    JournalEntry.number,
    JournalEntry.id,
    JournalLine.position,
)


def some_accounts(account_ids: Iterable[int]) -> sa.ColumnElement[bool]:
    """The lines of these accounts, tested on each line read by date: on the bare column
    SQLite would read every line of the account, of every year, along its index."""
    return (JournalLine.account_id + sa.literal_column("0")).in_(list(account_ids))


def cents(centimes: int) -> Decimal:
    """An amount summed in centimes, with its two decimals (as `from_centimes`, faster)."""
    return Decimal(centimes).scaleb(-2)


@dataclass(frozen=True)
class Period:
    """A fiscal year's dates (the year before the first one has no row: it is computed)."""

    label: str
    starts_on: dt.date
    ends_on: dt.date


def counted_lines(*columns: Any, since: dt.date | None, until: dt.date) -> sa.Select[Any]:
    """SELECT `columns` FROM the journal lines that count in the statements, those of entries
    dated from `since` (None: from the first) to `until`, joined to their entry.

    THE one place that decides which entries count: every statement, total and balance reads
    through here. Drafts do not count until they are validated.
    """
    query = (
        sa.select(*columns)
        .select_from(JournalLine)
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(JournalEntry.state == EntryState.VALIDATED)
    )
    if since is not None:
        return query.where(JournalEntry.entry_date >= since, JournalEntry.entry_date <= until)
    # From the first entry: the lines read in their table's order are summed faster than
    # through the index of dates, which wrapping the column keeps SQLite from using. (A unary
    # + did so too, but PostgreSQL has no + for a date: the trial balance failed there.)
    date = JournalEntry.__table__.c.entry_date
    unindexed = sa.func.coalesce(date, date, type_=sa.Date())
    return query.where(unindexed <= until)


def resolve_year(session: Session, year: int | str) -> Period:
    """The fiscal year called `year` ("2026", "2025-2026"), or the one starting in year `year`."""
    text = str(year).strip()
    row = session.scalar(sa.select(FiscalYear).where(FiscalYear.label == text))
    if row is None and text.isdigit():
        number = int(text)
        row = session.scalar(
            sa.select(FiscalYear)
            .where(FiscalYear.starts_on >= dt.date(number, 1, 1))
            .where(FiscalYear.starts_on <= dt.date(number, 12, 31))
            .order_by(FiscalYear.starts_on)
            .limit(1)
        )
    if row is None:
        raise ValidationError("year", _("The books have no fiscal year {year}.").format(year=text))
    return Period(row.label, row.starts_on, row.ends_on)


def previous_period(session: Session, period: Period) -> Period:
    """The fiscal year before `period`: its row, or the year of the same dates before it."""
    day_before = period.starts_on - dt.timedelta(days=1)
    row = session.scalar(sa.select(FiscalYear).where(FiscalYear.ends_on == day_before))
    if row is not None:
        return Period(row.label, row.starts_on, row.ends_on)
    start = _year_before(period.starts_on)
    return Period(fiscal_year_label(start, day_before), start, day_before)


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class AccountBalance:
    """One account over a period, in centimes: `opening` and `closing` are debits minus
    credits; `debit` and `credit` are the period's movements."""

    account_id: int
    number: str
    label_ar: str
    label_fr: str
    account_class: int
    opening: int
    debit: int
    credit: int
    contra: bool = False  # amortisation or provision, shown apart from the gross value

    @property
    def closing(self) -> int:
        return self.opening + self.debit - self.credit

    @property
    def movement(self) -> int:
        return self.debit - self.credit


@dataclass(frozen=True)
class PeriodBalances:
    period: Period
    accounts: tuple[AccountBalance, ...]  # by account number
    prior_result: int  # earlier years' classes 6-7 not carried by an opening entry (debit +)

    @property
    def result(self) -> int:
        """The period's result, debits minus credits of classes 6 and 7 (an excess is < 0)."""
        return sum(a.movement for a in self.accounts if a.account_class in RESULT_CLASSES)

    def by_number(self) -> dict[str, AccountBalance]:
        return {a.number: a for a in self.accounts}


def period_balances(
    session: Session, *periods: Period, account_ids: Iterable[int] | None = None
) -> tuple[PeriodBalances, ...]:
    """Every account's opening, debits, credits and closing over each of `periods` (a year
    and the year before). SQLite sums the lines per fiscal year, journal and account, in one
    pass over the lines the periods need (they share their history); those few sums are then
    added up here into each period's opening and movements."""
    until = max(period.ends_on for period in periods)
    starts = dict(session.execute(sa.select(FiscalYear.id, FiscalYear.starts_on)).all())
    openings = opening_journal_ids(session)
    opened = [starts[year] for year in _years_with_opening(session, starts, openings, until)]
    # Each period starts from the latest year, not after it, that has an opening entry.
    bases = [max((d for d in opened if d <= p.starts_on), default=None) for p in periods]
    since = None if None in bases else min(b for b in bases if b is not None)
    # Grouped by an expression of the year, not the bare column: on the bare column SQLite
    # walks the (year, journal, number) index for its order and reads every entry, instead of
    # only the period's along the index of dates.
    year = (JournalEntry.fiscal_year_id + sa.literal_column("0")).label("year")
    query = counted_lines(
        year,
        JournalEntry.journal_id,
        JournalLine.account_id,
        sa.func.sum(DEBIT),
        sa.func.sum(CREDIT),
        since=since,
        until=until,
    ).group_by(year, JournalEntry.journal_id, JournalLine.account_id)
    if account_ids is not None:
        query = query.where(some_accounts(account_ids))
    sums = session.execute(query).all()
    accounts = {
        row.id: row
        for row in session.execute(
            sa.select(
                Account.id,
                Account.number,
                Account.label_ar,
                Account.label_fr,
                Account.account_class,
                Account.kind,
            ).where(Account.id.in_({account_id for _y, _j, account_id, _d, _c in sums}))
        )
    }
    results = []
    for period, base in zip(periods, bases, strict=True):
        figures: dict[int, list[int]] = {}  # account id → [opening, debit, credit]
        for year, journal, account_id, debit, credit in sums:
            start = starts[year]
            if (base is not None and start < base) or start > period.starts_on:
                continue
            held = figures.setdefault(account_id, [0, 0, 0])
            # Earlier years, and the year's own opening entries, make the opening.
            if start < period.starts_on or journal in openings:
                held[0] += int(debit or 0) - int(credit or 0)
            else:
                held[1] += int(debit or 0)
                held[2] += int(credit or 0)
        found = []
        prior_result = 0
        for account_id, (opening, debit, credit) in figures.items():
            account = accounts[account_id]
            if account.account_class in RESULT_CLASSES:
                prior_result += opening
                opening = 0
            if opening or debit or credit:
                found.append(
                    AccountBalance(
                        account_id,
                        account.number,
                        account.label_ar,
                        account.label_fr,
                        account.account_class,
                        opening,
                        debit,
                        credit,
                        account.kind is AccountKind.CONTRA,
                    )
                )
        found.sort(key=lambda balance: balance.number)
        results.append(PeriodBalances(period, tuple(found), prior_result))
    return tuple(results)


def _years_with_opening(
    session: Session, starts: dict[int, dt.date], openings: set[int], until: dt.date
) -> list[int]:
    """The fiscal years (ids) that have a counted opening entry, found along the unique index
    of (fiscal year, journal, number)."""
    if not openings or not starts:
        return []
    return list(
        session.scalars(
            counted_lines(JournalEntry.fiscal_year_id, since=None, until=until)
            .where(
                JournalEntry.fiscal_year_id.in_(list(starts)),
                JournalEntry.journal_id.in_(list(openings)),
                # A reopened year's opening entry and its reversal restate nothing: the next
                # year starts from the earlier years' lines again.
                in_force(),
            )
            .distinct()
        )
    )


def year_balances(
    session: Session, year: int | str, *, account_ids: Iterable[int] | None = None
) -> tuple[PeriodBalances, PeriodBalances]:
    """The balances of fiscal year `year` and of the year before it."""
    period = resolve_year(session, year)
    current, previous = period_balances(
        session, period, previous_period(session, period), account_ids=account_ids
    )
    return current, previous
