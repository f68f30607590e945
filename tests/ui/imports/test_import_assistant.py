"""The import assistant on real files and a real association file: a UTF-8 CSV with a BOM and
Arabic headers imported from the members page, a bad row shown by line and field with
nothing written, a saved mapping offered again, who is offered an import, both languages."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.imports.assistant import CHECK, MAPPING, ImportAssistant
from nassij_desktop.ui.members.page import MembersPage

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
TREASURER = Actor(user_id=None, login="karim", role=Role.TREASURER)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
SHOTS = Path("/tmp/shots/importui")

ARABIC_CSV = (
    "النسب,الاسم الشخصي,رقم البطاقة الوطنية,الهاتف,تاريخ الازدياد,Nom,Prénom,Contact\n"
    "العلوي,أحمد,AB12345,0612345678,12/03/1980,Alaoui,Ahmed,douar Ait Ali\n"
    "بناني,فاطمة,C654321,,1990-01-05,Bennani,Fatima,\n"
)
BAD_DATE_CSV = (
    "Nom;Prénom;Date de naissance;CIN\n"
    "Alaoui;Ahmed;12/03/1980;AB12345\n"
    "Bennani;Fatima;31/02/1990;C654321\n"
    "Idrissi;Souad;1985-07-14;JB998877\n"
)


@pytest.fixture(autouse=True)
def english_left_to_right(qapp: QApplication) -> Iterator[None]:
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


def _plain(text: str) -> str:
    """A label's text without its direction marks and isolates."""
    return "".join(c for c in text if c not in "\u200e\u200f\u2066\u2067\u2068\u2069")


def _members(database: Database) -> list[tuple[str, ...]]:
    assert database.path is not None
    conn = sqlite3.connect(database.path)
    try:
        return conn.execute(
            "SELECT number, last_name_ar, first_name_ar, last_name_lat, id_number, phone"
            " FROM member ORDER BY number"
        ).fetchall()
    finally:
        conn.close()


def _file(tmp_path: Path, name: str, text: str, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path


def _assistant(qtbot, database: Database, actor: Actor = SECRETARY) -> ImportAssistant:  # type: ignore[no-untyped-def]
    dialog = ImportAssistant(AppContext(database, actor))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _load(qtbot, dialog: ImportAssistant, path: Path) -> None:  # type: ignore[no-untyped-def]
    assert dialog.load(path) is not None
    qtbot.waitUntil(lambda: dialog.table is not None and dialog.next_button.isEnabled())


def _check(qtbot, dialog: ImportAssistant) -> None:  # type: ignore[no-untyped-def]
    dialog.next_button.click()
    assert dialog.step == MAPPING
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.step == CHECK)


def test_a_bom_csv_with_arabic_headers_imports_from_the_members_page(
    qtbot, database: Database, tmp_path: Path
) -> None:
    path = _file(tmp_path, "adherents.csv", ARABIC_CSV, bom=True)
    context = AppContext(database, SECRETARY)
    page = MembersPage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.import_button.isVisible() and page.model.rowCount() == 0
    announced: list[frozenset[Change]] = []
    context.signals.data_changed.connect(announced.append)
    dialog = page.open_import()
    assert isinstance(dialog, ImportAssistant)
    _load(qtbot, dialog, path)
    how = _plain(dialog.how_label.text())
    assert "utf-8-sig" in how and "comma" in how and "line 1" in how and "2 rows" in how
    # The headers' guesses: the Arabic names to the Arabic fields, an unknown column left out.
    chosen = {c: dialog.field_combo(c).currentData() for c in dialog.table.columns}  # type: ignore[union-attr]
    assert chosen == {
        "النسب": "last_name_ar",
        "الاسم الشخصي": "first_name_ar",
        "رقم البطاقة الوطنية": "id_number",
        "الهاتف": "phone",
        "تاريخ الازدياد": "birth_date",
        "Nom": "last_name_lat",
        "Prénom": "first_name_lat",
        "Contact": "-",
    }
    preview = dialog.preview_table
    assert preview.rowCount() == 2 and preview.columnCount() == 8  # the line + 7 fields
    assert preview.item(0, 0).text() == "2" and preview.item(1, 1).text() == "بناني"
    assert "Family name (Arabic)" in preview.horizontalHeaderItem(1).text()
    _check(qtbot, dialog)
    assert _plain(dialog.result_label.text()).count("2 members will be imported") == 1
    assert not dialog.problems_table.isVisible()
    assert _members(database) == []  # the check wrote nothing
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None)
    assert "Imported 2 members, numbers 000001 to 000002" in _plain(dialog.result_label.text())
    assert _members(database) == [
        ("000001", "العلوي", "أحمد", "Alaoui", "AB12345", "+212612345678"),
        ("000002", "بناني", "فاطمة", "Bennani", "C654321", None),
    ]
    assert frozenset({Change.MEMBERS}) in announced
    # The page refreshed on the change set and shows the count, and says what was done.
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert "2" in page.count_label.text()
    assert "2 members imported." in _plain(page.message.text())
    assert not dialog.import_button.isEnabled() and not dialog.back_button.isEnabled()


