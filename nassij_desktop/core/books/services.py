"""Posting to the ledger. Every entry is balanced here, in one place, before it is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    FiscalYear,
    FiscalYearStatus,
    Journal,
    JournalEntry,
    JournalKind,
    JournalLine,
)
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.errors import Conflict, ValidationError
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _

DEFAULT_JOURNALS = (
    ("CA", "الصندوق", "Caisse", JournalKind.CASH),
    ("BQ", "البنك", "Banque", JournalKind.BANK),
    ("OD", "العمليات المختلفة", "Opérations diverses", JournalKind.GENERAL),
    ("AN", "الأرصدة الافتتاحية", "À-nouveaux", JournalKind.OPENING),
)


@dataclass(frozen=True)
class LineSpec:
    account: str  # account number
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    label: str | None = None
    analytic_tag_id: int | None = None
    funder_id: int | None = None
    aid_kind: str | None = None
    agreement_number: str | None = None
    agreement_date: dt.date | None = None


def ensure_journals(session: Session) -> None:
    existing = set(session.scalars(sa.select(Journal.code)))
    for code, name_ar, name_fr, kind in DEFAULT_JOURNALS:
        if code not in existing:
            session.add(Journal(code=code, name_ar=name_ar, name_fr=name_fr, kind=kind))
    session.flush()


def fiscal_year_bounds(day: dt.date, start_month: int) -> tuple[dt.date, dt.date]:
    start_year = day.year if day.month >= start_month else day.year - 1
    start = dt.date(start_year, start_month, 1)
    end = dt.date(start_year + (1 if start_month > 1 else 0), start_month - 1 or 12, 1)
    end = (end.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return start, end


def fiscal_year_label(start: dt.date, end: dt.date) -> str:
    """The label a year gets when the books open it: "2026", or "2025-2026" when it does not
    start in January."""
    return str(start.year) if start.year == end.year else f"{start.year}-{end.year}"


def fiscal_year_for(session: Session, day: dt.date, start_month: int = 1) -> FiscalYear:
    """The fiscal year holding `day`, opened on first use."""
    year = session.scalar(
        sa.select(FiscalYear).where(FiscalYear.starts_on <= day, FiscalYear.ends_on >= day)
    )
    if year is None:
        start, end = fiscal_year_bounds(day, start_month)
        year = FiscalYear(label=fiscal_year_label(start, end), starts_on=start, ends_on=end)
        session.add(year)
        session.flush()
    return year


def post_entry(
    session: Session,
    actor: Actor,
    *,
    journal: str,
    entry_date: dt.date,
    label: str,
    lines: Sequence[LineSpec],
    reference: str | None = None,
    fiscal_year_start_month: int = 1,
    permission: Permission = Permission.BOOKS_WRITE,
) -> JournalEntry:
    """Write one balanced entry in the caller's transaction.

    `permission` lets a service that legitimately posts on the side (dues recorded by a
    secretary) check its own right instead of the treasurer's.
    """
    actor.require(permission)
    if len(lines) < 2:
        raise ValidationError("lines", _("An entry needs at least two lines."))
    total_debit = sum((line.debit for line in lines), ZERO)
    total_credit = sum((line.credit for line in lines), ZERO)
    for index, line in enumerate(lines, start=1):
        if line.debit < 0 or line.credit < 0 or (line.debit == 0) == (line.credit == 0):
            raise ValidationError(
                "lines",
                _("Line {n}: enter either a debit or a credit, greater than zero.").format(n=index),
                row=index,
            )
    if total_debit != total_credit:
        raise ValidationError(
            "lines",
            _("The entry is not balanced: debits {debit}, credits {credit}.").format(
                debit=total_debit, credit=total_credit
            ),
        )
    year = fiscal_year_for(session, entry_date, fiscal_year_start_month)
    if year.status is FiscalYearStatus.CLOSED:
        raise Conflict(
            _("The fiscal year {year} is closed; no entry can be added to it.").format(
                year=year.label
            )
        )
    journal_row = session.scalar(sa.select(Journal).where(Journal.code == journal))
    if journal_row is None:
        raise ValidationError("journal", _("Unknown journal {code}.").format(code=journal))
    numbers = {line.account for line in lines}
    accounts = {
        a.number: a for a in session.scalars(sa.select(Account).where(Account.number.in_(numbers)))
    }
    for index, line in enumerate(lines, start=1):
        if line.account not in accounts:
            raise ValidationError(
                "lines",
                _("Line {n}: the account {account} is not in the chart.").format(
                    n=index, account=line.account
                ),
                row=index,
            )
    last = session.scalar(
        sa.select(sa.func.max(JournalEntry.number)).where(
            JournalEntry.fiscal_year_id == year.id, JournalEntry.journal_id == journal_row.id
        )
    )
    entry = JournalEntry(
        fiscal_year_id=year.id,
        journal=journal_row,
        number=(last or 0) + 1,
        entry_date=entry_date,
        label=label,
        reference=reference,
        created_by_id=actor.user_id,
        lines=[
            JournalLine(
                position=index,
                account_id=accounts[line.account].id,
                label=line.label,
                debit=line.debit,
                credit=line.credit,
                analytic_tag_id=line.analytic_tag_id,
                funder_id=line.funder_id,
                aid_kind=line.aid_kind,
                agreement_number=line.agreement_number,
                agreement_date=line.agreement_date,
            )
            for index, line in enumerate(lines, start=1)
        ],
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor,
        "create",
        "journal_entry",
        entry.id,
        after={
            "journal": journal,
            "number": entry.number,
            "date": entry_date.isoformat(),
            "label": label,
            **({"reference": reference} if reference is not None else {}),
            "lines": [[ln.account, str(ln.debit), str(ln.credit)] for ln in lines],
        },
    )
    return entry
