"""Fiscal years: opened (at most two at once), closed (the result carried to the association's
funds in the next year's opening entry), reopened by an administrator with a reason, locked.

Nothing is written (posted, validated, reversed) into a closed or locked year: see
`check_year_writable` in services.py, which every writer calls.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.association_terms import association_funds_account
from nassij_desktop.core.books.entries import reverse_entry, start_month
from nassij_desktop.core.books.models import (
    Account,
    EntryState,
    FiscalYear,
    FiscalYearStatus,
    Journal,
    JournalEntry,
    JournalLine,
)
from nassij_desktop.core.books.services import (
    LineSpec,
    check_can_open_year,
    fiscal_year_bounds,
    fiscal_year_label,
    post_entry,
)
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.errors import Conflict, NotFound, ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import TextKind, clean_text
from nassij_desktop.i18n import N_, _, ngettext

OPENING_JOURNAL = "AN"
# Classes whose balances the bilan carries into the next year; 6 and 7 make the result.
BALANCE_SHEET_CLASSES = frozenset({1, 2, 3, 4, 5})
RESULT_CLASSES = frozenset({6, 7, 8})


@dataclass(frozen=True)
class YearRecord:
    id: int
    label: str
    starts_on: dt.date
    ends_on: dt.date
    status: FiscalYearStatus
    entries: int  # validated
    drafts: int
    closed_at: dt.datetime | None


def _record(session: Session, year: FiscalYear) -> YearRecord:
    counts = dict(
        session.execute(
            sa.select(JournalEntry.state, sa.func.count())
            .where(JournalEntry.fiscal_year_id == year.id)
            .group_by(JournalEntry.state)
        ).all()
    )
    return YearRecord(
        year.id,
        year.label,
        year.starts_on,
        year.ends_on,
        year.status,
        counts.get(EntryState.VALIDATED, 0),
        counts.get(EntryState.DRAFT, 0),
        year.closed_at,
    )


def list_years(session: Session, actor: Actor) -> list[YearRecord]:
    actor.require(Permission.BOOKS_READ)
    years = session.scalars(sa.select(FiscalYear).order_by(FiscalYear.starts_on))
    return [_record(session, y) for y in years]


def year_row(session: Session, year: int) -> FiscalYear:
    """The fiscal year that starts in the calendar year `year` (2026, or 2025-2026)."""
    found = session.scalar(
        sa.select(FiscalYear).where(
            FiscalYear.starts_on >= dt.date(year, 1, 1),
            FiscalYear.starts_on <= dt.date(year, 12, 31),
        )
    )
    if found is None:
        raise NotFound(_("There is no fiscal year {year} in the books.").format(year=year))
    return found


def open_year(session: Session, actor: Actor, year: int) -> YearRecord:
    """Open the fiscal year starting in `year`; refused when two years are open already."""
    actor.require(Permission.BOOKS_WRITE)
    if not 1900 <= year <= 9999:
        raise ValidationError("year", _("Give the year with 4 digits, like 2026."))
    start, end = fiscal_year_bounds(dt.date(year, start_month(session), 1), start_month(session))
    label = fiscal_year_label(start, end)
    existing = session.scalar(sa.select(FiscalYear).where(FiscalYear.starts_on == start))
    if existing is not None:
        raise Conflict(
            _("The fiscal year {year} already exists ({status}).").format(
                year=label, status=_(YEAR_STATUS_LABELS[existing.status])
            )
        )
    overlap = session.scalar(
        sa.select(FiscalYear.label).where(FiscalYear.starts_on <= end, FiscalYear.ends_on >= start)
    )
    if overlap is not None:
        raise Conflict(
            _("The fiscal year {year} would overlap the year {other}.").format(
                year=label, other=overlap
            )
        )
    check_can_open_year(session, label)
    row = FiscalYear(label=label, starts_on=start, ends_on=end)
    session.add(row)
    audit.log_write(session, actor, "create", row, snapshot=audit.snapshot)
    return _record(session, row)


def unbalanced_entries(session: Session, year: FiscalYear) -> list[str]:
    rows = session.execute(
        sa.select(Journal.code, JournalEntry.number, JournalEntry.id)
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .join(JournalLine, JournalLine.entry_id == JournalEntry.id)
        .where(JournalEntry.fiscal_year_id == year.id)
        .group_by(Journal.code, JournalEntry.number, JournalEntry.id)
        .having(sa.func.sum(JournalLine.debit) != sa.func.sum(JournalLine.credit))
    ).all()
    return [f"{code}-{year.label}-{number}" for code, number, _id in rows]


def account_balances(session: Session, year: FiscalYear) -> dict[str, tuple[int, Decimal]]:
    """Each account's balance (debits − credits) over the year's validated entries, with
    its class: {number: (class, balance)}."""
    rows = session.execute(
        sa.select(
            Account.number,
            Account.account_class,
            sa.func.sum(JournalLine.debit),
            sa.func.sum(JournalLine.credit),
        )
        .join(JournalLine, JournalLine.account_id == Account.id)
        .join(JournalEntry, JournalEntry.id == JournalLine.entry_id)
        .where(
            JournalEntry.fiscal_year_id == year.id,
            JournalEntry.state == EntryState.VALIDATED,
        )
        .group_by(Account.number, Account.account_class)
    ).all()
    return {
        number: (account_class, (debit or ZERO) - (credit or ZERO))
        for number, account_class, debit, credit in rows
    }


def year_result(balances: dict[str, tuple[int, Decimal]]) -> Decimal:
    """Income − expenses: positive for a surplus (classes 6-8 balances, credit positive)."""
    return -sum((b for c, b in balances.values() if c in RESULT_CLASSES), ZERO)


def opening_lines(balances: dict[str, tuple[int, Decimal]], funds: str) -> list[LineSpec]:
    """The next year's opening entry: balance-sheet accounts carried, the result to `funds`."""
    carried: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for number, (account_class, balance) in balances.items():
        if account_class in BALANCE_SHEET_CLASSES:
            carried[number] += balance
    carried[funds] -= year_result(balances)  # a surplus is a credit to the funds
    return [
        LineSpec(account=number, debit=b if b > 0 else ZERO, credit=-b if b < 0 else ZERO)
        for number, b in sorted(carried.items())
        if b != 0
    ]


