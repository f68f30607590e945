"""The test suite's time beside its target and the floor this machine sets, in the same run.

    python benchmarks/suite_time.py [--workers 2] [PYTEST ARGS…]

Runs the pytest command of `make test` (offscreen, `-n 2 --dist loadfile
--no-loadscope-reorder`; more arguments are passed on, e.g. a folder) and prints its wall time
beside the target of issue 11 (3 minutes on the two-core reference machine) and beside a lower
bound: the CPU time the machine spent on the run (all its processes: the workers, the
PostgreSQL servers they start, the commands and crash tests they run; read from /proc/stat, so
run it on an otherwise quiet machine) divided by the number of cores. The ratio of wall time
to that bound says how much waiting there is left to remove; the bound itself moves only with
less work, or more cores.

`--by-file N` also prints each worker's time in its tests (far apart: a long file went out
last, see LONGEST_FIRST in tests/conftest.py), the N test files that took the most CPU
(benchmarks/cpu_per_test.py), by folder too: where the run's time goes, and which part of it a
change moved; then the N whose wall time exceeded their CPU most: a worker waiting (a disk, a
timer, a server).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 180.0  # issue 11: `make test` under 3 minutes of pytest, two cores


def busy_seconds() -> float:
    """CPU time the machine has spent busy since boot, all cores summed (/proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="pytest-xdist workers (-n)")
    parser.add_argument(
        "--by-file", type=int, default=0, metavar="N", help="the N files that took most CPU"
    )
    arguments, passed_on = parser.parse_known_args(argv)
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "-n", str(arguments.workers), "--dist", "loadfile", "--no-loadscope-reorder", *passed_on,
    ]  # fmt: skip
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": ""}
    per_test = Path()
    if arguments.by_file:  # the rows are left in the folder, to be looked at again
        per_test = Path(tempfile.mkdtemp(prefix="nassij-test-cpu-"))
        command[3:3] = ["-p", "benchmarks.cpu_per_test"]
        environment["NASSIJ_TEST_CPU_DIR"] = str(per_test)
    cores = os.cpu_count() or 1
    busy_before, started = busy_seconds(), time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=environment, check=False)
    wall = time.perf_counter() - started
    busy = busy_seconds() - busy_before
    floor = busy / cores
    rows = [
        ("pytest wall time", wall, ""),
        (
            "target (issue 11, two cores)",
            TARGET_SECONDS,
            f"wall/target {wall / TARGET_SECONDS:.2f}",
        ),
        ("CPU busy, all processes", busy, f"on {cores} cores"),
        ("lower bound (CPU / cores)", floor, f"wall/bound {wall / floor:.2f}"),
    ]
    print()
    for label, seconds, note in rows:
        print(f"{label:<30}{seconds:8.1f} s   {note}")
    if arguments.by_file:
        print_by_file(per_test, arguments.by_file)
    return done.returncode


def print_by_file(folder: Path, count: int) -> None:
    """The CPU of the tests (their workers' and their processes'), by folder and by file."""
    own: Counter[str] = Counter()
    children: Counter[str] = Counter()
    wall: Counter[str] = Counter()
    workers: Counter[str] = Counter()
    for lines in sorted(folder.glob("*.jsonl")):
        for line in lines.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            name = row["test"].split("::")[0]
            own[name] += row["own"]
            children[name] += row["children"]
            wall[name] += row["wall"]
            workers[lines.stem] += row["wall"]
    # Workers that end far apart: a long file went out last (tests/conftest.py, LONGEST_FIRST).
    shares = ", ".join(f"{worker} {seconds:.1f} s" for worker, seconds in workers.items())
    print(f"\neach worker's tests, wall time: {shares}")
    total = own + children
    folders: Counter[str] = Counter()
    for name, seconds in total.items():
        folders[str(Path(name).parent)] += seconds
    print(f"\nCPU of the tests, all files: {sum(total.values()):.1f} s")
    for name, seconds in folders.most_common(count):
        print(f"{seconds:8.1f} s   {name}/")
    print(f"\nthe {count} files that took most (in the worker + in the processes it started):")
    for name, seconds in total.most_common(count):
        print(f"{seconds:8.1f} s   {own[name]:6.1f} + {children[name]:5.1f}   {name}")
    # A process the test started and did not wait for is counted in its wall time only.
    waiting = Counter({name: wall[name] - total[name] for name in wall})
    print(f"\nworkers' wall time beyond their CPU, all files: {sum(waiting.values()):.1f} s")
    print(f"the {count} files that waited most (wall time − CPU):")
    for name, seconds in waiting.most_common(count):
        print(f"{seconds:8.1f} s   of {wall[name]:6.1f} s   {name}")


if __name__ == "__main__":
    sys.exit(main())
