"""What the window's poll of others' changes costs (run on demand, never in the test suite).

    python benchmarks/changes_benchmark.py [--members 10000] [--seed 7] [--db FILE]
                                           [--postgres URL]

On a demo file (built in a temporary folder unless --db names one): the poll while nothing
changes (`PRAGMA data_version` only), the poll after another connection added a member (the
counters read), and a member's creation with and without the watcher attached (the two reads
of the counters a write then makes). With --postgres, the poll against that server too.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.demo.builder import build_demo
from nassij_desktop.storage import Database, open_database


def median_us(function: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1e6)
    return statistics.median(samples)


def add_member(database: Database) -> None:
    with database.transaction() as session:
        create_member(session, CLI_ACTOR, MemberData(first_name_lat="Bench", last_name_lat="Mark"))


def measure(database: Database, other: Database, label: str) -> None:
    watcher = database.watch_changes()
    watcher.poll()
    quiet = median_us(watcher.poll, 500)

    def changed() -> None:
        add_member(other)
        started = time.perf_counter()
        assert watcher.poll()
        samples.append((time.perf_counter() - started) * 1e6)

    samples: list[float] = []
    for _ in range(30):
        changed()
    print(f"{label}: poll, nothing changed   {quiet:8.1f} µs (median of 500)")
    print(f"{label}: poll, after a change    {statistics.median(samples):8.1f} µs (median of 30)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--postgres")
    args = parser.parse_args()
    path = args.db
    if path is None:
        path = Path(tempfile.mkdtemp()) / "demo.sqlite"
        database = open_database(path, backup_dir=path.parent)
        started = time.perf_counter()
        build_demo(database, members=args.members, seed=args.seed)
        database.close()
        print(f"demo of {args.members} members built in {time.perf_counter() - started:.1f} s")
    database = open_database(path)
    other = open_database(path)
    plain = open_database(path)
    try:
        measure(database, other, f"SQLite {path.name}")
        without = median_us(lambda: add_member(plain), 30)
        with_watcher = median_us(lambda: add_member(database), 30)
        print(f"member added, no watcher      {without:8.1f} µs")
        print(f"member added, watcher on      {with_watcher:8.1f} µs")
    finally:
        for opened in (database, other, plain):
            opened.close()
    if args.postgres:
        server, second = open_database(args.postgres), open_database(args.postgres)
        try:
            measure(server, second, "PostgreSQL")
        finally:
            server.close()
            second.close()


if __name__ == "__main__":
    main()