def _opening_reference(year: FiscalYear) -> str:
    return f"{OPENING_JOURNAL}-{year.label}"


def _next_year(session: Session, year: FiscalYear) -> FiscalYear | None:
    return session.scalar(
        sa.select(FiscalYear).where(FiscalYear.starts_on == year.ends_on + dt.timedelta(days=1))
    )


def require_open(row: FiscalYear) -> None:
    """Refused, saying its status, unless the year is open (what closing needs first)."""
    if row.status is not FiscalYearStatus.OPEN:
        raise Conflict(
            _("The fiscal year {year} is already {status}.").format(
                year=row.label, status=_(YEAR_STATUS_LABELS[row.status])
            )
        )


def close_year(session: Session, actor: Actor, year: int) -> YearRecord:
    """Close a year after its checks (no drafts, every entry balanced): the result is carried
    to the association's funds and the balance-sheet accounts into the next year's opening
    entry (journal AN), the next year opened if it is not yet."""
    actor.require(Permission.BOOKS_WRITE)
    row = year_row(session, year)
    require_open(row)
    drafts = session.scalar(
        sa.select(sa.func.count()).where(
            JournalEntry.fiscal_year_id == row.id, JournalEntry.state == EntryState.DRAFT
        )
    )
    if drafts:
        raise Conflict(
            ngettext(
                "The fiscal year {year} still has {count} draft entry: validate or delete it "
                "before closing the year.",
                "The fiscal year {year} still has {count} draft entries: validate or delete "
                "them before closing the year.",
                drafts,
            ).format(year=row.label, count=drafts)
        )
    unbalanced = unbalanced_entries(session, row)
    if unbalanced:
        raise Conflict(
            _("These entries are not balanced: {entries}.").format(entries=", ".join(unbalanced))
        )
    balances = account_balances(session, row)
    funds = association_funds_account(session)
    lines = opening_lines(balances, funds)
    if sum((ln.debit for ln in lines), ZERO) != sum((ln.credit for ln in lines), ZERO):
        raise Conflict(
            _(
                "The fiscal year {year} cannot be closed: its balance-sheet and result "
                "accounts do not balance (check the entries of classes 0 and 9)."
            ).format(year=row.label)
        )
    row.status = FiscalYearStatus.CLOSED
    row.closed_at = utcnow()
    row.closed_by_id = actor.user_id
    session.flush()
    opening = None
    if len(lines) >= 2:
        following = _next_year(session, row)
        if following is None:
            following_start = row.ends_on + dt.timedelta(days=1)
            open_year(session, actor, following_start.year)
            following = _next_year(session, row)
            assert following is not None
        opening = post_entry(
            session,
            actor,
            journal=OPENING_JOURNAL,
            entry_date=following.starts_on,
            label=_("Opening balances, carried from the fiscal year {year}").format(year=row.label),
            reference=_opening_reference(row),
            lines=lines,
            fiscal_year_start_month=start_month(session),
        )
    audit.log_write(
        session,
        actor,
        "close",
        row,
        after={
            "status": row.status.value,
            "result": str(year_result(balances)),
            "opening_entry_id": opening.id if opening else None,
        },
    )
    return _record(session, row)


