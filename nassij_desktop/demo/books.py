"""The demo's books: the ledger that writes entries in date order (dues through
`record_dues_batch`, the other entries through `post_entries`), the treasury accounts, the year's
regular expenses, small gifts, cash deposits, the first opening entry, the bank's statements
imported and matched, the previous year closed (its opening entry written by the closing) and
the budgets."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal
from functools import partial
from itertools import groupby
from typing import TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop.core.association import settings
from nassij_desktop.core.books.closing import close_after_checks
from nassij_desktop.core.books.models import (
    BankStatement,
    BankStatementLine,
    FiscalYear,
    TreasuryAccount,
    TreasuryKind,
)
from nassij_desktop.core.books.reconciliation import (
    BookLine,
    book_lines,
    import_bank_statement,
    match_lines,
)
from nassij_desktop.core.books.services import (
    EntryData,
    LineSpec,
    create_budget,
    create_treasury_account,
    fiscal_year_bounds,
    fiscal_year_for,
    post_entries,
)
from nassij_desktop.core.books.years import year_row
from nassij_desktop.core.common.money import CENT, ZERO
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.funding.models import RequestStatus
from nassij_desktop.core.members.models import PaymentMethod
from nassij_desktop.core.members.services import (
    DuesData,
    StatusChange,
    change_member_statuses,
    record_dues_batch,
)
from nassij_desktop.demo import content
from nassij_desktop.demo import donations as demo_donations
from nassij_desktop.demo.context import DemoContext, whole
from nassij_desktop.demo.members import DemoDues, generate_dues

FLUSH_EVERY = 20_000
T = TypeVar("T")
_ROUND_100 = Decimal("100")


class Ledger:
    """The demo's books in date order: `dues()`, `status()` and `post()` queue a payment, a
    member's change of status and an entry, written in the order queued by `flush()`, each run
    of one kind by its batch service (`record_dues_batch`, `change_member_statuses`,
    `post_entries`), so that receipt and entry numbers follow the dates. Tracks treasury
    balances and each year's movements per account."""

    def __init__(
        self,
        session: Session,
        actor: Actor,
        *,
        start_month: int,
        bank: str,
        cash: str,
        dues_income: str,
    ) -> None:
        self.session = session
        self.actor = actor
        self.start_month = start_month
        self.bank, self.cash, self.dues_income = bank, cash, dues_income
        self.balance: dict[str, Decimal] = {bank: ZERO, cash: ZERO}
        # (first calendar year of the fiscal year, account) → debits − credits
        self.flows: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        self.entries = 0
        self._years: dict[dt.date, FiscalYear] = {}
        self._pending: list[DemoDues | StatusChange | EntryData] = []
        self._vouchers: dict[int, int] = defaultdict(int)  # year → supporting documents filed

    # --- reading ---------------------------------------------------------------------------

    def fiscal_year(self, day: dt.date) -> FiscalYear:
        start, _end = fiscal_year_bounds(day, self.start_month)
        year = self._years.get(start)
        if year is None:
            year = self._years[start] = fiscal_year_for(self.session, day, self.start_month)
        return year

    def year_key(self, day: dt.date) -> int:
        """The first calendar year of the fiscal year holding `day`."""
        return fiscal_year_bounds(day, self.start_month)[0].year

    def can_pay(self, account: str, amount: Decimal) -> bool:
        return self.balance[account] >= amount

    # --- writing ---------------------------------------------------------------------------

    def _move(self, year: int, account: str, amount: Decimal) -> None:
        self.flows[(year, account)] += amount
        if account in self.balance:
            self.balance[account] += amount

    def dues(self, payment: DemoDues) -> None:
        """Queue a dues payment: its receipt debits the treasury, credits dues income."""
        treasury = self.cash if payment.method is PaymentMethod.CASH else self.bank
        year = self.year_key(payment.paid_on)
        self._pending.append(payment)
        self._move(year, treasury, payment.amount)
        self._move(year, self.dues_income, -payment.amount)
        if len(self._pending) >= FLUSH_EVERY:
            self.flush()

    def status(self, change: StatusChange) -> None:
        """Queue a member's change of status."""
        self._pending.append(change)

    def post(
        self,
        day: dt.date,
        journal: str,
        label: str,
        lines: Sequence[LineSpec],
        reference: str | None = None,
    ) -> None:
        """Queue one entry. Without a `reference`, the entry gets the number the treasurer
        writes on its supporting document when filing it (PJ-2026-0042), as every entry
        carries its voucher; the opening entry rests on the previous accounts."""
        if reference is None and journal != "AN":
            self._vouchers[day.year] += 1
            reference = f"PJ-{day.year}-{self._vouchers[day.year]:04d}"
        self._pending.append(EntryData(journal, day, label, lines, reference))
        self.entries += 1
        year = self.year_key(day)
        for line in lines:
            self._move(year, line.account, line.debit - line.credit)

    def external(
        self, day: dt.date, amount: Decimal, debit: str, credit: str, post: Callable[[], T]
    ) -> T:
        """Run `post`, a service that posts one entry of `amount` (debit, credit) itself
        (a donation, its cancellation, a tranche received), after the queued payments, and
        keep the balances it leaves."""
        self.flush()
        result = post()
        self.entries += 1
        year = self.year_key(day)
        self._move(year, debit, amount)
        self._move(year, credit, -amount)
        return result

    def flush(self) -> None:
        """Write what is queued, in its order: each run of dues payments (with their receipts
        and entries), of changes of status and of entries in one batch (an entry at a time
        through `post_entry` was a third of the time a demo took to build)."""
        pending = self._pending
        for kind, run in groupby(pending, key=type):
            if kind is DemoDues:
                dues = cast(list[DemoDues], list(run))
                record_dues_batch(
                    self.session,
                    self.actor,
                    [DuesData(p.member.id, p.year, p.amount, p.paid_on, p.method) for p in dues],
                )
                self.entries += len(dues)
            elif kind is StatusChange:
                change_member_statuses(
                    self.session, self.actor, cast(list[StatusChange], list(run))
                )
            else:
                post_entries(
                    self.session,
                    self.actor,
                    cast(list[EntryData], list(run)),
                    fiscal_year_start_month=self.start_month,
                )
        pending.clear()


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
    """The first year's opening entry: the bank and the cash box the association had when
    its books began, against its funds."""
    ledger, label = demo.ledger, demo.t(content.OPENING, year=day.year)
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


