"""Benchmark of the activities and the moral report (run on demand, never in the test suite).

    python benchmarks/activities_benchmark.py [--activities 5000] [--years 10] [--repeat 3]

Builds once (kept in the temporary folder, `nassij-bench/`) the demo association with
`--activities` more activities spread evenly over the `--years` years before this one, each
logged through `create_activity` (the service a volunteer's form calls: validation, the
audit record) a year per transaction, with beneficiaries in three to six gender and age
groups and two to four volunteers.

For the last full year it times and prints beside each target:
- the moral report PDF (`nassij report activity --year Y`, 5 s): one whole process, median
  of `--repeat` runs after a warm-up, in French and in Arabic; its lower bound is the
  process alone (`nassij --version`), measured in the same run; the process's CPU time is
  printed under it, with the load average (a shared machine stretches the wall time);
- the year's summary read by the services (`activity_year`, no target: the share of the
  report spent reading), beside the raw SQL a summary cannot avoid (the year's activities
  and the sums of their beneficiaries and minutes, through sqlite3);
- the Activities page opening (300 ms) when this build has `ui/activities`: `ActivitiesPage`
  built, shown and its events processed offscreen, beside the raw count and first page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib.util
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa

from nassij_desktop.core.activities.models import ActivityKind, AgeGroup
from nassij_desktop.core.activities.services import (
    ActivityData,
    create_activity,
    list_programmes,
)
from nassij_desktop.core.activities.summary import activity_year
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import CLI_ACTOR
from nassij_desktop.core.members.models import Gender, Member, MemberStatus
from nassij_desktop.demo.builder import DEMO_PASSWORD, build_demo
from nassij_desktop.storage import open_database

TARGETS_MS = {
    "moral report PDF (fr)": 5000,
    "moral report PDF (ar)": 5000,
    "Activities page opening": 300,
}
PLACES = ("Maison des jeunes", "Siège de l'association", "École primaire", "Dar Taliba")
COMMUNES = ("Zagora", "Tinghir", "Ouarzazate", "Agdz")


def activities_file(activities: int, years: int) -> tuple[Path, int]:
    """The cached file and the last full year it covers."""
    last = clock.today().year - 1
    folder = Path(tempfile.gettempdir()) / "nassij-bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"activities-{activities}-{years}-{last}.sqlite"
    if path.exists():
        print(f"activities file: {path} (cached)")
        return path, last
    partial = path.with_suffix(".part")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    database = open_database(partial, create=True, backup_dir=folder)
    build_demo(database, members=300, seed=11, today=dt.date(last + 1, 1, 15))
    rng = random.Random(11)
    with database.session() as session:
        programmes = [p.id for p in list_programmes(session, CLI_ACTOR)]
        members = list(
            session.scalars(sa.select(Member.id).where(Member.status == MemberStatus.ACTIVE))
        )
    groups = [(g, a) for g in Gender for a in AgeGroup]
    per_year = activities // years
    for year in range(last - years + 1, last + 1):
        batch = per_year + (activities % years if year == last else 0)
        with database.transaction() as session:
            for index in range(batch):
                day = dt.date(year, 1, 1) + dt.timedelta(days=index * 365 // batch)
                starts = dt.datetime.combine(day, dt.time(rng.choice((9, 10, 14, 15))))
                chosen = rng.sample(groups, rng.randint(3, 6))
                create_activity(
                    session,
                    CLI_ACTOR,
                    ActivityData(
                        title=f"Activité {year}-{index + 1}",
                        kind=rng.choice(list(ActivityKind)),
                        starts_at=starts,
                        ends_at=starts + dt.timedelta(hours=rng.randint(1, 4)),
                        place=rng.choice(PLACES),
                        commune=rng.choice(COMMUNES),
                        programme_id=rng.choice([*programmes, None]),
                        beneficiaries={group: rng.randint(1, 40) for group in chosen},
                        volunteers={m: rng.randint(60, 480) for m in rng.sample(members, 3)},
                    ),
                )
    database.close()
    partial.rename(path)
    print(f"activities file: {path} (built in {time.perf_counter() - started:.1f} s)")
    return path, last


def timed(function: Callable[[], object], repeat: int) -> float:
    function()  # warm-up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def line(name: str, median: float, bound: float | None, target: int | None = None) -> bool:
    """Print one figure beside its target and lower bound; True when it misses the target."""
    target = TARGETS_MS.get(name, target)
    low = f"lower bound {bound:7.1f} ms" if bound is not None else ""
    if target is None:
        print(f"  {name:<32} {median:8.1f} ms  {'(no target)':<22}  {low}")
        return False
    verdict = "ok" if median <= target else "MISSED"
    print(f"  {name:<32} {median:8.1f} ms  target {target:>5} ms: {verdict:<6}  {low}")
    return median > target


def measure_summary(path: Path, year: int, repeat: int) -> None:
    database = open_database(path)
    with database.session() as session:
        count = activity_year(session, CLI_ACTOR, year).activity_count

        def read() -> object:
            return activity_year(session, CLI_ACTOR, year)

        median = timed(read, repeat)
    database.close()
    start, end = f"{year}-01-01 00:00:00", f"{year + 1}-01-01 00:00:00"
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def raw_read() -> object:
        return raw.execute(
            "SELECT a.id, a.title, a.starts_at, a.place, a.commune, a.programme_id,"
            " (SELECT sum(count) FROM beneficiary_count b WHERE b.activity_id = a.id),"
            " (SELECT sum(minutes) FROM volunteer_time v WHERE v.activity_id = a.id)"
            " FROM activity a WHERE a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at",
            (start, end),
        ).fetchall()

    bound = timed(raw_read, repeat)
    raw.close()
    line(f"year's summary ({count} activities)", median, bound)


def measure_report(path: Path, year: int, repeat: int) -> bool:
    """`report activity` in its own process, when this build has it."""
    from nassij_desktop.reports.kinds import REPORT_KINDS

    if "activity" not in REPORT_KINDS:
        print("  moral report PDF: not in this build (`report activity` is missing)")
        return False
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NASSIJ_USER": "admin",
        "NASSIJ_USER_PASSWORD": DEMO_PASSWORD,
    }
    command = [sys.executable, "-m", "nassij_desktop", "--db", str(path)]
    out = Path(tempfile.gettempdir()) / "nassij-bench" / "moral.pdf"

    cpu: list[float] = []  # the child's CPU time of each run: the figure a shared machine
    # does not inflate (its wall time waits for the other processes)

    def run(*args: str) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([*command, *args], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            sys.exit(f"nassij {' '.join(args)} failed:\n{done.stderr}")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        cpu.append(used * 1000)
        return (time.perf_counter() - started) * 1000

    bound = timed(lambda: run("--version"), repeat)
    bound_cpu = statistics.median(cpu)
    failed = False
    for lang in ("fr", "ar"):
        report = ("report", "activity", "--lang", lang, "--year", str(year), "--out", str(out))
        cpu.clear()
        median = timed(functools.partial(run, *report), repeat)
        failed |= line(f"moral report PDF ({lang})", median, bound)
        print(
            f"  {'':<32} CPU {statistics.median(cpu[1:]):7.1f} ms "
            f"(nassij --version: {bound_cpu:.1f} ms; load average {os.getloadavg()[0]:.1f})"
        )
    return failed


def measure_page(path: Path, repeat: int) -> bool:
    """The Activities page built and shown offscreen, when this build has it; lower bound:
    the raw count and first page of 100 activities, latest first."""
    if importlib.util.find_spec("nassij_desktop.ui.activities") is None:
        print("  Activities page opening: not in this build (ui/activities is missing)")
        return False
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication  # noqa: TID251

    from nassij_desktop.ui.activities.page import ActivitiesPage
    from nassij_desktop.ui.common.context import AppContext

    app = QApplication.instance() or QApplication([])
    database = open_database(path)
    context = AppContext(database, CLI_ACTOR)

    def open_page() -> None:
        page = ActivitiesPage(context)
        page.resize(1280, 760)
        page.show()
        app.processEvents()
        page.close()
        page.deleteLater()
        app.processEvents()

    median = timed(open_page, repeat)
    database.close()
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def raw_read() -> object:
        raw.execute("SELECT count(*) FROM activity").fetchone()
        return raw.execute(
            "SELECT id, title, starts_at, place FROM activity"
            " ORDER BY starts_at DESC, id DESC LIMIT 100"
        ).fetchall()

    bound = timed(raw_read, repeat)
    raw.close()
    return line("Activities page opening", median, bound)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=5000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path, year = activities_file(args.activities, args.years)
    print(
        f"{args.activities} activities over {args.years} years (and the demo's own); "
        f"the moral report of {year}, median of {args.repeat} runs after a warm-up:"
    )
    measure_summary(path, year, args.repeat)
    failed = measure_report(path, year, args.repeat)
    failed |= measure_page(path, args.repeat)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