def reopen_year(session: Session, actor: Actor, year: int, reason: str) -> YearRecord:
    """Reopen a closed year (an administrator, with a reason, audited): the opening entry its
    closing wrote in the next year is reversed, so closing it again writes a new one."""
    actor.require(Permission.BOOKS_REOPEN)
    text = clean_text(reason, field="reason", kind=TextKind.TEXT, max_length=500)
    if not text:
        raise ValidationError("reason", _("Give the reason for reopening the year."))
    row = year_row(session, year)
    if row.status is FiscalYearStatus.LOCKED:
        raise Conflict(
            _("The fiscal year {year} is locked: it is never reopened.").format(year=row.label)
        )
    if row.status is FiscalYearStatus.OPEN:
        raise Conflict(_("The fiscal year {year} is open already.").format(year=row.label))
    following = _next_year(session, row)
    if following is not None and following.status is not FiscalYearStatus.OPEN:
        raise Conflict(
            _("Reopen the fiscal year {next} first: it follows {year}.").format(
                next=following.label, year=row.label
            )
        )
    check_can_open_year(session, row.label)
    if following is not None:
        _reverse_opening(session, actor, row, following)
    row.status = FiscalYearStatus.OPEN
    row.closed_at = None
    row.closed_by_id = None
    audit.log_write(
        session, actor, "reopen", row, after={"status": row.status.value, "reason": text}
    )
    return _record(session, row)


def _reverse_opening(
    session: Session, actor: Actor, year: FiscalYear, following: FiscalYear
) -> None:
    reversed_ids = sa.select(JournalEntry.reverses_id).where(JournalEntry.reverses_id.is_not(None))
    opening = session.scalar(
        sa.select(JournalEntry.id)
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .where(
            JournalEntry.fiscal_year_id == following.id,
            Journal.code == OPENING_JOURNAL,
            JournalEntry.reference == _opening_reference(year),
            JournalEntry.state == EntryState.VALIDATED,
            JournalEntry.reverses_id.is_(None),
            JournalEntry.id.not_in(reversed_ids),
        )
    )
    if opening is not None:
        reverse_entry(
            session,
            actor,
            opening,
            following.starts_on,
            _("Reopening of the fiscal year {year}").format(year=year.label),
        )


def lock_year(session: Session, actor: Actor, year: int) -> YearRecord:
    """Lock a closed year for good (after the general assembly approved its accounts)."""
    actor.require(Permission.BOOKS_REOPEN)
    row = year_row(session, year)
    if row.status is not FiscalYearStatus.CLOSED:
        raise Conflict(
            _("Only a closed fiscal year can be locked; {year} is {status}.").format(
                year=row.label, status=_(YEAR_STATUS_LABELS[row.status])
            )
        )
    row.status = FiscalYearStatus.LOCKED
    audit.log_write(session, actor, "lock", row, after={"status": row.status.value})
    return _record(session, row)


YEAR_STATUS_LABELS = {
    FiscalYearStatus.OPEN: N_("open"),
    FiscalYearStatus.CLOSED: N_("closed"),
    FiscalYearStatus.LOCKED: N_("locked"),
}
