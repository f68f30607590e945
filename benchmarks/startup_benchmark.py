"""Cold start of the real application, end to end, at 1 000, 10 000 and 100 000 members.

    python benchmarks/startup_benchmark.py [--sizes 1000 10000 100000] [--repeat 3]

Runs `nassij-desktop FILE --measure-startup` (signed in as the demo's administrator, offscreen)
on demo associations made once with `nassij demo` and kept in benchmarks/out/, and prints each
figure beside its target and beside lower bounds measured in the same run: `python -c pass`,
a bare Qt window painted the same way, and a raw SQLite count of the members. The curve must
be flat: the window the user opens costs the same at any register size.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
BIN = Path(sys.executable).parent
TARGET_SECONDS = 1.5
TARGET_PEAK_MB_AT_100K = 300
ENV = {
    **os.environ,
    "QT_QPA_PLATFORM": "offscreen",
    "NASSIJ_USER": "admin",
    "NASSIJ_USER_PASSWORD": "demo-password",
}

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from nassij_desktop.process_stats import peak_rss_mb, seconds_since_process_start
start = time.perf_counter()
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 800)
class First(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            app.removeEventFilter(self)
            QTimer.singleShot(0, app.quit)
        return False
first = First()
app.installEventFilter(first)
window.show()
app.exec()
seconds, peak = seconds_since_process_start(start), peak_rss_mb()
print(f"first-paint-seconds={seconds:.3f} peak-rss-mb={peak:.0f}")
"""


def demo_file(members: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"startup-{members}.sqlite"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_name(path.name + ".making")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [BIN / "nassij", "--db", partial, "demo", "--members", str(members), "--seed", "7"],
            check=True,
            env=ENV,
            capture_output=True,
        )
        partial.rename(path)
        print(f"  (made {path.name} in {time.perf_counter() - started:.0f} s)")
    return path


def measured(command: list[str | Path]) -> tuple[float, float]:
    result = subprocess.run(command, env=ENV, capture_output=True, text=True, check=False)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("first-paint")), None)
    if result.returncode != 0 or line is None:
        raise SystemExit(f"{command}: {result.returncode}\n{result.stdout}\n{result.stderr}")
    fields = dict(part.split("=") for part in line.split())
    return float(fields["first-paint-seconds"]), float(fields["peak-rss-mb"])


def wall(command: list[str | Path]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=ENV, capture_output=True, check=True)
    return time.perf_counter() - started


def raw_count_ms(path: Path) -> float:
    started = time.perf_counter()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        conn.execute("SELECT count(*) FROM member").fetchone()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"cold start to the first painted main window (median of {args.repeat}), "
          f"load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")  # fmt: skip
    files = {size: demo_file(size) for size in args.sizes}
    # An installed application starts from compiled modules (pip and PyInstaller write them);
    # a checkout run with PYTHONDONTWRITEBYTECODE would compile ours on every start.
    import compileall

    import nassij_desktop

    compileall.compile_dir(Path(nassij_desktop.__file__).parent, quiet=1)
    python_pass = statistics.median(
        wall([sys.executable, "-c", "pass"]) for _ in range(args.repeat)
    )
    bare = [measured([sys.executable, "-c", BARE_WINDOW]) for _ in range(args.repeat)]
    bare_s = statistics.median(s for s, _ in bare)
    bare_mb = statistics.median(mb for _, mb in bare)
    print(f"lower bounds: python -c pass {python_pass:.3f} s; bare Qt window {bare_s:.3f} s, "
          f"{bare_mb:.0f} MB")  # fmt: skip
    header = (
        f"{'members':>8} {'first paint s':>14} {'target':>7} {'× bare Qt':>10} "
        f"{'peak MB':>8} {'target':>7} {'raw count ms':>13}"
    )
    print(header)
    for size, path in files.items():
        runs = [
            measured([BIN / "nassij-desktop", path, "--measure-startup"])
            for _ in range(args.repeat)
        ]
        seconds = statistics.median(s for s, _ in runs)
        peak = max(mb for _, mb in runs)
        peak_target = f"{TARGET_PEAK_MB_AT_100K}" if size >= 100_000 else "-"
        print(
            f"{size:>8} {seconds:>14.3f} {TARGET_SECONDS:>7.1f} {seconds / bare_s:>10.1f} "
            f"{peak:>8.0f} {peak_target:>7} {raw_count_ms(path):>13.2f}"
        )


if __name__ == "__main__":
    main()
