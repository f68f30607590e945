"""The financial account of one agreement (the funder's "rapport financier" / التقرير المالي):
its tranches, what the books received and spent under it, and its budget against the actual.

Which lines belong to the agreement: the validated journal lines tagged with the request's
funder and agreement number (the 2022 circular's tags, `JournalLine.funder_id` and
`agreement_number`), over every year — as `public_aid.public_aid_account` reads them for one
year: received are the lines of class 7 (credits less debits), spent the lines of the other
classes but the treasury (class 5, which only says where the money went) and the openings.

How a line spent is attributed to a budget line: to the budget line whose account is the
longest prefix of the line's account (a budget on 6122 takes 61221 too); when several budget
lines share that account, to the one whose label begins the line's label (the treasurer's
"Matières premières : tissus et fils — PRJ-COUTURE"), else to the first of them; a line
whose account no budget line names goes to the budget line without an account whose label it
begins with, else under "outside the budget lines". The budget compared is the share asked of
this funder (`BudgetLine.funded_by_request`), in the request's currency; in another currency
than the dirham it is converted at the mean rate of the tranches received (dirhams received
for the units received), and left unconverted before any tranche.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import (
    Account,
    Journal,
    JournalEntry,
    JournalKind,
    JournalLine,
)
from nassij_desktop.core.books.statements.selection import (
    CREDIT,
    DEBIT,
    ENTRY_ORDER,
    cents,
    counted_lines,
)
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.core.common.errors import Conflict
from nassij_desktop.core.common.money import ZERO, quantize
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.core.common.service import get_or_fail
from nassij_desktop.core.common.textnorm import normalise_word
from nassij_desktop.core.funding.models import FunderKind, FundingRequest, RequestStatus
from nassij_desktop.i18n import N_, _

# The label of the expenses no budget line takes (a msgid: the document translates it).
OUTSIDE_BUDGET = N_("Outside the budget lines")


@dataclass(frozen=True)
class AgreementVoucher:
    """A line of the books under the agreement, with its voucher (pièce)."""

    entry_date: dt.date
    entry: str  # journal and number, "BQ-16"
    reference: str | None  # the voucher's reference, PJ-2025-0015
    label: str
    account: str
    amount: Decimal  # received: credits less debits; spent: debits less credits


@dataclass(frozen=True)
class BudgetActual:
    """A budget line against what was spent on it. `position` None: outside the budget, and
    `label` is then OUTSIDE_BUDGET, untranslated."""

    position: int | None
    label: str
    account: str | None
    budget: Decimal  # the funder's share, in the request's currency
    budget_mad: Decimal | None  # in dirhams (None: no rate known yet)
    vouchers: tuple[AgreementVoucher, ...]

    @property
    def actual(self) -> Decimal:
        return sum((v.amount for v in self.vouchers), ZERO)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget_mad is None else self.budget_mad - self.actual

    @property
    def used(self) -> float | None:
        """The share of the budget spent (1.0: all of it); None without a budget in dirhams."""
        if not self.budget_mad:
            return None
        return float(self.actual / self.budget_mad)


@dataclass(frozen=True)
class TrancheLine:
    number: int
    expected_on: dt.date | None
    expected_amount: Decimal  # in `currency`
    currency: str
    received_on: dt.date | None
    amount_received: Decimal | None  # in `currency`
    exchange_rate: Decimal | None  # dirhams for one unit
    amount_mad: Decimal | None
    entry: str | None  # the receipt's entry in the books, "BQ-13"


@dataclass(frozen=True)
class AgreementAccount:
    request_id: int
    title: str
    reference: str | None  # the request's own reference
    status: RequestStatus
    funder_ar: str | None
    funder_fr: str
    funder_kind: FunderKind
    funder_country: str
    agreement_number: str
    agreement_date: dt.date | None
    currency: str
    amount_requested: Decimal
    amount_granted: Decimal | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    mean_rate: Decimal | None  # dirhams per unit received (None in dirhams or before any)
    tranches: tuple[TrancheLine, ...]
    received: tuple[AgreementVoucher, ...]
    lines: tuple[BudgetActual, ...]  # the budget's lines, then "outside the budget" if any
    # What the budget's lines cost in all, whoever pays (in the request's currency).
    total_cost: Decimal = ZERO

    def funder(self, lang: str) -> str:
        return text_in(lang, self.funder_ar, self.funder_fr)

    @property
    def co_funding(self) -> Decimal:
        """The part of the budget not asked of this funder: the association's own and other
        funders' contributions."""
        return self.total_cost - self.total_budget

    @property
    def total_received(self) -> Decimal:
        return sum((v.amount for v in self.received), ZERO)

    @property
    def total_spent(self) -> Decimal:
        return sum((line.actual for line in self.lines), ZERO)

    @property
    def total_budget(self) -> Decimal:
        return sum((line.budget for line in self.lines), ZERO)

    @property
    def total_budget_mad(self) -> Decimal | None:
        if any(line.budget_mad is None for line in self.lines):
            return None
        return sum((line.budget_mad or ZERO for line in self.lines), ZERO)

    @property
    def balance(self) -> Decimal:
        """Received less spent: what is left of the money received (negative: advanced by
        the association)."""
        return self.total_received - self.total_spent

    @property
    def granted_mad(self) -> Decimal | None:
        """The amount granted in dirhams (at the mean rate in another currency)."""
        if self.amount_granted is None:
            return None
        if self.currency == "MAD":
            return self.amount_granted
        return None if self.mean_rate is None else quantize(self.amount_granted * self.mean_rate)

    @property
    def still_to_receive(self) -> Decimal:
        """The tranches expected and not received yet, in the request's currency."""
        return sum((t.expected_amount for t in self.tranches if t.received_on is None), ZERO)


