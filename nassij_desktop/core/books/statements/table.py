"""Every statement as one kind of table: what the CLI prints and the screens and documents
read (`statement_rows`), whatever the statement."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from nassij_desktop.core.books.association_terms import statement_model
from nassij_desktop.core.books.layouts import (
    LayoutStatement,
    LineKind,
    StatementModel,
    read_layout,
)
from nassij_desktop.core.books.statements.ledger import (
    GeneralLedger,
    JournalReport,
    JournalReportEntry,
    LedgerAccount,
    entry_code,
    general_ledger,
    journal_entries,
    journal_report,
    journal_totals,
    ledger_accounts,
    ledger_selection,
)
from nassij_desktop.core.books.statements.selection import (
    Period,
    previous_period,
    resolve_year,
    year_balances,
)
from nassij_desktop.core.books.statements.synthesis import (
    Statement,
    UnmappedBalance,
    balance_sheet,
    build_statement,
    income_statement,
)
from nassij_desktop.core.books.statements.trial_balance import (
    BalanceFigures,
    TrialBalance,
    build_trial_balance,
    trial_balance,
)
from nassij_desktop.core.common.bilingual import text_in
from nassij_desktop.core.common.permissions import Actor, Permission
from nassij_desktop.i18n import N_, translate_in


class StatementKind(enum.StrEnum):
    JOURNAL = "journal"
    LEDGER = "ledger"
    TRIAL_BALANCE = "trial-balance"
    CPC = "cpc"
    BILAN = "bilan"


class RowLevel(enum.StrEnum):
    HEADING = "heading"  # a section title, an account of the ledger, an entry of the journal
    LINE = "line"
    TOTAL = "total"


Cell = Decimal | dt.date | str | int | None


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key
    title: str  # a message id (N_): translated where it is shown
    money: bool = True


@dataclass(frozen=True)
class TableRow:
    level: RowLevel
    code: str  # a line's code, an account number, an entry's journal and number
    label_ar: str
    label_fr: str
    values: tuple[Cell, ...]  # one per column

    def label(self, lang: str) -> str:
        return text_in(lang, self.label_ar, self.label_fr)


@dataclass(frozen=True)
class StatementTable:
    kind: StatementKind
    model: StatementModel | None  # for the CPC and the bilan
    year: Period
    previous_year: Period
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    totals: tuple[TableRow, ...]
    unmapped: tuple[UnmappedBalance, ...] = ()


def _both(message: str) -> tuple[str, str]:
    return translate_in("ar", message), translate_in("fr", message)


_AMOUNTS = (Column("amount", N_("Amount")), Column("previous", N_("Previous year")))
# The bilan's assets: gross, amortisation and provisions, net, net of the year before.
_BILAN = (
    Column("gross", N_("Gross")),
    Column("depreciation", N_("Amortisation and provisions")),
    Column("amount", N_("Net")),
    Column("previous", N_("Net, previous year")),
)


def _statement_table(kind: StatementKind, statement: Statement) -> StatementTable:
    levels = {LineKind.HEADING: RowLevel.HEADING, LineKind.LINE: RowLevel.LINE}
    bilan = kind is StatementKind.BILAN
    rows = tuple(
        TableRow(
            levels.get(line.kind, RowLevel.TOTAL),
            line.code,
            line.label_ar,
            line.label_fr,
            (line.gross, line.depreciation, line.current, line.previous)
            if bilan
            else (line.current, line.previous),
        )
        for line in statement.lines
    )
    return StatementTable(
        kind,
        statement.model,
        statement.year,
        statement.previous_year,
        _BILAN if bilan else _AMOUNTS,
        rows,
        tuple(row for row in rows if row.level is RowLevel.TOTAL),
        statement.unmapped,
    )


_TRIAL_COLUMNS = (
    Column("opening_debit", N_("Opening debit")),
    Column("opening_credit", N_("Opening credit")),
    Column("debit", N_("Debit")),
    Column("credit", N_("Credit")),
    Column("closing_debit", N_("Closing debit")),
    Column("closing_credit", N_("Closing credit")),
    Column("previous_closing_debit", N_("Previous year closing debit")),
    Column("previous_closing_credit", N_("Previous year closing credit")),
)


def _figures(current: BalanceFigures, previous: BalanceFigures) -> tuple[Cell, ...]:
    return (
        current.opening_debit,
        current.opening_credit,
        current.debit,
        current.credit,
        current.closing_debit,
        current.closing_credit,
        previous.closing_debit,
        previous.closing_credit,
    )


def _trial_table(balance: TrialBalance) -> StatementTable:
    total = TableRow(
        RowLevel.TOTAL, "", *_both(N_("Total")), _figures(balance.total, balance.previous_total)
    )
    rows = tuple(
        TableRow(
            RowLevel.LINE,
            row.account,
            row.label_ar,
            row.label_fr,
            _figures(row.current, row.previous),
        )
        for row in balance.rows
    )
    return StatementTable(
        StatementKind.TRIAL_BALANCE,
        None,
        balance.year,
        balance.previous_year,
        _TRIAL_COLUMNS,
        (*rows, total),
        (total,),
    )


_LEDGER_COLUMNS = (
    Column("date", N_("Date"), money=False),
    Column("entry", N_("Entry"), money=False),
    Column("reference", N_("Voucher"), money=False),
    Column("debit", N_("Debit")),
    Column("credit", N_("Credit")),
    Column("balance", N_("Running balance")),
    Column("previous", N_("Previous year")),
)


def _ledger_rows(accounts: Iterable[LedgerAccount]) -> Iterator[TableRow]:
    """Each account's heading, opening, lines and totals, then the grand total."""
    debit = credit = Decimal("0.00")
    for account in accounts:
        yield TableRow(
            RowLevel.HEADING,
            account.account,
            account.label_ar,
            account.label_fr,
            (None,) * len(_LEDGER_COLUMNS),
        )
        yield TableRow(
            RowLevel.LINE,
            account.account,
            *_both(N_("Opening balance")),
            (None, None, None, None, None, account.opening, account.previous_opening),
        )
        for line in account.lines:
            yield TableRow(
                RowLevel.LINE,
                account.account,
                line.label,
                line.label,
                (
                    line.entry_date,
                    entry_code(line.journal, line.number),
                    line.reference,
                    line.debit,
                    line.credit,
                    line.balance,
                    None,
                ),
            )
        yield TableRow(
            RowLevel.TOTAL,
            account.account,
            *_both(N_("Totals and closing balance")),
            (
                None,
                None,
                None,
                account.debit,
                account.credit,
                account.closing,
                account.previous_closing,
            ),
        )
        debit += account.debit
        credit += account.credit
    yield TableRow(
        RowLevel.TOTAL,
        "",
        *_both(N_("Total")),
        (None, None, None, debit, credit, None, None),
    )


