"""`Shell`: owns the open file and the main window, and replaces both when the user opens,
creates or restores another file. One file, one window, one lock at a time."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QWidget

from nassij_desktop import paths
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.core.common.permissions import Actor
from nassij_desktop.core.common.progress import Progress
from nassij_desktop.i18n import _
from nassij_desktop.i18n.formatting import isolate
from nassij_desktop.storage import Database, encryption, restore, server
from nassij_desktop.storage.backups import automatic_backup
from nassij_desktop.ui.access.credentials import check_credentials
from nassij_desktop.ui.access.login import login
from nassij_desktop.ui.common import dialogs
from nassij_desktop.ui.common.context import AppContext
from nassij_desktop.ui.common.file_dialogs import FileKind, ask_open_path
from nassij_desktop.ui.common.operations import Operation
from nassij_desktop.ui.shell.main_window import MainWindow, prepare_window
from nassij_desktop.ui.shell.opening import (
    CreateOnServer,
    OpenedFile,
    open_association_file,
    open_server_database,
)
from nassij_desktop.ui.shell.recent import (
    Recent,
    add_recent,
    last_file,
    recent_entry,
    remove_recent,
)

if TYPE_CHECKING:
    from nassij_desktop.ui.startup.assistant import Choice

log = logging.getLogger(__name__)


PREPARE_AFTER_MS = 200  # the login window paints first


class Shell(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.opened: OpenedFile | None = None
        self.window: MainWindow | None = None

    # --- start-up ----------------------------------------------------------------------------

    def start(self, path: Recent | None = None) -> bool:
        """Open `path` (a file, or a server database's URL, named on the command line), else
        the last one, or run the first-run assistant. False: the user gave up."""
        if path is not None and self.open_target(path):
            return True
        last = last_file()
        if last is not None:
            if self.open_target(last):
                return True
            if isinstance(last, Path) and not last.exists():
                remove_recent(last)
        return self.run_assistant(ask_language=last is None)

    def open_target(self, target: Recent, parent: QWidget | None = None) -> bool:
        """A file (a Path) or a server database (its URL, a str)."""
        if isinstance(target, str) and server.is_server_url(target):
            return self.open_server(server.as_url(target), parent)
        return self.open_file(Path(target), parent)

    def run_assistant(
        self,
        *,
        ask_language: bool = True,
        choice: Choice | None = None,
        parent: QWidget | None = None,
    ) -> bool:
        """Until a file is open or the user cancels: the assistant, then the file."""
        # Imported here: a file that opens never pays for the assistant (nor the demo builder).
        from nassij_desktop.ui.startup.assistant import FirstRunAssistant

        while True:
            assistant = FirstRunAssistant(parent, ask_language=ask_language)
            if choice is not None:
                assistant.choice_page.select(choice)
            accepted = assistant.exec() == FirstRunAssistant.DialogCode.Accepted
            path, credentials = assistant.result_path, assistant.result_credentials
            server_url = assistant.result_server
            assistant.deleteLater()
            if accepted and server_url is not None:
                if self.open_server(server_url, parent, credentials=credentials):
                    return True
                ask_language = False
                continue
            if not accepted or path is None:
                return False
            if self.open_file(path, parent, credentials=credentials):
                return True
            ask_language = False  # chosen already: straight back to what to open

    # --- files -------------------------------------------------------------------------------

    def open_file(
        self,
        path: Path,
        parent: QWidget | None = None,
        *,
        credentials: tuple[str, str] | None = None,
    ) -> bool:
        """Open, log in, and show the main window of `path` in place of the current one.
        `credentials`: the login and password just given in the assistant (signed in with
        them, as the login window would, instead of asking again)."""
        parent = parent or self.window
        path = Path(path).expanduser().resolve()
        if (
            self.opened is not None
            and not self.opened.on_server
            and self.opened.path == path
            and self.window is not None
        ):
            self.window.raise_()
            return True
        opened = open_association_file(path, parent)
        if opened is None:
            return False
        return self._sign_in_and_show(opened, parent, credentials, path)

    def open_server(
        self,
        url: sa.URL,
        parent: QWidget | None = None,
        *,
        credentials: tuple[str, str] | None = None,
    ) -> bool:
        """Open the shared database at `url` (its password, if typed, in it; else asked when
        this computer does not have it), log in, and show its window; the recent list keeps
        the URL without the password. `credentials`: the administrator just created there."""
        parent = parent or self.window
        opened = open_server_database(url, parent)
        if isinstance(opened, CreateOnServer):  # empty: the association is made there first
            return self.create_on_server(opened.url, parent)
        if opened is None:
            return False
        return self._sign_in_and_show(opened, parent, credentials, server.without_password(url))

    def connect_to_server(self) -> bool:
        """File ▸ Connect to a shared database…: the dialog, then the database; an empty
        database gets a new association first (the assistant's form, for the server)."""
        from nassij_desktop.ui.startup.server_dialog import ServerDialog

        dialog = ServerDialog(self.window)
        accepted = dialog.exec() == ServerDialog.DialogCode.Accepted
        url, create = dialog.result_url, dialog.result_create
        dialog.deleteLater()
        if not accepted or url is None:
            return False
        if create:
            return self.create_on_server(url)
        return self.open_server(url)

    def create_on_server(self, url: sa.URL, parent: QWidget | None = None) -> bool:
        """A new association in the server's empty database at `url`: the first-run
        assistant's form and administrator's account, then the database opens signed in."""
        from nassij_desktop.ui.startup.assistant import FirstRunAssistant

        parent = parent or self.window
        assistant = FirstRunAssistant(parent, ask_language=False, server=url)
        accepted = assistant.exec() == FirstRunAssistant.DialogCode.Accepted
        created, credentials = assistant.result_server, assistant.result_credentials
        assistant.deleteLater()
        if not accepted or created is None:
            return False
        return self.open_server(created, parent, credentials=credentials)

    def move_to_server(self) -> bool:
        """File ▸ Move this association to a shared database…: the dialog copies the open file
        into a server's empty database; "Open it now" opens it there (the file stays)."""
        from nassij_desktop.ui.shell.move_dialog import MoveDialog

        if self.window is None or self.opened is None or self.opened.on_server:
            return False
        context = self.window.context
        dialog = MoveDialog(context.database, context.actor, self.window)
        accepted = dialog.exec() == MoveDialog.DialogCode.Accepted
        url = dialog.result_url
        dialog.deleteLater()
        return accepted and url is not None and self.open_server(url)

    def _sign_in_and_show(
        self,
        opened: OpenedFile,
        parent: QWidget | None,
        credentials: tuple[str, str] | None,
        recent: Recent,
    ) -> bool:
        credentials = credentials or opened.credentials  # a protected file's: typed once
        answer = _signed_in(opened.database, credentials) if credentials else None
        if answer is None:
            # While the user types, once the login window is painted.
            QTimer.singleShot(PREPARE_AFTER_MS, _prepare_window)
        answer = answer or login(opened.database, parent)
        if answer is None:
            opened.close()
            return False
        actor, user_name = answer
        window = MainWindow(AppContext(opened.database, actor, user_name))
        self._connect(window)
        previous_window, previous_file = self.window, self.opened
        self.opened, self.window = opened, window
        window.show()  # before the old one closes, so there is always a window
        # After an update, its note, once the window is painted (never in --measure-startup,
        # which shows its window without the shell).
        QTimer.singleShot(0, window, window.show_whats_new_after_update)
        self._close(previous_window, previous_file)
        add_recent(recent)
        return True

    def _connect(self, window: MainWindow) -> None:
        window.new_requested.connect(self.new_file)
        window.open_requested.connect(self.choose_and_open)
        window.open_path_requested.connect(lambda p: self.open_target(recent_entry(p)))
        window.connect_requested.connect(self.connect_to_server)
        window.move_requested.connect(self.move_to_server)
        window.restore_requested.connect(self.restore_backup)
        window.restore_path_requested.connect(lambda p: self.restore_from(Path(p)))
        window.protection_requested.connect(self.change_protection)
        window.closed.connect(lambda w=window: self._window_closed(w))

    def _window_closed(self, window: MainWindow) -> None:
        # The user closed the current window (not one being replaced): the application ends.
        if window is self.window:
            self.close()
            QCoreApplication.quit()

    @staticmethod
    def _close(window: MainWindow | None, opened: OpenedFile | None) -> None:
        if window is not None:
            window.closed.disconnect()
            window.close()
            window.deleteLater()
        if opened is not None:
            opened.close()

    def close(self) -> None:
        window, opened = self.window, self.opened
        self.window, self.opened = None, None
        self._close(window, opened)

    def new_file(self) -> None:
        from nassij_desktop.ui.startup.assistant import Choice

        self.run_assistant(ask_language=False, choice=Choice.NEW, parent=self.window)

    def choose_and_open(self) -> None:
        # The first time, beside the open file (or where the app keeps the files it creates).
        on_file = self.opened is not None and not self.opened.on_server
        folder = self.opened.path.parent if self.opened and on_file else paths.data_dir()
        source = ask_open_path(
            self.window, FileKind.ASSOCIATION, _("Open an association file"), fallback=folder
        )
        if source is not None:
            self.open_file(source)

    def restore_backup(self) -> None:
        if self.opened is None or self.window is None:
            return
        # The first time, the copies the app makes itself before an update.
        source = ask_open_path(
            self.window, FileKind.BACKUPS, _("Restore a backup"), fallback=paths.backup_dir()
        )
        if source is not None:
            self.restore_from(source)

    def restore_from(self, source: Path) -> Operation[Path | None] | None:
        """Replace the open file by the backup `source`, after the user confirms, on a worker;
        the restored file is then opened in a new window. None: nothing was started."""
        if self.opened is None or self.window is None or self.opened.on_server:
            return None
        target = self.opened.path
        if not dialogs.confirm(
            self.window,
            _("Restore a backup"),
            _("The open file will be replaced by the backup {backup}.").format(
                backup=isolate(str(source), "ltr")
            ),
            _("Restore"),
            details=_(
                "The current file is backed up first, in {folder}, so that nothing is lost."
            ).format(folder=isolate(str(paths.backup_dir()), "ltr")),
            warning=True,
        ):
            return None
        window, opened = self.window, self.opened
        actor = window.context.actor
        window.save_state()

        def work(progress: Progress) -> Path | None:
            opened.database.close()  # the restore replaces the file under it
            return restore(source, target, actor=actor)

        # The dialog at once: nothing in the window may reopen the file while it is replaced.
        # On a refusal the file was not touched, and the window goes on with it.
        operation = Operation(
            window, work, label=_("Restoring the backup…"), show_after_ms=0
        ).success(lambda safety: self._restored(window, opened, source, target, safety))
        return operation if operation.run_in_background() else None

    def _restored(
        self,
        window: MainWindow,
        opened: OpenedFile,
        source: Path,
        target: Path,
        safety: Path | None,
    ) -> None:
        # The backup may hold other accounts: log in again on the restored file.
        window.back_up_on_close = False  # its database was closed for the restore
        if self.window is window:
            self.opened, self.window = None, None
        self._close(window, opened)
        if not self.open_file(target):
            QCoreApplication.quit()  # nothing left open (the error was shown)
            return
        if safety is not None:
            dialogs.show_info(
                self.window,
                _("The backup was restored. The file as it was before is kept in {path}.").format(
                    path=isolate(str(safety), "ltr")
                ),
            )
        log.info("restored %s from %s", target, source)

    # --- password protection ---------------------------------------------------------------

    def change_protection(self) -> Operation[None] | None:
        """Protect the open file with the users' passwords, or remove the protection, after
        the dialog (ui/shell/protection.py); None: nothing was started. As a restore: a backup,
        the file closed, converted on a worker (never written over while open: a new file is
        moved into place), then opened again, which asks the password of a protected file."""
        from nassij_desktop.ui.shell.protection import ProtectionDialog

        if self.opened is None or self.window is None:
            return None
        window, opened = self.window, self.opened
        database = opened.database
        protect = not database.encrypted
        dialog = ProtectionDialog(window.context, protect=protect, parent=window)
        accepted = dialog.exec() == ProtectionDialog.DialogCode.Accepted
        password, key = dialog.password, database.key
        dialog.deleteLater()
        if not accepted:
            return None
        actor = window.context.actor
        target = opened.path
        window.save_state()

        def work(progress: Progress) -> None:
            progress.step(0, None, _("Backing up the file…"))
            automatic_backup(database, "before-protection", progress=progress)
            # The last moment to stop: from here the window's file is closed and converted.
            progress.step(0, None, _("Converting the file…"))
            database.close()  # converted beside it, then moved over it
            if protect:
                assert password is not None
                encryption.encrypt_file(target, actor, actor.login, password)
            else:
                assert key is not None
                encryption.remove_protection(target, actor, key)

        # As a restore: on a refusal the file was not touched (the conversion is made beside
        # it), and the window goes on with it.
        label = _("Protecting the file…") if protect else _("Removing the protection…")
        operation = Operation(window, work, label=label, show_after_ms=0).success(
            lambda _none: self._reopen_converted(window, opened, target, protect)
        )
        return operation if operation.run_in_background() else None

    def _reopen_converted(
        self, window: MainWindow, opened: OpenedFile, target: Path, protected: bool
    ) -> None:
        window.back_up_on_close = False  # its database was closed for the conversion
        if self.window is window:
            self.opened, self.window = None, None
        self._close(window, opened)
        # The key is forgotten: the file opens as it will tomorrow, with a password.
        encryption.forget_keys()
        if not self.open_file(target):
            QCoreApplication.quit()  # nothing left open (the error was shown)
            return
        dialogs.show_info(
            self.window,
            _("The file is now protected by the users' passwords.")
            if protected
            else _("The file is no longer protected by a password."),
        )
        log.info("%s %s", "protected" if protected else "unprotected", target)


def _prepare_window() -> None:
    try:
        prepare_window()
    except Exception:  # the window's own build reports it, in its sentence
        log.exception("preparing the main window failed")


def _signed_in(database: Database, credentials: tuple[str, str]) -> tuple[Actor, str] | None:
    """Sign in (recorded, audited) with what the assistant was given; None if that fails, and
    the login window asks."""
    try:
        signed_in = check_credentials(database, *credentials)
    except NassijError:
        return None
    return signed_in.actor, signed_in.name
