"""The assembly's documents in the language their recipient expects: the papers filed with the
local authority start in Arabic (the administration's language) from a French interface, the
members' papers in the interface's; each group's language can be changed."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.document_records import recent_assemblies, recent_terms
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.access.credentials import check_credentials
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.documents_dialog import DocumentsDialog
from tests.shared_files import shared_demo

pytestmark = [pytest.mark.gui]
TODAY = dt.date(2025, 6, 15)  # the Documents page's tests' demo: built once for both


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Database]:
    template = shared_demo(tmp_path_factory, members=60, seed=5, today=TODAY)
    path = tmp_path / "demo.sqlite"
    path.write_bytes(template.read_bytes())
    # Every member has the article-5 data: nothing for the declaration to ask about first.
    with contextlib.closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(
            "UPDATE member SET address = coalesce(address, '1, rue Atlas'), "
            "profession = coalesce(profession, 'Enseignant'), "
            "birth_place = coalesce(birth_place, 'Tiznit'), "
            "birth_date = coalesce(birth_date, '1980-01-01'), "
            "id_number = coalesce(id_number, 'JE12345')"
        )
    database = open_database(path)
    yield database
    database.close()


@pytest.fixture(autouse=True)
def english_after(qapp: QApplication) -> Iterator[None]:
    yield
    apply_language("en", qapp)


def _dialog(qtbot: QtBot, demo: Database) -> tuple[DocumentsDialog, int]:
    actor = check_credentials(demo, "admin", "demo-password").actor
    with demo.session() as session:
        term_id = recent_terms(session, actor)[0].id
        assembly_id = recent_assemblies(session, actor)[0].id
    dialog = DocumentsDialog(AppContext(demo, actor), assembly_id, term_id, TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, term_id


def test_from_a_french_interface_the_declaration_is_made_in_arabic(
    qtbot: QtBot, qapp: QApplication, demo: Database, tmp_path: Path
) -> None:
    apply_language("fr", qapp)
    dialog, term_id = _dialog(qtbot, demo)
    assert dialog.authority_lang.combo.currentText() == "Arabe"
    assert dialog.members_lang.combo.currentText() == "Français"
    assert dialog.authority_group.title() == "À déposer auprès de l'autorité locale"
    for kind in ("board-declaration", "board-list", "statutes-declaration", "assembly-minutes"):
        assert dialog.language(kind) == "ar"
    for kind in ("assembly-convocation", "attendance-sheet"):
        assert dialog.language(kind) == "fr"
    operation = dialog.save("board-declaration", term_id, tmp_path / "declaration.pdf")
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=60_000)
    assert dialog.last_path is not None
    text = subprocess.run(
        ["pdftotext", str(dialog.last_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    arabic = len(re.findall("[\u0600-\u06ff]", text))
    latin = len(re.findall("[A-Za-zÀ-ÿ]", text))
    assert arabic > latin, (arabic, latin)
    # French stays one choice away.
    dialog.authority_lang.select("fr")
    assert dialog.language("board-declaration") == "fr"
    assert dialog.language("assembly-convocation") == "fr"


def test_from_an_arabic_interface_every_paper_starts_in_arabic_and_french_is_chosen(
    qtbot: QtBot, qapp: QApplication, demo: Database
) -> None:
    apply_language("ar", qapp)
    dialog, _term_id = _dialog(qtbot, demo)
    assert dialog.language("board-declaration") == "ar"
    assert dialog.language("assembly-convocation") == "ar"
    dialog.members_lang.select("fr")
    assert dialog.language("assembly-convocation") == "fr"
    assert dialog.language("board-declaration") == "ar"
