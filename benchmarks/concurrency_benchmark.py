"""Benchmark of several writers at once (run on demand, never in the test suite).

    python benchmarks/concurrency_benchmark.py [--operations 200] [--writers 1,4] [--skip-pg]

On a SQLite file and on a private PostgreSQL server (started for the run, in a temporary
folder, as the tests do), 1 and then 4 processes each run `--operations` operations through
the services, taking turns: dues paid (a numbered receipt and its entry), a donation (the same),
a book entry typed in (numbered and sealed), a new member (numbered); each in its own write
transaction, a refused one run again (storage/retry.py). Printed: operations per second over
all writers, retries, and beside them the lower bound measured in the same run: the same
number of processes each committing one row per transaction in a bare table (the sqlite3
module with the file's pragmas; psycopg on the server). The numbers are checked gap-free after
each run (as tests/storage/test_concurrent_numbers.py does). The machine's load is printed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.storage.concurrent_writers import (
    KINDS,
    prepare,
    run_writers,
    stored_numbers,
)


def _raw_sqlite(path: str, rows: int, barrier: Any) -> None:
    connection = sqlite3.connect(path, timeout=10, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    barrier.wait()
    for i in range(rows):
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO bench (value) VALUES (?)", (i,))
        connection.execute("COMMIT")
    connection.close()


def _raw_pg(conninfo: str, rows: int, barrier: Any) -> None:
    import psycopg

    with psycopg.connect(conninfo) as connection:
        barrier.wait()
        for i in range(rows):
            with connection.transaction():
                connection.execute("INSERT INTO bench (value) VALUES (%s)", (i,))


def raw_rate(kind: str, target: str, writers: int, rows: int) -> float:
    """Rows per second, one per committed transaction, `writers` processes at once."""
    if kind == "sqlite":
        with sqlite3.connect(target) as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS bench (id INTEGER PRIMARY KEY, value)")
        worker: Any = _raw_sqlite
    else:
        import psycopg

        with psycopg.connect(target, autocommit=True) as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS bench (id serial PRIMARY KEY, value int)"
            )
        worker = _raw_pg
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(writers + 1)
    processes = [
        context.Process(target=worker, args=(target, rows, barrier)) for _ in range(writers)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    for process in processes:
        process.join()
    return writers * rows / (time.perf_counter() - started)


def _psycopg_conninfo(url: str) -> str:
    """The libpq connection string of a `postgresql+psycopg://` URL of the test server."""
    match = re.fullmatch(r"postgresql\+psycopg://(\w+)@/(\w+)\?host=([^&]+)&port=(\d+)", url)
    assert match is not None, url
    user, dbname, host, port = match.groups()
    return f"user={user} dbname={dbname} host={host} port={port}"


def _check_gap_free(target: str) -> None:
    for kind, numbers in stored_numbers(target).items():
        series: dict[str, list[int]] = {}
        for number in numbers:
            prefix, value = re.fullmatch(r"(.*?)(\d+)", number).groups()  # type: ignore[union-attr]
            series.setdefault(prefix, []).append(int(value))
        for prefix, values in series.items():
            if sorted(values) != list(range(1, len(values) + 1)):
                raise SystemExit(f"GAP OR DUPLICATE in {kind} {prefix!r}")


def measure(backend: str, fresh: Any, writers_list: list[int], operations: int) -> None:
    for writers in writers_list:
        target = fresh()
        payers = prepare(target, writers * (-(-operations // len(KINDS))))
        results, elapsed = run_writers(target, writers, operations, KINDS, payers)
        _check_gap_free(target)
        done = sum(len(r.done) for r in results)
        retries = sum(r.retries for r in results)
        raw_target = fresh(raw=True)
        raw = raw_rate(backend, raw_target, writers, operations)
        print(
            f"{backend:10} {writers} writer(s): {done / elapsed:8.1f} operations/s "
            f"({done} in {elapsed:.2f} s, {retries} retried)   lower bound: raw INSERT + COMMIT "
            f"{raw:8.1f}/s   ratio {raw / (done / elapsed):.1f}",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=200, help="per writer")
    parser.add_argument("--writers", default="1,4")
    parser.add_argument("--skip-pg", action="store_true")
    args = parser.parse_args(argv)
    writers_list = [int(w) for w in args.writers.split(",")]
    print(f"load average before: {os.getloadavg()}  cpus: {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="nassij-concurrency-") as folder:
        made = iter(range(1_000_000))

        def fresh_sqlite(raw: bool = False) -> str:
            return str(Path(folder) / f"{'raw' if raw else 'file'}-{next(made)}.nassij")

        measure("sqlite", fresh_sqlite, writers_list, args.operations)
    if not args.skip_pg:
        from tests.postgres import postgres_server

        with postgres_server() as url:
            import sqlalchemy as sa

            server = sa.create_engine(url, isolation_level="AUTOCOMMIT")

            def fresh_pg(raw: bool = False) -> str:
                name = f"bench_{'raw' if raw else 'db'}_{next(made)}"
                with server.connect() as connection:
                    connection.exec_driver_sql(f"CREATE DATABASE {name}")
                target = url.replace("/nassij_test?", f"/{name}?")
                return _psycopg_conninfo(target) if raw else target

            measure("postgresql", fresh_pg, writers_list, args.operations)
            server.dispose()
        print("(the test server runs with fsync=off, as in the tests)")
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
