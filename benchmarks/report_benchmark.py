"""Benchmark of the member register, run on demand, never in the test suite.

    python benchmarks/report_benchmark.py [--members 2000] [--seed 7] [--repeat 3]
    python benchmarks/report_benchmark.py --large FILE [--large-members 100000] [--lang ar]

Without `--large`: builds a demo association in a temporary folder, then times the whole
register (query, layout, PDF written to disk) in Arabic and in French, and prints the median of
the runs and the pages. The target: well under 5 s for 2 000 members.

With `--large FILE`: the register of a large association through the real command line,
`nassij --db … report member-register`, in a process of its own. FILE is made once with
`nassij demo --members 100000 --seed 7` when it does not exist, then reused; the runs work on a
copy of it. Prints the time, the pages and the peak resident memory of that process beside the
target (400 MB, whatever the length), and the latency of `nassij dues record` run again and
again while the register is being written, beside the same command on an idle file: a read
must not hold the write lock.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MEMORY_TARGET = 400 * 2**20
DUES_LATENCY_TARGET = 1.0  # seconds, for the whole `nassij dues record` command
# The demo's accounts (nassij_desktop.demo.builder.DEMO_PASSWORD): not imported, so that
# this process stays small — a child's peak memory counts the parent it was forked from.
DEMO_LOGIN, DEMO_PASSWORD = "admin", "demo-password"


# ---------------------------------------------------------------------- in-process, 2 000


def in_process(members: int, seed: int, repeat: int) -> None:
    from nassij_desktop.core.common.permissions import CLI_ACTOR
    from nassij_desktop.demo.builder import build_demo
    from nassij_desktop.reports.members.member_register import member_register_report
    from nassij_desktop.reports.request import ReportRequest
    from nassij_desktop.storage import open_database

    folder = Path(tempfile.mkdtemp(prefix="nassij-report-bench-"))
    database = open_database(folder / "bench.sqlite", backup_dir=folder)
    started = time.perf_counter()
    summary = build_demo(database, members=members, seed=seed)
    print(f"demo generation: {summary.members} members in {time.perf_counter() - started:.1f} s")

    print(f"\nmember register, {summary.members} members, median of {repeat} runs")
    print(f"{'language':<10}{'pages':>7}{'median s':>10}{'min s':>8}{'max s':>8}")
    for lang in ("ar", "fr"):
        samples = []
        pages = 0
        for run in range(repeat):
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


# ---------------------------------------------------------------------- the real CLI, large


def nassij_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "nassij_desktop", *args]


def nassij_env() -> dict[str, str]:
    return {**os.environ, "NASSIJ_USER": DEMO_LOGIN, "NASSIJ_USER_PASSWORD": DEMO_PASSWORD}


def nassij(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        nassij_command(*args), capture_output=True, text=True, env=nassij_env(), check=False
    )
    if done.returncode != 0:
        sys.exit(f"nassij {' '.join(args)} failed:\n{done.stderr}")
    return done


def timed_dues(db: Path, number: str, year: int) -> float:
    started = time.perf_counter()
    nassij("--db", str(db), "dues", "record", number, "--year", str(year), "--amount", "100,00")
    return time.perf_counter() - started


def drawing_pages(pid: int) -> bool:
    """The register process is drawing its pages: it has its fonts open (from the first page
    to the file written), its rows being read from a snapshot of the database."""
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:  # not Linux, or the process is gone
        return False
    return any(link.endswith(".ttf") for link in links)


def reaped(pid: int) -> tuple[int, Any] | None:
    """The exit status and resource usage of the child `pid` once it has ended. wait4, not
    Popen.poll: the usage of this child alone, peak memory included."""
    done, status, usage = os.wait4(pid, os.WNOHANG)
    return (status, usage) if done else None


def large(source: Path, members: int, seed: int, lang: str) -> None:
    if not source.exists():
        print(f"making {source}: {members} members (once; reused by later runs)")
        started = time.perf_counter()
        nassij("--db", str(source), "demo", "--members", str(members), "--seed", str(seed))
        print(f"  {time.perf_counter() - started:.0f} s")
    folder = Path(tempfile.mkdtemp(prefix="nassij-register-bench-"))
    db = folder / "register.sqlite"
    shutil.copyfile(source, db)  # the dues recorded below stay out of the reused file
    listed = nassij(
        *("--db", str(db), "members", "list", "--status", "active", "--limit", "50"),
        *("--format", "json"),
    )
    numbers = [row["number"] for row in json.loads(listed.stdout)]
    year = time.localtime().tm_year
    idle = [timed_dues(db, numbers[i], year) for i in range(3)]

    out = folder / f"register-{lang}.pdf"
    command = nassij_command(
        *("--db", str(db), "report", "member-register", "--lang", lang, "--out", str(out))
    )
    said, errors = folder / "register.out", folder / "register.err"
    with said.open("w") as stdout, errors.open("w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=nassij_env())
        finished = None
        deadline = time.monotonic() + 120
        while finished is None and not drawing_pages(process.pid):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
            finished = reaped(process.pid)
        drawing_from = time.perf_counter() - started
        busy: list[float] = []
        while finished is None:
            busy.append(timed_dues(db, numbers[(3 + len(busy)) % len(numbers)], year))
            finished = reaped(process.pid)
        elapsed = time.perf_counter() - started
    status, usage = finished
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"the register failed:\n{errors.read_text()}")
    pages = re.findall(r"\d+", said.read_text())[-1]
    peak = usage.ru_maxrss * 1024  # kilobytes on Linux

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER TARGET"

    print(f"\nmember register through the CLI, {members} members, {lang}")
    print(f"  pages            {pages:>8}")
    print(f"  time             {elapsed:>8.1f} s   (CPU {usage.ru_utime + usage.ru_stime:.1f} s)")
    print(
        f"  peak memory      {peak / 2**20:>8.0f} MB  "
        f"(target {MEMORY_TARGET / 2**20:.0f} MB: {verdict(peak < MEMORY_TARGET)})"
    )
    print(f"  file             {out.stat().st_size / 1e6:>8.1f} MB")
    print("\n`nassij dues record`, the whole command (start-up, sign-in, write)")
    print(
        f"  on an idle file          median {statistics.median(idle):.2f} s, max {max(idle):.2f} s"
    )
    if busy:
        extra = max(busy) - statistics.median(idle)
        print(
            f"  while the register runs  median {statistics.median(busy):.2f} s, "
            f"max {max(busy):.2f} s ({len(busy)} runs from {drawing_from:.0f} s, pages being "
            f"drawn); worst wait for the file {extra:+.2f} s "
            f"(target under {DUES_LATENCY_TARGET:.0f} s: {verdict(extra < DUES_LATENCY_TARGET)})"
        )
    else:
        print("  the register was done before a dues record could run beside it")
    shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", type=Path, help="association file for the CLI run (made once)")
    parser.add_argument("--large-members", type=int, default=100_000)
    parser.add_argument("--lang", choices=["ar", "fr"], default="ar")
    args = parser.parse_args()
    if args.large:
        large(args.large, args.large_members, args.seed, args.lang)
    else:
        in_process(args.members, args.seed, args.repeat)


if __name__ == "__main__":
    main()
