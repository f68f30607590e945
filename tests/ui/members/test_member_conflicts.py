"""Two people edit the same member: the second save opens the conflict dialog, which shows
what differs (typed here, saved by the other person) and reloads theirs, saves over it once
confirmed, or lets the user keep editing."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.conflicts import OVERWRITE_ACTION
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.core.members.services import (
    MemberData,
    create_member,
    get_member,
    update_member,
)
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog

pytestmark = [pytest.mark.gui]
SECRETARY = Actor(user_id=None, login="amina", role=Role.SECRETARY)
PRESIDENT = Actor(user_id=None, login="hassan", role=Role.ADMIN)


@pytest.fixture
def khadija(database: Database) -> int:
    with database.transaction() as session:
        return create_member(
            session,
            SECRETARY,
            MemberData(
                last_name_ar="الإدريسي",
                first_name_ar="خديجة",
                last_name_lat="El Idrissi",
                first_name_lat="Khadija",
                phone="0612345678",
                city="Tiznit",
                join_date=dt.date(2024, 1, 10),
            ),
        ).id


def _edited_meanwhile(qtbot, database: Database, khadija: int, open_page):  # type: ignore[no-untyped-def]
    """The member form open, the city typed; then the president saves another city."""
    page = open_page(database)
    page.select_row(0)
    dialog = page.edit_selected()
    dialog.line("city").setText("Agadir")
    with database.transaction() as session:  # someone else, on another PC, saves first
        update_member(session, PRESIDENT, khadija, None, city="Guelmim", profession="Médecin")
    return dialog


def test_the_conflict_shows_both_values_and_reload_puts_theirs_in_the_form(
    qtbot, database: Database, khadija: int, open_page, modal
) -> None:
    dialog = _edited_meanwhile(qtbot, database, khadija, open_page)
    shown: list[tuple[str, str, str]] = []

    def reload_theirs(widget: QWidget) -> None:
        assert isinstance(widget, ConflictDialog)
        shown.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
        assert "hassan" in widget.heading.text()
        widget.reload_button.click()

    modal.then(reload_theirs)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert modal.seen[0][0] == "Changed by someone else"
    assert shown == [("City", "Agadir", "Guelmim"), ("Profession", "—", "Médecin")]
    assert dialog.isVisible()  # still editing, now over the stored member
    assert dialog.line("city").text() == "Guelmim"
    assert dialog.line("profession").text() == "Médecin"
    with database.session() as session:
        assert get_member(session, SECRETARY, khadija).city == "Guelmim"
    dialog.line("email").setText("khadija@example.ma")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # from the new version
    assert not dialog.isVisible()
    with database.session() as session:
        saved = get_member(session, SECRETARY, khadija)
    assert (saved.city, saved.profession, saved.email) == (
        "Guelmim",
        "Médecin",
        "khadija@example.ma",
    )


def test_overwrite_with_mine_saves_the_form_once_confirmed(
    qtbot, database: Database, khadija: int, open_page, modal
) -> None:
    dialog = _edited_meanwhile(qtbot, database, khadija, open_page)
    # Clicked once the handler is over: the confirmation is a modal of its own.
    overwrite = lambda widget: QTimer.singleShot(0, widget.overwrite_button.click)  # noqa: E731
    modal.then(overwrite).press("Overwrite with mine")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [title for title, _text in modal.seen] == [
        "Changed by someone else",
        "Overwrite with mine",
    ]
    assert not dialog.isVisible()
    with database.session() as session:
        saved = get_member(session, SECRETARY, khadija)
        last = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (saved.city, saved.profession) == ("Agadir", None)  # the form as it was, whole
    assert last is not None and last.action == OVERWRITE_ACTION and last.login == "amina"
    # Ctrl+Z would put back what the other person had saved, not the form's first values.
    assert dialog.previous == {"city": "Guelmim", "profession": "Médecin"}


def test_cancel_keeps_the_form_as_typed_and_saves_nothing(
    qtbot, database: Database, khadija: int, open_page, modal
) -> None:
    dialog = _edited_meanwhile(qtbot, database, khadija, open_page)
    modal.then(lambda widget: widget.cancel_button.click())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.line("city").text() == "Agadir"
    assert "someone else" in dialog.general_error.text()
    with database.session() as session:
        assert get_member(session, SECRETARY, khadija).city == "Guelmim"