def _close(demo: DemoContext, year: int) -> None:
    """Close the fiscal year `year` as a treasurer would, through the closing assistant's
    service, once its bank account is reconciled with the bank's statement of the year: its
    result carried to the funds in the next year's opening entry."""
    ledger = demo.ledger
    ledger.flush()  # the year's last queued dues first
    _reconcile_bank(demo, year_row(demo.session, year).ends_on)
    close_after_checks(demo.session, demo.actor, year, today=demo.today)
    ledger.entries += 1  # the opening entry: it restates balances the ledger already holds


def _bank_day(line: BookLine) -> dt.date:
    """When the bank shows a book line: a transfer received the same day or the next, a
    cheque paid one to four days after it was written (no random draw: the demo's other
    figures keep their sequence)."""
    delay = line.id % 2 if line.amount > 0 else 1 + line.id % 4
    return line.day + dt.timedelta(days=delay)


def _reconcile_bank(demo: DemoContext, through: dt.date) -> None:
    """Import the bank's statement of the bank lines it has seen by `through` (a cheque
    written in the last days stays outstanding, as in a real account) and match each to its
    book line: the bank account is then reconciled at `through`."""
    session, actor = demo.session, demo.actor
    bank = session.scalar(
        sa.select(TreasuryAccount.id).where(TreasuryAccount.kind == TreasuryKind.BANK)
    )
    assert bank is not None  # _treasury_accounts made it
    lines = book_lines(session, actor, bank, as_of=through, uncleared_only=True)
    seen = sorted(
        ((_bank_day(b), b.id, b) for b in lines if not b.opening and _bank_day(b) <= through),
        key=lambda item: item[:2],
    )
    if not seen:
        return
    # The bank's balance before the statement: its previous statement's, or the opening.
    balance = session.scalar(
        sa.select(BankStatementLine.balance)
        .join(BankStatement)
        .where(BankStatement.treasury_account_id == bank)
        .order_by(BankStatementLine.line_date.desc(), BankStatementLine.id.desc())
        .limit(1)
    )
    if balance is None:
        balance = sum((b.amount for b in lines if b.opening), ZERO)
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Date", "Libellé", "Débit", "Crédit", "Solde"])
    for day, _id, line in seen:
        balance += line.amount
        out, into = (-line.amount, "") if line.amount < 0 else ("", line.amount)
        writer.writerow(
            [f"{day:%d/%m/%Y}", line.label.upper(), _comma(out), _comma(into), _comma(balance)]
        )
    name = f"releve-{through:%Y-%m-%d}.csv"
    record = import_bank_statement(session, actor, bank, name, text.getvalue().encode())
    statement_lines = session.scalars(
        sa.select(BankStatementLine.id)
        .where(BankStatementLine.statement_id == record.id)
        .order_by(BankStatementLine.position)
    ).all()
    pairs = [
        (bank_line, book.id)
        for bank_line, (_d, _i, book) in zip(statement_lines, seen, strict=True)
    ]
    match_lines(session, actor, bank, pairs)


