"""The statements, computed from the entries and never stored: journal, general ledger, trial
balance, CPC and bilan, each for a fiscal year with the previous year beside it.

Which entries count is decided in one place, `selection.counted_lines` (draft entries are
to be left out there). `statement_rows` gives any of them as one table for the CLI, the
screens and the documents (`statement_stream` reads the long ones as it goes); the typed
records come from `trial_balance`, `general_ledger`, `journal_report`, `income_statement`
and `balance_sheet`; `line_accounts` gives the accounts behind a line of the CPC or the
bilan (to go from a line to the ledger).
"""

from nassij_desktop.core.books.statements.ledger import general_ledger, journal_report
from nassij_desktop.core.books.statements.selection import counted_lines
from nassij_desktop.core.books.statements.synthesis import (
    balance_sheet,
    income_statement,
    line_accounts,
)
from nassij_desktop.core.books.statements.table import (
    StatementKind,
    StatementStream,
    StatementTable,
    statement_rows,
    statement_stream,
)
from nassij_desktop.core.books.statements.trial_balance import trial_balance

__all__ = [
    "StatementKind",
    "StatementStream",
    "StatementTable",
    "balance_sheet",
    "counted_lines",
    "general_ledger",
    "income_statement",
    "journal_report",
    "line_accounts",
    "statement_rows",
    "statement_stream",
    "trial_balance",
]
