"""`nassij audit list|show|export|verify` in-process: the filters, one entry's fields, the
export's file, the chain check, a volunteer refused, a date that is not one a usage error."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from nassij_desktop.core.common import clock
from tests.cli.test_funding_cli import ADMIN, VOLUNTEER, as_json, db, ok
from tests.conftest import Nassij

__all__ = ["db"]  # the fixture, used by name


def test_the_log_is_listed_filtered_shown_exported_and_verified(
    nassij: Nassij, db: str, tmp_path: Path
) -> None:
    ok(nassij, db, "funders", "add", "--name-fr", "INDH Tiznit", "--acronym", "INDH",
       "--kind", "indh")  # fmt: skip
    every = as_json(nassij, db, "audit", "list")
    assert [r["id"] for r in every] == sorted((r["id"] for r in every), key=int, reverse=True)
    rows = as_json(nassij, db, "audit", "list", "--user", "AMINA", "--entity", "funder")
    assert [(r["login"], r["action"], r["entity"]) for r in rows] == [("amina", "create", "funder")]
    today = clock.today().strftime("%d/%m/%Y")
    assert as_json(nassij, db, "audit", "list", "--entity", "funder", "--since", today,
                   "--until", today) == rows  # fmt: skip
    assert as_json(nassij, db, "audit", "list", "--until", "01/01/2000") == []
    table = ok(nassij, db, "audit", "list", "--entity", "funder")
    assert "Creation" in table and "Funder" in table
    entry = rows[0]["id"]
    fields = {r["field"]: r for r in as_json(nassij, db, "audit", "show", entry)}
    assert fields["name_fr"] == {"field": "name_fr", "before": "", "after": "INDH Tiznit"}
    shown = ok(nassij, db, "audit", "show", entry)
    assert shown.startswith(f"Entry {entry}, ") and ": Creation, Funder " in shown

    out = tmp_path / "audit.csv"
    said = ok(nassij, db, "audit", "export", "--out", str(out), "--user", "amina", "--lang", "fr")
    assert said.endswith(("audit entries.\n", "audit entry.\n"))
    with out.open(encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.reader(stream))
    assert lines[0][0] == "N° d'entrée" and len(lines) > 2
    assert {line[2] for line in lines[1:]} == {"amina"}
    assert "INDH Tiznit" in lines[-1][9]

    assert ok(nassij, db, "audit", "verify").startswith("The audit log is whole: its ")
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE audit_log SET action = 'delete' WHERE id = ?", (int(entry),))
    broken = nassij("--db", db, "audit", "verify", env=ADMIN)
    assert broken.returncode == 1
    assert f"entry {entry} was altered" in broken.stdout


def test_a_volunteer_is_refused_and_a_bad_date_is_a_usage_error(nassij: Nassij, db: str) -> None:
    refused = nassij("--db", db, "audit", "list", env=VOLUNTEER)
    assert refused.returncode == 1
    assert "does not allow you to read the audit log" in refused.stderr
    bad = nassij("--db", db, "audit", "list", "--since", "31/02/2026", env=ADMIN)
    assert bad.returncode == 2 and bad.stderr.startswith("nassij: --since: ")
    too_many = nassij("--db", db, "audit", "list", "--limit", "0", env=ADMIN)
    assert too_many.returncode == 2 and "--limit" in too_many.stderr
