"""Start-up of the desktop application: open the default file and show the main window.

The full shell (first-run assistant, navigation, pages) comes with the desktop issue; this
window already opens the real database and reports problems in a dialog, never a traceback.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from nassij_desktop import paths
from nassij_desktop.core.association.services import get_association, has_association
from nassij_desktop.core.common.errors import NassijError
from nassij_desktop.i18n import LANGUAGES, _, is_rtl, set_language
from nassij_desktop.storage import Database, open_database


class PlaceholderWindow(QMainWindow):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
        self.setWindowTitle(_("Nassij Desktop"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.title = QLabel(central)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 20pt;")
        self.details = QLabel(central)
        self.details.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details.setWordWrap(True)
        layout.addStretch()
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addStretch()
        self.setCentralWidget(central)
        self.resize(820, 520)
        self.refresh()

    def refresh(self) -> None:
        with self.database.session() as session:
            if has_association(session):
                association = get_association(session)
                self.title.setText(association.name_ar)
                self.details.setText(association.name_fr)
            else:
                self.title.setText(_("Welcome to Nassij Desktop"))
                self.details.setText(
                    _("This file has no association yet. The set-up assistant comes next.")
                )
        # A path reads left to right even in an Arabic window: isolate it (LRI … PDI).
        self.statusBar().showMessage(f"\u2066{self.database.path or self.database.url}\u2069")


def _language() -> str:
    lang = os.environ.get("NASSIJ_LANG", "ar")
    return lang if lang in LANGUAGES else "ar"


def run(argv: list[str] | None = None) -> int:
    lang = _language()
    set_language(lang)
    app = QApplication.instance() or QApplication(argv or sys.argv)
    app.setApplicationName("Nassij Desktop")
    QLocale.setDefault(QLocale(lang))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
    )
    try:
        database = open_database(paths.default_database())
    except NassijError as exc:
        QMessageBox.critical(None, _("Nassij Desktop"), str(exc))
        return 1
    window = PlaceholderWindow(database)
    window.show()
    try:
        return app.exec()
    finally:
        database.close()