def _comma(amount: Decimal | str) -> str:
    """An amount as a Moroccan bank writes it in its export: 1234,50."""
    return str(amount).replace(".", ",")


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
    session, actor = demo.session, demo.actor
    create_treasury_account(
        session,
        actor,
        demo.t(content.TREASURY_BANK, bank=demo.t(content.BANK_NAME)),
        TreasuryKind.BANK,
        demo.bank,
        bank_name=content.BANK[1],
        rib=demo.association.rib,
    )
    create_treasury_account(
        session, actor, demo.t(content.TREASURY_CASH), TreasuryKind.CASH, demo.cash
    )


def _schedule_year(demo: DemoContext, year: int) -> None:
    """The opening entry, the yearly and monthly expenses, small gifts and cash deposits."""
    rng, today = demo.rng, demo.today
    if dt.date(year, 1, 1) == demo.books_start:
        demo.event(dt.date(year, 1, 1), partial(_open, demo, dt.date(year, 1, 1)), order=0)
    else:
        demo.event(dt.date(year, 1, 1), partial(_close, demo, year - 1), order=0)
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
    # Dues and members leaving, queued in date order between the other events (order 1).
    queued: list[tuple[dt.date, Callable[[], None]]] = sorted(
        [(d.paid_on, partial(ledger.dues, d)) for d in dues]
        + [(c.effective_on, partial(ledger.status, c)) for c in demo.later_statuses],
        key=lambda item: item[0],
    )
    index = 0
    for event in demo.events:
        while index < len(queued) and (queued[index][0], 1) < (event.day, event.order):
            queued[index][1]()
            index += 1
        event.action()
    for _day, queue in queued[index:]:
        queue()
    ledger.flush()
    _reconcile_bank(demo, today)  # this year's statement so far: the year closes cleanly
    demo.dues_count = len(dues)


def write_budgets(demo: DemoContext) -> None:
    """This year's budget (last year's actual income and expenses, plus 5 %), and one per
    project in progress (what its funder pays, per account)."""
    session, actor, ledger, today = demo.session, demo.actor, demo.ledger, demo.today
    last_year = ledger.year_key(today) - 1
    amounts = {
        account: (
            (abs(flow) * Decimal("1.05") / _ROUND_100).to_integral_value(ROUND_CEILING) * _ROUND_100
        ).quantize(CENT)
        for (year, account), flow in ledger.flows.items()
        if year == last_year and account[:1] in {"6", "7"} and flow
    }
    fiscal_year_id = ledger.fiscal_year(today).id
    name = demo.t(content.BUDGET_NAME, year=today.year)
    create_budget(session, actor, fiscal_year_id, name, amounts)
    for tracked in demo.requests:
        if tracked.status is not RequestStatus.IN_PROGRESS or tracked.tag_id is None:
            continue
        per_account: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for account, funded, _label in tracked.budget:
            per_account[account] += funded * (tracked.rate or 1)
        create_budget(
            session,
            actor,
            fiscal_year_id,
            f"{name} — {tracked.project_code}",
            {account: whole(amount) for account, amount in per_account.items()},
            analytic_tag_id=tracked.tag_id,
        )
