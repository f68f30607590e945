"""F1 in every window of the application: each dialog class of `ui/` names its chapter of the
user guide (`GUIDE_CHAPTER`) or, on a page's dialog, takes the chapter of the page behind it;
the first-run assistant, the server dialog, the About box and the file dialogs answer F1."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

import nassij_desktop.ui
from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.guide import GUIDE_LANGUAGES, guide_root
from nassij_desktop.storage import Database
from nassij_desktop.ui.common import file_dialogs
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.help import guide_window
from nassij_desktop.ui.help.guide_window import GuideWindow
from nassij_desktop.ui.shell.about import AboutDialog
from nassij_desktop.ui.shell.main_window import MainWindow
from nassij_desktop.ui.shell.navigation import PAGES
from nassij_desktop.ui.startup.assistant import FirstRunAssistant
from nassij_desktop.ui.startup.server_dialog import ServerDialog

pytestmark = [pytest.mark.gui]

ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)
# Packages whose dialogs open over a page (the page's chapter does) and the shared widgets
# those dialogs use. Elsewhere (start-up, sign-in, the window's own menus, imports, exports)
# a dialog names its chapter: there may be no page behind it.
PAGE_PACKAGES = {spec.page.split(".")[0] for spec in PAGES} | {"common"}


def _dialog_classes() -> list[type[QDialog]]:
    found: dict[str, type[QDialog]] = {}
    for module_info in pkgutil.walk_packages(nassij_desktop.ui.__path__, "nassij_desktop.ui."):
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, QDialog) and cls.__module__.startswith("nassij_desktop.ui."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[key] for key in sorted(found)]


def test_every_dialog_has_a_chapter_that_exists_in_both_languages() -> None:
    classes = _dialog_classes()
    names = {cls.__name__ for cls in classes}
    # The enumeration does find them (a walk that found nothing would pass everything).
    assert {"FirstRunAssistant", "BackupsDialog", "ServerDialog", "LockScreen"} <= names
    root = guide_root()
    problems = []
    for cls in classes:
        if not hasattr(cls, "GUIDE_CHAPTER"):
            problems.append(f"{cls.__qualname__}: no GUIDE_CHAPTER (and no F1)")
            continue
        chapter = cls.GUIDE_CHAPTER
        package = cls.__module__.split(".")[2]
        if chapter is None:
            if package not in PAGE_PACKAGES:
                problems.append(f"{cls.__qualname__}: no page behind it in ui/{package}")
            continue
        problems += [
            f"{cls.__qualname__}: {lang}/{chapter}.md missing"
            for lang in GUIDE_LANGUAGES
            if not (root / lang / f"{chapter}.md").is_file()
        ]
    assert problems == []
    chapters = {cls.__name__: getattr(cls, "GUIDE_CHAPTER", None) for cls in classes}
    assert chapters["FirstRunAssistant"] == "02-first-run"
    assert chapters["ServerDialog"] == chapters["MoveDialog"] == "10-shared-mode"
    assert chapters["ImportAssistant"] == "08-imports-exports"
    assert chapters["BackupsDialog"] == "09-backups"


@pytest.fixture
def no_guide() -> Iterator[None]:
    """The guide's window from an earlier test closed: F1 here must open it again."""
    if guide_window._window is not None and isValid(guide_window._window):
        guide_window._window.close()
    yield
    apply_language("en")


def _press_f1(qtbot: QtBot, dialog: QDialog) -> GuideWindow:
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: guide_window._window is not None and guide_window._window.isVisible())
    guide = guide_window._window
    assert guide is not None and guide.current is not None
    return guide


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_f1_in_the_first_run_assistant_opens_the_first_steps(
    qtbot: QtBot, no_guide: None, lang: str
) -> None:
    apply_language(lang)
    wizard = FirstRunAssistant()
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    guide = _press_f1(qtbot, wizard)
    assert guide.current is not None
    assert (guide.current.key, guide.current.lang) == ("02-first-run", lang)
    assert guide.parent() is wizard  # usable beside the modal assistant
    wizard.reject()
    assert isValid(guide) and guide.parent() is None and guide.isVisible()


def test_f1_in_the_server_dialog_at_start_up_opens_the_shared_mode(
    qtbot: QtBot, no_guide: None
) -> None:
    apply_language("fr")
    dialog = ServerDialog()  # no main window behind it yet
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    guide = _press_f1(qtbot, dialog)
    assert guide.current is not None and guide.current.key == "10-shared-mode"
    dialog.reject()


def test_f1_in_the_about_box_and_a_file_dialog_over_the_window(
    qtbot: QtBot, database: Database, no_guide: None, tmp_path: Path
) -> None:
    apply_language("fr")
    window = MainWindow(AppContext(database, ADMIN, ""))
    qtbot.addWidget(window)
    window.show()
    window.show_page("books")
    about = AboutDialog(window)
    about.open()
    qtbot.waitExposed(about)
    guide = _press_f1(qtbot, about)
    assert guide.current is not None and guide.current.key == "01-installing"
    about.accept()
    # Qt's own file dialog (the one the application uses when the desktop has none): the
    # chapter of the page behind it.
    chooser = file_dialogs._dialog(window, "Ouvrir", tmp_path, "*")
    chooser.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    chooser.open()
    qtbot.waitExposed(chooser)
    guide = _press_f1(qtbot, chooser)
    assert guide.current is not None and guide.current.key == "05-books"
    chooser.reject()
    # A dialog of the page opened from a shell dialog: the innermost chapter named wins.
    inner = BaseDialog(about)
    inner.open()
    qtbot.waitExposed(inner)
    guide = _press_f1(qtbot, inner)
    assert guide.current is not None and guide.current.key == "01-installing"
    inner.reject()
