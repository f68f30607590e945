"""`nassij activities list|add|hours|rate` on a real file: an activity typed on the command
line, found in the list and in the services; volunteer hours per member valued at the rate."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from nassij_desktop.core.activities.attachments import activity_files
from nassij_desktop.core.activities.models import AgeGroup
from nassij_desktop.core.activities.services import create_programme, get_activity
from nassij_desktop.core.common.permissions import CLI_ACTOR, Role
from nassij_desktop.core.members.models import Gender
from nassij_desktop.core.members.services import MemberData, create_member
from nassij_desktop.core.users.services import create_user
from nassij_desktop.storage import Database, open_database
from tests.conftest import Nassij

PASSWORD = "mot-de-passe-1"


@pytest.fixture
def db(database: Database) -> str:
    with database.transaction() as session:
        create_programme(session, CLI_ACTOR, "ALPHA", "محو الأمية", "Alphabétisation")
        create_member(session, CLI_ACTOR, MemberData(last_name_lat="Tazi", first_name_lat="Omar"))
        create_member(
            session,
            CLI_ACTOR,
            MemberData(last_name_ar="العلوي", first_name_ar="سعاد", gender=Gender.FEMALE),
        )
        create_user(session, CLI_ACTOR, "admin", "Admin", PASSWORD, Role.ADMIN)
        create_user(session, CLI_ACTOR, "benevole", "Bénévole", PASSWORD, Role.VOLUNTEER)
    path = str(database.path)
    database.close()
    return path


def _as(login: str) -> dict[str, str]:
    return {"NASSIJ_USER": login, "NASSIJ_USER_PASSWORD": PASSWORD}


def _add(nassij: Nassij, db: str, login: str, *extra: str) -> str:
    result = nassij("--db", db, "activities", "add", *extra, env=_as(login))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_an_activity_added_by_a_volunteer_is_listed_with_its_counts(
    nassij: Nassij, db: str
) -> None:
    said = _add(
        nassij, db, "benevole",
        "--title", "Cours d'alphabétisation", "--programme", "alpha", "--kind", "training",
        "--date", "14/03/2026", "--time", "09:30", "--end-time", "12:00",
        "--place", "Dar Chabab", "--region", "9", "--province", "Tiznit", "--commune", "Tiznit",
        "--beneficiaries", "f:25-59=12, m:0-14=5", "--beneficiaries", "f:25-59=3",
        "--volunteer", "000001:2.5", "--volunteer", "000002:1:15",
    )  # fmt: skip
    assert said == "Activity 1 logged.\n"
    database = open_database(db)
    try:
        with database.session() as session:
            record = get_activity(session, CLI_ACTOR, 1)
    finally:
        database.close()
    assert record.beneficiaries == (
        (Gender.MALE, AgeGroup.CHILD, 5),
        (Gender.FEMALE, AgeGroup.ADULT, 15),
    )
    assert record.volunteer_minutes == 150 + 75
    assert (record.starts_at.hour, record.ends_at and record.ends_at.hour) == (9, 12)
    listed = nassij("--db", db, "activities", "list", "--format", "json", env=_as("benevole"))
    assert json.loads(listed.stdout) == [
        {
            "id": "1", "date": "2026-03-14", "time": "09:30", "title": "Cours d'alphabétisation",
            "programme": "ALPHA", "kind": "training", "place": "Dar Chabab, Tiznit, Tiznit",
            "region": "09", "beneficiaries": "20", "volunteer_hours": "3.75", "cost": "",
            "partners": "",
        }
    ]  # fmt: skip
    table = nassij("--db", db, "--lang", "fr", "activities", "list", env=_as("benevole"))
    assert "14/03/2026" in table.stdout and "Alphabétisation" in table.stdout
    assert "3,75" in table.stdout


def test_the_list_filters_by_dates_and_programme(nassij: Nassij, db: str) -> None:
    for day, programme in (("10/01/2026", ()), ("10/02/2026", ("--programme", "ALPHA"))):
        _add(nassij, db, "admin", "--title", f"Sortie {day}", "--date", day, *programme)

    def ids(*options: str) -> list[str]:
        result = nassij("--db", db, "activities", "list", "--format", "csv", *options,
                        env=_as("admin"))  # fmt: skip
        assert result.returncode == 0, result.stderr
        return [row["id"] for row in csv.DictReader(io.StringIO(result.stdout))]

    assert ids() == ["2", "1"]
    assert ids("--from", "01/02/2026") == ["2"]
    assert ids("--to", "31/01/2026") == ["1"]
    assert ids("--programme", "alpha") == ["2"]
    unknown = nassij("--db", db, "activities", "list", "--programme", "X", env=_as("admin"))
    assert unknown.returncode == 1
    assert (
        unknown.stderr == "nassij: programme: No programme has the code X. The programmes: ALPHA.\n"
    )


@pytest.mark.parametrize(
    ("option", "field"),
    [
        (("--beneficiaries", "w:25-59=3"), "beneficiaries"),
        (("--beneficiaries", "f:30-40=3"), "beneficiaries"),
        (("--volunteer", "000001"), "volunteers"),
        (("--volunteer", "000001:beaucoup"), "volunteers"),
        (("--time", "25:00"), "starts_at"),
        (("--region", "77"), "region_code"),
        (("--project", "PRJ-X"), "project"),
    ],
)
def test_a_wrong_option_is_one_line_naming_its_field(
    nassij: Nassij, db: str, option: tuple[str, str], field: str
) -> None:
    result = nassij("--db", db, "activities", "add", "--title", "x", "--date", "01/03/2026",
                    *option, env=_as("admin"))  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(f"nassij: {field}: ") and result.stderr.count("\n") == 1
    missing = nassij("--db", db, "activities", "add", "--title", "x", "--date", "01/03/2026",
                     "--volunteer", "000404:1", env=_as("admin"))  # fmt: skip
    assert missing.stderr == "nassij: No member has the number 000404.\n"


def test_hours_per_member_valued_at_the_rate_the_secretary_sets(nassij: Nassij, db: str) -> None:
    _add(nassij, db, "benevole", "--title", "A", "--date", "01/03/2026",
         "--volunteer", "000001:2", "--volunteer", "000002:0:45")  # fmt: skip
    _add(
        nassij, db, "benevole", "--title", "B", "--date", "01/04/2026", "--volunteer", "000001:1.5"
    )
    _add(nassij, db, "benevole", "--title", "C", "--date", "01/04/2025", "--volunteer", "000002:9")
    refused = nassij("--db", db, "activities", "rate", "30", env=_as("benevole"))
    assert refused.returncode == 1 and "Volunteer" in refused.stderr
    assert nassij("--db", db, "activities", "rate", "30,00", env=_as("admin")).returncode == 0
    hours = nassij("--db", db, "activities", "hours", "--year", "2026", "--format", "json",
                   env=_as("benevole"))  # fmt: skip
    assert json.loads(hours.stdout) == [
        {"member": "000001", "name": "Omar Tazi", "activities": "2", "hours": "3.50",
         "rate": "30.00", "value": "105.00"},
        {"member": "000002", "name": "سعاد العلوي", "activities": "1", "hours": "0.75",
         "rate": "30.00", "value": "22.50"},
    ]  # fmt: skip
    table = nassij("--db", db, "--lang", "fr", "activities", "hours", "--year", "2026",
                   env=_as("admin"))  # fmt: skip
    assert table.stdout.splitlines()[-1].split() == ["Total", "3", "4,25", "30,00", "127,50"]
    said = nassij("--db", db, "--lang", "fr", "activities", "rate", env=_as("admin"))
    assert said.stdout == "Une heure de bénévolat est valorisée à 30,00 MAD.\n"


def test_partners_cost_photos_and_sheets_come_with_the_activity(
    nassij: Nassij, db: str, tmp_path: Path
) -> None:
    photo = tmp_path / "atelier.png"
    Image.new("RGB", (12, 9), "navy").save(photo, "PNG")
    sheet = tmp_path / "presence.pdf"
    sheet.write_bytes(b"%PDF-1.4\n%%EOF\n")
    said = _add(
        nassij, db, "benevole",
        "--title", "Atelier", "--date", "02/04/2026", "--partners", "Commune de Tiznit, ONDH",
        "--cost", "1 250,50", "--photo", str(photo), "--photo", str(photo),
        "--attendance", str(sheet),
    )  # fmt: skip
    assert said == "Activity 1 logged.\n3 files attached.\n"
    database = open_database(db)
    try:
        with database.session() as session:
            record = get_activity(session, CLI_ACTOR, 1)
            files = activity_files(session, CLI_ACTOR, 1)
    finally:
        database.close()
    assert (record.partners, record.cost) == ("Commune de Tiznit, ONDH", Decimal("1250.50"))
    assert [(f.role.value, f.filename) for f in files] == [
        ("photo", "atelier.png"), ("photo", "atelier.png"), ("attendance_sheet", "presence.pdf"),
    ]  # fmt: skip
    listed = nassij("--db", db, "activities", "list", "--format", "csv", env=_as("benevole"))
    row = next(csv.DictReader(io.StringIO(listed.stdout)))
    assert (row["cost"], row["partners"]) == ("1250.50", "Commune de Tiznit, ONDH")

    # A PDF given as a photo, or a negative cost: one line naming it, nothing written.
    for extra in (["--photo", str(sheet)], ["--cost", "-5"]):
        result = nassij(
            "--db", db, "--lang", "fr", "activities", "add", "--title", "Autre",
            "--date", "03/04/2026", *extra, env=_as("benevole"),
        )  # fmt: skip
        assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    listed = nassij("--db", db, "activities", "list", "--format", "json", env=_as("benevole"))
    assert [r["title"] for r in json.loads(listed.stdout)] == ["Atelier"]
