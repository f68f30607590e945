"""The year-closing assistant's services: what stands in the way of closing a fiscal year
(drafts, unbalanced entries, bank accounts not reconciled), the result it carries to the
association's funds and the next year's opening entry, then the checked close.

`close_checks` only reads; `close_after_checks` refuses while a check fails and then closes
through `years.close_year`, recording a reconciliation waiver and its reason in the audit log.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.association_terms import association_funds_account
from nassij_desktop.core.books.models import (
    Account,
    EntryState,
    FiscalYear,
    FiscalYearStatus,
    Journal,
    JournalEntry,
)
from nassij_desktop.core.books.reconciliation import unreconciled_banks
from nassij_desktop.core.books.services import fiscal_year_label
from nassij_desktop.core.books.years import (
    YearRecord,
    account_balances,
    close_year,
    opening_lines,
    require_open,
    unbalanced_entries,
    year_result,
    year_row,
)
from nassij_desktop.core.common import audit, clock
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.validators import TextKind, clean_text
from nassij_desktop.i18n import _, ngettext
from nassij_desktop.i18n.formatting import format_date

# The drafts listed by name; beyond, the check gives their number only.
LISTED_DRAFTS = 20


class CheckName(enum.StrEnum):
    ENDED = "ended"
    DRAFTS = "drafts"
    BALANCED = "balanced"
    BANKS = "banks"


class CheckStatus(enum.StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WAIVED = "waived"  # banks not reconciled, closed without reconciliation on purpose


@dataclass(frozen=True)
class CloseCheck:
    name: CheckName
    status: CheckStatus
    problem: str  # what is wrong (empty when passed)
    items: tuple[str, ...]  # the entries or accounts concerned
    advice: str  # how to put it right (empty when passed)

    @property
    def blocks(self) -> bool:
        return self.status is CheckStatus.FAILED


@dataclass(frozen=True)
class OpeningLine:
    account: str
    label_ar: str
    label_fr: str
    debit: Decimal
    credit: Decimal

    def label(self, lang: str) -> str:
        return self.label_ar if lang == "ar" else self.label_fr


@dataclass(frozen=True)
class ClosingReview:
    """A fiscal year seen by the closing assistant."""

    year: int  # the calendar year it starts in (what the services take)
    label: str
    starts_on: dt.date
    ends_on: dt.date
    status: FiscalYearStatus
    checks: tuple[CloseCheck, ...]
    income: Decimal
    expenses: Decimal
    result: Decimal  # income − expenses: positive for a surplus
    funds_account: str
    next_label: str
    opening: tuple[OpeningLine, ...]  # the next year's opening entry, as closing writes it

    @property
    def ready(self) -> bool:
        return self.status is FiscalYearStatus.OPEN and not any(c.blocks for c in self.checks)


def _passed(name: CheckName) -> CloseCheck:
    return CloseCheck(name, CheckStatus.PASSED, "", (), "")


def ended_check(year: FiscalYear, today: dt.date) -> CloseCheck:
    """A year is closed once it is over: closed earlier, its last weeks' dues, donations and
    expenses would have no year to go to (the treasurer could close in December)."""
    if today > year.ends_on:
        return _passed(CheckName.ENDED)
    return CloseCheck(
        CheckName.ENDED,
        CheckStatus.FAILED,
        _("The fiscal year {year} runs until {day}.").format(
            year=year.label, day=format_date(year.ends_on)
        ),
        (),
        _("Close it after that day, once its last receipts and expenses are recorded."),
    )


def drafts_check(session: Session, year: FiscalYear) -> CloseCheck:
    count = session.scalar(
        sa.select(sa.func.count()).where(
            JournalEntry.fiscal_year_id == year.id, JournalEntry.state == EntryState.DRAFT
        )
    )
    if not count:
        return _passed(CheckName.DRAFTS)
    rows = session.execute(
        sa.select(Journal.code, JournalEntry.entry_date, JournalEntry.label)
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .where(JournalEntry.fiscal_year_id == year.id, JournalEntry.state == EntryState.DRAFT)
        .order_by(JournalEntry.entry_date, JournalEntry.id)
        .limit(LISTED_DRAFTS)
    ).all()
    return CloseCheck(
        CheckName.DRAFTS,
        CheckStatus.FAILED,
        ngettext(
            "{count} draft entry is not validated.",
            "{count} draft entries are not validated.",
            count,
        ).format(count=count),
        tuple(f"{code} {day.isoformat()} {label}" for code, day, label in rows),
        _(
            "Validate each draft on the entries list (filter the state “draft”), or delete "
            "the ones that are not real."
        ),
    )


def balance_check(session: Session, year: FiscalYear) -> CloseCheck:
    unbalanced = unbalanced_entries(session, year)
    if not unbalanced:
        return _passed(CheckName.BALANCED)
    return CloseCheck(
        CheckName.BALANCED,
        CheckStatus.FAILED,
        ngettext(
            "{count} entry is not balanced (its debits differ from its credits).",
            "{count} entries are not balanced (their debits differ from their credits).",
            len(unbalanced),
        ).format(count=len(unbalanced)),
        tuple(unbalanced),
        _(
            "Reverse each of them and post it again, balanced; run “nassij check” if the "
            "file may have been edited outside the application."
        ),
    )


def unreconciled_bank_lines(session: Session, actor: Actor, year: FiscalYear) -> dict[str, int]:
    """Each bank account not reconciled on the year's last day, with the lines that keep it
    so (book lines the bank has not shown, bank lines the books lack): {name: count}. A
    reconciled account may still have cheques the bank has not cashed yet."""
    return {
        statement.treasury_name: max(1, len(statement.uncleared) + len(statement.unmatched))
        for statement in unreconciled_banks(session, actor, year.ends_on)
    }


def bank_reconciliation_check(
    session: Session, actor: Actor, year: FiscalYear, *, without_reconciliation: bool
) -> CloseCheck:
    """Banks reconciled, or closed without reconciliation on purpose (the waiver)."""
    pending = unreconciled_bank_lines(session, actor, year)
    if not pending:
        return _passed(CheckName.BANKS)
    items = tuple(
        ngettext(
            "{account}: {count} line not reconciled",
            "{account}: {count} lines not reconciled",
            count,
        ).format(account=name, count=count)
        for name, count in pending.items()
    )
    return CloseCheck(
        CheckName.BANKS,
        CheckStatus.WAIVED if without_reconciliation else CheckStatus.FAILED,
        _("The bank accounts are not reconciled with the bank statements."),
        items,
        _(
            "Reconcile each bank account with its statements, or close without "
            "reconciliation and give the reason."
        ),
    )


def close_checks(
    session: Session,
    actor: Actor,
    year: int,
    *,
    without_reconciliation: bool = False,
    today: dt.date | None = None,
) -> ClosingReview:
    """The checks, the result and the opening entry preview of the fiscal year starting in
    `year`; nothing is written. `today`: the day of the closing (default: today)."""
    actor.require(Permission.BOOKS_READ)
    row = year_row(session, year)
    checks = (
        ended_check(row, today or clock.today()),
        drafts_check(session, row),
        balance_check(session, row),
        bank_reconciliation_check(
            session, actor, row, without_reconciliation=without_reconciliation
        ),
    )
    balances = account_balances(session, row)
    result = year_result(balances)
    expenses = sum((b for c, b in balances.values() if c == 6), ZERO)
    funds = association_funds_account(session)
    lines = opening_lines(balances, funds)
    labels = {
        number: (ar, fr)
        for number, ar, fr in session.execute(
            sa.select(Account.number, Account.label_ar, Account.label_fr).where(
                Account.number.in_([ln.account for ln in lines])
            )
        )
    }
    following = row.ends_on + dt.timedelta(days=1)
    next_end = dt.date(following.year + 1, following.month, 1) - dt.timedelta(days=1)
    return ClosingReview(
        year=row.starts_on.year,
        label=row.label,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        status=row.status,
        checks=checks,
        income=result + expenses,
        expenses=expenses,
        result=result,
        funds_account=funds,
        next_label=fiscal_year_label(following, next_end),
        opening=tuple(
            OpeningLine(
                ln.account,
                labels.get(ln.account, ("", ""))[0],
                labels.get(ln.account, ("", ""))[1],
                ln.debit,
                ln.credit,
            )
            for ln in lines
        ),
    )


def close_after_checks(
    session: Session,
    actor: Actor,
    year: int,
    *,
    without_reconciliation: bool = False,
    reason: str | None = None,
    today: dt.date | None = None,
) -> YearRecord:
    """Close the fiscal year once its checks pass. `without_reconciliation`: the bank accounts
    need not be reconciled; the waiver and its `reason` are recorded in the audit log."""
    actor.require(Permission.BOOKS_WRITE)
    text = clean_text(reason, field="reason", kind=TextKind.TEXT, max_length=500)
    require_open(year_row(session, year))  # a closed year is said so, before any check
    review = close_checks(
        session, actor, year, without_reconciliation=without_reconciliation, today=today
    )
    failing = [c for c in review.checks if c.blocks]
    if failing:
        first = failing[0]
        raise Conflict(
            _("The fiscal year {year} cannot be closed: {problem} {advice}").format(
                year=review.label, problem=first.problem, advice=first.advice
            )
        )
    waived = any(c.status is CheckStatus.WAIVED for c in review.checks)
    record = close_year(session, actor, year)
    if waived:
        audit.log_write(
            session,
            actor,
            "close-without-reconciliation",
            year_row(session, year),
            after={"reason": text},
        )
    return record


def require_reason(reason: str | None) -> str:
    """The assistant asks a reason for closing without reconciliation (the CLI may omit it)."""
    text = clean_text(reason, field="reason", kind=TextKind.TEXT, max_length=500)
    if not text:
        raise ValidationError(
            "reason", _("Give the reason for closing without bank reconciliation.")
        )
    return text
