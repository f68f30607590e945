"""The main window: pages by role, live language switch, status bar, remembered geometry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.i18n import translate_in
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.preferences import saved_language
from nassij_desktop.ui.shell.main_window import MainWindow

pytestmark = [pytest.mark.gui]

ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
VOLUNTEER = Actor(user_id=None, login="benevole", role=Role.VOLUNTEER)


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


def _window(qtbot, database: Database, actor: Actor = ADMIN, name: str = "") -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(database, actor, name))
    qtbot.addWidget(window)
    window.show()
    return window


def _switch(qtbot, window: MainWindow, lang: str) -> None:  # type: ignore[no-untyped-def]
    window.language_actions[lang].trigger()
    # Qt posts LanguageChange to each window: deliver it before looking.
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    assert window.file_menu.title() == translate_in(lang, "&File")


def test_an_administrator_sees_every_page_and_a_volunteer_only_hers(
    qtbot, english, database: Database
) -> None:
    admin = _window(qtbot, database)
    assert admin.page_keys() == [
        "dashboard",
        "members",
        "governance",
        "activities",
        "funding",
        "books",
        "documents",
        "settings",
        "users",
        "audit",
    ]
    assert admin.navigation.item(8).text() == "Users"
    volunteer = _window(qtbot, database, VOLUNTEER, "Khadija")
    assert "users" not in volunteer.page_keys()
    assert "books" not in volunteer.page_keys() and "governance" not in volunteer.page_keys()
    assert "members" in volunteer.page_keys() and "activities" in volunteer.page_keys()
    texts = [volunteer.navigation.item(i).text() for i in range(volunteer.navigation.count())]
    assert "Users" not in texts
    assert not volunteer.restore_action.isVisible() and not volunteer.save_copy_action.isVisible()
    assert "Khadija" in volunteer.user_label.text() and "Volunteer" in volunteer.user_label.text()


def test_pages_open_from_the_list_and_with_ctrl_digits(qtbot, english, database: Database) -> None:
    window = _window(qtbot, database)
    window.navigation.setCurrentRow(1)
    assert window.current_page() is window.page("members")
    assert window.page_actions[2].shortcut().toString() == "Ctrl+3"
    window.page_actions[2].trigger()
    assert window.current_page() is window.page("governance")
    assert window.navigation.currentRow() == 2
    window.back_action.trigger()
    assert window.current_page() is window.page("members")
    window.forward_action.trigger()
    assert window.current_page() is window.page("governance")
    window.show_page("activities")
    assert window.current_page() is window.page("activities")
    assert window.navigation.currentRow() == 3


def test_the_language_menu_switches_the_window_live_and_back(
    qtbot, english, database: Database
) -> None:
    window = _window(qtbot, database)
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.windowTitle().startswith("Association Al Amal")

    _switch(qtbot, window, "fr")
    assert window.navigation.item(1).text() == translate_in("fr", "Members")
    assert window.view_menu.title() == translate_in("fr", "&View")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert saved_language() == "fr"

    _switch(qtbot, window, "ar")
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.windowTitle().startswith("جمعية الأمل")  # the Arabic name in Arabic
    assert window.navigation.item(1).text() == translate_in("ar", "Members")
    assert window.windowTitle().endswith(translate_in("ar", "Nassij Desktop"))
    assert any("\u0600" <= c <= "\u06ff" for c in translate_in("ar", "Nassij Desktop"))
    assert window.language_actions["ar"].isChecked()
    assert saved_language() == "ar"

    _switch(qtbot, window, "en")
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.file_menu.title() == "&File"
    assert window.navigation.item(1).text() == "Members"


def test_the_status_bar_names_the_file_left_to_right_the_user_and_the_year(
    qtbot, english, database: Database
) -> None:
    window = _window(qtbot, database, Actor(user_id=None, login="owner", role=Role.TREASURER))
    text = window.file_label.text()
    assert text.startswith("\u2066") and text.endswith("\u2069")
    assert str(database.path) in text
    assert "Treasurer" in window.user_label.text()

    assert str(clock.today().year) in window.year_label.text()
    assert window.year_label.text().startswith("Fiscal year")
    assert not window.demo_label.isVisibleTo(window)


def test_size_splitter_and_page_are_remembered(qtbot, english, database: Database) -> None:
    first = _window(qtbot, database)
    first.resize(QSize(760, 530))
    first.splitter.setSizes([240, 520])
    first.show_page("documents")
    sizes = first.splitter.sizes()
    first.close()

    second = _window(qtbot, database)
    assert second.size() == QSize(760, 530)
    assert second.splitter.sizes() == sizes
    assert second.current_page() is second.page("documents")


def test_about_names_the_version_licence_and_fonts(qtbot, english, database: Database) -> None:
    from nassij_desktop.ui.shell.about import AboutDialog

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.body.text()
    assert "0.1.0" in text and "GNU General Public License" in text
    assert "Amiri" in text and "Noto Naskh Arabic" in text and "Open Font License" in text


def test_ctrl_f_focuses_the_search_field_of_the_page(
    qtbot, english, database: Database, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QLineEdit

    window = _window(qtbot, database)
    page = window.page("documents")
    assert page is not None
    search = QLineEdit(page)
    search.setObjectName("search")
    page.layout().addWidget(search)
    window.show_page("documents")
    window.activateWindow()
    window.search_action.trigger()
    assert page.focusWidget() is search
