"""The journal entries as the Treasury page lists them: filtered, newest first, a page at a time.

`entry_page` reads one page in SQL (LIMIT/OFFSET over the entry table, ordered by date then
number, which the date index serves); the amounts of that page's entries only are summed
after. The filters on lines (account, project, funder, amount) are sub-queries over the line
table's indexes, so no filter loads the lines of the whole year.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    AnalyticTag,
    ClearedLine,
    EntryState,
    Journal,
    JournalEntry,
    JournalLine,
    PaymentMethod,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.common.errors import NotFound
from nassij_desktop.core.common.money import ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _

# Funders belong to the funding domain, above books: named by id (see books/__init__).
_FUNDER = sa.table("funder", sa.column("id"), sa.column("name_ar"), sa.column("name_fr"))


class Reconciled(enum.StrEnum):
    """Whether an entry was seen on the bank's statement: `YES`, some line of it is cleared;
    `NO`, some line of it is on a bank account's ledger account and not cleared (entries that
    touch no bank are neither)."""

    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class EntryFilter:
    """What the list shows; every field left at None shows everything."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    journal: str | None = None  # journal code
    account: str | None = None  # an account number, or a prefix of numbers ("61")
    analytic_tag_id: int | None = None
    funder_id: int | None = None
    text: str | None = None  # in the label, voucher, third party or payment reference
    amount: Decimal | None = None  # a line of exactly this amount
    state: EntryState | None = None  # drafts only, validated entries only
    reconciled: Reconciled | None = None


@dataclass(frozen=True, slots=True)
class EntryRow:
    id: int
    journal: str
    number: int | None  # a draft is numbered when it is validated
    entry_date: dt.date
    label: str
    reference: str | None
    amount: Decimal  # total of the debits
    reverses_id: int | None


@dataclass(frozen=True)
class EntryLineDetail:
    position: int
    account: str
    account_label_ar: str
    account_label_fr: str
    label: str | None
    debit: Decimal
    credit: Decimal
    project: str | None  # the analytic tag's code
    funder_ar: str | None
    funder_fr: str | None
    aid_kind: str | None
    agreement_number: str | None
    agreement_date: dt.date | None

    def account_label(self, lang: str) -> str:
        return self.account_label_ar if lang == "ar" else self.account_label_fr

    def funder(self, lang: str) -> str | None:
        first, other = (
            (self.funder_ar, self.funder_fr) if lang == "ar" else (self.funder_fr, self.funder_ar)
        )
        return first or other


@dataclass(frozen=True)
class EntryDetail:
    id: int
    journal: str
    journal_name_ar: str
    journal_name_fr: str
    number: int | None  # a draft is numbered when it is validated
    entry_date: dt.date
    label: str
    reference: str | None
    reverses_id: int | None
    lines: tuple[EntryLineDetail, ...]
    validated: bool = True
    reversed_by_id: int | None = None  # the entry that reverses this one, if any
    third_party: str | None = None
    payment_method: PaymentMethod | None = None
    payment_reference: str | None = None

    @property
    def reversible(self) -> bool:
        """A validated entry not reversed yet: what `reverse_entry` accepts."""
        return self.validated and self.reversed_by_id is None

    @property
    def total_debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), ZERO)

    @property
    def total_credit(self) -> Decimal:
        return sum((line.credit for line in self.lines), ZERO)

    def journal_name(self, lang: str) -> str:
        return self.journal_name_ar if lang == "ar" else self.journal_name_fr


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(filters: EntryFilter, *, counting: bool = False) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if filters.date_from is not None:
        where.append(JournalEntry.entry_date >= filters.date_from)
    if filters.date_to is not None:
        where.append(JournalEntry.entry_date <= filters.date_to)
    if filters.journal:
        where.append(
            JournalEntry.journal_id
            == sa.select(Journal.id).where(Journal.code == filters.journal).scalar_subquery()
        )
    # A draft is exactly an entry without a place in the chain (the table's check constraint),
    # and `chain_index` is unique, hence indexed: the few drafts are found through that index,
    # with no index on `state` (validated entries are nearly all of them, read in date order).
    if filters.state is EntryState.DRAFT:
        where.append(JournalEntry.chain_index.is_(None))
    elif filters.state is EntryState.VALIDATED:
        where.append(JournalEntry.chain_index.is_not(None))
    line_conditions: list[sa.ColumnElement[bool]] = []
    if filters.account:
        accounts = sa.select(Account.id).where(Account.number.startswith(filters.account.strip()))
        line_conditions.append(JournalLine.account_id.in_(accounts))
    if filters.analytic_tag_id is not None:
        line_conditions.append(JournalLine.analytic_tag_id == filters.analytic_tag_id)
    if filters.funder_id is not None:
        line_conditions.append(JournalLine.funder_id == filters.funder_id)
    if filters.amount is not None:
        line_conditions.append(
            sa.or_(JournalLine.debit == filters.amount, JournalLine.credit == filters.amount)
        )
    if filters.reconciled is Reconciled.YES:
        line_conditions.append(JournalLine.id.in_(sa.select(ClearedLine.journal_line_id)))
    elif filters.reconciled is Reconciled.NO:
        banks = sa.select(TreasuryAccount.account_id).where(
            TreasuryAccount.kind == TreasuryKind.BANK
        )
        line_conditions.append(
            sa.and_(
                JournalLine.account_id.in_(banks),
                ~sa.exists().where(ClearedLine.journal_line_id == JournalLine.id),
            )
        )
    # Each condition on its own line: "account 6171 and project P" means some line of the
    # entry is on 6171 and some line is tagged P (a salary's lines are all tagged alike).
    # Counting reads every match: IN over the lines' own index (account, project, funder)
    # reads only the matching lines. A page stops after its rows: EXISTS probes the entries in
    # the date index's order and stops there (IN would gather every match first).
    for condition in line_conditions:
        if counting:
            where.append(JournalEntry.id.in_(sa.select(JournalLine.entry_id).where(condition)))
        else:
            where.append(
                sa.exists().where(JournalLine.entry_id == JournalEntry.id).where(condition)
            )
    text = (filters.text or "").strip()
    if text:
        pattern = _like(text)
        where.append(
            sa.or_(
                JournalEntry.label.ilike(pattern, escape="\\"),
                JournalEntry.reference.ilike(pattern, escape="\\"),
                # A third party, a cheque's number: what a treasurer searches an entry by.
                JournalEntry.third_party.ilike(pattern, escape="\\"),
                JournalEntry.payment_reference.ilike(pattern, escape="\\"),
            )
        )
    return where


