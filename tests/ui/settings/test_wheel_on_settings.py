"""Scrolling the Settings page with the mouse wheel scrolls the page: the spin box or list the
pointer passes over keeps its value unless the user has clicked into it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.settings.page import SettingsPage

pytestmark = [pytest.mark.gui]


@pytest.fixture
def page(qtbot: QtBot, database: Database) -> SettingsPage:
    page = SettingsPage(AppContext(database, Actor(user_id=None, login="owner", role=Role.ADMIN)))
    qtbot.addWidget(page)
    page.resize(820, 500)  # shorter than the page: it scrolls
    page.show()
    qtbot.waitExposed(page)
    return page


def _turn_down(widget: QWidget) -> None:
    """One notch of the wheel, the pointer over `widget`."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y())))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_field_scrolls_the_page_and_leaves_the_value(
    page: SettingsPage,
) -> None:
    hijri = page.file_settings.hijri
    scroll = page.findChild(QScrollArea, "settings_scroll")
    assert scroll is not None
    hijri.setValue(0)
    bar = scroll.verticalScrollBar()
    bar.setValue(0)
    page.setFocus()
    _turn_down(hijri)
    assert hijri.value() == 0  # the Hijri correction untouched
    assert bar.value() > 0  # the page moved instead


def test_a_field_the_user_clicked_into_takes_the_wheel(page: SettingsPage, qtbot: QtBot) -> None:
    hijri = page.file_settings.hijri
    hijri.setValue(0)
    hijri.setFocus()
    qtbot.waitUntil(hijri.hasFocus)
    _turn_down(hijri)
    assert hijri.value() == -1
