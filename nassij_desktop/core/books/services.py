"""Posting to the ledger. Every entry is balanced here, in one place, before it is written."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.chain import (
    SEAL_VERSION,
    SealedLine,
    SealedParties,
    chain_head,
    lock_chain,
    seal_run,
    sealed_line,
)
from nassij_desktop.core.books.models import (
    Account,
    AnalyticKind,
    AnalyticTag,
    Budget,
    BudgetAmount,
    EntryState,
    FiscalYear,
    FiscalYearStatus,
    Journal,
    JournalEntry,
    JournalKind,
    JournalLine,
    PaymentMethod,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.common import audit
from nassij_desktop.core.common.bulk import BulkInsert
from nassij_desktop.core.common.clock import utcnow
from nassij_desktop.core.common.errors import Conflict, NassijError, ValidationError
from nassij_desktop.core.common.money import CENT, ZERO
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import row_error
from nassij_desktop.core.common.validators import clean_text, column_length, validate_rib
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import format_amount

DEFAULT_JOURNALS = (
    ("CA", "الصندوق", "Caisse", JournalKind.CASH),
    ("BQ", "البنك", "Banque", JournalKind.BANK),
    ("OD", "العمليات المختلفة", "Opérations diverses", JournalKind.GENERAL),
    ("AN", "الأرصدة الافتتاحية", "À-nouveaux", JournalKind.OPENING),
)


# 10^15 DH in centimes still fits a 64-bit integer column (as parse_money allows).
MAX_RECEIPT_AMOUNT = Decimal(10) ** 15 - CENT


def check_receipt_amount(amount: Decimal | int | str, *, field: str = "amount") -> Decimal:
    """The amount of a receipt with its two decimals; refused, naming `field`, unless it is a
    positive number of whole centimes that the books can hold."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        value = Decimal("NaN")
    if not value.is_finite():
        raise ValidationError(
            field, _("This is not a valid amount. Write it like 12500, 12 500,00 or 12500.50.")
        )
    if value <= 0:
        raise ValidationError(field, _("The amount must be greater than zero."))
    if value > MAX_RECEIPT_AMOUNT:
        raise ValidationError(field, _("This amount is too large."))
    if value != value.quantize(CENT):
        raise ValidationError(field, _("An amount can have at most 2 decimals (the centimes)."))
    return value.quantize(CENT)


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


@dataclass(frozen=True)
class EntryParties:
    """Who paid or was paid, and how: the entry's third party (with a member's number as its
    code), its payment method and reference (cheque number, transfer reference)."""

    third_party: str | None = None
    third_party_code: str | None = None
    payment_method: PaymentMethod | None = None
    payment_reference: str | None = None

    def sealed(self) -> SealedParties:
        method = PaymentMethod(self.payment_method).value if self.payment_method else None
        return SealedParties(
            self.third_party, self.third_party_code, method, self.payment_reference
        )

    def audited(self) -> dict[str, str]:
        return {
            key: str(value)
            for key, value in (
                ("third_party", self.third_party),
                ("third_party_code", self.third_party_code),
                ("payment_method", self.payment_method),
                ("payment_reference", self.payment_reference),
            )
            if value
        }


NO_PARTIES = EntryParties()


def check_parties(parties: EntryParties) -> EntryParties:
    """The texts cleaned and within their columns, the method one of PaymentMethod; a
    refusal names its field (`third_party`, `payment_method`, `payment_reference`)."""
    texts = {
        name: clean_text(
            getattr(parties, name),
            field=name,
            max_length=column_length(getattr(JournalEntry, name)),
        )
        for name in ("third_party", "third_party_code", "payment_reference")
    }
    method = parties.payment_method
    if method is not None:
        try:
            method = PaymentMethod(method)
        except ValueError:
            raise ValidationError("payment_method", _("Unknown payment method.")) from None
    return EntryParties(payment_method=method, **texts)


@dataclass(frozen=True)
class AnalyticTagRecord:
    id: int
    code: str
    label_ar: str
    label_fr: str
    kind: AnalyticKind


