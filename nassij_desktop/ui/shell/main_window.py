"""The main window: navigation on the start side, the pages, menus and the status bar.

Every visible string is set in `retranslate()`, run again on `QEvent.LanguageChange`; icons
are rebuilt there too, so that the pointing ones follow the new layout direction. File
operations that replace the open file (new, open, restore) are signals: the `Shell` that owns
the window carries them out.

A page is built on its first visit: until then the stack holds an empty placeholder in its
place, so opening a file costs one page whatever the size of the register. A page loads its
data when it is built, and again each time it is shown.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QProgressDialog,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from nassij_desktop.core import models
from nassij_desktop.core.association_file import AssociationHeading, association_heading
from nassij_desktop.core.common import clock
from nassij_desktop.core.common.changes import Change
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import ROLE_LABELS, Permission
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.core.exports.access import may_export_association
from nassij_desktop.core.imports.preview import importable_kinds
from nassij_desktop.i18n import LANGUAGES, N_, _, current_language
from nassij_desktop.i18n.formatting import format_number, isolate
from nassij_desktop.reports.request import ReportRequest, ReportResult
from nassij_desktop.storage import backup, server
from nassij_desktop.storage.backups import automatic_backup
from nassij_desktop.storage.failures import describe_failure
from nassij_desktop.ui.access.idle_lock import IdleLock
from nassij_desktop.ui.common import dialogs
from nassij_desktop.ui.common.context import AppContext, Request, Visit
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_save_path
from nassij_desktop.ui.common.icons import IconName, icon, lock_pixmap
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.operations import Busy, Operation
from nassij_desktop.ui.common.page import Page
from nassij_desktop.ui.common.preferences import app_settings, save_language
from nassij_desktop.ui.common.tables import scroll_with_direction
from nassij_desktop.ui.shell.about import AboutDialog
from nassij_desktop.ui.shell.backups_dialog import BackupsDialog
from nassij_desktop.ui.shell.navigation import GUIDE_CHAPTERS, PAGES, PageSpec, visible_pages
from nassij_desktop.ui.shell.placeholders import BrokenPage
from nassij_desktop.ui.shell.recent import recent_files
from nassij_desktop.ui.shell.remote_changes import RemoteChanges

log = logging.getLogger(__name__)
DEFAULT_SIZE = QSize(1180, 760)
NAVIGATION_WIDTH = 210
PROTECTED_TITLE = N_("protected by passwords")  # a protected file's mark in the title


def read_heading(context: AppContext) -> AssociationHeading:
    """The association's names, the fiscal year holding today and whether it is a demo."""
    with context.database.session() as session:
        return association_heading(session)


