"""BaseDialog: a dialog follows a language switch and remembers its size on this computer."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.errors import ValidationError
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.records import MemberRecord
from nassij_desktop.core.members.services import MemberData, create_member, get_member
from nassij_desktop.i18n import _
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.base_dialog import TITLE_BAR, BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.members.status_dialog import StatusDialog

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)


@pytest.fixture
def member(database: Database) -> MemberRecord:
    with database.transaction() as session:
        created = create_member(
            session,
            SECRETARY,
            MemberData(
                last_name_ar="الإدريسي",
                first_name_ar="خديجة",
                last_name_lat="El Idrissi",
                first_name_lat="Khadija",
                join_date=dt.date(2024, 1, 10),
            ),
        )
        return get_member(session, SECRETARY, created.id)


def _open(qtbot: QtBot, database: Database, member: MemberRecord) -> StatusDialog:
    dialog = StatusDialog(AppContext(database, SECRETARY), member)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_an_open_dialog_follows_a_language_switch(
    qtbot: QtBot, qapp: QApplication, database: Database, member: MemberRecord, lang: str
) -> None:
    dialog = _open(qtbot, database, member)
    assert dialog.windowTitle() == "Change the status"
    assert dialog.cancel_button.text() == "Cancel"
    apply_language(lang, qapp)
    assert dialog.windowTitle() == _("Change the status") != "Change the status"
    assert dialog.cancel_button.text() == _("Cancel") != "Cancel"
    # The date editor inside follows too, and stays left to right.
    # Its pattern in the reader's words ("jj/mm/aaaa", "يوم/شهر/سنة"), kept left to right with
    # each word apart, so that in Arabic the day's word sits at the left, over the day's digits.
    placeholder = dialog.date.placeholderText()
    assert placeholder.startswith("\u2066") and placeholder.endswith("\u2069")
    assert placeholder.strip("\u2066\u2069").replace("\u200e", "") == _("dd/mm/yyyy")
    assert _("dd/mm/yyyy") != "dd/mm/yyyy"
    assert dialog.date.layoutDirection().name == "LeftToRight"


def test_the_size_is_remembered_from_one_opening_to_the_next(
    qtbot: QtBot, database: Database, member: MemberRecord
) -> None:
    first = _open(qtbot, database, member)
    default = first.size()
    wanted = QSize(default.width() + 137, default.height() + 91)
    first.resize(wanted)
    qtbot.waitUntil(lambda: first.size() == wanted)
    first.reject()
    assert not first.isVisible()

    second = _open(qtbot, database, member)
    assert second.size() == wanted
    second.reject()


def test_the_date_editor_reads_typed_dates_and_says_what_is_wrong(qtbot: QtBot) -> None:
    editor = DateEdit(None, dt.date(2025, 3, 15))
    qtbot.addWidget(editor)
    assert editor.text() == "15/03/2025"
    assert editor.date("held_on") == dt.date(2025, 3, 15)
    editor.setText("31/02/2025")
    with pytest.raises(ValidationError) as refused:
        editor.date("held_on")
    assert refused.value.field == "held_on"
    editor.clear()
    assert editor.date("held_on") is None
    with pytest.raises(ValidationError) as missing:
        editor.date("held_on", required=True)
    assert missing.value.field == "held_on"
    menu = editor.show_calendar()  # the calendar opens on today for an empty line
    calendar = menu.findChild(type(menu.actions()[0].defaultWidget()))  # type: ignore[attr-defined]
    assert calendar is not None
    calendar.clicked.emit(calendar.selectedDate())
    assert editor.date("held_on") == clock.today()


def test_a_dialog_opens_no_larger_than_its_screen(qtbot: QtBot) -> None:
    """The voucher viewer asked for 820 pixels on an 800-pixel screen: its buttons fell off
    the bottom. A dialog opens within the screen, less room for the window's title bar."""

    class Tall(BaseDialog):
        def __init__(self) -> None:
            super().__init__()
            self.resize(QSize(5000, 4000))

    dialog = Tall()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen()
    assert screen is not None
    room = screen.availableGeometry()
    assert dialog.width() <= room.width()
    assert dialog.height() <= room.height() - TITLE_BAR
