"""Benchmark of the books (run on demand, never in the test suite).

    QT_QPA_PLATFORM=offscreen python benchmarks/books_benchmark.py \
        [--lines 200000] [--years 10] [--repeat 5]

Builds once (kept in the temporary folder) a file of `--lines` entry lines over `--years`
years, as a real association's books are: every entry through `post_entries`, every year
closed through `close_year` once filled (so at most two are open, and each year after the
first starts with the opening entry its predecessor's closing wrote).

For the last year (open, as the current one), with the closed year before it beside it, it
times (median of `--repeat` runs after one warm-up) and prints beside each target:
- the trial balance, the CPC and the bilan (300 ms each), the general ledger of the busiest
  account (500 ms); their lower bound is the raw SQL a statement cannot avoid, run through
  sqlite3 in the same run: the GROUP BY account of the two years' lines (for the ledger,
  the account's lines of the two years, in date order);
- the entries page's first read (`entry_list` count and first page, 200 ms), and the
  Treasury page opening (`BooksPage` built and shown offscreen, 200 ms); lower bound: the
  raw count and first page;
- the annual financial report PDF (3 s) when this build has `report financial`: one
  `nassij report financial` process, beside `nassij --version` (the process alone);
- the XLSX export for the accountant (journal, ledger and trial balance sheets) of one year
  of `--xlsx-lines` entry lines (30 s; a file of its own, built once and kept like the
  first): one run, its wall and CPU times, beside the raw SQL of the journal's and the
  ledger's lines (no ORM, no cell).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from nassij_desktop.core.association.services import AssociationProfile
from nassij_desktop.core.association_file import create_association
from nassij_desktop.core.books.entry_list import EntryFilter, count_entries, entry_page
from nassij_desktop.core.books.models import TreasuryKind
from nassij_desktop.core.books.services import (
    EntryData,
    LineSpec,
    create_treasury_account,
    post_entries,
)
from nassij_desktop.core.books.statements import (
    balance_sheet,
    general_ledger,
    income_statement,
    trial_balance,
)
from nassij_desktop.core.books.years import close_year
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import open_database

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
BUSIEST = "5161"
PAGE_ROWS = 100  # the lazy table's page
TARGETS_MS = {
    "trial balance": 300,
    "CPC": 300,
    "bilan": 300,
    f"ledger of {BUSIEST}": 500,
    "entries page, first read": 200,
    "Treasury page opening": 200,
    "financial report PDF": 3000,
    "XLSX export": 30000,
}


def books_file(lines: int, years: int) -> Path:
    folder = Path(tempfile.gettempdir()) / "nassij-bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"books-{lines}-{years}-closed.sqlite"
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
        create_treasury_account(session, CLI_ACTOR, "Banque", TreasuryKind.BANK, "5141")
        create_treasury_account(session, CLI_ACTOR, "Caisse", TreasuryKind.CASH, "5161")
    rng = random.Random(7)
    weights = [k[3] for k in KINDS]
    per_year = lines // 2 // years
    first = clock.today().year - years
    for year in range(first, first + years):
        entries = []
        if year == first:  # the balances the association had when its books began
            entries.append(
                EntryData(
                    "AN",
                    dt.date(year, 1, 1),
                    "Opening",
                    [
                        LineSpec("5141", debit=Decimal(60_000)),
                        LineSpec("5161", debit=Decimal(2_000)),
                        LineSpec("1111", credit=Decimal(62_000)),
                    ],
                    reference="AN",
                )
            )
        for index in range(per_year - 1):  # the opening entry is about one of them
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
        if year < first + years - 1:  # the last year stays open, as the current one
            with database.transaction() as session:
                close_year(session, CLI_ACTOR, year)
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


def raw_reads(path: Path, year: int) -> dict[str, Callable[[], object]]:
    """The SQL each measure cannot do without, through sqlite3 (no ORM, no Decimal)."""
    connection = sqlite3.connect(path)
    # The two years' dates: the lines read along the index of dates, as the statements do.
    since, until = connection.execute(
        "SELECT min(starts_on), max(ends_on) FROM fiscal_year WHERE label IN (?, ?)",
        (str(year), str(year - 1)),
    ).fetchone()
    group_by = (
        "SELECT e.fiscal_year_id + 0, l.account_id, SUM(l.debit), SUM(l.credit) "
        "FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
        "WHERE e.entry_date BETWEEN ? AND ? AND e.state = 'validated' "
        "GROUP BY e.fiscal_year_id + 0, l.account_id"
    )
    ledger = (
        "SELECT e.entry_date, e.number, l.debit, l.credit FROM journal_line l "
        "JOIN journal_entry e ON e.id = l.entry_id JOIN account a ON a.id = l.account_id "
        "WHERE a.number = ? AND e.entry_date BETWEEN ? AND ? AND e.state = 'validated' "
        "ORDER BY e.entry_date, e.id"
    )
    first_page = (
        "SELECT e.id, e.entry_date, e.number, e.label FROM journal_entry e "
        f"ORDER BY e.entry_date DESC, e.number DESC LIMIT {PAGE_ROWS}"
    )

    def entries() -> object:
        connection.execute("SELECT count(*) FROM journal_entry").fetchall()
        return connection.execute(first_page).fetchall()

    return {
        "group by": lambda: connection.execute(group_by, (since, until)).fetchall(),
        "ledger": lambda: connection.execute(ledger, (BUSIEST, since, until)).fetchall(),
        "entries": entries,
    }


def line(name: str, median: float, bound: float | None) -> bool:
    """Print one figure beside its target and lower bound; True when it misses the target."""
    target = TARGETS_MS[name]
    low = f"lower bound {bound:7.1f} ms" if bound is not None else ""
    verdict = "ok" if median <= target else "MISSED"
    print(f"  {name:<26} {median:8.1f} ms  target {target:>5} ms: {verdict:<6}  {low}")
    return median > target


def measure_statements(path: Path, year: int, repeat: int) -> bool:
    database = open_database(path)
    raw = raw_reads(path, year)
    group_by, ledger_raw, entries_raw = (timed(raw[k], repeat) for k in raw)
    failed = False
    with database.session() as session:
        runs: dict[str, tuple[Callable[[], object], float]] = {
            "trial balance": (lambda: trial_balance(session, CLI_ACTOR, year), group_by),
            "CPC": (lambda: income_statement(session, CLI_ACTOR, year), group_by),
            "bilan": (lambda: balance_sheet(session, CLI_ACTOR, year), group_by),
            f"ledger of {BUSIEST}": (
                lambda: general_ledger(session, CLI_ACTOR, year, account=BUSIEST),
                ledger_raw,
            ),
        }
        for name, (run, bound) in runs.items():
            failed |= line(name, timed(run, repeat), bound)

    def first_read() -> object:
        # As the page's source does it: a short session for the count, one for the page.
        with database.session() as session:
            count_entries(session, CLI_ACTOR, EntryFilter())
        with database.session() as session:
            return entry_page(session, CLI_ACTOR, EntryFilter(), 0, PAGE_ROWS)

    failed |= line("entries page, first read", timed(first_read, repeat), entries_raw)
    failed |= measure_page(database, repeat, entries_raw)
    database.close()
    return failed


def measure_page(database: object, repeat: int, bound: float) -> bool:
    """The Treasury page built and shown (needs QT_QPA_PLATFORM=offscreen on a server)."""
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from nassij_desktop.storage import Database
    from nassij_desktop.ui.books.page import BooksPage
    from nassij_desktop.ui.common.context import AppContext

    assert isinstance(database, Database)
    app = QApplication.instance() or QApplication([])
    context = AppContext(database, CLI_ACTOR)

    def open_page() -> None:
        page = BooksPage(context)
        page.resize(1280, 760)
        page.show()
        app.processEvents()
        page.close()
        page.deleteLater()
        app.processEvents()

    return line("Treasury page opening", timed(open_page, repeat), bound)


def measure_report(path: Path, year: int) -> bool:
    """`report financial` in its own process, when this build has it."""
    from nassij_desktop.reports.kinds import REPORT_KINDS

    if "financial" not in REPORT_KINDS:
        print("  financial report PDF: not in this build (`report financial` is missing)")
        return False
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "nassij_desktop", "--db", str(path)]
    out = Path(tempfile.gettempdir()) / "nassij-bench" / "financial.pdf"

    def run(*args: str) -> float:
        started = time.perf_counter()
        done = subprocess.run([*command, *args], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            sys.exit(f"nassij {' '.join(args)} failed:\n{done.stderr}")
        return (time.perf_counter() - started) * 1000

    report = ("report", "financial", "--lang", "fr", "--year", str(year), "--out", str(out))
    run(*report)  # warm-up: the fonts and the file in the page cache
    bound = statistics.median(run("--version") for _ in range(3))
    median = statistics.median(run(*report) for _ in range(3))
    return line("financial report PDF", median, bound)


def measure_xlsx(lines: int) -> bool:
    """`write_xlsx` of a year of `lines` lines, once (it takes seconds: no median)."""
    from nassij_desktop.core.books.exports import write_xlsx

    path = books_file(lines, 1)
    year = clock.today().year - 1
    connection = sqlite3.connect(path)
    raw = (
        "SELECT e.entry_date, e.number, e.label, a.number, l.debit, l.credit FROM journal_line l "
        "JOIN journal_entry e ON e.id = l.entry_id JOIN account a ON a.id = l.account_id "
        "ORDER BY {order}"
    )
    started = time.perf_counter()
    for order in ("e.entry_date, e.id, l.position", "a.number, e.entry_date, e.id"):
        connection.execute(raw.format(order=order)).fetchall()
    bound = (time.perf_counter() - started) * 1000
    connection.close()
    database = open_database(path)
    out = Path(tempfile.gettempdir()) / "nassij-bench" / "books.xlsx"
    started, cpu = time.perf_counter(), time.process_time()
    with database.session() as session:
        write_xlsx(session, CLI_ACTOR, year, out)
    median = (time.perf_counter() - started) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    database.close()
    print(f"  XLSX export of {lines} lines of {year} (one run, CPU {cpu_ms / 1000:.1f} s):")
    return line("XLSX export", median, bound)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--xlsx-lines", type=int, default=200_000, help="0: no XLSX export")
    args = parser.parse_args()
    path = books_file(args.lines, args.years)
    year = clock.today().year - 1  # the last year (open), its closed predecessor beside it
    print(
        f"{args.lines} lines over {args.years} years, each closed through close_year; "
        f"statements of {year} beside {year - 1}, median of {args.repeat} runs:"
    )
    failed = measure_statements(path, year, args.repeat)
    failed |= measure_report(path, year)
    if args.xlsx_lines:
        failed |= measure_xlsx(args.xlsx_lines)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
