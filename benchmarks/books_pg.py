"""The statements on SQLite and on PostgreSQL, side by side (issue 16: "search and statements
keep their speed on PostgreSQL").

    python benchmarks/books_pg.py [--lines 200000] [--years 10] [--repeat 5]

The books file of books_benchmark.py (built once and cached: every entry through
`post_entries`, every year but the last closed through `close_year`), copied as a user would
move it, through `copy_association` (`nassij migrate-to`), into a database of a private
PostgreSQL server (tests/postgres.py: fsync off, Unix socket). For the last year beside the
closed one before it: the trial balance, the CPC, the bilan, the busiest account's ledger and
the entries page's first read, median of `--repeat` runs after one warm-up, on each backend,
beside the target and beside each backend's lower bound, the raw SQL the statement cannot
avoid (no ORM, no Decimal), run through the same connection kind in the same run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from benchmarks.books_benchmark import BUSIEST, PAGE_ROWS, TARGETS_MS, books_file, timed
from nassij_desktop.core.books.entry_list import EntryFilter, count_entries, entry_page
from nassij_desktop.core.books.statements import (
    balance_sheet,
    general_ledger,
    income_statement,
    trial_balance,
)
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.storage import Database, open_database
from nassij_desktop.storage.transfer import copy_association

GROUP_BY = (
    "SELECT e.fiscal_year_id + 0, l.account_id, SUM(l.debit), SUM(l.credit) "
    "FROM journal_line l JOIN journal_entry e ON e.id = l.entry_id "
    "WHERE e.entry_date BETWEEN :since AND :until AND e.state = 'validated' "
    "GROUP BY e.fiscal_year_id + 0, l.account_id"
)
LEDGER = (
    "SELECT e.entry_date, e.number, l.debit, l.credit FROM journal_line l "
    "JOIN journal_entry e ON e.id = l.entry_id JOIN account a ON a.id = l.account_id "
    "WHERE a.number = :account AND e.entry_date BETWEEN :since AND :until "
    "AND e.state = 'validated' ORDER BY e.entry_date, e.id"
)
FIRST_PAGE = (
    "SELECT e.id, e.entry_date, e.number, e.label FROM journal_entry e "
    f"ORDER BY e.entry_date DESC, e.number DESC LIMIT {PAGE_ROWS}"
)


def raw_reads(connection: sa.Connection, year: int) -> dict[str, Callable[[], object]]:
    """The lower bounds: the SQL each statement cannot do without, on this backend."""
    since, until = connection.execute(
        sa.text("SELECT min(starts_on), max(ends_on) FROM fiscal_year WHERE label IN (:a, :b)"),
        {"a": str(year), "b": str(year - 1)},
    ).one()
    span = {"since": since, "until": until}

    def entries() -> object:
        connection.execute(sa.text("SELECT count(*) FROM journal_entry")).all()
        return connection.execute(sa.text(FIRST_PAGE)).all()

    return {
        "group by": lambda: connection.execute(sa.text(GROUP_BY), span).all(),
        "ledger": lambda: connection.execute(sa.text(LEDGER), {**span, "account": BUSIEST}).all(),
        "entries": entries,
    }


def figures(database: Database, year: int, repeat: int) -> dict[str, tuple[float, float]]:
    """Each measure's median (ms) and its lower bound's, on `database`."""
    with database.engine.connect() as connection:
        raw = {name: timed(run, repeat) for name, run in raw_reads(connection, year).items()}
    results: dict[str, tuple[float, float]] = {}
    with database.session() as session:
        runs: dict[str, tuple[Callable[[], object], str]] = {
            "trial balance": (lambda: trial_balance(session, CLI_ACTOR, year), "group by"),
            "CPC": (lambda: income_statement(session, CLI_ACTOR, year), "group by"),
            "bilan": (lambda: balance_sheet(session, CLI_ACTOR, year), "group by"),
            f"ledger of {BUSIEST}": (
                lambda: general_ledger(session, CLI_ACTOR, year, account=BUSIEST),
                "ledger",
            ),
        }
        for name, (run, bound) in runs.items():
            results[name] = (timed(run, repeat), raw[bound])

    def first_read() -> object:
        # As the page's source does it: a short session for the count, one for the page.
        with database.session() as session:
            count_entries(session, CLI_ACTOR, EntryFilter())
        with database.session() as session:
            return entry_page(session, CLI_ACTOR, EntryFilter(), 0, PAGE_ROWS)

    results["entries page, first read"] = (timed(first_read, repeat), raw["entries"])
    return results


def _private_copy(path: Path, folder: Path) -> Path:
    """A copy of the cached books file that this run may migrate (the cache is shared with
    branches whose migrations stop earlier)."""
    copy = folder / path.name
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
        target = sqlite3.connect(copy)
        source.backup(target)
        target.close()
    return copy


def main() -> int:
    from tests.postgres import postgres_server

    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    year = clock.today().year - 1  # the last year (open), its closed predecessor beside it
    folder = Path(tempfile.mkdtemp(prefix="nassij-books-pg-"))
    path = _private_copy(books_file(args.lines, args.years), folder)
    print(f"load average before: {os.getloadavg()}  cpus: {os.cpu_count()}")
    missed = False
    with postgres_server() as url:
        server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with server.connect() as connection:
            connection.exec_driver_sql("CREATE DATABASE books_pg")
        server.dispose()
        pg_url = url.replace("/nassij_test?", "/books_pg?")
        lite = open_database(path, backup_dir=folder)
        started = time.perf_counter()
        report = copy_association(lite, pg_url, actor=CLI_ACTOR)
        rows = sum(table.rows for table in report.tables)
        print(
            f"{args.lines} lines over {args.years} years: {rows} rows copied to PostgreSQL "
            f"(migrate-to, verified) in {time.perf_counter() - started:.1f} s"
        )
        pg = open_database(pg_url)
        with pg.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        on_lite = figures(lite, year, args.repeat)
        on_pg = figures(pg, year, args.repeat)
        print(
            f"statements of {year} beside {year - 1}, median of {args.repeat} runs, ms "
            "(raw: the SQL the statement cannot avoid, on the same backend)"
        )
        print(
            f"{'':<26}{'target':>7} | {'sqlite':>8}{'raw':>8} | {'postgres':>8}{'raw':>8}  verdict"
        )
        for name, (lite_ms, lite_raw) in on_lite.items():
            pg_ms, pg_raw = on_pg[name]
            target = TARGETS_MS[name]
            verdict = "ok" if max(lite_ms, pg_ms) <= target else "MISSED"
            missed |= verdict != "ok"
            print(
                f"{name:<26}{target:>7} | {lite_ms:>8.1f}{lite_raw:>8.1f} | "
                f"{pg_ms:>8.1f}{pg_raw:>8.1f}  {verdict}",
                flush=True,
            )
        lite.close()
        pg.close()
    shutil.rmtree(folder, ignore_errors=True)
    print(f"load average after: {os.getloadavg()}  (the server runs with fsync off)")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
