"""Budgets per fiscal year, for the whole association or one project/funding tag, by account;
and the budget against what the validated entries of the year actually hold.

A year has one budget per tag (and one for the whole association, without a tag): `set_budget`
creates it or changes its lines. `budget_vs_actual` sums the year's validated lines per
account in SQL (through `statements.selection.counted_lines`, the one place that says which
entries count), the opening entries left out: they are balances, not the year's activity.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from nassij_desktop.core.books.models import (
    Account,
    AnalyticTag,
    Budget,
    BudgetAmount,
    FiscalYear,
    Journal,
    JournalEntry,
    JournalKind,
    JournalLine,
)
from nassij_desktop.core.books.services import check_receipt_amount
from nassij_desktop.core.books.statements.selection import (
    CREDIT,
    DEBIT,
    Period,
    counted_lines,
    resolve_year,
)
from nassij_desktop.core.common import audit, conflicts
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.core.common.conflicts import locked
from nassij_desktop.core.common.errors import NotFound, ValidationError
from nassij_desktop.core.common.money import ZERO, from_centimes
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import N_, _, translate_in

INCOME_CLASS = 7


class BudgetSection(enum.StrEnum):
    CHARGES = "charges"  # what the year spends: class 6 and the investments of class 2
    INCOME = "income"  # class 7


@dataclass(frozen=True)
class BudgetRecordLine:
    account: str
    label_ar: str
    label_fr: str
    amount: Decimal


@dataclass(frozen=True)
class YearBudget:
    id: int
    year: str
    project: str | None  # the tag's code; None: the whole association
    name: str
    lines: tuple[BudgetRecordLine, ...]  # by account
    version: int = 0  # the budget's, counting every change of its lines (0: none saved yet)


@dataclass(frozen=True)
class BudgetComparisonLine:
    section: BudgetSection
    account: str
    label_ar: str
    label_fr: str
    budget: Decimal
    actual: Decimal

    @property
    def variance(self) -> Decimal:
        """Actual minus budget: more spent (or received) than planned is positive."""
        return self.actual - self.budget

    @property
    def percent(self) -> Decimal | None:
        """The variance as a percentage of the budget, one decimal (None without a budget)."""
        return _percent(self.variance, self.budget)

    def label(self, lang: str) -> str:
        return text_in(lang, self.label_ar, self.label_fr)


@dataclass(frozen=True)
class BudgetComparisonTotal:
    section: BudgetSection | None  # None: the result (income minus charges)
    budget: Decimal
    actual: Decimal

    @property
    def variance(self) -> Decimal:
        return self.actual - self.budget

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.variance, self.budget)

    def label(self, lang: str) -> str:
        message = {
            BudgetSection.CHARGES: N_("Total charges"),
            BudgetSection.INCOME: N_("Total income"),
            None: N_("Result (income minus charges)"),
        }[self.section]
        return translate_in(lang, message)


@dataclass(frozen=True)
class BudgetComparison:
    year: Period
    project: str | None
    lines: tuple[BudgetComparisonLine, ...]  # charges then income, by account
    totals: tuple[BudgetComparisonTotal, ...]  # charges, income, result

    @property
    def has_budget(self) -> bool:
        return any(line.budget for line in self.lines)


def _percent(variance: Decimal, budget: Decimal) -> Decimal | None:
    if not budget:
        return None
    return (variance * 100 / abs(budget)).quantize(Decimal("0.1"))


def _fiscal_year(session: Session, year: int | str) -> FiscalYear:
    period = resolve_year(session, year)
    found = session.scalar(sa.select(FiscalYear).where(FiscalYear.label == period.label))
    assert found is not None  # resolve_year read it
    return found


def _tag_id(session: Session, project: str | None) -> int | None:
    if project is None:
        return None
    code = project.strip()
    found = session.scalar(sa.select(AnalyticTag.id).where(AnalyticTag.code == code))
    if found is None:
        raise ValidationError("project", _("Unknown project {code}.").format(code=code))
    return found


def _budget_of(session: Session, year_id: int, tag_id: int | None) -> Budget | None:
    tag = Budget.analytic_tag_id.is_(None) if tag_id is None else Budget.analytic_tag_id == tag_id
    return session.scalar(
        sa.select(Budget).where(Budget.fiscal_year_id == year_id, tag).order_by(Budget.id).limit(1)
    )


def _amounts_snapshot(budget: Budget, numbers: Mapping[int, str]) -> list[list[str]]:
    return sorted([numbers[line.account_id], str(line.amount)] for line in budget.lines)


def set_budget(
    session: Session,
    actor: Actor,
    year: int | str,
    amounts: Mapping[str, Decimal | str],
    *,
    project: str | None = None,
    replace: bool = False,
    expected_version: int | None = None,
    overwrite: bool = False,
) -> YearBudget:
    """Set the budget of `year` (for the project/funding tag `project`, or the whole
    association): each account of `amounts` gets its amount (0 removes the account's line);
    with `replace`, the accounts not given are removed. The budget is created if the year has
    none for that tag. `expected_version`: the budget's as the editor opened it (0: it had
    none); a newer save is refused (`ConflictError`) unless `overwrite`."""
    actor.require(Permission.BOOKS_WRITE)
    fiscal_year = _fiscal_year(session, year)
    tag_id = _tag_id(session, project)
    if not amounts:
        raise ValidationError("amounts", _("Give at least one line ACCOUNT:AMOUNT."))
    wanted: dict[int, Decimal] = {}
    numbers: dict[int, str] = {}
    for number, amount in amounts.items():
        account_id = session.scalar(sa.select(Account.id).where(Account.number == number.strip()))
        if account_id is None:
            raise ValidationError(
                "amounts", _("The account {account} is not in the chart.").format(account=number)
            )
        numbers[account_id] = number.strip()
        value = Decimal(amount)
        wanted[account_id] = ZERO if value == 0 else check_receipt_amount(value, field="amounts")
    budget = _budget_of(session, fiscal_year.id, tag_id)
    overwriting = False
    if budget is not None:
        budget = locked(session, Budget, budget.id, _("budget"))
        overwriting = conflicts.check_version(budget, expected_version, overwrite=overwrite)
    elif expected_version:  # opened with a budget that someone else has deleted since
        raise NotFound(_("This budget no longer exists."))
    before = None
    if budget is None:
        name = translate_in("fr", "Budget {year}").format(year=fiscal_year.label)
        if project is not None:
            name = f"{name} — {project.strip()}"
        budget = Budget(fiscal_year_id=fiscal_year.id, analytic_tag_id=tag_id, name=name)
        session.add(budget)
        action = "create"
    else:
        numbers.update(
            session.execute(
                sa.select(Account.id, Account.number).where(
                    Account.id.in_([line.account_id for line in budget.lines])
                )
            ).all()
        )
        before = audit.snapshot(budget)
        before["amounts"] = _amounts_snapshot(budget, numbers)
        action = conflicts.OVERWRITE_ACTION if overwriting else "update"
    held = {line.account_id: line for line in budget.lines}
    for account_id, line in list(held.items()):
        if (replace and account_id not in wanted) or wanted.get(account_id) == ZERO:
            budget.lines.remove(line)
    for account_id, amount in wanted.items():
        if amount == ZERO:
            continue
        if account_id in held:
            held[account_id].amount = amount
        else:
            budget.lines.append(BudgetAmount(account_id=account_id, amount=amount))
    # The amounts are rows of their own: the budget's version counts every change of them, so
    # that an editor holding the whole budget meets a conflict rather than a lost update.
    flag_modified(budget, "name")
    session.flush()
    after = audit.snapshot(budget)
    after["amounts"] = _amounts_snapshot(budget, numbers)
    audit.record(session, actor, action, "budget", budget.id, before=before, after=after)
    return _year_budget(session, budget, fiscal_year.label, project)


def _year_budget(session: Session, budget: Budget, year: str, project: str | None) -> YearBudget:
    rows = session.execute(
        sa.select(Account.number, Account.label_ar, Account.label_fr, BudgetAmount.amount)
        .join(Account, Account.id == BudgetAmount.account_id)
        .where(BudgetAmount.budget_id == budget.id)
        .order_by(Account.number)
    ).all()
    lines = tuple(BudgetRecordLine(*row) for row in rows)
    return YearBudget(
        budget.id, year, project.strip() if project else None, budget.name, lines, budget.version
    )


def _section(account: str) -> BudgetSection:
    return BudgetSection.INCOME if account[:1] == str(INCOME_CLASS) else BudgetSection.CHARGES


def budget_vs_actual(
    session: Session, actor: Actor, year: int | str, project: str | None = None
) -> BudgetComparison:
    """Per account, the budget of `year` (of the tag `project`, or of the whole association)
    beside the actual amount of the year's validated entries (of the lines carrying that tag),
    with the variance in amount and percent; then the totals of charges, of income and the
    result. The accounts are those budgeted and those of classes 6 and 7 that moved."""
    actor.require(Permission.BOOKS_READ)
    period = resolve_year(session, year)
    fiscal_year = _fiscal_year(session, period.label)
    tag_id = _tag_id(session, project)
    tag = Budget.analytic_tag_id.is_(None) if tag_id is None else Budget.analytic_tag_id == tag_id
    budgeted = dict(
        session.execute(
            sa.select(
                Account.number, sa.func.sum(sa.type_coerce(BudgetAmount.amount, sa.BigInteger))
            )
            .join(Budget, Budget.id == BudgetAmount.budget_id)
            .join(Account, Account.id == BudgetAmount.account_id)
            .where(Budget.fiscal_year_id == fiscal_year.id, tag)
            .group_by(Account.number)
        ).all()
    )
    query = (
        counted_lines(
            Account.number,
            sa.func.sum(DEBIT),
            sa.func.sum(CREDIT),
            since=period.starts_on,
            until=period.ends_on,
        )
        .join(Account, Account.id == JournalLine.account_id)
        .join(Journal, Journal.id == JournalEntry.journal_id)
        .where(Journal.kind != JournalKind.OPENING)
        .group_by(Account.number)
    )
    if tag_id is not None:
        query = query.where(JournalLine.analytic_tag_id == tag_id)
    moved = {
        number: (int(debit or 0), int(credit or 0))
        for number, debit, credit in session.execute(query).all()
    }
    numbers = set(budgeted) | {n for n in moved if n[:1] in {"6", "7"}}
    labels = {
        number: (label_ar, label_fr)
        for number, label_ar, label_fr in session.execute(
            sa.select(Account.number, Account.label_ar, Account.label_fr).where(
                Account.number.in_(numbers)
            )
        ).all()
    }
    lines = []
    for number in sorted(numbers, key=lambda n: (_section(n) is BudgetSection.INCOME, n)):
        debit, credit = moved.get(number, (0, 0))
        section = _section(number)
        actual = credit - debit if section is BudgetSection.INCOME else debit - credit
        lines.append(
            BudgetComparisonLine(
                section,
                number,
                *labels[number],
                from_centimes(int(budgeted.get(number, 0))),
                from_centimes(actual),
            )
        )
    totals = []
    for section in BudgetSection:
        chosen = [line for line in lines if line.section is section]
        totals.append(
            BudgetComparisonTotal(
                section,
                sum((line.budget for line in chosen), ZERO),
                sum((line.actual for line in chosen), ZERO),
            )
        )
    charges, income = totals
    totals.append(
        BudgetComparisonTotal(None, income.budget - charges.budget, income.actual - charges.actual)
    )
    return BudgetComparison(
        period, project.strip() if project else None, tuple(lines), tuple(totals)
    )


def year_budgets(session: Session, actor: Actor, year: int | str) -> list[YearBudget]:
    """The budgets of `year`: the whole association's first, then each project's by code."""
    actor.require(Permission.BOOKS_READ)
    fiscal_year = _fiscal_year(session, year)
    rows = session.execute(
        sa.select(Budget, AnalyticTag.code)
        .outerjoin(AnalyticTag, AnalyticTag.id == Budget.analytic_tag_id)
        .where(Budget.fiscal_year_id == fiscal_year.id)
        .order_by(AnalyticTag.code.is_not(None), AnalyticTag.code, Budget.id)
    ).all()
    return [_year_budget(session, budget, fiscal_year.label, code) for budget, code in rows]


@dataclass(frozen=True)
class BudgetProject:
    code: str
    label_ar: str
    label_fr: str

    def label(self, lang: str) -> str:
        return text_in(lang, self.label_ar, self.label_fr)


def budget_projects(session: Session, actor: Actor) -> list[BudgetProject]:
    """The active projects/funding tags a budget can be made for, by code."""
    actor.require(Permission.BOOKS_READ)
    rows = session.execute(
        sa.select(AnalyticTag.code, AnalyticTag.label_ar, AnalyticTag.label_fr)
        .where(AnalyticTag.active)
        .order_by(AnalyticTag.code)
    ).all()
    return [BudgetProject(*row) for row in rows]