def create_analytic_tag(
    session: Session,
    actor: Actor,
    code: str,
    label_ar: str,
    label_fr: str,
    kind: AnalyticKind,
    *,
    permission: Permission = Permission.BOOKS_WRITE,
) -> AnalyticTagRecord:
    """A tag that entries of a project (or of a funding) carry, for budget against actual.
    `permission`, as for `post_entry`: a service that opens a tag on the side (a project
    created by a secretary) checks its own right."""
    actor.require(permission)
    code = clean_text(code, field="code", max_length=column_length(AnalyticTag.code)) or ""
    if not code:
        raise ValidationError("code", _("Give the code."))
    labels = {}
    for field_name, value in (("label_ar", label_ar), ("label_fr", label_fr)):
        labels[field_name] = clean_text(
            value, field=field_name, max_length=column_length(getattr(AnalyticTag, field_name))
        )
        if not labels[field_name]:
            raise ValidationError(field_name, _("Give the name in Arabic and in French."))
    if session.scalar(sa.select(AnalyticTag.id).where(AnalyticTag.code == code)):
        raise Conflict(_("The code {code} is already used.").format(code=code))
    tag = AnalyticTag(code=code, kind=AnalyticKind(kind), **labels)
    session.add(tag)
    session.flush()
    audit.record(session, actor, "create", "analytic_tag", tag.id, after=audit.snapshot(tag))
    return AnalyticTagRecord(tag.id, tag.code, tag.label_ar, tag.label_fr, tag.kind)


# The journal of each kind of treasury account (money received and paid is posted there).
TREASURY_JOURNALS = {TreasuryKind.CASH: "CA", TreasuryKind.BANK: "BQ"}


@dataclass(frozen=True)
class TreasuryAccountRecord:
    id: int
    name: str
    kind: TreasuryKind
    account: str
    journal: str
    bank_name: str | None
    rib: str | None


def create_treasury_account(
    session: Session,
    actor: Actor,
    name: str,
    kind: TreasuryKind,
    account: str,
    *,
    bank_name: str | None = None,
    rib: str | None = None,
) -> TreasuryAccountRecord:
    """A bank account or a cash box, tied to its ledger account and to its kind's journal."""
    actor.require(Permission.BOOKS_WRITE)
    label = clean_text(name, field="name", max_length=column_length(TreasuryAccount.name))
    if not label:
        raise ValidationError("name", _("Give the name of the account."))
    kind = TreasuryKind(kind)
    account_id = _account_ids(session, [account]).get(account)
    if account_id is None:
        raise ValidationError(
            "account", _("The account {account} is not in the chart.").format(account=account)
        )
    journal = TREASURY_JOURNALS[kind]
    journal_id = session.scalar(sa.select(Journal.id).where(Journal.code == journal))
    if journal_id is None:
        raise _unknown_journal(journal)
    bank = clean_text(
        bank_name, field="bank_name", max_length=column_length(TreasuryAccount.bank_name)
    )
    row = TreasuryAccount(
        name=label,
        kind=kind,
        account_id=account_id,
        journal_id=journal_id,
        bank_name=bank,
        rib=validate_rib(rib) if rib else None,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "treasury_account", row.id, after=audit.snapshot(row))
    return TreasuryAccountRecord(row.id, label, kind, account, journal, bank, row.rib)


@dataclass(frozen=True)
class BudgetRecord:
    id: int
    fiscal_year_id: int
    analytic_tag_id: int | None
    name: str
    amounts: tuple[tuple[str, Decimal], ...]  # (account, amount), by account


