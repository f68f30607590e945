"""The demo's books: the ledger that writes entries in date order (dues receipts in bulk,
every other entry through `post_entry`), the treasury accounts, the year's regular expenses,
small gifts, cash deposits, the opening entries and the budgets."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal
from functools import partial
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.books.models import (
    Account,
    Budget,
    BudgetAmount,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalLine,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.books.services import (
    LineSpec,
    fiscal_year_bounds,
    fiscal_year_for,
    post_entry,
)
from nassij_desktop.core.common.money import CENT, ZERO
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.funding.models import RequestStatus
from nassij_desktop.core.members.models import DuesPayment, PaymentMethod
from nassij_desktop.demo import content
from nassij_desktop.demo import donations as demo_donations
from nassij_desktop.demo.bulk import BulkInsert
from nassij_desktop.demo.context import DemoContext, whole
from nassij_desktop.demo.members import DemoDues, generate_dues
from nassij_desktop.i18n import _

FLUSH_EVERY = 20_000
T = TypeVar("T")
_ROUND_100 = Decimal("100")


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

    def external(
        self, day: dt.date, amount: Decimal, debit: str, credit: str, post: Callable[[], T]
    ) -> T:
        """Run `post`, a service that posts one entry of `amount` (debit, credit) itself
        (a donation, its cancellation, a tranche received), after the queued receipts, and
        keep the balances and the journal numbers it leaves."""
        self.flush()
        result = post()
        self._last_number.clear()  # read again: the service numbered its entry
        self.entries += 1
        year = self.year_key(day)
        self._move(year, debit, amount)
        self._move(year, credit, -amount)
        return result

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


# --- the phase --------------------------------------------------------------------------------


def pay(
    demo: DemoContext,
    day: dt.date,
    account: str,
    amount: Decimal,
    label: str,
    prefer: str,
    aid: LineSpec | None = None,
) -> None:
    """An expense, from the cash box or the bank, skipped if neither can pay it. `aid`: the
    line of a funded project's expense (it names the donor, project, agreement)."""
    ledger = demo.ledger
    source = demo.cash if prefer == "cash" else demo.bank
    if not ledger.can_pay(source, amount):
        source = demo.bank if source == demo.cash else demo.cash
        if not ledger.can_pay(source, amount):
            return
    debit = aid or LineSpec(account=account, debit=amount)
    debit = replace(debit, label=label)
    ledger.post(
        day,
        "CA" if source == demo.cash else "BQ",
        label,
        [debit, LineSpec(account=source, credit=amount, label=label)],
    )


def _open(demo: DemoContext, day: dt.date) -> None:
    ledger, label = demo.ledger, demo.t(content.OPENING, year=day.year)
    if day == demo.books_start:
        bank = Decimal(demo.rng.randrange(55_000, 75_000, 100))
        cash = Decimal(demo.rng.randrange(800, 2_500, 10))
        demo.fund = bank + cash
        ledger.post(
            day,
            "AN",
            label,
            [
                LineSpec(account=demo.bank, debit=bank, label=label),
                LineSpec(account=demo.cash, debit=cash, label=label),
                LineSpec(account="1111", credit=demo.fund, label=label),
            ],
        )
        return
    # The balances carried over; the fund stays, the years' results are carried forward.
    bank, cash = ledger.balance[demo.bank], ledger.balance[demo.cash]
    result = bank + cash - demo.fund
    lines = [LineSpec(account="1111", credit=demo.fund, label=label)]
    for account, amount in ((demo.bank, bank), (demo.cash, cash)):
        if amount > 0:
            lines.append(LineSpec(account=account, debit=amount, label=label))
        elif amount < 0:
            lines.append(LineSpec(account=account, credit=-amount, label=label))
    if result > 0:
        lines.append(LineSpec(account="1161", credit=result, label=label))
    elif result < 0:
        lines.append(LineSpec(account="1169", debit=-result, label=label))
    ledger.post(day, "AN", label, lines, restate=True)


