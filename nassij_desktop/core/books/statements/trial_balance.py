"""The trial balance (balance générale): per account, opening, movements and closing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from nassij_desktop.core.books.statements.selection import (
    UNALLOCATED_RESULT,
    Period,
    PeriodBalances,
    year_balances,
)
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.core.common.money import ZERO, from_centimes
from nassij_desktop.core.common.permissions import Actor, Permission


@dataclass(frozen=True)
class BalanceFigures:
    """An account's (or the total's) six columns, each a positive amount or zero."""

    opening_debit: Decimal = ZERO
    opening_credit: Decimal = ZERO
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    closing_debit: Decimal = ZERO
    closing_credit: Decimal = ZERO

    @classmethod
    def of(cls, opening: int, debit: int, credit: int) -> BalanceFigures:
        closing = opening + debit - credit
        return cls(
            from_centimes(max(opening, 0)),
            from_centimes(max(-opening, 0)),
            from_centimes(debit),
            from_centimes(credit),
            from_centimes(max(closing, 0)),
            from_centimes(max(-closing, 0)),
        )

    def __add__(self, other: BalanceFigures) -> BalanceFigures:
        return BalanceFigures(
            self.opening_debit + other.opening_debit,
            self.opening_credit + other.opening_credit,
            self.debit + other.debit,
            self.credit + other.credit,
            self.closing_debit + other.closing_debit,
            self.closing_credit + other.closing_credit,
        )

    @property
    def closing(self) -> Decimal:
        """Debits minus credits at the end (a credit balance is negative)."""
        return self.closing_debit - self.closing_credit


@dataclass(frozen=True)
class TrialBalanceRow:
    account: str
    label_ar: str
    label_fr: str
    current: BalanceFigures
    previous: BalanceFigures

    def label(self, lang: str) -> str:
        return text_in(lang, self.label_ar, self.label_fr)


@dataclass(frozen=True)
class TrialBalance:
    year: Period
    previous_year: Period
    rows: tuple[TrialBalanceRow, ...]  # by account number
    total: BalanceFigures
    previous_total: BalanceFigures


def _figures(balances: PeriodBalances) -> dict[str, tuple[str, str, BalanceFigures]]:
    """Each account's figures; the earlier years' results not yet carried open account 118."""
    by_account: dict[str, tuple[str, str, int, int, int]] = {
        a.number: (a.label_ar, a.label_fr, a.opening, a.debit, a.credit) for a in balances.accounts
    }
    if balances.prior_result:
        number, label_ar, label_fr = UNALLOCATED_RESULT
        held = by_account.get(number)
        if held is None:
            by_account[number] = (label_ar, label_fr, balances.prior_result, 0, 0)
        else:
            by_account[number] = (held[0], held[1], held[2] + balances.prior_result, *held[3:])
    return {
        number: (label_ar, label_fr, BalanceFigures.of(opening, debit, credit))
        for number, (label_ar, label_fr, opening, debit, credit) in by_account.items()
    }


def build_trial_balance(current: PeriodBalances, previous: PeriodBalances) -> TrialBalance:
    now, before = _figures(current), _figures(previous)
    rows = []
    for number in sorted(now.keys() | before.keys()):
        label_ar, label_fr, figures = now.get(number) or (*before[number][:2], BalanceFigures())
        rows.append(
            TrialBalanceRow(
                number,
                label_ar,
                label_fr,
                figures,
                before[number][2] if number in before else BalanceFigures(),
            )
        )
    return TrialBalance(
        current.period,
        previous.period,
        tuple(rows),
        sum((r.current for r in rows), BalanceFigures()),
        sum((r.previous for r in rows), BalanceFigures()),
    )


def trial_balance(session: Session, actor: Actor, year: int | str) -> TrialBalance:
    """The year's trial balance, with the previous year's figures beside each account. A
    year's opening entries ("AN") make its opening columns, not its debits and credits."""
    actor.require(Permission.BOOKS_READ)
    return build_trial_balance(*year_balances(session, year))
