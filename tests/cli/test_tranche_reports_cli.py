"""A tranche's reports from the command line (in-process): due dates set, the narrative report
sent, then the financial one, the validation refused before and recorded after; the reports
still due listed in JSON and CSV; a part not known and a validation without its author are
usage errors (exit 2)."""

from __future__ import annotations

import csv
import io

from tests.cli.test_funding_cli import ADMIN, as_json, day, db, ok, typed
from tests.conftest import Nassij

__all__ = ["db"]  # the fixture, used by name


def _received_tranche(nassij: Nassij, db: str) -> None:
    ok(nassij, db, "funders", "add", "--name-fr", "INDH Tiznit", "--acronym", "INDH",
       "--kind", "indh")  # fmt: skip
    ok(nassij, db, "requests", "add", "--funder", "indh", "--title", "Eau potable",
       "--amount", "100000", "--date", typed(day(30)))  # fmt: skip
    ok(nassij, db, "requests", "status", "1", "submitted", "--date", typed(day(28)))
    ok(nassij, db, "requests", "status", "1", "granted", "--date", typed(day(20)),
       "--amount-granted", "100000")  # fmt: skip
    ok(nassij, db, "requests", "tranche", "1", "--amount", "60000", "--due", typed(day(15)))
    ok(nassij, db, "requests", "receive", "1", "--date", typed(day(14)), "--amount", "60000")


def test_a_tranche_report_is_dated_submitted_and_validated(nassij: Nassij, db: str) -> None:
    _received_tranche(nassij, db)
    said = ok(nassij, db, "requests", "tranche-report", "1", "--narrative-due", typed(day(2)),
              "--financial-due", typed(day(0)))  # fmt: skip
    assert said.splitlines()[0] == "Reports of tranche 1 of request 1:"
    due = as_json(nassij, db, "requests", "reports-due")
    assert [(r["tranche"], r["due_on"], r["overdue"]) for r in due] == [
        ("1", day(2).isoformat(), "true" if day(2) < day(0) else "false")
    ]
    early = nassij("--db", db, "requests", "tranche-report", "1", "--validated-by", "Mme Idrissi",
                   env=ADMIN)  # fmt: skip
    assert early.returncode == 1
    assert early.stderr == "nassij: A report is validated only once it has been submitted.\n"
    ok(nassij, db, "requests", "tranche-report", "1", "--submitted", typed(day(3)),
       "--part", "narrative")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(ok(nassij, db, "requests", "reports-due",
                                              "--format", "csv"))))  # fmt: skip
    assert [(r["due_on"], r["narrative_submitted"]) for r in rows] == [
        (day(0).isoformat(), day(3).isoformat())
    ]
    said = ok(nassij, db, "requests", "tranche-report", "1", "--submitted", typed(day(1)))
    assert said.splitlines()[1:] == [
        f"  Narrative report: submitted on {typed(day(3))}",
        f"  Financial report: submitted on {typed(day(1))}",
    ]
    said = ok(nassij, db, "requests", "tranche-report", "1", "--validated-by", "Mme Idrissi",
              "--validated-on", typed(day(0)), "--notes", "Conforme")  # fmt: skip
    assert "  Validated by Mme Idrissi on " in said


def test_usage_errors_exit_2(nassij: Nassij, db: str) -> None:
    _received_tranche(nassij, db)
    part = nassij("--db", db, "requests", "tranche-report", "1", "--submitted", typed(day(0)),
                  "--part", "moral", env=ADMIN)  # fmt: skip
    assert part.returncode == 2 and "--part" in part.stderr and "narrative" in part.stderr
    notes = nassij("--db", db, "requests", "tranche-report", "1", "--notes", "x", env=ADMIN)
    assert notes.returncode == 2 and "--validated-by" in notes.stderr
