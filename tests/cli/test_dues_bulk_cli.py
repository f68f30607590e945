"""`nassij dues record-bulk` and `nassij dues arrears` on a real file."""

from __future__ import annotations

import json
import sqlite3
import subprocess
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
    people = [
        ("Omar", "Tazi", "active"),
        ("Salma", "Idrissi", "youth"),
        ("Hamid", "Berrada", "active"),
        ("Nadia", "Fassi", "honorary"),
    ]
    for first, last, category in people:
        added = nassij(
            "--db", path, "members", "add", "--first-name-lat", first, "--last-name-lat", last,
            "--category", category, "--join-date", "01/02/2025",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    return path


def _state(db: str) -> tuple[int, int, int]:
    with sqlite3.connect(db) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("dues_payment", "journal_entry", "audit_log")
        )


def _page_text(path: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_a_category_run_with_its_receipts(db: str, nassij: Nassij, tmp_path: Path) -> None:
    out = tmp_path / "receipts.pdf"
    result = nassij(
        "--db", db, "dues", "record-bulk", "--year", "2026", "--category", "active",
        "--date", "02/11/2026", "--bank", "--receipts-out", str(out), "--receipts-lang", "fr",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Dues of 2026 recorded for 2 members, receipts 2026-00001 to 2026-00002, "
        "total 200.00\u00a0MAD."
    )
    assert f"{out}: 2 pages" in result.stdout
    assert "Omar Tazi" in _page_text(out, 1) and "Hamid Berrada" in _page_text(out, 2)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT sum(amount) FROM dues_payment").fetchone() == (20000,)
        assert conn.execute(
            "SELECT DISTINCT j.code FROM journal_entry e JOIN journal j ON j.id = e.journal_id"
        ).fetchall() == [("BQ",)]
    # All members now: the two paid are skipped, the honorary member left out.
    again = nassij(
        "--db", db, "dues", "record-bulk", "--year", "2026", "--all", "--date", "02/11/2026",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        "Dues of 2026 recorded for 1 member, receipt 2026-00003, total 50.00\u00a0MAD. "
        "2 members had already paid. 1 member of a category without a rate was left out."
    )
    nothing = nassij(
        "--db", db, "dues", "record-bulk", "--year", "2026", "--all",
        "--receipts-out", str(tmp_path / "none.pdf"),
    )  # fmt: skip
    assert nothing.returncode == 0, nothing.stderr
    assert nothing.stdout.splitlines() == [
        "No dues recorded for 2026. 3 members had already paid. "
        "1 member of a category without a rate was left out.",
        "No receipt to write: nothing was recorded.",
    ]
    assert not (tmp_path / "none.pdf").exists()
    assert nassij("--db", db, "check").returncode == 0


def test_a_refused_member_refuses_the_run_in_one_line(db: str, nassij: Nassij) -> None:
    before = _state(db)
    refused = nassij(
        "--db", db, "dues", "record-bulk", "--year", "2026", "--members", "000001,000004",
        "--date", "02/11/2026",
    )  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines() == [
        "nassij: amount: Member 000004: Their category has no yearly rate: give the amount."
    ]
    unknown = nassij(
        "--db", db, "dues", "record-bulk", "--year", "2026", "--members", "000001,000099",
    )  # fmt: skip
    assert unknown.returncode == 1
    assert unknown.stderr.strip() == "nassij: No member has the number 000099."
    over_the_file = nassij(
        "--db", db, "dues", "record-bulk", "--year", "2026", "--all", "--receipts-out", db,
    )  # fmt: skip
    assert over_the_file.returncode == 1 and len(over_the_file.stderr.strip().splitlines()) == 1
    assert _state(db) == before
    # Given an amount, the honorary member pays too.
    paid = nassij(
        "--db", db, "dues", "record-bulk", "--year", "2026", "--members", "000004,000001",
        "--amount", "1 200,00", "--date", "02/11/2026",
    )  # fmt: skip
    assert paid.returncode == 0, paid.stderr
    assert "total 2,400.00\u00a0MAD" in paid.stdout


def test_arrears_as_table_csv_and_json(db: str, nassij: Nassij) -> None:
    nassij(
        "--db", db, "dues", "record", "000001", "--year", "2025", "--amount", "100",
        "--date", "02/03/2025",
    )  # fmt: skip
    rows = json.loads(
        nassij("--db", db, "dues", "arrears", "--year", "2026", "--format", "json").stdout
    )
    assert [(r["number"], r["unpaid_years"], r["owed"]) for r in rows] == [
        ("000001", "2026", "100.00"),
        ("000002", "2025 2026", "100.00"),
        ("000003", "2025 2026", "200.00"),
        ("000004", "2025 2026", ""),
    ]
    table = nassij("--db", db, "dues", "arrears", "--year", "2026").stdout.splitlines()
    assert table[-1] == (
        "4 members in arrears from 2025 to 2026: 7 unpaid years, 400.00\u00a0MAD owed."
    )
    csv = nassij(
        "--db", db, "dues", "arrears", "--year", "2026", "--category", "youth", "--format", "csv"
    ).stdout.splitlines()
    assert csv == [
        "number,name,category,unpaid_years,years,owed",
        "000002,Salma Idrissi,youth,2025 2026,2,100.00",
    ]
