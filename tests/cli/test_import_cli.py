"""`nassij import members|dues` on real files; one real process killed during an import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Nassij = Callable[..., Any]  # the `nassij` fixture of tests/conftest.py


@pytest.fixture
def db(tmp_path: Path, nassij: Nassij) -> str:
    path = str(tmp_path / "assoc.sqlite")
    made = nassij(
        "--db", path, "init", "--name-ar", "جمعية الأمل", "--name-fr", "Association Al Amal",
        "--city", "Tiznit", "--region", "09",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    return path


def _count(db: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM member").fetchone()[0])


def test_import_dry_run_then_whole(db: str, nassij: Nassij, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Col A;Col B;GSM\nAlaoui;Ahmed;0612345678\nBennani;Fatima;\n")
    dry = nassij(
        "--db", db, "import", "members", str(path), "--map", "Col A=last_name",
        "--map", "Col B=first_name", "--dry-run", "--save-mapping", "ours",
    )  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert "2 lines would be imported; nothing was written" in dry.stdout
    assert _count(db) == 0
    done = nassij("--db", db, "import", "members", str(path), "--mapping", "ours")
    assert done.returncode == 0, done.stderr
    assert "Imported 2 members, numbers 000001 to 000002." in done.stdout
    assert _count(db) == 2


def test_bad_lines_exit_1_with_the_report_in_french(
    db: str, nassij: Nassij, tmp_path: Path
) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Nom,Prénom,Date de naissance\nA,B,01/01/1990\nC,D,32/01/1990\n,E,\n")
    result = nassij("--db", db, "--lang", "fr", "import", "members", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["Ligne", "Champ", "Motif"]
    assert lines[2].startswith("3 ") and "Date de naissance" in lines[2]
    assert lines[3].startswith("4 ")
    assert result.stderr.startswith("nassij: ") and "nothing was written" not in result.stderr
    assert _count(db) == 0
    as_json = nassij("--db", db, "import", "members", str(path), "--format", "json")
    report = json.loads(as_json.stdout)
    assert (report["written"], [p["line"] for p in report["problems"]]) == (False, [3, 4])


def test_usage_errors_exit_2(db: str, nassij: Nassij, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Nom,Prénom\nA,B\n")
    unknown = nassij("--db", db, "import", "members", str(path), "--map", "Nom=shoe_size")
    assert unknown.returncode == 2 and "shoe_size" in unknown.stderr
    no_column = nassij("--db", db, "import", "members", str(path), "--map", "Foo=phone")
    assert no_column.returncode == 2 and "Foo" in no_column.stderr
    missing = nassij("--db", db, "import", "members", str(tmp_path / "none.csv"))
    assert missing.returncode == 1 and "none.csv" in missing.stderr


def test_sigkill_during_an_import_leaves_all_or_nothing(db: str, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = "\n".join(f"Nom{i},Prénom{i},K{i:06d}" for i in range(6000))
    path.write_text("Nom,Prénom,CIN\n" + rows + "\n")
    env = {**os.environ, "NASSIJ_LANG": "en"}
    command = [sys.executable, "-m", "nassij_desktop", "--db", db, "import", "members", str(path)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lock = Path(db + ".lock")
    deadline = time.monotonic() + 20
    while not lock.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # polling for the write lock, not waiting a fixed time
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert _count(db) in {0, 6000}
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
