"""The funding documents on the Documents page: the agreement's report lists the requests with a
signed agreement, the SGG declaration lists the declarations of foreign receipts; the
declaration starts in Arabic whatever the association's language, and the next document goes
back to the association's; pictures of both forms in Arabic and French."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.association.services import update_association
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.foreign_declaration import recent_declarations
from nassij_desktop.core.funding.services import list_funding_requests
from nassij_desktop.storage import Database, open_database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.documents.page import DocumentsPage
from tests.shared_files import shared_demo

pytestmark = [pytest.mark.gui]
ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)


@pytest.fixture
def demo(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Database]:
    template = shared_demo(tmp_path_factory, members=30, seed=5, today=dt.date(2026, 4, 20))
    path = tmp_path / "demo.sqlite"
    path.write_bytes(template.read_bytes())
    database = open_database(path, backup_dir=tmp_path)
    yield database
    database.close()


def _page(qtbot: QtBot, database: Database) -> DocumentsPage:
    page = DocumentsPage(AppContext(database, ADMIN))
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    return page


def _listed(page: DocumentsPage) -> dict[object, str]:
    return {page.record.itemData(i): page.record.itemText(i) for i in range(page.record.count())}


def test_the_pickers_list_the_agreements_and_the_declarations(qtbot: QtBot, demo: Database) -> None:
    with demo.session() as session:
        agreements = {
            r.id: r.agreement_number
            for r in list_funding_requests(session, ADMIN)
            if r.agreement_number
        }
        declarations = {d.id for d in recent_declarations(session, ADMIN)}
    assert agreements and declarations
    page = _page(qtbot, demo)
    page.select_kind("agreement")
    listed = _listed(page)
    assert set(listed) == {None, *agreements}  # "the latest", then each agreement
    for request_id, number in agreements.items():
        assert number in listed[request_id]
    page.select_kind("foreign-funding")
    assert set(_listed(page)) == {None, *declarations}


def test_the_sgg_declaration_starts_in_arabic(qtbot: QtBot, demo: Database) -> None:
    with demo.transaction() as session:
        update_association(session, ADMIN, None, default_language="fr")
    page = _page(qtbot, demo)
    page.select_kind("agreement")
    assert page.lang.currentData() == "fr"
    page.select_kind("foreign-funding")
    assert page.lang.currentData() == "ar"
    assert page.request(Path("x.pdf")).lang == "ar"
    page.select_kind("agreement")
    assert page.lang.currentData() == "fr"  # back to the association's
    page.select_kind("foreign-funding")
    page.lang.setCurrentIndex(page.lang.findData("fr"))  # the user asks for French
    assert page.request(Path("x.pdf")).lang == "fr"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_pictures_of_the_funding_documents_forms(
    qtbot: QtBot, demo: Database, qapp: QApplication, screens_dir: Path, lang: str
) -> None:
    apply_language(lang, qapp)
    page = _page(qtbot, demo)
    for kind in ("agreement", "foreign-funding"):
        page.select_kind(kind)
        QApplication.processEvents()
        path = screens_dir / f"documents-{kind}-{lang}.png"
        assert page.grab().save(str(path))
        image = QImage(str(path))
        assert not image.isNull() and image.width() > 300, path
