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
    them); each account's parent is the longest number that prefixes it. Returns how many.

    Added a level of number length at a time, one flush each (a parent is always shorter than
    its child, so its id is known by then): a flush per account made a new file's chart of
    some 250 accounts a fifth of a second."""
    existing = {a.number: a for a in session.scalars(sa.select(Account))}
    missing = [row for row in read_chart() if row.number not in existing]
    for length in sorted({len(row.number) for row in missing}):
        level = [row for row in missing if len(row.number) == length]
        accounts = [
            Account(
                number=row.number,
                label_fr=row.label_fr,
                label_ar=row.label_ar,
                account_class=row.account_class,
                kind=row.kind,
                parent_id=_parent_id(existing, row.number),
                source=row.source,
                extension=row.extension,
            )
            for row in level
        ]
        session.add_all(accounts)
        session.flush()
        existing.update((account.number, account) for account in accounts)
    return len(missing)


def _parent_id(existing: dict[str, Account], number: str) -> int | None:
    """The id of the account with the longest number that prefixes `number`, if any."""
    for n in range(len(number) - 1, 0, -1):
        parent = existing.get(number[:n])
        if parent is not None:
            return parent.id
    return None
