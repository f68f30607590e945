"""`nassij privacy access|anonymise|retention` in-process on the shared demo: the JSON and the
PDF of a member's data, anonymise shown then done (and refused twice), the retention preview
then applied, a volunteer refused, a PDF without its file a usage error."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.conftest import Nassij
from tests.support import DemoFile

ADMIN = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": "demo-password"}
VOLUNTEER = {"NASSIJ_USER": "benevole", "NASSIJ_USER_PASSWORD": "demo-password"}


def _gone_member(path: Path) -> tuple[str, str]:
    """A member who left and sits on no board seat: (number, Latin full name)."""
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT number, first_name_lat || ' ' || last_name_lat FROM member "
            "WHERE status IN ('resigned', 'deceased', 'excluded') "
            "AND id NOT IN (SELECT member_id FROM board_seat WHERE ends_on IS NULL) "
            "ORDER BY number LIMIT 1"
        ).fetchone()
    return row[0], row[1]


def test_access_anonymise_retention(nassij: Nassij, demo_file: DemoFile, tmp_path: Path) -> None:
    path = demo_file(members=60, seed=3)
    db = str(path)
    number, name = _gone_member(path)

    shown = nassij("--db", db, "privacy", "access", "--member", number, env=ADMIN)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["member"]["number"] == number
    assert f"{data['member']['first_name_lat']} {data['member']['last_name_lat']}" == name
    assert {"dues", "donations", "seats", "attendances", "volunteering", "audit"} <= set(data)

    out = tmp_path / "access.json"
    written = nassij("--db", db, "privacy", "access", "--member", number, "-o", str(out), env=ADMIN)
    assert written.returncode == 0 and json.loads(out.read_text("utf-8")) == data
    pdf = tmp_path / "access.pdf"
    made = nassij("--db", db, "privacy", "access", "--member", number, "--format", "pdf",
                  "--lang", "fr", "-o", str(pdf), env=ADMIN)  # fmt: skip
    assert made.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    usage = nassij("--db", db, "privacy", "access", "--member", number, "--format", "pdf",
                   env=ADMIN)  # fmt: skip
    assert usage.returncode == 2

    refused = nassij("--db", db, "privacy", "access", "--member", number, env=VOLUNTEER)
    assert refused.returncode == 1 and refused.stderr.strip()

    told = nassij("--db", db, "privacy", "anonymise", "--member", number, "--reason", "letter",
                  env=ADMIN)  # fmt: skip
    assert told.returncode == 0 and "--yes" in told.stdout
    assert (
        json.loads(nassij("--db", db, "privacy", "access", "--member", number, env=ADMIN).stdout)[
            "member"
        ]["last_name_lat"]
        == data["member"]["last_name_lat"]
    )  # nothing changed yet

    done = nassij("--db", db, "privacy", "anonymise", "--member", number, "--reason", "letter",
                  "--yes", env=ADMIN)  # fmt: skip
    assert done.returncode == 0, done.stderr
    again = nassij("--db", db, "privacy", "anonymise", "--member", number, "--reason", "letter",
                   "--yes", env=ADMIN)  # fmt: skip
    assert again.returncode == 1 and number in again.stderr
    assert nassij("--db", db, "audit", "verify", env=ADMIN).returncode == 0
    assert nassij("--db", db, "check", env=ADMIN).returncode == 0

    preview = nassij("--db", db, "privacy", "retention", "--years", "1", env=ADMIN)
    assert preview.returncode == 0
    assert number not in preview.stdout  # anonymised already: not proposed again
    listed = preview.stdout.count("\n")
    applied = nassij("--db", db, "privacy", "retention", "--years", "1", "--apply", env=ADMIN)
    assert applied.returncode == 0, applied.stderr
    after = nassij("--db", db, "privacy", "retention", "--years", "1", env=ADMIN)
    assert after.stdout.count("\n") < listed
    assert nassij("--db", db, "check", env=ADMIN).returncode == 0
