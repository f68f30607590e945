"""Every field that holds a time, date, number, amount, phone, identity number, RIB, e-mail,
path, login or Latin text reads left to right inside a mirrored Arabic form; Arabic names and
addresses right to left in a French one. One table decides (ui/common/direction.py); this
opens every form and checks it. A time typed 15:00 used to come back as "00:15"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.services import MemberData, create_member, list_categories
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.date_edit import DateEdit
from nassij_desktop.ui.common.direction import LEFT_TO_RIGHT, RIGHT_TO_LEFT, field_direction
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.governance.convene_dialog import ConveneDialog
from nassij_desktop.ui.members.dues_dialog import DuesDialog
from nassij_desktop.ui.members.member_form import MemberFormDialog
from nassij_desktop.ui.settings.page import SettingsPage
from nassij_desktop.ui.startup.assistant import FirstRunAssistant
from nassij_desktop.ui.users.dialogs import NewUserDialog, PasswordDialog

ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
LTR, RTL = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft


@pytest.fixture
def arabic(qapp: QApplication) -> Iterator[None]:
    apply_language("ar", qapp)
    yield
    apply_language("en", qapp)


def forms(database: Database) -> dict[str, tuple[QWidget, dict[str, QWidget]]]:
    """Each form, and its fields by the name the direction table knows them by."""
    context = AppContext(database, ADMIN)
    with database.transaction() as session:
        member = create_member(
            session, ADMIN, MemberData(last_name_lat="Tazi", first_name_lat="Omar")
        )
        categories = list_categories(session, ADMIN)
    member_form = MemberFormDialog(context, member, categories)
    settings = SettingsPage(context)
    assistant = FirstRunAssistant()
    new_user = NewUserDialog(context)
    convene = ConveneDialog(context)
    return {
        "member form": (member_form, dict(member_form.editors)),
        "dues": (DuesDialog(context, member, categories), {}),
        "convene": (
            convene,
            {
                **{f"place_{lang}": convene.place.editors[lang] for lang in ("ar", "fr")},
                **{f"agenda_{lang}": convene.item_text.editors[lang] for lang in ("ar", "fr")},
            },
        ),
        "settings": (settings, dict(settings.profile.edits) | dict(settings.password.edits)),
        "assistant": (assistant, {}),  # owns its pages: kept alive with them
        "assistant profile": (assistant.profile_page, dict(assistant.profile_page.fields)),
        "assistant administrator": (assistant.admin_page, dict(assistant.admin_page.fields)),
        "new user": (new_user, {"login": new_user.login_edit}),
        "password": (PasswordDialog(context, 1, "amina", ask_current=True), {}),
    }


def test_values_read_left_to_right_in_an_arabic_form(
    qtbot: QtBot, database: Database, arabic: None
) -> None:
    checked = 0
    for title, (form, fields) in forms(database).items():
        qtbot.addWidget(form.window())
        assert form.layoutDirection() == RTL, title
        for date in form.findChildren(DateEdit):
            assert date.layoutDirection() == LTR, (title, date.objectName())
            checked += 1
        for box in form.findChildren(QAbstractSpinBox):
            assert box.layoutDirection() == LTR, (title, box.objectName(), type(box).__name__)
            checked += 1
        for edit in form.findChildren(QLineEdit):
            if edit.echoMode() != QLineEdit.EchoMode.Normal:  # passwords
                assert edit.layoutDirection() == LTR, (title, edit.objectName())
        for name, field in fields.items():
            if name in LEFT_TO_RIGHT:
                assert field.layoutDirection() == LTR, (title, name)
                checked += 1
            elif name in RIGHT_TO_LEFT:
                assert field.layoutDirection() == RTL, (title, name)
    assert checked > 25


def test_a_time_typed_in_arabic_is_the_time_meant(
    qtbot: QtBot, database: Database, arabic: None
) -> None:
    dialog = ConveneDialog(AppContext(database, ADMIN))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.starts_at.setFocus()
    dialog.starts_at.selectAll()
    qtbot.keyClicks(dialog.starts_at, "1500")
    assert dialog.starts_at.time() == QTime(15, 0)
    assert dialog.starts_at.text() == "15:00"


def test_arabic_names_read_right_to_left_in_a_french_form(qtbot: QtBot, database: Database) -> None:
    apply_language("fr")
    try:
        with database.transaction() as session:
            categories = list_categories(session, ADMIN)
        form = MemberFormDialog(AppContext(database, ADMIN), None, categories)
        qtbot.addWidget(form)
        assert form.layoutDirection() == LTR
        for name in ("last_name_ar", "first_name_ar"):
            assert form.editors[name].layoutDirection() == RTL
    finally:
        apply_language("en")


def test_a_date_editor_reads_left_to_right_by_its_type_whatever_its_field(
    qtbot: QtBot, arabic: None
) -> None:
    """The date editor is a line edit: its type decides, not a "date" field name."""
    assert "date" not in LEFT_TO_RIGHT
    editor = DateEdit()
    qtbot.addWidget(editor)
    assert editor.layoutDirection() == LTR
    for field in (None, "held_on", "join_date"):
        assert field_direction(field, editor) == LTR
    assert field_direction("held_on", QLineEdit()) is None, "a line edit follows the interface"
