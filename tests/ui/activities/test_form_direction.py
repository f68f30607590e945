"""In Arabic the activity form is mirrored, and its counts, hours, date and time still read
left to right (ui/common/direction.py), as in every form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.ui.activities.form import ActivityDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language

LTR, RTL = Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft


def test_the_arabic_form_is_mirrored_with_numbers_left_to_right(
    qtbot: QtBot, volunteer: AppContext, qapp: QApplication
) -> None:
    apply_language("ar", qapp)
    dialog = ActivityDialog(volunteer)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.isRightToLeft()
    assert dialog.title.layoutDirection() == RTL
    assert dialog.where.region.isRightToLeft()
    numbers = [dialog.date, dialog.time, dialog.volunteers.hours, *dialog.beneficiaries.chain()]
    assert all(w.layoutDirection() == LTR for w in numbers)
    assert dialog.time.text() == "09:00"
    # The age bands read from the right: the youngest band's column is the rightmost.
    spins = dialog.beneficiaries.chain()
    assert spins[0].x() > spins[1].x()
    assert dialog.windowTitle() == "تسجيل نشاط"
