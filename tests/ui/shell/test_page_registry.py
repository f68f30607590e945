"""Every page of the window is declared once in ui/shell/navigation.py: a page class written
under ui/ and left out of the navigation, or an entry that cannot be built, fails here."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest
from pytestqt.qtbot import QtBot

import nassij_desktop.ui
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.page import Page, PlaceholderPage
from nassij_desktop.ui.shell.navigation import PAGES, STAND_INS

pytestmark = [pytest.mark.gui]
BASES = {Page, PlaceholderPage}  # what pages derive from, not pages


def _page_classes() -> set[type[Page]]:
    found: set[type[Page]] = set()
    for info in pkgutil.walk_packages(nassij_desktop.ui.__path__, "nassij_desktop.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Page)
                and value.__module__ == module.__name__
                and value not in BASES
            ):
                found.add(value)
    return found


def test_every_page_class_is_in_the_navigation() -> None:
    declared = {spec.page_class() for spec in PAGES}
    assert _page_classes() == declared | set(STAND_INS)
    assert not declared & set(STAND_INS)
    keys = [spec.key for spec in PAGES]
    assert len(keys) == len(set(keys))


def test_every_entry_builds_with_a_title(qtbot: QtBot, database: Database) -> None:
    context = AppContext(database, Actor(user_id=None, login="owner", role=Role.ADMIN))
    for spec in PAGES:
        page = spec.factory(context)
        qtbot.addWidget(page)
        assert isinstance(page, Page), spec.key
        assert page.title().strip(), spec.key
        assert spec.visible_to(context.actor), spec.key


def test_the_window_imports_only_the_page_it_shows() -> None:
    """The other pages' code is loaded on their first visit (start-up time)."""
    probe = (
        "import sys\n"
        "import nassij_desktop.ui.shell.application, nassij_desktop.ui.shell.main_window\n"
        "pages = [m for m in sys.modules if m.endswith('.page') and 'dashboard' not in m]\n"
        "print(','.join(sorted(pages)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "nassij_desktop.ui.common.page"


def test_no_page_loads_the_document_engine_with_its_code() -> None:
    """fpdf2, fontTools and PIL (a third of a second) wait for the first document, and
    openpyxl and Alembic for their own work: a page's first visit loads none of them."""
    probe = (
        "import sys\n"
        "from nassij_desktop.ui.shell.navigation import PAGES\n"
        "heavy = ('fpdf', 'fontTools', 'PIL', 'openpyxl', 'alembic')\n"
        "for spec in PAGES:\n"
        "    spec.page_class()\n"
        "    loaded = sorted({m.split('.')[0] for m in sys.modules} & set(heavy))\n"
        "    print(spec.key, *loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    lines = result.stdout.split("\n")[:-1]
    assert len(lines) == len(PAGES)
    assert lines == [spec.key for spec in PAGES]
