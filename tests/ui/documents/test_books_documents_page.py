"""The books' documents on the Documents page: listed, with a year, a free-text commentary for
the financial report and an account for the ledger; produced from the page with what was typed
in them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.documents.page import DocumentsPage
from tests.core.books.statement_books import post_two_years

pytestmark = [pytest.mark.gui]
TREASURER = Actor(user_id=None, login="tresorier", role=Role.TREASURER)
WAIT_MS = 60_000


@pytest.fixture
def page(qtbot: QtBot, database: Database) -> DocumentsPage:
    with database.transaction() as session:
        post_two_years(session)
    page = DocumentsPage(AppContext(database, TREASURER))
    qtbot.addWidget(page)
    page.show()
    return page


def test_financial_report_takes_the_commentary_typed_on_the_page(
    qtbot: QtBot, page: DocumentsPage, tmp_path: Path
) -> None:
    page.select_kind("financial")
    comment = page.fields["comment"].widget
    assert isinstance(comment, QLineEdit) and page.form.isRowVisible(comment)
    assert not page.form.isRowVisible(page.fields["account"].widget)
    comment.setText("  Une année de consolidation.  ")
    page.fields["year"].widget.setValue(2025)  # type: ignore[attr-defined]
    page.lang.setCurrentIndex(page.lang.findData("fr"))
    request = page.request(tmp_path / "x.pdf")
    assert (request.year, request.comment) == (2025, "Une année de consolidation.")
    operation = page.produce(tmp_path / "rapport")
    assert operation is not None
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_MS)
    assert page.last_path == tmp_path / "rapport.pdf"
    text = subprocess.run(
        ["pdftotext", str(page.last_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Une année de consolidation." in text


def test_ledger_of_one_account_and_empty_fields_give_none(
    page: DocumentsPage, tmp_path: Path
) -> None:
    page.select_kind("ledger")
    account = page.fields["account"].widget
    assert isinstance(account, QLineEdit) and page.form.isRowVisible(account)
    assert page.request(tmp_path / "x.pdf").account is None
    account.setText(" 5141 ")
    assert page.request(tmp_path / "x.pdf").account == "5141"
    page.select_kind("public-aid")
    assert page.form.isRowVisible(page.fields["funder"].widget)
    assert page.request(tmp_path / "x.pdf").funder is None