def create_budget(
    session: Session,
    actor: Actor,
    fiscal_year_id: int,
    name: str,
    amounts: Mapping[str, Decimal],
    *,
    analytic_tag_id: int | None = None,
) -> BudgetRecord:
    """A year's budget: an amount per account of the chart, for the whole association or for
    the project or funding line `analytic_tag_id` tags."""
    actor.require(Permission.BOOKS_WRITE)
    year = session.get(FiscalYear, fiscal_year_id)
    if year is None:
        raise ValidationError("fiscal_year_id", _("Unknown fiscal year."))
    label = clean_text(name, field="name", max_length=column_length(Budget.name))
    if not label:
        raise ValidationError("name", _("Give the name of the budget."))
    if analytic_tag_id is not None and session.get(AnalyticTag, analytic_tag_id) is None:
        raise ValidationError("analytic_tag_id", _("Unknown project."))
    accounts = _account_ids(session, amounts)
    lines = []
    for account, amount in sorted(amounts.items()):
        if account not in accounts:
            raise ValidationError(
                "amounts", _("The account {account} is not in the chart.").format(account=account)
            )
        lines.append((account, check_receipt_amount(amount, field="amounts")))
    taken = session.scalar(
        sa.select(Budget.id).where(
            Budget.fiscal_year_id == year.id,
            Budget.name == label,
            Budget.analytic_tag_id.is_(None)
            if analytic_tag_id is None
            else Budget.analytic_tag_id == analytic_tag_id,
        )
    )
    if taken:
        raise Conflict(_("This year already has a budget of this name."))
    budget = Budget(
        fiscal_year_id=year.id,
        analytic_tag_id=analytic_tag_id,
        name=label,
        lines=[BudgetAmount(account_id=accounts[a], amount=m) for a, m in lines],
    )
    session.add(budget)
    session.flush()
    after = audit.snapshot(budget)
    after["amounts"] = [[a, str(m)] for a, m in lines]
    audit.record(session, actor, "create", "budget", budget.id, after=after)
    return BudgetRecord(budget.id, year.id, analytic_tag_id, label, tuple(lines))


def ensure_journals(session: Session) -> None:
    existing = set(session.scalars(sa.select(Journal.code)))
    for code, name_ar, name_fr, kind in DEFAULT_JOURNALS:
        if code not in existing:
            session.add(Journal(code=code, name_ar=name_ar, name_fr=name_fr, kind=kind))
    session.flush()


@functools.lru_cache(maxsize=2048)  # a batch asks it for every entry, of a few days
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


# CNC avis n° 24 (2023): the year being kept and the one being closed, never more.
MAX_OPEN_YEARS = 2


def check_can_open_year(session: Session, label: str) -> None:
    """Refuse to open the year `label` while two years are open already."""
    open_years = list(
        session.scalars(
            sa.select(FiscalYear.label)
            .where(FiscalYear.status == FiscalYearStatus.OPEN)
            .order_by(FiscalYear.starts_on)
        )
    )
    if len(open_years) >= MAX_OPEN_YEARS:
        raise Conflict(
            _(
                "The fiscal year {year} cannot be opened: the years {open} are open, and at "
                "most two may be open at once. Close the older one first."
            ).format(year=label, open=", ".join(open_years))
        )


def fiscal_year_for(session: Session, day: dt.date, start_month: int = 1) -> FiscalYear:
    """The fiscal year holding `day`, opened on first use (unless two years are open)."""
    holding = sa.select(FiscalYear).where(FiscalYear.starts_on <= day, FiscalYear.ends_on >= day)
    year = session.scalar(holding)
    if year is None and session.get_bind().dialect.name != "sqlite":
        # On a server two writers may both find no year and both open it (the second then
        # fails on the year's unique label): the chain's lock lets one open it, and the other
        # finds it once the first has committed (READ COMMITTED sees it at the next read).
        lock_chain(session)
        year = session.scalar(holding)
    if year is None:
        start, end = fiscal_year_bounds(day, start_month)
        label = fiscal_year_label(start, end)
        check_can_open_year(session, label)
        year = FiscalYear(label=label, starts_on=start, ends_on=end)
        session.add(year)
        session.flush()
    return year


def _check_lines(lines: Sequence[LineSpec]) -> None:
    """Two lines at least, each a debit or a credit above zero, debits equal to credits."""
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
                debit=format_amount(total_debit), credit=format_amount(total_credit)
            ),
        )


def check_year_writable(year: FiscalYear) -> None:
    """Nothing is written (posted, validated, reversed) into a closed or locked year."""
    if year.status is FiscalYearStatus.CLOSED:
        raise Conflict(
            _("The fiscal year {year} is closed; no entry can be added to it.").format(
                year=year.label
            )
        )
    if year.status is FiscalYearStatus.LOCKED:
        raise Conflict(
            _("The fiscal year {year} is locked; no entry can be added to it.").format(
                year=year.label
            )
        )


def _open_year(session: Session, day: dt.date, start_month: int) -> FiscalYear:
    year = fiscal_year_for(session, day, start_month)
    check_year_writable(year)
    return year