def test_a_bad_row_is_shown_by_line_and_field_and_nothing_is_imported(
    qtbot, database: Database, tmp_path: Path
) -> None:
    path = _file(tmp_path, "liste.csv", BAD_DATE_CSV)
    dialog = _assistant(qtbot, database)
    _load(qtbot, dialog, path)
    assert "semicolon" in _plain(dialog.how_label.text())
    _check(qtbot, dialog)
    problems = dialog.problems_table
    assert problems.isVisible() and problems.rowCount() == 1
    line, field, column, reason = (problems.item(0, c).text() for c in range(4))
    assert (line, field, column) == ("3", "Birth date", "Date de naissance")
    assert "31/02/1990" in reason or "date" in reason.lower()
    assert "1 line has a problem" in _plain(dialog.result_label.text())
    assert not dialog.import_button.isEnabled()
    assert dialog.run_import() is None  # even asked directly: nothing is written
    assert _members(database) == []
    # The report saved as CSV: the same line, field, column and reason.
    target = tmp_path / "problems.csv"
    assert dialog.save_report(target)
    with target.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows == [["Line", "Field", "Column", "Reason"], ["3", field, column, reason]]
    assert "1 problem saved to" in _plain(dialog.report_message.text())
    # Back to the columns: leaving the date out, the file checks clean.
    dialog.back_button.click()
    assert dialog.step == MAPPING
    dialog.choose_field("Date de naissance", "-")
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.step == CHECK and dialog.import_button.isEnabled())
    assert "3 members will be imported" in _plain(dialog.result_label.text())


def test_a_saved_mapping_is_offered_again(qtbot, database: Database, tmp_path: Path) -> None:
    path = _file(tmp_path, "douar.csv", ARABIC_CSV, bom=True)
    first = _assistant(qtbot, database)
    assert first.saved_names() == [] and not first.saved_combo.isEnabled()
    _load(qtbot, first, path)
    first.next_button.click()
    first.choose_field("Contact", "address")  # a column no header names
    assert first.save_mapping_as("Liste du douar")
    assert "Liste du douar" in _plain(first.saved_message.text())
    first.close()

    second = _assistant(qtbot, database)
    assert second.saved_names() == ["Liste du douar"] and second.saved_combo.isEnabled()
    _load(qtbot, second, path)
    # The file has the saved mapping's columns: it is chosen by itself, and said.
    assert second.saved_combo.currentData() == "Liste du douar"
    assert "Liste du douar" in _plain(second.how_label.text())
    assert second.field_combo("Contact").currentData() == "address"
    # Chosen back to the headers' guesses, then again from the list.
    second.choose_saved(None)
    assert second.field_combo("Contact").currentData() == "-"
    second.choose_saved("Liste du douar")
    assert second.field_combo("Contact").currentData() == "address"
    # A mapping of members is not offered for dues.
    second.kind_combo.setCurrentIndex(second.kind_combo.findData("dues"))
    assert second.saved_names() == []


def test_who_is_offered_an_import(qtbot, database: Database) -> None:
    treasurer = _assistant(qtbot, database, TREASURER)
    kinds = [treasurer.kind_combo.itemData(i) for i in range(treasurer.kind_combo.count())]
    assert kinds == ["dues"] and treasurer.kind == "dues"
    volunteer = MembersPage(AppContext(database, VOLUNTEER))
    qtbot.addWidget(volunteer)
    volunteer.show()
    assert not volunteer.import_button.isVisible()
    with pytest.raises(Exception, match="does not allow"):
        ImportAssistant(AppContext(database, VOLUNTEER))


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_every_step_in_arabic_and_french(
    qtbot, qapp: QApplication, database: Database, tmp_path: Path, lang: str
) -> None:
    apply_language(lang, qapp)
    path = _file(tmp_path, "adherents.csv", BAD_DATE_CSV)
    dialog = _assistant(qtbot, database)
    dialog.resize(900, 600)
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"step0-empty-{lang}.png"))
    _load(qtbot, dialog, path)
    expected = {"ar": ("الخطوة", "فاصلة منقوطة"), "fr": ("Étape", "point-virgule")}[lang]
    assert expected[0] in dialog.step_label.text()
    assert expected[1] in _plain(dialog.how_label.text())
    dialog.grab().save(str(SHOTS / f"step1-{lang}.png"))
    dialog.next_button.click()
    assert dialog.isRightToLeft() == (lang == "ar")
    dialog.grab().save(str(SHOTS / f"step2-{lang}.png"))
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.step == CHECK)
    assert dialog.problems_table.rowCount() == 1
    dialog.grab().save(str(SHOTS / f"step3-{lang}.png"))
    header = dialog.problems_table.horizontalHeaderItem(0).text()
    assert header == {"ar": "السطر", "fr": "Ligne"}[lang]
