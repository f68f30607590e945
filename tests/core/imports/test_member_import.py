"""Importing members and dues (core/imports) from real CSV and XLSX files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import NassijError, PermissionDenied
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.imports.dues import import_dues
from nassij_desktop.core.imports.mapping import (
    apply_saved,
    propose_mapping,
    save_mapping,
    saved_mapping,
)
from nassij_desktop.core.imports.members import check_import, import_members
from nassij_desktop.core.imports.reading import read_table
from nassij_desktop.core.imports.report import ImportRefused
from nassij_desktop.storage import Database

ARABIC_CSV = (
    "النسب,الاسم الشخصي,رقم البطاقة الوطنية,الهاتف,تاريخ الازدياد,المهنة,Nom,Prénom\n"
    "العلوي,أحمد,AB12345,0612345678,12/03/1980,معلم,Alaoui,Ahmed\n"
    "بناني,فاطمة,C654321,,1990-01-05,,Bennani,Fatima\n"
)


def _members(database: Database) -> list[tuple[str, ...]]:
    # Raw SQL, as stored: the date as its ISO text on both backends.
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT number, last_name_ar, first_name_ar, last_name_lat, id_number, phone,"
            " CAST(birth_date AS TEXT) FROM member ORDER BY number"
        ).all()
    return [tuple(row) for row in rows]


def _import(database: Database, path: Path, **given: str) -> tuple[str, ...]:
    table = read_table(path)
    mapping = propose_mapping(table, given=given)
    with database.transaction() as session:
        return import_members(session, CLI_ACTOR, table, mapping).created


def test_utf8_bom_with_arabic_headers(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ARABIC_CSV.encode())
    table = read_table(path)
    assert (table.encoding, table.delimiter, table.header_line) == ("utf-8-sig", ",", 1)
    assert [row.line for row in table.rows] == [2, 3]
    assert _import(database, path) == ("000001", "000002")
    assert _members(database) == [
        ("000001", "العلوي", "أحمد", "Alaoui", "AB12345", "+212612345678", "1980-03-12"),
        ("000002", "بناني", "فاطمة", "Bennani", "C654321", None, "1990-01-05"),
    ]


def test_windows_1256_with_semicolons_and_a_title(database: Database, tmp_path: Path) -> None:
    text = (
        "Liste des adhérents 2024;;;\n"
        "\n"
        "النسب;الاسم الشخصي;Nom;Prénom;N° CIN;Date d'adhésion;Ville\n"
        "الإدريسي;سعاد;Idrissi;Souad;JB998877;15/01/2024;Fès\n"
        "المنصوري;هشام;Mansouri;Hicham;X123456;2024-02-01;Tétouan\n"
    )
    path = tmp_path / "windows.csv"
    path.write_bytes(text.encode("cp1256"))
    table = read_table(path)
    assert (table.encoding, table.delimiter, table.header_line) == ("windows-1256", ";", 3)
    assert table.rows[1].cells[-1] == "Tétouan"
    assert _import(database, path) == ("000001", "000002")
    assert [m[1:5] for m in _members(database)] == [
        ("الإدريسي", "سعاد", "Idrissi", "JB998877"),
        ("المنصوري", "هشام", "Mansouri", "X123456"),
    ]


def test_a_column_in_arabic_script_goes_to_the_arabic_names(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Nom,Prénom,Last name\nالعلوي,أحمد,Alaoui\nبناني,فاطمة,Bennani\n")
    mapping = propose_mapping(read_table(path))
    assert mapping.as_dict() == {
        "Nom": "last_name_ar",
        "Prénom": "first_name_ar",
        "Last name": "last_name_lat",
    }


def test_xlsx_with_dates_and_numbers(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "members.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Adhérents"
    sheet.append(["Association Al Amal"])
    sheet.append(["Last name", "First name", "Date of birth", "GSM", "E-mail", "Sexe"])
    sheet.append(["Tazi", "Omar", dt.datetime(1975, 6, 1), 661234567, "omar@example.ma", "H"])
    sheet.append(["Idrissi", "Salma", dt.date(2001, 2, 3), "0707070707", None, "F"])
    book.save(path)
    table = read_table(path)
    assert (table.kind, table.sheet, table.header_line) == ("xlsx", "Adhérents", 2)
    assert _import(database, path) == ("000001", "000002")
    rows = _members(database)
    assert rows[0][3:] == ("Tazi", None, "+212661234567", "1975-06-01")
    assert rows[1][6] == "2001-02-03"


def test_bad_rows_refuse_the_whole_file_naming_each_line(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "Nom;Prénom;Téléphone;Date de naissance;E-mail\n"
        "Alaoui;Ahmed;0612345678;12/03/1980;\n"
        "Bennani;Fatima;0612345678;31/02/1990;\n"
        ";Karim;;;\n"
        "Tazi;Omar;12;01/01/1970;omar@@example\n",
        encoding="utf-8",
    )
    table = read_table(path)
    with pytest.raises(ImportRefused) as refused, database.transaction() as session:
        import_members(session, CLI_ACTOR, table, propose_mapping(table))
    problems = [(p.line, p.field, p.column) for p in refused.value.report.problems]
    assert problems == [
        (3, "birth_date", "Date de naissance"),
        (4, "last_name_ar", None),
        (5, "phone", "Téléphone"),
        (5, "email", "E-mail"),
    ]
    assert "does not exist" in refused.value.report.problems[0].message
    assert _members(database) == []


def test_duplicates_in_the_file_and_in_the_register(database: Database, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_text("Nom,Prénom,CIN,Date de naissance\nAlaoui,Ahmed,AB1,01/01/1980\n")
    _import(database, first)
    second = tmp_path / "second.csv"
    second.write_text(
        "Nom,Prénom,CIN,Date de naissance\n"
        "Bennani,Fatima,C22,05/05/1990\n"
        "Bennani,Fatima,,05/05/1990\n"  # same person as line 2
        "Other,Person,c 22,\n"  # same CIN as line 2
        "ALAOUI,Ahmed,,01/01/1980\n"  # member 000001 by names and birth date
        "Someone,Else,ab1,\n"  # member 000001's CIN
        "Nadia,Fassi,,\n"
    )
    table = read_table(second)
    with database.session() as session:
        report = check_import(session, CLI_ACTOR, table, propose_mapping(table))
    assert [(p.line, p.duplicate) for p in report.problems] == [
        (3, True),
        (4, True),
        (5, True),
        (6, True),
    ]
    assert "line 2" in report.problems[0].message and "line 2" in report.problems[1].message
    assert "000001" in report.problems[2].message and "000001" in report.problems[3].message
    assert [row.line for row in report.accepted] == [2, 7]


def test_a_reader_may_not_import(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Nom,Prénom\nA,B\n")
    table = read_table(path)
    reader = Actor(user_id=None, login="viewer", role=Role.VIEWER)
    with pytest.raises(PermissionDenied), database.session() as session:
        check_import(session, reader, table, propose_mapping(table))


def test_saved_mapping_on_a_new_file(database: Database, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("A;B;C;D\nAlaoui;Ahmed;x;0612345678\n")
    table = read_table(path)
    assert propose_mapping(table).fields == ()
    mapping = propose_mapping(
        table, given={"A": "last_name_lat", "B": "first_name_lat", "D": "phone"}
    )
    save_mapping("association X", mapping, table)
    again = apply_saved(table, saved_mapping("association X", "members"), "members")
    assert again == mapping
    with pytest.raises(NassijError):
        saved_mapping("association X", "dues")


def test_dues_history(database: Database, tmp_path: Path) -> None:
    members = tmp_path / "m.csv"
    members.write_text("Nom,Prénom,CIN\nAlaoui,Ahmed,AB1\nBennani,Fatima,C22\n")
    _import(database, members)
    today = clock.today()
    dues = tmp_path / "dues.csv"
    dues.write_text(
        "N° adhérent;CIN;Année;Montant;Date;Mode\n"
        f"000001;;{today.year};100,00;{today:%d/%m/%Y};Espèces\n"
        f";c22;{today.year};50;{today:%d/%m/%Y};virement\n"
    )
    table = read_table(dues)
    with database.transaction() as session:
        report = import_dues(session, CLI_ACTOR, table, propose_mapping(table, "dues"))
    assert len(report.created) == 2
    # Again: both years are already recorded; nothing is written.
    with pytest.raises(ImportRefused) as refused, database.transaction() as session:
        import_dues(session, CLI_ACTOR, table, propose_mapping(table, "dues"))
    assert [(p.line, p.field) for p in refused.value.report.problems] == [
        (2, "year"),
        (3, "year"),
    ]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.lists(
                st.sampled_from(
                    ["Nom", "Prénom", "CIN", "الهاتف", "", "x", '"', "31/02/2020", "٠٦١٢", ";"]
                ),
                max_size=6,
            ),
            max_size=6,
        ).map(lambda rows: "\n".join(",".join(r) for r in rows).encode()),
    )
)
def test_any_csv_gives_a_message_or_a_report(
    database: Database, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "random.csv"
    path.write_bytes(content)
    message = ""
    try:
        table = read_table(path)
        with database.session() as session:
            report = check_import(session, CLI_ACTOR, table, propose_mapping(table))
    except NassijError as error:  # a sentence, never another exception
        message = str(error)
    if message:
        return
    assert len(report.accepted) + len(report.bad_lines) == report.rows