def _unknown_journal(code: str) -> ValidationError:
    return ValidationError("journal", _("Unknown journal {code}.").format(code=code))


def _account_ids(session: Session, numbers: Iterable[str]) -> dict[str, int]:
    wanted = set(numbers)
    return dict(
        session.execute(
            sa.select(Account.number, Account.id).where(Account.number.in_(wanted))
        ).all()
    )


def _accounts_and_inactive(
    session: Session, numbers: Iterable[str]
) -> tuple[dict[str, int], set[str]]:
    """The accounts' ids by number, and which of them are deactivated: one query."""
    rows = session.execute(
        sa.select(Account.number, Account.id, Account.active).where(
            Account.number.in_(set(numbers))
        )
    ).all()
    ids = {number: account_id for number, account_id, _active in rows}
    return ids, {number for number, _id, active in rows if not active}


def _check_accounts(
    lines: Sequence[LineSpec], accounts: Mapping[str, int], inactive: set[str] | frozenset[str]
) -> None:
    for index, line in enumerate(lines, start=1):
        if line.account not in accounts:
            raise ValidationError(
                "lines",
                _("Line {n}: the account {account} is not in the chart.").format(
                    n=index, account=line.account
                ),
                row=index,
            )
        if line.account in inactive:
            raise ValidationError(
                "lines",
                _("Line {n}: the account {account} is deactivated; choose another.").format(
                    n=index, account=line.account
                ),
                row=index,
            )


def check_entry(session: Session, lines: Sequence[LineSpec]) -> dict[str, int]:
    """Balanced lines on active accounts of the chart; the accounts' ids by number."""
    _check_lines(lines)
    numbers = [line.account for line in lines]
    accounts, inactive = _accounts_and_inactive(session, numbers)
    _check_accounts(lines, accounts, inactive)
    return accounts


def sealed_lines(lines: Sequence[LineSpec]) -> list[SealedLine]:
    return [
        sealed_line(
            ln.account,
            ln.debit,
            ln.credit,
            analytic_tag_id=ln.analytic_tag_id,
            funder_id=ln.funder_id,
            aid_kind=ln.aid_kind,
            agreement_number=ln.agreement_number,
            agreement_date=ln.agreement_date,
            label=ln.label,
        )
        for ln in lines
    ]


def next_entry_number(session: Session, fiscal_year_id: int, journal_id: int) -> int:
    """The next number of a journal in a fiscal year: gap-free, since only validated entries
    are numbered and writers are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: the chain's
    lock, taken before the largest number is read)."""
    lock_chain(session)
    last = session.scalar(
        sa.select(sa.func.max(JournalEntry.number)).where(
            JournalEntry.fiscal_year_id == fiscal_year_id, JournalEntry.journal_id == journal_id
        )
    )
    return (last or 0) + 1


@dataclass(frozen=True)
class Validation:
    """What validating an entry gives it: its number and its place in the chain."""

    number: int
    chain_index: int
    previous_hash: str
    content_hash: str


def number_and_seal(
    session: Session,
    *,
    fiscal_year: FiscalYear,
    journal: Journal,
    entry_date: dt.date,
    label: str,
    reference: str | None,
    lines: Sequence[LineSpec],
    parties: EntryParties = NO_PARTIES,
) -> Validation:
    """The number and seal of an entry being validated; read before the entry is changed or
    added, so that no half-validated row is flushed."""
    number = next_entry_number(session, fiscal_year.id, journal.id)
    sealed = (journal.code, fiscal_year.label, number, entry_date, label, reference)
    ((index, previous, content),) = seal_run(
        chain_head(session), [(*sealed, sealed_lines(lines), parties.sealed())]
    )
    return Validation(number, index, previous, content)


