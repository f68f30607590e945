"""The états de synthèse computed from a layout: the CPC and the bilan.

Each account's balance goes to the line of the layout that its number's longest prefix
names (core/books/layouts.py); totals add and subtract lines. The CPC takes the year's
movements of classes 6 and 7; the bilan the closing balances of classes 1 to 5, with the
year's result and the earlier years' results not yet carried in the funds section, so that
total assets equal total liabilities whenever every entry is balanced.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from nassij_desktop.core.books.layouts import (
    PRIOR_RESULT,
    RESULT,
    Layout,
    LayoutStatement,
    LineKind,
    Side,
    StatementModel,
    read_layout,
)
from nassij_desktop.core.books.statements.selection import (
    BALANCE_SHEET_CLASSES,
    RESULT_CLASSES,
    Period,
    PeriodBalances,
    year_balances,
)
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.money import from_centimes
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import _


@dataclass(frozen=True)
class StatementLine:
    code: str
    kind: LineKind
    label_ar: str
    label_fr: str
    current: Decimal | None  # None on a heading
    previous: Decimal | None
    # On the assets of the bilan: the gross value and the amortisation and provisions that
    # the net amount (`current`) deducts; None elsewhere.
    gross: Decimal | None = None
    depreciation: Decimal | None = None

    def label(self, lang: str) -> str:
        return text_in(lang, self.label_ar, self.label_fr)


@dataclass(frozen=True)
class UnmappedBalance:
    """An account with an amount that no line of the layout takes (the layout needs a line)."""

    account: str
    current: Decimal
    previous: Decimal


@dataclass(frozen=True)
class Statement:
    statement: LayoutStatement
    model: StatementModel
    year: Period
    previous_year: Period
    lines: tuple[StatementLine, ...]
    unmapped: tuple[UnmappedBalance, ...]

    def line(self, code: str) -> StatementLine:
        return next(line for line in self.lines if line.code == code)

    @property
    def totals(self) -> tuple[StatementLine, ...]:
        return tuple(line for line in self.lines if line.kind is LineKind.TOTAL)


def _line_nets(
    layout: Layout, balances: PeriodBalances
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Debits minus credits per line code, the part of it from amortisation and provision
    accounts, and per account that no line takes."""
    nets: dict[str, int] = defaultdict(int)
    contra: dict[str, int] = defaultdict(int)
    unmapped: dict[str, int] = defaultdict(int)
    cpc = layout.statement is LayoutStatement.CPC
    for account in balances.accounts:
        if cpc:
            if account.account_class not in RESULT_CLASSES:
                continue
            amount = account.movement
        elif account.account_class in BALANCE_SHEET_CLASSES:
            amount = account.closing
        elif account.account_class in RESULT_CLASSES:
            continue  # in the bilan through @result and @prior_result
        else:
            # Class 8 (or 9) carrying a balance is not drawn on the bilan: it is reported.
            if account.closing:
                unmapped[account.number] += account.closing
            continue
        code = layout.line_of(account.number)
        if code is None:
            unmapped[account.number] += amount
        else:
            nets[code] += amount
            if account.contra:
                contra[code] += amount
    if not cpc:
        for token, amount in ((RESULT, balances.result), (PRIOR_RESULT, balances.prior_result)):
            code = layout.token_line(token)
            if code is None:
                unmapped[token] += amount
            else:
                nets[code] += amount
    return nets, contra, {k: v for k, v in unmapped.items() if v}


def _amounts(layout: Layout, nets: dict[str, int]) -> dict[str, int]:
    """Each line's amount on its side (a charge, an asset: debits minus credits; an income,
    a debt: credits minus debits), then each total from the lines above it."""
    amounts: dict[str, int] = {}
    for line in layout.lines:
        if line.kind is LineKind.LINE:
            net = nets.get(line.code, 0)
            amounts[line.code] = net if line.side is Side.DEBIT else -net
        elif line.kind is LineKind.TOTAL:
            amounts[line.code] = sum(sign * amounts.get(code, 0) for sign, code in line.formula)
    return amounts


def _gross(
    layout: Layout, nets: dict[str, int], contra: dict[str, int]
) -> dict[str, tuple[int, int]]:
    """(gross, amortisation and provisions) of each asset line of a bilan, and of the totals
    made only of such lines."""
    if layout.statement is not LayoutStatement.BILAN:
        return {}
    split: dict[str, tuple[int, int]] = {}
    for line in layout.lines:
        if line.kind is LineKind.LINE and line.side is Side.DEBIT:
            held = contra.get(line.code, 0)
            split[line.code] = (nets.get(line.code, 0) - held, -held)
        elif line.kind is LineKind.TOTAL and all(code in split for _s, code in line.formula):
            split[line.code] = (
                sum(sign * split[code][0] for sign, code in line.formula),
                sum(sign * split[code][1] for sign, code in line.formula),
            )
    return split