def _entry(journal: str, number: int | None) -> str:
    return f"{journal}-{number}" if number is not None else journal


def _agreement_lines(
    session: Session, funder_id: int, agreement: str
) -> tuple[list[AgreementVoucher], list[AgreementVoucher]]:
    """(received, spent) lines of the books under the funder's agreement, in entry order."""
    query = (
        counted_lines(
            JournalEntry.entry_date,
            Journal.code,
            JournalEntry.number,
            JournalEntry.reference,
            sa.func.coalesce(JournalLine.label, JournalEntry.label),
            Account.number,
            Account.account_class,
            DEBIT,
            CREDIT,
            since=None,
            until=dt.date.max,
        )
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .join(Account, Account.id == JournalLine.account_id)
        .where(
            JournalLine.funder_id == funder_id,
            JournalLine.agreement_number == agreement,
            Journal.kind != JournalKind.OPENING,
            Account.account_class != 5,
        )
        .order_by(*ENTRY_ORDER)
    )
    received: list[AgreementVoucher] = []
    spent: list[AgreementVoucher] = []
    for (
        day,
        journal,
        number,
        reference,
        label,
        account,
        account_class,
        debit,
        credit,
    ) in session.execute(query):
        income = account_class == 7
        amount = cents(credit - debit) if income else cents(debit - credit)
        voucher = AgreementVoucher(day, _entry(journal, number), reference, label, account, amount)
        (received if income else spent).append(voucher)
    return received, spent


@dataclass(frozen=True)
class _Budgeted:
    position: int
    label: str
    account: str | None


def budget_line_of(account: str, label: str, budget: Sequence[_Budgeted]) -> int | None:
    """The position of the budget line a line spent on `account` labelled `label` goes to
    (see the module's docstring); None: outside the budget lines."""
    key = normalise_word(label)

    def begins(line: _Budgeted) -> bool:
        return bool(line.label) and key.startswith(normalise_word(line.label))

    by_account = [line for line in budget if line.account and account.startswith(line.account)]
    if by_account:
        longest = max(len(line.account or "") for line in by_account)
        candidates = [line for line in by_account if len(line.account or "") == longest]
        chosen = next((line for line in candidates if begins(line)), candidates[0])
        return chosen.position
    return next((line.position for line in budget if not line.account and begins(line)), None)


