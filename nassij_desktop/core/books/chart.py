"""The chart of accounts shipped in resources/chart (CGNC classes, Arabic and French labels)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from nassij_desktop import paths
from nassij_desktop.core.books.models import Account, AccountKind

CHART_FILE = "accounts.csv"  # the CGNC's accounts
# The application's own: its association accounts, marked `extension` (not the CGNC's).
EXTENSION_FILE = "association_accounts.csv"
CHART_FILES = (CHART_FILE, EXTENSION_FILE)


@dataclass(frozen=True)
class ChartRow:
    number: str
    label_fr: str
    label_ar: str
    account_class: int
    kind: AccountKind
    source: str
    extension: bool = False


def read_chart(folder: Path | None = None) -> list[ChartRow]:
    folder = folder or paths.resource("chart")
    rows: list[ChartRow] = []
    for name in CHART_FILES:
        with (folder / name).open(encoding="utf-8", newline="") as f:
            rows.extend(
                ChartRow(
                    number=r["number"].strip(),
                    label_fr=r["label_fr"].strip(),
                    label_ar=r["label_ar"].strip(),
                    account_class=int(r["class"]),
                    kind=AccountKind(r["kind"]),
                    source=r["source"][:200],
                    extension=name == EXTENSION_FILE,
                )
                for r in csv.DictReader(f)
            )
    return sorted(rows, key=lambda row: row.number)


def load_chart(session: Session) -> int:
    """Add the accounts missing from the file's chart (existing ones are left as the user set
    them); each account's parent is the longest number that prefixes it. Returns how many."""
    existing = {a.number: a for a in session.scalars(sa.select(Account))}
    added = 0
    for row in read_chart():
        if row.number in existing:
            continue
        parent = next(
            (
                existing[row.number[:n]]
                for n in range(len(row.number) - 1, 0, -1)
                if row.number[:n] in existing
            ),
            None,
        )
        account = Account(
            number=row.number,
            label_fr=row.label_fr,
            label_ar=row.label_ar,
            account_class=row.account_class,
            kind=row.kind,
            parent_id=parent.id if parent else None,
            source=row.source,
            extension=row.extension,
        )
        session.add(account)
        session.flush()
        existing[row.number] = account
        added += 1
    return added
