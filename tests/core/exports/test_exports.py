"""The exports on a real demo file: the workbook read back with openpyxl (sheets, headers in
French and Arabic, real date and number cells), the CSV folder, the identity data masked for
a role that may not see it, the members list as a search shows it, the profile's mapping."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from nassij_desktop.core.common.errors import PermissionDenied, ValidationError
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Permission, Role
from nassij_desktop.core.common.progress import Cancelled, Progress
from nassij_desktop.core.exports.access import may_export_association
from nassij_desktop.core.exports.association import (
    ExportKind,
    export_association,
    export_association_csv,
    export_association_xlsx,
    exportable_kinds,
)
from nassij_desktop.core.exports.members import ExportFormat, export_members
from nassij_desktop.core.exports.profile import (
    DEFAULT_MAPPING,
    association_profile,
    load_mapping,
    write_profile_csv,
    write_profile_json,
)
from nassij_desktop.core.members.models import (
    PAYMENT_METHOD_LABELS,
    DuesPayment,
    Member,
    MemberStatus,
)
from nassij_desktop.core.members.records import MASK
from nassij_desktop.core.members.search import MemberFilter, MemberOrder, count_members
from nassij_desktop.i18n import translate_in
from nassij_desktop.storage import Database
from tests.core.conftest import DemoDatabase

VOLUNTEER = Actor(user_id=None, login="volunteer", role=Role.VOLUNTEER)
FRENCH_MEMBER_HEADERS = [
    "Numéro de membre",
    "Nom",
    "Prénom",
    "Nom (arabe)",
    "Prénom (arabe)",
    "Sexe",
    "Pièce d'identité",
    "CIN",
    "Date de naissance",
    "Lieu de naissance",
    "Nationalité",
    "Profession",
    "Adresse",
    "Adresse (arabe)",
    "Ville",
    "Téléphone",
    "E-mail",
    "Date d'adhésion",
    "Catégorie",
    "Statut",
    "Statut depuis",
    "Date du consentement",
]


@pytest.fixture
def demo(demo_database: DemoDatabase) -> Database:
    return demo_database(members=60, seed=3)


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(path, read_only=True)
    return [tuple(r) for r in book[sheet].iter_rows(values_only=True)]


def test_workbook_in_french(demo: Database, tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    with demo.session() as session:
        counts = export_association_xlsx(session, CLI_ACTOR, path, lang="fr")
        members = session.scalar(sa.select(sa.func.count()).select_from(Member))
        dues = session.scalar(sa.select(sa.func.count()).select_from(DuesPayment))
        first_dues = session.execute(
            sa.select(DuesPayment.amount, DuesPayment.paid_on, DuesPayment.method).order_by(
                DuesPayment.paid_on, DuesPayment.id
            )
        ).first()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "Adhérents",
        "Cotisations",
        "Dons",
        "Bureau",
        "Assemblées",
        "Comptes",
        "Écritures comptables",
        "Lignes d'écritures",
        "Bailleurs de fonds",
        "Demandes de financement",
        "Tranches",
        "Activités",
    ]
    assert counts["members"] == members and counts["dues"] == dues and dues
    sheet = book["Adhérents"]
    assert [c.value for c in sheet[1]] == FRENCH_MEMBER_HEADERS
    assert sheet.max_row == members + 1
    joined = sheet.cell(row=2, column=18)
    assert isinstance(joined.value, dt.datetime) and joined.is_date
    assert not book["Adhérents"].sheet_view.rightToLeft
    # Dues: the amount a number with two decimals, the day a date cell.
    amount, paid_on = book["Cotisations"]["C2"], book["Cotisations"]["D2"]
    assert first_dues is not None
    assert amount.value == float(first_dues[0]) and amount.number_format == "#,##0.00"
    assert paid_on.value.date() == first_dues[1]
    # A code in words of the sheet's language ("Virement"), not "transfer".
    method = translate_in("fr", PAYMENT_METHOD_LABELS[first_dues[2]])
    assert book["Cotisations"]["E2"].value == method != first_dues[2].value
    lines = book["Lignes d'écritures"]
    assert [c.value for c in lines[1]][4:6] == ["Débit", "Crédit"]
    assert isinstance(lines["E2"].value, int | float)


def test_workbook_in_arabic(demo: Database, tmp_path: Path) -> None:
    path = tmp_path / "all-ar.xlsx"
    with demo.session() as session:
        export_association_xlsx(session, CLI_ACTOR, path, lang="ar")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[:3] == ["الأعضاء", "واجبات الانخراط", "الهبات"]
    header = next(book["الأعضاء"].iter_rows(values_only=True))
    assert header[1:5] == ("النسب بالفرنسية", "الاسم بالفرنسية", "النسب", "الاسم الشخصي")
    assert "رقم البطاقة الوطنية" in header and "تاريخ الازدياد" in header
    full = openpyxl.load_workbook(path)
    assert full["الأعضاء"].sheet_view.rightToLeft


def test_a_volunteer_gets_their_domains_with_identity_masked(
    demo: Database, tmp_path: Path
) -> None:
    admin, volunteer = tmp_path / "admin.xlsx", tmp_path / "volunteer.xlsx"
    with demo.session() as session:
        export_association_xlsx(session, CLI_ACTOR, admin)
        counts = export_association_xlsx(session, VOLUNTEER, volunteer)
    assert set(counts) == {"members", "activities"}
    shown = _rows(admin, "Adhérents")[1:]
    masked = _rows(volunteer, "Adhérents")[1:]
    cin, birth = (
        FRENCH_MEMBER_HEADERS.index("CIN"),
        FRENCH_MEMBER_HEADERS.index("Date de naissance"),
    )
    assert any(r[cin] not in (None, MASK) for r in shown)
    assert any(r[birth] is not None for r in shown)
    assert {r[cin] for r in masked} <= {MASK, None} and MASK in {r[cin] for r in masked}
    assert {r[birth] for r in masked} == {None}
    assert [r[0] for r in masked] == [r[0] for r in shown]


def test_csv_folder(demo: Database, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    with demo.session() as session:
        counts = export_association_csv(session, CLI_ACTOR, folder, lang="fr")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{k}.csv" for k in counts)
    data = (folder / "members.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Arabic
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == FRENCH_MEMBER_HEADERS and len(rows) == counts["members"] + 1
    joined = rows[1][FRENCH_MEMBER_HEADERS.index("Date d'adhésion")]
    assert dt.date.fromisoformat(joined)
    dues = list(csv.reader((folder / "dues.csv").read_text("utf-8-sig").splitlines()))
    assert dues[1][2].count(".") == 1 and len(dues[1][2].split(".")[1]) == 2  # "150.00"


def test_members_export_applies_the_search_filter_and_order(demo: Database, tmp_path: Path) -> None:
    flt = MemberFilter(statuses=frozenset({MemberStatus.ACTIVE}))
    path = tmp_path / "active.csv"
    with demo.session() as session:
        expected = count_members(session, CLI_ACTOR, "", flt)
        total = count_members(session, CLI_ACTOR)
        count = export_members(
            session, CLI_ACTOR, "", flt, MemberOrder.NUMBER, path, ExportFormat.CSV
        )
    assert count == expected and 0 < expected < total
    rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))[1:]
    status = FRENCH_MEMBER_HEADERS.index("Statut")
    assert len(rows) == expected and {r[status] for r in rows} == {"active"}
    numbers = [r[0] for r in rows]
    assert numbers == sorted(numbers)
    # In XLSX, descending, searched by a name.
    with demo.session() as session:
        name = session.scalar(sa.select(Member.last_name_lat).where(Member.last_name_lat != ""))
        assert name
        found = count_members(session, CLI_ACTOR, name)
        xlsx = tmp_path / "found.xlsx"
        export_members(
            session, CLI_ACTOR, name, MemberFilter(), MemberOrder.NUMBER, xlsx, descending=True
        )
    rows_x = _rows(xlsx, "Adhérents")[1:]
    assert len(rows_x) == found and [r[0] for r in rows_x] == sorted(
        (r[0] for r in rows_x), reverse=True
    )


def test_profile_through_a_mapping(demo: Database, tmp_path: Path) -> None:
    with demo.session() as session:
        profile = association_profile(session, CLI_ACTOR)
    assert list(profile) == list(DEFAULT_MAPPING)
    assert profile["name_ar"] and profile["board"] and profile["funding_received"]
    assert profile["last_assembly"] is not None
    mapping_file = tmp_path / "portal.json"
    mapping_file.write_text(
        json.dumps({"name_fr": "denomination", "rib": "rib_bancaire", "board": "bureau"}),
        encoding="utf-8",
    )
    mapping = load_mapping(mapping_file)
    out = tmp_path / "profile.json"
    write_profile_json(profile, mapping, out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert list(written) == ["denomination", "rib_bancaire", "bureau"]
    assert written["denomination"] == profile["name_fr"]
    assert written["bureau"][0]["role_ar"]
    flat = tmp_path / "profile.csv"
    write_profile_csv(profile, mapping, flat)
    keys = [row[0] for row in csv.reader(flat.read_text("utf-8-sig").splitlines())]
    assert keys[:2] == ["key", "denomination"] and "bureau.1.role_fr" in keys


def test_a_mapping_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"nom": "x"}', encoding="utf-8")
    with pytest.raises(ValidationError, match="nom"):
        load_mapping(bad)
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValidationError):
        load_mapping(bad)


def test_the_profile_needs_governance_and_funding(demo: Database) -> None:
    with demo.session() as session, pytest.raises(PermissionDenied):
        association_profile(session, VOLUNTEER)


@pytest.mark.sqlite_only("the association's own file, refused as the export's target")
def test_the_service_refuses_the_association_file_and_writes_nothing(
    demo: Database, tmp_path: Path
) -> None:
    assert demo.path is not None
    before = demo.path.read_bytes()
    for kind in (ExportKind.XLSX, ExportKind.PROFILE_JSON):
        with demo.session() as session, pytest.raises(ValidationError) as refused:
            export_association(session, CLI_ACTOR, demo.path, kind)  # found from the session
        assert refused.value.field == "target" and "association file" in refused.value.message
    assert demo.path.read_bytes() == before
    assert not any("partial" in p.name for p in demo.path.parent.iterdir())
    with demo.session() as session, pytest.raises(ValidationError) as refused:
        export_association(session, CLI_ACTOR, demo.path, ExportKind.CSV_FOLDER)
    assert refused.value.field == "target"  # a file given for a folder


def test_the_service_writes_the_profile_and_stops_on_cancel(demo: Database, tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"name_fr": "denomination"}', "utf-8")
    target = tmp_path / "profile.json"
    with demo.session() as session:
        done = export_association(
            session, CLI_ACTOR, target, ExportKind.PROFILE_JSON, mapping=mapping
        )
    assert done.path == target and done.sheets == ()
    assert list(json.loads(target.read_text("utf-8"))) == ["denomination"]
    with demo.session() as session, pytest.raises(PermissionDenied):
        export_association(session, VOLUNTEER, tmp_path / "p.csv", ExportKind.PROFILE_CSV)
    progress = Progress()
    progress.cancel()
    with demo.session() as session, pytest.raises(Cancelled):
        export_association(
            session, CLI_ACTOR, tmp_path / "a.xlsx", ExportKind.XLSX, progress=progress
        )
    assert not any(p.name.startswith((".a.xlsx", "a.xlsx")) for p in tmp_path.iterdir())


@dataclasses.dataclass(frozen=True)
class _OnlyOne(Actor):
    """A role that would have only `permission` (none of ours is that narrow)."""

    permission: Permission = Permission.MEMBERS_READ

    def can(self, permission: Permission) -> bool:
        return permission is self.permission


def test_the_file_menus_light_rule_is_the_services() -> None:
    actors = [Actor(user_id=None, login=r.value, role=r) for r in Role]
    actors += [_OnlyOne(None, p.value, Role.VIEWER, p) for p in Permission]
    for actor in actors:
        assert may_export_association(actor) is bool(exportable_kinds(actor)), actor
    assert exportable_kinds(VOLUNTEER) == [ExportKind.XLSX, ExportKind.CSV_FOLDER]