def count_entries(session: Session, actor: Actor, filters: EntryFilter) -> int:
    actor.require(Permission.BOOKS_READ)
    query = (
        sa.select(sa.func.count())
        .select_from(JournalEntry)
        .where(*_conditions(filters, counting=True))
    )
    return session.scalar(query) or 0


def entry_page(
    session: Session, actor: Actor, filters: EntryFilter, offset: int, limit: int
) -> list[EntryRow]:
    """Rows `offset` to `offset + limit` of the filtered entries, newest first (date, then
    number, descending)."""
    actor.require(Permission.BOOKS_READ)
    rows = session.execute(
        sa.select(
            JournalEntry.id,
            Journal.code,
            JournalEntry.number,
            JournalEntry.entry_date,
            JournalEntry.label,
            JournalEntry.reference,
            JournalEntry.reverses_id,
        )
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .where(*_conditions(filters))
        .order_by(
            JournalEntry.entry_date.desc(), JournalEntry.number.desc(), JournalEntry.id.desc()
        )
        .offset(max(offset, 0))
        .limit(max(limit, 0))
    ).all()
    ids = [row.id for row in rows]
    amounts: dict[int, Decimal] = {}
    if ids:
        amounts = {
            entry_id: total or ZERO
            for entry_id, total in session.execute(
                sa.select(JournalLine.entry_id, sa.func.sum(JournalLine.debit))
                .where(JournalLine.entry_id.in_(ids))
                .group_by(JournalLine.entry_id)
            )
        }
    return [
        EntryRow(
            row.id,
            row.code,
            row.number,
            row.entry_date,
            row.label,
            row.reference,
            amounts.get(row.id, ZERO),
            row.reverses_id,
        )
        for row in rows
    ]


def entry_detail(session: Session, actor: Actor, entry_id: int) -> EntryDetail:
    """One entry with its lines, each with its account's labels, project and funder."""
    actor.require(Permission.BOOKS_READ)
    head = session.execute(
        sa.select(JournalEntry, Journal)
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .where(JournalEntry.id == entry_id)
    ).one_or_none()
    if head is None:
        raise NotFound(_("This entry no longer exists."))
    entry, journal = head
    lines = session.execute(
        sa.select(
            JournalLine.position,
            Account.number,
            Account.label_ar,
            Account.label_fr,
            JournalLine.label,
            JournalLine.debit,
            JournalLine.credit,
            AnalyticTag.code,
            _FUNDER.c.name_ar,
            _FUNDER.c.name_fr,
            JournalLine.aid_kind,
            JournalLine.agreement_number,
            JournalLine.agreement_date,
        )
        .join(Account, Account.id == JournalLine.account_id)
        .outerjoin(AnalyticTag, AnalyticTag.id == JournalLine.analytic_tag_id)
        .outerjoin(_FUNDER, _FUNDER.c.id == JournalLine.funder_id)
        .where(JournalLine.entry_id == entry_id)
        .order_by(JournalLine.position)
    ).all()
    return EntryDetail(
        entry.id,
        journal.code,
        journal.name_ar,
        journal.name_fr,
        entry.number,
        entry.entry_date,
        entry.label,
        entry.reference,
        entry.reverses_id,
        tuple(EntryLineDetail(*line) for line in lines),
        validated=entry.state is EntryState.VALIDATED,
        reversed_by_id=session.scalar(
            sa.select(JournalEntry.id).where(JournalEntry.reverses_id == entry.id)
        ),
        third_party=entry.third_party,
        payment_method=entry.payment_method,
        payment_reference=entry.payment_reference,
    )


def journal_codes(session: Session, actor: Actor) -> list[tuple[str, str, str]]:
    """(code, Arabic name, French name) of each journal, for the journal filter."""
    actor.require(Permission.BOOKS_READ)
    return [
        (r.code, r.name_ar, r.name_fr)
        for r in session.execute(
            sa.select(Journal.code, Journal.name_ar, Journal.name_fr).order_by(Journal.code)
        )
    ]


__all__ = [
    "EntryDetail",
    "EntryFilter",
    "EntryLineDetail",
    "EntryRow",
    "Reconciled",
    "count_entries",
    "entry_detail",
    "entry_page",
    "journal_codes",
]
