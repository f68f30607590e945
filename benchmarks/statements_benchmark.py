"""Benchmark of the statements (run on demand, never in the test suite).

    python benchmarks/statements_benchmark.py [--lines 200000] [--years 10] [--repeat 5]

Builds once (kept in the temporary folder) two files of `--lines` entry lines over `--years`
years: one where every year starts with an opening entry (years closed and carried over:
a statement reads two years of lines), one with none (the slowest case: each year's opening
sums every year before it). On each it times, for the last year with the previous year
beside it, the trial balance, the CPC and the bilan (target 300 ms each) and the general
ledger of the busiest account (target 500 ms): the median of `--repeat` runs after one
warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.books.models import FiscalYear, FiscalYearStatus
from nassij_desktop.core.books.services import EntryData, LineSpec, post_entries
from nassij_desktop.core.books.statements import (
    balance_sheet,
    general_ledger,
    income_statement,
    trial_balance,
)
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import open_database

ZERO = Decimal("0.00")
# (journal, debit account, credit account, share of the entries)
KINDS = (
    ("CA", "5161", "7186", 0.45),  # dues in cash: the busiest account is the cash box
    ("BQ", "5141", "7161", 0.10),
    ("BQ", "5141", "7187", 0.10),
    ("CA", "6125", "5161", 0.15),
    ("BQ", "6131", "5141", 0.05),
    ("BQ", "6147", "5141", 0.05),
    ("BQ", "6171", "5141", 0.05),
    ("OD", "6193", "2835", 0.05),
)
TARGETS_MS = {"trial balance": 300, "CPC": 300, "bilan": 300, "ledger of 5161": 500}


def books_file(lines: int, years: int, openings: bool) -> Path:
    folder = Path(tempfile.gettempdir()) / "nassij-bench"
    folder.mkdir(parents=True, exist_ok=True)
    kind = "openings" if openings else "no-openings"
    path = folder / f"statements-{lines}-{years}-{kind}.sqlite"
    if path.exists():
        print(f"books file: {path} (cached)")
        return path
    partial = path.with_suffix(".part")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    database = open_database(partial, create=True, backup_dir=folder)
    with database.transaction() as session:
        create_association(
            session,
            CLI_ACTOR,
            AssociationProfile(name_ar="جمعية", name_fr="Association", city="Tiznit"),
        )
    rng = random.Random(7)
    weights = [k[3] for k in KINDS]
    per_year = lines // 2 // years
    first = dt.date.today().year - years
    for year in range(first, first + years):
        entries = []
        if openings:  # what the closing of the year before carries over (its size is moot)
            amount = Decimal(1000 * (year - first + 1))
            entries.append(
                EntryData(
                    "AN",
                    dt.date(year, 1, 1),
                    "Opening",
                    [LineSpec("5141", debit=amount), LineSpec("1111", credit=amount)],
                    reference="AN",
                )
            )
        for index in range(per_year - int(openings)):
            journal, debit, credit, _share = rng.choices(KINDS, weights)[0]
            amount = Decimal(rng.randrange(100, 500_000)) / 100
            day = dt.date(year, 1, 1) + dt.timedelta(days=index * 365 // per_year)
            entries.append(
                EntryData(
                    journal,
                    day,
                    f"Entry {index}",
                    [LineSpec(debit, debit=amount), LineSpec(credit, credit=amount)],
                    reference=f"R{index}",
                )
            )
        with database.transaction() as session:
            post_entries(session, CLI_ACTOR, entries)
            # A year filled is closed, as the books allow only two open years.
            session.execute(
                sa.update(FiscalYear)
                .where(FiscalYear.label == str(year))
                .values(status=FiscalYearStatus.CLOSED)
            )
    database.close()
    partial.rename(path)
    print(f"books file: {path} (built in {time.perf_counter() - started:.1f} s)")
    return path


def timed(function: Callable[[], object], repeat: int) -> float:
    function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(path: Path, repeat: int) -> bool:
    """Print each statement's median time; True when one misses its target."""
    database = open_database(path)
    year = dt.date.today().year - 1
    failed = False
    with database.session() as session:
        runs: dict[str, Callable[[], object]] = {
            "trial balance": lambda: trial_balance(session, CLI_ACTOR, year),
            "CPC": lambda: income_statement(session, CLI_ACTOR, year),
            "bilan": lambda: balance_sheet(session, CLI_ACTOR, year),
            "ledger of 5161": lambda: general_ledger(session, CLI_ACTOR, year, account="5161"),
        }
        for name, run in runs.items():
            median = timed(run, repeat)
            target = TARGETS_MS[name]
            failed |= median > target
            print(f"  {name:<16} {median:8.1f} ms  (target {target} ms)")
    database.close()
    return failed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    failed = False
    for openings in (True, False):
        path = books_file(args.lines, args.years, openings)
        print("every year opens with an opening entry" if openings else "no opening entries")
        failed |= measure(path, args.repeat)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
