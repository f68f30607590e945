"""Books of two small years, computed by hand in tests/core/books/test_statements.py."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy.orm import Session

from nassij_desktop.core.books.services import LineSpec, post_entry
from nassij_desktop.core.common.permissions import CLI_ACTOR

ZERO = Decimal("0.00")


def D(text: str) -> Decimal:  # noqa: N802 - reads like a literal
    return Decimal(text).quantize(Decimal("0.01"))


def post(
    session: Session, journal: str, day: str, label: str, *lines: tuple[str, str, str]
) -> None:
    """`lines`: (account, amount, "D" or "C")."""
    post_entry(
        session,
        CLI_ACTOR,
        journal=journal,
        entry_date=dt.date.fromisoformat(day),
        label=label,
        reference=f"P-{day}",
        lines=[
            LineSpec(
                account,
                debit=D(amount) if side == "D" else ZERO,
                credit=D(amount) if side == "C" else ZERO,
            )
            for account, amount, side in lines
        ],
    )


def post_two_years(session: Session) -> None:
    """2024 opens the books; 2025 has no opening entry (2024 is not closed yet)."""
    post(
        session,
        "AN",
        "2024-01-01",
        "Opening",
        ("5161", "2000", "D"),
        ("5141", "8000", "D"),
        ("1111", "10000", "C"),
    )
    post(session, "CA", "2024-03-10", "Dues 2024", ("5161", "1500", "D"), ("7186", "1500", "C"))
    post(session, "BQ", "2024-06-15", "Subsidy", ("5141", "20000", "D"), ("7161", "20000", "C"))
    post(session, "BQ", "2024-07-01", "Computer", ("2355", "6000", "D"), ("5141", "6000", "C"))
    post(session, "BQ", "2024-09-20", "Rent", ("6131", "4800", "D"), ("5141", "4800", "C"))
    post(session, "OD", "2024-12-31", "Depreciation", ("6193", "1200", "D"), ("2835", "1200", "C"))
    post(session, "CA", "2025-02-01", "Dues 2025", ("5161", "900", "D"), ("7186", "900", "C"))
    post(session, "BQ", "2025-03-05", "Donation", ("5141", "3000", "D"), ("7187", "3000", "C"))
    post(session, "CA", "2025-04-10", "Supplies", ("6125", "700", "D"), ("5161", "700", "C"))
    post(session, "BQ", "2025-05-20", "Bank charges", ("6147", "150", "D"), ("5141", "150", "C"))
    post(session, "BQ", "2025-06-30", "Interest", ("5141", "50", "D"), ("7381", "50", "C"))
    post(session, "CA", "2025-08-01", "Cash to bank", ("5141", "2000", "D"), ("5161", "2000", "C"))
    post(session, "OD", "2025-10-01", "Repairs, unpaid", ("6133", "400", "D"), ("4411", "400", "C"))
    post(session, "OD", "2025-12-31", "Depreciation", ("6193", "1200", "D"), ("2835", "1200", "C"))