def build_statement(layout: Layout, current: PeriodBalances, previous: PeriodBalances) -> Statement:
    now_nets, now_contra, now_unmapped = _line_nets(layout, current)
    before_nets, _before_contra, before_unmapped = _line_nets(layout, previous)
    now, before = _amounts(layout, now_nets), _amounts(layout, before_nets)
    split = _gross(layout, now_nets, now_contra)
    lines = tuple(
        StatementLine(
            line.code,
            line.kind,
            line.label_ar,
            line.label_fr,
            None if line.kind is LineKind.HEADING else from_centimes(now[line.code]),
            None if line.kind is LineKind.HEADING else from_centimes(before[line.code]),
            from_centimes(split[line.code][0]) if line.code in split else None,
            from_centimes(split[line.code][1]) if line.code in split else None,
        )
        for line in layout.lines
    )
    unmapped = tuple(
        UnmappedBalance(
            account,
            from_centimes(now_unmapped.get(account, 0)),
            from_centimes(before_unmapped.get(account, 0)),
        )
        for account in sorted(now_unmapped.keys() | before_unmapped.keys())
    )
    return Statement(
        layout.statement, layout.model, current.period, previous.period, lines, unmapped
    )


def _statement(
    session: Session,
    actor: Actor,
    statement: LayoutStatement,
    year: int | str,
    model: StatementModel,
) -> Statement:
    actor.require(Permission.BOOKS_READ)
    return build_statement(
        read_layout(StatementModel(model), statement), *year_balances(session, year)
    )


def income_statement(
    session: Session, actor: Actor, year: int | str, model: StatementModel = StatementModel.NORMAL
) -> Statement:
    """The compte de produits et charges (CPC) of `year`, with the previous year beside it."""
    return _statement(session, actor, LayoutStatement.CPC, year, model)


def balance_sheet(
    session: Session, actor: Actor, year: int | str, model: StatementModel = StatementModel.NORMAL
) -> Statement:
    """The bilan at the end of `year`, with the previous year's beside it."""
    return _statement(session, actor, LayoutStatement.BILAN, year, model)


@dataclass(frozen=True)
class LineAccount:
    """An account that feeds a line, with what it brings to the line (on the line's side)."""

    account: str
    label_ar: str
    label_fr: str
    current: Decimal
    previous: Decimal

    def label(self, lang: str) -> str:
        return text_in(lang, self.label_ar, self.label_fr)


def _brought(
    layout: Layout, balances: PeriodBalances, code: str
) -> dict[str, tuple[str, str, int]]:
    side = next(line.side for line in layout.lines if line.code == code)
    sign = 1 if side is Side.DEBIT else -1
    cpc = layout.statement is LayoutStatement.CPC
    wanted = RESULT_CLASSES if cpc else BALANCE_SHEET_CLASSES
    return {
        a.number: (a.label_ar, a.label_fr, sign * (a.movement if cpc else a.closing))
        for a in balances.accounts
        if a.account_class in wanted and layout.line_of(a.number) == code
    }


def line_accounts(
    session: Session,
    actor: Actor,
    statement: LayoutStatement,
    year: int | str,
    code: str,
    model: StatementModel = StatementModel.NORMAL,
) -> tuple[LineAccount, ...]:
    """The accounts behind line `code` of the CPC or the bilan (to go from a line to the
    ledger), by number, with the previous year beside; empty for a heading or a total."""
    actor.require(Permission.BOOKS_READ)
    layout = read_layout(StatementModel(model), LayoutStatement(statement))
    line = next((line for line in layout.lines if line.code == code), None)
    if line is None:
        raise ValidationError("code", _("The statement has no line {code}.").format(code=code))
    if line.kind is not LineKind.LINE:
        return ()
    current, previous = year_balances(session, year)
    now, before = _brought(layout, current, code), _brought(layout, previous, code)
    return tuple(
        LineAccount(
            number,
            *(now.get(number) or before[number])[:2],
            from_centimes(now[number][2] if number in now else 0),
            from_centimes(before[number][2] if number in before else 0),
        )
        for number in sorted(now.keys() | before.keys())
    )
