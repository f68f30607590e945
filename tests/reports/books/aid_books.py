"""A year of public aid for the public-aid account's tests: a ministry's grant of 50 000,00
under agreement CONV-2025-7, of which 12 000,00 spent (voucher FAC-118), and a foreign
foundation's grant, which is no public aid."""

from __future__ import annotations

import datetime as dt

from nassij_desktop.core.books.services import LineSpec, post_entry
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.funding.models import Funder, FunderKind
from nassij_desktop.storage import Database
from tests.core.books.statement_books import ZERO, D


def post_aid_year(database: Database, year: int = 2025) -> int:
    """The ministry's id; the entries are dated in `year`."""
    with database.transaction() as session:
        ministry = Funder(
            name_ar="وزارة الشباب",
            name_fr="Ministère de la Jeunesse",
            acronym="MJ",
            kind=FunderKind.STATE,
        )
        foundation = Funder(
            name_fr="Foundation Example", kind=FunderKind.FOREIGN_NGO, country="DE", foreign=True
        )
        session.add_all([ministry, foundation])
        session.flush()
        aid = {
            "funder_id": ministry.id,
            "aid_kind": "Subvention",
            "agreement_number": "CONV-2025-7",
            "agreement_date": dt.date(2025, 2, 1),
        }
        entries = [
            (f"{year}-03-01", "BQ", "Tranche 1", "VIR-1", "5141", "7161", D("50000"), aid),
            (f"{year}-04-02", "BQ", "Animateurs", "FAC-118", "6136", "5141", D("12000"), aid),
            (
                f"{year}-05-03",
                "BQ",
                "Grant",
                "VIR-2",
                "5141",
                "7161",
                D("8000"),
                {"funder_id": foundation.id, "agreement_number": "DE-1"},
            ),
        ]
        for day, journal, label, voucher, debit, credit, amount, tags in entries:
            post_entry(
                session,
                CLI_ACTOR,
                journal=journal,
                entry_date=dt.date.fromisoformat(day),
                label=label,
                reference=voucher,
                lines=[
                    LineSpec(debit, debit=amount, credit=ZERO, **tags),  # type: ignore[arg-type]
                    LineSpec(credit, debit=ZERO, credit=amount, **tags),  # type: ignore[arg-type]
                ],
            )
        return ministry.id
