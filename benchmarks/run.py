"""Benchmarks, run on demand (`make bench`), never in the test suite.

    python benchmarks/run.py [--members 100000] [--seed 7] [--keep FILE]

Prints the time to generate the demo association and the member search latency (median and
95th percentile over repeated runs) for typical queries, in both scripts. The search beside
the raw FTS5 query and the `nassij members list` process: benchmarks/search_benchmark.py.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import MemberStatus
from nassij_desktop.core.members.search import MemberFilter, member_rows, search_member_page
from nassij_desktop.demo.builder import build_demo
from nassij_desktop.storage import open_database

QUERIES = [
    "احمد",
    "أحمد",
    "فاطمه",
    "محمد العلوي",
    "benali",
    "fatima zahra",
    "el idrissi",
    "هد",
    "mo",
    "000123",
    "zzzz",
]


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float, object]:
    samples = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="keep the generated file here")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="nassij-bench-"))
    path = args.keep or folder / "bench.sqlite"
    path.unlink(missing_ok=True)
    database = open_database(path, backup_dir=folder)
    started = time.perf_counter()
    summary = build_demo(database, members=args.members, seed=args.seed)
    print(
        f"demo generation: {summary.members} members, {summary.entries} entries "
        f"in {time.perf_counter() - started:.1f} s"
    )
    print(f"file size: {path.stat().st_size / 1e6:.0f} MB")

    print(
        f"\nmember search at {summary.members} members "
        f"(first page of 100 ids + total count + rows of the page), {args.repeat} runs each"
    )
    print(f"{'query':<16}{'hits':>8}{'median ms':>12}{'p95 ms':>10}")
    with database.session() as session:
        active = MemberFilter(statuses=frozenset({MemberStatus.ACTIVE}))
        cases = [(q, MemberFilter()) for q in QUERIES] + [("احمد + active", active)]
        for label, flt in cases:
            query = label.split(" + ")[0]

            def one_search(query: str = query, flt: MemberFilter = flt) -> int:
                page = search_member_page(session, CLI_ACTOR, query, flt, limit=100)
                member_rows(session, CLI_ACTOR, page.ids)
                return page.total

            median, p95, hits = timed(one_search, args.repeat)
            print(f"{label:<16}{hits:>8}{median:>12.1f}{p95:>10.1f}")
    database.close()


if __name__ == "__main__":
    main()
