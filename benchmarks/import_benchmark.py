"""Benchmark of `nassij import members` (run on demand, never in the test suite).

    python benchmarks/import_benchmark.py [--members 10000] [--repeat 3]

Writes (in the temporary folder, `nassij-bench/`) a CSV (UTF-8, semicolons) and an XLSX of
`--members` members with French and Arabic names, CIN, phone, birth and join dates, city and
profession, then times the whole `nassij import members FILE` process on a copy of a new
association file (median of `--repeat` runs) beside its targets (CSV 2 s, XLSX 3 s) and
lower bounds: the same rows read by the csv module (the workbook: by openpyxl alone) and
inserted by raw sqlite3 into a table of the same columns, in one transaction (no checks, no
numbering, no audit); and the floor of any run of the command, a process loading what it
loads."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS_S = {"csv": 2.0, "xlsx": 3.0}
HEADERS = [
    "النسب", "الاسم الشخصي", "Nom", "Prénom", "CIN", "Téléphone", "Date de naissance",
    "Date d'adhésion", "Ville", "Profession",
]  # fmt: skip
LAST_AR = ("العلوي", "بناني", "الإدريسي", "التازي", "الفاسي", "المنصوري", "بنعلي", "الشرقاوي")
LAST_LAT = ("Alaoui", "Bennani", "Idrissi", "Tazi", "Fassi", "Mansouri", "Benali", "Cherkaoui")
FIRST_AR = ("أحمد", "فاطمة", "يوسف", "خديجة", "محمد", "سعاد", "هشام", "نادية")
FIRST_LAT = ("Ahmed", "Fatima", "Youssef", "Khadija", "Mohamed", "Souad", "Hicham", "Nadia")
CITIES = ("Tiznit", "Agadir", "Fès", "Tétouan", "Marrakech")


def rows(count: int) -> list[list[object]]:
    rng = random.Random(15)
    out = []
    for i in range(count):
        a, b = rng.randrange(8), rng.randrange(8)
        out.append([
            LAST_AR[a], FIRST_AR[b], LAST_LAT[a], FIRST_LAT[b], f"JB{i:06d}",
            f"0661{rng.randrange(10**6):06d}",
            (dt.date(1950, 1, 1) + dt.timedelta(days=i)).strftime("%d/%m/%Y"),
            "15/01/2024", CITIES[i % 5], "Enseignant",
        ])  # fmt: skip
    return out


def write_files(count: int, folder: Path) -> tuple[Path, Path]:
    data = rows(count)
    csv_path, xlsx_path = folder / f"import-{count}.csv", folder / f"import-{count}.xlsx"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADERS)
        writer.writerows(data)
    if True:
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("Adhérents")
        sheet.append(HEADERS)
        for row in data:
            sheet.append(row)
        book.save(xlsx_path)
    return csv_path, xlsx_path


def new_file(folder: Path) -> Path:
    """A copy of a new association file at the newest schema: the template is named after
    the head revision, so one left by an older version is not reused (opening it would
    migrate, and back it up, in every timed run)."""
    head = subprocess.run(
        [sys.executable, "-c",
         "from nassij_desktop.storage.migrate import head_revision; print(head_revision())"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    template = folder / f"import-template-{head}.sqlite"
    if not template.exists():
        subprocess.run(
            [sys.executable, "-m", "nassij_desktop", "--db", str(template), "init",
             "--name-ar", "جمعية", "--name-fr", "Association", "--city", "Tiznit",
             "--region", "09"],
            check=True, capture_output=True,
        )  # fmt: skip
    target = folder / "import-run.sqlite"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def time_import(path: Path, folder: Path, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        db = new_file(folder)
        before = os.times()
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "nassij_desktop", "--db", str(db), "import", "members",
             str(path)],
            capture_output=True, text=True, env={**os.environ, "NASSIJ_LANG": "en"},
        )  # fmt: skip
        walls.append(time.perf_counter() - started)
        after = os.times()
        cpus.append(after.children_user - before.children_user + after.children_system
                    - before.children_system)  # fmt: skip
        if done.returncode != 0:
            raise SystemExit((done.stdout + done.stderr)[-2000:])
    return statistics.median(walls), statistics.median(cpus)


def _raw_insert(data: list[list[object]], folder: Path) -> None:
    target = folder / "import-raw.sqlite"
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute(
        f"CREATE TABLE member (id INTEGER PRIMARY KEY, {', '.join(f'c{i}' for i in range(10))})"
    )
    with conn:
        conn.executemany(f"INSERT INTO member VALUES (NULL, {', '.join('?' * 10)})", data)
    conn.close()


def lower_bound(path: Path, folder: Path) -> float:
    """The CSV read by the csv module, inserted by raw sqlite3 (no checks, numbering, audit)."""
    started = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream, delimiter=";")
        next(reader)
        data: list[list[object]] = list(reader)  # type: ignore[arg-type]
    _raw_insert(data, folder)
    return time.perf_counter() - started


def lower_bound_xlsx(path: Path, folder: Path) -> float:
    """The workbook read by openpyxl alone (read-only, values only; its import counted: a
    process reading a workbook pays it), inserted by raw sqlite3."""
    started = time.perf_counter()
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    next(rows)
    data: list[list[object]] = [list(row) for row in rows]
    book.close()
    _raw_insert(data, folder)
    return time.perf_counter() - started


def command_floor(repeat: int) -> float:
    """A process that loads what `nassij import members` loads (Python, SQLAlchemy, the
    models) and stops: `nassij import members --help` (median of `repeat`)."""
    walls = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "nassij_desktop", "import", "members", "--help"],
            capture_output=True,
            check=True,
        )
        walls.append(time.perf_counter() - started)
    return statistics.median(walls)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.gettempdir()) / "nassij-bench"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["NASSIJ_DATA_DIR"] = str(folder / "import-data")
    csv_path, xlsx_path = write_files(args.members, folder)
    version = time.perf_counter()
    subprocess.run([sys.executable, "-m", "nassij_desktop", "--version"], capture_output=True)
    print(f"process alone (nassij --version): {time.perf_counter() - version:.2f} s")
    print(f"load average: {os.getloadavg()[0]:.2f} (on {os.cpu_count()} CPUs)")
    for kind, path in (("csv", csv_path), ("xlsx", xlsx_path)):
        wall, cpu = time_import(path, folder, args.repeat)
        target = TARGETS_S[kind]
        verdict = "ok" if wall <= target else "OVER"
        print(
            f"nassij import members, {args.members} from {kind.upper()}: {wall:.2f} s "
            f"(CPU {cpu:.2f} s; target {target:.1f} s: {verdict})"
        )
    print(f"lower bound, csv module + raw sqlite3 insert: {lower_bound(csv_path, folder):.2f} s")
    print(
        "lower bound, openpyxl read-only alone + raw sqlite3 insert: "
        f"{lower_bound_xlsx(xlsx_path, folder):.2f} s"
    )
    print(
        "floor of the command, `nassij import members --help` (Python, SQLAlchemy, models): "
        f"{command_floor(args.repeat):.2f} s"
    )
    print(f"load average: {os.getloadavg()[0]:.2f} (on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
