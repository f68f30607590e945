"""Cheques of a closed year the bank has not cashed yet: hidden inside the opening balance the
closing carries, they are outstanding items of the next year's reconciliation statement until
the bank shows them, matched then to the closed year's lines; the book balance counts them
once (in the opening), and the PDF names them.

By hand: 2025, a subsidy of 10 000,00 received on 03/03 (on the bank's statement), a cheque
of 1 234,50 on 29/12 cashed on 02/01/2026, a cheque of 300,00 on 30/12 not cashed yet.
Book balance at 31/12/2025: 10 000,00 − 1 234,50 − 300,00 = 8 465,50; the bank's 10 000,00.
2026: a receipt of 500,00 on 01/02 (on the statement on 03/02).
At 31/03/2026: book balance 8 965,50, the bank's 10 000,00 − 1 234,50 + 500,00 = 9 265,50,
the 300,00 cheque of 2025 still outstanding: 8 965,50 + 300,00 = 9 265,50.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from nassij_desktop.core.books.closing import (
    CheckName,
    CheckStatus,
    close_after_checks,
    close_checks,
)
from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.quick_entries import MoneyMovement, record_expense, record_receipt
from nassij_desktop.core.books.reconciliation import (
    accept_suggestions,
    import_bank_statement,
    reconciliation_statement,
    suggest_matches,
)
from nassij_desktop.core.books.services import create_treasury_account
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.reports.books.reconciliation import reconciliation_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import Database

STATEMENT_2025 = """Date;Libellé;Débit;Crédit;Solde
05/03/2025;VIREMENT SUBVENTION;;10 000,00;10 000,00
"""
STATEMENT_2026 = """Date;Libellé;Débit;Crédit;Solde
02/01/2026;CHEQUE 0000101;1 234,50;;8 765,50
03/02/2026;VERSEMENT;;500,00;9 265,50
"""


def _books(database: Database) -> int:
    with database.transaction() as session:
        bank = create_treasury_account(session, CLI_ACTOR, "Banque", TreasuryKind.BANK, "5141")
        for day, amount, account, label, voucher, record in (
            (dt.date(2025, 3, 3), "10000.00", "71611", "Subvention", "CONV-1", record_receipt),
            (dt.date(2025, 12, 29), "1234.50", "6125", "Chèque 101", "F-101", record_expense),
            (dt.date(2025, 12, 30), "300.00", "6125", "Chèque 102", "F-102", record_expense),
        ):
            record(session, CLI_ACTOR, MoneyMovement(day, amount, account, bank.id, label, voucher))
        import_bank_statement(
            session, CLI_ACTOR, bank.id, "releve-2025.csv", STATEMENT_2025.encode()
        )
        assert accept_suggestions(session, CLI_ACTOR, bank.id) == 1
    return bank.id


def test_cheques_of_the_closed_year_stay_outstanding_until_the_bank_cashes_them(
    database: Database,
) -> None:
    bank = _books(database)
    with database.transaction() as session:
        december = reconciliation_statement(session, CLI_ACTOR, bank, dt.date(2025, 12, 31))
        assert december.book_balance == Decimal("8465.50")
        assert [b.amount for b in december.uncleared] == [Decimal("-1234.50"), Decimal("-300.00")]
        assert december.reconciled
        # Reconciled, the year closes without a waiver; its opening entry carries 8 465,50.
        checks = close_checks(session, CLI_ACTOR, 2025).checks
        assert [c.status for c in checks] == [CheckStatus.PASSED] * len(CheckName)
        close_after_checks(session, CLI_ACTOR, 2025)
        record_receipt(
            session,
            CLI_ACTOR,
            MoneyMovement(dt.date(2026, 2, 1), "500.00", "71611", bank, "Versement", "R-1"),
        )

    with database.session() as session:
        january = reconciliation_statement(session, CLI_ACTOR, bank, dt.date(2026, 1, 31))
        # Counted once, in the opening; the two cheques still outstanding, said to be carried.
        assert january.book_balance == Decimal("8465.50")
        assert [(b.day, b.amount, b.carried) for b in january.uncleared] == [
            (dt.date(2025, 12, 29), Decimal("-1234.50"), True),
            (dt.date(2025, 12, 30), Decimal("-300.00"), True),
        ]
        assert january.expected_bank_balance == Decimal("10000.00") == january.bank_balance
        assert january.reconciled

    with database.transaction() as session:
        import_bank_statement(session, CLI_ACTOR, bank, "releve-2026.csv", STATEMENT_2026.encode())
        suggested = suggest_matches(session, CLI_ACTOR, bank)
        # The cashed cheque finds its line in the closed year.
        assert [(s.bank_line.day, s.book_line.day) for s in suggested] == [
            (dt.date(2026, 1, 2), dt.date(2025, 12, 29)),
            (dt.date(2026, 2, 3), dt.date(2026, 2, 1)),
        ]
        assert accept_suggestions(session, CLI_ACTOR, bank) == 2

    with database.session() as session:
        march = reconciliation_statement(session, CLI_ACTOR, bank, dt.date(2026, 3, 31))
        assert march.book_balance == Decimal("8965.50")
        assert [(b.amount, b.carried) for b in march.uncleared] == [(Decimal("-300.00"), True)]
        assert march.bank_balance == Decimal("9265.50") == march.expected_bank_balance
        assert march.reconciled and not march.unmatched
        # On a day before the bank cashed it, the first cheque was still outstanding.
        new_year = reconciliation_statement(session, CLI_ACTOR, bank, dt.date(2026, 1, 1))
        assert len(new_year.uncleared) == 2 and new_year.reconciled


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_pdf_lists_the_carried_cheques(database: Database, tmp_path: Path, lang: str) -> None:
    _books(database)
    with database.transaction() as session:
        close_after_checks(session, CLI_ACTOR, 2025)
    out = tmp_path / f"rapprochement-{lang}.pdf"
    request = ReportRequest(lang, out, account="5141", as_of=dt.date(2026, 1, 31))
    with database.session() as session:
        reconciliation_report(session, CLI_ACTOR, request)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout.translate({0x202A: None, 0x202B: None, 0x202C: None})
    if lang == "fr":
        # The label wraps in its column: the note's first words beside the cheque's name.
        assert "Chèque 102 (d'un exercice clôturé, compris dans le solde" in text
        assert "30/12/2025         BQ-2025-3" in text
        assert "-1 534,50" in text  # the two cheques, outstanding
    else:
        assert text.count("من سنة مالية مقفلة") == 2
        assert "-1.534,50" in text
