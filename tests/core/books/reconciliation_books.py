"""A small bank account for the reconciliation tests: three entries of March 2025 in the
books, and the bank's statement of that month (tests/core/books/bank_statements/*) with
two of them, the bank's fees, and one cheque not cashed yet.

Book balance at 31/03/2025: 12 000,00 − 1 234,50 − 500,00 = 10 265,50.
Bank balance:               12 000,00 − 1 234,50 −  45,00 = 10 720,50.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.quick_entries import MoneyMovement, record_expense, record_receipt
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.common.permissions import CLI_ACTOR

FILES = Path(__file__).parent / "bank_statements"
MARCH_END = dt.date(2025, 3, 31)


def bank_with_march(session: Session) -> dict[str, int]:
    """The bank account and its three entries; their ids by name."""
    bank = create_treasury_account(
        session, CLI_ACTOR, "Banque Populaire", TreasuryKind.BANK, "5141"
    )
    subsidy = record_receipt(
        session,
        CLI_ACTOR,
        MoneyMovement(dt.date(2025, 3, 3), "12000.00", "71611", bank.id, "Subvention", "CONV-1"),
    )
    cheque = record_expense(
        session,
        CLI_ACTOR,
        MoneyMovement(dt.date(2025, 3, 10), "1234.50", "6125", bank.id, "Fournitures", "F-12"),
    )
    uncashed = record_expense(
        session,
        CLI_ACTOR,
        MoneyMovement(dt.date(2025, 3, 28), "500.00", "6125", bank.id, "Papeterie", "F-13"),
    )
    return {
        "bank": bank.id,
        "subsidy": subsidy.entry_id,
        "cheque": cheque.entry_id,
        "uncashed": uncashed.entry_id,
    }
