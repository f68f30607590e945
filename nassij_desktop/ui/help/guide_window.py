"""The user guide in a window of its own: Help ▸ User guide, or F1 at the current screen.

The chapters (`nassij_desktop.guide`) are listed on the start side, the chapter read on the
other, rendered by `QTextBrowser` from its Markdown: images (`images/NAME.png`) are found
beside the chapter, a link to another chapter (`05-books.md#anchor`) opens it here, in the
reader's language, at that heading; a link to the web opens in the browser.

One window for the application (`show_guide`), not modal: it stays open beside the main window
and dialogs. Opened from a modal dialog, it is made that dialog's child for as long as the
dialog is open, or the dialog would block it. Arabic chapters are laid out right to left
(the window with the application, every paragraph with the guide's language); a language
switch lists and shows the chapters again in the new language.

Imported on the first F1: nothing of this is loaded at start-up.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QResizeEvent,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QWidget,
)
from shiboken6 import isValid

from nassij_desktop.guide import Chapter, chapters, heading_anchor
from nassij_desktop.i18n import _, current_language, is_rtl

DEFAULT_CHAPTER = "02-first-run"
WEB_SCHEMES = ("http", "https", "mailto")

_window: GuideWindow | None = None


def guide_language() -> str:
    """The guide's language for the interface's: Arabic or French (English reads French)."""
    return "ar" if current_language() == "ar" else "fr"


class GuideBrowser(QTextBrowser):
    """A chapter's text, its pictures no wider than the room there is: at their own size a
    screenshot (1100 px) made the page wider than the window, every line of text with it,
    read by scrolling sideways."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown_width = 0  # the room the pictures were fitted to
        self.refit = QTimer(self)
        self.refit.setSingleShot(True)
        self.refit.setInterval(150)  # once the window stops changing size

    def room(self) -> int:
        margin = int(self.document().documentMargin())
        return max(120, self.viewport().width() - 2 * margin - 4)

    def loadResource(self, kind: int, url: QUrl | str) -> Any:  # noqa: N802 - Qt override
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return super().loadResource(kind, url)
        name = url.toLocalFile() or url.path() if isinstance(url, QUrl) else url
        image = QImage(self.document().baseUrl().resolved(QUrl(name)).toLocalFile())
        if image.isNull():
            image = QImage(name)
        if image.isNull():
            return super().loadResource(kind, url)
        self.shown_width = self.room()
        if image.width() > self.shown_width:
            image = image.scaledToWidth(
                self.shown_width, Qt.TransformationMode.SmoothTransformation
            )
        return image

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.shown_width and abs(self.room() - self.shown_width) > 24:
            self.refit.start()


class GuideWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("user-guide")
        self.chapters: list[Chapter] = []
        self.current: Chapter | None = None
        self.contents = QListWidget(self)
        self.contents.setObjectName("guide-contents")
        self.contents.setWordWrap(True)  # long titles on two lines, not cut
        self.contents.currentRowChanged.connect(self._row_chosen)
        self.browser = GuideBrowser(self)
        self.browser.refit.timeout.connect(self._refit)
        self.browser.setObjectName("guide-text")
        self.browser.setOpenLinks(False)  # followed here (`follow`), not by the browser
        self.browser.anchorClicked.connect(self.follow)
        self.splitter = splitter = QSplitter(self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 720])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.resize(980, 700)
        self.retranslate()

    def retranslate(self) -> None:
        """The window's title and the chapters in the interface's language, the one read kept."""
        self.setWindowTitle(_("User guide — Nassij Desktop"))
        key = self.current.key if self.current is not None else DEFAULT_CHAPTER
        self.chapters = chapters(guide_language())
        self.current = None
        self.contents.blockSignals(True)
        self.contents.clear()
        for chapter in self.chapters:
            item = QListWidgetItem(chapter.title, self.contents)
            item.setData(Qt.ItemDataRole.UserRole, chapter.key)
            item.setToolTip(chapter.title)
        self.contents.blockSignals(False)
        if self.chapters:
            self.show_chapter(key)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            # QSplitter keeps its panes where they were: placed again, the list on the start side.
            self.splitter.setSizes(self.splitter.sizes())
        super().changeEvent(event)

    def show_chapter(self, key: str, anchor: str = "") -> bool:
        """Show chapter `key` ("03-members"), at the heading of `anchor` if given; False (and
        nothing changed) when the guide has no such chapter."""
        keys = [c.key for c in self.chapters]
        if key not in keys:
            return False
        row = keys.index(key)
        chapter = self.chapters[row]
        if chapter != self.current:
            self.current = chapter
            self._load(chapter)
        self.contents.blockSignals(True)
        self.contents.setCurrentRow(row)
        self.contents.blockSignals(False)
        if anchor:
            self._scroll_to(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
        return True

    def follow(self, url: QUrl) -> None:
        """A link clicked: another chapter (here), a heading of this one, or the web."""
        if url.scheme() in WEB_SCHEMES:
            QDesktopServices.openUrl(url)
            return
        name = url.path().rsplit("/", 1)[-1]
        if not name:  # "#anchor": a heading of this chapter
            self._scroll_to(url.fragment())
        elif name.endswith(".md") and self.show_chapter(name.removesuffix(".md"), url.fragment()):
            return
        elif self.current is not None:  # another file beside the guide: its own program
            target = (self.current.path.parent / url.path()).resolve()
            if target.is_file():
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def _refit(self) -> None:
        """The window changed size: the chapter laid out again, its pictures fitted to the
        new width, the reader kept at the same place."""
        if self.current is None:
            return
        bar = self.browser.verticalScrollBar()
        share = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._load(self.current)
        bar.setValue(round(share * bar.maximum()))

    def _row_chosen(self, row: int) -> None:
        if 0 <= row < len(self.chapters):
            self.show_chapter(self.chapters[row].key)

    def _load(self, chapter: Chapter) -> None:
        folder = chapter.path.parent
        self.browser.setSearchPaths([str(folder)])
        document = self.browser.document()
        document.setBaseUrl(QUrl.fromLocalFile(f"{folder}/"))
        document.setMarkdown(
            chapter.path.read_text(encoding="utf-8"),
            QTextDocument.MarkdownFeature.MarkdownDialectGitHub,
        )
        # Every paragraph in the chapter's direction, not in its first letter's: an Arabic
        # sentence that opens on a French word still reads right to left.
        direction = (
            Qt.LayoutDirection.RightToLeft
            if is_rtl(chapter.lang)
            else Qt.LayoutDirection.LeftToRight
        )
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        block_format = QTextBlockFormat()
        block_format.setLayoutDirection(direction)
        cursor.mergeBlockFormat(block_format)
        self.browser.setLayoutDirection(direction)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)

    def _scroll_to(self, anchor: str) -> None:
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() and heading_anchor(block.text()) == anchor:
                cursor = QTextCursor(self.browser.document().lastBlock())
                self.browser.setTextCursor(cursor)  # the heading is then scrolled to the top
                self.browser.setTextCursor(QTextCursor(block))
                self.browser.ensureCursorVisible()
                return
            block = block.next()


def show_guide(key: str = DEFAULT_CHAPTER, over: QWidget | None = None) -> GuideWindow:
    """The guide's one window, shown at chapter `key` and raised. `over`: the widget F1 was
    pressed in; when it is in a modal dialog, the window is that dialog's while it is open."""
    global _window
    if _window is None or not isValid(_window):
        _window = GuideWindow()
    window = _window
    dialog = over.window() if over is not None else None
    if isinstance(dialog, QDialog) and dialog.isModal():
        geometry = window.geometry()
        window.setParent(dialog, Qt.WindowType.Window)
        window.setGeometry(geometry)
        dialog.finished.connect(lambda _result: _release(window))
    # A chapter not written yet: the first steps, else the first chapter there is.
    shown = window.show_chapter(key) or window.show_chapter(DEFAULT_CHAPTER)
    if not shown and window.chapters:
        window.show_chapter(window.chapters[0].key)
    window.show()
    window.raise_()
    window.activateWindow()
    if window.browser.textCursor().atStart():  # shown for the first time: laid out now
        window.browser.verticalScrollBar().setValue(0)
    return window


def _release(window: GuideWindow) -> None:
    """The dialog that held the guide closes: the guide becomes its own window again."""
    if isValid(window) and window.parent() is not None:
        visible = window.isVisible()
        geometry = window.geometry()
        window.setParent(None, Qt.WindowType.Window)
        window.setGeometry(geometry)
        window.setVisible(visible)
