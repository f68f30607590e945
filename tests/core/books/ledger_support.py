"""Helpers of the ledger tests: actors, lines written briefly, an entry form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nassij_desktop.core.books.entries import EntryForm
from nassij_desktop.core.books.services import LineSpec
from nassij_desktop.core.common.permissions import Actor, Role

TREASURER = Actor(user_id=None, login="treasurer", role=Role.TREASURER)
ADMIN = Actor(user_id=None, login="admin", role=Role.ADMIN)
VIEWER = Actor(user_id=None, login="viewer", role=Role.VIEWER)
DAY = dt.date(2026, 3, 14)


def debit(account: str, amount: str) -> LineSpec:
    return LineSpec(account=account, debit=Decimal(amount))


def credit(account: str, amount: str) -> LineSpec:
    return LineSpec(account=account, credit=Decimal(amount))


def form(
    amount: str = "1200.00",
    *,
    day: dt.date = DAY,
    journal: str = "BQ",
    debit_account: str = "6125",
    credit_account: str = "5141",
    reference: str | None = "FAC-118",
    label: str = "Fournitures de l'atelier",
) -> EntryForm:
    return EntryForm(
        journal=journal,
        entry_date=day,
        label=label,
        reference=reference,
        lines=[debit(debit_account, amount), credit(credit_account, amount)],
    )