def _ledger_table(ledger: GeneralLedger) -> StatementTable:
    rows = tuple(_ledger_rows(ledger.accounts))
    return StatementTable(
        StatementKind.LEDGER,
        None,
        ledger.year,
        ledger.previous_year,
        _LEDGER_COLUMNS,
        rows,
        rows[-1:],
    )


_JOURNAL_COLUMNS = (
    Column("date", N_("Date"), money=False),
    Column("entry", N_("Entry"), money=False),
    Column("reference", N_("Voucher"), money=False),
    Column("debit", N_("Debit")),
    Column("credit", N_("Credit")),
    Column("previous_debit", N_("Previous year debit")),
    Column("previous_credit", N_("Previous year credit")),
)


def _journal_rows(
    entries: Iterable[JournalReportEntry], totals: tuple[Decimal, Decimal, Decimal, Decimal]
) -> Iterator[TableRow]:
    """Each entry's heading and lines, then the total (debits and credits, the year's and
    the previous year's)."""
    for entry in entries:
        code = entry_code(entry.journal, entry.number)
        yield TableRow(
            RowLevel.HEADING,
            code,
            entry.label,
            entry.label,
            (entry.entry_date, code, entry.reference, None, None, None, None),
        )
        for line in entry.lines:
            yield TableRow(
                RowLevel.LINE,
                line.account,
                line.label or line.account_label_ar,
                line.label or line.account_label_fr,
                (entry.entry_date, code, entry.reference, line.debit, line.credit, None, None),
            )
    yield TableRow(RowLevel.TOTAL, "", *_both(N_("Total")), (None, None, None, *totals))