class MainWindow(QMainWindow):
    new_requested = Signal()
    open_requested = Signal()
    open_path_requested = Signal(str)
    restore_requested = Signal()
    restore_path_requested = Signal(str)  # a backup chosen in the Backups dialog
    connect_requested = Signal()  # File ▸ Connect to a shared database…
    move_requested = Signal()  # File ▸ Move this association to a shared database…
    protection_requested = Signal()  # protect the file with the passwords, or unprotect it
    closed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._built = False  # a LanguageChange may arrive while the pages are being made
        self.setObjectName("main-window")
        self.specs: list[PageSpec] = visible_pages(context.actor)
        self._pages: list[Page | None] = [None] * len(self.specs)  # None: not built yet
        self._history: list[int] = []
        self._future: list[int] = []

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setIconSize(QSize(22, 22))
        self.navigation.setSpacing(2)
        self.navigation.setMinimumWidth(150)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("shell-splitter")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([NAVIGATION_WIDTH, DEFAULT_SIZE.width() - NAVIGATION_WIDTH])
        self.setCentralWidget(self.splitter)

        for spec in self.specs:
            placeholder = QWidget(self.stack)
            placeholder.setObjectName(f"unbuilt-{spec.key}")
            self.stack.addWidget(placeholder)
            item = QListWidgetItem(self.navigation)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
        self.navigation.currentRowChanged.connect(self._show_row)

        self._build_actions()
        self._build_menus()
        self._build_status_bar()
        self.idle_lock = IdleLock(self, context)
        # While a long operation runs, nothing may replace or close the file under it.
        Busy.of(self).changed.connect(self._busy_changed)
        context.signals.data_changed.connect(self._data_changed)
        context.signals.go_to.connect(self._go_to)
        # What another computer or window changes in the file: announced as a write is.
        self.remote_changes = RemoteChanges(context, self)
        self.resize(DEFAULT_SIZE)
        self._built = True
        self.retranslate()
        self.restore_state()

    # --- construction ------------------------------------------------------------------------

    def _scrollable(self, page: Page) -> QScrollArea:
        # A page wider than a small laptop screen scrolls instead of widening the window.
        area = QScrollArea(self.stack)
        area.setWidget(page)
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll_with_direction(area)  # in Arabic the handle starts at the right, as the page
        return area

    def _build_page(self, spec: PageSpec) -> Page:
        try:
            return spec.factory(self.context)
        except Exception as exc:
            # One broken page must not keep the association's file closed; a damaged page of
            # the file, a full disk… are said in their sentence, with what to do.
            log.exception("the page %s could not be built", spec.key)
            return BrokenPage(self.context, spec.label, reason=describe_failure(exc))

    def _ensure_page(self, row: int) -> tuple[Page, bool]:
        """The page of `row`, built now if it never was; and whether it was just built (it
        has then just loaded its data)."""
        page = self._pages[row]
        if page is not None:
            return page, False
        page = self._build_page(self.specs[row])
        self._pages[row] = page
        area = self._scrollable(page)
        placeholder = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.insertWidget(row, area)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        self._restore_splitters(area)
        return page, True

    def _action(
        self, name: str, slot: object, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_action = self._action("new", self.new_requested.emit, QKeySequence(std.New))
        self.open_action = self._action("open", self.open_requested.emit, QKeySequence(std.Open))
        self.connect_action = self._action("connect-server", self.connect_requested.emit)
        self.save_copy_action = self._action("save-copy", self.save_copy)
        self.restore_action = self._action("restore", self.restore_requested.emit)
        self.backups_action = self._action("backups", self.show_backups)
        self.import_action = self._action("import", self.show_import)
        self.import_action.setVisible(bool(importable_kinds(self.context.actor)))
        # Law 09-08's retention rule, also on the members page's "Personal data" menu.
        self.retention_action = self._action("retention", lambda: self.show_retention())
        self.export_action = self._action("export-association", self.show_export)
        self.export_action.setVisible(may_export_association(self.context.actor))
        self.retention_action.setVisible(self.context.can(Permission.PRIVACY_MANAGE))
        self.back_up_on_close = True  # not when the file was just replaced by a restore
        # A file's copies and backups; a server's are its administrator's (pg_dump).
        on_file = self.context.database.path is not None
        # Moving copies the file into a server's empty database: from a file, never a server.
        self.move_action = self._action("move-to-server", self.move_requested.emit)
        for action in (
            self.save_copy_action,
            self.restore_action,
            self.backups_action,
            self.move_action,
        ):
            action.setVisible(on_file and self.context.can(Permission.DATA_ADMIN))
        # Protecting converts the file in place: an administrator's, on a file it may write.
        self.protection_action = self._action("protection", self.protection_requested.emit)
        database = self.context.database
        self.protection_action.setVisible(
            self.context.can(Permission.DATA_ADMIN)
            and database.is_sqlite
            and database.path is not None
            and not database.read_only
        )
        self.quit_action = self._action("quit", self.close, QKeySequence(std.Quit))
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # also on Windows, where Quit has none
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.search_action = self._action("search", self.focus_search, QKeySequence("Ctrl+F"))
        self.back_action = self._action("back", self.go_back, QKeySequence(std.Back))
        self.forward_action = self._action("forward", self.go_forward, QKeySequence(std.Forward))
        self.about_action = self._action("about", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        # F1: the guide at the chapter of the page on show (a dialog's F1: BaseDialog).
        self.guide_action = self._action(
            "user-guide",
            lambda: self.show_guide(),
            QKeySequence(QKeySequence.StandardKey.HelpContents),
        )
        self.guide_pdf_action = self._action("user-guide-pdf", self.save_guide_pdf)
        self.whats_new_action = self._action("whats-new", self.show_whats_new)
        self.page_actions: list[QAction] = []
        for row, spec in enumerate(self.specs):
            action = self._action(f"go-{spec.key}", lambda _=False, r=row: self.show_row(r))
            if row < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            self.page_actions.append(action)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for lang, name in LANGUAGES.items():
            action = QAction(name, self)  # each language in its own name: never translated
            action.setObjectName(f"language-{lang}")
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, code=lang: self.switch_language(code))
            self.language_group.addAction(action)
            self.language_actions[lang] = action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.new_action)
        self.file_menu.addAction(self.open_action)
        self.file_menu.addAction(self.connect_action)
        self.file_menu.addAction(self.move_action)
        self.recent_menu = QMenu(self.file_menu)
        self.recent_menu.setObjectName("recent-files")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.retention_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.save_copy_action)
        self.file_menu.addAction(self.restore_action)
        self.file_menu.addAction(self.backups_action)
        self.file_menu.addAction(self.protection_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.view_menu = bar.addMenu("")
        for action in self.page_actions:
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.back_action)
        self.view_menu.addAction(self.forward_action)
        self.view_menu.addAction(self.search_action)
        self.view_menu.addSeparator()
        self.language_menu = QMenu(self.view_menu)
        self.language_menu.setObjectName("language-menu")
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.view_menu.addMenu(self.language_menu)

        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addAction(self.guide_pdf_action)
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.whats_new_action)
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.demo_label = QLabel(self)
        self.demo_label.setObjectName("demo-notice")
        self.demo_label.setStyleSheet("QLabel { color: #b3261e; font-weight: bold; }")
        self.file_label = QLabel(self)
        self.file_label.setObjectName("file")
        # A long path must not make the window wider than the screen: it is cut instead
        # (the whole path is in the tooltip).
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.file_label.setMinimumWidth(80)
        self.user_label = QLabel(self)
        self.user_label.setObjectName("user")
        self.year_label = QLabel(self)
        self.year_label.setObjectName("fiscal-year")
        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("read-only-notice")
        self.read_only_label.setStyleSheet("QLabel { color: #b3261e; font-weight: bold; }")
        # A protected file: a lock drawn (no font is sure to hold the lock's character) and
        # its words.
        self.protected_notice = QWidget(self)
        self.protected_notice.setObjectName("protected-notice")
        self.protected_lock = QLabel(self.protected_notice)
        self.protected_lock.setPixmap(lock_pixmap(16))
        self.protected_label = QLabel(self.protected_notice)
        row = QHBoxLayout(self.protected_notice)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.protected_lock)
        row.addWidget(self.protected_label)
        bar.addWidget(self.read_only_label)
        bar.addWidget(self.protected_notice)
        bar.addWidget(self.demo_label)
        bar.addWidget(self.file_label, 1)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.year_label)

    # --- language ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        heading = read_heading(self.context)
        name = heading.name(current_language())
        parts = [name, _("demo")] if heading.demo else [name]
        if self.context.database.path is None:  # which shared database: "server nas / db"
            parts.append(server.place_text(self.context.database.url))
        if self.context.database.encrypted:
            parts.append(_(PROTECTED_TITLE))
        self.setWindowTitle(" — ".join([*parts, _("Nassij Desktop")]))
        self.file_menu.setTitle(_("&File"))
        self.view_menu.setTitle(_("&View"))
        self.help_menu.setTitle(_("&Help"))
        self.recent_menu.setTitle(_("Recent files"))
        self.language_menu.setTitle(_("Language"))
        texts = {
            self.new_action: _("New association…"),
            self.open_action: _("Open…"),
            self.connect_action: _("Connect to a shared database…"),
            self.move_action: _("Move this association to a shared database…"),
            self.save_copy_action: _("Save a copy…"),
            self.restore_action: _("Restore a backup…"),
            self.backups_action: _("Backups…"),
            self.protection_action: _("Remove the password protection…")
            if self.context.database.encrypted
            else _("Protect this file with the users' passwords…"),
            self.import_action: _("Import…"),
            self.export_action: _("Export the association…"),
            self.retention_action: _("Retention…"),
            self.quit_action: _("Quit"),
            self.search_action: _("Search"),
            self.back_action: _("Back"),
            self.forward_action: _("Forward"),
            self.about_action: _("About Nassij Desktop"),
            self.guide_action: _("User guide"),
            self.guide_pdf_action: _("User guide (PDF)…"),
            self.whats_new_action: _("What's new"),
        }
        for action, text in texts.items():
            action.setText(text)
        icons = {
            self.new_action: IconName.NEW,
            self.open_action: IconName.OPEN,
            self.connect_action: IconName.OPEN,
            self.save_copy_action: IconName.SAVE_COPY,
            self.restore_action: IconName.RESTORE,
            self.backups_action: IconName.SAVE_COPY,
            self.quit_action: IconName.QUIT,
            self.back_action: IconName.BACK,
            self.forward_action: IconName.FORWARD,
            self.about_action: IconName.ABOUT,
        }
        for action, name_ in icons.items():
            action.setIcon(icon(name_))  # rebuilt: back/forward point the new way
        for row, (spec, page) in enumerate(zip(self.specs, self._pages, strict=True)):
            # A page not built yet is named by its spec (the same text as its title()).
            title = page.title() if page is not None else _(spec.label)
            item = self.navigation.item(row)
            item.setText(title)
            item.setIcon(icon(spec.icon))
            item.setToolTip(title)
            self.page_actions[row].setText(title)
            self.page_actions[row].setIcon(icon(spec.icon))
        lang = current_language()
        if lang in self.language_actions:
            self.language_actions[lang].setChecked(True)
        self.refresh_status(heading)

    def refresh_status(self, heading: AssociationHeading | None = None) -> None:
        database = self.context.database
        if database.path is None:  # a shared database: the server and the database's name
            self.file_label.setText(server.place_text(database.url))
            self.file_label.setToolTip(server.safe_text(database.url))
        else:
            # A path reads left to right even in an Arabic window: isolate it (LRI … PDI).
            self.file_label.setText(isolate(str(database.path), "ltr"))
            self.file_label.setToolTip(str(database.path))
        role = _(ROLE_LABELS[self.context.actor.role])
        who = self.context.user_name or self.context.actor.login
        self.user_label.setText(_("{user} ({role})").format(user=isolate(who), role=role))
        heading = heading or read_heading(self.context)
        self.year_label.setText(
            _("Fiscal year {year}").format(year=isolate(heading.fiscal_year, "ltr"))
        )
        self.demo_label.setVisible(heading.demo)
        self.demo_label.setText(_("Demo association: invented data, not for real records"))
        self.read_only_label.setVisible(self.context.database.read_only)
        self.read_only_label.setText(_("Read-only: changes cannot be saved"))
        self.protected_notice.setVisible(self.context.database.encrypted)
        self.protected_label.setText(_("Protected by passwords"))
        self.protected_notice.setToolTip(
            _("The file is encrypted: each account opens it with its own password.")
        )

    def switch_language(self, lang: str) -> None:
        apply_language(lang)
        save_language(lang)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange and self._built:
            self.retranslate()
        super().changeEvent(event)

    # --- pages -------------------------------------------------------------------------------

    def current_page(self) -> Page | None:
        index = self.stack.currentIndex()
        return self._pages[index] if 0 <= index < len(self._pages) else None

    def page(self, key: str) -> Page | None:
        """The page of `key`, built now if it was not yet (None: no such page for this user)."""
        keys = self.page_keys()
        return self._ensure_page(keys.index(key))[0] if key in keys else None

    def built_pages(self) -> list[Page]:
        return [page for page in self._pages if page is not None]

    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def _go_to(self, asked: Request | Visit) -> None:
        visit = asked if isinstance(asked, Visit) else Visit(asked)
        request = visit.request
        if not self.show_page(request.page):
            return  # not a page this user sees
        page = self.page(request.page)
        if page is not None:
            page.fulfil(request, visit.target_id)

    def show_page(self, key: str) -> bool:
        keys = self.page_keys()
        if key not in keys:
            return False
        self.show_row(keys.index(key))
        return True

    def show_row(self, row: int) -> None:
        if 0 <= row < len(self.specs):
            self.navigation.setCurrentRow(row)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        previous = self.stack.currentIndex()
        if previous != row and not self._may_leave(previous):
            # The page stays: so does its entry (once the click that chose another is over,
            # else the click's selection would win).
            QTimer.singleShot(0, self, lambda: self._mark_row(previous))
            return
        # Only a page that was on show goes into the history (not the first placeholder).
        if (
            previous != row
            and self._history[-1:] != [previous]
            and 0 <= previous < len(self._pages)
            and self._pages[previous] is not None
        ):
            self._history.append(previous)
        self._display(row)

    def _display(self, row: int) -> None:
        page, built = self._ensure_page(row)
        self.stack.setCurrentIndex(row)
        if not built:  # a page just built has just loaded: no second load
            self._refresh_page(page)

    def _refresh_page(self, page: Page) -> None:
        try:
            page.refresh()
        except NassijError as exc:
            dialogs.show_error(self, exc)

    def _mark_row(self, row: int) -> None:
        """Select the entry of `row` in the navigation without showing anything."""
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(row)
        self.navigation.blockSignals(False)

    def _may_leave(self, row: int) -> bool:
        """The page of `row`, if built, lets itself be left (typed text saved or dropped)."""
        page = self._pages[row] if 0 <= row < len(self._pages) else None
        return page is None or page.may_leave()

    def go_back(self) -> None:
        if self._history and self._may_leave(self.stack.currentIndex()):
            row = self._history.pop()
            self._future.append(self.stack.currentIndex())
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(row)
            self.navigation.blockSignals(False)
            self._display(row)

    def go_forward(self) -> None:
        if self._future:
            self.show_row(self._future.pop())

    def focus_search(self) -> None:
        """Ctrl+F: a page offers `focus_search()`, or a line edit named "…search…"."""
        page = self.current_page()
        if page is None:
            return
        focus = getattr(page, "focus_search", None)
        if callable(focus):
            focus()
            return
        for edit in page.findChildren(QLineEdit):
            if "search" in edit.objectName().lower() and edit.isVisibleTo(page):
                edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
                edit.selectAll()
                return

    def _data_changed(self, changed: frozenset[Change]) -> None:
        if not changed.isdisjoint({Change.ASSOCIATION, Change.BOOKS, Change.SETTINGS}):
            self.retranslate()

    # --- files -------------------------------------------------------------------------------

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = recent_files()
        for path in files:
            # A path reads left to right (isolated); a server's text is a sentence.
            shown = server.place_text(path) if isinstance(path, str) else isolate(str(path), "ltr")
            action = self.recent_menu.addAction(shown)
            action.triggered.connect(lambda _=False, p=str(path): self.open_path_requested.emit(p))
        if not files:
            empty = self.recent_menu.addAction(_("No recent files"))
            empty.setEnabled(False)

    def save_copy(self) -> None:
        database = self.context.database
        if database.path is None:
            dialogs.show_error(self, NassijError(_("This database has no file to copy.")))
            return
        stamp = clock.today().isoformat()
        suggested = f"{database.path.stem}-{stamp}{database.path.suffix}"
        target = ask_save_path(
            self, FileKind.BACKUPS, _("Save a copy of the association file"), suggested
        )
        if target is not None:
            self.save_copy_to(target)

    def save_copy_to(self, target: Path) -> Operation[Path] | None:
        """Copy the file to `target` on a worker (Cancel stops it, leaving no file); None:
        nothing was started."""
        database = self.context.database

        def saved(written: Path) -> None:
            dialogs.show_info(
                self,
                _("A copy of the file was saved to {path}.").format(
                    path=isolate(str(written), "ltr")
                ),
            )

        operation = Operation(
            self,
            lambda progress: backup(database, target, progress=progress),
            label=_("Saving a copy of the file…"),
            cancellable=True,
        ).success(saved)
        return operation if operation.run_in_background() else None

    def _busy_changed(self, running: bool) -> None:
        actions = (
            self.new_action,
            self.open_action,
            self.connect_action,
            self.move_action,
            self.save_copy_action,
            self.restore_action,
            self.backups_action,
            self.protection_action,
            self.import_action,
            self.export_action,
            self.retention_action,
        )
        for action in actions:
            action.setEnabled(not running)
        self.recent_menu.setEnabled(not running)

    def show_import(self) -> QDialog:
        """The import assistant (members or dues, as the role allows)."""
        from nassij_desktop.ui.imports.assistant import ImportAssistant

        kinds = importable_kinds(self.context.actor)
        dialog = ImportAssistant(self.context, kinds[0], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_export(self) -> QDialog:
        """The whole association, or its profile, to a file (`AssociationExportDialog`)."""
        from nassij_desktop.ui.exports.association_dialog import AssociationExportDialog

        dialog = AssociationExportDialog(self.context, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_retention(self, today: dt.date | None = None) -> QDialog:
        """The retention rule of law 09-08 (the members page's `RetentionDialog`)."""
        from nassij_desktop.ui.members.privacy import RetentionDialog

        dialog = RetentionDialog(self.context, self, today=today)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_backups(self) -> BackupsDialog:
        dialog = BackupsDialog(self.context, self)
        dialog.restore_requested.connect(self.restore_path_requested.emit)
        dialog.open()
        return dialog

    def _automatic_backup(self) -> None:
        """The backup of the window's closing (storage/backups.py: once a day unless the file
        changed), on this thread: a progress shows after 0.5 s; a failure is logged, and the
        window closes all the same."""
        if not self.back_up_on_close or self.context.database.read_only:
            return
        dialog = QProgressDialog(_("Backing up the file…"), "", 0, 1000, self)
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(500)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        try:
            automatic_backup(self.context.database, "auto", progress=_DialogProgress(dialog))
        except Exception:
            log.exception("the automatic backup at closing failed")
        finally:
            dialog.close()
            dialog.deleteLater()

    def show_about(self) -> None:
        AboutDialog(self).exec()

    def guide_chapter(self) -> str:
        """The chapter of the user guide about the page on show (`GUIDE_CHAPTERS`)."""
        row = self.stack.currentIndex()
        key = self.specs[row].key if 0 <= row < len(self.specs) else "dashboard"
        return GUIDE_CHAPTERS.get(key, GUIDE_CHAPTERS["dashboard"])

    def show_guide(self, over: QWidget | None = None, chapter: str | None = None) -> QWidget:
        """The user guide's window at `chapter`, else at the chapter of the page on show
        (F1); `over`: the dialog F1 was pressed in (`base_dialog.open_guide`)."""
        from nassij_desktop.ui.help.guide_window import show_guide

        return show_guide(chapter or self.guide_chapter(), over)

    def save_guide_pdf(self) -> Operation[ReportResult] | None:
        """Help ▸ User guide (PDF)…: the guide, in the interface's language, to a PDF file."""
        from nassij_desktop.ui.common.pdf_output import document_language

        lang = document_language()
        target = ask_save_path(
            self, FileKind.DOCUMENTS, _("Save the user guide"), _("user-guide") + ".pdf"
        )
        if target is None:
            return None
        return self.write_guide_pdf(ReportRequest(lang=lang, out=target))

    def write_guide_pdf(self, request: ReportRequest) -> Operation[ReportResult] | None:
        from nassij_desktop.ui.common.pdf_output import produce_document

        def written(result: ReportResult) -> None:
            dialogs.show_info(
                self,
                _("The user guide was saved to {path}.").format(
                    path=isolate(str(result.path), "ltr")
                ),
            )

        return produce_document(self, self.context, "user-guide", request, done=written)

    def show_whats_new(self) -> None:
        from nassij_desktop.ui.shell.whatsnew import WhatsNewDialog

        dialog = WhatsNewDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def show_whats_new_after_update(self) -> None:
        """Once, after an update: the note of this version (ui/shell/whatsnew.py)."""
        from nassij_desktop.ui.shell.whatsnew import show_after_update

        show_after_update(self)

    # --- geometry ----------------------------------------------------------------------------

    def save_state(self) -> None:
        settings = app_settings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        index = self.stack.currentIndex()
        if 0 <= index < len(self.specs):
            settings.setValue("window/page", self.specs[index].key)
        settings.sync()

    def restore_state(self) -> None:
        settings = app_settings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self._restore_splitters(self)
        if not self.show_page(str(settings.value("window/page", ""))) and self.specs:
            self.show_row(0)

    @staticmethod
    def _restore_splitters(root: QWidget) -> None:
        """Named splitters under `root` take their saved sizes (a page's when it is built)."""
        settings = app_settings()
        for splitter in root.findChildren(QSplitter):
            saved = settings.value(f"splitters/{splitter.objectName()}")
            if splitter.objectName() and isinstance(saved, QByteArray) and not saved.isEmpty():
                splitter.restoreState(saved)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if Busy.of(self).running:
            # Closing would close the file under the work: it ends (or is cancelled) first.
            event.ignore()
            dialogs.show_info(
                self, _("A task is still running: wait until it ends, or cancel it, then close.")
            )
            return
        if not all(page is None or page.may_leave() for page in self._pages):
            event.ignore()  # the user stays with text typed and not saved
            return
        self.remote_changes.stop()
        self.save_state()
        self._automatic_backup()
        self.back_up_on_close = False  # once per window
        super().closeEvent(event)
        self.closed.emit()


class _DialogProgress(Progress):
    """Progress of the closing backup shown in a dialog driven from this thread."""

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__()
        self.dialog = dialog

    def step(self, done: int, total: int | None = None, message: str | None = None) -> None:
        super().step(done, total, message)
        if total:
            self.dialog.setValue(min(999, done * 1000 // total))


def main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]


def prepare_window() -> None:
    """Do ahead what the first window needs whoever signs in: the mappers, the language's
    number formats and the code of the page it opens on. Called while the password is
    checked on another core (`measure_startup`), or while the login window waits for it."""
    models.configure()
    format_number(0)
    key = str(app_settings().value("window/page", ""))
    next((spec for spec in PAGES if spec.key == key), PAGES[0]).page_class()
