"""The logical framework dialog on a real file: typed by keyboard from the requests tab (the
objective, a result, its activity with dates, its indicator), saved whole; opened again later
to type the value achieved; a bad date refused naming the result and the row; each text in
two languages, the interface's first; the dialog in Arabic mirrored, and both languages
grabbed for a look."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.funding.logframe import (
    IndicatorData,
    LogframeData,
    ResultData,
    request_logframe,
    set_request_logframe,
)
from nassij_desktop.core.funding.services import get_funding_request
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.funding.logframe_dialog import LogframeDialog
from nassij_desktop.ui.funding.page import FundingPage
from tests.ui.funding.test_funding_page import _request

pytestmark = [pytest.mark.gui]
ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
SHOTS = Path("/tmp/shots/logframe")
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def open_page(qtbot: QtBot) -> Callable[[Database], FundingPage]:
    def make(database: Database) -> FundingPage:
        page = FundingPage(AppContext(database, ADMIN))
        qtbot.addWidget(page)
        page.resize(1280, 800)
        page.show()
        qtbot.waitExposed(page)
        return page

    return make


def _activate(qtbot: QtBot, dialog: LogframeDialog) -> None:
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)


def _type_cell(qtbot: QtBot, table: QTableWidget, row: int, column: int, text: str) -> None:
    """Type into a cell as a person does: go to it, F2, the text, Tab (ASCII: QTest types
    no other key)."""
    editing = table.state() == QAbstractItemView.State.EditingState
    if not (editing and (table.currentRow(), table.currentColumn()) == (row, column)):
        table.setFocus()
        table.setCurrentCell(row, column)
        qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # to the next cell, as one goes along a row


def test_the_framework_is_typed_saved_and_its_achieved_value_typed_later(
    qtbot: QtBot, database: Database, open_page: Callable[[Database], FundingPage]
) -> None:
    request_id = _request(database)
    page = open_page(database)
    tab = page.requests
    assert tab.select_request(request_id)
    assert tab.logframe_button.isEnabled()
    dialog = tab.edit_logframe()
    assert isinstance(dialog, LogframeDialog)
    _activate(qtbot, dialog)
    qtbot.keyClicks(dialog.objective.fr, "Reduire l'illettrisme")
    dialog.objective.ar.setPlainText("محاربة الأمية")  # type: ignore[union-attr]
    dialog.beneficiaries_count.selectAll()  # over "not given"
    qtbot.keyClicks(dialog.beneficiaries_count, "60")
    qtbot.mouseClick(dialog.add_result_button, Qt.MouseButton.LeftButton)
    _type_cell(qtbot, dialog.results, 0, 0, "Des femmes lisent")  # French first (not Arabic)
    dialog.results.item(0, 1).setText("نساء يقرأن")  # type: ignore[union-attr]
    qtbot.mouseClick(dialog.add_activity_button, Qt.MouseButton.LeftButton)
    _type_cell(qtbot, dialog.activities, 0, 0, "Cours du soir")
    _type_cell(qtbot, dialog.activities, 0, 2, "01/10/2026")
    _type_cell(qtbot, dialog.activities, 0, 3, "30/06/2026")  # before the start
    qtbot.mouseClick(dialog.add_indicator_button, Qt.MouseButton.LeftButton)
    for column, text in ((0, "Femmes formees"), (2, "femmes"), (4, "0"), (5, "60")):
        _type_cell(qtbot, dialog.indicators, 0, column, text)
    assert not dialog.save()
    assert dialog.errors.messages()[""].startswith("Result 1, activity 1:")
    dialog.activities.item(0, 3).setText("30/06/2027")  # type: ignore[union-attr]
    assert dialog.save(), dialog.errors.messages()
    with database.session() as session:
        saved = request_logframe(session, ADMIN, request_id)
    assert saved is not None and saved.beneficiaries_count == 60
    assert saved.objective == Bilingual("محاربة الأمية", "Reduire l'illettrisme")
    (result,) = saved.results
    assert result.label == Bilingual("نساء يقرأن", "Des femmes lisent")
    assert [(a.label, a.starts_on, a.ends_on) for a in result.activities] == [
        (Bilingual(None, "Cours du soir"), dt.date(2026, 10, 1), dt.date(2027, 6, 30))
    ]
    assert [(i.unit, i.target, i.achieved) for i in result.indicators] == [
        (Bilingual(None, "femmes"), Decimal(60), None)
    ]

    later = tab.edit_logframe()
    assert isinstance(later, LogframeDialog)
    _activate(qtbot, later)
    assert later.indicators.item(0, 5).text() == "60"  # type: ignore[union-attr]
    assert later.results.item(0, 1).text() == "نساء يقرأن"  # type: ignore[union-attr]
    _type_cell(qtbot, later.indicators, 0, 6, "42")
    assert later.save()
    with database.session() as session:
        again = request_logframe(session, ADMIN, request_id)
    assert again is not None and again.results[0].indicators[0].achieved == Decimal(42)


def test_the_dialog_reads_right_to_left_in_arabic_its_language_first(
    database: Database, open_page: Callable[[Database], FundingPage]
) -> None:
    request_id = _request(database)
    with database.transaction() as session:
        set_request_logframe(
            session,
            ADMIN,
            request_id,
            LogframeData(
                Bilingual("محاربة الأمية", "Réduire l'illettrisme"),
                (
                    ResultData(
                        Bilingual("نساء يقرأن", "Des femmes lisent"),
                        indicators=(IndicatorData(Bilingual("نساء", None), "%", target=60),),
                    ),
                ),
            ),
        )
    SHOTS.mkdir(parents=True, exist_ok=True)
    for lang in ("fr", "ar"):
        apply_language(lang)
        page = open_page(database)
        assert page.requests.select_request(request_id)
        dialog = page.requests.edit_logframe()
        assert isinstance(dialog, LogframeDialog)
        first, other = ("محاربة الأمية", "Réduire l'illettrisme")[:: 1 if lang == "ar" else -1]
        grid = dialog.objective.layout()
        assert grid.itemAtPosition(0, 1).widget().toPlainText() == first  # type: ignore[attr-defined]
        assert grid.itemAtPosition(1, 1).widget().toPlainText() == other  # type: ignore[attr-defined]
        assert dialog.results.item(0, 0).text() == (  # type: ignore[union-attr]
            "نساء يقرأن" if lang == "ar" else "Des femmes lisent"
        )
        header = dialog.indicators.horizontalHeaderItem(0).text()  # type: ignore[union-attr]
        assert header == {"fr": "Indicateur (Français)", "ar": "المؤشر (العربية)"}[lang]
        assert dialog.indicators.item(0, 0).text() == ("نساء" if lang == "ar" else "")  # type: ignore[union-attr]
        dialog.add_result()
        dialog.add_activity()
        dialog.add_indicator()
        expected = (
            Qt.LayoutDirection.RightToLeft if lang == "ar" else Qt.LayoutDirection.LeftToRight
        )
        assert dialog.layoutDirection() == expected
        assert (
            dialog.save_button.text()
            == {
                "fr": "Enregistrer le cadre logique",
                "ar": "حفظ الإطار المنطقي",
            }[lang]
        )
        dialog.resize(900, 640)
        dialog.grab().save(str(SHOTS / f"logframe-{lang}.png"))
        dialog.reject()


def test_a_result_moved_or_removed_takes_its_activities_each_cell_in_its_language(
    qtbot: QtBot, qapp: QApplication, database: Database
) -> None:
    """In Arabic: two results typed, each with its activity; Ctrl+Down in the results moves
    the first below the second with its activity and indicator, Ctrl+Down in the activities
    moves an activity only; Ctrl+Delete removes a result and its tables; the Arabic cells
    (first) are saved as Arabic, the French ones as French."""
    apply_language("ar", qapp)
    request_id = _request(database)
    with database.session() as session:
        request = get_funding_request(session, ADMIN, request_id)
    dialog = LogframeDialog(AppContext(database, ADMIN), request, None)
    qtbot.addWidget(dialog)
    dialog.show()
    _activate(qtbot, dialog)
    qtbot.keyClicks(dialog.objective.fr, "Lire")
    for n in (1, 2, 3):
        qtbot.mouseClick(dialog.add_result_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        dialog.results.item(n - 1, 0).setText(f"نتيجة {n}")  # type: ignore[union-attr]
        _type_cell(qtbot, dialog.results, n - 1, 1, f"Resultat {n}")
        dialog.results.setCurrentCell(n - 1, 0)
        qtbot.mouseClick(dialog.add_activity_button, Qt.MouseButton.LeftButton)
        _type_cell(qtbot, dialog.activities, 0, 1, f"Atelier {n}")
    qtbot.mouseClick(dialog.add_indicator_button, Qt.MouseButton.LeftButton)  # the third's
    _type_cell(qtbot, dialog.indicators, 0, 1, "Lectrices")
    _type_cell(qtbot, dialog.indicators, 0, 3, "femmes")
    _type_cell(qtbot, dialog.indicators, 0, 5, "40")
    qtbot.mouseClick(dialog.add_activity_button, Qt.MouseButton.LeftButton)
    _type_cell(qtbot, dialog.activities, 1, 1, "Visite")

    dialog.activities.setFocus()
    dialog.activities.setCurrentCell(0, 1)
    qtbot.keyClick(dialog.activities, Qt.Key.Key_Down, CTRL)  # the activity, not the result
    assert [r[1] for r in dialog.activities.texts()] == ["Visite", "Atelier 3"]
    assert dialog.results.currentRow() == 2
    dialog.results.setFocus()
    dialog.results.setCurrentCell(2, 0)
    qtbot.keyClick(dialog.results, Qt.Key.Key_Up, CTRL)
    qtbot.keyClick(dialog.results, Qt.Key.Key_Up, CTRL)
    assert dialog.results.text(0, 1) == "Resultat 3" and dialog.results.currentRow() == 0
    assert [r[1] for r in dialog.activities.texts()] == ["Visite", "Atelier 3"]
    dialog.results.setCurrentCell(1, 0)
    assert [r[1] for r in dialog.activities.texts()] == ["Atelier 1"]
    assert dialog.indicators.rowCount() == 0
    qtbot.keyClick(dialog.results, Qt.Key.Key_Delete, CTRL)  # the first result, its activity
    assert [dialog.results.text(r, 1) for r in range(2)] == ["Resultat 3", "Resultat 2"]
    assert [r[1] for r in dialog.activities.texts()] == ["Atelier 2"]

    assert dialog.save(), dialog.errors.messages()
    with database.session() as session:
        saved = request_logframe(session, ADMIN, request_id)
    assert saved is not None
    assert [r.label for r in saved.results] == [
        Bilingual("نتيجة 3", "Resultat 3"),
        Bilingual("نتيجة 2", "Resultat 2"),
    ]
    assert [[a.label for a in r.activities] for r in saved.results] == [
        [Bilingual(None, "Visite"), Bilingual(None, "Atelier 3")],
        [Bilingual(None, "Atelier 2")],
    ]
    assert [[(i.label, i.unit) for i in r.indicators] for r in saved.results] == [
        [(Bilingual(None, "Lectrices"), Bilingual(None, "femmes"))],
        [],
    ]
