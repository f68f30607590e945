"""The Documents page's form follows the documents' declarations (reports/kinds.py): every
document is listed, the rows shown are its options, each option has the editor of its type,
the request carries only what the document declares; and pictures of the page in Arabic and
French, for a person to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.i18n import _
from nassij_desktop.reports.kinds import (
    MEMBER_STATUS,
    REPORT_KINDS,
    YEAR,
    OptionType,
    RecordSort,
    ReportOption,
)
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.documents.choices import PICKERS
from nassij_desktop.ui.documents.fields import MembersField, field_for
from nassij_desktop.ui.documents.page import DocumentsPage

pytestmark = [pytest.mark.gui]
ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)


@pytest.fixture
def page(qtbot: QtBot, database: Database) -> DocumentsPage:
    page = DocumentsPage(AppContext(database, ADMIN))
    qtbot.addWidget(page)
    page.resize(1000, 560)
    page.show()
    return page


def _shown_fields(page: DocumentsPage) -> set[str]:
    shown = set()
    for name, field in page.fields.items():
        if any(page.form.isRowVisible(widget) for _label, widget in field.rows()):
            shown.add(name)
    return shown


def test_every_document_is_listed_with_the_rows_of_its_options(page: DocumentsPage) -> None:
    listed = [page.kinds.item(row).text() for row in range(page.kinds.count())]
    assert listed == [_(kind.label) for kind in REPORT_KINDS.values()]
    for name, kind in REPORT_KINDS.items():
        page.select_kind(name)
        assert page.options.title() == _(kind.label)
        expected = {o.field for o in kind.options if o.type is not OptionType.MEMBERS}
        assert _shown_fields(page) == expected, name
        # No label outside the form floats over the page.
        for label in page.findChildren(QLabel):
            if label.isVisible() and label.parentWidget() is page:
                assert page.form.indexOf(label) >= 0 or label in (page.heading,), label.text()


def test_every_sort_of_record_has_its_picker() -> None:
    about = {kind.about for kind in REPORT_KINDS.values() if kind.about is not None}
    assert about - {RecordSort.MEMBERS} <= set(PICKERS)
    assert set(PICKERS) == set(RecordSort) - {RecordSort.MEMBERS}


def test_the_request_carries_only_the_document_s_options(page: DocumentsPage) -> None:
    page.select_kind("member-register")
    page.year.setValue(2024)
    page.status.setCurrentIndex(page.status.findData("active"))
    request = page.request(Path("x.pdf"))
    assert (request.year, request.status, request.record_id) == (2024, "active", None)
    page.select_kind("board-list")
    request = page.request(Path("x.pdf"))
    assert (request.year, request.status, request.record_id) == (None, None, None)
    page.select_kind("member-card")
    assert page.request(Path("x.pdf")).year == 2024  # the same option: the same editor


def test_each_type_of_option_gets_its_editor(qtbot: QtBot, database: Database) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    context = AppContext(database, ADMIN)
    year = field_for(YEAR, parent, context)
    assert isinstance(year.widget, QSpinBox) and year.value() == clock.today().year
    status = field_for(MEMBER_STATUS, parent, context)
    status.retranslate()
    assert isinstance(status.widget, QComboBox)
    assert status.widget.itemText(0) == "All members" and status.value() is None
    # No document takes a date yet; the day one does, its form has a DateEdit.
    since = ReportOption("since", OptionType.DATE, "--since", "Since:", "since")
    date = field_for(since, parent, context)
    assert isinstance(date.widget, DateEdit) and date.value() is None
    date.widget.setText("31/01/2025")
    assert date.value() == dt.date(2025, 1, 31)
    date.widget.setText("31/02/2025")
    with pytest.raises(ValidationError):
        date.value()
    members = REPORT_KINDS["member-card"].options[1]
    assert isinstance(field_for(members, parent, context), MembersField)


def _assert_not_blank(path: Path) -> None:
    image = QImage(str(path))
    assert not image.isNull() and image.width() > 300, path
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 12, f"{path.name} looks blank"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_pictures_of_two_documents_forms(
    page: DocumentsPage, qapp: QApplication, screens_dir: Path, lang: str
) -> None:
    apply_language(lang, qapp)
    for kind in ("member-register", "dues-receipt"):
        page.select_kind(kind)
        QApplication.processEvents()
        # A combo box is as wide as its translated texts.
        assert page.status.sizeHint().width() >= page.status.fontMetrics().horizontalAdvance(
            page.status.itemText(0)
        )
        path = screens_dir / f"documents-{kind}-{lang}.png"
        assert page.grab().save(str(path))
        _assert_not_blank(path)
