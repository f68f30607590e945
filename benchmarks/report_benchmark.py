"""Benchmark of the member register, run on demand, never in the test suite.

    python benchmarks/report_benchmark.py [--members 2000] [--seed 7] [--repeat 3]

Builds a demo association in a temporary folder, then times the whole register (query, layout,
PDF written to disk) in Arabic and in French, and prints the median of the runs and the pages.
The target: well under 5 s for 2 000 members.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.demo.builder import build_demo
from nassij_desktop.reports.member_register import member_register_report
from nassij_desktop.reports.request import ReportRequest
from nassij_desktop.storage import open_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="nassij-report-bench-"))
    database = open_database(folder / "bench.sqlite", backup_dir=folder)
    started = time.perf_counter()
    summary = build_demo(database, members=args.members, seed=args.seed)
    print(f"demo generation: {summary.members} members in {time.perf_counter() - started:.1f} s")

    print(f"\nmember register, {summary.members} members, median of {args.repeat} runs")
    print(f"{'language':<10}{'pages':>7}{'median s':>10}{'min s':>8}{'max s':>8}")
    for lang in ("ar", "fr"):
        samples = []
        pages = 0
        for run in range(args.repeat):
            out = folder / f"register-{lang}-{run}.pdf"
            started = time.perf_counter()
            with database.session() as session:
                result = member_register_report(
                    session, CLI_ACTOR, ReportRequest(lang=lang, out=out)
                )
            samples.append(time.perf_counter() - started)
            pages = result.pages
        print(
            f"{lang:<10}{pages:>7}{statistics.median(samples):>10.2f}"
            f"{min(samples):>8.2f}{max(samples):>8.2f}"
        )
    database.close()


if __name__ == "__main__":
    main()
