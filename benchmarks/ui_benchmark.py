"""Benchmark of the members page (run on demand, never in the test suite).

    python benchmarks/ui_benchmark.py [--members 100000] [--seed 7] [--lang ar] [--rounds 20]

Opens the MembersPage offscreen on a demo association and prints the time to open the page
(constructor, then first paint of the table) and the latency of each keystroke in the search
box, from setting the text to the table model being reset with its first page loaded (the
150 ms debounce is bypassed). The demo file is built once (~20 s at 100 000 members) and kept
in the temporary folder for later runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The page remembers column widths: keep the user's own preferences out of it.
os.environ.setdefault("NASSIJ_DATA_DIR", tempfile.mkdtemp(prefix="nassij-bench-prefs-"))

from PySide6.QtWidgets import QApplication  # noqa: TID251 - the benchmark drives the screen

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.demo.builder import build_demo
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.members.page import MembersPage

TYPING = (
    ("م", "مح", "محم", "محمد"),
    ("b", "be", "ben", "bena", "benali"),
    ("f", "fa", "fat", "fati", "fatima", "fatima z", "fatima za"),
    ("ا", "ال", "الع", "العل", "العلو", "العلوي"),
)
SECRETARY = Actor(user_id=None, login="bench", role=Role.SECRETARY)


def demo_file(members: int, seed: int, folder: Path) -> Path:
    """The cached demo file, built first if needed (to a temporary name, so that an
    interrupted build is never taken for a finished one)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"members-{members}-seed-{seed}.sqlite"
    if path.exists():
        print(f"demo file: {path} (cached)")
        return path
    partial = path.with_suffix(".part")
    partial.unlink(missing_ok=True)
    database = open_database(partial, backup_dir=folder)
    started = time.perf_counter()
    build_demo(database, members=members, seed=seed)
    database.close()
    partial.rename(path)
    print(f"demo file: {path} (built in {time.perf_counter() - started:.1f} s)")
    return path


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(len(ordered) * 0.95) - 1))]
    return statistics.median(ordered), p95


def open_page(app: QApplication, context: AppContext) -> tuple[MembersPage, float, float]:
    started = time.perf_counter()
    page = MembersPage(context)
    built = time.perf_counter()
    page.resize(1280, 760)
    page.show()
    app.processEvents()
    page.table.viewport().repaint()  # the first paint of the visible rows, synchronously
    painted = time.perf_counter()
    return page, (built - started) * 1000, (painted - started) * 1000


def type_keystrokes(
    app: QApplication, page: MembersPage, rounds: int
) -> dict[str, tuple[list[float], list[float], int]]:
    """Per search text: latencies to the reset model with its first page, the same with the
    table repainted, and the number of matches."""
    results: dict[str, tuple[list[float], list[float], int]] = {}
    for _round in range(rounds):
        for word in TYPING:
            page.search.setText("")
            page.apply_search()
            for text in word:
                started = time.perf_counter()
                page.search.setText(text)
                page.apply_search()  # what the debounce timer calls
                loaded = time.perf_counter()
                page.table.viewport().repaint()
                painted = time.perf_counter()
                assert page.model.rowCount() == 0 or page.model.loaded_rows() > 0
                model_times, paint_times, _hits = results.setdefault(text, ([], [], 0))
                model_times.append((loaded - started) * 1000)
                paint_times.append((painted - started) * 1000)
                results[text] = (model_times, paint_times, page.model.rowCount())
            app.processEvents()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lang", choices=("ar", "fr", "en"), default="ar")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--status",
        default="",
        help='status filter while typing: "current" (active or suspended), "active", …',
    )
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "nassij-bench-cache"
    )
    args = parser.parse_args()

    path = demo_file(args.members, args.seed, args.cache)
    app = QApplication.instance() or QApplication(sys.argv)
    apply_language(args.lang, app)  # type: ignore[arg-type]
    database: Database = open_database(path, upgrade=False)
    context = AppContext(database, SECRETARY)
    opened = [open_page(app, context) for _run in range(5)]
    for page, _built, _painted in opened[:-1]:
        page.close()
        page.deleteLater()
    page = opened[-1][0]
    first_built, first_painted = opened[0][1], opened[0][2]
    warm_built = statistics.median(run[1] for run in opened[1:])
    warm_painted = statistics.median(run[2] for run in opened[1:])
    print(f"\nmembers page at {page.model.rowCount()} members, language {args.lang}")
    print(
        f"open (first time): constructor {first_built:.1f} ms, first paint {first_painted:.1f} ms"
    )
    print(
        f"open (again, median of 4): constructor {warm_built:.1f} ms, "
        f"first paint {warm_painted:.1f} ms"
    )

    if args.status:
        page.filters.status.select(args.status)
        print(f"status filter: {page.filters.status.currentText()}")
    results = type_keystrokes(app, page, args.rounds)
    print(
        f"\nkeystrokes, {args.rounds} rounds each (ms: text set → model reset, first page loaded)"
    )
    print(f"{'text':<12}{'matches':>9}{'median':>9}{'p95':>9}{'+paint p95':>12}")
    every: list[float] = []
    every_painted: list[float] = []
    for text, (model_times, paint_times, hits) in results.items():
        median, p95 = percentiles(model_times)
        _median, paint_p95 = percentiles(paint_times)
        every += model_times
        every_painted += paint_times
        print(f"{text:<12}{hits:>9}{median:>9.1f}{p95:>9.1f}{paint_p95:>12.1f}")
    median, p95 = percentiles(every)
    paint_median, paint_p95 = percentiles(every_painted)
    print(f"\nall keystrokes: median {median:.1f} ms, p95 {p95:.1f} ms, max {max(every):.1f} ms")
    print(f"with the table repainted: median {paint_median:.1f} ms, p95 {paint_p95:.1f} ms")
    page.close()
    database.close()


if __name__ == "__main__":
    main()
