"""The user guide's window: F1 at the page's chapter (also from a dialog), in the interface's
language and direction, links between chapters followed inside, images found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nassij_desktop.core.common.permissions import Actor, Role
from nassij_desktop.guide import GUIDE_LANGUAGES, guide_root
from nassij_desktop.storage import Database
from nassij_desktop.ui.common.base_dialog import BaseDialog
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.help import guide_window
from nassij_desktop.ui.help.guide_window import GuideWindow
from nassij_desktop.ui.shell.main_window import MainWindow
from nassij_desktop.ui.shell.navigation import GUIDE_CHAPTERS, PAGES
from tests.tiny_guide import make_guide

pytestmark = [pytest.mark.gui]

ADMIN = Actor(user_id=None, login="owner", role=Role.ADMIN)


@pytest.fixture
def tiny_guide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_guide(tmp_path / "guide")
    monkeypatch.setenv("NASSIJ_GUIDE_DIR", str(root))
    return root


@pytest.fixture
def window(qtbot: QtBot, database: Database, tiny_guide: Path) -> Iterator[MainWindow]:
    main = MainWindow(AppContext(database, ADMIN, ""))
    qtbot.addWidget(main)
    main.show()
    yield main
    apply_language("en")


def _press_f1(qtbot: QtBot, widget) -> GuideWindow:  # type: ignore[no-untyped-def]
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    qtbot.keyClick(widget, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: guide_window._window is not None and guide_window._window.isVisible())
    guide = guide_window._window
    assert guide is not None
    return guide


def test_every_page_has_a_chapter_that_exists_in_both_languages() -> None:
    assert set(GUIDE_CHAPTERS) == {spec.key for spec in PAGES}
    root = guide_root()
    missing = [
        f"{lang}/{key}.md"
        for key in sorted(set(GUIDE_CHAPTERS.values()))
        for lang in GUIDE_LANGUAGES
        if not (root / lang / f"{key}.md").is_file()
    ]
    assert missing == []


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_f1_on_the_members_page_opens_its_chapter_in_the_interfaces_language(
    qtbot: QtBot, window: MainWindow, lang: str
) -> None:
    apply_language(lang)
    window.show_page("members")
    guide = _press_f1(qtbot, window)
    assert guide.current is not None
    assert (guide.current.key, guide.current.lang) == ("03-members", lang)
    text = guide.browser.toPlainText()
    assert ("adhérents" if lang == "fr" else "المنخرطين") in text
    assert "**" not in text  # rendered, not shown as source
    rtl = lang == "ar"
    assert guide.isRightToLeft() == rtl
    assert guide.contents.currentItem().text() == ("الأعضاء" if rtl else "Les membres")
    block = guide.browser.document().begin()
    expected = Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    assert block.blockFormat().layoutDirection() == expected
    # The screenshot beside the chapter is found.
    image = guide.browser.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl("images/members-page.png")
    )
    assert image is not None and not image.isNull()


def test_f1_in_a_dialog_opens_the_chapter_of_the_page_behind_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    apply_language("fr")
    window.show_page("books")
    dialog = BaseDialog(window)
    dialog.open()  # modal over the window, as the forms are
    qtbot.waitExposed(dialog)
    guide = _press_f1(qtbot, dialog)
    assert guide.current is not None and guide.current.key == "05-books"
    assert guide.parent() is dialog  # not blocked by the modal dialog it was asked from
    dialog.accept()
    assert guide.parent() is None and guide.isVisible()
    # One window: F1 again brings the same one back.
    window.show_page("members")
    assert _press_f1(qtbot, window) is guide
    assert guide.current is not None and guide.current.key == "03-members"


def test_a_link_to_another_chapter_opens_it_at_its_heading_and_the_language_follows(
    qtbot: QtBot, window: MainWindow
) -> None:
    apply_language("fr")
    window.show_page("members")
    guide = _press_f1(qtbot, window)
    links = []
    block = guide.browser.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            href = iterator.fragment().charFormat().anchorHref()
            if href:
                links.append(href)
            iterator += 1
        block = block.next()
    assert links == ["05-books.md#le-journal"]
    guide.browser.anchorClicked.emit(QUrl(links[0]))
    assert guide.current is not None and guide.current.key == "05-books"
    assert guide.browser.verticalScrollBar().value() > 0  # at "Le journal", far down
    assert guide.contents.currentRow() == 2

    apply_language("ar")
    QApplication.sendPostedEvents()
    assert guide.current is not None and (guide.current.key, guide.current.lang) == (
        "05-books",
        "ar",
    )
    assert guide.contents.item(0).text() == "Installer Nassij"  # no Arabic chapter 01 yet
    assert guide.isRightToLeft()
    # The chapters' list moves to the start side (the right) with the language.
    assert (
        guide.contents.mapToGlobal(QPoint(0, 0)).x() > guide.browser.mapToGlobal(QPoint(0, 0)).x()
    )


def test_a_picture_wider_than_the_window_is_fitted_and_refitted_to_its_width(
    qtbot: QtBot, window: MainWindow
) -> None:
    # At its own size a screenshot (1100 px) made the page wider than the window, every line
    # of text with it: read by scrolling sideways.
    window.show_page("members")
    guide = _press_f1(qtbot, window)
    guide.resize(520, 500)
    browser = guide.browser
    qtbot.waitUntil(lambda: abs(browser.shown_width - browser.room()) <= 24)
    qtbot.waitUntil(lambda: browser.document().size().width() <= browser.viewport().width())
    assert browser.horizontalScrollBar().maximum() == 0
    guide.resize(900, 500)  # wider again: the picture grows back, up to its own 683 px
    qtbot.waitUntil(lambda: browser.shown_width > 600)
