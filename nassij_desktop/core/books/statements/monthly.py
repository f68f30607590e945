"""Income and expenses month by month over a fiscal year (the dashboard's chart): the
validated entries' lines of class 7 (income, credit less debit) and class 6 (expenses, debit
less credit), summed in SQL by month of their entry, as the statements count them
(`counted_lines`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import Account, FiscalYear, JournalEntry, JournalLine
from nassij_desktop.core.books.statements.selection import CREDIT, DEBIT, cents, counted_lines
from nassij_desktop.core.common.permissions import Actor, Permission

INCOME_CLASS = 7
EXPENSE_CLASS = 6


@dataclass(frozen=True)
class MonthAmounts:
    year: int
    month: int
    income: Decimal
    expenses: Decimal


@dataclass(frozen=True)
class MonthlyResult:
    """A fiscal year's months in order (its first month first), every month present."""

    label: str
    months: tuple[MonthAmounts, ...]


def _months(starts_on: dt.date, ends_on: dt.date) -> list[tuple[int, int]]:
    months = []
    year, month = starts_on.year, starts_on.month
    while (year, month) <= (ends_on.year, ends_on.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def current_fiscal_year(session: Session, today: dt.date) -> FiscalYear | None:
    """The fiscal year holding `today`, else the latest that began before it."""
    return session.scalar(
        sa.select(FiscalYear)
        .where(FiscalYear.starts_on <= today)
        .order_by(FiscalYear.starts_on.desc())
        .limit(1)
    )


def income_and_expenses_by_month(
    session: Session, actor: Actor, today: dt.date
) -> MonthlyResult | None:
    """The current fiscal year's income and expenses by month; None when the books have no
    year yet."""
    actor.require(Permission.BOOKS_READ)
    year = current_fiscal_year(session, today)
    if year is None:
        return None
    entry_year = sa.extract("year", JournalEntry.entry_date)
    entry_month = sa.extract("month", JournalEntry.entry_date)
    rows = session.execute(
        counted_lines(
            entry_year,
            entry_month,
            Account.account_class,
            sa.func.sum(DEBIT),
            sa.func.sum(CREDIT),
            since=year.starts_on,
            until=year.ends_on,
        )
        .join(Account, Account.id == JournalLine.account_id)
        .where(Account.account_class.in_((INCOME_CLASS, EXPENSE_CLASS)))
        .group_by(entry_year, entry_month, Account.account_class)
    )
    income: dict[tuple[int, int], int] = {}
    expenses: dict[tuple[int, int], int] = {}
    for y, m, account_class, debit, credit in rows:
        key = (int(y), int(m))
        if account_class == INCOME_CLASS:
            income[key] = int(credit or 0) - int(debit or 0)
        else:
            expenses[key] = int(debit or 0) - int(credit or 0)
    return MonthlyResult(
        year.label,
        tuple(
            MonthAmounts(y, m, cents(income.get((y, m), 0)), cents(expenses.get((y, m), 0)))
            for y, m in _months(year.starts_on, year.ends_on)
        ),
    )
