"""The activity form over an activity someone else saved meanwhile: the conflict dialog shows
what differs (and only that), Reload puts the stored values in the form, Overwrite saves the
form's values knowingly and the audit log says so."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from nassij_desktop.core.activities.services import (
    ActivityRecord,
    get_activity,
    list_activities,
    update_activity,
)
from nassij_desktop.core.common.audit import AuditEntry
from nassij_desktop.core.common.conflicts import OVERWRITE_ACTION
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.ui.activities.form import ActivityDialog
from nassij_desktop.ui.common.conflict_dialog import ConflictDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language

pytestmark = [pytest.mark.gui]
OTHER = Actor(user_id=None, login="hassan", role=Role.ADMIN)  # on another computer
THEIR_PLACE = "Dar Chabab Hay Salam"


def _opened(qtbot, admin: AppContext) -> tuple[ActivityDialog, ActivityRecord]:  # type: ignore[no-untyped-def]
    with admin.database.session() as session:
        activity = next(a for a in list_activities(session, admin.actor) if a.place != THEIR_PLACE)
    dialog = ActivityDialog(admin, activity.id)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, activity


def _saved_meanwhile(admin: AppContext, activity: ActivityRecord) -> None:
    with admin.database.transaction() as session:
        update_activity(session, OTHER, activity.id, None, place=THEIR_PLACE)


def _rows(widget: QWidget, into: list[tuple[str, str, str]]) -> ConflictDialog:
    assert isinstance(widget, ConflictDialog)
    into.extend(widget.row_texts(row) for row in range(widget.table.rowCount()))
    return widget


def test_an_activity_saved_meanwhile_shows_what_differs_and_reloads_theirs(
    qtbot, admin: AppContext, modal
) -> None:
    dialog, activity = _opened(qtbot, admin)
    dialog.title.setText("Atelier de couture")
    _saved_meanwhile(admin, activity)
    shown: list[tuple[str, str, str]] = []
    modal.then(lambda widget: _rows(widget, shown).reload_button.click())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert shown == [
        ("Title", "Atelier de couture", activity.title),
        ("Place", activity.place or "—", THEIR_PLACE),
    ]
    assert dialog.isVisible()  # nothing saved: the form now shows what is stored
    assert (dialog.title.text(), dialog.place.text()) == (activity.title, THEIR_PLACE)
    with admin.database.session() as session:
        assert get_activity(session, admin.actor, activity.id).title == activity.title
    # Saved again from the reloaded form: over the version it now shows, no conflict.
    dialog.partners.setText("Commune de Tiznit")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with admin.database.session() as session:
        saved = get_activity(session, admin.actor, activity.id)
    assert (saved.place, saved.partners) == (THEIR_PLACE, "Commune de Tiznit")


def test_an_activity_saved_meanwhile_can_be_overwritten_once_confirmed(
    qtbot, admin: AppContext, modal
) -> None:
    dialog, activity = _opened(qtbot, admin)
    dialog.title.setText("Atelier de couture")
    _saved_meanwhile(admin, activity)
    shown: list[tuple[str, str, str]] = []

    def overwrite(widget: QWidget) -> None:
        # The confirmation is modal too: clicked once this handler is over.
        QTimer.singleShot(0, _rows(widget, shown).overwrite_button.click)

    modal.then(overwrite).press("Overwrite with mine")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert [field for field, _mine, _theirs in shown] == ["Title", "Place"]
    assert not dialog.isVisible()
    with admin.database.session() as session:
        saved = get_activity(session, admin.actor, activity.id)
        action = session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.entity == "activity", AuditEntry.entity_id == activity.id)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        ).one()
    assert (saved.title, saved.place) == ("Atelier de couture", activity.place)
    assert action == OVERWRITE_ACTION


def test_in_arabic_a_commune_stored_in_french_is_not_a_difference(
    qtbot, admin: AppContext, modal, qapp
) -> None:
    apply_language("ar", qapp)
    try:
        with admin.database.session() as session:
            activity = next(
                a
                for a in list_activities(session, admin.actor)
                if a.commune and a.commune.isascii() and a.place != THEIR_PLACE
            )
        dialog = ActivityDialog(admin, activity.id)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.title.setText("ورشة الخياطة")
        _saved_meanwhile(admin, activity)
        fields: list[str] = []

        def cancel(widget: QWidget) -> None:
            assert isinstance(widget, ConflictDialog)
            fields.extend(difference.field for difference in widget.differences)
            widget.cancel_button.click()

        modal.then(cancel)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert fields == ["title", "place"]
        assert dialog.title.text() == "ورشة الخياطة"  # Cancel: still editing, nothing saved
        assert dialog.general_error.text()
    finally:
        apply_language("en", qapp)
