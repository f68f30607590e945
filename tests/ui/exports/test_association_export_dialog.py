"""File ▸ Export the association…, on a copy of the shared demo: the workbook read back with
openpyxl (its sheets and its headers in the language chosen), the folder of CSV files, the
profile as JSON, the association file refused under the destination with nothing written, a
bad mapping refused under the mapping, and a role offered only what it may export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.association.services import get_association
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.exports.association import ExportKind
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.exports.association_dialog import AssociationExportDialog
from nassij_desktop.ui.shell.main_window import MainWindow

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
VOLUNTEER = Actor(user_id=None, login="youssef", role=Role.VOLUNTEER)
VIEWER = Actor(user_id=None, login="driss", role=Role.VIEWER)
MEMBER_HEADERS = {
    "ar": ("النسب بالفرنسية", "الاسم بالفرنسية", "النسب", "الاسم الشخصي"),
    "fr": ("Nom", "Prénom", "Nom (arabe)", "Prénom (arabe)"),
}
FIRST_SHEETS = {"ar": ["الأعضاء", "واجبات الانخراط", "الهبات"], "fr": ["Adhérents", "Cotisations"]}

pytestmark = [pytest.mark.gui]


@pytest.fixture
def demo(demo_file) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    database = open_database(demo_file(members=60, seed=3))
    yield database
    database.close()


def _dialog(qtbot: QtBot, demo: Database, actor: Actor = SECRETARY) -> AssociationExportDialog:
    dialog = AssociationExportDialog(AppContext(demo, actor))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _export(qtbot: QtBot, dialog: AssociationExportDialog, kind: ExportKind, target: Path) -> None:
    dialog.choose(kind)
    dialog.target.setText(str(target))
    assert dialog.export() is not None
    qtbot.waitUntil(lambda: dialog.exported is not None, timeout=10_000)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_workbook_in_the_interfaces_language(
    qtbot: QtBot, qapp: QApplication, demo: Database, tmp_path: Path, screens_dir: Path, lang: str
) -> None:
    apply_language(lang, qapp)
    dialog = _dialog(qtbot, demo)
    assert dialog.language.currentData() == lang  # the interface's, unless changed
    assert [k for k, b in dialog.kind_buttons.items() if b.isVisibleTo(dialog)] == list(ExportKind)
    target = tmp_path / "association.xlsx"
    _export(qtbot, dialog, ExportKind.XLSX, target)
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames[: len(FIRST_SHEETS[lang])] == FIRST_SHEETS[lang]
    assert len(book.sheetnames) == 12
    header = next(book[book.sheetnames[0]].iter_rows(values_only=True))
    assert header[1:5] == MEMBER_HEADERS[lang]
    # What was written, sheet by sheet, the path kept whole in either direction.
    text = dialog.outcome.toPlainText()
    assert f"\u2066{target}\u2069" in text
    members = "الأعضاء: 60 صفا" if lang == "ar" else "Adhérents : 60 lignes"
    assert dialog.exported is not None and dialog.exported.counts["members"] == 60
    assert text.count("\n") == 12 and members in text
    assert dialog.open_folder_button.isVisible() and dialog.folder() == tmp_path
    dialog.grab().save(str(screens_dir / f"association-export-{lang}.png"))


def test_the_csv_folder_and_the_profile(qtbot: QtBot, demo: Database, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, demo)
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    folder = tmp_path / "csv"
    _export(qtbot, dialog, ExportKind.CSV_FOLDER, folder)
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 12 and "members.csv" in names and "activities.csv" in names
    header = next(csv.reader((folder / "members.csv").open(encoding="utf-8-sig")))
    assert tuple(header[1:5]) == MEMBER_HEADERS["ar"]
    assert "12 CSV files written in the folder" in dialog.outcome.toPlainText()
    assert dialog.folder() == folder
    assert not dialog.form.isRowVisible(dialog.mapping_label)
    dialog.choose(ExportKind.PROFILE_JSON)
    assert dialog.form.isRowVisible(dialog.mapping_label)
    assert dialog.target.text() == ""  # a folder is no name for the profile's file
    profile = tmp_path / "profile.json"
    _export(qtbot, dialog, ExportKind.PROFILE_JSON, profile)
    data = json.loads(profile.read_text("utf-8"))
    with demo.session() as session:
        association = get_association(session)
    assert data["name_fr"] == association.name_fr and data["name_ar"] == association.name_ar
    assert "profile was written to" in dialog.outcome.toPlainText()


def test_the_association_file_is_refused_under_the_destination(
    qtbot: QtBot, demo: Database, tmp_path: Path
) -> None:
    assert demo.path is not None
    before = demo.path.read_bytes()
    dialog = _dialog(qtbot, demo)
    dialog.choose(ExportKind.XLSX)
    dialog.target.setText(str(demo.path))
    assert dialog.export() is not None
    error = dialog.errors.label("target")
    assert error is not None
    qtbot.waitUntil(lambda: error.isVisible(), timeout=10_000)
    assert "association file" in dialog.errors.messages()["target"]
    assert dialog.exported is None and not dialog.open_folder_button.isVisible()
    assert demo.path.read_bytes() == before
    assert not any("partial" in p.name for p in demo.path.parent.iterdir())
    # A mapping naming a field the profile does not have: under the mapping, nothing written.
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"denomination": "x"}', "utf-8")
    dialog.choose(ExportKind.PROFILE_CSV)
    dialog.mapping.setText(str(mapping))
    dialog.target.setText(str(tmp_path / "profile.csv"))
    assert dialog.export() is not None
    qtbot.waitUntil(lambda: "mapping" in dialog.errors.messages(), timeout=10_000)
    assert "denomination" in dialog.errors.messages()["mapping"]
    assert not (tmp_path / "profile.csv").exists()


def test_a_role_is_offered_only_what_it_may_export(qtbot: QtBot, demo: Database) -> None:
    volunteer = _dialog(qtbot, demo, VOLUNTEER)
    shown = [k for k, b in volunteer.kind_buttons.items() if b.isVisibleTo(volunteer)]
    assert shown == [ExportKind.XLSX, ExportKind.CSV_FOLDER]  # no board, no funding
    assert volunteer.sheet_names.text() == "Members, Activities"
    viewer = _dialog(qtbot, demo, VIEWER)
    assert all(b.isVisibleTo(viewer) for b in viewer.kind_buttons.values())
    assert viewer.sheet_names.text().count(",") == 11
    window = MainWindow(AppContext(demo, VOLUNTEER, ""))
    qtbot.addWidget(window)
    assert window.export_action.isVisible() and window.export_action in window.file_menu.actions()
    window.export_action.trigger()
    opened = window.findChildren(AssociationExportDialog)
    assert len(opened) == 1 and opened[0].parent() is window
    opened[0].reject()
