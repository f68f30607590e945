"""An assembly's free text typed in Arabic and French on the real screens: the convene dialog
(place, agenda) and the assembly panel (discussions, remarks, resolutions), each language in
its own labelled editor and direction, stored in both, shown in the interface's language with
the other as fallback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.bilingual import Bilingual
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.services import (
    AssemblyData,
    convene_assembly,
    get_assembly,
    list_assemblies,
    open_session,
    record_resolution,
)
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import plain_text
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.convene_dialog import ConveneDialog
from nassij_desktop.ui.governance.page import GovernancePage

pytestmark = [pytest.mark.gui]

SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
RTL, LTR = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
TODAY = clock.today()


def type_in(editor: QLineEdit | QPlainTextEdit, text: str) -> None:
    """Text typed at the cursor (QTest cannot send Arabic key events)."""
    editor.setFocus()
    if isinstance(editor, QLineEdit):
        editor.insert(text)
    else:
        editor.insertPlainText(text)


@pytest.fixture(autouse=True)
def english_after(qapp: QApplication) -> Iterator[None]:
    yield
    apply_language("en", qapp)


def test_the_convene_dialog_takes_each_text_in_both_languages(
    qtbot, qapp: QApplication, database: Database
) -> None:
    apply_language("ar", qapp)
    dialog = ConveneDialog(AppContext(database, SECRETARY))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.layoutDirection() == RTL
    for edit in (dialog.place, dialog.item_text):
        assert edit.language_labels["ar"].text() == "العربية"
        assert edit.language_labels["fr"].text() == "الفرنسية"
        assert edit.ar.layoutDirection() == RTL and edit.fr.layoutDirection() == LTR
        # The Arabic row first, on the right of its label, as the form is mirrored.
        assert (
            edit.ar.mapTo(dialog, edit.ar.rect().topLeft()).y()
            < edit.fr.mapTo(dialog, edit.fr.rect().topLeft()).y()
        )
    type_in(dialog.place.ar, "دار الشباب")
    type_in(dialog.place.fr, "Maison des jeunes")
    type_in(dialog.item_text.ar, "التقرير الأدبي")
    type_in(dialog.item_text.fr, "Rapport moral")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    type_in(dialog.item_text.fr, "Divers")  # French only
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert [dialog.agenda.item(i).text() for i in range(2)] == ["التقرير الأدبي", "Divers"]
    # An item chosen comes back into the editors, to be completed.
    second = dialog.agenda.visualItemRect(dialog.agenda.item(1)).center()
    qtbot.mouseClick(dialog.agenda.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert dialog.item_text.fr.text() == "Divers" and dialog.item_text.ar.text() == ""
    type_in(dialog.item_text.ar, "مختلفات")
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.agenda.item(1).text() == "مختلفات"
    apply_language("fr", qapp)
    assert dialog.place.language_labels["ar"].text() == "Arabe"
    assert [dialog.agenda.item(i).text() for i in range(2)] == ["Rapport moral", "Divers"]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    with database.session() as session:
        [assembly] = list_assemblies(session, SECRETARY)
        detail = get_assembly(session, SECRETARY, assembly.id)
    assert assembly.place == Bilingual("دار الشباب", "Maison des jeunes")
    assert [i.title for i in detail.agenda] == [
        Bilingual("التقرير الأدبي", "Rapport moral"),
        Bilingual("مختلفات", "Divers"),
    ]


def test_a_place_in_neither_language_is_refused_under_the_place(
    qtbot, qapp: QApplication, database: Database
) -> None:
    apply_language("ar", qapp)
    dialog = ConveneDialog(AppContext(database, SECRETARY))
    qtbot.addWidget(dialog)
    dialog.show()
    type_in(dialog.item_text.ar, "التقرير الأدبي")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    label = dialog.errors.label("place")
    assert label is not None and label.isVisible()
    assert plain_text(label.text()) == "أدخل مكان انعقاد الجمع العام، بالعربية أو بالفرنسية."
    assert dialog.isVisible()


def test_the_panel_records_discussions_remarks_and_resolutions_in_both_languages(
    qtbot, qapp: QApplication, database: Database
) -> None:
    with database.transaction() as session:
        assembly_id = convene_assembly(
            session,
            CLI_ACTOR,
            AssemblyData(
                held_on=TODAY,
                place=Bilingual("مقر الجمعية", "Siège de l'association"),
                convened_on=TODAY - dt.timedelta(days=15),
                agenda=[Bilingual("التقرير الأدبي", "Rapport moral"), Bilingual("مختلفات", None)],
            ),
        ).id
        open_session(session, CLI_ACTOR, assembly_id)
        record_resolution(session, CLI_ACTOR, assembly_id, Bilingual("قرار بالعربية", None), 0)
    apply_language("fr", qapp)
    page = GovernancePage(AppContext(database, SECRETARY))
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentIndex(1)
    panel = page.panel
    assert "Siège de l'association" in panel.details.text()
    assert plain_text(panel.agenda.item(1).text()) == "2. مختلفات"  # no French: the Arabic
    assert panel.minutes_form.isVisible()
    # In a French window too, Arabic is typed from the right, French from the left.
    for edit in (panel.discussion, panel.notes):
        assert isinstance(edit.ar, QPlainTextEdit) and isinstance(edit.fr, QPlainTextEdit)
        assert edit.ar.document().defaultTextOption().textDirection() == RTL
        assert edit.fr.document().defaultTextOption().textDirection() == LTR
    panel.agenda.setCurrentRow(0)
    type_in(panel.discussion.ar, "نوقش التقرير")
    type_in(panel.discussion.fr, "Le rapport a été discuté")
    type_in(panel.notes.fr, "Seconde convocation")
    qtbot.mouseClick(panel.save_minutes_button, Qt.MouseButton.LeftButton)
    assert plain_text(panel.agenda.item(0).text()) == "1. Rapport moral\nLe rapport a été discuté"
    panel.tabs.setCurrentIndex(2)
    type_in(panel.resolution_text.ar, "صودق على التقرير")
    type_in(panel.resolution_text.fr, "Rapport approuvé")
    qtbot.mouseClick(panel.add_resolution_button, Qt.MouseButton.LeftButton)
    assert [plain_text(panel.resolutions.item(r, 1).text()) for r in range(2)] == [
        "قرار بالعربية",
        "Rapport approuvé",
    ]
    apply_language("ar", qapp)
    assert plain_text(panel.resolutions.item(1, 1).text()) == "صودق على التقرير"
    assert plain_text(panel.agenda.item(0).text()) == "1. التقرير الأدبي\nنوقش التقرير"
    with database.session() as session:
        detail = get_assembly(session, SECRETARY, assembly_id)
    assert detail.agenda[0].discussion == Bilingual("نوقش التقرير", "Le rapport a été discuté")
    assert detail.notes == Bilingual(None, "Seconde convocation")
    assert detail.resolutions[1].text == Bilingual("صودق على التقرير", "Rapport approuvé")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_agenda_item_placeholder_is_read_whole(
    qtbot, qapp: QApplication, database: Database, lang: str
) -> None:
    """ "Nouveau point de l'ordre du jour" was cut off: the editors take the agenda's width."""
    apply_language(lang, qapp)
    dialog = ConveneDialog(AppContext(database, SECRETARY))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    editors = list(dialog.item_text.editors.values())

    def edges(widget: QWidget) -> tuple[int, int]:
        left = widget.mapTo(dialog, widget.rect().topLeft()).x()
        return left, left + widget.width()

    # The editors reach the far edge of the agenda above them (their language's label before
    # them): no button beside them takes their width.
    qtbot.waitUntil(
        lambda: all(
            abs(max(edges(e)) - max(edges(dialog.agenda))) <= 2
            if lang == "fr"
            else abs(min(edges(e)) - min(edges(dialog.agenda))) <= 2
            for e in editors
        )
    )
    for editor in editors:
        assert isinstance(editor, QLineEdit)
        text = editor.placeholderText()
        assert text == _("New agenda item")
        # The text's width, the frame's and the text margins' (Qt's QLineEdit adds about 8 px).
        needed = editor.fontMetrics().horizontalAdvance(text) + 16
        assert editor.width() >= needed, (lang, editor.width(), needed)