def _deposit(demo: DemoContext, day: dt.date) -> None:
    cash = demo.ledger.balance[demo.cash]
    if cash <= 3000:
        return
    amount = ((cash - 1000) // 100 * 100).quantize(CENT)
    label = demo.t(content.DEPOSIT)
    demo.ledger.post(
        day,
        "CA",
        label,
        [
            LineSpec(account=demo.bank, debit=amount, label=label),
            LineSpec(account=demo.cash, credit=amount, label=label),
        ],
    )


def _small_gift(demo: DemoContext, day: dt.date, amount: Decimal, donor: str, cash: bool) -> None:
    label = demo.t(content.DONATION, name=donor)
    treasury = demo.cash if cash else demo.bank
    demo.ledger.post(
        day,
        "CA" if cash else "BQ",
        label,
        [
            LineSpec(account=treasury, debit=amount, label=label),
            LineSpec(account=demo.donations, credit=amount, label=label),
        ],
    )


def _treasury_accounts(demo: DemoContext) -> None:
    session = demo.session
    journals = dict(session.execute(sa.select(Journal.code, Journal.id)).all())
    session.add_all(
        [
            TreasuryAccount(
                name=demo.t(content.TREASURY_BANK, bank=content.BANK[1]),
                kind=TreasuryKind.BANK,
                account_id=demo.accounts[demo.bank],
                journal_id=journals["BQ"],
                bank_name=content.BANK[1],
                rib=demo.association.rib,
            ),
            TreasuryAccount(
                name=demo.t(content.TREASURY_CASH),
                kind=TreasuryKind.CASH,
                account_id=demo.accounts[demo.cash],
                journal_id=journals["CA"],
            ),
        ]
    )


def _schedule_year(demo: DemoContext, year: int) -> None:
    """The opening entry, the yearly and monthly expenses, small gifts and cash deposits."""
    rng, today = demo.rng, demo.today
    demo.event(dt.date(year, 1, 1), partial(_open, demo, dt.date(year, 1, 1)), order=0)
    for text, account, month, day, amount, prefer in content.YEARLY:
        when = dt.date(year, month, day)
        demo.event(when, partial(pay, demo, when, account, amount, demo.t(text), prefer))
    for _n in range(rng.randint(6, 10)):
        when = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        donor = rng.choice(demo.people).name(demo.lang)
        amount = Decimal(rng.choice((200, 300, 500, 500, 1000, 1000, 2000, 5000)))
        cash = rng.random() < 0.6
        demo.event(when, partial(_small_gift, demo, when, amount, donor, cash))
    for month in range(1, 13):
        if dt.date(year, month, 1) > today:
            break
        for text, account, day, amount, prefer in content.MONTHLY:
            when = dt.date(year, month, day)
            label = demo.t(text, month=f"{month:02d}/{year}")
            demo.event(when, partial(pay, demo, when, account, amount, label, prefer))
        month_end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        last = min(month_end, today)
        demo.event(last, partial(_deposit, demo, last), order=3)


def write_books(demo: DemoContext) -> None:
    """Two fiscal years of books, every entry in date order."""
    session, rng, today = demo.session, demo.rng, demo.today
    get = settings.get_setting
    demo.bank, demo.cash = str(get(session, "posting.bank")), str(get(session, "posting.cash"))
    demo.donations = str(get(session, "posting.donations_income"))
    _treasury_accounts(demo)
    demo.ledger = ledger = Ledger(
        session,
        demo.actor,
        start_month=demo.association.fiscal_year_start_month,
        bank=demo.bank,
        cash=demo.cash,
        dues_income=str(get(session, "posting.dues_income")),
        dues_label=_("Dues {year} — member {number}"),
    )
    for year in range(demo.books_start.year, today.year + 1):
        _schedule_year(demo, year)
    dues = generate_dues(
        rng,
        demo.people,
        range(demo.books_start.year, today.year + 1),
        today,
        {code: c.default_dues for code, c in demo.categories.items()},
    )
    demo_donations.schedule_donations(demo)
    demo.events.sort(key=lambda e: (e.day, e.order))
    index = 0
    for event in demo.events:
        while index < len(dues) and (dues[index].paid_on, 1) < (event.day, event.order):
            ledger.dues(dues[index])
            index += 1
        event.action()
    for payment in dues[index:]:
        ledger.dues(payment)
    ledger.flush()
    demo.dues_count = len(dues)


def write_budgets(demo: DemoContext) -> None:
    """This year's budget (last year's actual income and expenses, plus 5 %), and one per
    project in progress (what its funder pays, per account)."""
    session, ledger, today = demo.session, demo.ledger, demo.today
    last_year = ledger.year_key(today) - 1
    amounts = {
        account: (abs(flow) * Decimal("1.05") / _ROUND_100).to_integral_value(ROUND_CEILING)
        * _ROUND_100
        for (year, account), flow in ledger.flows.items()
        if year == last_year and account[:1] in {"6", "7"} and flow
    }
    fiscal_year_id = ledger.fiscal_year(today).id
    name = demo.t(content.BUDGET_NAME, year=today.year)
    budget = Budget(fiscal_year_id=fiscal_year_id, name=name)
    budget.lines = [
        BudgetAmount(account_id=demo.accounts[a], amount=m.quantize(CENT))
        for a, m in sorted(amounts.items())
    ]
    session.add(budget)
    for tracked in demo.requests:
        if tracked.row.status is not RequestStatus.IN_PROGRESS or tracked.tag_id is None:
            continue
        per_account: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for line in tracked.row.budget_lines:
            per_account[line.account_id or 0] += line.funded_by_request * (tracked.rate or 1)
        session.add(
            Budget(
                fiscal_year_id=fiscal_year_id,
                analytic_tag_id=tracked.tag_id,
                name=f"{name} — {tracked.project_code}",
                lines=[BudgetAmount(account_id=a, amount=whole(m)) for a, m in per_account.items()],
            )
        )
