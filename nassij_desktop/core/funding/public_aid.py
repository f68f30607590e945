"""The account of the use of public aid (compte d'emploi des subventions publiques): per public
funder and agreement, what the year's validated entries received and spent, each line with
its voucher; due to the Cour des comptes before 15 March of the next year (LEGAL.md). And the
dashboard's reminder of that deadline for the years that had public aid.

The lines are those the 2022 circular makes name their funder (`JournalLine.funder_id`, with
the agreement's number and date): received are the funder's lines of class 7 (credits less
debits), spent the funder's lines of the other classes but the treasury (class 5), which only
say where the money went in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalKind,
    JournalLine,
)
from nassij_desktop.core.books.statements.selection import (
    CREDIT,
    DEBIT,
    ENTRY_ORDER,
    Period,
    cents,
    counted_lines,
    resolve_year,
)
from nassij_desktop.core.common.bilingual import Bilingual, text_in
from nassij_desktop.core.common.due import DueArea, DueItem
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.funding.models import PUBLIC_FUNDER_KINDS, Funder
from nassij_desktop.i18n import N_

# How long after its deadline an overdue account stays on the dashboard.
REMINDER_DAYS_AFTER = 90


def aid_deadline(year_end: dt.date) -> dt.date:
    """The account of a year ending on `year_end` is due before this day (15 March next)."""
    return dt.date(year_end.year + 1, 3, 15)


@dataclass(frozen=True)
class AidVoucher:
    entry_date: dt.date
    entry: str  # journal and number, "BQ-12"
    reference: str | None  # the voucher (pièce)
    label: str
    account: str
    amount: Decimal  # received: credits less debits; spent: debits less credits
    scanned: bool = False  # the scan of the voucher is attached to the entry or the line


@dataclass(frozen=True)
class AidAgreement:
    funder_id: int
    funder_ar: str
    funder_fr: str
    agreement_number: str
    agreement_date: dt.date | None
    aid_kind: str
    received: tuple[AidVoucher, ...]
    spent: tuple[AidVoucher, ...]
    # Received less spent in the earlier years: a tranche of last year spent this year.
    brought_forward: Decimal = ZERO

    def funder(self, lang: str) -> str:
        return text_in(lang, self.funder_ar, self.funder_fr)

    @property
    def total_received(self) -> Decimal:
        return sum((v.amount for v in self.received), ZERO)

    @property
    def total_spent(self) -> Decimal:
        return sum((v.amount for v in self.spent), ZERO)

    @property
    def balance(self) -> Decimal:
        """Brought forward, plus received, less spent: what is left to use (or spent beyond
        the aid, if negative)."""
        return self.brought_forward + self.total_received - self.total_spent


@dataclass(frozen=True)
class PublicAidAccount:
    year: Period
    deadline: dt.date
    agreements: tuple[AidAgreement, ...]  # by funder, then agreement

    @property
    def total_received(self) -> Decimal:
        return sum((a.total_received for a in self.agreements), ZERO)

    @property
    def total_spent(self) -> Decimal:
        return sum((a.total_spent for a in self.agreements), ZERO)

    @property
    def brought_forward(self) -> Decimal:
        return sum((a.brought_forward for a in self.agreements), ZERO)

    @property
    def balance(self) -> Decimal:
        return sum((a.balance for a in self.agreements), ZERO)


def _public() -> sa.ColumnElement[bool]:
    return Funder.kind.in_([kind.value for kind in PUBLIC_FUNDER_KINDS])


def public_aid_account(
    session: Session, actor: Actor, year: int | str, *, funder_id: int | None = None
) -> PublicAidAccount:
    """The account of the use of public aid of `year`, of every public funder (or only of
    `funder_id`, public or not: a funder asked for by name is shown)."""
    actor.require(Permission.BOOKS_READ)
    period = resolve_year(session, year)
    query = (
        counted_lines(
            JournalLine.funder_id,
            Funder.name_ar,
            Funder.name_fr,
            sa.func.coalesce(JournalLine.agreement_number, ""),
            JournalLine.agreement_date,
            sa.func.coalesce(JournalLine.aid_kind, ""),
            JournalEntry.entry_date,
            Journal.code,
            JournalEntry.number,
            JournalEntry.reference,
            sa.func.coalesce(JournalLine.label, JournalEntry.label),
            Account.number,
            Account.account_class,
            DEBIT,
            CREDIT,
            sa.or_(
                JournalEntry.voucher_attachment_id.is_not(None),
                JournalLine.voucher_attachment_id.is_not(None),
            ),
            since=period.starts_on,
            until=period.ends_on,
        )
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .join(Account, Account.id == JournalLine.account_id)
        .join(Funder, Funder.id == JournalLine.funder_id)
        .where(Journal.kind != JournalKind.OPENING, Account.account_class != 5)
        .order_by(
            Funder.name_fr,
            JournalLine.funder_id,
            sa.func.coalesce(JournalLine.agreement_number, ""),
            *ENTRY_ORDER,
        )
    )
    query = query.where(_public() if funder_id is None else JournalLine.funder_id == funder_id)
    heads: dict[tuple[int, str], tuple[int, str, str, str, dt.date | None, str]] = {}
    received: dict[tuple[int, str], list[AidVoucher]] = {}
    spent: dict[tuple[int, str], list[AidVoucher]] = {}
    for row in session.execute(query):
        (fid, name_ar, name_fr, number, date, kind, day, journal, entry_no, reference, label,
         account, account_class, debit, credit, scanned) = row  # fmt: skip
        key = (fid, number)
        if key not in heads:
            heads[key] = (fid, name_ar or name_fr, name_fr, number, date, kind)
            received[key], spent[key] = [], []
        income = account_class == 7
        amount = cents(credit - debit) if income else cents(debit - credit)
        voucher = AidVoucher(
            day, f"{journal}-{entry_no}", reference, label, account, amount, bool(scanned)
        )
        (received if income else spent)[key].append(voucher)
    earlier = _brought_forward(session, period, funder_id)
    for key, (head, _amount) in earlier.items():
        if key not in heads:
            heads[key] = head
            received[key], spent[key] = [], []
    agreements = sorted(
        (
            AidAgreement(
                *head,
                tuple(received[key]),
                tuple(spent[key]),
                earlier[key][1] if key in earlier else ZERO,
            )
            for key, head in heads.items()
        ),
        key=lambda a: (a.funder_fr, a.funder_id, a.agreement_number),
    )
    return PublicAidAccount(period, aid_deadline(period.ends_on), tuple(agreements))


def _brought_forward(
    session: Session, period: Period, funder_id: int | None
) -> dict[tuple[int, str], tuple[tuple[int, str, str, str, dt.date | None, str], Decimal]]:
    """Per funder and agreement, received less spent before `period` (those not zero)."""
    agreement = sa.func.coalesce(JournalLine.agreement_number, "")
    # Received (class 7, credits) less spent (the other classes, debits): credits less debits.
    signed = CREDIT - DEBIT
    query = (
        counted_lines(
            JournalLine.funder_id,
            sa.func.max(Funder.name_ar),
            sa.func.max(Funder.name_fr),
            agreement,
            sa.func.max(JournalLine.agreement_date),
            sa.func.coalesce(sa.func.max(JournalLine.aid_kind), ""),
            sa.func.sum(signed),
            since=None,
            until=period.starts_on - dt.timedelta(days=1),
        )
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .join(Account, Account.id == JournalLine.account_id)
        .join(Funder, Funder.id == JournalLine.funder_id)
        .where(Journal.kind != JournalKind.OPENING, Account.account_class != 5)
        .where(_public() if funder_id is None else JournalLine.funder_id == funder_id)
        .group_by(JournalLine.funder_id, agreement)
    )
    return {
        (fid, number): ((fid, name_ar or name_fr, name_fr, number, date, kind), cents(total))
        for fid, name_ar, name_fr, number, date, kind, total in session.execute(query)
        if total
    }


@dataclass(frozen=True)
class AidReminder:
    """The account of the use of public aid of a year, to send (the year may still run)."""

    year: str
    due_on: dt.date  # before this day
    overdue: bool
    days_left: int


def public_aid_reminders(session: Session, actor: Actor, today: dt.date) -> list[AidReminder]:
    """The fiscal years begun by `today` that had public aid and whose account is still to
    come or was due less than REMINDER_DAYS_AFTER days ago, the most urgent first (the
    running year too: its deadline is known from its first grant)."""
    actor.require(Permission.BOOKS_READ)
    years = session.execute(
        sa.select(FiscalYear.label, FiscalYear.starts_on, FiscalYear.ends_on)
        .where(FiscalYear.starts_on <= today)
        .order_by(FiscalYear.ends_on)
    )
    reminders = []
    for label, starts_on, ends_on in years:
        due_on = aid_deadline(ends_on)
        if (today - due_on).days > REMINDER_DAYS_AFTER:
            continue
        had_aid = session.scalar(
            sa.select(
                counted_lines(JournalLine.id, since=starts_on, until=ends_on)
                .join(Funder, Funder.id == JournalLine.funder_id)
                .where(_public())
                .exists()
            )
        )
        if had_aid:
            reminders.append(AidReminder(label, due_on, due_on <= today, (due_on - today).days))
    return reminders


def public_aid_due(session: Session, actor: Actor, today: dt.date) -> list[DueItem]:
    """`public_aid_reminders` as lines of what is due (the account is made on the Documents
    page)."""
    return [
        DueItem(
            kind="public_aid",
            area=DueArea.DOCUMENTS,
            due_on=reminder.due_on,
            overdue=reminder.overdue,
            target_id=None,
            wording=N_(
                "Account of the use of public aid {subject}: to send to the Cour des comptes "
                "before {date}"
            ),
            overdue_wording=N_(
                "Account of the use of public aid {subject}: due to the Cour des comptes "
                "before {date} — overdue"
            ),
            subject=Bilingual(ar=reminder.year, fr=reminder.year),
        )
        for reminder in public_aid_reminders(session, actor, today)
    ]