def agreement_account(session: Session, actor: Actor, request_id: int) -> AgreementAccount:
    """The financial account of the agreement of funding request `request_id`, from the books.
    Refused (Conflict) for a request without a signed agreement."""
    actor.require(Permission.FUNDING_READ)
    actor.require(Permission.BOOKS_READ)
    request = get_or_fail(session, FundingRequest, request_id, _("funding request"))
    if not request.agreement_number:
        raise Conflict(
            _("The funding request {id} has no signed agreement yet.").format(id=request_id)
        )
    funder = request.funder
    entries = {
        entry_id: _entry(journal, number)
        for entry_id, journal, number in session.execute(
            sa.select(JournalEntry.id, Journal.code, JournalEntry.number)
            .join(Journal, Journal.id == JournalEntry.journal_id)
            .where(JournalEntry.id.in_([t.journal_entry_id for t in request.tranches]))
        )
    }
    tranches = tuple(
        TrancheLine(
            t.number,
            t.expected_on,
            t.expected_amount,
            t.currency,
            t.received_on,
            t.amount_received,
            t.exchange_rate,
            t.amount_mad,
            entries.get(t.journal_entry_id) if t.journal_entry_id else None,
        )
        for t in request.tranches
    )
    mean_rate = None
    if request.currency != "MAD":
        units = sum((t.amount_received or ZERO for t in tranches if t.received_on), ZERO)
        mad = sum((t.amount_mad or ZERO for t in tranches if t.received_on), ZERO)
        if units:
            mean_rate = (mad / units).quantize(Decimal("0.0001"))
    accounts = dict(
        session.execute(
            sa.select(Account.id, Account.number).where(
                Account.id.in_([b.account_id for b in request.budget_lines if b.account_id])
            )
        ).all()
    )
    budget = [
        _Budgeted(b.position, b.label, accounts.get(b.account_id) if b.account_id else None)
        for b in request.budget_lines
    ]
    received, spent = _agreement_lines(session, funder.id, request.agreement_number)
    attributed: dict[int | None, list[AgreementVoucher]] = {}
    for voucher in spent:
        attributed.setdefault(budget_line_of(voucher.account, voucher.label, budget), []).append(
            voucher
        )

    def in_mad(amount: Decimal) -> Decimal | None:
        if request.currency == "MAD":
            return amount
        return None if mean_rate is None else quantize(amount * mean_rate)

    lines = [
        BudgetActual(
            b.position,
            b.label,
            line.account,
            b.funded_by_request,
            in_mad(b.funded_by_request),
            tuple(attributed.get(b.position, ())),
        )
        for b, line in zip(request.budget_lines, budget, strict=True)
    ]
    if attributed.get(None):
        lines.append(
            BudgetActual(
                None,
                OUTSIDE_BUDGET,
                None,
                ZERO,
                ZERO,
                tuple(attributed[None]),
            )
        )
    return AgreementAccount(
        request_id=request.id,
        title=request.title,
        reference=request.reference,
        status=request.status,
        funder_ar=funder.name_ar,
        funder_fr=funder.name_fr,
        funder_kind=funder.kind,
        funder_country=funder.country,
        agreement_number=request.agreement_number,
        agreement_date=request.agreement_date,
        currency=request.currency,
        amount_requested=request.amount_requested,
        amount_granted=request.amount_granted,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        mean_rate=mean_rate,
        tranches=tranches,
        received=tuple(received),
        lines=tuple(lines),
        total_cost=sum((b.amount for b in request.budget_lines), ZERO),
    )


@dataclass(frozen=True)
class AgreementChoice:
    """A request with a signed agreement, as a document's picker lists it."""

    id: int
    agreement_number: str
    agreement_date: dt.date | None
    funder_ar: str | None
    funder_fr: str
    title: str

    def funder(self, lang: str) -> str:
        return text_in(lang, self.funder_ar, self.funder_fr)


def latest_agreement_id(session: Session) -> int | None:
    """The request whose agreement was signed last (the document's default)."""
    return session.scalar(
        sa.select(FundingRequest.id)
        .where(FundingRequest.agreement_number.is_not(None))
        .order_by(FundingRequest.agreement_date.desc().nulls_last(), FundingRequest.id.desc())
        .limit(1)
    )


def recent_agreements(session: Session, actor: Actor, limit: int = 100) -> list[AgreementChoice]:
    """The requests with a signed agreement, the latest signed first."""
    actor.require(Permission.FUNDING_READ)
    actor.require(Permission.BOOKS_READ)
    rows = session.scalars(
        sa.select(FundingRequest)
        .where(FundingRequest.agreement_number.is_not(None))
        .order_by(FundingRequest.agreement_date.desc().nulls_last(), FundingRequest.id.desc())
        .limit(limit)
    ).unique()
    return [
        AgreementChoice(
            r.id,
            r.agreement_number or "",
            r.agreement_date,
            r.funder.name_ar,
            r.funder.name_fr,
            r.title,
        )
        for r in rows
    ]
