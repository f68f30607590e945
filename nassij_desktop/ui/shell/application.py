"""Start-up: the QApplication with fonts, style and language; then the last file or the
first-run assistant; then the event loop."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from nassij_desktop import __version__, paths
from nassij_desktop.ui.common.fonts import apply_application_font
from nassij_desktop.ui.common.language import apply_language
from nassij_desktop.ui.common.palette import apply_style
from nassij_desktop.ui.common.preferences import saved_language
from nassij_desktop.ui.shell.controller import Shell
from nassij_desktop.ui.shell.excepthook import install_exception_hook
from nassij_desktop.ui.shell.recent import recent_entry

APPLICATION_NAME = "Nassij Desktop"
# The window's icon (title bar, task bar, Alt+Tab): copies of packaging/icons' PNGs, in the
# package so that the wheel and the bundle carry them.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
ORGANISATION_NAME = "Nassij"


def application_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(paths.resource("app-icon", f"nassij-{size}.png")))
    return icon


class Application(QApplication):
    """The application object. macOS hands a file double-clicked in the Finder (or dropped on
    the Dock icon) to the running program as a QFileOpenEvent sent to this object, not in
    argv: it comes out as `file_requested(path)`. (Overriding `event` here, not an event
    filter on the application, which would run Python for every event of every widget.)"""

    file_requested = Signal(str)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            self.file_requested.emit(event.file())
            return True
        return super().event(event)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The application object, set up once (tests get pytest-qt's and set it up the same)."""
    existing = QApplication.instance()
    if existing is None:
        # Fractional scaling (125 %, 150 % on Windows laptops) without blurry rounding.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
    app = existing if isinstance(existing, QApplication) else Application(argv or sys.argv)
    QCoreApplication.setApplicationName(APPLICATION_NAME)
    QCoreApplication.setOrganizationName(ORGANISATION_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    # Wayland and the task bars group the windows under the .desktop file of this name.
    QGuiApplication.setDesktopFileName("nassij-desktop")
    QGuiApplication.setWindowIcon(application_icon())
    apply_style(app)
    apply_application_font(app)
    apply_language(saved_language(), app)
    return app


def run(argv: list[str] | None = None, *, file: str | None = None) -> int:
    app = create_application(argv)
    install_exception_hook()
    # The shell quits when the user closes the window, not when a window closes while
    # another file replaces it.
    app.setQuitOnLastWindowClosed(False)
    shell = Shell(app)
    # A file's path, or a shared database's URL (postgresql+psycopg://user@host:port/db);
    # on macOS, a file the Finder launched the program for arrives with the first events
    # (elsewhere never: those events wait for the window, as they always did).
    requested: list[str] = []
    if isinstance(app, Application):
        app.file_requested.connect(requested.append)
        if sys.platform == "darwin":
            app.processEvents()
    start = recent_entry(file) if file else (Path(requested[-1]) if requested else None)
    if not shell.start(start):
        shell.close()
        return 0
    if isinstance(app, Application):
        app.file_requested.disconnect(requested.append)
        follow_file_requests(app, shell)
    try:
        return app.exec()
    finally:
        shell.close()


def follow_file_requests(app: Application, shell: Shell) -> None:
    """Each file the system asks the running program to open (macOS) opens in place of the
    current one, as File ▸ Open does; queued, so that its dialogs run outside the event."""
    app.file_requested.connect(
        lambda path: shell.open_file(Path(path)), Qt.ConnectionType.QueuedConnection
    )
