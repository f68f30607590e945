"""Pages built on their first visit: the window opens with one page, whatever the file holds;
a page built later loads once, speaks the language of the moment, and only pages that were on
show are in the history."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import event

from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.permissions import CLI_ACTOR, Actor, Role
from nassij_desktop.core.governance.services import AssemblyData, convene_assembly
from nassij_desktop.i18n import translate_in
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.shell.main_window import MainWindow

pytestmark = [pytest.mark.gui]

ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)


@pytest.fixture
def english(qapp):  # type: ignore[no-untyped-def]
    apply_language("en", qapp)
    yield
    apply_language("en", qapp)


def _window(qtbot, database: Database) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(AppContext(database, ADMIN))
    qtbot.addWidget(window)
    window.show()
    return window


def _switch(window: MainWindow, lang: str) -> None:
    window.language_actions[lang].trigger()
    # Qt posts LanguageChange to each window: deliver it before looking.
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    assert window.file_menu.title() == translate_in(lang, "&File")


def test_a_page_is_built_on_its_first_visit_and_loads_once(
    qtbot, english, database: Database
) -> None:
    with database.transaction() as session:
        convene_assembly(
            session,
            CLI_ACTOR,
            AssemblyData(
                held_on=clock.today(),
                place="Salle communale",
                convened_on=clock.today(),
                agenda=["Moral report"],
            ),
        )
    window = _window(qtbot, database)
    # Opened on the dashboard: the only page built; the others cost a placeholder each.
    assert window.built_pages() == [window.current_page()] == [window.page("dashboard")]
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    try:
        window.show_page("governance")  # built: it loads
        first = len(statements)
        window.show_page("members")
        statements.clear()
        window.show_page("governance")  # shown again: its lists, not the unchanged assembly
        again = len(statements)
        window.show_page("members")
        window.context.announce(Change.MEMBERS)  # a member changed meanwhile
        statements.clear()
        window.show_page("governance")  # shown again after a change: it loads again, whole
        reloaded = len(statements)
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
    assert first == reloaded > again > 0  # built and shown: read once, not twice
    assert len(window.built_pages()) == 3


def test_a_page_built_after_a_language_switch_speaks_the_new_language(
    qtbot, english, database: Database
) -> None:
    window = _window(qtbot, database)
    _switch(window, "fr")
    assert window.navigation.item(2).text() == translate_in("fr", "Board and assemblies")
    window.show_page("governance")
    page = window.current_page()
    assert page is not None and page.title() == translate_in("fr", "Board and assemblies")
    assert page.convene_button.text() == translate_in("fr", "Convene an assembly…")  # type: ignore[attr-defined]
    _switch(window, "en")


def test_back_never_leads_to_a_page_that_was_not_shown(qtbot, english, database: Database) -> None:
    first = _window(qtbot, database)
    first.show_page("documents")
    first.close()  # remembers the documents page
    window = _window(qtbot, database)
    page = window.current_page()
    assert page is window.page("documents")
    window.back_action.trigger()  # the dashboard was never on show: nothing to go back to
    assert window.current_page() is page
    assert window.built_pages() == [page]
    window.show_page("members")
    window.back_action.trigger()
    assert window.current_page() is page
