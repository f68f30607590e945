"""`nassij export all|members|profile` in this process, on a demo file (signed in as its
accounts): what is written, what is said, and the refusals (exit 1, one line, nothing written)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from nassij_desktop.demo.members import DEMO_PASSWORD
from tests.conftest import Nassij

ADMIN = {"NASSIJ_USER": "admin", "NASSIJ_USER_PASSWORD": DEMO_PASSWORD}
VOLUNTEER = {"NASSIJ_USER": "benevole", "NASSIJ_USER_PASSWORD": DEMO_PASSWORD}


@pytest.fixture
def db(demo_file) -> str:  # type: ignore[no-untyped-def]
    return str(demo_file(members=60, seed=3))


def test_export_all_to_a_workbook_and_a_folder(nassij: Nassij, db: str, tmp_path: Path) -> None:
    out = tmp_path / "association.xlsx"
    result = nassij("--db", db, "export", "all", "--xlsx", str(out), "--lang", "ar", env=ADMIN)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"{out}: members 60, dues ")
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[0] == "الأعضاء" and len(book.sheetnames) == 12
    folder = tmp_path / "csv"
    result = nassij("--db", db, "export", "all", "--csv-dir", str(folder), env=VOLUNTEER)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["activities.csv", "members.csv"]
    header = next(csv.reader((folder / "members.csv").open(encoding="utf-8-sig")))
    assert header[1:3] == ["Nom", "Prénom"]  # the command's language is English: French


def test_export_members_filtered(nassij: Nassij, db: str, tmp_path: Path) -> None:
    out = tmp_path / "resigned.csv"
    listed = nassij(
        "--db", db, "members", "list", "--status", "resigned", "--format", "csv", env=ADMIN
    )
    expected = len(listed.stdout.strip().splitlines()) - 1
    result = nassij(
        "--db", db, "export", "members", "--status", "resigned", "--format", "csv",
        "--out", str(out), env=ADMIN,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))[1:]
    assert len(rows) == expected and {r[19] for r in rows} <= {"resigned"}
    word = "member" if expected == 1 else "members"
    assert result.stdout == f"{out}: {expected} {word}\n"


def test_export_profile_with_a_mapping(nassij: Nassij, db: str, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"name_ar": "nom_ar", "territorial_coverage": "couverture"}', "utf-8")
    out = tmp_path / "profile.json"
    result = nassij(
        "--db", db, "export", "profile", "--out", str(out), "--mapping", str(mapping), env=ADMIN
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert list(json.loads(out.read_text("utf-8"))) == ["nom_ar", "couverture"]
    # A mapping naming an unknown field: refused in a sentence, nothing written.
    mapping.write_text('{"denomination": "x"}', "utf-8")
    refused = tmp_path / "refused.json"
    result = nassij(
        "--db", db, "export", "profile", "--out", str(refused), "--mapping", str(mapping),
        env=ADMIN,
    )  # fmt: skip
    assert result.returncode == 1 and "denomination" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not refused.exists()
    # A volunteer may not read the board and the funding.
    result = nassij("--db", db, "export", "profile", "--out", str(refused), env=VOLUNTEER)
    assert result.returncode == 1 and not refused.exists()


def test_export_refuses_to_write_over_the_association_file(nassij: Nassij, db: str) -> None:
    result = nassij("--db", db, "export", "all", "--xlsx", db, env=ADMIN)
    assert result.returncode == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_exported_members_import_again_as_they_were(
    nassij: Nassij, db: str, tmp_path: Path, lang: str
) -> None:
    """The members sheet's headers are the importer's: a workbook exported in either language
    brings the same members into a new association file."""
    out = tmp_path / "members.xlsx"
    exported = nassij(
        "--db", db, "export", "members", "--format", "xlsx", "--out", str(out), "--lang", lang,
        env=ADMIN,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    new = str(tmp_path / "new.sqlite")
    created = nassij("--db", new, "init", "--name-fr", "Essai", "--name-ar", "تجربة")
    assert created.returncode == 0, created.stderr
    imported = nassij("--db", new, "import", "members", str(out))
    assert imported.returncode == 0, imported.stdout + imported.stderr

    def people(path: str, env: dict[str, str]) -> list[tuple[str, str, str]]:
        listed = nassij("--db", path, "members", "list", "--format", "json", env=env)
        return sorted(
            (m["name_ar"], m["name_lat"], m["city"] or "") for m in json.loads(listed.stdout)
        )

    assert people(new, {}) == people(db, ADMIN)