def _entry_audit(
    journal: str,
    number: int | None,
    entry_date: dt.date,
    label: str,
    reference: str | None,
    lines: Sequence[LineSpec],
    parties: EntryParties = NO_PARTIES,
) -> dict[str, object]:
    return {
        "journal": journal,
        "number": number,
        "date": entry_date.isoformat(),
        "label": label,
        **({"reference": reference} if reference is not None else {}),
        **parties.audited(),
        "lines": [[ln.account, str(ln.debit), str(ln.credit)] for ln in lines],
    }


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
    draft: bool = False,
    reverses_id: int | None = None,
    parties: EntryParties = NO_PARTIES,
) -> JournalEntry:
    """Write one balanced entry in the caller's transaction: validated (numbered and sealed)
    at once, as dues and donations are, or a `draft` (no number; edited, validated or deleted
    later, core/books/entries.py).

    `permission` lets a service that legitimately posts on the side (dues recorded by a
    secretary) check its own right instead of the treasurer's. `parties`: the third party
    and the payment, sealed with the entry.
    """
    actor.require(permission)
    _check_lines(lines)
    parties = check_parties(parties)
    year = _open_year(session, entry_date, fiscal_year_start_month)
    journal_row = session.scalar(sa.select(Journal).where(Journal.code == journal))
    if journal_row is None:
        raise _unknown_journal(journal)
    accounts = check_entry(session, lines)
    validation = (
        None
        if draft
        else number_and_seal(
            session,
            fiscal_year=year,
            journal=journal_row,
            entry_date=entry_date,
            label=label,
            reference=reference,
            lines=lines,
            parties=parties,
        )
    )
    entry = JournalEntry(
        fiscal_year_id=year.id,
        journal=journal_row,
        number=validation.number if validation else None,
        state=EntryState.DRAFT if draft else EntryState.VALIDATED,
        entry_date=entry_date,
        label=label,
        reference=reference,
        third_party=parties.third_party,
        third_party_code=parties.third_party_code,
        payment_method=parties.payment_method,
        payment_reference=parties.payment_reference,
        seal_version=SEAL_VERSION,
        created_by_id=actor.user_id,
        reverses_id=reverses_id,
        validated_at=None if draft else utcnow(),
        validated_by_id=None if draft else actor.user_id,
        chain_index=validation.chain_index if validation else None,
        previous_hash=validation.previous_hash if validation else None,
        content_hash=validation.content_hash if validation else None,
        lines=[
            JournalLine(
                position=index,
                account_id=accounts[line.account],
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
    audit.log_write(
        session,
        actor,
        "create",
        entry,
        after={
            **_entry_audit(journal, entry.number, entry_date, label, reference, lines, parties),
            "state": entry.state.value,
        },
    )
    return entry


@dataclass(frozen=True)
class EntryData:
    """One entry of `post_entries`: the arguments of `post_entry` that vary per entry."""

    journal: str
    entry_date: dt.date
    label: str
    lines: Sequence[LineSpec]
    reference: str | None = None
    parties: EntryParties = NO_PARTIES


@dataclass(frozen=True, slots=True)
class PostedEntry:
    id: int
    fiscal_year_id: int
    journal: str
    journal_id: int
    number: int
    entry_date: dt.date


_ENTRY_COLUMNS = (
    "fiscal_year_id",
    "journal_id",
    "number",
    "entry_date",
    "label",
    "reference",
    "third_party",
    "third_party_code",
    "payment_method",
    "payment_reference",
    "seal_version",
    "created_by_id",
    "state",
    "validated_at",
    "validated_by_id",
    "chain_index",
    "previous_hash",
    "content_hash",
)
_LINE_COLUMNS = (
    "entry_id",
    "position",
    "account_id",
    "label",
    "debit",
    "credit",
    "analytic_tag_id",
    "funder_id",
    "aid_kind",
    "agreement_number",
    "agreement_date",
)


def post_entries(
    session: Session,
    actor: Actor,
    entries: Sequence[EntryData],
    *,
    fiscal_year_start_month: int = 1,
    permission: Permission = Permission.BOOKS_WRITE,
) -> list[PostedEntry]:
    """Write many balanced entries, numbered in their order, in the caller's transaction: what
    `post_entry` does for each, checked by the same rules, the rows written many at a time
    and audited in one pass. Every entry is checked before any is written: a refused entry
    (named by its row, 1 for the first) refuses the whole batch (a fiscal year opened on the
    way stays open, as `post_entry` leaves it)."""
    actor.require(permission)
    if not entries:
        return []
    journals = dict(session.execute(sa.select(Journal.code, Journal.id)).all())
    numbers_used = {ln.account for e in entries for ln in e.lines}
    accounts, inactive = _accounts_and_inactive(session, numbers_used)
    years: dict[dt.date, FiscalYear] = {}
    placed: list[tuple[int, int]] = []  # (fiscal year id, journal id) of each entry
    checked: list[EntryParties] = []
    for row, entry in enumerate(entries, start=1):
        try:
            _check_lines(entry.lines)
            checked.append(check_parties(entry.parties))
            start, _end = fiscal_year_bounds(entry.entry_date, fiscal_year_start_month)
            year = years.get(start)
            if year is None:
                year = years[start] = _open_year(session, entry.entry_date, fiscal_year_start_month)
            if entry.journal not in journals:
                raise _unknown_journal(entry.journal)
            _check_accounts(entry.lines, accounts, inactive)
        except NassijError as error:
            raise row_error(error, row) from None
        placed.append((year.id, journals[entry.journal]))
    numbers = _next_entry_numbers(session, placed)
    year_labels = {year.id: year.label for year in years.values()}
    seals = seal_run(
        chain_head(session),
        (
            (
                e.journal,
                year_labels[fy],
                number,
                e.entry_date,
                e.label,
                e.reference,
                sealed_lines(e.lines),
                p.sealed(),
            )
            for e, p, (fy, _journal), number in zip(entries, checked, placed, numbers, strict=True)
        ),
    )
    now = utcnow()
    writer = BulkInsert(session, JournalEntry.__table__, _ENTRY_COLUMNS, now=now, keep_ids=True)
    writer.insert(
        (
            fy,
            journal,
            number,
            e.entry_date,
            e.label,
            e.reference,
            p.third_party,
            p.third_party_code,
            p.payment_method,
            p.payment_reference,
            SEAL_VERSION,
            actor.user_id,
            EntryState.VALIDATED,
            now,
            actor.user_id,
            *seal,
        )
        for e, p, (fy, journal), number, seal in zip(
            entries, checked, placed, numbers, seals, strict=True
        )
    )
    keys = [(fy, journal, number) for (fy, journal), number in zip(placed, numbers, strict=True)]
    ids = writer.ids("fiscal_year_id", "journal_id", "number")
    BulkInsert(session, JournalLine.__table__, _LINE_COLUMNS, now=now).insert(
        (
            ids[key],
            position,
            accounts[ln.account],
            ln.label,
            ln.debit,
            ln.credit,
            ln.analytic_tag_id,
            ln.funder_id,
            ln.aid_kind,
            ln.agreement_number,
            ln.agreement_date,
        )
        for e, key in zip(entries, keys, strict=True)
        for position, ln in enumerate(e.lines, start=1)
    )
    audit.record_many(
        session,
        actor,
        (
            audit.AuditItem(
                "create",
                "journal_entry",
                ids[key],
                after=_entry_audit(
                    e.journal, key[2], e.entry_date, e.label, e.reference, e.lines, p
                ),
            )
            for e, p, key in zip(entries, checked, keys, strict=True)
        ),
    )
    return [
        PostedEntry(ids[key], key[0], e.journal, key[1], key[2], e.entry_date)
        for e, key in zip(entries, keys, strict=True)
    ]


def _next_entry_numbers(session: Session, placed: Sequence[tuple[int, int]]) -> list[int]:
    """Each entry's number: the next of its journal in its fiscal year, in the batch's order
    (read under the chain's lock, as `next_entry_number`)."""
    lock_chain(session)
    keys = set(placed)
    last: dict[tuple[int, int], int] = dict.fromkeys(keys, 0)
    rows = session.execute(
        sa.select(
            JournalEntry.fiscal_year_id, JournalEntry.journal_id, sa.func.max(JournalEntry.number)
        )
        .where(JournalEntry.fiscal_year_id.in_({fy for fy, _journal in keys}))
        .where(JournalEntry.journal_id.in_({journal for _fy, journal in keys}))
        .group_by(JournalEntry.fiscal_year_id, JournalEntry.journal_id)
    )
    for fy, journal, number in rows:
        if (fy, journal) in last:
            last[(fy, journal)] = number or 0
    numbers = []
    for key in placed:
        last[key] += 1
        numbers.append(last[key])
    return numbers