def _journal_table(report: JournalReport) -> StatementTable:
    totals = (report.debit, report.credit, report.previous_debit, report.previous_credit)
    rows = tuple(_journal_rows(report.entries, totals))
    return StatementTable(
        StatementKind.JOURNAL,
        None,
        report.year,
        report.previous_year,
        _JOURNAL_COLUMNS,
        rows,
        rows[-1:],
    )


@dataclass(frozen=True)
class StatementStream:
    """A statement whose rows are read as they are used, once (the journal and the ledger
    of a year are as long as the books): the rows of `statement_rows`, in the same order."""

    kind: StatementKind
    year: Period
    previous_year: Period
    columns: tuple[Column, ...]
    rows: Iterator[TableRow]


def statement_stream(
    session: Session, actor: Actor, kind: StatementKind, year: int | str
) -> StatementStream:
    """The journal and the ledger of `year` read a batch of lines at a time (the ledger one
    account at a time); the other statements, short, as `statement_rows` computes them."""
    kind = StatementKind(kind)
    if kind is StatementKind.LEDGER:
        now, then, ids = ledger_selection(session, actor, year)
        accounts = ledger_accounts(session, now, then, ids)
        return StatementStream(
            kind, now.period, then.period, _LEDGER_COLUMNS, _ledger_rows(accounts)
        )
    if kind is StatementKind.JOURNAL:
        actor.require(Permission.BOOKS_READ)
        period = resolve_year(session, year)
        previous = previous_period(session, period)
        totals = journal_totals(session, period, previous)
        rows = _journal_rows(journal_entries(session, period), totals)
        return StatementStream(kind, period, previous, _JOURNAL_COLUMNS, rows)
    table = statement_rows(session, actor, kind, year)
    return StatementStream(kind, table.year, table.previous_year, table.columns, iter(table.rows))


def statement_rows(
    session: Session,
    actor: Actor,
    kind: StatementKind,
    year: int | str,
    *,
    model: StatementModel | None = None,
    account: str | None = None,
    journal: str | None = None,
) -> StatementTable:
    """The statement `kind` of `year` as rows and columns, with the previous year beside it:
    what the CLI prints and the screens and documents show. `model` chooses the layout of
    the CPC and the bilan (None: the one the association's settings keep); `account` limits
    the ledger to one account, `journal` the journal to one journal. Needs the right to read
    the books."""
    kind = StatementKind(kind)
    if model is None:
        model = StatementModel(statement_model(session))
    if kind is StatementKind.CPC:
        return _statement_table(kind, income_statement(session, actor, year, model))
    if kind is StatementKind.BILAN:
        return _statement_table(kind, balance_sheet(session, actor, year, model))
    if kind is StatementKind.TRIAL_BALANCE:
        return _trial_table(trial_balance(session, actor, year))
    if kind is StatementKind.LEDGER:
        return _ledger_table(general_ledger(session, actor, year, account=account))
    return _journal_table(journal_report(session, actor, year, journal=journal))


@dataclass(frozen=True)
class YearStatements:
    """The CPC and the bilan of a year as `statement_rows` gives them, and its trial balance."""

    cpc: StatementTable
    bilan: StatementTable
    trial_balance: TrialBalance


def year_statements(
    session: Session, actor: Actor, year: int | str, *, model: StatementModel | None = None
) -> YearStatements:
    """The CPC, the bilan and the trial balance of `year` (what the annual financial report
    shows), computed from one reading of the balances rather than one each. `model` as in
    `statement_rows`. Needs the right to read the books."""
    actor.require(Permission.BOOKS_READ)
    if model is None:
        model = StatementModel(statement_model(session))
    balances = year_balances(session, year)
    return YearStatements(
        _statement_table(
            StatementKind.CPC, build_statement(read_layout(model, LayoutStatement.CPC), *balances)
        ),
        _statement_table(
            StatementKind.BILAN,
            build_statement(read_layout(model, LayoutStatement.BILAN), *balances),
        ),
        build_trial_balance(*balances),
    )
